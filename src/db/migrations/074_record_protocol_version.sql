-- The clinical record names the stored protocol version it was made under, not only its version
-- text: intake submissions, consultations, treatment plans and session charts are checked and
-- built with the clinic's current protocol (010), and now point at that row, so the exact protocol
-- can be reloaded and re-run later (as screenings already do, 011).
--
-- Rows written before this migration keep only the version text: signed charts and intake
-- submissions are never updated, so they are not backfilled. The version text is unique per
-- clinic in protocol_versions, so such a row still names its version where it was stored.
do $$
declare t text;
begin
  foreach t in array array['intake_submissions', 'consultations', 'treatment_plans', 'session_charts']
  loop
    execute format('alter table %I add column protocol_version_id uuid', t);
    execute format(
      'alter table %I add foreign key (clinic_id, protocol_version_id) references protocol_versions (clinic_id, id)',
      t);
  end loop;
end $$;

-- The id and the text must name the same version: a row cannot say one version and point at another.
create function record_protocol_version_matches() returns trigger
language plpgsql as $$
begin
  if new.protocol_version_id is not null and not exists (
    select 1 from protocol_versions v
    where v.clinic_id = new.clinic_id and v.id = new.protocol_version_id and v.version = new.protocol_version
  ) then
    raise exception '%.protocol_version_id does not name version %', tg_table_name, new.protocol_version
      using errcode = 'check_violation';
  end if;
  return new;
end $$;

do $$
declare t text;
begin
  foreach t in array array['intake_submissions', 'consultations', 'treatment_plans', 'session_charts']
  loop
    execute format(
      'create trigger %I before insert on %I for each row execute function record_protocol_version_matches()',
      t || '_protocol_version', t);
  end loop;
end $$;
