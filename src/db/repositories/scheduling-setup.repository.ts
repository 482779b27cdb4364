/**
 * A clinic's scheduling set-up: settings, opening hours, closures, providers' hours and time off,
 * rooms, devices and their maintenance, appointment types. One query per function.
 */

import type { ProviderCredential } from "../../domain/record/chart-policy.ts";
import type { RoomPurpose } from "../../domain/scheduling/room-purpose.ts";
import type { Tx } from "../pool.ts";

export interface SchedulingSettings {
  holdMinutes: number;
  minNoticeMinutes: number;
  stepMinutes: number;
  screeningValidDays: number;
  maxAdvanceDays: number;
  /** Check-in opens this many days before the visit's day; 0: on the day only (clinic time). */
  checkInDaysBefore?: number | undefined;
  /** A cancellation or move closer than this to the start is late; patients then call the clinic. */
  cancelNoticeHours?: number | undefined;
  /** A time asked for online on a patient's record lapses unconfirmed after this many hours (117). */
  requestHoldHours?: number | undefined;
}

export async function getSchedulingSettings(tx: Tx): Promise<SchedulingSettings> {
  const { rows } = await tx.query<SchedulingSettings>(
    `select coalesce(s.hold_minutes, 10) as "holdMinutes", coalesce(s.min_notice_minutes, 120) as "minNoticeMinutes",
            coalesce(s.step_minutes, 15) as "stepMinutes", coalesce(s.screening_valid_days, 180) as "screeningValidDays",
            coalesce(s.max_advance_days, 365) as "maxAdvanceDays",
            coalesce(s.check_in_days_before, 0) as "checkInDaysBefore",
            coalesce(s.cancel_notice_hours, 24) as "cancelNoticeHours",
            coalesce(s.request_hold_hours, 24) as "requestHoldHours"
     from (select app_clinic_id() as clinic_id) c left join scheduling_settings s on s.clinic_id = c.clinic_id`,
  );
  return rows[0]!;
}

export async function upsertSchedulingSettings(tx: Tx, s: SchedulingSettings): Promise<void> {
  await tx.query(
    `insert into scheduling_settings (clinic_id, hold_minutes, min_notice_minutes, step_minutes, screening_valid_days,
       max_advance_days, check_in_days_before, cancel_notice_hours, request_hold_hours)
     values (app_clinic_id(), $1, $2, $3, $4, $5, coalesce($6::int, 0), coalesce($7::int, 24), coalesce($8::int, 24))
     on conflict (clinic_id) do update set hold_minutes = excluded.hold_minutes,
       min_notice_minutes = excluded.min_notice_minutes, step_minutes = excluded.step_minutes,
       screening_valid_days = excluded.screening_valid_days, max_advance_days = excluded.max_advance_days,
       check_in_days_before = coalesce($6::int, scheduling_settings.check_in_days_before),
       cancel_notice_hours = coalesce($7::int, scheduling_settings.cancel_notice_hours),
       request_hold_hours = coalesce($8::int, scheduling_settings.request_hold_hours)`,
    [
      s.holdMinutes,
      s.minNoticeMinutes,
      s.stepMinutes,
      s.screeningValidDays,
      s.maxAdvanceDays,
      s.checkInDaysBefore ?? null,
      s.cancelNoticeHours ?? null,
      s.requestHoldHours ?? null,
    ],
  );
}

export interface LocationRow {
  id: string;
  name: string;
  timeZone: string;
}

export async function listLocations(tx: Tx): Promise<LocationRow[]> {
  const { rows } = await tx.query<LocationRow>(
    `select id, name, time_zone as "timeZone" from locations order by created_at, name`,
  );
  return rows;
}

export interface HoursRow {
  id: string;
  locationId: string;
  weekday: number;
  start: string;
  end: string;
}

export async function listOpeningHours(tx: Tx, locationId: string | null): Promise<HoursRow[]> {
  const { rows } = await tx.query<HoursRow>(
    `select id, location_id as "locationId", weekday, to_char(opens, 'HH24:MI') as start, to_char(closes, 'HH24:MI') as "end"
     from opening_hours where ($1::uuid is null or location_id = $1) order by location_id, weekday, opens`,
    [locationId],
  );
  return rows;
}

