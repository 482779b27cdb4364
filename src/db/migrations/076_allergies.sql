-- Allergies and intolerances, as other systems record them (FHIR AllergyIntolerance) and as
-- Remodel exports them. Most (pollen, peanuts) mean nothing to the protocol and are kept for the
-- record only; an allergy the protocol has a rule for (stainless steel/nickel, local anaesthetics)
-- carries the protocol's condition id, and the screening profile reads it like a condition.

create table patient_allergies (
  id uuid primary key default gen_random_uuid(),
  clinic_id uuid not null references clinics(id),
  patient_id uuid not null,
  -- The protocol condition this allergy is (e.g. 'allergy-local-anesthetic'), or null.
  condition_id text,
  label text not null check (length(label) between 1 and 500),
  -- Every coding of the source's code, as given: [{system, code, display}].
  codings jsonb not null default '[]',
  category text check (category in ('food', 'medication', 'environment', 'biologic')),
  kind text check (kind in ('allergy', 'intolerance')),
  criticality text check (criticality in ('low', 'high', 'unable-to-assess')),
  clinical_status text not null check (clinical_status in ('active', 'inactive', 'resolved')),
  verification_status text not null check (verification_status in ('unconfirmed', 'confirmed')),
  onset date,
  recorded_on date,
  source text not null check (source in ('intake', 'staff', 'fhir')),
  -- The source resource ('AllergyIntolerance/<id>'), so that a re-import updates instead of adding.
  source_ref text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  foreign key (clinic_id, patient_id) references patients (clinic_id, id),
  unique (clinic_id, patient_id, source, source_ref),
  unique (clinic_id, id)
);
create index patient_allergies_patient on patient_allergies (clinic_id, patient_id);

alter table patient_allergies enable row level security;
create policy clinic_rows on patient_allergies
  using (clinic_id = app_clinic_id()) with check (clinic_id = app_clinic_id());
grant select, insert, update, delete on patient_allergies to remodel_app;

-- Anonymising a patient also reaches this table: see 079_anonymise_newer_records.sql.
