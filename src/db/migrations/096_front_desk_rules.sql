-- The front desk's day: how early a patient may be checked in (0 = only on the day of the visit,
-- in the clinic's time zone), how much notice a cancellation or move needs before it counts as
-- late (and before a patient can no longer do it themselves in the portal), an undo for a
-- check-in made by mistake, and the late-cancellation flag kept on the appointment.

alter table scheduling_settings
  add column check_in_days_before integer not null default 0 check (check_in_days_before between 0 and 7),
  add column cancel_notice_hours integer not null default 24 check (cancel_notice_hours between 0 and 336);

alter table appointments add column late_cancellation boolean not null default false;

alter table appointment_events drop constraint appointment_events_action_check;
alter table appointment_events add constraint appointment_events_action_check
  check (action in ('held', 'booked', 'confirmed', 'rescheduled', 'cancelled', 'no_show', 'checked_in',
                    'check_in_undone', 'completed'));

-- What the clinic tells a patient whose check-in raises a red flag while it is closed. The clinic
-- profile edits it; a clinic that never set it gets this advice.
alter table clinics add column if not exists out_of_hours_advice text;
alter table clinics alter column out_of_hours_advice set default
  'We are closed now. If it is getting worse and cannot wait until we open, call your doctor''s '
  'out-of-hours service. Call the emergency number (999 in the UK, 112 in Europe, 911 in the US) at once '
  'if you have trouble breathing, swelling of your face, lips or throat, or you feel very unwell.';
update clinics set out_of_hours_advice = default where out_of_hours_advice is null;
