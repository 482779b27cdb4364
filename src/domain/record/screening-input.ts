/**
 * Builds the engine's input from what the record holds about a patient (the profile: patients row,
 * patient_conditions, patient_medications) plus what was asked today and what is requested. One
 * builder serves the screening API and the clinical record (consultation, day-of re-screen), so a
 * missing answer is read the same way everywhere. Pure: the caller passes the dates.
 *
 * The policy, when the record is silent or says something the protocol cannot read, is the safer
 * one: nothing is assumed that could make a patient look eligible.
 * - pregnancy and breastfeeding: the answer asked today, else the one on file; a missing answer
 *   stays missing, and the engine's input check then asks for it (unless the sex on file is male);
 * - skin type: asked today, else on file; missing stays missing and is asked for (never guessed);
 * - a condition the protocol does not name is kept out of the engine's input (it matches on ids)
 *   and listed as a review note: the decision then needs a clinician's review;
 * - a medication recorded as ongoing is read as taken now, whatever last-taken date it also has.
 */
import { screenPatient } from "../protocol/screen-patient.ts";
import type { ConcernInput, Protocol, ScreeningInput, ScreeningOutput } from "../protocol/types.ts";
import { type InputError, validateScreeningInput } from "../protocol/validate-input.ts";
import { conditionInArea } from "./area.ts";
import type {
  Profile,
  ProfileCondition,
  ProfileMedication,
  ProfilePatient,
  RecordedCondition,
  RecordedMedication,
} from "./clinical-profile.ts";

export type {
  Profile,
  ProfileCondition,
  ProfileMedication,
  ProfilePatient,
  RecordedCondition,
  RecordedMedication,
};

/** Answers about the patient's state asked today; each one given replaces the record's. */
export interface AskedToday {
  pregnant?: boolean | null | undefined;
  breastfeeding?: boolean | null | undefined;
  deliveryDate?: string | null | undefined;
  fitzpatrick?: string | null | undefined;
}

/** What the caller screens for. Values may be unchecked (the API passes the request as sent). */
export interface ScreeningRequestParts {
  screeningDate: unknown;
  requestedAppointment: unknown;
  request: unknown;
  asked?: AskedToday | undefined;
}

/** Recorded facts the protocol cannot read, listed for a clinician rather than dropped. */
export interface ReviewNote {
  kind: "condition-not-in-protocol";
  recordId: string;
  label: string;
}

/** Where an engine input path came from: a profile record, the patient's state, or the request. */
export type InputSource =
  | { kind: "condition"; record: RecordedCondition; rest: string }
  | { kind: "medication"; record: RecordedMedication; rest: string }
  | { kind: "patient"; key: string }
  | { kind: "request"; field: string };

export interface BuiltScreeningInput {
  /** The engine's input, not yet checked: run it through validateScreeningInput. */
  input: Record<string, unknown>;
  reviewNotes: ReviewNote[];
  sourceOf(field: string): InputSource;
}

/** Every zone a (not yet checked) request asks to treat. */
function requestedZones(request: unknown): string[] {
  const concerns = (request as { concerns?: unknown } | null)?.concerns;
  if (!Array.isArray(concerns)) return [];
  return concerns.flatMap((c) => {
    const zones = (c as { zones?: unknown } | null)?.zones;
    return Array.isArray(zones) ? zones.filter((z): z is string => typeof z === "string") : [];
  });
}

/** Whole years of age on `date`. */
export function ageOn(dateOfBirth: string, date: string): number {
  const [by, bm, bd] = dateOfBirth.split("-").map(Number) as [number, number, number];
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  let age = y - by;
  if (m < bm || (m === bm && d < bd)) age -= 1;
  return Math.max(0, age);
}

