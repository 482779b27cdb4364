/**
 * The parts of a patient's clinical profile the screening engine reads (patients, patient_conditions,
 * patient_medications from 002), and the small staff edits of conditions and medications.
 */
import type { MedicationFields } from "../../domain/stored-records.ts";
import type { Tx } from "../pool.ts";

export interface ProfilePatient {
  id: string;
  dateOfBirth: string;
  sex: "female" | "male" | "other" | "unknown";
  fitzpatrick: string | null;
  pregnant: boolean | null;
  breastfeeding: boolean | null;
  deliveryDate: string | null;
}

export interface ProfileCondition {
  id: string;
  conditionId: string | null;
  label: string;
  icd10cm: string | null;
  status: "active" | "resolved" | "history";
  inTreatmentArea: boolean;
  zones: string[] | null;
  site: string | null;
  severity: string | null;
  onset: string | null;
  resolved: string | null;
  source: string;
  createdAt: Date;
}

export interface ProfileMedication extends MedicationFields {
  id: string;
  source: string;
  createdAt: Date;
}

export async function getProfilePatient(tx: Tx, patientId: string): Promise<ProfilePatient | null> {
  const { rows } = await tx.query<ProfilePatient>(
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
export async function listProfileConditions(tx: Tx, patientId: string): Promise<ProfileCondition[]> {
  const { rows } = await tx.query<ProfileCondition>(
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

export async function listProfileMedications(tx: Tx, patientId: string): Promise<ProfileMedication[]> {
  const { rows } = await tx.query<ProfileMedication>(
    `select ${MEDICATION_COLUMNS} from patient_medications where patient_id = $1 order by created_at, id`,
    [patientId],
  );
  return rows;
}

export interface NewProfileCondition {
  conditionId: string;
  label: string;
  icd10cm: string | null;
  status: ProfileCondition["status"];
  inTreatmentArea: boolean;
  site: string | null;
  severity: string | null;
  onset: string | null;
  resolved: string | null;
}

export async function insertStaffCondition(
  tx: Tx,
  patientId: string,
  c: NewProfileCondition,
  recordedBy: string,
): Promise<ProfileCondition> {
  const { rows } = await tx.query<ProfileCondition>(
    `insert into patient_conditions (clinic_id, patient_id, condition_id, label, icd10cm, status, in_treatment_area,
       site, severity, onset, resolved, source, recorded_by)
     values (app_clinic_id(), $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'staff', $11)
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
    ],
  );
  return rows[0]!;
}

export type NewProfileMedication = MedicationFields;

export async function insertStaffMedication(
  tx: Tx,
  patientId: string,
  m: NewProfileMedication,
  recordedBy: string,
): Promise<ProfileMedication> {
  const { rows } = await tx.query<ProfileMedication>(
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
