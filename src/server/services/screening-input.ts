/**
 * Builds the engine's screening input from a patient's stored clinical profile and the staff
 * member's request, and says which part of the request or the profile a validation error is about.
 * Pure: the caller passes today's date in the clinic's time zone.
 */
import type {
  ProfileCondition,
  ProfileMedication,
  ProfilePatient,
} from "../../db/repositories/screening-profile.repository.ts";
import type { Protocol } from "../../domain/protocol/types.ts";
import type { InputError } from "../../domain/protocol/validate-input.ts";
import { ageOn } from "../../domain/record/screening-input.ts";

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

/** Recorded facts the protocol cannot read, listed for a clinician rather than dropped. */
export interface ReviewNote {
  kind: "condition-not-in-protocol";
  recordId: string;
  label: string;
}

export interface BuiltInput {
  input: Record<string, unknown>;
  reviewNotes: ReviewNote[];
  /** Engine path -> where it came from: `body.*` for the request, `profile.*` for stored records. */
  sourceOf(field: string): { where: "body" | "profile"; field: string };
}

export function buildScreeningInput(
  protocol: Protocol,
  patient: ProfilePatient,
  conditions: ProfileCondition[],
  medications: ProfileMedication[],
  body: ScreeningRequestBody,
  today: string,
): BuiltInput {
  const screeningDate = body.screeningDate === undefined ? today : body.screeningDate;
  const known = new Set(protocol.conditions.map((c) => c.id));
  const reviewNotes: ReviewNote[] = [];
  const used: ProfileCondition[] = [];
  for (const c of conditions) {
    if (c.conditionId !== null && known.has(c.conditionId)) used.push(c);
    else reviewNotes.push({ kind: "condition-not-in-protocol", recordId: c.id, label: c.label });
  }
  const asked = body.patient ?? {};
  const pick = <K extends keyof ProfilePatient & keyof NonNullable<ScreeningRequestBody["patient"]>>(
    key: K,
  ) => (asked[key] !== undefined ? asked[key] : patient[key]);
  const age = typeof screeningDate === "string" ? ageOn(patient.dateOfBirth, screeningDate) : 0;
  const input: Record<string, unknown> = {
    screeningDate,
    requestedAppointment: body.requestedAppointment,
    patient: {
      age,
      sex: patient.sex,
      pregnant: pick("pregnant"),
      breastfeeding: pick("breastfeeding"),
      fitzpatrick: pick("fitzpatrick") ?? undefined,
      deliveryDate: pick("deliveryDate"),
    },
    conditions: used.map((c) => ({
      conditionId: c.conditionId,
      status: c.status,
      inTreatmentArea: c.inTreatmentArea,
      onset: c.onset,
      resolved: c.resolved,
      severity: c.severity,
      label: c.label,
      icd10cm: c.icd10cm,
      site: c.site,
    })),
    medications: medications.map((m) => ({
      ingredient: m.ingredient,
      route: m.route,
      prescribed: m.prescribed,
      ongoing: m.ongoing,
      lastTaken: m.lastTaken,
      product: m.product,
      rxnorm: m.rxnorm,
      indication: m.indication,
      started: m.started,
    })),
    request: body.request,
  };
  return {
    input,
    reviewNotes,
    sourceOf(field) {
      const top = field.split(/[.[]/)[0] ?? field;
      if (top === "conditions" || top === "medications") {
        // Name the stored record, not its position in a list the caller never saw.
        const m = /^(conditions|medications)\[(\d+)\](.*)$/.exec(field);
        const list = m?.[1] === "conditions" ? used : medications;
        const record = m ? list[Number(m[2])] : undefined;
        return {
          where: "profile",
          field: record ? `profile.${m?.[1]}.${record.id}${m?.[3] ?? ""}` : `profile.${field}`,
        };
      }
      if (top === "patient") {
        const key = field.slice("patient.".length);
        if (key === "age") return { where: "body", field: "body.screeningDate" };
        // Asked today, or missing from the record (then it has to be asked): either way the request.
        return { where: "body", field: `body.${field}` };
      }
      return { where: "body", field: `body.${field}` };
    },
  };
}

/** The message to show for an engine validation error, given where the value came from. */
export function describeInputError(built: BuiltInput, error: InputError): { field: string; message: string } {
  const { field } = built.sourceOf(error.field);
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
