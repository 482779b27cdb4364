-- A real clinic can be set up without the demo, and its owner keeps its profile up to date.
--
-- The clinic's profile gains what patients and the clinic's own alerts need: a currency, a
-- postal address, the address red-flag alerts go to (the contact e-mail when empty) and the advice
-- a patient reads when something is wrong while the clinic is closed. The owner changes these
-- columns, and only these, through the application role.

alter table clinics
  add column currency text not null default 'GBP' check (currency ~ '^[A-Z]{3}$'),
  add column address text check (length(address) <= 300),
  add column alert_email text check (length(alert_email) <= 320),
  add column out_of_hours_advice text check (length(out_of_hours_advice) <= 1000);

grant update (name, phone, email, currency, address, alert_email, out_of_hours_advice) on clinics to remodel_app;

-- What this installation remembers about itself: whether its demo clinic was removed (a removed
-- demo is not seeded again), and the one-time tokens that open the first-run set-up page. A
-- server that starts while no clinic exists prints a token; only its SHA-256 is kept here.
create table installation (
  id boolean primary key default true check (id),
  demo_removed_at timestamptz
);
insert into installation default values;

create table first_run_tokens (
  token_hash bytea primary key,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null
);
-- No grant to remodel_app: only the functions below (and the schema owner) read these tables.

-- Is the first-run set-up page still open? (No clinic exists yet.)
create function first_run_open() returns boolean
language sql stable security definer set search_path = public, pg_temp
as $$ select not exists (select 1 from clinics) $$;

-- The set-up page's one door through the tenant wall: with a live token and while no clinic
-- exists, creates the clinic and spends every token. Serialised with the migrations and the demo
-- seed by the same advisory lock, so two servers or two owners cannot both create a first clinic.
create function first_run_create_clinic(
  p_token_hash bytea,
  p_slug text,
  p_name text,
  p_time_zone text,
  p_currency text,
  p_address text,
  p_email text,
  p_phone text,
  p_out_of_hours_advice text
) returns uuid
language plpgsql volatile security definer set search_path = public, pg_temp
as $$
declare
  created uuid;
begin
  perform pg_advisory_xact_lock(7305001);
  if exists (select 1 from clinics) then
    return null;
  end if;
  if not exists (select 1 from first_run_tokens where token_hash = p_token_hash and expires_at > now()) then
    return null;
  end if;
  delete from first_run_tokens;
  insert into clinics (slug, name, time_zone, currency, address, email, phone)
  values (p_slug, p_name, p_time_zone, p_currency, p_address, p_email, p_phone)
  returning id into created;
  -- Left empty, the column's default advice (if a later migration sets one) stays.
  if p_out_of_hours_advice is not null then
    update clinics set out_of_hours_advice = p_out_of_hours_advice where id = created;
  end if;
  return created;
end $$;

revoke all on function first_run_open(), first_run_create_clinic(bytea, text, text, text, text, text, text, text, text) from public;
grant execute on function first_run_open(), first_run_create_clinic(bytea, text, text, text, text, text, text, text, text) to remodel_app;

-- An owner invited from the command line (`remodel clinic create`) was invited by nobody yet.
alter table invitations alter column invited_by drop not null;

-- The public site shows the first real clinic; the demo only when it is the only one, and never
-- once it was removed.
create or replace function public_clinic(p_slug text)
returns table (id uuid, slug text, name text, time_zone text, phone text, email text)
language sql stable security definer set search_path = public, pg_temp
as $$
  select c.id, c.slug, c.name, c.time_zone, c.phone, c.email from clinics c
  where (p_slug is null or c.slug = p_slug)
    and not (c.slug = 'demo' and exists (select 1 from installation where demo_removed_at is not null))
  order by c.slug = 'demo', c.created_at
  limit 1
$$;

-- A staff invitation goes out as an e-mail recorded in the outbox (its link is never stored).
-- The kinds other changes added are kept: the constraint is extended, not rewritten.
do $$
declare def text;
begin
  select pg_get_constraintdef(oid) into def from pg_constraint
  where conname = 'outbox_kind_check' and conrelid = 'outbox'::regclass;
  if def is not null and position('staff-invitation' in def) = 0 then
    execute 'alter table outbox drop constraint outbox_kind_check';
    execute 'alter table outbox add constraint outbox_kind_check '
      || replace(def, 'ARRAY[', 'ARRAY[''staff-invitation''::text, ');
  end if;
end $$;

-- Rooms have a purpose: a treatment is never placed in the consultation room.
alter table rooms
  add column purpose text not null default 'any' check (purpose in ('any', 'consultation', 'treatment'));
update rooms set purpose = 'consultation' where name ilike '%consult%';
