/**
 * Appointments as the scheduler sees them: busy spans per resource, holds, bookings, moves and
 * their history. One query per function; the exclusion constraints decide overlaps.
 *
 * The statements every booking runs are named (prepared once per connection and their plans
 * reused): planning the insert with its joins costs more than running it.
 */
import type { Tx } from "../pool.ts";

export interface BusyRow {
  providerId: string | null;
  roomId: string | null;
  deviceId: string | null;
  provider: [Date, Date] | null;
  room: [Date, Date];
  device: [Date, Date] | null;
}

/** Every live reservation touching [from, to): expired holds no longer count (they are deleted
 *  before any overlapping booking). */
export async function listBusy(tx: Tx, from: Date, to: Date, exceptId: string | null): Promise<BusyRow[]> {
  const { rows } = await tx.query<BusyRow>({
    name: "booking.list-busy",
    text: `with a as (
       select provider_id, room_id, device_id,
              coalesce(provider_span, tstzrange(starts_at, ends_at)) as p,
              coalesce(room_span, tstzrange(starts_at, ends_at)) as r,
              coalesce(device_span, tstzrange(starts_at, ends_at)) as d
       from appointments
       where starts_at < $2 and starts_at > $1::timestamptz - interval '12 hours'
         and status not in ('cancelled', 'no_show')
         and (held_until is null or held_until > now())
         and ($3::uuid is null or id <> $3))
     select provider_id as "providerId", room_id as "roomId", device_id as "deviceId",
            case when provider_id is null then null else json_build_array(lower(p), upper(p)) end as provider,
            json_build_array(lower(r), upper(r)) as room,
            case when device_id is null then null else json_build_array(lower(d), upper(d)) end as device
     from a`,
    values: [from, to, exceptId],
  });
  return rows;
}

/** An expired hold removed: which visit, for which patient. */
export interface ReleasedHold {
  id: string;
  patientId: string;
}

/**
 * Releases every expired hold that `where` (a condition on appointments' columns) picks: a
 * visitor's own hold (it has its token) is deleted; a request held on a patient's record (117) is
 * kept as a cancelled visit with reason 'hold-lapsed', so the patient and the desk see it lapsed.
 * Either way it takes no provider, room or device any more. Returns a CTE `released (id, patient_id)`.
 */
export function releaseExpiredHoldsSql(where: string): string {
  return `lapsed as (
       update appointments set status = 'cancelled', status_reason = 'hold-lapsed', updated_at = now()
       where held_until is not null and held_until <= now() and hold_token_hash is null
         and status = 'booked' and ${where}
       returning id, patient_id),
     deleted as (
       delete from appointments where held_until is not null and held_until <= now()
         and hold_token_hash is not null and ${where}
       returning id, patient_id),
     released as (select id, patient_id from lapsed union all select id, patient_id from deleted)`;
}

/** Expired holds overlapping a time are released so they cannot block a booking. */
export async function deleteExpiredHolds(tx: Tx, from: Date, to: Date): Promise<ReleasedHold[]> {
  const { rows } = await tx.query<ReleasedHold>({
    name: "booking.release-expired-holds",
    text: `with ${releaseExpiredHoldsSql("starts_at < $2 and ends_at + interval '3 hours' > $1")}
     select id, patient_id as "patientId" from released`,
    values: [from, to],
  });
  return rows;
}

export interface NewAppointment {
  locationId: string;
  patientId: string;
  typeId: string;
  providerId: string | null;
  roomId: string | null;
  deviceId: string | null;
  startsAt: Date;
  endsAt: Date;
  providerSpan: [Date, Date] | null;
  roomSpan: [Date, Date] | null;
  deviceSpan: [Date, Date] | null;
  segments: { kind: string; start: string; end: string }[];
  heldUntil: Date | null;
  holdTokenHash: Buffer | null;
  seriesId: string | null;
  seriesIndex: number | null;
  bookedVia: "staff" | "online" | "portal";
}

const range = (r: [Date, Date] | null) => (r ? `[${r[0].toISOString()},${r[1].toISOString()})` : null);

/**
 * Inserts a visit together with its first history event ("held" or "booked") and returns it as
 * the lists show it, in one statement. The exclusion constraints decide: when the visit would
 * overlap a live reservation of its provider, room or device (waiting for a concurrent one to
 * commit or roll back first), nothing is written and the answer is null, without aborting the
 * transaction, so the caller can choose other resources in the same transaction. Null as well
 * when the patient is not one this clinic may book (unknown, or hidden by row-level security).
 */
