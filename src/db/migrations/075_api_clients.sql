-- API clients of the FHIR API (OAuth 2 client credentials, SMART Backend Services scopes). An
-- owner registers a client for one clinic. It authenticates either with a secret, shown once and
-- kept only as a SHA-256 hash (it is 256 random bits, so a slow password hash adds nothing), or
-- with a signed JWT assertion checked against the public keys (JWK Set) registered for it
-- (private_key_jwt, as SMART Backend Services asks). Tokens are opaque random strings, also kept
-- hashed, each with its expiry and the scopes granted at issue.

create table api_clients (
  id uuid primary key default gen_random_uuid(),
  clinic_id uuid not null references clinics(id),
  name text not null check (length(name) between 1 and 100),
  auth_method text not null default 'client_secret_basic'
    check (auth_method in ('client_secret_basic', 'private_key_jwt')),
  secret_hash bytea check (length(secret_hash) = 32),
  -- The client's public keys, a JWK Set ({"keys": [...]}), for private_key_jwt.
  jwks jsonb,
  scopes text[] not null check (cardinality(scopes) between 1 and 50),
  created_by uuid,
  created_at timestamptz not null default now(),
  last_used_at timestamptz,
  revoked_at timestamptz,
  revoked_by uuid,
  unique (clinic_id, id),
  check ((auth_method = 'client_secret_basic') = (secret_hash is not null)),
  check ((auth_method = 'private_key_jwt') = (jwks is not null))
);

create table api_tokens (
  id uuid primary key default gen_random_uuid(),
  clinic_id uuid not null references clinics(id),
  client_id uuid not null,
  token_hash bytea not null unique check (length(token_hash) = 32),
  scopes text[] not null,
  issued_at timestamptz not null default now(),
  expires_at timestamptz not null,
  revoked_at timestamptz,
  foreign key (clinic_id, client_id) references api_clients (clinic_id, id) on delete cascade
);
create index api_tokens_client on api_tokens (clinic_id, client_id, expires_at);

-- The ids (jti) of the client assertions already used, kept until they expire: a replayed
-- assertion is refused.
create table api_client_assertions (
  clinic_id uuid not null references clinics(id),
  client_id uuid not null,
  jti text not null check (length(jti) between 1 and 255),
  expires_at timestamptz not null,
  primary key (client_id, jti),
  foreign key (clinic_id, client_id) references api_clients (clinic_id, id) on delete cascade
);

do $$
declare t text;
begin
  foreach t in array array['api_clients', 'api_tokens', 'api_client_assertions']
  loop
    execute format('alter table %I enable row level security', t);
    execute format('create policy clinic_rows on %I using (clinic_id = app_clinic_id()) with check (clinic_id = app_clinic_id())', t);
    execute format('grant select, insert, update, delete on %I to remodel_app', t);
  end loop;
end $$;

-- Narrow doors for the moments before the clinic is known.
-- The token endpoint: a client's clinic, credentials and allowed scopes, by its id.
create function api_client_for_token(p_client_id uuid)
returns table (clinic_id uuid, auth_method text, secret_hash bytea, jwks jsonb, scopes text[], revoked boolean)
language sql stable security definer set search_path = public, pg_temp
as $$
  select c.clinic_id, c.auth_method, c.secret_hash, c.jwks, c.scopes, c.revoked_at is not null
  from api_clients c where c.id = p_client_id
$$;

-- Every FHIR request with a bearer token: the live token behind its hash (a revoked client's
-- tokens are dead with it).
create function api_token_find(p_token_hash bytea)
returns table (token_id uuid, client_id uuid, clinic_id uuid, scopes text[], expires_at timestamptz)
language sql stable security definer set search_path = public, pg_temp
as $$
  select t.id, t.client_id, t.clinic_id, t.scopes, t.expires_at
  from api_tokens t join api_clients c on c.clinic_id = t.clinic_id and c.id = t.client_id
  where t.token_hash = p_token_hash and t.revoked_at is null and t.expires_at > now()
    and c.revoked_at is null
$$;

revoke all on function api_client_for_token(uuid), api_token_find(bytea) from public;
grant execute on function api_client_for_token(uuid), api_token_find(bytea) to remodel_app;
