-- Webhooks: an owner registers an HTTPS endpoint for appointment and chart events. Events are
-- written by triggers in the same transaction as the change they describe (so no code path that
-- books, moves, cancels or signs can forget one, and a rolled-back change sends nothing), then
-- delivered, signed, by the dispatcher with retries.

create table webhook_endpoints (
  id uuid primary key default gen_random_uuid(),
  clinic_id uuid not null references clinics(id),
  url text not null check (url ~ '^https?://' and length(url) <= 2000),
  -- HMAC-SHA256 key; the server must sign with it, so it is kept, and shown once at creation.
  secret text not null check (length(secret) >= 32),
  events text[] not null check (cardinality(events) >= 1),
  description text not null default '' check (length(description) <= 200),
  active boolean not null default true,
  created_by uuid,
  created_at timestamptz not null default now(),
  unique (clinic_id, id)
);

create table webhook_deliveries (
  id uuid primary key default gen_random_uuid(),
  clinic_id uuid not null references clinics(id),
  endpoint_id uuid not null,
  event text not null,
  payload jsonb not null,
  status text not null default 'pending' check (status in ('pending', 'delivered', 'failed')),
  attempts integer not null default 0,
  next_attempt_at timestamptz not null default now(),
  last_status_code integer,
  last_error text,
  created_at timestamptz not null default clock_timestamp(),
  delivered_at timestamptz,
  unique (clinic_id, id),
  foreign key (clinic_id, endpoint_id) references webhook_endpoints (clinic_id, id) on delete cascade
);
create index webhook_deliveries_due on webhook_deliveries (next_attempt_at) where status = 'pending';
create index webhook_deliveries_endpoint on webhook_deliveries (clinic_id, endpoint_id, created_at desc);

-- Every try, kept for the delivery log.
create table webhook_attempts (
  id bigserial primary key,
  clinic_id uuid not null references clinics(id),
  delivery_id uuid not null,
  attempt integer not null,
  at timestamptz not null default clock_timestamp(),
  status_code integer,
  error text,
  duration_ms integer not null,
  -- The wait before the next try (exponential backoff); null when none follows.
  retry_in_ms integer,
  foreign key (clinic_id, delivery_id) references webhook_deliveries (clinic_id, id) on delete cascade
);
create index webhook_attempts_delivery on webhook_attempts (clinic_id, delivery_id, attempt);

do $$
declare t text;
begin
  foreach t in array array['webhook_endpoints', 'webhook_deliveries', 'webhook_attempts']
  loop
    execute format('alter table %I enable row level security', t);
    execute format('create policy clinic_rows on %I using (clinic_id = app_clinic_id()) with check (clinic_id = app_clinic_id())', t);
    execute format('grant select, insert, update, delete on %I to remodel_app', t);
  end loop;
end $$;
grant usage on sequence webhook_attempts_id_seq to remodel_app;

-- Queues one delivery per active endpoint of the clinic subscribed to the event. Payloads carry
-- ids, times and states only: no names, no free text.
create function webhook_emit(p_clinic_id uuid, p_event text, p_data jsonb) returns void
language sql volatile
as $$
  insert into webhook_deliveries (clinic_id, endpoint_id, event, payload)
  select e.clinic_id, e.id, p_event,
         jsonb_build_object('event', p_event, 'occurredAt', clock_timestamp(), 'clinicId', p_clinic_id,
                            'data', p_data)
  from webhook_endpoints e
  where e.clinic_id = p_clinic_id and e.active and p_event = any (e.events)
$$;
grant execute on function webhook_emit(uuid, text, jsonb) to remodel_app;

create function webhook_appointment_event() returns trigger
language plpgsql as $$
declare
  event text;
  -- A hold is not a booking yet (held_until is set while a booking form is open).
  was_held boolean := tg_op = 'UPDATE' and (to_jsonb(old) ->> 'held_until') is not null;
  is_held boolean := (to_jsonb(new) ->> 'held_until') is not null;
begin
  if is_held then
    return null;
  end if;
  if tg_op = 'INSERT' or was_held then
    event := 'appointment.booked';
  elsif new.status is distinct from old.status then
    event := 'appointment.' || new.status;
  elsif new.starts_at is distinct from old.starts_at or new.ends_at is distinct from old.ends_at then
    event := 'appointment.rescheduled';
  else
    return null;
  end if;
  perform webhook_emit(new.clinic_id, event, jsonb_build_object(
    'appointmentId', new.id, 'patientId', new.patient_id, 'status', new.status,
    'startsAt', new.starts_at, 'endsAt', new.ends_at, 'locationId', new.location_id,
    'providerId', new.provider_id, 'typeId', new.type_id));
  return null;
end $$;
create trigger appointments_webhooks after insert or update on appointments
  for each row execute function webhook_appointment_event();

-- Session charts come from the clinical record; the trigger is added only where that table exists.
create function webhook_chart_event() returns trigger
language plpgsql as $$
declare
  event text;
  r jsonb := to_jsonb(new);
begin
  if tg_op = 'INSERT' then
    event := 'chart.opened';
  elsif (to_jsonb(old) ->> 'signed_at') is null and (r ->> 'signed_at') is not null then
    event := 'chart.signed';
  elsif (to_jsonb(old) ->> 'status') is distinct from (r ->> 'status') and r ->> 'status' = 'stopped' then
    event := 'chart.stopped';
  else
    return null;
  end if;
  perform webhook_emit(new.clinic_id, event, jsonb_build_object(
    'chartId', r ->> 'id', 'patientId', r ->> 'patient_id', 'appointmentId', r ->> 'appointment_id',
    'status', r ->> 'status', 'sessionDate', r ->> 'session_date', 'signedAt', r ->> 'signed_at'));
  return null;
end $$;

do $$
begin
  if to_regclass('session_charts') is not null then
    create trigger session_charts_webhooks after insert or update on session_charts
      for each row execute function webhook_chart_event();
  end if;
end $$;

-- The dispatcher serves every clinic: it leases due deliveries (ids and clinics only) and then
-- works on each inside that clinic's row-level security.
create function webhook_claim_due(p_limit integer, p_lease_seconds integer)
returns table (delivery_id uuid, clinic_id uuid)
language sql volatile security definer set search_path = public, pg_temp
as $$
  update webhook_deliveries d
  set next_attempt_at = clock_timestamp() + make_interval(secs => p_lease_seconds)
  where d.id in (
    select w.id from webhook_deliveries w
    where w.status = 'pending' and w.next_attempt_at <= clock_timestamp()
    order by w.next_attempt_at
    limit p_limit
    for update skip locked)
  returning d.id, d.clinic_id
$$;
revoke all on function webhook_claim_due(integer, integer) from public;
grant execute on function webhook_claim_due(integer, integer) to remodel_app;
