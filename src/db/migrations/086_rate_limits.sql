-- Request counters of the per-address rate limits (sign-in, sign-in links, public booking,
-- password set-up, ...), kept here so that every app server counts against the same limit: a
-- counter in each process let a client spread its attempts over the servers behind a balancer.
--
-- One row per route and client address: a window opens at its first request and runs for the
-- limit's time window; the first request after it ends opens the next. The key is a SHA-256 of
-- the route and the address, never the address itself. Ended windows are removed as calls go by.

create table rate_limit_hits (
  key_hash bytea primary key check (length(key_hash) = 32),
  window_start timestamptz not null,
  expires_at timestamptz not null,
  hits integer not null
);
create index rate_limit_hits_expiry on rate_limit_hits (expires_at);

-- One call per request: counts it and says how many calls its window has seen and how long the
-- window still runs. The application role reaches the table only through this function.
create function rate_limit_hit(p_key bytea, p_window_ms integer)
returns table (o_hits integer, o_ttl_ms integer)
language plpgsql security definer set search_path = public, pg_temp
as $$
declare
  t timestamptz := clock_timestamp();
  w interval := make_interval(secs => p_window_ms / 1000.0);
begin
  if p_window_ms < 1000 or p_window_ms > 86400000 then
    raise exception 'rate_limit_hit: window % ms out of range', p_window_ms using errcode = '22023';
  end if;
  insert into rate_limit_hits as r (key_hash, window_start, expires_at, hits)
  values (p_key, t, t + w, 1)
  on conflict (key_hash) do update set
    hits = case when r.expires_at <= t then 1 else r.hits + 1 end,
    window_start = case when r.expires_at <= t then t else r.window_start end,
    expires_at = case when r.expires_at <= t then t + w else r.expires_at end
  returning r.hits, greatest(0, ceil(extract(epoch from r.expires_at - t) * 1000))::integer
  into o_hits, o_ttl_ms;
  -- Ended windows go now and then (about one call in fifty), so the table stays small.
  if random() < 0.02 then
    delete from rate_limit_hits where expires_at < t - interval '1 minute';
  end if;
  return next;
end $$;
revoke all on function rate_limit_hit(bytea, integer) from public;
grant execute on function rate_limit_hit(bytea, integer) to remodel_app;
