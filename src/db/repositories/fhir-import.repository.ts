/**
 * The writes of a FHIR import: patients found or created by the source id kept as an identifier,
 * and their conditions, medications, allergies and pregnancy state upserted by source resource,
 * so that importing the same bundle twice changes nothing. One function, one query, in the
 * caller's clinic-scoped transaction.
 */
import type {
  AllergyFields,
  ConditionFields,
  MedicationFields,
  PatientFields,
  UpsertResult,
} from "../../domain/stored-records.ts";
import type { Tx } from "../pool.ts";

export async function findPatientByIdentifier(tx: Tx, system: string, value: string): Promise<string | null> {
  const { rows } = await tx.query<{ patientId: string }>(
    `select patient_id as "patientId" from patient_identifiers where system = $1 and value = $2`,
    [system, value],
  );
  return rows[0]?.patientId ?? null;
}

export async function insertImportedPatient(tx: Tx, p: PatientFields): Promise<string> {
  const { rows } = await tx.query<{ id: string }>(
    `insert into patients (clinic_id, given_name, family_name, date_of_birth, sex, email, phone)
     values (app_clinic_id(), $1, $2, $3, $4, $5, $6) returning id`,
    [p.givenName, p.familyName, p.dateOfBirth, p.sex, p.email, p.phone],
  );
  return rows[0]!.id;
}

/** Updates the demographics an import carries; false when nothing changed. */
export async function updateImportedPatient(tx: Tx, id: string, p: PatientFields): Promise<boolean> {
  const { rowCount } = await tx.query(
    `update patients set given_name = $2, family_name = $3, date_of_birth = $4, sex = $5,
            email = coalesce($6, email), phone = coalesce($7, phone), updated_at = now()
     where id = $1 and (given_name, family_name, date_of_birth, sex, email, phone)
       is distinct from ($2, $3, $4::date, $5, coalesce($6, email)::citext, coalesce($7, phone))`,
    [id, p.givenName, p.familyName, p.dateOfBirth, p.sex, p.email, p.phone],
  );
  return (rowCount ?? 0) > 0;
}

/** Adds an identifier; returns the patient it names (another patient's when it was taken). */
export async function claimIdentifier(
  tx: Tx,
  patientId: string,
  system: string,
  value: string,
): Promise<string> {
  const { rows } = await tx.query<{ patientId: string }>(
    `with ins as (
       insert into patient_identifiers (clinic_id, patient_id, system, value) values (app_clinic_id(), $1, $2, $3)
       on conflict (clinic_id, system, value) do nothing returning patient_id)
     select patient_id as "patientId" from ins
     union all
     select patient_id from patient_identifiers where system = $2 and value = $3
     limit 1`,
    [patientId, system, value],
  );
  return rows[0]!.patientId;
}

const upsertResult = (rows: { inserted: boolean }[]): UpsertResult =>
  rows.length === 0 ? "unchanged" : rows[0]!.inserted ? "created" : "updated";

export async function upsertImportedCondition(
  tx: Tx,
  patientId: string,
  sourceRef: string,
  c: ConditionFields & { zones: string[] | null },
): Promise<UpsertResult> {
  const { rows } = await tx.query<{ inserted: boolean }>(
    `insert into patient_conditions as t (clinic_id, patient_id, condition_id, label, icd10cm, snomed, status,
       in_treatment_area, site, severity, onset, resolved, source, source_ref, zones)
     values (app_clinic_id(), $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'fhir', $12, $13)
     on conflict (clinic_id, patient_id, source, source_ref) do update set
       condition_id = excluded.condition_id, label = excluded.label, icd10cm = excluded.icd10cm,
       snomed = excluded.snomed, status = excluded.status, in_treatment_area = excluded.in_treatment_area,
       site = excluded.site, severity = excluded.severity, onset = excluded.onset, resolved = excluded.resolved,
       zones = excluded.zones, updated_at = now()
     where (t.condition_id, t.label, t.icd10cm, t.snomed, t.status, t.in_treatment_area, t.site, t.severity,
            t.onset, t.resolved, t.zones)
       is distinct from (excluded.condition_id, excluded.label, excluded.icd10cm, excluded.snomed, excluded.status,
            excluded.in_treatment_area, excluded.site, excluded.severity, excluded.onset, excluded.resolved,
            excluded.zones)
     returning (xmax = 0) as inserted`,
    [
      patientId,
      c.conditionId,
      c.label,
      c.icd10cm,
      c.snomed,
      c.status,
      c.inTreatmentArea,
      c.site,
      c.severity,
      c.onset,
      c.resolved,
      sourceRef,
      c.zones,
    ],
  );
  return upsertResult(rows);
}

