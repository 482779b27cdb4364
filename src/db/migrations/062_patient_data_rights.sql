-- Patient data rights: restriction of processing and anonymisation after the retention period.
--
-- A restricted patient is stored but no longer processed: hidden from every staff query (lists,
-- search, record pages, bookings all stop seeing the row), their marketing photos leave the
-- gallery, and the database refuses a new booking for them. Only a transaction that declares
-- it serves a data-rights request (`app.patient_data_rights = 'on'`, set by the data-rights
-- service) still sees the row, to export it, lift the restriction or anonymise it.
--
-- Anonymisation keeps every clinical row (the structure of the record and its statistics) and
-- removes what identifies the person. Several of those rows are append-only or locked by
-- design (consents, intake answers, addenda, signed charts); the one sanctioned way through is
-- patient_data_anonymise() below, which marks its own transaction so that those guards let its
-- updates of that one patient's rows pass. The audit log is never touched.

alter table patients
  add column processing_restricted_at timestamptz,
  add column anonymised_at timestamptz;

create policy patients_processing_allowed on patients as restrictive for select
  using ((processing_restricted_at is null and anonymised_at is null)
         or current_setting('app.patient_data_rights', true) = 'on');

-- The marketing gallery reads photos across patients: a photo of a patient the staff may no
-- longer see (restricted, anonymised) is not shown there either.
create policy photos_marketing_allowed on photos as restrictive for select
  using (consent_scope <> 'marketing'
         or current_setting('app.patient_data_rights', true) = 'on'
         or exists (select 1 from patients p where p.id = photos.patient_id));

-- The last word on bookings, whatever path tries one.
create function patient_may_be_booked(p_patient uuid) returns boolean
language sql stable security definer set search_path = public, pg_temp
as $$
  select not exists (
    select 1 from patients p
    where p.id = p_patient and (p.processing_restricted_at is not null or p.anonymised_at is not null))
$$;
revoke all on function patient_may_be_booked(uuid) from public;
grant execute on function patient_may_be_booked(uuid) to remodel_app;

create function appointments_patient_processing_allowed() returns trigger
language plpgsql as $$
begin
  if not patient_may_be_booked(new.patient_id) then
    raise exception 'the patient''s data may not be processed (restricted or anonymised): no booking'
      using errcode = 'check_violation', column = 'patient_id',
            constraint = 'appointments_patient_processing_allowed';
  end if;
  return new;
end $$;
create trigger appointments_patient_processing_allowed before insert or update of patient_id, starts_at
  on appointments for each row execute function appointments_patient_processing_allowed();

-- Whether the current statement is patient_data_anonymise() working on this row's patient.
-- The marker alone is not enough: the application role can set any transaction setting, so the
-- statement must also run as the function's owner (a security-definer call), never as remodel_app.
create function anonymising_patient(p_patient uuid) returns boolean
language sql stable
as $$
  select p_patient is not null
     and current_user <> 'remodel_app'
     and coalesce(current_setting('remodel.anonymising_patient', true), '') = p_patient::text
$$;

-- The append-only and signed-chart guards of 040/041, unchanged except for that one door.
create or replace function record_row_is_append_only() returns trigger
language plpgsql as $$
declare
  patient uuid;
begin
  if tg_op = 'UPDATE' then
    if tg_table_name = 'chart_addenda' then
      select c.patient_id into patient from session_charts c where c.id = (to_jsonb(old) ->> 'chart_id')::uuid;
    else
      patient := (to_jsonb(old) ->> 'patient_id')::uuid;
    end if;
    if anonymising_patient(patient) then
      return new;
    end if;
  end if;
  raise exception '% is append-only', tg_table_name using errcode = 'insufficient_privilege';
end $$;

create or replace function session_chart_is_locked() returns trigger
language plpgsql as $$
begin
  if tg_op = 'TRUNCATE' then
    raise exception 'session charts cannot be truncated' using errcode = 'insufficient_privilege';
  end if;
  if old.signed_at is not null and not (tg_op = 'UPDATE' and anonymising_patient(old.patient_id)) then
    raise exception 'session chart % is signed and locked; add an addendum instead', old.id
      using errcode = 'insufficient_privilege';
  end if;
  if tg_op = 'DELETE' then
    return old;
  end if;
  return new;
end $$;