export function buildScreeningInput(
  protocol: Protocol,
  profile: Profile,
  parts: ScreeningRequestParts,
): BuiltScreeningInput {
  const known = new Set(protocol.conditions.map((c) => c.id));
  const reviewNotes: ReviewNote[] = [];
  const used: RecordedCondition[] = [];
  for (const c of profile.conditions) {
    if (c.conditionId !== null && known.has(c.conditionId)) used.push(c);
    else reviewNotes.push({ kind: "condition-not-in-protocol", recordId: c.id, label: c.label });
  }
  const asked = parts.asked ?? {};
  const state = profile.patient;
  const pick = <K extends keyof AskedToday & keyof ProfilePatient>(key: K) =>
    asked[key] !== undefined ? asked[key] : state[key];
  const { screeningDate } = parts;
  const treated = requestedZones(parts.request);
  const input: Record<string, unknown> = {
    screeningDate,
    requestedAppointment: parts.requestedAppointment,
    patient: {
      age: typeof screeningDate === "string" ? ageOn(state.dateOfBirth, screeningDate) : 0,
      sex: state.sex,
      pregnant: pick("pregnant") ?? null,
      breastfeeding: pick("breastfeeding") ?? null,
      fitzpatrick: pick("fitzpatrick") ?? undefined,
      deliveryDate: pick("deliveryDate") ?? null,
    },
    conditions: used.map((c) => ({
      conditionId: c.conditionId,
      status: c.status,
      inTreatmentArea: c.zones && c.zones.length > 0 ? conditionInArea(c.zones, treated) : c.inTreatmentArea,
      onset: c.onset,
      resolved: c.resolved,
      severity: c.severity,
      label: c.label,
      icd10cm: c.icd10cm ?? null,
      site: c.site,
    })),
    medications: profile.medications.map((m) => ({
      ingredient: m.ingredient,
      route: m.route,
      prescribed: m.prescribed,
      ongoing: m.ongoing,
      lastTaken: m.ongoing ? null : m.lastTaken,
      product: m.product,
      rxnorm: m.rxnorm ?? null,
      indication: m.indication ?? null,
      started: m.started,
    })),
    request: parts.request,
  };
  return {
    input,
    reviewNotes,
    sourceOf(field) {
      const m = /^(conditions|medications)\[(\d+)\](.*)$/.exec(field);
      if (m) {
        const rest = m[3] ?? "";
        if (m[1] === "conditions") {
          const record = used[Number(m[2])];
          if (record) return { kind: "condition", record, rest };
        } else {
          const record = profile.medications[Number(m[2])];
          if (record) return { kind: "medication", record, rest };
        }
      }
      if (field.startsWith("patient.")) return { kind: "patient", key: field.slice("patient.".length) };
      return { kind: "request", field };
    },
  };
}

/** A source as a path a reader can follow: a record by its id, the patient's state, the request. */
export function sourcePath(source: InputSource): string {
  switch (source.kind) {
    case "condition":
      return `conditions.${source.record.id}${source.rest}`;
    case "medication":
      return `medications.${source.record.id}${source.rest}`;
    case "patient":
      return `patient.${source.key}`;
    case "request":
      return source.field;
  }
}

export type ProfileScreening =
  | { ok: true; input: ScreeningInput; decision: ScreeningOutput; reviewNotes: ReviewNote[] }
  | { ok: false; error: InputError; source: InputSource };

/**
 * Screens a patient's profile for the clinical record: the engine's decision under the given
 * protocol, needing review when the record holds something the protocol cannot read; or the first
 * input problem with where it came from (a missing answer is a problem: it has to be asked).
 */
export function screenProfile(
  protocol: Protocol,
  profile: Profile,
  concerns: ConcernInput[],
  screeningDate: string,
  requestedAppointment: string,
  asked?: AskedToday,
): ProfileScreening {
  const built = buildScreeningInput(protocol, profile, {
    screeningDate,
    requestedAppointment,
    request: { setting: "clinic", concerns },
    asked,
  });
  const valid = validateScreeningInput(built.input, protocol);
  if (!valid.ok) return { ok: false, error: valid.error, source: built.sourceOf(valid.error.field) };
  const output = screenPatient(valid.value, protocol);
  const decision =
    built.reviewNotes.length > 0 && !output.requiresReview ? { ...output, requiresReview: true } : output;
  return { ok: true, input: valid.value, decision, reviewNotes: built.reviewNotes };
}
