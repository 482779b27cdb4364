/**
 * The shared clinical profile (patients' states, patient_conditions, patient_medications) as the
 * clinical record reads and writes it.
 */
import type {
  ProfileCondition,
  ProfileMedication,
  ProfilePatient,
} from "../../domain/record/screening-input.ts";
import type { Tx } from "../pool.ts";

export async function getProfilePatient(tx: Tx, patientId: string): Promise<ProfilePatient | null> {
  const { rows } = await tx.query<ProfilePatient>(
    `select date_of_birth as "dateOfBirth", sex, pregnant, breastfeeding, delivery_date as "deliveryDate", fitzpatrick
     from patients where id = $1`,
    [patientId],
  );
  return rows[0] ?? null;
}

export async function listProfileConditions(tx: Tx, patientId: string): Promise<ProfileCondition[]> {
  const { rows } = await tx.query<ProfileCondition>(
    `select condition_id as "conditionId", status, in_treatment_area as "inTreatmentArea", zones, site, severity,
            onset, resolved, label
     from patient_conditions where patient_id = $1 order by created_at, id`,
    [patientId],
  );
  return rows;
}

export async function listProfileMedications(tx: Tx, patientId: string): Promise<ProfileMedication[]> {
  const { rows } = await tx.query<ProfileMedication>(
    `select ingredient, product, route, prescribed, ongoing, last_taken as "lastTaken", started
     from patient_medications where patient_id = $1 order by created_at, id`,
    [patientId],
  );
  return rows;
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
