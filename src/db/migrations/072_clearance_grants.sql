-- A physician's grant of clearance for one screening whose outcome was "needs physician
-- clearance": who, when, which of the screening's clearance reasons, a note, and the decision
-- that follows with those reasons set aside (the screening re-run under the same protocol version
-- with them as cautions; its deferrals still hold). Append-only: a grant is never edited or
-- withdrawn in place; a newer screening of the patient supersedes it.
create table clearance_grants (
  id uuid primary key default gen_random_uuid(),
  clinic_id uuid not null references clinics(id),
  patient_id uuid not null,
  screening_id uuid not null,
  granted_by uuid not null,
  granted_at timestamptz not null default now(),
  -- The clinic-local date of the grant.
  granted_on date not null,
  reasons text[] not null check (cardinality(reasons) between 1 and 20),
  note text not null check (length(note) between 1 and 2000),
  protocol_version text not null,
  decision jsonb not null,
  unique (clinic_id, id),
  -- One grant per screening.
  unique (clinic_id, screening_id),
  foreign key (clinic_id, patient_id) references patients (clinic_id, id),
  foreign key (clinic_id, screening_id) references screenings (clinic_id, id),
  foreign key (clinic_id, granted_by) references users (clinic_id, id)
);
create index clearance_grants_patient on clearance_grants (clinic_id, patient_id, granted_at);

create function clearance_grants_guard() returns trigger
language plpgsql as $$
begin
  -- The one change allowed: anonymisation (062's patient_data_anonymise) replaces the note, which
  -- may name people; who granted, when and for which reasons stay.
  if tg_op = 'UPDATE' and anonymising_patient(old.patient_id)
     and (to_jsonb(new) - 'note') = (to_jsonb(old) - 'note') then
    return new;
  end if;
  if tg_op <> 'INSERT' then
    raise exception 'clearance_grants is append-only' using errcode = 'insufficient_privilege';
  end if;
  -- Only a physician grants clearance, and only for a screening that asked for it.
  if not exists (select 1 from users u where u.clinic_id = new.clinic_id and u.id = new.granted_by
                   and u.role = 'provider' and u.credential = 'physician' and u.disabled_at is null) then
    raise exception 'clearance is granted by a physician' using errcode = 'check_violation';
  end if;
  if not exists (select 1 from screenings s where s.clinic_id = new.clinic_id and s.id = new.screening_id
                   and s.patient_id = new.patient_id and s.outcome = 'needs-physician-clearance') then
    raise exception 'the screening does not need physician clearance' using errcode = 'check_violation';
  end if;
  return new;
end $$;
create trigger clearance_grants_guard before insert or update or delete on clearance_grants
  for each row execute function clearance_grants_guard();
create trigger clearance_grants_no_truncate before truncate on clearance_grants
  for each statement execute function clearance_grants_guard();

alter table clearance_grants enable row level security;
create policy clinic_rows on clearance_grants
  using (clinic_id = app_clinic_id()) with check (clinic_id = app_clinic_id());
grant select, insert on clearance_grants to remodel_app;