export async function deleteOpeningHours(tx: Tx, locationId: string): Promise<void> {
  await tx.query("delete from opening_hours where location_id = $1", [locationId]);
}

export async function insertOpeningHours(
  tx: Tx,
  locationId: string,
  hours: { weekday: number; start: string; end: string }[],
): Promise<void> {
  await tx.query(
    `insert into opening_hours (clinic_id, location_id, weekday, opens, closes)
     select app_clinic_id(), $1, h.weekday, h.start::time, h."end"::time
     from jsonb_to_recordset($2::jsonb) as h(weekday smallint, start text, "end" text)`,
    [locationId, JSON.stringify(hours)],
  );
}

export interface ClosureRow {
  id: string;
  locationId: string;
  first: string;
  last: string;
  reason: string;
}

export async function listClosures(
  tx: Tx,
  locationId: string | null,
  from: string | null,
): Promise<ClosureRow[]> {
  const { rows } = await tx.query<ClosureRow>(
    `select id, location_id as "locationId", first_day as first, last_day as last, reason from closures
     where ($1::uuid is null or location_id = $1) and ($2::date is null or last_day >= $2)
     order by first_day`,
    [locationId, from],
  );
  return rows;
}

export async function insertClosure(tx: Tx, c: Omit<ClosureRow, "id">): Promise<ClosureRow> {
  const { rows } = await tx.query<ClosureRow>(
    `insert into closures (clinic_id, location_id, first_day, last_day, reason) values (app_clinic_id(), $1, $2, $3, $4)
     returning id, location_id as "locationId", first_day as first, last_day as last, reason`,
    [c.locationId, c.first, c.last, c.reason],
  );
  return rows[0]!;
}

export async function deleteClosure(tx: Tx, id: string): Promise<boolean> {
  return ((await tx.query("delete from closures where id = $1", [id])).rowCount ?? 0) > 0;
}

export interface ProviderRow {
  id: string;
  name: string;
  /** The database allows only these (users' check constraint). */
  credential: ProviderCredential;
  maxNeedleDepthMm: number;
}

export async function listProviders(tx: Tx): Promise<ProviderRow[]> {
  const { rows } = await tx.query<ProviderRow>(
    `select id, name, credential, max_needle_depth_mm as "maxNeedleDepthMm" from users
     where role = 'provider' and disabled_at is null order by name`,
  );
  return rows;
}

export interface ProviderHoursRow extends HoursRow {
  providerId: string;
}

export async function listProviderHours(tx: Tx, locationId: string | null): Promise<ProviderHoursRow[]> {
  const { rows } = await tx.query<ProviderHoursRow>(
    `select id, provider_id as "providerId", location_id as "locationId", weekday,
            to_char(starts, 'HH24:MI') as start, to_char(ends, 'HH24:MI') as "end"
     from provider_hours where ($1::uuid is null or location_id = $1) order by provider_id, weekday, starts`,
    [locationId],
  );
  return rows;
}

export async function deleteProviderHours(tx: Tx, providerId: string): Promise<void> {
  await tx.query("delete from provider_hours where provider_id = $1", [providerId]);
}

export async function insertProviderHours(
  tx: Tx,
  providerId: string,
  hours: { locationId: string; weekday: number; start: string; end: string }[],
): Promise<void> {
  await tx.query(
    `insert into provider_hours (clinic_id, provider_id, location_id, weekday, starts, ends)
     select app_clinic_id(), $1, h."locationId", h.weekday, h.start::time, h."end"::time
     from jsonb_to_recordset($2::jsonb) as h("locationId" uuid, weekday smallint, start text, "end" text)`,
    [providerId, JSON.stringify(hours)],
  );
}

export interface BlockRow {
  id: string;
  resourceId: string;
  startsAt: Date;
  endsAt: Date;
  reason: string;
}

export async function listTimeOff(tx: Tx, from: Date, to: Date): Promise<BlockRow[]> {
  const { rows } = await tx.query<BlockRow>(
    `select id, provider_id as "resourceId", starts_at as "startsAt", ends_at as "endsAt", reason from provider_time_off
     where tstzrange(starts_at, ends_at) && tstzrange($1, $2) order by starts_at`,
    [from, to],
  );
  return rows;
}

