/**
 * The screening API's side of the one input builder (src/domain/record/screening-input.ts): the
 * request body it takes, and which part of the request or the stored profile a validation error is
 * about, in the API's field names.
 */
import type { Tx } from "../../db/pool.ts";
import { listMedicationReviews } from "../../db/repositories/chart.repository.ts";
import { listProfileMedications } from "../../db/repositories/clinical-profile.repository.ts";
import { buildMedicationIndex, resolveMedication } from "../../domain/protocol/medications.ts";
import type { Protocol } from "../../domain/protocol/types.ts";
import type { InputError } from "../../domain/protocol/validate-input.ts";
import { type AppliedReview, applyMedicationReviews } from "../../domain/record/medication-review.ts";
import {
  type BuiltScreeningInput,
  type RecordedMedication,
  type ReviewNote,
  sourcePath,
} from "../../domain/record/screening-input.ts";

export type { ReviewNote };

/** What the staff member sends: the request, and the patient's state where asked today. */
export interface ScreeningRequestBody {
  screeningDate?: unknown;
  requestedAppointment?: unknown;
  request?: unknown;
  patient?: {
    pregnant?: boolean | null;
    breastfeeding?: boolean | null;
    deliveryDate?: string | null;
    fitzpatrick?: string | null;
  };
}

/**
 * The API field an engine input path stands for: `body.*` for the request, `profile.*` for stored
 * records.
 */
export function apiField(
  built: BuiltScreeningInput,
  field: string,
): { where: "body" | "profile"; field: string } {
  const source = built.sourceOf(field);
  // A stored record is named by its id, not by its position in a list the caller never saw.
  if (source.kind === "condition" || source.kind === "medication")
    return { where: "profile", field: `profile.${sourcePath(source)}` };
  // Asked today, or missing from the record (then it has to be asked): either way the request.
  if (source.kind === "patient" && source.key === "age")
    return { where: "body", field: "body.screeningDate" };
  if (/^(conditions|medications)\b/.test(field)) return { where: "profile", field: `profile.${field}` };
  return { where: "body", field: `body.${sourcePath(source)}` };
}

/** The message to show for an engine validation error, given where the value came from. */
export function describeInputError(
  built: BuiltScreeningInput,
  error: InputError,
): { field: string; message: string } {
  const { field } = apiField(built, error.field);
  if (error.field === "patient.age") {
    return { field, message: "is before the patient's date of birth" };
  }
  if (field.startsWith("body.patient.") && error.message === "is required") {
    return { field, message: "is not recorded for this patient: ask and send it with the request" };
  }
  if (
    /^body\.patient\.(pregnant|breastfeeding)$/.test(field) &&
    error.message.startsWith("must be true or false")
  ) {
    return { field, message: `${error.message}; not recorded for this patient: ask and send it` };
  }
  return { field, message: error.message };
}

/**
 * The patient's medicines as the record screens them, with the clinician's reviews applied: the one
 * reading shared by the consultation and the day-of re-screen. A review stands only for a medicine
 * the protocol does not recognise; a recognised one (an anticoagulant above all) is screened as
 * itself whatever a review of its name says.
 */
export async function reviewedMedications(
  tx: Tx,
  protocol: Protocol,
  patientId: string,
  extra: readonly RecordedMedication[] = [],
): Promise<{ medications: RecordedMedication[]; applied: AppliedReview[] }> {
  const index = buildMedicationIndex(protocol);
  const all = [...(await listProfileMedications(tx, patientId)), ...extra];
  const recognised = (m: RecordedMedication) => resolveMedication(m, index).classIds.length > 0;
  const reviewed = applyMedicationReviews(
    all.filter((m) => !recognised(m)),
    await listMedicationReviews(tx, patientId),
    protocol,
  );
  // The record's order is kept: each unrecognised medicine is replaced by its reviewed reading.
  const byId = new Map<string, RecordedMedication>(reviewed.medications.map((m) => [m.id, m]));
  const medications = all.flatMap((m) => (recognised(m) ? [m] : byId.has(m.id) ? [byId.get(m.id)!] : []));
  return { medications, applied: reviewed.applied };
}
