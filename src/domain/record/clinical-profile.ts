/**
 * The clinical profile: what the record holds about a patient that screening reads (the patients
 * row's states, patient_conditions, patient_medications, and allergies that name a protocol
 * condition). One set of types, written by the one clinical-profile repository and read by the one
 * screening-input builder, so the record and the engine cannot drift apart.
 */
import type { MedicationFields } from "../stored-records.ts";

export interface ProfilePatient {
  dateOfBirth: string;
  sex: "female" | "male" | "other" | "unknown";
  pregnant: boolean | null;
  breastfeeding: boolean | null;
  deliveryDate: string | null;
  fitzpatrick: string | null;
}

/** A condition as the record writes it. */
export interface ProfileCondition {
  conditionId: string | null;
  status: "active" | "resolved" | "history";
  inTreatmentArea: boolean;
  /**
   * The zones the patient said it is on or near ("not-sure", "elsewhere" besides), when asked:
   * then the zones the screening asks for decide inTreatmentArea, not the stored flag.
   */
  zones?: string[] | null;
  site: string | null;
  severity: string | null;
  onset: string | null;
  resolved: string | null;
  label: string;
}

/** A medication as the record writes it. */
export interface ProfileMedication {
  ingredient: string;
  product: string | null;
  route: string;
  prescribed: boolean;
  ongoing: boolean;
  lastTaken: string | null;
  started: string | null;
}

/** A stored (or about to be stored) condition, named by an id a caller can point back to. */
export interface RecordedCondition extends ProfileCondition {
  id: string;
  icd10cm?: string | null;
}

export interface RecordedMedication extends ProfileMedication {
  id: string;
  rxnorm?: string | null;
  indication?: string | null;
}

export interface Profile {
  patient: ProfilePatient;
  conditions: RecordedCondition[];
  medications: RecordedMedication[];
}

/** Where a stored profile row came from: the intake, a staff member, an import. */
interface StoredRow {
  source: string;
  createdAt: Date;
}

/** The patient's profile states as stored, with the patient's id. */
export interface StoredProfilePatient extends ProfilePatient {
  id: string;
}

/** A condition as stored: every column the record keeps. */
export interface StoredCondition extends RecordedCondition, StoredRow {
  icd10cm: string | null;
  zones: string[] | null;
}

/** A medication as stored: every column the record keeps. */
export interface StoredMedication extends MedicationFields, StoredRow {
  id: string;
}

/** A condition a staff member adds: one the protocol names. */
export interface NewProfileCondition {
  conditionId: string;
  label: string;
  icd10cm: string | null;
  status: ProfileCondition["status"];
  inTreatmentArea: boolean;
  /** Where it is (treatment zones, "not-sure" or "elsewhere"); null when not placed. */
  zones: string[] | null;
  site: string | null;
  severity: string | null;
  onset: string | null;
  resolved: string | null;
}

export type NewProfileMedication = MedicationFields;
