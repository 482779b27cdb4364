/**
 * Builds the engine's input from what the record holds about a patient: the profile (patients row,
 * patient_conditions, patient_medications) and the requested concerns. Pure: the caller passes the
 * dates (clinic-local) and the profile it read.
 */
import { daysBetween } from "../protocol/calendar-date.ts";
import type { ConcernInput, ConditionInput, MedicationInput, ScreeningInput } from "../protocol/types.ts";

export interface ProfilePatient {
  dateOfBirth: string;
  sex: "female" | "male" | "other" | "unknown";
  pregnant: boolean | null;
  breastfeeding: boolean | null;
  deliveryDate: string | null;
  fitzpatrick: string | null;
}

export interface ProfileCondition {
  conditionId: string | null;
  status: "active" | "resolved" | "history";
  inTreatmentArea: boolean;
  site: string | null;
  severity: string | null;
  onset: string | null;
  resolved: string | null;
  label: string;
}

export interface ProfileMedication {
  ingredient: string;
  product: string | null;
  route: string;
  prescribed: boolean;
  ongoing: boolean;
  lastTaken: string | null;
  started: string | null;
}

export interface Profile {
  patient: ProfilePatient;
  conditions: ProfileCondition[];
  medications: ProfileMedication[];
}

/** Whole years of age on `date`. */
export function ageOn(dateOfBirth: string, date: string): number {
  const [by, bm, bd] = dateOfBirth.split("-").map(Number) as [number, number, number];
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  let age = y - by;
  if (m < bm || (m === bm && d < bd)) age -= 1;
  return Math.max(0, age);
}

/**
 * The engine's input. A condition the protocol does not name is left out (the engine matches on
 * ids only; it stays in the record for a clinician). An unknown skin type is read as the darkest
 * type, whose caution is the stricter one, so a missing answer never hides a caution.
 */
export function profileToScreeningInput(
  profile: Profile,
  concerns: ConcernInput[],
  screeningDate: string,
  requestedAppointment: string,
): ScreeningInput {
  const male = profile.patient.sex === "male";
  const conditions: ConditionInput[] = profile.conditions
    .filter((c): c is ProfileCondition & { conditionId: string } => c.conditionId !== null)
    .map((c) => ({
      conditionId: c.conditionId,
      status: c.status,
      inTreatmentArea: c.inTreatmentArea,
      onset: c.onset,
      resolved: c.resolved,
      severity: c.severity,
      site: c.site,
    }));
  const medications: MedicationInput[] = profile.medications.map((m) => ({
    ingredient: m.ingredient,
    product: m.product,
    route: m.route,
    prescribed: m.prescribed,
    ongoing: m.ongoing,
    lastTaken: m.ongoing ? null : m.lastTaken,
    started: m.started && daysBetween(m.started, screeningDate) >= 0 ? m.started : null,
  }));
  return {
    screeningDate,
    requestedAppointment,
    patient: {
      age: ageOn(profile.patient.dateOfBirth, screeningDate),
      sex: profile.patient.sex,
      // Unknown pregnancy for someone who could be pregnant is not "no": ask, and until then the
      // answer on file is used; a missing answer is read as false only for the male sex (null).
      pregnant: male ? (profile.patient.pregnant ?? null) : (profile.patient.pregnant ?? false),
      breastfeeding: male
        ? (profile.patient.breastfeeding ?? null)
        : (profile.patient.breastfeeding ?? false),
      fitzpatrick: profile.patient.fitzpatrick ?? "VI",
      deliveryDate: profile.patient.deliveryDate,
    },
    conditions,
    medications,
    request: { setting: "clinic", concerns },
  };
}
