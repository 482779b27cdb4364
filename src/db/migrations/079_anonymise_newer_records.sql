-- Anonymisation (patient_data_anonymise, 062) reaches the records added after it: allergies,
-- online booking requests, physicians' clearance grants and photo removals. That function marks
-- the patient it is anonymising in a transaction-local setting, then updates the patient row;
-- this trigger keys on both, so it runs inside the same transaction, as the schema owner.
create function patient_anonymised_newer_records() returns trigger
language plpgsql security definer set search_path = public, pg_temp as $$
declare
  removed constant text := 'Removed when the patient record was anonymised.';
begin
  -- Only the update that anonymises the row, inside patient_data_anonymise.
  if not (old.anonymised_at is null and new.anonymised_at is not null and anonymising_patient(new.id)) then
    return new;
  end if;
  -- Another system's resource ids go, as for conditions and medications; an allergy the protocol
  -- has no rule for keeps no wording of its own (the label may be anything the source wrote).
  update patient_allergies set
    source_ref = case when source = 'fhir' then null else source_ref end,
    label = case when condition_id is null then 'unnamed allergy' else label end,
    updated_at = now()
  where clinic_id = new.clinic_id and patient_id = new.id;
  -- The visitor's own account of themselves, sent with an online booking.
  update booking_requests set self_check = null
  where clinic_id = new.clinic_id and patient_id = new.id and self_check is not null;
  -- Free text written by staff about the patient.
  update clearance_grants set note = removed
  where clinic_id = new.clinic_id and patient_id = new.id;
  update photos set removal_reason = removed
  where clinic_id = new.clinic_id and patient_id = new.id and removal_reason is not null;
  return new;
end $$;
revoke all on function patient_anonymised_newer_records() from public;

create trigger patients_anonymised_newer_records after update on patients
  for each row execute function patient_anonymised_newer_records();
