-- Staff two-factor sign-in (TOTP), recovery codes, "trust this browser", and account lockout.
-- Lockout lives here, not in a server's memory, so it holds whichever app server a request reaches.

alter table users add column totp_secret text;
alter table users add column totp_enabled_at timestamptz;
-- The last 30-second step a code was accepted for: a code is good once (no replay).
alter table users add column totp_last_step bigint;
alter table users add column failed_logins integer not null default 0 check (failed_logins >= 0);
alter table users add column locked_until timestamptz;
alter table users add constraint users_totp_enabled_has_secret
  check (totp_enabled_at is null or totp_secret is not null);

-- Single-use recovery codes; only their SHA-256 is kept (each code has 80 random bits).
create table recovery_codes (
  id uuid primary key default gen_random_uuid(),
  clinic_id uuid not null references clinics(id),
  user_id uuid not null,
  code_hash bytea not null,
  created_at timestamptz not null default now(),
  used_at timestamptz,
  unique (clinic_id, user_id, code_hash),
  foreign key (clinic_id, user_id) references users (clinic_id, id)
);

-- The step between a correct password and a session: the second factor, or enrolment in it.
create table login_challenges (
  id uuid primary key default gen_random_uuid(),
  clinic_id uuid not null references clinics(id),
  user_id uuid not null,
  token_hash bytea not null unique,
  purpose text not null check (purpose in ('verify', 'enrol')),
  -- The secret being enrolled; it becomes the user's only once a code from it is shown.
  pending_secret text,
  attempts integer not null default 0,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  used_at timestamptz,
  foreign key (clinic_id, user_id) references users (clinic_id, id),
  check ((purpose = 'enrol') = (pending_secret is not null))
);
create index login_challenges_user on login_challenges (clinic_id, user_id);

-- A browser that passed the second factor and asked to be trusted: the password alone then
-- suffices there until it expires or the user signs out everywhere.
create table trusted_devices (
  id uuid primary key default gen_random_uuid(),
  clinic_id uuid not null references clinics(id),
  user_id uuid not null,
  token_hash bytea not null unique,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  revoked_at timestamptz,
  foreign key (clinic_id, user_id) references users (clinic_id, id)
);
create index trusted_devices_user on trusted_devices (clinic_id, user_id);

do $$
declare t text;
begin
  foreach t in array array['recovery_codes', 'login_challenges', 'trusted_devices']
  loop
    execute format('alter table %I enable row level security', t);
    execute format('create policy clinic_rows on %I using (clinic_id = app_clinic_id()) with check (clinic_id = app_clinic_id())', t);
    execute format('grant select, insert, update, delete on %I to remodel_app', t);
  end loop;
end $$;
