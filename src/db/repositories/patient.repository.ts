import type { Tx } from "../pool.ts";

export interface PatientSummary {
  id: string;
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  email: string | null;
  phone: string | null;
  nextAppointmentAt: Date | null;
}

export interface PatientRow {
  id: string;
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  sex: "female" | "male" | "other" | "unknown";
  email: string | null;
  phone: string | null;
  fitzpatrick: string | null;
  createdAt: Date;
}

const PATIENT_COLUMNS = `id, given_name as "givenName", family_name as "familyName", date_of_birth as "dateOfBirth",
  sex, email, phone, fitzpatrick, created_at as "createdAt"`;

/** Patients whose name, e-mail or phone contains `q` (all when empty), by family then given name. */
export async function searchPatients(
  tx: Tx,
  q: string,
  limit: number,
  offset: number,
): Promise<{ rows: PatientSummary[]; total: number }> {
  const pattern = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const { rows } = await tx.query<PatientSummary & { total: number }>(
    `select p.id, p.given_name as "givenName", p.family_name as "familyName", p.date_of_birth as "dateOfBirth",
            p.email, p.phone,
            (select min(a.starts_at) from appointments a
              where a.patient_id = p.id and a.starts_at > now() and a.status in ('booked', 'checked_in')) as "nextAppointmentAt",
            count(*) over () as total
     from patients p
     where $1 = '%%' or (p.given_name || ' ' || p.family_name) ilike $1 or p.email ilike $1 or p.phone ilike $1
     order by p.family_name, p.given_name, p.id
     limit $2 offset $3`,
    [pattern, limit, offset],
  );
  return { rows: rows.map(({ total: _t, ...r }) => r), total: rows[0]?.total ?? 0 };
}

export async function getPatient(tx: Tx, id: string): Promise<PatientRow | null> {
  const { rows } = await tx.query<PatientRow>(`select ${PATIENT_COLUMNS} from patients where id = $1`, [id]);
  return rows[0] ?? null;
}

export interface NewPatient {
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  sex: PatientRow["sex"];
  email: string | null;
  phone: string | null;
  fitzpatrick: string | null;
}

export async function insertPatient(tx: Tx, p: NewPatient): Promise<PatientRow> {
  const { rows } = await tx.query<PatientRow>(
    `insert into patients (clinic_id, given_name, family_name, date_of_birth, sex, email, phone, fitzpatrick)
     values (app_clinic_id(), $1, $2, $3, $4, $5, $6, $7) returning ${PATIENT_COLUMNS}`,
    [p.givenName, p.familyName, p.dateOfBirth, p.sex, p.email, p.phone, p.fitzpatrick],
  );
  return rows[0]!;
}
