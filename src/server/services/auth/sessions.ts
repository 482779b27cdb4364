/**
 * Sessions: a token is 32 random bytes given to the browser in an HttpOnly cookie; the database
 * keeps only its SHA-256, so a leaked table opens nothing. Issued, checked, rotated, revoked.
 */

import { withClinic } from "../../../db/pool.ts";
import { appendAudit } from "../../../db/repositories/audit.repository.ts";
import { getCurrentClinic } from "../../../db/repositories/clinic.repository.ts";
import {
  type CheckedSession,
  checkSessions,
  insertSession,
  revokeSession,
} from "../../../db/repositories/session.repository.ts";
import { getUser } from "../../../db/repositories/user.repository.ts";
import { DomainError } from "../../../domain/errors.ts";
import type { Config } from "../../config.ts";
import { BatchQueue } from "../batch-queue.ts";
import type { RequestContext } from "../request-context.ts";
import {
  type AuthDeps,
  hashToken,
  type IssuedSession,
  newToken,
  type Principal,
  type RequestOrigin,
} from "./model.ts";

/** When a session created at `createdAt` expires: idle expiry, capped by its maximum age. */
export function sessionExpiry(config: Config, createdAt: Date, now = new Date()): Date {
  const idle = now.getTime() + config.session.idleMinutes * 60_000;
  const absolute = createdAt.getTime() + config.session.maxHours * 3_600_000;
  return new Date(Math.min(idle, absolute));
}

export async function issueSession(
  deps: AuthDeps,
  clinicId: string,
  userId: string,
  origin: RequestOrigin,
  action: string,
  replaces?: string,
  detail?: Record<string, unknown>,
): Promise<IssuedSession> {
  const token = newToken();
  const now = new Date();
  const expiresAt = sessionExpiry(deps.config, now, now);
  return withClinic(deps.db, { clinicId, userId }, async (tx) => {
    const user = await getUser(tx, userId);
    if (!user)
      throw new DomainError("unauthenticated", "invalid_credentials", "e-mail or password is not correct");
    if (replaces) await revokeSession(tx, replaces);
    const sessionId = await insertSession(tx, {
      userId,
      tokenHash: hashToken(token),
      expiresAt,
      ...origin,
    });
    await appendAudit(tx, {
      actorUserId: userId,
      actorRole: user.role,
      action,
      resourceType: "session",
      resourceId: sessionId,
      ...origin,
      detail,
    });
    return { token, expiresAt, principal: { sessionId, user, clinic: await getCurrentClinic(tx) } };
  });
}

/**
 * Session checks of requests arriving together go in one statement (natural batching, as for
 * bookings: a request alone is checked at once); the same token twice is checked once.
 */
export type SessionChecks = ReturnType<typeof sessionCheckQueue>;

export function sessionCheckQueue(deps: AuthDeps) {
  return new BatchQueue<Buffer, CheckedSession | null>({
    maxBatch: 256,
    maxRunning: 2,
    run: async (_key, hashes) => {
      const distinct = [...new Map(hashes.map((h) => [h.toString("hex"), h])).values()];
      const found = await checkSessions(deps.db, distinct, deps.config.session);
      const byHash = new Map(distinct.map((h, i) => [h.toString("hex"), found[i] ?? null]));
      return hashes.map((h) => ({ ok: true as const, value: byHash.get(h.toString("hex")) ?? null }));
    },
  });
}

/**
 * The principal behind a session token, or null. One statement in the common case
 * (auth_check_session, migration 082): it refuses a revoked session, one past its idle expiry or
 * maximum age, and a disabled user's; it extends the idle expiry and last-seen time at most about
 * once a minute. Past the rotation age, the token is swapped for a new one (returned as
 * `rotated`), the old one revoked and the swap audited.
 */
export async function authenticate(
  deps: AuthDeps,
  checks: SessionChecks,
  token: string,
  origin: RequestOrigin,
): Promise<{ principal: Principal; rotated?: IssuedSession } | null> {
  const session = await checks.submit("sessions", hashToken(token));
  if (!session) return null;
  if (session.rotate) {
    const rotated = await issueSession(
      deps,
      session.clinic.id,
      session.user.id,
      origin,
      "auth.rotate",
      session.sessionId,
    );
    return { principal: rotated.principal, rotated };
  }
  return { principal: { sessionId: session.sessionId, user: session.user, clinic: session.clinic } };
}

export async function logout(deps: AuthDeps, ctx: RequestContext): Promise<void> {
  await withClinic(
    deps.db,
    { clinicId: ctx.principal.clinic.id, userId: ctx.principal.user.id },
    async (tx) => {
      await revokeSession(tx, ctx.principal.sessionId);
      await appendAudit(tx, {
        actorUserId: ctx.principal.user.id,
        actorRole: ctx.principal.user.role,
        action: "auth.logout",
        resourceType: "session",
        resourceId: ctx.principal.sessionId,
        ...ctx.origin,
      });
    },
  );
}
