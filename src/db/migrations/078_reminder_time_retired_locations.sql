-- The clinic's hour for the day-before reminder, in the visit location's zone ("HH:MM" local;
-- null: the shipped default, 09:00). Reminders already queued keep the time they were queued for;
-- a change applies to messages queued from then on (bookings, moves).
alter table scheduling_settings add column day_before_reminder_time time;

-- A location the clinic has closed for good. A retired location takes no new bookings and is no
-- longer offered for booking; its appointments, hours and history stay as they were.
alter table locations add column retired_at timestamptz;
