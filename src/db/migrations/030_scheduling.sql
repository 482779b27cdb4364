-- Scheduling: a clinic's opening hours and closures, providers' hours and time off, device
-- maintenance, appointment types made of segments, and appointments that reserve each resource
-- only for the part of the visit that needs it. The exclusion constraints keep deciding, in the
-- database, that no provider, room or device is ever booked twice at once.

create table scheduling_settings (
  clinic_id uuid primary key references clinics(id),
  -- How long an online hold keeps a slot while the patient finishes booking.
  hold_minutes integer not null default 10 check (hold_minutes between 1 and 60),
  -- No slot offered closer than this to "now".
  min_notice_minutes integer not null default 120 check (min_notice_minutes between 0 and 20160),
  -- Slots start on this grid (clinic-local minutes from the opening time).
  step_minutes integer not null default 15 check (step_minutes in (5, 10, 15, 20, 30, 60)),
  -- A screening is current for this many days; a session needs a current one.
  screening_valid_days integer not null default 180 check (screening_valid_days between 1 and 730),
  max_advance_days integer not null default 365 check (max_advance_days between 1 and 1095)
);

create table opening_hours (
  id uuid primary key default gen_random_uuid(),
  clinic_id uuid not null references clinics(id),
  location_id uuid not null,
  weekday smallint not null check (weekday between 1 and 7), -- ISO: 1 = Monday
  opens time not null,
  closes time not null,
  check (closes > opens),
  foreign key (clinic_id, location_id) references locations (clinic_id, id) on delete cascade
);
create index opening_hours_location on opening_hours (clinic_id, location_id, weekday);

create table closures (
  id uuid primary key default gen_random_uuid(),
  clinic_id uuid not null references clinics(id),
  location_id uuid not null,
  first_day date not null,
  last_day date not null,
  reason text not null default '' check (length(reason) <= 200),
  check (last_day >= first_day),
  foreign key (clinic_id, location_id) references locations (clinic_id, id) on delete cascade
);
create index closures_location on closures (clinic_id, location_id, first_day);

create table provider_hours (
  id uuid primary key default gen_random_uuid(),
  clinic_id uuid not null references clinics(id),
  provider_id uuid not null,
  location_id uuid not null,
  weekday smallint not null check (weekday between 1 and 7),
  starts time not null,
  ends time not null,
  check (ends > starts),
  foreign key (clinic_id, provider_id) references users (clinic_id, id) on delete cascade,
  foreign key (clinic_id, location_id) references locations (clinic_id, id) on delete cascade
);
create index provider_hours_provider on provider_hours (clinic_id, provider_id, weekday);

create table provider_time_off (
  id uuid primary key default gen_random_uuid(),
  clinic_id uuid not null references clinics(id),
  provider_id uuid not null,
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  reason text not null default '' check (length(reason) <= 200),
  check (ends_at > starts_at),
  foreign key (clinic_id, provider_id) references users (clinic_id, id) on delete cascade
);
create index provider_time_off_range on provider_time_off using gist (provider_id, tstzrange(starts_at, ends_at));

create table device_maintenance (
  id uuid primary key default gen_random_uuid(),
  clinic_id uuid not null references clinics(id),
  device_id uuid not null,
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  reason text not null default '' check (length(reason) <= 200),
  check (ends_at > starts_at),
  foreign key (clinic_id, device_id) references devices (clinic_id, id) on delete cascade
);
create index device_maintenance_range on device_maintenance using gist (device_id, tstzrange(starts_at, ends_at));

alter table rooms add column active boolean not null default true;
alter table devices add column active boolean not null default true;

-- Segments: [{kind, minutes, provider, room, device}], in order. Null = one segment using the
-- kind's usual resources (a consultation: provider + room).
alter table appointment_types
  add column segments jsonb,
  add column buffer_minutes integer not null default 0 check (buffer_minutes between 0 and 120),
  add column series_rule_id text,
  add column bookable_online boolean not null default false,
  add column active boolean not null default true,
  add column description text not null default '' check (length(description) <= 1000);

alter table appointments
  -- The part of the visit each resource is reserved for; null = the whole visit.
  add column provider_span tstzrange,
  add column room_span tstzrange,
  add column device_span tstzrange,
  add column segments jsonb,
  -- A hold keeps the slot until this instant; null once confirmed. Expired holds are deleted
  -- before any booking that overlaps them, and by the reminder worker.
  add column held_until timestamptz,
  add column hold_token_hash bytea,
  add column series_id uuid,
  add column series_index integer check (series_index between 1 and 52),
  add column booked_via text not null default 'staff' check (booked_via in ('staff', 'online', 'portal')),
  add column checked_in_at timestamptz,
  add column status_reason text,
  add column updated_at timestamptz not null default now(),
  add constraint appointments_spans_nonempty check (
    (provider_span is null or not isempty(provider_span)) and
    (room_span is null or not isempty(room_span)) and
    (device_span is null or not isempty(device_span)));

alter table appointments
  drop constraint appointments_provider_free,
  drop constraint appointments_room_free,
  drop constraint appointments_device_free;
alter table appointments
  add constraint appointments_provider_free exclude using gist
    (provider_id with =, coalesce(provider_span, tstzrange(starts_at, ends_at)) with &&)
    where (provider_id is not null and status not in ('cancelled', 'no_show')),
  add constraint appointments_room_free exclude using gist
    (room_id with =, coalesce(room_span, tstzrange(starts_at, ends_at)) with &&)
    where (room_id is not null and status not in ('cancelled', 'no_show')),
  add constraint appointments_device_free exclude using gist
    (device_id with =, coalesce(device_span, tstzrange(starts_at, ends_at)) with &&)
    where (device_id is not null and status not in ('cancelled', 'no_show'));
