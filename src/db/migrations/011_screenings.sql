-- Screening decisions: what the engine was given, what it decided, and under which protocol
-- version. A decision is a record of its moment, never rewritten: a re-screen under a new
-- version is a new row pointing at the decision it re-ran.
create table screenings (
  id uuid primary key default gen_random_uuid(),
  clinic_id uuid not null references clinics(id),
  patient_id uuid not null,
  kind text not null default 'screening' check (kind in ('screening', 'rescreen')),
  rescreen_of uuid,
  protocol_version_id uuid not null,
  protocol_version text not null,
  screening_date date not null,
  requested_appointment date not null,
  outcome text not null check (outcome in ('eligible', 'defer', 'needs-physician-clearance', 'decline')),
  deferral text not null check (deferral in ('none', 'dated', 'undated')),
  defer_until date,
  requires_review boolean not null,
  -- The engine's input and output exactly (the output validates against the screening contract).
  input jsonb not null,
  output jsonb not null,
  -- Recorded conditions the protocol does not name, listed for a clinician (never dropped silently).
  review_notes jsonb not null default '[]',
  screened_by uuid not null,
  created_at timestamptz not null default now(),
  unique (clinic_id, id),
  foreign key (clinic_id, patient_id) references patients (clinic_id, id),
  foreign key (clinic_id, protocol_version_id) references protocol_versions (clinic_id, id),
  foreign key (clinic_id, rescreen_of) references screenings (clinic_id, id),
  foreign key (clinic_id, screened_by) references users (clinic_id, id),
  check ((kind = 'rescreen') = (rescreen_of is not null)),
  check ((deferral = 'dated') = (defer_until is not null))
);
create index screenings_patient on screenings (clinic_id, patient_id, created_at desc, id);
create index screenings_rescreen_of on screenings (clinic_id, rescreen_of) where rescreen_of is not null;

alter table screenings enable row level security;
create policy clinic_rows on screenings using (clinic_id = app_clinic_id()) with check (clinic_id = app_clinic_id());
grant select, insert on screenings to remodel_app;
