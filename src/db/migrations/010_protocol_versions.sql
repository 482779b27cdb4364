-- A clinic's protocol: the versions it has used and which one is current.
--
-- A version is content-addressed: `version` is the engine's protocolVersion (ruleset, schema and a
-- hash of the whole protocol data), and `protocol` keeps that data in full, so a decision made
-- under it can be re-read and re-run even after the shipped ruleset changes. Rows are never
-- updated or deleted (the application role may only insert and read).
create table protocol_versions (
  id uuid primary key default gen_random_uuid(),
  clinic_id uuid not null references clinics(id),
  version text not null check (length(version) between 1 and 200),
  ruleset text not null,
  -- The clinic's choices over the ruleset ({} for the shipped default).
  choices jsonb not null default '{}',
  protocol jsonb not null,
  created_by uuid,
  created_at timestamptz not null default now(),
  unique (clinic_id, id),
  unique (clinic_id, version),
  foreign key (clinic_id, created_by) references users (clinic_id, id)
);

-- Each time an owner saves the clinic's choices, one row; the latest row names the current
-- version. Append-only, so the history of who chose what, and when, stays whole. A clinic with
-- no row uses the shipped default ruleset.
create table protocol_selections (
  id bigserial primary key,
  clinic_id uuid not null references clinics(id),
  version_id uuid not null,
  selected_by uuid not null,
  selected_at timestamptz not null default now(),
  foreign key (clinic_id, version_id) references protocol_versions (clinic_id, id),
  foreign key (clinic_id, selected_by) references users (clinic_id, id)
);
create index protocol_selections_latest on protocol_selections (clinic_id, id desc);

do $$
declare t text;
begin
  foreach t in array array['protocol_versions', 'protocol_selections']
  loop
    execute format('alter table %I enable row level security', t);
    execute format('create policy clinic_rows on %I using (clinic_id = app_clinic_id()) with check (clinic_id = app_clinic_id())', t);
    execute format('grant select, insert on %I to remodel_app', t);
  end loop;
end $$;
grant usage on sequence protocol_selections_id_seq to remodel_app;
