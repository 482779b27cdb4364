import type { Db, Tx } from "../pool.ts";
import type { PublicClinic } from "./clinic.repository.ts";
import type { UserRow } from "./user.repository.ts";

export interface SessionLimits {
  idleMinutes: number;
  maxHours: number;
  rotateMinutes: number;
}

export interface CheckedSession {
  sessionId: string;
  createdAt: Date;
  expiresAt: Date;
  /** Older than the rotation age: to be replaced by a new token (it was not extended). */
  rotate: boolean;
  user: UserRow;
  clinic: PublicClinic;
}

interface CheckedRow {
  sessionId: string;
  createdAt: Date;
  expiresAt: Date;
  rotate: boolean;
  userId: string;
  clinicId: string;
  email: string;
  name: string;
  role: UserRow["role"];
  credential: UserRow["credential"];
  maxNeedleDepthMm: number | null;
  patientId: string | null;
  clinicSlug: string;
  clinicName: string;
  clinicTimeZone: string;
  clinicPhone: string | null;
  clinicEmail: string | null;
}

/**
 * The live sessions behind token hashes, each with its user and clinic, in one statement through
 * the session door of the tenant wall (migration 082): for each hash, nothing unless the session is
 * unrevoked, within its idle expiry and maximum age, and its user is not disabled. The same
 * statement extends the idle expiry and last-seen time when due (at most about once a minute). It
 * runs on its own, not in a transaction, so it takes the pool rather than a transaction's client.
 * Answers in the order of the hashes (null: no live session).
 */
export async function checkSessions(
  db: Db,
  tokenHashes: readonly Buffer[],
  limits: SessionLimits,
): Promise<(CheckedSession | null)[]> {
  const { rows } = await db.query<CheckedRow & { n: number }>({
    name: "auth.check-sessions",
    text: `select t.n, s.session_id as "sessionId", s.created_at as "createdAt", s.expires_at as "expiresAt", s.rotate,
            s.user_id as "userId", s.clinic_id as "clinicId", s.user_email as "email", s.user_name as "name",
            s.user_role as "role", s.user_credential as "credential",
            s.user_max_needle_depth_mm as "maxNeedleDepthMm", s.user_patient_id as "patientId",
            s.clinic_slug as "clinicSlug", s.clinic_name as "clinicName", s.clinic_time_zone as "clinicTimeZone",
            s.clinic_phone as "clinicPhone", s.clinic_email as "clinicEmail"
     from unnest($1::bytea[]) with ordinality as t (hash, n)
     cross join lateral auth_check_session(t.hash, $2, $3, $4) as s`,
    values: [tokenHashes, limits.idleMinutes, limits.maxHours, limits.rotateMinutes],
  });
  const found: (CheckedSession | null)[] = tokenHashes.map(() => null);
  for (const r of rows) found[r.n - 1] = checked(r);
  return found;
}

function checked(r: CheckedRow): CheckedSession {
  return {
    sessionId: r.sessionId,
    createdAt: r.createdAt,
    expiresAt: r.expiresAt,
    rotate: r.rotate,
    user: {
      id: r.userId,
      clinicId: r.clinicId,
      email: r.email,
      name: r.name,
      role: r.role,
      credential: r.credential,
      maxNeedleDepthMm: r.maxNeedleDepthMm,
      patientId: r.patientId,
    },
    clinic: {
      id: r.clinicId,
      slug: r.clinicSlug,
      name: r.clinicName,
      timeZone: r.clinicTimeZone,
      phone: r.clinicPhone,
      email: r.clinicEmail,
    },
  };
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
