/**
 * Online booking requests (migration 071): the patient record a visitor's hold made, the
 * self-check summary they chose to send, and the clean-up of records whose hold was never
 * confirmed. One query per function.
 */
import type { Tx } from "../pool.ts";
import { releaseExpiredHoldsSql } from "./booking.repository.ts";

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
 * An online hold given to a patient who already has a record: it stays a hold ("Held online") for
 * the desk or the patient to confirm, its token spent, and lapses (migration 117) after the
 * clinic's request hold hours, or at the clinic's cancellation notice before the visit if sooner,
 * but never sooner than an hour from now nor after the visit starts. Returns when it lapses; null
 * when the hold expired meanwhile.
 */
export async function handHoldToPatient(
  tx: Tx,
  appointmentId: string,
  patientId: string,
): Promise<Date | null> {
  const { rows } = await tx.query<{ heldUntil: Date }>(
    `update appointments a set patient_id = $2, hold_token_hash = null, updated_at = now(),
       held_until = least(a.starts_at, greatest(now() + interval '1 hour', least(
         now() + make_interval(hours => coalesce(s.request_hold_hours, 24)),
         a.starts_at - make_interval(hours => coalesce(s.cancel_notice_hours, 24)))))
     from (select app_clinic_id() as clinic_id) c
     left join scheduling_settings s on s.clinic_id = c.clinic_id
     where a.id = $1 and a.held_until > now() and a.starts_at > now()
     returning a.held_until as "heldUntil"`,
    [appointmentId, patientId],
  );
  return rows[0]?.heldUntil ?? null;
}

/** Whether the request's time, held on the patient's record, lapsed unconfirmed. */
export const REQUEST_LAPSED_SQL = `(a.held_until is not null and a.held_until <= now() and a.hold_token_hash is null
   and (a.status = 'booked' or a.status_reason = 'hold-lapsed'))`;

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
  /** The time asked for was held on the record and nobody confirmed it in time. */
  lapsed: boolean;
  selfCheck: Record<string, unknown> | null;
  createdAt: Date;
  confirmedAt: Date | null;
}

export async function listBookingRequests(tx: Tx, patientId: string): Promise<BookingRequestRow[]> {
  const { rows } = await tx.query<BookingRequestRow>(
    `select r.id, r.appointment_id as "appointmentId", a.starts_at as "appointmentStartsAt",
            coalesce(${REQUEST_LAPSED_SQL}, false) as lapsed,
            r.self_check as "selfCheck", r.created_at as "createdAt", r.confirmed_at as "confirmedAt"
     from booking_requests r left join appointments a on a.id = r.appointment_id
     where r.patient_id = $1 order by r.created_at desc`,
    [patientId],
  );
  return rows;
}

/** Every expired hold, released (a visitor's deleted, a patient's request kept as lapsed); which patient each one was for. */
export async function deleteExpiredHoldsReturning(tx: Tx): Promise<{ id: string; patientId: string }[]> {
  const { rows } = await tx.query<{ id: string; patientId: string }>(
    `with ${releaseExpiredHoldsSql("true")} select id, patient_id as "patientId" from released`,
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

/** A request that lapsed unconfirmed, with what its patient is told. */
export interface LapsedRequest {
  id: string;
  patientId: string;
  email: string;
  givenName: string;
  startsAt: Date;
  typeName: string;
  locationName: string;
  timeZone: string;
}

/**
 * Requests that lapsed unconfirmed (on a sweep or when a booking over their time released them)
 * whose patient has an e-mail and has not been told yet: lapsed within two days, for a visit still
 * to come. Telling is the outbox message with the dedupe key `request-lapsed:<id>`.
 */
export async function listUntoldLapses(tx: Tx, limit: number): Promise<LapsedRequest[]> {
  const { rows } = await tx.query<LapsedRequest>(
    `select a.id, a.patient_id as "patientId", p.email, p.given_name as "givenName", a.starts_at as "startsAt",
       t.name as "typeName", l.name as "locationName", l.time_zone as "timeZone"
     from appointments a
     join patients p on p.id = a.patient_id
     join appointment_types t on t.id = a.type_id
     join locations l on l.id = a.location_id
     where a.status = 'cancelled' and a.status_reason = 'hold-lapsed'
       and a.held_until > now() - interval '2 days' and a.starts_at > now() and p.email is not null
       and not exists (select 1 from outbox o where o.clinic_id = a.clinic_id
                       and o.dedupe_key = 'request-lapsed:' || a.id::text)
     order by a.held_until
     limit $1`,
    [limit],
  );
  return rows;
}
