import type { Tx } from "../pool.ts";

export type ClientAuthMethod = "client_secret_basic" | "private_key_jwt";

export interface ApiClientRow {
  id: string;
  name: string;
  authMethod: ClientAuthMethod;
  scopes: string[];
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

const COLUMNS = `id, name, auth_method as "authMethod", scopes, created_at as "createdAt", last_used_at as "lastUsedAt", revoked_at as "revokedAt"`;

export async function insertApiClient(
  tx: Tx,
  c: {
    name: string;
    authMethod: ClientAuthMethod;
    secretHash: Buffer | null;
    jwks: { keys: unknown[] } | null;
    scopes: string[];
    createdBy: string;
  },
): Promise<ApiClientRow> {
  const { rows } = await tx.query<ApiClientRow>(
    `insert into api_clients (clinic_id, name, auth_method, secret_hash, jwks, scopes, created_by)
     values (app_clinic_id(), $1, $2, $3, $4, $5, $6) returning ${COLUMNS}`,
    [
      c.name,
      c.authMethod,
      c.secretHash,
      c.jwks === null ? null : JSON.stringify(c.jwks),
      c.scopes,
      c.createdBy,
    ],
  );
  return rows[0]!;
}

export async function listApiClients(tx: Tx): Promise<ApiClientRow[]> {
  const { rows } = await tx.query<ApiClientRow>(
    `select ${COLUMNS} from api_clients order by revoked_at is not null, created_at desc`,
  );
  return rows;
}

/** Marks a client revoked (its tokens die with it); null when there is no such live client. */
export async function revokeApiClient(tx: Tx, id: string, by: string): Promise<ApiClientRow | null> {
  const { rows } = await tx.query<ApiClientRow>(
    `update api_clients set revoked_at = now(), revoked_by = $2
     where id = $1 and revoked_at is null returning ${COLUMNS}`,
    [id, by],
  );
  return rows[0] ?? null;
}

/** Before the clinic is known: the client's clinic, secret hash and allowed scopes. */
export async function findClientForToken(
  tx: Tx,
  clientId: string,
): Promise<{
  clinicId: string;
  authMethod: ClientAuthMethod;
  secretHash: Buffer | null;
  jwks: { keys: unknown[] } | null;
  scopes: string[];
  revoked: boolean;
} | null> {
  const { rows } = await tx.query(
    `select clinic_id as "clinicId", auth_method as "authMethod", secret_hash as "secretHash", jwks, scopes, revoked
     from api_client_for_token($1)`,
    [clientId],
  );
  return rows[0] ?? null;
}

export async function insertApiToken(
  tx: Tx,
  t: { clientId: string; tokenHash: Buffer; scopes: string[]; expiresAt: Date },
): Promise<string> {
  const { rows } = await tx.query<{ id: string }>(
    `insert into api_tokens (clinic_id, client_id, token_hash, scopes, expires_at)
     values (app_clinic_id(), $1, $2, $3, $4) returning id`,
    [t.clientId, t.tokenHash, t.scopes, t.expiresAt],
  );
  return rows[0]!.id;
}

export async function touchApiClient(tx: Tx, clientId: string): Promise<void> {
  await tx.query("update api_clients set last_used_at = now() where id = $1", [clientId]);
}

/** Before the clinic is known: the live token behind a bearer token's hash. */
export async function findLiveToken(
  tx: Tx,
  tokenHash: Buffer,
): Promise<{
  tokenId: string;
  clientId: string;
  clinicId: string;
  scopes: string[];
  expiresAt: Date;
} | null> {
  const { rows } = await tx.query(
    `select token_id as "tokenId", client_id as "clientId", clinic_id as "clinicId", scopes,
            expires_at as "expiresAt"
     from api_token_find($1)`,
    [tokenHash],
  );
  return rows[0] ?? null;
}

/** RFC 7009: revokes one of the client's own tokens; false when it is not (or no longer) live. */
export async function revokeApiToken(tx: Tx, clientId: string, tokenHash: Buffer): Promise<boolean> {
  const { rowCount } = await tx.query(
    "update api_tokens set revoked_at = now() where client_id = $1 and token_hash = $2 and revoked_at is null",
    [clientId, tokenHash],
  );
  return (rowCount ?? 0) > 0;
}

/** Records a client assertion's jti; false when it was used before (a replay). */
export async function useAssertionId(
  tx: Tx,
  clientId: string,
  jti: string,
  expiresAt: Date,
): Promise<boolean> {
  // Used ids of this client that have expired are cleared on the way (they cannot be replayed).
  const { rowCount } = await tx.query(
    `with expired as (delete from api_client_assertions where client_id = $1 and expires_at < now())
     insert into api_client_assertions (clinic_id, client_id, jti, expires_at)
     values (app_clinic_id(), $1, $2, $3) on conflict do nothing`,
    [clientId, jti, expiresAt],
  );
  return (rowCount ?? 0) > 0;
}
