-- FHIR interchange: the identifiers other systems know a patient by (so a re-import finds the
-- same patient and never merges two people), and bulk-export jobs with their NDJSON output kept
-- in the database so that any app server can answer the status poll and the download.

create table patient_identifiers (
  id uuid primary key default gen_random_uuid(),
  clinic_id uuid not null references clinics(id),
  patient_id uuid not null,
  -- A FHIR identifier system (a URI). Imported resource ids use 'urn:remodel:fhir-source:<origin>'.
  system text not null check (length(system) between 1 and 500),
  value text not null check (length(value) between 1 and 500),
  created_at timestamptz not null default now(),
  foreign key (clinic_id, patient_id) references patients (clinic_id, id) on delete cascade,
  -- One identifier names one patient: an import that would give it to a second patient is refused.
  unique (clinic_id, system, value)
);
create index patient_identifiers_patient on patient_identifiers (clinic_id, patient_id);
create index patient_identifiers_value on patient_identifiers (clinic_id, value);

create table fhir_export_jobs (
  id uuid primary key default gen_random_uuid(),
  clinic_id uuid not null references clinics(id),
  requested_by uuid,
  status text not null default 'in-progress' check (status in ('in-progress', 'complete', 'failed')),
  types text[] not null,
  since timestamptz,
  request_url text not null,
  error text,
  created_at timestamptz not null default now(),
  completed_at timestamptz,
  unique (clinic_id, id)
);

create table fhir_export_files (
  id bigserial primary key,
  clinic_id uuid not null references clinics(id),
  job_id uuid not null,
  resource_type text not null,
  part integer not null check (part >= 1),
  resource_count integer not null check (resource_count >= 0),
  ndjson text not null,
  foreign key (clinic_id, job_id) references fhir_export_jobs (clinic_id, id) on delete cascade,
  unique (clinic_id, job_id, resource_type, part)
);

do $$
declare t text;
begin
  foreach t in array array['patient_identifiers', 'fhir_export_jobs', 'fhir_export_files']
  loop
    execute format('alter table %I enable row level security', t);
    execute format('create policy clinic_rows on %I using (clinic_id = app_clinic_id()) with check (clinic_id = app_clinic_id())', t);
    execute format('grant select, insert, update, delete on %I to remodel_app', t);
  end loop;
end $$;
grant usage on sequence fhir_export_files_id_seq to remodel_app;
