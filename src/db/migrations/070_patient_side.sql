-- The patient side: sign-in links, the preparation checklist's ticks, aftercare check-ins and the
-- staff inbox that follows them, and the outbox kinds these send.

-- A sign-in link sent by e-mail. Only the token's SHA-256 is kept; a link opens one session, once,
-- before it expires.
create table magic_links (
  id uuid primary key default gen_random_uuid(),
  clinic_id uuid not null references clinics(id),
  user_id uuid not null,
  token_hash bytea not null unique,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  used_at timestamptz,
  foreign key (clinic_id, user_id) references users (clinic_id, id) on delete cascade
);
create index magic_links_user on magic_links (clinic_id, user_id, created_at);

-- The sign-in page has no session yet: which clinic and account a token names, and its state, so
-- that an expired or used link gets its own message rather than "unknown".
create function magic_link_find(p_token_hash bytea)
returns table (link_id uuid, clinic_id uuid, user_id uuid, expired boolean, used boolean)
language sql stable security definer set search_path = public, pg_temp
as $$
  select l.id, l.clinic_id, l.user_id, l.expires_at <= now(), l.used_at is not null
  from magic_links l where l.token_hash = p_token_hash
$$;
revoke all on function magic_link_find(bytea) from public;
grant execute on function magic_link_find(bytea) to remodel_app;

-- Which items of an appointment's preparation checklist the patient has ticked off.
create table prep_ticks (
  clinic_id uuid not null references clinics(id),
  patient_id uuid not null,
  appointment_id uuid not null,
  step_id text not null check (length(step_id) between 1 and 100),
  ticked_at timestamptz not null default now(),
  primary key (clinic_id, appointment_id, step_id),
  foreign key (clinic_id, patient_id) references patients (clinic_id, id),
  foreign key (appointment_id) references appointments (id) on delete cascade
);

-- A patient's answers after a session (day 1, day 3, week 1), the triage the rules gave, and the
-- staff's follow-up. Answers are kept as given; the triage names the protocol version it used.
create table check_ins (
  id uuid primary key default gen_random_uuid(),
  clinic_id uuid not null references clinics(id),
  patient_id uuid not null,
  chart_id uuid not null,
  point text not null check (point in ('day-1', 'day-3', 'week-1')),
  answers jsonb not null,
  triage text not null check (triage in ('red-flag', 'watch', 'expected')),
  flags jsonb not null default '[]',
  protocol_version text not null,
  photo_id uuid,
  submitted_by uuid not null,
  created_at timestamptz not null default now(),
  acknowledged_at timestamptz,
  acknowledged_by uuid,
  foreign key (clinic_id, patient_id) references patients (clinic_id, id),
  foreign key (clinic_id, chart_id) references session_charts (clinic_id, id),
  foreign key (clinic_id, submitted_by) references users (clinic_id, id),
  foreign key (clinic_id, acknowledged_by) references users (clinic_id, id),
  unique (clinic_id, id),
  check ((acknowledged_at is null) = (acknowledged_by is null))
);
create index check_ins_open on check_ins (clinic_id, acknowledged_at, triage, created_at);
create index check_ins_chart on check_ins (clinic_id, chart_id, created_at);

do $$
declare t text;
begin
  foreach t in array array['magic_links', 'prep_ticks', 'check_ins']
  loop
    execute format('alter table %I enable row level security', t);
    execute format('create policy clinic_rows on %I using (clinic_id = app_clinic_id()) with check (clinic_id = app_clinic_id())', t);
  end loop;
end $$;
grant select, insert, update on magic_links to remodel_app;
grant select, insert, delete on prep_ticks to remodel_app;
-- Answers are never edited; only the acknowledgement columns change.
grant select, insert on check_ins to remodel_app;
grant update (acknowledged_at, acknowledged_by) on check_ins to remodel_app;

-- The outbox also carries sign-in links, aftercare messages and red-flag alerts to the clinic.
alter table outbox drop constraint if exists outbox_kind_check;
alter table outbox add constraint outbox_kind_check check (kind in (
  'confirmation', 'day-before', 'prep', 'next-session', 'maintenance', 'cancellation', 'rescheduled',
  'sign-in-link', 'aftercare', 'check-in-alert'));