alter table appointments add constraint appointments_clinic_row unique (clinic_id, id);
create index appointments_held on appointments (held_until) where held_until is not null;
create index appointments_series on appointments (clinic_id, series_id) where series_id is not null;

-- What happened to an appointment and why: booked, confirmed, moved, cancelled, no-show, check-in.
create table appointment_events (
  id bigserial primary key,
  clinic_id uuid not null references clinics(id),
  appointment_id uuid not null,
  at timestamptz not null default clock_timestamp(),
  actor_user_id uuid,
  action text not null check (action in ('held', 'booked', 'confirmed', 'rescheduled', 'cancelled',
                                         'no_show', 'checked_in', 'completed')),
  reason text,
  note text check (length(note) <= 500),
  from_starts_at timestamptz,
  to_starts_at timestamptz,
  foreign key (clinic_id, appointment_id) references appointments (clinic_id, id) on delete cascade
);
create index appointment_events_appointment on appointment_events (clinic_id, appointment_id, at);

-- A series booked at once; the maintenance recall is due after its last session.
create table appointment_series (
  id uuid primary key default gen_random_uuid(),
  clinic_id uuid not null references clinics(id),
  patient_id uuid not null,
  type_id uuid not null,
  series_rule_id text,
  sessions integer not null check (sessions between 1 and 52),
  interval_weeks integer not null check (interval_weeks between 1 and 26),
  maintenance_months integer check (maintenance_months between 1 and 36),
  protocol_version text,
  created_at timestamptz not null default now(),
  unique (clinic_id, id),
  foreign key (clinic_id, patient_id) references patients (clinic_id, id),
  foreign key (clinic_id, type_id) references appointment_types (clinic_id, id)
);
alter table appointments add foreign key (clinic_id, series_id) references appointment_series (clinic_id, id);

create table recalls (
  id uuid primary key default gen_random_uuid(),
  clinic_id uuid not null references clinics(id),
  patient_id uuid not null,
  series_id uuid,
  due_on date not null,
  status text not null default 'due' check (status in ('due', 'sent', 'booked', 'dismissed')),
  created_at timestamptz not null default now(),
  foreign key (clinic_id, patient_id) references patients (clinic_id, id),
  foreign key (clinic_id, series_id) references appointment_series (clinic_id, id) on delete cascade,
  unique (clinic_id, series_id)
);

-- Secret, revocable calendar feed URLs. Only the hash of the token is kept.
create table calendar_feeds (
  id uuid primary key default gen_random_uuid(),
  clinic_id uuid not null references clinics(id),
  patient_id uuid,
  provider_id uuid,
  token_hash bytea not null unique,
  created_by uuid,
  created_at timestamptz not null default now(),
  revoked_at timestamptz,
  check ((patient_id is null) <> (provider_id is null)),
  foreign key (clinic_id, patient_id) references patients (clinic_id, id),
  foreign key (clinic_id, provider_id) references users (clinic_id, id)
);

-- Messages to patients. Sent by the reminder worker through SMTP when configured; otherwise they
-- stay here for staff to read. A failed send keeps the row with its error, so nothing is lost.
create table outbox (
  id uuid primary key default gen_random_uuid(),
  clinic_id uuid not null references clinics(id),
  kind text not null check (kind in ('confirmation', 'day-before', 'prep', 'next-session', 'maintenance',
                                     'cancellation', 'rescheduled')),
  patient_id uuid,
  appointment_id uuid,
  to_address text not null,
  subject text not null,
  body_text text not null,
  ics text,
  -- One message per purpose: the same reminder is never queued twice.
  dedupe_key text not null,
  send_after timestamptz not null default now(),
  created_at timestamptz not null default now(),
  sent_at timestamptz,
  attempts integer not null default 0,
  last_error text,
  unique (clinic_id, dedupe_key),
  foreign key (clinic_id, patient_id) references patients (clinic_id, id)
);
create index outbox_pending on outbox (send_after) where sent_at is null;

do $$
declare t text;
begin
  foreach t in array array['scheduling_settings', 'opening_hours', 'closures', 'provider_hours', 'provider_time_off',
                           'device_maintenance', 'appointment_events', 'appointment_series', 'recalls',
                           'calendar_feeds', 'outbox']
  loop
    execute format('alter table %I enable row level security', t);
    execute format('create policy clinic_rows on %I using (clinic_id = app_clinic_id()) with check (clinic_id = app_clinic_id())', t);
    execute format('grant select, insert, update, delete on %I to remodel_app', t);
  end loop;
end $$;
grant usage on sequence appointment_events_id_seq to remodel_app;

-- Calendar apps fetch a feed without a session: which clinic and whose feed a token opens.
create function calendar_feed_find(p_token_hash bytea)
returns table (feed_id uuid, clinic_id uuid, patient_id uuid, provider_id uuid)
language sql stable security definer set search_path = public, pg_temp
as $$
  select f.id, f.clinic_id, f.patient_id, f.provider_id from calendar_feeds f
  where f.token_hash = p_token_hash and f.revoked_at is null
$$;
revoke all on function calendar_feed_find(bytea) from public;
grant execute on function calendar_feed_find(bytea) to remodel_app;

-- The reminder worker sweeps every clinic: which clinics have work due.
create function scheduling_clinics() returns setof uuid
language sql stable security definer set search_path = public, pg_temp
as $$ select id from clinics $$;
revoke all on function scheduling_clinics() from public;
grant execute on function scheduling_clinics() to remodel_app;
