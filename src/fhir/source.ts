/**
 * What the FHIR layer needs from storage, said in its own terms. src/fhir never imports src/db
 * (DESIGN.md: fhir may import domain only); the server hands it an object that satisfies these
 * interfaces, built from the repositories inside the request's clinic-scoped transaction
 * (src/server/services/fhir-source.ts). Every method is one query there.
 */
import type {
  AuditSearch,
  ByPatientSearch,
  CodedSearch,
  DocumentSearch,
  Found,
  ObservationSearch,
  Page,
  PatientSearch,
} from "../domain/record-search.ts";
import type {
  AllergyFields,
  AllergyRecord,
  AppointmentRecord,
  AuditRecord,
  ChartRecord,
  ClinicRecord,
  ConditionFields,
  ConditionRecord,
  ConsentRecord,
  DocumentRecord,
  IntakeRecord,
  LocationRecord,
  MedicationFields,
  MedicationRecord,
  ObservationRecord,
  PatientFields,
  PatientRecord,
  PlanRecord,
  ProviderBusyRecord,
  ProviderRecord,
  UpsertResult,
} from "../domain/stored-records.ts";

/** The reads behind search and read. */
export interface FhirReadSource {
  patients(q: PatientSearch, page: Page): Promise<Found<PatientRecord>>;
  /** Providers and owners (the staff who treat), with their working hours. */
  providers(ids: string[] | null, withHoursOnly: boolean, page: Page): Promise<Found<ProviderRecord>>;
  clinic(): Promise<ClinicRecord | null>;
  locations(ids: string[] | null, page: Page): Promise<Found<LocationRecord>>;
  appointments(q: ByPatientSearch, page: Page): Promise<Found<AppointmentRecord>>;
  conditions(q: CodedSearch, page: Page): Promise<Found<ConditionRecord>>;
  medications(q: CodedSearch, page: Page): Promise<Found<MedicationRecord>>;
  allergies(q: CodedSearch, page: Page): Promise<Found<AllergyRecord>>;
  consents(q: ByPatientSearch, page: Page): Promise<Found<ConsentRecord>>;
  charts(q: ByPatientSearch, page: Page): Promise<Found<ChartRecord>>;
  intakes(q: ByPatientSearch, page: Page): Promise<Found<IntakeRecord>>;
  plans(q: ByPatientSearch, page: Page): Promise<Found<PlanRecord>>;
  observations(q: ObservationSearch, page: Page): Promise<Found<ObservationRecord>>;
  documents(q: DocumentSearch, page: Page): Promise<Found<DocumentRecord>>;
  audit(q: AuditSearch, page: Page): Promise<Found<AuditRecord>>;
  /** Appointments and time off of these providers overlapping [from, to). */
  providerBusy(providerIds: string[], from: Date, to: Date): Promise<ProviderBusyRecord[]>;
}

/** The writes of an import, each keyed so that a re-import changes nothing. */
export interface FhirImportTarget {
  findPatientByIdentifier(system: string, value: string): Promise<string | null>;
  insertPatient(p: PatientFields): Promise<string>;
  /** false when nothing changed. */
  updatePatient(id: string, p: PatientFields): Promise<boolean>;
  /** Adds an identifier; returns the patient it names (another patient's when it was taken). */
  claimIdentifier(patientId: string, system: string, value: string): Promise<string>;
  upsertCondition(
    patientId: string,
    sourceRef: string,
    c: ConditionFields & { zones: string[] | null },
  ): Promise<UpsertResult>;
  upsertMedication(patientId: string, sourceRef: string, m: MedicationFields): Promise<UpsertResult>;
  upsertAllergy(patientId: string, sourceRef: string, a: AllergyFields): Promise<UpsertResult>;
  /** true always applies; false only fills an unknown state. Returns whether it changed. */
  applyState(patientId: string, state: "pregnant" | "breastfeeding", value: boolean): Promise<boolean>;
}
