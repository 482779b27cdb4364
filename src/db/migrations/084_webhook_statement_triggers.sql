-- Appointment webhooks are queued once per statement instead of once per row: a booking written
-- with others in one insert (bookings of a clinic that arrive together share a transaction) paid
-- a function call, two row-to-JSON conversions and a freshly planned insert for every visit.
-- The events and payloads are those of 051: a hold is not a booking; a new visit or a confirmed
-- hold is "appointment.booked"; a status change is "appointment.<status>"; a moved visit is
-- "appointment.rescheduled"; any other change sends nothing.

drop trigger appointments_webhooks on appointments;
drop function webhook_appointment_event();

-- The payload of an appointment event: ids, times and states only, no names, no free text.
create function webhook_appointment_payload(p_event text, a appointments) returns jsonb
language sql
as $$
  select jsonb_build_object('event', p_event, 'occurredAt', clock_timestamp(), 'clinicId', a.clinic_id,
    'data', jsonb_build_object(
      'appointmentId', a.id, 'patientId', a.patient_id, 'status', a.status,
      'startsAt', a.starts_at, 'endsAt', a.ends_at, 'locationId', a.location_id,
      'providerId', a.provider_id, 'typeId', a.type_id))
$$;

create function webhook_appointments_inserted() returns trigger
language plpgsql as $$
begin
  insert into webhook_deliveries (clinic_id, endpoint_id, event, payload)
  select e.clinic_id, e.id, 'appointment.booked', webhook_appointment_payload('appointment.booked', n)
  from new_rows n
  join webhook_endpoints e on e.clinic_id = n.clinic_id and e.active and 'appointment.booked' = any (e.events)
  where n.held_until is null;
  return null;
end $$;

create function webhook_appointments_updated() returns trigger
language plpgsql as $$
begin
  insert into webhook_deliveries (clinic_id, endpoint_id, event, payload)
  select e.clinic_id, e.id, c.event, webhook_appointment_payload(c.event, n)
  from new_rows n
  join old_rows o on o.id = n.id
  cross join lateral (
    select case
        when o.held_until is not null then 'appointment.booked'
        when n.status is distinct from o.status then 'appointment.' || n.status
        when n.starts_at is distinct from o.starts_at or n.ends_at is distinct from o.ends_at
          then 'appointment.rescheduled'
      end as event) c
  join webhook_endpoints e on e.clinic_id = n.clinic_id and e.active and c.event = any (e.events)
  where n.held_until is null and c.event is not null;
  return null;
end $$;

create trigger appointments_webhooks_insert after insert on appointments
  referencing new table as new_rows
  for each statement execute function webhook_appointments_inserted();
create trigger appointments_webhooks_update after update on appointments
  referencing old table as old_rows new table as new_rows
  for each statement execute function webhook_appointments_updated();
