-- The clinical profile the protocol engine screens: a patient's states, conditions and
-- medications, whoever recorded them (intake questionnaire, staff, FHIR import). One store, so
-- every screening sees everything known about the patient.

alter table patients
  add column pregnant boolean,
  add column breastfeeding boolean,
  add column delivery_date date;

create table patient_conditions (
  id uuid primary key default gen_random_uuid(),
  clinic_id uuid not null references clinics(id),
  patient_id uuid not null,
  -- The protocol's condition id (e.g. 'active-hsv'), or null for a condition the protocol does
  -- not name (kept for the record and for a clinician's review).
  condition_id text,
  label text not null,
  icd10cm text,
  snomed text,
  status text not null check (status in ('active', 'resolved', 'history')),
  in_treatment_area boolean not null default false,
  site text,
  severity text,
  onset date,
  resolved date,
  source text not null check (source in ('intake', 'staff', 'fhir')),
  -- Where it came from (FHIR resource id, intake submission id) so re-imports do not duplicate.
  source_ref text,
  recorded_by uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  foreign key (clinic_id, patient_id) references patients (clinic_id, id),
  unique (clinic_id, patient_id, source, source_ref)
);
create index patient_conditions_patient on patient_conditions (clinic_id, patient_id);

create table patient_medications (
  id uuid primary key default gen_random_uuid(),
  clinic_id uuid not null references clinics(id),
  patient_id uuid not null,
  ingredient text not null,
  product text,
  rxnorm text,
  route text not null default 'oral',
  prescribed boolean not null default false,
  ongoing boolean not null,
  last_taken date,
  started date,
  indication text,
  source text not null check (source in ('intake', 'staff', 'fhir')),
  source_ref text,
  recorded_by uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  foreign key (clinic_id, patient_id) references patients (clinic_id, id),
  unique (clinic_id, patient_id, source, source_ref),
  -- A stopped medication has a last-taken date; an ongoing one does not.
  check (ongoing = (last_taken is null))
);
create index patient_medications_patient on patient_medications (clinic_id, patient_id);

do $$
declare t text;
begin
  foreach t in array array['patient_conditions', 'patient_medications']
  loop
    execute format('alter table %I enable row level security', t);
    execute format('create policy clinic_rows on %I using (clinic_id = app_clinic_id()) with check (clinic_id = app_clinic_id())', t);
    execute format('grant select, insert, update, delete on %I to remodel_app', t);
  end loop;
end $$;
