-- A row of one clinic may refer only to an appointment of the same clinic. These three references
-- named the appointment by id alone, so a chart could point at another clinic's appointment, and
-- whether such an id was accepted told that it existed somewhere. Each now carries clinic_id too,
-- like every other reference between clinic-owned rows
-- (test/security/clinic-foreign-keys.test.ts lists any that does not).
--
-- The keys are added NOT VALID and then validated: should an existing row already point across
-- clinics (it could only have been written through that hole), new writes are still checked and
-- the migration does not stop the upgrade; the notice names the table to look at.

alter table session_charts drop constraint session_charts_appointment_id_fkey;
alter table session_charts add constraint session_charts_appointment_clinic_fkey
  foreign key (clinic_id, appointment_id) references appointments (clinic_id, id) not valid;

alter table prep_ticks drop constraint prep_ticks_appointment_id_fkey;
alter table prep_ticks add constraint prep_ticks_appointment_clinic_fkey
  foreign key (clinic_id, appointment_id) references appointments (clinic_id, id) on delete cascade not valid;

-- A booking request keeps its record when an unconfirmed hold is deleted (appointment_id becomes
-- null). SET NULL on a composite key would null clinic_id too, and SET NULL (column) needs
-- PostgreSQL 15: the single-column key keeps that action, and the composite key, checked at
-- commit (after the action ran), keeps the reference inside the clinic.
alter table booking_requests add constraint booking_requests_appointment_clinic_fkey
  foreign key (clinic_id, appointment_id) references appointments (clinic_id, id)
  deferrable initially deferred not valid;

do $$
declare
  c record;
begin
  for c in select conrelid::regclass as tbl, conname from pg_constraint
           where conname in ('session_charts_appointment_clinic_fkey', 'prep_ticks_appointment_clinic_fkey',
                             'booking_requests_appointment_clinic_fkey') loop
    begin
      execute format('alter table %s validate constraint %I', c.tbl, c.conname);
    exception when foreign_key_violation then
      raise notice 'rows of % refer to another clinic''s appointment; % checks new rows only', c.tbl, c.conname;
    end;
  end loop;
end $$;