export async function insertTimeOff(tx: Tx, b: Omit<BlockRow, "id">): Promise<BlockRow> {
  const { rows } = await tx.query<BlockRow>(
    `insert into provider_time_off (clinic_id, provider_id, starts_at, ends_at, reason) values (app_clinic_id(), $1, $2, $3, $4)
     returning id, provider_id as "resourceId", starts_at as "startsAt", ends_at as "endsAt", reason`,
    [b.resourceId, b.startsAt, b.endsAt, b.reason],
  );
  return rows[0]!;
}

export async function deleteTimeOff(tx: Tx, id: string): Promise<boolean> {
  return ((await tx.query("delete from provider_time_off where id = $1", [id])).rowCount ?? 0) > 0;
}

export async function listMaintenance(tx: Tx, from: Date, to: Date): Promise<BlockRow[]> {
  const { rows } = await tx.query<BlockRow>(
    `select id, device_id as "resourceId", starts_at as "startsAt", ends_at as "endsAt", reason from device_maintenance
     where tstzrange(starts_at, ends_at) && tstzrange($1, $2) order by starts_at`,
    [from, to],
  );
  return rows;
}

export async function insertMaintenance(tx: Tx, b: Omit<BlockRow, "id">): Promise<BlockRow> {
  const { rows } = await tx.query<BlockRow>(
    `insert into device_maintenance (clinic_id, device_id, starts_at, ends_at, reason) values (app_clinic_id(), $1, $2, $3, $4)
     returning id, device_id as "resourceId", starts_at as "startsAt", ends_at as "endsAt", reason`,
    [b.resourceId, b.startsAt, b.endsAt, b.reason],
  );
  return rows[0]!;
}

export async function deleteMaintenance(tx: Tx, id: string): Promise<boolean> {
  return ((await tx.query("delete from device_maintenance where id = $1", [id])).rowCount ?? 0) > 0;
}

export interface ResourceRow {
  id: string;
  locationId: string;
  name: string;
  active: boolean;
  model?: string | null;
  serialNumber?: string | null;
}

export interface RoomRow extends ResourceRow {
  purpose: RoomPurpose;
}

export async function listRooms(tx: Tx): Promise<RoomRow[]> {
  const { rows } = await tx.query<RoomRow>(
    `select id, location_id as "locationId", name, active, purpose from rooms order by name`,
  );
  return rows;
}

export async function insertRoom(
  tx: Tx,
  r: { locationId: string; name: string; purpose: RoomPurpose },
): Promise<RoomRow> {
  const { rows } = await tx.query<RoomRow>(
    `insert into rooms (clinic_id, location_id, name, purpose) values (app_clinic_id(), $1, $2, $3)
     returning id, location_id as "locationId", name, active, purpose`,
    [r.locationId, r.name, r.purpose],
  );
  return rows[0]!;
}

export async function updateRoom(
  tx: Tx,
  id: string,
  r: { name?: string | undefined; active?: boolean | undefined; purpose?: RoomPurpose | undefined },
): Promise<RoomRow | null> {
  const { rows } = await tx.query<RoomRow>(
    `update rooms set name = coalesce($2, name), active = coalesce($3, active), purpose = coalesce($4, purpose)
     where id = $1
     returning id, location_id as "locationId", name, active, purpose`,
    [id, r.name ?? null, r.active ?? null, r.purpose ?? null],
  );
  return rows[0] ?? null;
}

export async function listDevices(tx: Tx): Promise<ResourceRow[]> {
  const { rows } = await tx.query<ResourceRow>(
    `select id, location_id as "locationId", name, active, model, serial_number as "serialNumber" from devices order by name`,
  );
  return rows;
}

export async function insertDevice(
  tx: Tx,
  d: { locationId: string; name: string; model: string | null; serialNumber: string | null },
): Promise<ResourceRow> {
  const { rows } = await tx.query<ResourceRow>(
    `insert into devices (clinic_id, location_id, name, model, serial_number) values (app_clinic_id(), $1, $2, $3, $4)
     returning id, location_id as "locationId", name, active, model, serial_number as "serialNumber"`,
    [d.locationId, d.name, d.model, d.serialNumber],
  );
  return rows[0]!;
}

