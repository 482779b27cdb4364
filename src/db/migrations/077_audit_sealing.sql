-- The audit chain (060) leaves the commit path. Until now the insert trigger numbered and hashed
-- each entry under a per-clinic lock held until commit, so every audited write of a clinic
-- committed one at a time. Now an insert only records the transaction that wrote the entry; a
-- sealer numbers and hashes entries later (seconds), in a fixed order, once nothing can still
-- appear before them:
--
-- * an entry is sealed only when its transaction id is below the oldest transaction still
--   running (pg_snapshot_xmin): every transaction older than that has committed or aborted, so no
--   entry can turn up later with a smaller id, and aborted entries never existed;
-- * sealed entries are taken in (transaction id, entry id) order, under the clinic's advisory
--   lock, so two sealers never claim the same predecessor and the order does not depend on who
--   seals or when;
-- * the append-only guard allows one change and only from the sealer: seq, prev_hash and hash
--   going from empty to a correct value, nothing else in the row touched.
--
-- Entries already in the log are sealed (060 numbered them all) and stay as they are.

alter table audit_log add column xid xid8;
alter table audit_log alter column seq drop not null;
alter table audit_log alter column hash drop not null;

drop trigger audit_log_chain on audit_log;
drop function audit_log_chain();

-- Every new entry starts unsealed and carries its (top-level) transaction id; whatever the
-- inserting statement put in these columns is overwritten. No lock, no lookup.
create function audit_log_stamp() returns trigger
language plpgsql
as $$
begin
  new.xid := pg_current_xact_id();
  new.seq := null;
  new.prev_hash := null;
  new.hash := null;
  return new;
end $$;

create trigger audit_log_stamp before insert on audit_log
  for each row execute function audit_log_stamp();

-- The sealer's work list stays small: only entries not sealed yet.
create index audit_log_unsealed on audit_log (clinic_id, xid, id) where seq is null;

-- Seals the clinic's entries written by transactions below p_horizon, in (xid, id) order,
-- continuing the chain from its last sealed entry; returns how many it sealed. p_horizon null =
-- the oldest transaction still running, read after the lock is taken. Not granted to anyone: a
-- horizon given by hand is for restore only (a restored database holds no transaction of its own
-- older than the entries it loaded).
create function audit_seal_upto(p_clinic_id uuid, p_horizon xid8)
returns bigint
language plpgsql security definer set search_path = public, pg_temp
as $$
declare
  horizon xid8;
  last record;
  r audit_log;
  prev bytea;
  n bigint;
  sealed bigint := 0;
begin
  perform pg_advisory_xact_lock(7305060, hashtext(p_clinic_id::text));
  horizon := coalesce(p_horizon, pg_snapshot_xmin(pg_current_snapshot()));
  select a.seq, a.hash into last from audit_log a
    where a.clinic_id = p_clinic_id and a.seq is not null order by a.seq desc limit 1;
  n := coalesce(last.seq, 0);
  prev := last.hash;
  for r in
    select * from audit_log a
    where a.clinic_id = p_clinic_id and a.seq is null and a.xid < horizon
    order by a.xid, a.id
  loop
    n := n + 1;
    r.seq := n;
    r.prev_hash := prev;
    r.hash := audit_entry_hash(r, prev);
    update audit_log set seq = r.seq, prev_hash = r.prev_hash, hash = r.hash where id = r.id;
    prev := r.hash;
    sealed := sealed + 1;
  end loop;
  return sealed;
end $$;

revoke all on function audit_seal_upto(uuid, xid8) from public;

-- The sealer everyone may run (the server's job runs it as remodel_app): idempotent, and it
-- only ever seals what is certainly final.
create function audit_seal(p_clinic_id uuid)
returns bigint
language sql security definer set search_path = public, pg_temp
as $$ select audit_seal_upto(p_clinic_id, null) $$;

revoke all on function audit_seal(uuid) from public;
grant execute on function audit_seal(uuid) to remodel_app;

-- Append-only, with the single exception of the sealer filling in seq/prev_hash/hash once.
-- The sealer is recognised by the call stack: the update must come straight from
-- audit_seal_upto's own statement. (A superuser can still switch the trigger off; that is what
-- the chain itself detects.)
create function audit_log_guard() returns trigger
language plpgsql
as $$
declare
  ctx text;
  rest audit_log;
begin
  if tg_op = 'UPDATE' and old.seq is null and old.hash is null and old.prev_hash is null
     and new.seq is not null and new.hash is not null then
    rest := new;
    rest.seq := null;
    rest.prev_hash := null;
    rest.hash := null;
    if rest is not distinct from old and new.hash = audit_entry_hash(new, new.prev_hash) then
      get diagnostics ctx = pg_context;
      if ctx ~ ('^PL/pgSQL function [^\n]*audit_log_guard\(\) line \d+ at GET DIAGNOSTICS\n'
                || 'SQL statement "update audit_log set seq = r\.seq, prev_hash = r\.prev_hash, hash = r\.hash where id = r\.id"\n'
                || 'PL/pgSQL function (public\.)?audit_seal_upto\(uuid,xid8\) line \d+ at SQL statement(\n|$)') then
        return new;
      end if;
    end if;
  end if;
  raise exception 'audit_log is append-only' using errcode = 'insufficient_privilege';
end $$;

drop trigger audit_log_no_update on audit_log;
create trigger audit_log_no_update before update or delete on audit_log
  for each row execute function audit_log_guard();

-- Verifies the sealed part of the chain; entries still waiting for the sealer are not part of it
-- yet (see audit_seal). Same result shape as before.
create or replace function audit_chain_verify(p_clinic_id uuid)
returns table (checked bigint, broken_seq bigint, broken_id bigint, reason text)
language plpgsql stable security definer set search_path = public, pg_temp
as $$
declare
  r audit_log;
  prev bytea := null;
  expected_seq bigint := 0;
  n bigint := 0;
begin
  for r in select * from audit_log a where a.clinic_id = p_clinic_id and a.seq is not null order by a.seq loop
    expected_seq := expected_seq + 1;
    if r.seq <> expected_seq then
      return query select n, expected_seq, r.id, format('entry %s is missing (next present is %s)', expected_seq, r.seq);
      return;
    end if;
    if r.prev_hash is distinct from prev then
      return query select n, r.seq, r.id, 'does not link to the entry before it';
      return;
    end if;
    if r.hash is distinct from audit_entry_hash(r, prev) then
      return query select n, r.seq, r.id, 'content does not match its hash (changed after it was written)';
      return;
    end if;
    prev := r.hash;
    n := n + 1;
  end loop;
  return query select n, null::bigint, null::bigint, null::text;
end $$;

revoke all on function audit_chain_verify(uuid) from public;
