/**
 * The shapes of the records Remodel stores, as the repositories read and write them and as the
 * interchange layer (src/fhir) maps them. Declared once here because db and fhir may not import
 * each other but may both import domain. Plain types: no behaviour, no I/O.
 */

export type PatientSex = "female" | "male" | "other" | "unknown";

/** The demographics a patient record carries (what an import may write). */
export interface PatientFields {
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  sex: PatientSex;
  email: string | null;
  phone: string | null;
}

export interface PatientIdentifier {
  system: string;
  value: string;
}

export interface PatientRecord extends PatientFields {
  id: string;
  fitzpatrick: string | null;
  pregnant: boolean | null;
  breastfeeding: boolean | null;
  deliveryDate: string | null;
  updatedAt: Date;
  identifiers: PatientIdentifier[];
}

export interface WorkingHours {
  locationId: string;
  /** ISO weekday, 1 = Monday. */
  weekday: number;
  /** "HH:MM:SS", clinic-local wall-clock time at the location. */
  starts: string;
  ends: string;
  timeZone: string;
}

/** A provider or owner (the staff who treat), with their weekly working hours. */
export interface ProviderRecord {
  id: string;
  clinicId: string;
  name: string;
  email: string;
  role: string;
  credential: string | null;
  maxNeedleDepthMm: number | null;
  active: boolean;
  hours: WorkingHours[];
}

export interface ClinicRecord {
  id: string;
  name: string;
  phone: string | null;
  email: string | null;
}

export interface LocationRecord {
  id: string;
  clinicId: string;
  name: string;
  address: string | null;
  timeZone: string;
}

export type AppointmentStatus = "booked" | "checked_in" | "completed" | "cancelled" | "no_show";

export interface AppointmentRecord {
  id: string;
  patientId: string;
  providerId: string | null;
  locationId: string;
  typeName: string;
  typeKind: string;
  status: AppointmentStatus;
  startsAt: Date;
  endsAt: Date;
  createdAt: Date;
}

/** A span in which a provider is taken: an appointment (held ones too) or time off. */
export interface ProviderBusyRecord {
  providerId: string;
  start: Date;
  end: Date;
  kind: "appointment" | "time-off";
}

/** Which record of the patient's a row belongs to, and when it last changed. */
interface OfPatient {
  id: string;
  patientId: string;
  updatedAt: Date;
}

export type ConditionStatus = "active" | "resolved" | "history";

/** A condition as stored in patient_conditions (without its id and owner). */
export interface ConditionFields {
  conditionId: string | null;
  label: string;
  icd10cm: string | null;
  snomed: string | null;
  status: ConditionStatus;
  inTreatmentArea: boolean;
  site: string | null;
  severity: string | null;
  onset: string | null;
  resolved: string | null;
}

export interface ConditionRecord extends OfPatient, ConditionFields {
  /** Where it is, by treatment zone ("not-sure" or "elsewhere" alone); null when not placed. */
  zones: string[] | null;
}

/** A medication as stored in patient_medications (without its id and owner). */
export interface MedicationFields {
  ingredient: string;
  product: string | null;
  rxnorm: string | null;
  route: string;
  prescribed: boolean;
  ongoing: boolean;
  lastTaken: string | null;
  started: string | null;
  indication: string | null;
}

export interface MedicationRecord extends OfPatient, MedicationFields {}

export interface AllergyCoding {
  system: string | null;
  code: string | null;
  display: string | null;
}

/** An allergy or intolerance as stored in patient_allergies (without its id and owner). */
export interface AllergyFields {
  conditionId: string | null;
  label: string;
  codings: AllergyCoding[];
  category: string | null;
  kind: string | null;
  criticality: string | null;
  clinicalStatus: "active" | "inactive" | "resolved";
  verificationStatus: "unconfirmed" | "confirmed";
  onset: string | null;
  recordedOn: string | null;
}

export interface AllergyRecord extends OfPatient, AllergyFields {}

/** What an upsert keyed by its source did. */
export type UpsertResult = "created" | "updated" | "unchanged";

export interface ConsentRecord {
  id: string;
  patientId: string;
  kind: string;
  photoScope: string | null;
  templateVersion: number;
  signedAt: Date;
}

export interface ChartRecord {
  id: string;
  patientId: string;
  providerId: string;
  appointmentId: string | null;
  status: string;
  sessionDate: string;
  deviceId: string | null;
  zones: unknown;
  endpoint: string | null;
}

export interface IntakeRecord {
  id: string;
  patientId: string;
  version: number;
  answers: unknown;
  protocolVersion: string;
  submittedAt: Date;
  submittedBy: string;
  /** Set when the patient submitted it from the portal (their own account). */
  submitterPatientId: string | null;
}

export interface PlanRecord {
  id: string;
  patientId: string;
  createdBy: string;
  concerns: unknown;
  zones: unknown;
  sessions: number;
  intervalWeeks: number;
  maintenanceMonths: number | null;
  priceCents: number;
  protocolVersion: string;
  status: "proposed" | "accepted" | "withdrawn";
  createdAt: Date;
  acceptedAt: Date | null;
}

/**
 * One observation, in one list: pregnancy status and Fitzpatrick type (derived from the patient's
 * record) and outcome scores.
 */
export interface ObservationRecord {
  kind: "pregnancy" | "fitzpatrick" | "outcome";
  /** The patient id for derived kinds, the score's id for outcomes. */
  id: string;
  patientId: string;
  pregnant: boolean | null;
  fitzpatrick: string | null;
  scaleId: string | null;
  rater: "clinician" | "patient" | null;
  value: number | null;
  recordedOn: string | null;
  recordedBy: string | null;
  planId: string | null;
  chartId: string | null;
  updatedAt: Date;
}

/** A document: a photo or a signed consent PDF. */
export interface DocumentRecord {
  kind: "photo" | "consent";
  id: string;
  patientId: string;
  createdAt: Date;
  /** photo: the view; consent: the consent kind (microneedling, photo). */
  label: string;
  /** photo: the scope of the consent it was taken under; consent: the photo scope signed, if any. */
  scope: string | null;
  consentId: string | null;
  day: string;
  chartId: string | null;
  templateVersion: number | null;
}

export interface AuditRecord {
  id: number;
  at: Date;
  actorUserId: string | null;
  actorRole: string | null;
  action: string;
  resourceType: string;
  resourceId: string | null;
  patientId: string | null;
  ip: string | null;
  userAgent: string | null;
}
