import type { Tx } from "../pool.ts";

export interface SignInState {
  role: string;
  totpSecret: string | null;
  totpEnabled: boolean;
  lockedUntil: Date | null;
}

export async function getSignInState(tx: Tx, userId: string): Promise<SignInState | null> {
  const { rows } = await tx.query<SignInState>(
    `select role, totp_secret as "totpSecret", totp_enabled_at is not null as "totpEnabled",
            case when locked_until > now() then locked_until end as "lockedUntil"
     from users where id = $1 and disabled_at is null`,
    [userId],
  );
  return rows[0] ?? null;
}

/** Counts one failed attempt; the threshold-th in a row locks the account for a while. */
export async function recordSignInFailure(
  tx: Tx,
  userId: string,
  threshold: number,
  lockMinutes: number,
): Promise<{ lockedUntil: Date | null }> {
  const { rows } = await tx.query<{ lockedUntil: Date | null }>(
    `update users set
       failed_logins = case when failed_logins + 1 >= $2 then 0 else failed_logins + 1 end,
       locked_until = case when failed_logins + 1 >= $2 then now() + make_interval(mins => $3) else locked_until end
     where id = $1
     returning case when locked_until > now() then locked_until end as "lockedUntil"`,
    [userId, threshold, lockMinutes],
  );
  return rows[0] ?? { lockedUntil: null };
}

export async function clearSignInFailures(tx: Tx, userId: string): Promise<void> {
  await tx.query(
    "update users set failed_logins = 0, locked_until = null where id = $1 and (failed_logins <> 0 or locked_until is not null)",
    [userId],
  );
}

export async function insertChallenge(
  tx: Tx,
  c: {
    userId: string;
    tokenHash: Buffer;
    purpose: "verify" | "enrol";
    pendingSecret: string | null;
    expiresAt: Date;
  },
): Promise<string> {
  const { rows } = await tx.query<{ id: string }>(
    `insert into login_challenges (clinic_id, user_id, token_hash, purpose, pending_secret, expires_at)
     values (app_clinic_id(), $1, $2, $3, $4, $5) returning id`,
    [c.userId, c.tokenHash, c.purpose, c.pendingSecret, c.expiresAt],
  );
  return rows[0]!.id;
}

export interface OpenChallenge {
  id: string;
  userId: string;
  purpose: "verify" | "enrol";
  pendingSecret: string | null;
  attempts: number;
}

/** The unused, unexpired challenge behind a token hash, locked for this transaction. */
export async function findOpenChallenge(tx: Tx, tokenHash: Buffer): Promise<OpenChallenge | null> {
  const { rows } = await tx.query<OpenChallenge>(
    `select id, user_id as "userId", purpose, pending_secret as "pendingSecret", attempts
     from login_challenges where token_hash = $1 and used_at is null and expires_at > now()
     for update`,
    [tokenHash],
  );
  return rows[0] ?? null;
}

export async function countChallengeAttempt(tx: Tx, id: string, maxAttempts: number): Promise<void> {
  await tx.query(
    "update login_challenges set attempts = attempts + 1, used_at = case when attempts + 1 >= $2 then now() end where id = $1",
    [id, maxAttempts],
  );
}

export async function closeChallenge(tx: Tx, id: string): Promise<void> {
  await tx.query("update login_challenges set used_at = now() where id = $1", [id]);
}

/** Claims a TOTP step for the user; false when that step (or a later one) was already used. */
export async function claimTotpStep(tx: Tx, userId: string, step: number): Promise<boolean> {
  const { rowCount } = await tx.query(
    "update users set totp_last_step = $2 where id = $1 and (totp_last_step is null or totp_last_step < $2)",
    [userId, step],
  );
  return (rowCount ?? 0) > 0;
}

export async function enableTotp(tx: Tx, userId: string, secret: string, step: number): Promise<void> {
  await tx.query(
    "update users set totp_secret = $2, totp_enabled_at = now(), totp_last_step = $3 where id = $1",
    [userId, secret, step],
  );
}

export async function replaceRecoveryCodes(tx: Tx, userId: string, hashes: Buffer[]): Promise<void> {
  await tx.query("delete from recovery_codes where user_id = $1", [userId]);
  await tx.query(
    `insert into recovery_codes (clinic_id, user_id, code_hash)
     select app_clinic_id(), $1, h from unnest($2::bytea[]) as h`,
    [userId, hashes],
  );
}

export async function spendRecoveryCode(tx: Tx, userId: string, hash: Buffer): Promise<boolean> {
  const { rowCount } = await tx.query(
    "update recovery_codes set used_at = now() where user_id = $1 and code_hash = $2 and used_at is null",
    [userId, hash],
  );
  return (rowCount ?? 0) > 0;
}

export async function countUnusedRecoveryCodes(tx: Tx, userId: string): Promise<number> {
  const { rows } = await tx.query<{ n: number }>(
    "select count(*)::int as n from recovery_codes where user_id = $1 and used_at is null",
    [userId],
  );
  return rows[0]?.n ?? 0;
}

export async function insertTrustedDevice(
  tx: Tx,
  userId: string,
  tokenHash: Buffer,
  expiresAt: Date,
): Promise<void> {
  await tx.query(
    "insert into trusted_devices (clinic_id, user_id, token_hash, expires_at) values (app_clinic_id(), $1, $2, $3)",
    [userId, tokenHash, expiresAt],
  );
}

export async function isTrustedDevice(tx: Tx, userId: string, tokenHash: Buffer): Promise<boolean> {
  const { rowCount } = await tx.query(
    "select 1 from trusted_devices where user_id = $1 and token_hash = $2 and revoked_at is null and expires_at > now()",
    [userId, tokenHash],
  );
  return (rowCount ?? 0) > 0;
}

export async function revokeTrustedDevices(tx: Tx, userId: string): Promise<number> {
  const { rowCount } = await tx.query(
    "update trusted_devices set revoked_at = now() where user_id = $1 and revoked_at is null",
    [userId],
  );
  return rowCount ?? 0;
}

export interface SessionListRow {
  id: string;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  ip: string | null;
  userAgent: string | null;
}

export async function listLiveSessions(tx: Tx, userId: string): Promise<SessionListRow[]> {
  const { rows } = await tx.query<SessionListRow>(
    `select id, created_at as "createdAt", last_seen_at as "lastSeenAt", expires_at as "expiresAt",
            host(ip) as ip, user_agent as "userAgent"
     from sessions where user_id = $1 and revoked_at is null and expires_at > now()
     order by last_seen_at desc`,
    [userId],
  );
  return rows;
}

export async function revokeUserSession(tx: Tx, userId: string, sessionId: string): Promise<boolean> {
  const { rowCount } = await tx.query(
    "update sessions set revoked_at = now() where id = $1 and user_id = $2 and revoked_at is null and expires_at > now()",
    [sessionId, userId],
  );
  return (rowCount ?? 0) > 0;
}

export async function revokeOtherSessions(tx: Tx, userId: string, keepSessionId: string): Promise<number> {
  const { rowCount } = await tx.query(
    "update sessions set revoked_at = now() where user_id = $1 and id <> $2 and revoked_at is null",
    [userId, keepSessionId],
  );
  return rowCount ?? 0;
}
