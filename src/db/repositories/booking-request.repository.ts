/**
 * Online booking requests (migration 071): the patient record a visitor's hold made, the
 * self-check summary they chose to send, and the clean-up of records whose hold was never
 * confirmed. One query per function.
 */
import type { Tx } from "../pool.ts";

export async function insertBookingRequest(
  tx: Tx,
  patientId: string,
  selfCheck: unknown | null,
): Promise<string> {
  const { rows } = await tx.query<{ id: string }>(
    `insert into booking_requests (clinic_id, patient_id, self_check) values (app_clinic_id(), $1, $2) returning id`,
    [patientId, selfCheck === null ? null : JSON.stringify(selfCheck)],
  );
  return rows[0]!.id;
}

/** The hold became a booking: the request keeps the appointment it made. */
export async function confirmBookingRequest(tx: Tx, patientId: string, appointmentId: string): Promise<void> {
  await tx.query(
    `update booking_requests set confirmed_at = coalesce(confirmed_at, now()), appointment_id = $2
     where patient_id = $1`,
    [patientId, appointmentId],
  );
}

/**
 * An online hold given to a patient who already has a record: it stays a hold ("Held online") until
 * the visit starts, for the desk or the patient to confirm; its token is spent. False when the hold
 * expired meanwhile.
 */
export async function handHoldToPatient(tx: Tx, appointmentId: string, patientId: string): Promise<boolean> {
  const { rowCount } = await tx.query(
    `update appointments set patient_id = $2, held_until = starts_at, hold_token_hash = null, updated_at = now()
     where id = $1 and held_until > now() and starts_at > now()`,
    [appointmentId, patientId],
  );
  return (rowCount ?? 0) === 1;
}

/** The request (and its self-check) follows the hold to the patient's own record. */
export async function moveBookingRequest(
  tx: Tx,
  fromPatientId: string,
  toPatientId: string,
  appointmentId: string,
): Promise<void> {
  await tx.query(
    `update booking_requests set patient_id = $2, appointment_id = $3, confirmed_at = coalesce(confirmed_at, now())
     where patient_id = $1`,
    [fromPatientId, toPatientId, appointmentId],
  );
}

export interface BookingRequestRow {
  id: string;
  appointmentId: string | null;
  appointmentStartsAt: Date | null;
  selfCheck: Record<string, unknown> | null;
  createdAt: Date;
  confirmedAt: Date | null;
}

export async function listBookingRequests(tx: Tx, patientId: string): Promise<BookingRequestRow[]> {
  const { rows } = await tx.query<BookingRequestRow>(
    `select r.id, r.appointment_id as "appointmentId", a.starts_at as "appointmentStartsAt",
            r.self_check as "selfCheck", r.created_at as "createdAt", r.confirmed_at as "confirmedAt"
     from booking_requests r left join appointments a on a.id = r.appointment_id
     where r.patient_id = $1 order by r.created_at desc`,
    [patientId],
  );
  return rows;
}

/** Every expired hold, removed; which patient each one was for. */
export async function deleteExpiredHoldsReturning(tx: Tx): Promise<{ id: string; patientId: string }[]> {
  const { rows } = await tx.query<{ id: string; patientId: string }>(
    `delete from appointments where held_until is not null and held_until <= now()
     returning id, patient_id as "patientId"`,
  );
  return rows;
}

/**
 * Records made only for an online hold that is gone: never confirmed, not already found in use,
 * and with no appointment of any kind (a live hold, a booking staff made, a cancelled visit).
 */
export async function listAbandonedRequests(
  tx: Tx,
  limit: number,
): Promise<{ id: string; patientId: string }[]> {
  const { rows } = await tx.query<{ id: string; patientId: string }>(
    `select r.id, r.patient_id as "patientId" from booking_requests r
     where r.confirmed_at is null and r.kept_at is null
       and not exists (select 1 from appointments a where a.patient_id = r.patient_id)
     order by r.created_at limit $1`,
    [limit],
  );
  return rows;
}

/**
 * The tables whose rows would silently go (or lose their patient) with a patient: their foreign
 * keys to patients cascade or set null. A plain foreign key refuses the delete by itself.
 */
export async function silentPatientReferences(tx: Tx): Promise<{ table: string; column: string }[]> {
  const { rows } = await tx.query<{ table: string; column: string }>(
    `select format('%I.%I', n.nspname, t.relname) as table, a.attname as column
     from pg_constraint c
     join pg_class t on t.oid = c.conrelid
     join pg_namespace n on n.oid = t.relnamespace
     join pg_attribute a on a.attrelid = c.conrelid
       and a.attnum = c.conkey[array_position(c.confkey, (select attnum from pg_attribute
             where attrelid = 'patients'::regclass and attname = 'id'))]
     where c.contype = 'f' and c.confrelid = 'patients'::regclass and c.confdeltype <> 'a' and c.confdeltype <> 'r'`,
  );
  return rows;
}

/** Whether a table (named by silentPatientReferences, already quoted) has a row for the patient. */
export async function hasRowFor(tx: Tx, table: string, column: string, patientId: string): Promise<boolean> {
  const { rows } = await tx.query<{ found: boolean }>(
    `select exists (select 1 from ${table} where ${quoteIdent(column)} = $1) as found`,
    [patientId],
  );
  return rows[0]!.found;
}

const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;

export async function deleteBookingRequest(tx: Tx, requestId: string): Promise<void> {
  await tx.query("delete from booking_requests where id = $1", [requestId]);
}

/** Deletes a patient with no appointment; any other row that refers to them makes it fail. */
export async function deleteUnusedPatient(tx: Tx, patientId: string): Promise<boolean> {
  const { rowCount } = await tx.query(
    `delete from patients p where p.id = $1
       and not exists (select 1 from appointments a where a.patient_id = p.id)`,
    [patientId],
  );
  return (rowCount ?? 0) === 1;
}

export async function markRequestKept(tx: Tx, requestId: string): Promise<void> {
  await tx.query("update booking_requests set kept_at = now() where id = $1", [requestId]);
}