export async function insertAppointment(
  tx: Tx,
  a: NewAppointment,
  event: { actorUserId: string | null; action: "held" | "booked" },
): Promise<AppointmentRow | null> {
  const { rows } = await tx.query<AppointmentRow>({
    name: "booking.insert-appointment",
    text: `with a as (
       insert into appointments (clinic_id, location_id, patient_id, type_id, provider_id, room_id, device_id,
         starts_at, ends_at, provider_span, room_span, device_span, segments, held_until, hold_token_hash,
         series_id, series_index, booked_via)
       select app_clinic_id(), $1, $2, $3, $4, $5, $6, $7, $8, $9::tstzrange, $10::tstzrange, $11::tstzrange, $12,
         $13, $14, $15, $16, $17
       where exists (select 1 from patients where id = $2)
       on conflict do nothing
       returning *),
     e as (
       insert into appointment_events (clinic_id, appointment_id, actor_user_id, action, to_starts_at)
       select clinic_id, id, $18, $19, starts_at from a)
     ${APPOINTMENT_COLUMNS} from a ${APPOINTMENT_JOINS}`,
    values: [
      a.locationId,
      a.patientId,
      a.typeId,
      a.providerId,
      a.roomId,
      a.deviceId,
      a.startsAt,
      a.endsAt,
      range(a.providerSpan),
      range(a.roomSpan),
      range(a.deviceSpan),
      JSON.stringify(a.segments),
      a.heldUntil,
      a.holdTokenHash,
      a.seriesId,
      a.seriesIndex,
      a.bookedVia,
      event.actorUserId,
      event.action,
    ],
  });
  return rows[0] ?? null;
}

/**
 * Inserts several visits, each with its first history event, in one statement, under the same
 * rules as `insertAppointment`: a visit the exclusion constraints refuse (a concurrent booking
 * holds its provider, room or device), or whose patient this clinic may not book, is skipped
 * without aborting the transaction. Returns the visits written, by the ids given.
 */
export async function insertAppointments(
  tx: Tx,
  visits: readonly {
    id: string;
    visit: NewAppointment;
    event: { actorUserId: string | null; action: "held" | "booked" };
  }[],
): Promise<Map<string, AppointmentRow>> {
  if (visits.length === 0) return new Map();
  const { rows } = await tx.query<AppointmentRow>({
    name: "booking.insert-appointments",
    text: `with v as (
       select * from json_to_recordset($1::json) as v (id uuid, "locationId" uuid, "patientId" uuid, "typeId" uuid,
         "providerId" uuid, "roomId" uuid, "deviceId" uuid, "startsAt" timestamptz, "endsAt" timestamptz,
         "providerSpan" tstzrange, "roomSpan" tstzrange, "deviceSpan" tstzrange, segments jsonb,
         "heldUntil" timestamptz, "holdTokenHash" text, "seriesId" uuid, "seriesIndex" integer, "bookedVia" text,
         "actorUserId" uuid, action text)),
     a as (
       insert into appointments (id, clinic_id, location_id, patient_id, type_id, provider_id, room_id, device_id,
         starts_at, ends_at, provider_span, room_span, device_span, segments, held_until, hold_token_hash,
         series_id, series_index, booked_via)
       select v.id, app_clinic_id(), v."locationId", v."patientId", v."typeId", v."providerId", v."roomId",
         v."deviceId", v."startsAt", v."endsAt", v."providerSpan", v."roomSpan", v."deviceSpan", v.segments,
         v."heldUntil", decode(v."holdTokenHash", 'hex'), v."seriesId", v."seriesIndex", v."bookedVia"
       from v where exists (select 1 from patients p where p.id = v."patientId")
       on conflict do nothing
       returning *),
     e as (
       insert into appointment_events (clinic_id, appointment_id, actor_user_id, action, to_starts_at)
       select a.clinic_id, a.id, v."actorUserId", v.action, a.starts_at from a join v on v.id = a.id)
     ${APPOINTMENT_COLUMNS} from a ${APPOINTMENT_JOINS}`,
    values: [
      JSON.stringify(
        visits.map(({ id, visit: a, event }) => ({
          id,
          locationId: a.locationId,
          patientId: a.patientId,
          typeId: a.typeId,
          providerId: a.providerId,
          roomId: a.roomId,
          deviceId: a.deviceId,
          startsAt: a.startsAt,
          endsAt: a.endsAt,
          providerSpan: range(a.providerSpan),
          roomSpan: range(a.roomSpan),
          deviceSpan: range(a.deviceSpan),
          segments: a.segments,
          heldUntil: a.heldUntil,
          holdTokenHash: a.holdTokenHash?.toString("hex") ?? null,
          seriesId: a.seriesId,
          seriesIndex: a.seriesIndex,
          bookedVia: a.bookedVia,
          actorUserId: event.actorUserId,
          action: event.action,
        })),
      ),
    ],
  });
  return new Map(rows.map((r) => [r.id, r]));
}

