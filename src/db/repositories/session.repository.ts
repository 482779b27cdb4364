import type { Tx } from "../pool.ts";

export interface SessionRow {
  sessionId: string;
  userId: string;
  clinicId: string;
  createdAt: Date;
  expiresAt: Date;
}

/** The live session behind a token hash, whatever its clinic (through the session door). */
export async function findLiveSession(tx: Tx, tokenHash: Buffer): Promise<SessionRow | null> {
  const { rows } = await tx.query<SessionRow>(
    `select session_id as "sessionId", user_id as "userId", clinic_id as "clinicId",
            created_at as "createdAt", expires_at as "expiresAt"
     from auth_find_session($1)`,
    [tokenHash],
  );
  return rows[0] ?? null;
}

export async function insertSession(
  tx: Tx,
  s: { userId: string; tokenHash: Buffer; expiresAt: Date; ip: string | null; userAgent: string | null },
): Promise<string> {
  const { rows } = await tx.query<{ id: string }>(
    `insert into sessions (clinic_id, user_id, token_hash, expires_at, ip, user_agent)
     values (app_clinic_id(), $1, $2, $3, $4, $5) returning id`,
    [s.userId, s.tokenHash, s.expiresAt, s.ip, s.userAgent],
  );
  return rows[0]!.id;
}

export async function revokeSession(tx: Tx, sessionId: string): Promise<void> {
  await tx.query("update sessions set revoked_at = now() where id = $1 and revoked_at is null", [sessionId]);
}

export async function extendSession(tx: Tx, sessionId: string, expiresAt: Date): Promise<void> {
  await tx.query("update sessions set last_seen_at = now(), expires_at = $2 where id = $1", [
    sessionId,
    expiresAt,
  ]);
}
