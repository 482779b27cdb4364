-- Bulk exports ($export) requested by API clients as well as staff, and jobs a restart cut short.
--
-- requested_by names a user (requester_kind 'user') or an API client ('api-client'); a job's
-- status and files answer only the requester. omitted_types are the types the requester asked
-- for by default but may not read (an API client's scopes): listed in the manifest's error file.
alter table fhir_export_jobs
  add column requester_kind text not null default 'user' check (requester_kind in ('user', 'api-client')),
  add column omitted_types text[] not null default '{}';

-- A running export holds the advisory lock of its job for the whole of its one transaction.
-- A job still "in-progress" whose lock is free, a minute or more after it was started, was cut
-- short (a restart or crash rolled its work back): it is marked failed with a clear reason, so
-- its status never says "in progress" for ever. Called at start-up for every clinic (all jobs,
-- p_job null) and at a status poll for one job; returns how many jobs were marked.
create function fhir_export_fail_interrupted(p_job uuid, p_message text)
returns integer
language plpgsql security definer set search_path = public, pg_temp
as $$
declare
  n integer := 0;
  j record;
begin
  for j in
    select id from fhir_export_jobs
    where status = 'in-progress' and (p_job is null or id = p_job)
      and created_at < now() - interval '1 minute'
    for update skip locked
  loop
    if pg_try_advisory_xact_lock(hashtextextended('fhir_export:' || j.id::text, 0)) then
      update fhir_export_jobs set status = 'failed', error = p_message, completed_at = now()
      where id = j.id;
      n := n + 1;
    end if;
  end loop;
  return n;
end $$;

revoke all on function fhir_export_fail_interrupted(uuid, text) from public;
grant execute on function fhir_export_fail_interrupted(uuid, text) to remodel_app;
