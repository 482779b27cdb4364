/**
 * Everything one slot search reads, in one query and so one round trip: the appointment type, the
 * location, the clinic's settings, opening hours and closures, providers with their weekly hours,
 * rooms and devices, each resource's busy intervals inside the window, and, for a treatment session
 * of a known patient, the latest screening (with a physician's live grant of clearance for it), the
 * series so far and what the preparation lead time reads. A prepared statement, so the plan is made
 * once per connection.
 *
 * Busy intervals come only from the window: appointments by the (clinic_id, starts_at) index with a
 * 12-hour look-back (no visit is longer), so the rows read do not grow with the diary.
 *
 * With a `hint`, the window is moved later by whole days to where the search can first hold a slot
 * (minimum notice, a dated deferral, the first date the series' minimum interval leaves open around
 * the patient's sessions, booked ones included), so that a session whose first weeks are closed still
 * needs one load; a session the screening blocks is not moved (its search stops at its first date).
 * The move is returned; it is a guess the caller checks against the dates it searches (it loads
 * again when the guess is wrong).
 */
import { DEFAULT_MIN_NOTICE_MINUTES, GENERAL_SERIES_RULE_ID } from "../../domain/scheduling/gate.ts";
import type { RoomPurpose } from "../../domain/scheduling/room-purpose.ts";
import type { Tx } from "../pool.ts";
import type { PrepMedicationRow } from "./scheduling-patient.repository.ts";
import type { AppointmentTypeRow, LocationRow, SchedulingSettings } from "./scheduling-setup.repository.ts";

/** Busy intervals as epoch milliseconds: the i-th runs from starts[i] to ends[i], in no order. */
export interface BusyTimes {
  starts: number[];
  ends: number[];
}

/** What booking reads of the patient's accepted treatment plan. */
export interface TreatmentPlanFacts {
  sessions: number;
  intervalWeeks: number;
  /** Sessions charted on the plan (open or signed). */
  charted: number;
  /** Treatment sessions booked ahead and not charted yet. */
  upcoming: number;
}

export interface SlotContextRow {
  type: AppointmentTypeRow | null;
  location: LocationRow | null;
  settings: SchedulingSettings;
  openingHours: { weekday: number; start: string; end: string }[];
  closures: { first: string; last: string }[];
  providers: {
    id: string;
    maxNeedleDepthMm: number | null;
    hours: { weekday: number; start: string; end: string }[];
    busy: BusyTimes;
  }[];
  rooms: { id: string; purpose: RoomPurpose; busy: BusyTimes }[];
  devices: { id: string; busy: BusyTimes }[];
  /** Null unless the type is a treatment session and a patient is named. */
  patient: {
    screening: Record<string, unknown> | null;
    /** The live grant of clearance for that screening (as the stored-screening reader takes it), or null. */
    grant: Record<string, unknown> | null;
    /** Other live sessions of the patient (held, booked or done), earliest first. */
    sessionStarts: number[];
    medications: PrepMedicationRow[];
    conditionIds: string[];
    /** The accepted treatment plan, when there is one. */
    treatmentPlan: TreatmentPlanFacts | null;
  } | null;
  /** Whole days the busy-time window was moved later by the hint (0 without one). */
  shiftDays: number;
}

export interface SlotContextQuery {
  typeId: string;
  /** Null: the location created first. */
  locationId: string | null;
  /** The search's first and last dates: closures ending before it are left out. */
  first: string;
  last: string;
  /**
   * Busy intervals touching [from, to) are read (which must hold the local days first..last in any
   * zone), only as far as the location's local days first..last need them.
   */
  from: Date;
  to: Date;
  /** An appointment being moved does not block itself. */
  exceptId: string | null;
  patientId: string | null;
  /**
   * Move the window to a day before the first date that can hold a slot, in the location's local
   * dates: the later of `first`, the notice and a dated deferral, then the first date at least the
   * minimum interval from each of the patient's sessions. `seriesMinWeeks`: each series rule's
   * minimum interval.
   */
  hint: { now: number; seriesMinWeeks: Record<string, number> } | null;
}