export async function updateDevice(
  tx: Tx,
  id: string,
  d: {
    name?: string | undefined;
    active?: boolean | undefined;
    model?: string | null | undefined;
    serialNumber?: string | null | undefined;
  },
): Promise<ResourceRow | null> {
  // model and serial number: left out, unchanged; null or empty, cleared.
  const { rows } = await tx.query<ResourceRow>(
    `update devices set name = coalesce($2, name), active = coalesce($3, active),
       model = case when $4::boolean then nullif($5, '') else model end,
       serial_number = case when $6::boolean then nullif($7, '') else serial_number end
     where id = $1
     returning id, location_id as "locationId", name, active, model, serial_number as "serialNumber"`,
    [
      id,
      d.name ?? null,
      d.active ?? null,
      d.model !== undefined,
      d.model ?? null,
      d.serialNumber !== undefined,
      d.serialNumber ?? null,
    ],
  );
  return rows[0] ?? null;
}

export interface SegmentRow {
  kind: string;
  minutes: number;
  provider: boolean;
  room: boolean;
  device: boolean;
}

export interface AppointmentTypeRow {
  id: string;
  name: string;
  kind: "consultation" | "microneedling" | "review";
  durationMinutes: number;
  priceCents: number;
  segments: SegmentRow[] | null;
  bufferMinutes: number;
  seriesRuleId: string | null;
  /** The treatment zones the type covers: a plan is priced by the type covering its zones. */
  zones: string[];
  bookableOnline: boolean;
  active: boolean;
  description: string;
}

const TYPE_COLUMNS = `id, name, kind, duration_minutes as "durationMinutes", price_cents as "priceCents", segments,
  buffer_minutes as "bufferMinutes", series_rule_id as "seriesRuleId", zones, bookable_online as "bookableOnline", active, description`;

export async function listAppointmentTypes(tx: Tx): Promise<AppointmentTypeRow[]> {
  const { rows } = await tx.query<AppointmentTypeRow>(
    `select ${TYPE_COLUMNS} from appointment_types order by kind, name`,
  );
  return rows;
}

export async function getAppointmentType(tx: Tx, id: string): Promise<AppointmentTypeRow | null> {
  const { rows } = await tx.query<AppointmentTypeRow>(
    `select ${TYPE_COLUMNS} from appointment_types where id = $1`,
    [id],
  );
  return rows[0] ?? null;
}

/** zones null: unchanged on an update, none on a new type. */
export type NewAppointmentType = Omit<AppointmentTypeRow, "id" | "zones"> & { zones: string[] | null };

export async function insertAppointmentType(tx: Tx, t: NewAppointmentType): Promise<AppointmentTypeRow> {
  const { rows } = await tx.query<AppointmentTypeRow>(
    `insert into appointment_types (clinic_id, name, kind, duration_minutes, price_cents, segments, buffer_minutes,
       series_rule_id, bookable_online, active, description, zones)
     values (app_clinic_id(), $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, coalesce($11::text[], '{}')) returning ${TYPE_COLUMNS}`,
    [
      t.name,
      t.kind,
      t.durationMinutes,
      t.priceCents,
      t.segments === null ? null : JSON.stringify(t.segments),
      t.bufferMinutes,
      t.seriesRuleId,
      t.bookableOnline,
      t.active,
      t.description,
      t.zones,
    ],
  );
  return rows[0]!;
}

export async function updateAppointmentType(
  tx: Tx,
  id: string,
  t: NewAppointmentType,
): Promise<AppointmentTypeRow | null> {
  const { rows } = await tx.query<AppointmentTypeRow>(
    `update appointment_types set name = $2, kind = $3, duration_minutes = $4, price_cents = $5, segments = $6,
       buffer_minutes = $7, series_rule_id = $8, bookable_online = $9, active = $10, description = $11,
       zones = coalesce($12::text[], zones)
     where id = $1 returning ${TYPE_COLUMNS}`,
    [
      id,
      t.name,
      t.kind,
      t.durationMinutes,
      t.priceCents,
      t.segments === null ? null : JSON.stringify(t.segments),
      t.bufferMinutes,
      t.seriesRuleId,
      t.bookableOnline,
      t.active,
      t.description,
      t.zones,
    ],
  );
  return rows[0] ?? null;
}

