-- Foundation: clinics (tenants), their places, people, sessions, appointments and the audit log.
-- Every clinic-owned row carries clinic_id; row-level security limits the application role
-- (remodel_app) to the clinic set for the current transaction (app.clinic_id).

create extension if not exists btree_gist;
create extension if not exists citext;

-- The role the application runs its queries as. Cluster-wide, so tolerate a concurrent creator.
do $$
begin
  if not exists (select 1 from pg_roles where rolname = 'remodel_app') then
    create role remodel_app nologin;
  end if;
exception when duplicate_object or unique_violation then null;
end $$;

-- The clinic of the current transaction, or null when none is set (then every policy hides all).
create function app_clinic_id() returns uuid
language sql stable
as $$ select nullif(current_setting('app.clinic_id', true), '')::uuid $$;

create table clinics (
  id uuid primary key default gen_random_uuid(),
  slug text not null unique check (slug ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
  name text not null check (length(name) between 1 and 200),
  time_zone text not null,
  phone text,
  email text,
  created_at timestamptz not null default now()
);

create table locations (
  id uuid primary key default gen_random_uuid(),
  clinic_id uuid not null references clinics(id),
  name text not null,
  time_zone text not null,
  address text,
  created_at timestamptz not null default now(),
  unique (clinic_id, id)
);

create table patients (
  id uuid primary key default gen_random_uuid(),
  clinic_id uuid not null references clinics(id),
  given_name text not null check (length(given_name) between 1 and 100),
  family_name text not null check (length(family_name) between 1 and 100),
  date_of_birth date not null,
  sex text not null check (sex in ('female', 'male', 'other', 'unknown')),
  email citext,
  phone text,
  fitzpatrick text check (fitzpatrick in ('I', 'II', 'III', 'IV', 'V', 'VI')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (clinic_id, id)
);
create index patients_clinic_name on patients (clinic_id, family_name, given_name);

create table users (
  id uuid primary key default gen_random_uuid(),
  clinic_id uuid not null references clinics(id),
  email citext not null,
  name text not null check (length(name) between 1 and 200),
  role text not null check (role in ('owner', 'provider', 'front_desk', 'patient')),
  credential text check (credential in ('physician', 'nurse', 'aesthetician')),
  max_needle_depth_mm numeric(3, 2) check (max_needle_depth_mm > 0 and max_needle_depth_mm <= 3),
  patient_id uuid,
  password_hash text,
  disabled_at timestamptz,
  created_at timestamptz not null default now(),
  unique (clinic_id, email),
  unique (clinic_id, id),
  foreign key (clinic_id, patient_id) references patients (clinic_id, id),
  -- A provider has a credential and a licence depth; nobody else does. A patient account is a patient's.
  check ((role = 'provider') = (credential is not null and max_needle_depth_mm is not null)),
  check ((role = 'patient') = (patient_id is not null))
);

create table sessions (
  id uuid primary key default gen_random_uuid(),
  clinic_id uuid not null references clinics(id),
  user_id uuid not null,
  token_hash bytea not null unique,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  expires_at timestamptz not null,
  revoked_at timestamptz,
  ip inet,
  user_agent text,
  foreign key (clinic_id, user_id) references users (clinic_id, id)
);
create index sessions_user on sessions (clinic_id, user_id);

create table invitations (
  id uuid primary key default gen_random_uuid(),
  clinic_id uuid not null references clinics(id),
  email citext not null,
  name text not null,
  role text not null check (role in ('owner', 'provider', 'front_desk')),
  credential text check (credential in ('physician', 'nurse', 'aesthetician')),
  max_needle_depth_mm numeric(3, 2),
  token_hash bytea not null unique,
  invited_by uuid not null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  accepted_at timestamptz,
  foreign key (clinic_id, invited_by) references users (clinic_id, id),
  check ((role = 'provider') = (credential is not null and max_needle_depth_mm is not null))
);

create table rooms (
  id uuid primary key default gen_random_uuid(),
  clinic_id uuid not null references clinics(id),
  location_id uuid not null,
  name text not null,
  unique (clinic_id, id),
  foreign key (clinic_id, location_id) references locations (clinic_id, id)
);

create table devices (
  id uuid primary key default gen_random_uuid(),
  clinic_id uuid not null references clinics(id),
  location_id uuid not null,
  name text not null,
  model text,
  serial_number text,
  unique (clinic_id, id),
  foreign key (clinic_id, location_id) references locations (clinic_id, id)
);

create table appointment_types (
  id uuid primary key default gen_random_uuid(),
  clinic_id uuid not null references clinics(id),
  name text not null,
  kind text not null check (kind in ('consultation', 'microneedling', 'review')),
  duration_minutes integer not null check (duration_minutes between 5 and 480),
  price_cents integer not null default 0 check (price_cents >= 0),
  unique (clinic_id, id)
);

create table appointments (
  id uuid primary key default gen_random_uuid(),
  clinic_id uuid not null references clinics(id),
  location_id uuid not null,
  patient_id uuid not null,
  type_id uuid not null,
  provider_id uuid,
  room_id uuid,
  device_id uuid,
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  status text not null default 'booked'
    check (status in ('booked', 'checked_in', 'completed', 'cancelled', 'no_show')),
  created_at timestamptz not null default now(),
  check (ends_at > starts_at),
  foreign key (clinic_id, location_id) references locations (clinic_id, id),
  foreign key (clinic_id, patient_id) references patients (clinic_id, id),
  foreign key (clinic_id, type_id) references appointment_types (clinic_id, id),
  foreign key (clinic_id, provider_id) references users (clinic_id, id),
  foreign key (clinic_id, room_id) references rooms (clinic_id, id),
  foreign key (clinic_id, device_id) references devices (clinic_id, id),
  -- The database, not the application, decides that a provider, room or device is never
  -- double-booked: two concurrent bookings cannot both commit.
  constraint appointments_provider_free exclude using gist
    (provider_id with =, tstzrange(starts_at, ends_at) with &&)
    where (provider_id is not null and status not in ('cancelled', 'no_show')),
  constraint appointments_room_free exclude using gist
    (room_id with =, tstzrange(starts_at, ends_at) with &&)
    where (room_id is not null and status not in ('cancelled', 'no_show')),
  constraint appointments_device_free exclude using gist
    (device_id with =, tstzrange(starts_at, ends_at) with &&)
    where (device_id is not null and status not in ('cancelled', 'no_show'))
);
create index appointments_patient on appointments (clinic_id, patient_id, starts_at);
create index appointments_day on appointments (clinic_id, starts_at);

-- Append-only record of every read and write of clinical data.
create table audit_log (
  id bigserial primary key,
  clinic_id uuid not null references clinics(id),
  at timestamptz not null default clock_timestamp(),
  actor_user_id uuid,
  actor_role text,
  action text not null,
  resource_type text not null,
  resource_id text,
  ip inet,
  user_agent text,
  detail jsonb not null default '{}'
);
create index audit_log_resource on audit_log (clinic_id, resource_type, resource_id, at);

create function audit_log_is_append_only() returns trigger
language plpgsql as $$
begin
  raise exception 'audit_log is append-only' using errcode = 'insufficient_privilege';
end $$;
create trigger audit_log_no_update before update or delete on audit_log
  for each row execute function audit_log_is_append_only();
create trigger audit_log_no_truncate before truncate on audit_log
  for each statement execute function audit_log_is_append_only();

-- Row-level security: the application role sees and writes only its clinic's rows.
alter table clinics enable row level security;
create policy clinic_self on clinics using (id = app_clinic_id());

do $$
declare t text;
begin
  foreach t in array array['locations', 'patients', 'users', 'sessions', 'invitations', 'rooms', 'devices',
                           'appointment_types', 'appointments']
  loop
    execute format('alter table %I enable row level security', t);
    execute format('create policy clinic_rows on %I using (clinic_id = app_clinic_id()) with check (clinic_id = app_clinic_id())', t);
    execute format('grant select, insert, update, delete on %I to remodel_app', t);
  end loop;
end $$;

alter table audit_log enable row level security;
create policy clinic_rows_read on audit_log for select using (clinic_id = app_clinic_id());
create policy clinic_rows_append on audit_log for insert with check (clinic_id = app_clinic_id());
grant select, insert on audit_log to remodel_app;
grant usage on sequence audit_log_id_seq to remodel_app;
grant select on clinics to remodel_app;
grant usage on schema public to remodel_app;

-- Narrow doors through the tenant wall, for the moments before a clinic is known.
-- Each runs as its owner (not subject to the policies above) and returns only what it must.

-- Sign-in: the accounts with this e-mail, in any clinic, to check a password against.
create function auth_find_accounts(p_email citext)
returns table (user_id uuid, clinic_id uuid, clinic_slug text, password_hash text)
language sql stable security definer set search_path = public, pg_temp
as $$
  select u.id, u.clinic_id, c.slug, u.password_hash
  from users u join clinics c on c.id = u.clinic_id
  where u.email = p_email and u.disabled_at is null and u.password_hash is not null
$$;

-- Every request: the live session behind a cookie's token hash.
create function auth_find_session(p_token_hash bytea)
returns table (session_id uuid, user_id uuid, clinic_id uuid, created_at timestamptz, expires_at timestamptz)
language sql stable security definer set search_path = public, pg_temp
as $$
  select s.id, s.user_id, s.clinic_id, s.created_at, s.expires_at
  from sessions s join users u on u.clinic_id = s.clinic_id and u.id = s.user_id
  where s.token_hash = p_token_hash and s.revoked_at is null and s.expires_at > now()
    and u.disabled_at is null
$$;

-- Invitation acceptance: which clinic an invitation token belongs to.
create function auth_find_invitation(p_token_hash bytea)
returns table (invitation_id uuid, clinic_id uuid)
language sql stable security definer set search_path = public, pg_temp
as $$
  select i.id, i.clinic_id from invitations i
  where i.token_hash = p_token_hash and i.accepted_at is null and i.expires_at > now()
$$;

-- Public pages: a clinic's public face (no patient data).
create function public_clinic(p_slug text)
returns table (id uuid, slug text, name text, time_zone text, phone text, email text)
language sql stable security definer set search_path = public, pg_temp
as $$
  select c.id, c.slug, c.name, c.time_zone, c.phone, c.email from clinics c
  where p_slug is null or c.slug = p_slug
  order by c.created_at
  limit 1
$$;

revoke all on function auth_find_accounts(citext), auth_find_session(bytea), auth_find_invitation(bytea),
  public_clinic(text) from public;
grant execute on function auth_find_accounts(citext), auth_find_session(bytea), auth_find_invitation(bytea),
  public_clinic(text), app_clinic_id() to remodel_app;
