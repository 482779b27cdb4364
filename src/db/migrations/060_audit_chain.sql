-- Tamper-evident audit log: every entry carries the SHA-256 of its own content and of the entry
-- before it in the same clinic, so a changed, removed or reordered row breaks the chain at that
-- point. The database computes the hash, not the application: no code path can append an entry
-- that skips the chain.

alter table audit_log add column seq bigint;
alter table audit_log add column prev_hash bytea;
alter table audit_log add column hash bytea;

-- The content an entry's hash covers, in one deterministic text form (jsonb prints keys sorted).
create function audit_entry_hash(e audit_log, p_prev bytea) returns bytea
language sql immutable
as $$
  select sha256(
    coalesce(p_prev, '\x'::bytea) ||
    convert_to(
      jsonb_build_array(
        e.id, e.clinic_id, e.seq, (extract(epoch from e.at) * 1000000)::bigint,
        e.actor_user_id, e.actor_role, e.action, e.resource_type, e.resource_id,
        host(e.ip), e.user_agent, e.detail
      )::text,
      'UTF8'
    )
  )
$$;

-- Chains a new entry to the clinic's last one. The advisory lock (per clinic, held until commit)
-- makes concurrent writers of one clinic take turns, so two entries never claim the same
-- predecessor; other clinics are not held up. Runs as the table owner so that it always sees the
-- clinic's whole chain.
create function audit_log_chain() returns trigger
language plpgsql security definer set search_path = public, pg_temp
as $$
declare
  last record;
begin
  perform pg_advisory_xact_lock(7305060, hashtext(new.clinic_id::text));
  select a.seq, a.hash into last from audit_log a
    where a.clinic_id = new.clinic_id order by a.seq desc limit 1;
  new.seq := coalesce(last.seq, 0) + 1;
  new.prev_hash := last.hash;
  new.hash := audit_entry_hash(new, last.hash);
  return new;
end $$;

-- Entries written before this migration join the chain in the order they were written.
alter table audit_log disable trigger audit_log_no_update;
do $$
declare
  r audit_log;
  prev_by_clinic jsonb := '{}';
  n_by_clinic jsonb := '{}';
  prev bytea;
  n bigint;
begin
  for r in select * from audit_log order by clinic_id, id loop
    prev := decode(prev_by_clinic ->> r.clinic_id::text, 'hex');
    n := coalesce((n_by_clinic ->> r.clinic_id::text)::bigint, 0) + 1;
    r.seq := n;
    r.prev_hash := prev;
    r.hash := audit_entry_hash(r, prev);
    update audit_log set seq = r.seq, prev_hash = r.prev_hash, hash = r.hash where id = r.id;
    prev_by_clinic := prev_by_clinic || jsonb_build_object(r.clinic_id::text, encode(r.hash, 'hex'));
    n_by_clinic := n_by_clinic || jsonb_build_object(r.clinic_id::text, n);
  end loop;
end $$;
alter table audit_log enable trigger audit_log_no_update;

alter table audit_log alter column seq set not null;
alter table audit_log alter column hash set not null;
alter table audit_log add constraint audit_log_clinic_seq unique (clinic_id, seq);

create trigger audit_log_chain before insert on audit_log
  for each row execute function audit_log_chain();

-- Walks one clinic's chain in order and reports the first entry whose link does not hold
-- (content changed, an entry removed or inserted out of turn), or null when all hold.
create function audit_chain_verify(p_clinic_id uuid)
returns table (checked bigint, broken_seq bigint, broken_id bigint, reason text)
language plpgsql stable security definer set search_path = public, pg_temp
as $$
declare
  r audit_log;
  prev bytea := null;
  expected_seq bigint := 0;
  n bigint := 0;
begin
  for r in select * from audit_log a where a.clinic_id = p_clinic_id order by a.seq loop
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