export interface ChosenResources {
  providerId: string | null;
  providerSpan: [Date, Date] | null;
  roomId: string | null;
  roomSpan: [Date, Date] | null;
  deviceId: string | null;
  deviceSpan: [Date, Date] | null;
}

/**
 * After an insert was refused: clears the expired holds near the visit (they block an insert
 * but no search) and says why it was refused: whether the patient is one this clinic may book,
 * and which chosen resources a live reservation holds for their spans (the exclusion
 * constraints' own test, expired holds left out).
 */
export async function afterRefusedInsert(
  tx: Tx,
  patientId: string,
  c: ChosenResources,
  near: [Date, Date],
): Promise<{
  patientKnown: boolean;
  provider: boolean;
  room: boolean;
  device: boolean;
  cleared: ReleasedHold[];
}> {
  const live = `status not in ('cancelled', 'no_show') and (held_until is null or held_until > now())`;
  const { rows } = await tx.query<{
    patientKnown: boolean;
    provider: boolean;
    room: boolean;
    device: boolean;
    cleared: ReleasedHold[];
  }>({
    name: "booking.after-refused-insert-lapse",
    text: `with ${releaseExpiredHoldsSql("starts_at < $9 and ends_at + interval '3 hours' > $8")}
     select
       (select coalesce(json_agg(json_build_object('id', id, 'patientId', patient_id)), '[]') from released) as cleared,
       exists (select 1 from patients where id = $1) as "patientKnown",
       exists (select 1 from appointments where provider_id = $2 and provider_id is not null and ${live}
         and coalesce(provider_span, tstzrange(starts_at, ends_at)) && $3::tstzrange) as provider,
       exists (select 1 from appointments where room_id = $4 and room_id is not null and ${live}
         and coalesce(room_span, tstzrange(starts_at, ends_at)) && $5::tstzrange) as room,
       exists (select 1 from appointments where device_id = $6 and device_id is not null and ${live}
         and coalesce(device_span, tstzrange(starts_at, ends_at)) && $7::tstzrange) as device`,
    values: [
      patientId,
      c.providerId,
      range(c.providerSpan),
      c.roomId,
      range(c.roomSpan),
      c.deviceId,
      range(c.deviceSpan),
      near[0],
      near[1],
    ],
  });
  return rows[0]!;
}

export interface MovePlacement {
  providerId: string | null;
  roomId: string | null;
  deviceId: string | null;
  startsAt: Date;
  endsAt: Date;
  providerSpan: [Date, Date] | null;
  roomSpan: [Date, Date] | null;
  deviceSpan: [Date, Date] | null;
  segments: { kind: string; start: string; end: string }[];
}

export async function moveAppointment(tx: Tx, id: string, m: MovePlacement): Promise<void> {
  await tx.query(
    `update appointments set provider_id = $2, room_id = $3, device_id = $4, starts_at = $5, ends_at = $6,
       provider_span = $7::tstzrange, room_span = $8::tstzrange, device_span = $9::tstzrange, segments = $10,
       updated_at = now()
     where id = $1`,
    [
      id,
      m.providerId,
      m.roomId,
      m.deviceId,
      m.startsAt,
      m.endsAt,
      range(m.providerSpan),
      range(m.roomSpan),
      range(m.deviceSpan),
      JSON.stringify(m.segments),
    ],
  );
}