-- Free text inside the structured documents (intake answers, day-of re-screens, adverse events,
-- check-in answers): the values of keys that hold words a person typed become null; codes, ids,
-- dates and numbers stay, so the record still reads as a record.
create function patient_data_scrub(doc jsonb) returns jsonb
language sql immutable
as $$
  select case jsonb_typeof(doc)
    when 'object' then coalesce(
      (select jsonb_object_agg(k, case
                 when k = any (array['note', 'notes', 'comment', 'comments', 'text', 'details',
                                     'description', 'action', 'freeText', 'otherText', 'other',
                                     'site', 'message', 'typedName', 'name', 'givenName',
                                     'familyName', 'email', 'phone', 'address', 'dateOfBirth',
                                     'birthDate'])
                      and jsonb_typeof(v) = 'string'
                   then 'null'::jsonb
                 else patient_data_scrub(v) end)
       from jsonb_each(doc) as e(k, v)),
      '{}'::jsonb)
    when 'array' then coalesce(
      (select jsonb_agg(patient_data_scrub(v) order by i)
       from jsonb_array_elements(doc) with ordinality as e(v, i)),
      '[]'::jsonb)
    else doc
  end
$$;

-- Anonymises one patient of the current clinic in the caller's transaction and returns the
-- storage keys of their photo files, which the caller deletes once the transaction commits.
-- The retention rule is checked by the caller (it depends on configuration); this function only
-- refuses a patient of another clinic or one already anonymised.
create function patient_data_anonymise(p_patient uuid)
returns table (file_key text)
language plpgsql volatile security definer set search_path = public, pg_temp
as $$
declare
  clinic uuid := app_clinic_id();
  removed constant text := 'Removed when the patient record was anonymised.';
begin
  if clinic is null or not exists (
      select 1 from patients p where p.id = p_patient and p.clinic_id = clinic and p.anonymised_at is null) then
    raise exception 'no patient % to anonymise in this clinic', p_patient using errcode = 'no_data_found';
  end if;
  perform set_config('remodel.anonymising_patient', p_patient::text, true);

  update patients set
    given_name = 'Anonymised', family_name = 'Patient',
    date_of_birth = make_date(extract(year from date_of_birth)::int, 1, 1),
    email = null, phone = null, delivery_date = null,
    anonymised_at = now(), processing_restricted_at = coalesce(processing_restricted_at, now()),
    updated_at = now()
  where id = p_patient;

  delete from patient_identifiers where patient_id = p_patient;
  update patient_conditions set
    label = case when condition_id is null then 'unnamed condition' else label end,
    site = null, source_ref = case when source = 'fhir' then null else source_ref end
  where patient_id = p_patient;
  update patient_medications set
    product = null, indication = null, source_ref = case when source = 'fhir' then null else source_ref end
  where patient_id = p_patient;

  update intake_submissions set answers = patient_data_scrub(answers) where patient_id = p_patient;
  update screenings set input = patient_data_scrub(input) where patient_id = p_patient;
  update consultations set override_justification = removed
    where patient_id = p_patient and override_justification is not null;
  update treatment_plans set concerns = patient_data_scrub(concerns) where patient_id = p_patient;
  update consents set typed_name = 'Anonymised', signature_png = ''::bytea, pdf = ''::bytea
    where patient_id = p_patient;
  update session_charts set
    rescreen = patient_data_scrub(rescreen), checklist = patient_data_scrub(checklist),
    adverse_events = patient_data_scrub(adverse_events)
  where patient_id = p_patient;
  update chart_addenda set text = removed
    where chart_id in (select id from session_charts where patient_id = p_patient);
  update check_ins set answers = patient_data_scrub(answers) where patient_id = p_patient;
  update appointment_events set note = null
    where appointment_id in (select id from appointments where patient_id = p_patient);

  -- Contact details live on in messages and exports: those go.
  delete from outbox where patient_id = p_patient;
  delete from fhir_export_files where clinic_id = clinic and ndjson like '%' || p_patient::text || '%';
  update calendar_feeds set revoked_at = coalesce(revoked_at, now()) where patient_id = p_patient;

  -- The patient's portal account: no name, no address, no way to sign in.
  update sessions set revoked_at = coalesce(revoked_at, now())
    where user_id in (select id from users where patient_id = p_patient);
  update magic_links set used_at = coalesce(used_at, now())
    where user_id in (select id from users where patient_id = p_patient);
  update users set
    email = 'anonymised-' || id::text || '@invalid', name = 'Anonymised patient',
    password_hash = null, totp_secret = null, totp_enabled_at = null,
    disabled_at = coalesce(disabled_at, now())
  where patient_id = p_patient;

  perform set_config('remodel.anonymising_patient', '', true);
  return query select p.storage_key from photos p where p.patient_id = p_patient
    union all select p.thumb_key from photos p where p.patient_id = p_patient;
end $$;
revoke all on function patient_data_anonymise(uuid) from public;
grant execute on function patient_data_anonymise(uuid) to remodel_app;