// Epoch milliseconds (double arithmetic: exact for any millisecond instant, and cheaper than numeric).
const ms = (x: string) => `round(date_part('epoch', ${x}) * 1000)::int8`;
const hours = (weekday: string, start: string, end: string) =>
  `json_build_object('weekday', ${weekday}, 'start', to_char(${start}, 'HH24:MI'), 'end', to_char(${end}, 'HH24:MI'))`;
/** Per resource, its busy intervals as two arrays (plain arrays cost less to build than JSON pairs). */
const byResource = (table: string, id: string) =>
  `(select ${id} as id, json_build_object('starts', array_agg(${ms("s")}), 'ends', array_agg(${ms("e")})) as busy
    from ${table} group by ${id})`;
const NONE = `json_build_object('starts', '{}'::int8[], 'ends', '{}'::int8[])`;

const SQL = `
with
  typ as (
    select id, name, kind, duration_minutes as "durationMinutes", price_cents as "priceCents", segments,
           buffer_minutes as "bufferMinutes", series_rule_id as "seriesRuleId",
           bookable_online as "bookableOnline", active, description
    from appointment_types where id = $1),
  loc as (
    select id, name, time_zone as "timeZone" from locations
    where ($2::uuid is null or id = $2) and retired_at is null order by created_at, name limit 1),
  -- The location's zone, when the database knows it (083): local dates below are null otherwise.
  zone as (select known_time_zone("timeZone") as tz from loc),
  session as (
    select $6::uuid as patient_id from typ where kind = 'microneedling' and $6::uuid is not null),
  scr as (
    select s.* from session join screenings s on s.patient_id = session.patient_id
    order by s.created_at desc, s.id desc limit 1),
  -- The live (not withdrawn, 081) grant of the latest screening, when that one asks for a physician's
  -- clearance: a grant counts only for the screening it names.
  grant_row as (
    select g.screening_id, g.granted_on, g.reasons, g.decision
    from scr join clearance_grants g on g.screening_id = scr.id
    where scr.outcome = 'needs-physician-clearance' and g.withdrawn_at is null
    order by g.granted_at desc, g.id limit 1),
  -- The patient's other live sessions (held, booked or done).
  sess as (
    select a.starts_at from session join appointments a on a.patient_id = session.patient_id
    join appointment_types t on t.id = a.type_id
    where t.kind = 'microneedling' and a.status not in ('cancelled', 'no_show')
      and (a.held_until is null or a.held_until > now()) and ($5::uuid is null or a.id <> $5)
    union all
    -- A session charted without an appointment (a walk-in) is a session of the series too.
    select c.created_at from session join session_charts c on c.patient_id = session.patient_id
    where c.status <> 'stopped' and c.appointment_id is null),
  -- The window's move (see SlotContextQuery.hint). Only a guess: nothing here may fail, so JSON is
  -- read only when it has the expected type, and the interval and the move are bounded.
  plan as (
    select d -> 'plan' as p
    from (select coalesce((select decision from grant_row), output) as d from scr) x
    where jsonb_typeof(d -> 'plan') = 'object'),
  min_days as (
    select 7 * least(greatest(coalesce(
      (select (p -> 'combined' -> 'intervalWeeks' ->> 'min')::numeric from plan
       where jsonb_typeof(p -> 'combined' -> 'intervalWeeks' -> 'min') = 'number'),
      ($8::jsonb ->> (select "seriesRuleId" from typ))::numeric,
      ($8::jsonb ->> $11::text)::numeric, 0), 0), 520)::int as n),
  -- The first local date the search can use: the later of the search's first date, the notice and
  -- a dated deferral; then, in a series, the first such date that is at least the minimum interval
  -- from every session (before or after it): that date itself or the end of some session's interval.
  open_from as (
    select greatest($7::date,
      ((to_timestamp(($9::int8 + (select coalesce(min(min_notice_minutes), $12::int)::int8 * 60000
        from scheduling_settings where clinic_id = app_clinic_id())) / 1000.0))
        at time zone (select tz from zone))::date,
      (select defer_until from scr)) as d),
  sess_day as (select distinct (starts_at at time zone (select tz from zone))::date as d from sess),
  first_open as (
    select min(c.d) as d from (
      select d from open_from union all
      select s.d + (select n from min_days) from sess_day s where s.d + (select n from min_days) > (select d from open_from)
    ) c
    where not exists (
      select 1 from sess_day s
      where c.d > s.d - (select n from min_days) and c.d < s.d + (select n from min_days))),
  -- A session the screening blocks (none, declined, awaiting clearance, deferred with no date) is
  -- searched from its first date: the window stays.
  shift as (
    select case
      when $8::jsonb is null then 0
      when exists (select 1 from session) and not exists (
        select 1 from scr where outcome = 'eligible' or (outcome = 'defer' and defer_until is not null)
          or (outcome = 'needs-physician-clearance' and deferral <> 'undated' and exists (select 1 from grant_row)))
        then 0
      -- A day early: the guess then holds when the database's zone rules put the day either side.
      else least(36600, greatest(0, coalesce((select d from first_open) - 1 - $7::date, 0))) end as days),
  -- [from, to) moved, narrowed to the location's local days first..last moved (with three hours to
  -- spare either side: the database's zone rules and the search's need not agree to the minute).
  win as (
    select lo, greatest(lo, hi) as hi from (
      select greatest($3::timestamptz + days * interval '24 hours',
               (($7::date + days)::timestamp at time zone (select tz from zone)) - interval '3 hours') as lo,
             least($4::timestamptz + days * interval '24 hours',
               (($10::date + 1 + days)::timestamp at time zone (select tz from zone)) + interval '3 hours') as hi
      from shift) w),
  -- A span left null is the whole visit.
  live as (
    select provider_id, room_id, device_id,
           coalesce(lower(provider_span), starts_at) as ps, coalesce(upper(provider_span), ends_at) as pe,
           coalesce(lower(room_span), starts_at) as rs, coalesce(upper(room_span), ends_at) as re,
           coalesce(lower(device_span), starts_at) as ds, coalesce(upper(device_span), ends_at) as de
    from appointments
    -- The bounds as subqueries: the planner's row estimate is then the same whatever the dates, so
    -- the statement keeps one plan per connection instead of being planned again on each run once
    -- the diary is large (the plan is the same index range either way).
    where starts_at < (select hi from win) and starts_at > (select lo - interval '12 hours' from win)
      and status not in ('cancelled', 'no_show') and (held_until is null or held_until > now())
      and ($5::uuid is null or id <> $5)),
  provider_busy as (
    select provider_id, ps as s, pe as e from live where provider_id is not null
    union all
    select provider_id, starts_at, ends_at from provider_time_off
    where tstzrange(starts_at, ends_at) && (select tstzrange(lo, hi) from win)),
  room_busy as (select room_id, rs as s, re as e from live where room_id is not null),
  device_busy as (
    select device_id, ds as s, de as e from live where device_id is not null
    union all
    select device_id, starts_at, ends_at from device_maintenance
    where tstzrange(starts_at, ends_at) && (select tstzrange(lo, hi) from win)),
  pb as materialized ${byResource("provider_busy", "provider_id")},
  rb as materialized ${byResource("room_busy", "room_id")},
  db as materialized ${byResource("device_busy", "device_id")}
select
  (select row_to_json(typ) from typ) as type,
  (select row_to_json(loc) from loc) as location,
  (select json_build_object(
     'holdMinutes', coalesce(s.hold_minutes, 10), 'minNoticeMinutes', coalesce(s.min_notice_minutes, $12::int),
     'stepMinutes', coalesce(s.step_minutes, 15), 'screeningValidDays', coalesce(s.screening_valid_days, 180),
     'maxAdvanceDays', coalesce(s.max_advance_days, 365))
   from (select app_clinic_id() as clinic_id) c left join scheduling_settings s on s.clinic_id = c.clinic_id)
    as settings,
  (select coalesce(json_agg(${hours("weekday", "opens", "closes")} order by weekday, opens), '[]')
   from opening_hours where location_id = (select id from loc)) as "openingHours",
  (select coalesce(json_agg(json_build_object('first', first_day, 'last', last_day) order by first_day), '[]')
   from closures where location_id = (select id from loc) and last_day >= $7::date) as closures,
  (select coalesce(json_agg(json_build_object(
       'id', u.id, 'maxNeedleDepthMm', u.max_needle_depth_mm,
       'hours', (select coalesce(json_agg(${hours("h.weekday", "h.starts", "h.ends")} order by h.weekday, h.starts), '[]')
                 from provider_hours h where h.provider_id = u.id and h.location_id = (select id from loc)),
       'busy', coalesce(pb.busy, ${NONE})) order by u.name), '[]')
   from users u left join pb on pb.id = u.id where u.role = 'provider' and u.disabled_at is null) as providers,
  (select coalesce(json_agg(json_build_object('id', x.id, 'purpose', x.purpose, 'busy', coalesce(rb.busy, ${NONE})) order by x.name), '[]')
   from rooms x left join rb on rb.id = x.id where x.active and x.location_id = (select id from loc)) as rooms,
  (select coalesce(json_agg(json_build_object('id', x.id, 'busy', coalesce(db.busy, ${NONE})) order by x.name), '[]')
   from devices x left join db on db.id = x.id where x.active and x.location_id = (select id from loc)) as devices,
  (select json_build_object(
     'screening', (select to_jsonb(scr.*) from scr),
     'grant', (select jsonb_build_object('screening_id', screening_id, 'granted_on', to_char(granted_on, 'YYYY-MM-DD'),
                 'reasons', to_jsonb(reasons), 'decision', decision) from grant_row),
     'sessionStarts', (select coalesce(json_agg(${ms("starts_at")} order by starts_at), '[]') from sess),
     'medications', (select coalesce(json_agg(json_build_object('ingredient', m.ingredient, 'product', m.product,
                       'rxnorm', m.rxnorm, 'route', m.route, 'prescribed', m.prescribed, 'ongoing', m.ongoing,
                       'lastTaken', m.last_taken, 'indication', m.indication)), '[]')
                     from patient_medications m where m.patient_id = session.patient_id),
     'conditionIds', (select coalesce(json_agg(distinct c.condition_id), '[]') from patient_conditions c
                      where c.patient_id = session.patient_id and c.condition_id is not null and c.status = 'active'),
     -- The accepted treatment plan: its sessions, interval, sessions charted and sessions booked ahead.
     'treatmentPlan', (select json_build_object('sessions', tp.sessions, 'intervalWeeks', tp.interval_weeks,
                         'charted', (select count(*) from session_charts c where c.plan_id = tp.id and c.status <> 'stopped'),
                         'upcoming', (select count(*) from appointments a join appointment_types t on t.id = a.type_id
                                      where a.patient_id = session.patient_id and t.kind = 'microneedling'
                                        and a.status in ('booked', 'checked_in') and a.starts_at > now()
                                        and (a.held_until is null or a.held_until > now()) and ($5::uuid is null or a.id <> $5)
                                        and not exists (select 1 from session_charts c where c.appointment_id = a.id)))
                       from treatment_plans tp where tp.patient_id = session.patient_id and tp.status = 'accepted'
                       order by tp.accepted_at desc limit 1))
   from session) as patient,
  (select days from shift) as "shiftDays"`;

export async function loadSlotContextRow(tx: Tx, q: SlotContextQuery): Promise<SlotContextRow> {
  const { rows } = await tx.query<SlotContextRow>({
    name: "slot-context.load",
    text: SQL,
    values: [
      q.typeId,
      q.locationId,
      q.from,
      q.to,
      q.exceptId,
      q.patientId,
      q.first,
      q.hint ? JSON.stringify(q.hint.seriesMinWeeks) : null,
      q.hint?.now ?? null,
      q.last,
      // The domain's constants, not copies of them: the series rule a session follows when none is
      // named, and the notice of a clinic that has set none.
      GENERAL_SERIES_RULE_ID,
      DEFAULT_MIN_NOTICE_MINUTES,
    ],
  });
  return rows[0]!;
}