export interface AppointmentRow {
  id: string;
  locationId: string;
  patientId: string;
  typeId: string;
  typeName: string;
  kind: "consultation" | "microneedling" | "review";
  providerId: string | null;
  providerName: string | null;
  roomId: string | null;
  roomName: string | null;
  deviceId: string | null;
  deviceName: string | null;
  startsAt: Date;
  endsAt: Date;
  status: "booked" | "checked_in" | "completed" | "cancelled" | "no_show";
  heldUntil: Date | null;
  holdTokenHash: Buffer | null;
  seriesId: string | null;
  seriesIndex: number | null;
  segments: { kind: string; start: string; end: string }[] | null;
  statusReason: string | null;
  checkedInAt: Date | null;
  lateCancellation: boolean;
  bookedVia: string;
  timeZone: string;
  patientName: string;
  patientEmail: string | null;
  createdAt: Date;
  updatedAt: Date;
  locationName: string;
  seriesIntervalWeeks: number | null;
}

const APPOINTMENT_COLUMNS = `select a.id, a.location_id as "locationId", a.patient_id as "patientId", a.type_id as "typeId",
  t.name as "typeName", t.kind, a.provider_id as "providerId", u.name as "providerName", a.room_id as "roomId",
  r.name as "roomName", a.device_id as "deviceId", d.name as "deviceName", a.starts_at as "startsAt",
  a.ends_at as "endsAt", a.status, a.held_until as "heldUntil", a.hold_token_hash as "holdTokenHash",
  a.series_id as "seriesId", a.series_index as "seriesIndex", a.segments, a.status_reason as "statusReason",
  a.checked_in_at as "checkedInAt", a.late_cancellation as "lateCancellation", a.booked_via as "bookedVia", l.time_zone as "timeZone",
  p.given_name || ' ' || p.family_name as "patientName", p.email::text as "patientEmail", a.created_at as "createdAt",
  a.updated_at as "updatedAt", l.name as "locationName", sr.interval_weeks as "seriesIntervalWeeks"`;
const APPOINTMENT_JOINS = `join appointment_types t on t.id = a.type_id
  join locations l on l.id = a.location_id
  join patients p on p.id = a.patient_id
  left join users u on u.id = a.provider_id
  left join rooms r on r.id = a.room_id
  left join devices d on d.id = a.device_id
  left join appointment_series sr on sr.id = a.series_id`;
const APPOINTMENT_SELECT = `${APPOINTMENT_COLUMNS} from appointments a ${APPOINTMENT_JOINS}`;

export async function getAppointment(tx: Tx, id: string, forUpdate = false): Promise<AppointmentRow | null> {
  const { rows } = await tx.query<AppointmentRow>({
    name: forUpdate ? "booking.get-appointment-for-update" : "booking.get-appointment",
    text: `${APPOINTMENT_SELECT} where a.id = $1${forUpdate ? " for update of a" : ""}`,
    values: [id],
  });
  return rows[0] ?? null;
}

export async function listAppointmentsBetween(tx: Tx, from: Date, to: Date): Promise<AppointmentRow[]> {
  const { rows } = await tx.query<AppointmentRow>(
    `${APPOINTMENT_SELECT} where a.starts_at >= $1 and a.starts_at < $2
       and (a.held_until is null or a.held_until > now()) order by a.starts_at`,
    [from, to],
  );
  return rows;
}

export async function listPatientAppointments(tx: Tx, patientId: string): Promise<AppointmentRow[]> {
  const { rows } = await tx.query<AppointmentRow>(
    `${APPOINTMENT_SELECT} where a.patient_id = $1 and (a.held_until is null or a.held_until > now())
     order by a.starts_at`,
    [patientId],
  );
  return rows;
}

export async function listProviderAppointments(
  tx: Tx,
  providerId: string,
  from: Date,
): Promise<AppointmentRow[]> {
  const { rows } = await tx.query<AppointmentRow>(
    `${APPOINTMENT_SELECT} where a.provider_id = $1 and a.starts_at >= $2 and a.held_until is null
     order by a.starts_at limit 2000`,
    [providerId, from],
  );
  return rows;
}

/** Starts of the patient's live microneedling sessions (done, booked or held), except one being moved. */
export async function listSessionStarts(tx: Tx, patientId: string, exceptId: string | null): Promise<Date[]> {
  const { rows } = await tx.query<{ startsAt: Date }>(
    `select a.starts_at as "startsAt" from appointments a join appointment_types t on t.id = a.type_id
     where a.patient_id = $1 and t.kind = 'microneedling'
       and a.status not in ('cancelled', 'no_show') and (a.held_until is null or a.held_until > now())
       and ($2::uuid is null or a.id <> $2)
     order by a.starts_at`,
    [patientId, exceptId],
  );
  return rows.map((r) => r.startsAt);
}