export async function upsertImportedMedication(
  tx: Tx,
  patientId: string,
  sourceRef: string,
  m: MedicationFields,
): Promise<UpsertResult> {
  const { rows } = await tx.query<{ inserted: boolean }>(
    `insert into patient_medications as t (clinic_id, patient_id, ingredient, product, rxnorm, route, prescribed,
       ongoing, last_taken, started, indication, source, source_ref)
     values (app_clinic_id(), $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'fhir', $11)
     on conflict (clinic_id, patient_id, source, source_ref) do update set
       ingredient = excluded.ingredient, product = excluded.product, rxnorm = excluded.rxnorm,
       route = excluded.route, prescribed = excluded.prescribed, ongoing = excluded.ongoing,
       last_taken = excluded.last_taken, started = excluded.started, indication = excluded.indication,
       updated_at = now()
     where (t.ingredient, t.product, t.rxnorm, t.route, t.prescribed, t.ongoing, t.last_taken, t.started, t.indication)
       is distinct from (excluded.ingredient, excluded.product, excluded.rxnorm, excluded.route, excluded.prescribed,
            excluded.ongoing, excluded.last_taken, excluded.started, excluded.indication)
     returning (xmax = 0) as inserted`,
    [
      patientId,
      m.ingredient,
      m.product,
      m.rxnorm,
      m.route,
      m.prescribed,
      m.ongoing,
      m.lastTaken,
      m.started,
      m.indication,
      sourceRef,
    ],
  );
  return upsertResult(rows);
}

/**
 * Records a pregnancy or breastfeeding state from imported evidence. `true` always applies (the
 * safer reading); `false` only fills an unknown state, never overrides what the clinic recorded.
 */
export async function applyImportedState(
  tx: Tx,
  patientId: string,
  state: "pregnant" | "breastfeeding",
  value: boolean,
): Promise<boolean> {
  const column = state === "pregnant" ? "pregnant" : "breastfeeding";
  const { rowCount } = await tx.query(
    `update patients set ${column} = $2, updated_at = now()
     where id = $1 and (case when $2 then ${column} is distinct from true else ${column} is null end)`,
    [patientId, value],
  );
  return (rowCount ?? 0) > 0;
}

export async function upsertImportedAllergy(
  tx: Tx,
  patientId: string,
  sourceRef: string,
  a: AllergyFields,
): Promise<UpsertResult> {
  const { rows } = await tx.query<{ inserted: boolean }>(
    `insert into patient_allergies as t (clinic_id, patient_id, condition_id, label, codings, category, kind,
       criticality, clinical_status, verification_status, onset, recorded_on, source, source_ref)
     values (app_clinic_id(), $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'fhir', $12)
     on conflict (clinic_id, patient_id, source, source_ref) do update set
       condition_id = excluded.condition_id, label = excluded.label, codings = excluded.codings,
       category = excluded.category, kind = excluded.kind, criticality = excluded.criticality,
       clinical_status = excluded.clinical_status, verification_status = excluded.verification_status,
       onset = excluded.onset, recorded_on = excluded.recorded_on, updated_at = now()
     where (t.condition_id, t.label, t.codings, t.category, t.kind, t.criticality, t.clinical_status,
            t.verification_status, t.onset, t.recorded_on)
       is distinct from (excluded.condition_id, excluded.label, excluded.codings, excluded.category, excluded.kind,
            excluded.criticality, excluded.clinical_status, excluded.verification_status, excluded.onset,
            excluded.recorded_on)
     returning (xmax = 0) as inserted`,
    [
      patientId,
      a.conditionId,
      a.label,
      JSON.stringify(a.codings),
      a.category,
      a.kind,
      a.criticality,
      a.clinicalStatus,
      a.verificationStatus,
      a.onset,
      a.recordedOn,
      sourceRef,
    ],
  );
  return upsertResult(rows);
}
