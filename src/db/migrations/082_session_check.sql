-- Every authenticated request checks its session cookie in one statement (one round trip) instead
-- of two transactions: the live session behind the token hash, with its user and clinic, and the
-- idle-expiry / last-seen write when one is due.
--
-- Like auth_find_session (which it replaces), it runs as its owner, through the tenant wall, and
-- returns nothing unless the token hash names a session that is live: not revoked, not past its
-- expiry (the idle timeout), not older than the maximum age, and of a user who is not disabled.
-- Only then does it return that session's own user and clinic, so no clinic is visible before the
-- session is known. The only row it writes is that session's (possession of its token is what
-- allows extending it, exactly as before).
--
-- Writes are throttled: the expiry is pushed out (to now + idle, capped at created + max age) when
-- that moves it by more than a minute, and last_seen_at is written with it or when it is more than
-- a minute old; so a busy session costs at most about one UPDATE a minute. A session due for
-- rotation (older than p_rotate_minutes) is not extended: it comes back with rotate = true, and the
-- application replaces it (new token, old one revoked, audited as auth.rotate).
create function auth_check_session(
  p_token_hash bytea,
  p_idle_minutes integer,
  p_max_hours integer,
  p_rotate_minutes integer
)
returns table (
  session_id uuid,
  created_at timestamptz,
  expires_at timestamptz,
  rotate boolean,
  user_id uuid,
  clinic_id uuid,
  user_email citext,
  user_name text,
  user_role text,
  user_credential text,
  user_max_needle_depth_mm numeric,
  user_patient_id uuid,
  clinic_slug text,
  clinic_name text,
  clinic_time_zone text,
  clinic_phone text,
  clinic_email text
)
language plpgsql volatile security definer set search_path = public, pg_temp
as $$
#variable_conflict use_column
begin
  -- The same bounds as the server's configuration: a caller cannot stretch a session past them.
  if p_idle_minutes is null or p_idle_minutes not between 5 and 24 * 60
     or p_max_hours is null or p_max_hours not between 1 and 24 * 30
     or p_rotate_minutes is null or p_rotate_minutes not between 1 and 24 * 60 then
    raise exception 'auth_check_session: session limits out of range' using errcode = '22023';
  end if;
  return query
  with live as (
    select s.id, s.clinic_id, s.user_id, s.created_at, s.expires_at,
           s.created_at < now() - make_interval(mins => p_rotate_minutes) as rotate,
           least(now() + make_interval(mins => p_idle_minutes),
                 s.created_at + make_interval(hours => p_max_hours)) as extended
    from sessions s
    join users u on u.clinic_id = s.clinic_id and u.id = s.user_id
    where s.token_hash = p_token_hash
      and s.revoked_at is null
      and s.expires_at > now()
      and s.created_at > now() - make_interval(hours => p_max_hours)
      and u.disabled_at is null
  ),
  touched as (
    update sessions s
    set last_seen_at = now(),
        expires_at = greatest(s.expires_at, l.extended)
    from live l
    where s.id = l.id
      and not l.rotate
      and s.revoked_at is null
      and (l.extended > s.expires_at + interval '1 minute' or s.last_seen_at < now() - interval '1 minute')
    returning s.id, s.expires_at
  )
  select l.id, l.created_at, coalesce(t.expires_at, l.expires_at), l.rotate,
         u.id, u.clinic_id, u.email, u.name, u.role, u.credential, u.max_needle_depth_mm, u.patient_id,
         c.slug, c.name, c.time_zone, c.phone, c.email
  from live l
  join users u on u.clinic_id = l.clinic_id and u.id = l.user_id
  join clinics c on c.id = l.clinic_id
  left join touched t on t.id = l.id;
end
$$;

revoke all on function auth_check_session(bytea, integer, integer, integer) from public;
grant execute on function auth_check_session(bytea, integer, integer, integer) to remodel_app;

-- Its predecessor has no caller left; one door fewer through the tenant wall.
drop function auth_find_session(bytea);