export async function confirmHold(tx: Tx, id: string): Promise<boolean> {
  const { rowCount } = await tx.query(
    `update appointments set held_until = null, hold_token_hash = null, updated_at = now()
     where id = $1 and held_until > now()`,
    [id],
  );
  return (rowCount ?? 0) > 0;
}

export async function setAppointmentStatus(
  tx: Tx,
  id: string,
  status: AppointmentRow["status"],
  reason: string | null,
  lateCancellation = false,
): Promise<void> {
  await tx.query(
    `update appointments set status = $2, status_reason = $3, updated_at = now(),
       checked_in_at = case when $2 = 'checked_in' then now() when $2 = 'booked' then null else checked_in_at end,
       late_cancellation = $4
     where id = $1`,
    [id, status, reason, lateCancellation],
  );
}

export async function deleteHold(tx: Tx, id: string): Promise<void> {
  await tx.query("delete from appointments where id = $1 and held_until is not null", [id]);
}

export interface AppointmentEvent {
  appointmentId: string;
  actorUserId: string | null;
  action:
    | "held"
    | "booked"
    | "confirmed"
    | "rescheduled"
    | "cancelled"
    | "no_show"
    | "checked_in"
    | "check_in_undone"
    | "completed";
  reason: string | null;
  note: string | null;
  fromStartsAt: Date | null;
  toStartsAt: Date | null;
}

export async function insertAppointmentEvent(tx: Tx, e: AppointmentEvent): Promise<void> {
  await tx.query(
    `insert into appointment_events (clinic_id, appointment_id, actor_user_id, action, reason, note, from_starts_at, to_starts_at)
     values (app_clinic_id(), $1, $2, $3, $4, $5, $6, $7)`,
    [e.appointmentId, e.actorUserId, e.action, e.reason, e.note, e.fromStartsAt, e.toStartsAt],
  );
}

export async function listAppointmentEvents(tx: Tx, appointmentId: string) {
  const { rows } = await tx.query<AppointmentEvent & { at: Date }>(
    `select appointment_id as "appointmentId", actor_user_id as "actorUserId", action, reason, note,
            from_starts_at as "fromStartsAt", to_starts_at as "toStartsAt", at
     from appointment_events where appointment_id = $1 order by at, id`,
    [appointmentId],
  );
  return rows;
}

export interface NewSeries {
  patientId: string;
  typeId: string;
  seriesRuleId: string | null;
  sessions: number;
  intervalWeeks: number;
  maintenanceMonths: number | null;
  protocolVersion: string | null;
}

export async function insertSeries(tx: Tx, s: NewSeries): Promise<{ id: string }> {
  const { rows } = await tx.query<{ id: string }>(
    `insert into appointment_series (clinic_id, patient_id, type_id, series_rule_id, sessions, interval_weeks,
       maintenance_months, protocol_version)
     values (app_clinic_id(), $1, $2, $3, $4, $5, $6, $7) returning id`,
    [
      s.patientId,
      s.typeId,
      s.seriesRuleId,
      s.sessions,
      s.intervalWeeks,
      s.maintenanceMonths,
      s.protocolVersion,
    ],
  );
  return rows[0]!;
}

export async function upsertRecall(
  tx: Tx,
  patientId: string,
  seriesId: string,
  dueOn: string,
): Promise<void> {
  await tx.query(
    `insert into recalls (clinic_id, patient_id, series_id, due_on) values (app_clinic_id(), $1, $2, $3)
     on conflict (clinic_id, series_id) do update set due_on = excluded.due_on`,
    [patientId, seriesId, dueOn],
  );
}

export async function getRecallForSeries(tx: Tx, seriesId: string) {
  const { rows } = await tx.query<{ id: string; dueOn: string; status: string }>(
    `select id, due_on as "dueOn", status from recalls where series_id = $1`,
    [seriesId],
  );
  return rows[0] ?? null;
}

export async function lastSessionOfSeries(tx: Tx, seriesId: string) {
  const { rows } = await tx.query<{
    id: string;
    startsAt: Date;
    maintenanceMonths: number | null;
    patientId: string;
  }>(
    `select a.id, a.starts_at as "startsAt", s.maintenance_months as "maintenanceMonths", s.patient_id as "patientId"
     from appointment_series s join appointments a on a.series_id = s.id
     where s.id = $1 and a.status not in ('cancelled', 'no_show')
     order by a.starts_at desc limit 1`,
    [seriesId],
  );
  return rows[0] ?? null;
}
