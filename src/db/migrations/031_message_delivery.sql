-- Delivery of the outbox and accounts made during public booking.
--
-- A message is sent at most once: the worker locks its row, sends, and stamps sent_at in the same
-- transaction. A message that no longer applies (its appointment moved or was cancelled, or its
-- day has passed) is withdrawn rather than sent. Without SMTP a due message is kept for staff,
-- who read it in the outbox and contact the patient themselves.

alter table outbox
  add column withdrawn_at timestamptz,
  add column withdrawn_reason text check (length(withdrawn_reason) <= 200),
  add column kept_for_staff_at timestamptz;

create index outbox_due on outbox (send_after)
  where sent_at is null and withdrawn_at is null and kept_for_staff_at is null;

-- A patient who booked online without an account sets their password with this one-time token.
create table account_setup_tokens (
  id uuid primary key default gen_random_uuid(),
  clinic_id uuid not null references clinics(id),
  user_id uuid not null,
  token_hash bytea not null unique,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  used_at timestamptz,
  foreign key (clinic_id, user_id) references users (clinic_id, id) on delete cascade
);

alter table account_setup_tokens enable row level security;
create policy clinic_rows on account_setup_tokens
  using (clinic_id = app_clinic_id()) with check (clinic_id = app_clinic_id());
grant select, insert, update, delete on account_setup_tokens to remodel_app;

-- The set-up page has no session yet: which clinic and account an open token belongs to.
create function account_setup_find(p_token_hash bytea)
returns table (token_id uuid, clinic_id uuid, user_id uuid)
language sql stable security definer set search_path = public, pg_temp
as $$
  select t.id, t.clinic_id, t.user_id from account_setup_tokens t
  where t.token_hash = p_token_hash and t.used_at is null and t.expires_at > now()
$$;
revoke all on function account_setup_find(bytea) from public;
grant execute on function account_setup_find(bytea) to remodel_app;
