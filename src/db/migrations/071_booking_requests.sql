-- An online booking request: the patient record made for a visitor's hold (so that the record of a
-- hold never confirmed can be removed once the hold is gone) and the visitor's own self-check
-- summary, if they chose to send it. The summary is the person's account of themselves, shown to
-- staff as such; it is never a screening and nothing decides on it.
create table booking_requests (
  id uuid primary key default gen_random_uuid(),
  clinic_id uuid not null references clinics(id),
  patient_id uuid not null,
  -- The held appointment; null once an unconfirmed hold has been deleted.
  appointment_id uuid references appointments (id) on delete set null,
  self_check jsonb check (
    self_check is null or (jsonb_typeof(self_check) = 'object' and octet_length(self_check::text) <= 4000)),
  created_at timestamptz not null default now(),
  confirmed_at timestamptz,
  -- The clean-up found the record in use (an appointment, a screening, an account, ...): it is
  -- a patient's record now and is never removed by the clean-up.
  kept_at timestamptz,
  unique (clinic_id, patient_id),
  foreign key (clinic_id, patient_id) references patients (clinic_id, id)
);
create index booking_requests_open on booking_requests (clinic_id, created_at)
  where confirmed_at is null and kept_at is null;
create index booking_requests_appointment on booking_requests (appointment_id) where appointment_id is not null;

alter table booking_requests enable row level security;
create policy clinic_rows on booking_requests
  using (clinic_id = app_clinic_id()) with check (clinic_id = app_clinic_id());
grant select, insert, update, delete on booking_requests to remodel_app;

-- Records made by online booking before this table existed are found by their audit entry, so
-- the clean-up can consider them too; one that already has an account counts as confirmed.
insert into booking_requests (clinic_id, patient_id, created_at, confirmed_at)
select a.clinic_id, p.id, a.at,
       case when exists (select 1 from users u where u.clinic_id = p.clinic_id and u.patient_id = p.id)
            then a.at end
from audit_log a
join patients p on p.clinic_id = a.clinic_id and p.id::text = a.resource_id
where a.action = 'patient.create' and a.resource_type = 'patient' and a.detail ->> 'via' = 'online-booking'
on conflict (clinic_id, patient_id) do nothing;
