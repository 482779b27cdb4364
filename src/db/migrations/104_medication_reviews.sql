-- A clinician's review of a medicine the protocol does not recognise (a brand the vocabulary does
-- not know, a misspelling): either not relevant to microneedling, or to be screened as a member of
-- one of the protocol's medication classes. Kept per patient, by the medicine's name key (words run
-- together, case aside), so the next re-screen of that patient reads the same answer. Append-only:
-- a new review of the same name supersedes the earlier one; who decided, why and when stay.
create table medication_reviews (
  id uuid primary key default gen_random_uuid(),
  clinic_id uuid not null references clinics(id),
  patient_id uuid not null,
  -- The name as typed, and its lookup key (see medicationNameKey).
  name text not null check (length(name) between 1 and 200),
  name_key text not null check (length(name_key) between 1 and 200),
  decision text not null check (decision in ('not-relevant', 'class')),
  class_id text check (length(class_id) between 1 and 80),
  reason text not null check (length(reason) between 10 and 2000),
  protocol_version text not null,
  reviewed_by uuid not null,
  reviewed_at timestamptz not null default now(),
  unique (clinic_id, id),
  check ((decision = 'class') = (class_id is not null)),
  foreign key (clinic_id, patient_id) references patients (clinic_id, id),
  foreign key (clinic_id, reviewed_by) references users (clinic_id, id)
);
create index medication_reviews_patient on medication_reviews (clinic_id, patient_id, name_key, reviewed_at);

create trigger medication_reviews_append_only before update or delete on medication_reviews
  for each row execute function record_row_is_append_only();

alter table medication_reviews enable row level security;
create policy clinic_rows on medication_reviews
  using (clinic_id = app_clinic_id()) with check (clinic_id = app_clinic_id());
grant select, insert on medication_reviews to remodel_app;
