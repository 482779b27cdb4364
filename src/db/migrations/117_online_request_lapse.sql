-- A time asked for online on a patient's own record ("Held online": the e-mail belonged to a
-- patient here) is kept for the patient or the desk to confirm, but not until the visit: nobody
-- else could book it meanwhile. It lapses after the clinic's request hold (24 hours by default) or
-- at the clinic's cancellation notice before the visit if that comes sooner, and never sooner than
-- an hour after it was asked.
--
-- A lapsed request is kept on the record as a cancelled visit (reason 'hold-lapsed', held_until
-- left as it was), so the patient's portal and the desk can say it lapsed; a cancelled visit takes
-- no provider, room or device. A visitor's own hold (with its token) is still deleted when it runs
-- out, as before.

alter table scheduling_settings
  add column request_hold_hours integer not null default 24 check (request_hold_hours between 1 and 168);