// Owner set-up additions: locations and a provider's licence.

export async function insertLocation(
  tx: Tx,
  l: { name: string; timeZone: string; address: string | null },
): Promise<LocationRow> {
  const { rows } = await tx.query<LocationRow>(
    `insert into locations (clinic_id, name, time_zone, address) values (app_clinic_id(), $1, $2, $3)
     returning id, name, time_zone as "timeZone"`,
    [l.name, l.timeZone, l.address],
  );
  return rows[0]!;
}

/** A provider's credential and licence depth; null when no active provider has that id. */
export async function updateProviderLicence(
  tx: Tx,
  id: string,
  l: { credential: string; maxNeedleDepthMm: number },
): Promise<ProviderRow | null> {
  const { rows } = await tx.query<ProviderRow>(
    `update users set credential = $2, max_needle_depth_mm = $3
     where id = $1 and role = 'provider' and disabled_at is null
     returning id, name, credential, max_needle_depth_mm as "maxNeedleDepthMm"`,
    [id, l.credential, l.maxNeedleDepthMm],
  );
  return rows[0] ?? null;
}

/** The clinic's day-before reminder time as "HH:MM", or null when it keeps the default. */
export async function getDayBeforeReminderTime(tx: Tx): Promise<string | null> {
  const { rows } = await tx.query<{ time: string | null }>(
    `select to_char(day_before_reminder_time, 'HH24:MI') as time from scheduling_settings
     where clinic_id = app_clinic_id()`,
  );
  return rows[0]?.time ?? null;
}

/** Sets the day-before reminder time ("HH:MM"), keeping the other settings (or their defaults). */
export async function setDayBeforeReminderTime(tx: Tx, time: string): Promise<void> {
  await tx.query(
    `insert into scheduling_settings (clinic_id, day_before_reminder_time) values (app_clinic_id(), $1::time)
     on conflict (clinic_id) do update set day_before_reminder_time = excluded.day_before_reminder_time`,
    [time],
  );
}

export interface LocationDetail extends LocationRow {
  address: string | null;
  retiredAt: Date | null;
}

/** Every location with its address and retirement, open ones first. */
export async function listLocationDetails(tx: Tx): Promise<LocationDetail[]> {
  const { rows } = await tx.query<LocationDetail>(
    `select id, name, time_zone as "timeZone", address, retired_at as "retiredAt" from locations
     order by retired_at is not null, created_at, name`,
  );
  return rows;
}

/** Renames a location (and sets its address); null when there is no such location. */
export async function renameLocation(
  tx: Tx,
  id: string,
  l: { name: string; address: string | null },
): Promise<LocationDetail | null> {
  const { rows } = await tx.query<LocationDetail>(
    `update locations set name = $2, address = $3 where id = $1
     returning id, name, time_zone as "timeZone", address, retired_at as "retiredAt"`,
    [id, l.name, l.address],
  );
  return rows[0] ?? null;
}

/** Retires a location (keeping the first retirement time); null when there is no such location. */
export async function retireLocation(tx: Tx, id: string): Promise<LocationDetail | null> {
  const { rows } = await tx.query<LocationDetail>(
    `update locations set retired_at = coalesce(retired_at, now()) where id = $1
     returning id, name, time_zone as "timeZone", address, retired_at as "retiredAt"`,
    [id],
  );
  return rows[0] ?? null;
}

/** Reopens a retired location; null when there is no such location or it is not retired. */
export async function reopenLocation(tx: Tx, id: string): Promise<LocationDetail | null> {
  const { rows } = await tx.query<LocationDetail>(
    `update locations set retired_at = null where id = $1 and retired_at is not null
     returning id, name, time_zone as "timeZone", address, retired_at as "retiredAt"`,
    [id],
  );
  return rows[0] ?? null;
}

/** Future live appointments at a location (what a retirement leaves to rebook or keep). */
export async function countFutureAppointmentsAt(tx: Tx, locationId: string): Promise<number> {
  const { rows } = await tx.query<{ n: number }>(
    `select count(*)::int as n from appointments
     where location_id = $1 and starts_at > now() and status not in ('cancelled', 'no_show')`,
    [locationId],
  );
  return rows[0]?.n ?? 0;
}
