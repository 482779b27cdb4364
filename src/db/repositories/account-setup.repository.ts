/** One-time tokens with which a patient who booked online sets the password of their new account. */
import type { Tx } from "../pool.ts";

export async function insertSetupToken(
  tx: Tx,
  userId: string,
  tokenHash: Buffer,
  expiresAt: Date,
): Promise<string> {
  const { rows } = await tx.query<{ id: string }>(
    `insert into account_setup_tokens (clinic_id, user_id, token_hash, expires_at)
     values (app_clinic_id(), $1, $2, $3) returning id`,
    [userId, tokenHash, expiresAt],
  );
  return rows[0]!.id;
}

/**
 * Gives the set-up token a new hash and a fresh lifetime at the moment its e-mail is sent; false
 * when it was used or expired meanwhile (then nothing may be sent).
 */
export async function rekeySetupToken(
  tx: Tx,
  tokenId: string,
  tokenHash: Buffer,
  days: number,
): Promise<boolean> {
  const { rowCount } = await tx.query(
    `update account_setup_tokens set token_hash = $2, expires_at = now() + make_interval(days => $3)
     where id = $1 and used_at is null and expires_at > now()`,
    [tokenId, tokenHash, days],
  );
  return (rowCount ?? 0) > 0;
}

/** Which clinic and account an open token belongs to (through the security-definer door). */
export async function findSetupToken(
  tx: Tx,
  tokenHash: Buffer,
): Promise<{ tokenId: string; clinicId: string; userId: string } | null> {
  const { rows } = await tx.query<{ tokenId: string; clinicId: string; userId: string }>(
    `select token_id as "tokenId", clinic_id as "clinicId", user_id as "userId" from account_setup_find($1)`,
    [tokenHash],
  );
  return rows[0] ?? null;
}

/** Marks the token used; false when it was used or expired meanwhile. */
export async function useSetupToken(tx: Tx, tokenId: string): Promise<boolean> {
  const { rowCount } = await tx.query(
    "update account_setup_tokens set used_at = now() where id = $1 and used_at is null and expires_at > now()",
    [tokenId],
  );
  return (rowCount ?? 0) > 0;
}

export async function setUserPassword(tx: Tx, userId: string, passwordHash: string): Promise<string | null> {
  const { rows } = await tx.query<{ email: string }>(
    "update users set password_hash = $2 where id = $1 returning email::text as email",
    [userId, passwordHash],
  );
  return rows[0]?.email ?? null;
}
