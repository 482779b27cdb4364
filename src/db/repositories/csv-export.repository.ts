/** The rows behind the CSV exports of patients and appointments. One function, one query. */
import type { Tx } from "../pool.ts";

/** Every patient with the next booked appointment, by name. Columns are the CSV's columns. */
export async function listPatientsForCsv(tx: Tx): Promise<Record<string, unknown>[]> {
  const { rows } = await tx.query(
    `select p.id, p.family_name, p.given_name, p.date_of_birth, p.sex, p.email, p.phone, p.fitzpatrick,
            p.pregnant, p.breastfeeding, p.created_at,
            (select min(a.starts_at) from appointments a where a.patient_id = p.id and a.starts_at > now()
               and a.status in ('booked', 'checked_in')) as next_appointment
     from patients p order by p.family_name, p.given_name, p.id`,
  );
  return rows;
}

/** Confirmed appointments between two clinic-local days (either end open). */
export async function listAppointmentsForCsv(
  tx: Tx,
  from: string | null,
  to: string | null,
): Promise<Record<string, unknown>[]> {
  const { rows } = await tx.query(
    `select a.id, a.starts_at, a.ends_at, l.time_zone, a.status, t.name as type, t.kind,
            a.patient_id, p.family_name as patient_family_name, p.given_name as patient_given_name,
            u.name as provider, l.name as location, r.name as room
     from appointments a
     join appointment_types t on t.id = a.type_id
     join locations l on l.id = a.location_id
     join patients p on p.id = a.patient_id
     left join users u on u.id = a.provider_id
     left join rooms r on r.id = a.room_id
     where a.held_until is null
       and ($1::date is null or (a.starts_at at time zone l.time_zone)::date >= $1)
       and ($2::date is null or (a.starts_at at time zone l.time_zone)::date <= $2)
     order by a.starts_at, a.id`,
    [from, to],
  );
  return rows;
}
