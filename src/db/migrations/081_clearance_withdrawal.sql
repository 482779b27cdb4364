-- A physician withdraws a clearance grant: who, when and why. The grant row stays (the history
-- keeps what was granted); the withdrawal is written on it once and never changed or undone. A
-- withdrawn grant no longer clears the screening: the booking gate reads only a live grant, so the
-- patient is awaiting physician clearance again, and a physician may grant it anew for the same
-- screening (at most one live grant per screening).
alter table clearance_grants
  add column withdrawn_at timestamptz,
  add column withdrawn_by uuid,
  add column withdrawn_reason text check (length(withdrawn_reason) between 1 and 2000),
  add constraint clearance_grants_withdrawal_whole check (
    (withdrawn_at is null) = (withdrawn_by is null) and (withdrawn_at is null) = (withdrawn_reason is null)
  ),
  add constraint clearance_grants_withdrawn_by foreign key (clinic_id, withdrawn_by) references users (clinic_id, id);

-- One live grant per screening (was: one grant per screening).
alter table clearance_grants drop constraint clearance_grants_clinic_id_screening_id_key;
create unique index clearance_grants_live on clearance_grants (clinic_id, screening_id) where withdrawn_at is null;

create or replace function clearance_grants_guard() returns trigger
language plpgsql as $$
declare
  withdrawal constant text[] := array['withdrawn_at', 'withdrawn_by', 'withdrawn_reason'];
begin
  -- Anonymisation (062's patient_data_anonymise) replaces the free text, which may name people:
  -- the note and a withdrawal's reason. Who granted or withdrew, when and for which reasons stay.
  if tg_op = 'UPDATE' and anonymising_patient(old.patient_id)
     and (to_jsonb(new) - 'note' - 'withdrawn_reason') = (to_jsonb(old) - 'note' - 'withdrawn_reason')
     and (old.withdrawn_reason is null) = (new.withdrawn_reason is null) then
    return new;
  end if;
  -- A withdrawal: written once on a live grant, by an active physician of the clinic (the signed-in
  -- user, when the application writes it), at the time of writing; nothing else changes.
  if tg_op = 'UPDATE' and old.withdrawn_at is null and new.withdrawn_at is not null
     and (to_jsonb(new) - withdrawal) = (to_jsonb(old) - withdrawal) then
    if not exists (select 1 from users u where u.clinic_id = new.clinic_id and u.id = new.withdrawn_by
                     and u.role = 'provider' and u.credential = 'physician' and u.disabled_at is null) then
      raise exception 'clearance is withdrawn by a physician' using errcode = 'check_violation';
    end if;
    if coalesce(nullif(current_setting('app.user_id', true), ''), new.withdrawn_by::text) <> new.withdrawn_by::text then
      raise exception 'a withdrawal is recorded in the name of the physician who makes it'
        using errcode = 'check_violation';
    end if;
    new.withdrawn_at := now();
    return new;
  end if;
  if tg_op <> 'INSERT' then
    raise exception 'clearance_grants is append-only' using errcode = 'insufficient_privilege';
  end if;
  if new.withdrawn_at is not null or new.withdrawn_by is not null or new.withdrawn_reason is not null then
    raise exception 'a grant is withdrawn after it is made' using errcode = 'check_violation';
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

-- The application writes a withdrawal and nothing else (the guard above checks it).
grant update (withdrawn_at, withdrawn_by, withdrawn_reason) on clearance_grants to remodel_app;

-- Anonymisation reaches a withdrawal's reason as it does the grant's note (079): free text
-- written by staff about the patient. Same keys as 079's trigger, in the same transaction.
create function patient_anonymised_clearance_withdrawals() returns trigger
language plpgsql security definer set search_path = public, pg_temp as $$
begin
  if not (old.anonymised_at is null and new.anonymised_at is not null and anonymising_patient(new.id)) then
    return new;
  end if;
  update clearance_grants set withdrawn_reason = 'Removed when the patient record was anonymised.'
  where clinic_id = new.clinic_id and patient_id = new.id and withdrawn_reason is not null;
  return new;
end $$;
revoke all on function patient_anonymised_clearance_withdrawals() from public;

create trigger patients_anonymised_clearance_withdrawals after update on patients
  for each row execute function patient_anonymised_clearance_withdrawals();
