/**
 * The patient's clinical profile (patients' states, patient_conditions, patient_medications, and the
 * allergies that name a protocol condition) as screening, the clinical record and the intake read
 * and write it, in the domain's types (src/domain/record/clinical-profile.ts).
 */
import type {
  NewProfileCondition,
  NewProfileMedication,
  ProfileCondition,
  ProfileMedication,
  StoredCondition,
  StoredMedication,
  StoredProfilePatient,
} from "../../domain/record/clinical-profile.ts";
import type { Tx } from "../pool.ts";

export async function getProfilePatient(tx: Tx, patientId: string): Promise<StoredProfilePatient | null> {
  const { rows } = await tx.query<StoredProfilePatient>(
    `select id, date_of_birth as "dateOfBirth", sex, fitzpatrick, pregnant, breastfeeding,
            delivery_date as "deliveryDate"
     from patients where id = $1`,
    [patientId],
  );
  return rows[0] ?? null;
}

const CONDITION_COLUMNS = `id, condition_id as "conditionId", label, icd10cm, status, in_treatment_area as "inTreatmentArea",
  zones, site, severity, onset, resolved, source, created_at as "createdAt"`;

const MEDICATION_COLUMNS = `id, ingredient, product, rxnorm, route, prescribed, ongoing, last_taken as "lastTaken",
  started, indication, source, created_at as "createdAt"`;

/**
 * The patient's conditions, and the allergies that name a protocol condition (an allergy the
 * protocol has a rule for, e.g. local anaesthetics: 076_allergies.sql); other allergies are not
 * the screening's business.
 */
export async function listProfileConditions(tx: Tx, patientId: string): Promise<StoredCondition[]> {
  const { rows } = await tx.query<StoredCondition>(
    `select ${CONDITION_COLUMNS} from patient_conditions where patient_id = $1
     union all
     select id, condition_id, label, null, case clinical_status when 'active' then 'active'
              when 'inactive' then 'history' else 'resolved' end,
            false, null::text[], null, null, onset, null, source, created_at
     from patient_allergies where patient_id = $1 and condition_id is not null
     order by "createdAt", id`,
    [patientId],
  );
  return rows;
}

export async function listProfileMedications(tx: Tx, patientId: string): Promise<StoredMedication[]> {
  const { rows } = await tx.query<StoredMedication>(
    `select ${MEDICATION_COLUMNS} from patient_medications where patient_id = $1 order by created_at, id`,
    [patientId],
  );
  return rows;
}

export async function insertStaffCondition(
  tx: Tx,
  patientId: string,
  c: NewProfileCondition,
  recordedBy: string,
): Promise<StoredCondition> {
  const { rows } = await tx.query<StoredCondition>(
    `insert into patient_conditions (clinic_id, patient_id, condition_id, label, icd10cm, status, in_treatment_area,
       zones, site, severity, onset, resolved, source, recorded_by)
     values (app_clinic_id(), $1, $2, $3, $4, $5, $6, $12, $7, $8, $9, $10, 'staff', $11)
     returning ${CONDITION_COLUMNS}`,
    [
      patientId,
      c.conditionId,
      c.label,
      c.icd10cm,
      c.status,
      c.inTreatmentArea,
      c.site,
      c.severity,
      c.onset,
      c.resolved,
      recordedBy,
      c.zones,
    ],
  );
  return rows[0]!;
}

export async function insertStaffMedication(
  tx: Tx,
  patientId: string,
  m: NewProfileMedication,
  recordedBy: string,
): Promise<StoredMedication> {
  const { rows } = await tx.query<StoredMedication>(
    `insert into patient_medications (clinic_id, patient_id, ingredient, product, rxnorm, route, prescribed, ongoing,
       last_taken, started, indication, source, recorded_by)
     values (app_clinic_id(), $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'staff', $11)
     returning ${MEDICATION_COLUMNS}`,
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
      recordedBy,
    ],
  );
  return rows[0]!;
}

/** Deletes one condition of one patient; false when there is no such row (in this clinic). */
export async function deleteCondition(tx: Tx, patientId: string, id: string): Promise<boolean> {
  const { rowCount } = await tx.query("delete from patient_conditions where patient_id = $1 and id = $2", [
    patientId,
    id,
  ]);
  return (rowCount ?? 0) > 0;
}

export async function deleteMedication(tx: Tx, patientId: string, id: string): Promise<boolean> {
  const { rowCount } = await tx.query("delete from patient_medications where patient_id = $1 and id = $2", [
    patientId,
    id,
  ]);
  return (rowCount ?? 0) > 0;
}

export async function updatePatientStates(
  tx: Tx,
  patientId: string,
  s: {
    pregnant: boolean | null;
    breastfeeding: boolean | null;
    deliveryDate: string | null;
    fitzpatrick: string;
  },
): Promise<void> {
  await tx.query(
    `update patients set pregnant = $2, breastfeeding = $3, delivery_date = $4, fitzpatrick = $5, updated_at = now()
     where id = $1`,
    [patientId, s.pregnant, s.breastfeeding, s.deliveryDate, s.fitzpatrick],
  );
}

/** Removes what an earlier intake recorded; staff and imported entries stay. */
export async function deleteIntakeProfileRows(tx: Tx, patientId: string): Promise<void> {
  await tx.query("delete from patient_conditions where patient_id = $1 and source = 'intake'", [patientId]);
  await tx.query("delete from patient_medications where patient_id = $1 and source = 'intake'", [patientId]);
}

/** Profile conditions from one record (an intake submission, a chart's day-of re-screen). */
export async function insertProfileConditions(
  tx: Tx,
  patientId: string,
  source: "intake" | "staff",
  refPrefix: string,
  userId: string,
  conditions: (ProfileCondition & { conditionId: string })[],
): Promise<void> {
  if (conditions.length === 0) return;
  await tx.query(
    `insert into patient_conditions (clinic_id, patient_id, condition_id, label, status, in_treatment_area, site,
       severity, onset, resolved, source, source_ref, recorded_by, zones)
     select app_clinic_id(), $1, c->>'conditionId', c->>'label', c->>'status', (c->>'inTreatmentArea')::boolean,
            c->>'site', c->>'severity', (c->>'onset')::date, (c->>'resolved')::date, $5,
            $2 || ':' || (ord - 1), $3,
            case when jsonb_typeof(c->'zones') = 'array' and jsonb_array_length(c->'zones') > 0
                 then array(select jsonb_array_elements_text(c->'zones')) end
     from jsonb_array_elements($4::jsonb) with ordinality as t(c, ord)`,
    [patientId, refPrefix, userId, JSON.stringify(conditions), source],
  );
}

export async function insertProfileMedications(
  tx: Tx,
  patientId: string,
  source: "intake" | "staff",
  refPrefix: string,
  userId: string,
  medications: ProfileMedication[],
): Promise<void> {
  if (medications.length === 0) return;
  await tx.query(
    `insert into patient_medications (clinic_id, patient_id, ingredient, product, route, prescribed, ongoing,
       last_taken, source, source_ref, recorded_by)
     select app_clinic_id(), $1, m->>'ingredient', m->>'product', m->>'route', (m->>'prescribed')::boolean,
            (m->>'ongoing')::boolean, (m->>'lastTaken')::date, $5, $2 || ':' || (ord - 1), $3
     from jsonb_array_elements($4::jsonb) with ordinality as t(m, ord)`,
    [patientId, refPrefix, userId, JSON.stringify(medications), source],
  );
}
