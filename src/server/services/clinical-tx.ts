/**
 * The transaction every service runs clinical work in: scoped to the principal's clinic by
 * row-level security, with an audit writer bound to who and from where, so the audit entry
 * commits or rolls back together with the change it describes.
 */
import { type Db, type Tx, withClinic } from "../../db/pool.ts";
import { type AuditEntry, appendAudit, appendAudits } from "../../db/repositories/audit.repository.ts";
import type { RequestContext } from "./request-context.ts";

export type Audit = (
  action: string,
  resourceType: string,
  resourceId: string | null,
  detail?: Record<string, unknown>,
) => Promise<void>;

/** The audit entry of something a principal did, from where the request came. */
export function principalAudit(
  ctx: RequestContext,
  [action, resourceType, resourceId, detail]: Parameters<Audit>,
): AuditEntry {
  return {
    actorUserId: ctx.principal.user.id,
    actorRole: ctx.principal.user.role,
    action,
    resourceType,
    resourceId,
    ...ctx.origin,
    ...(detail ? { detail } : {}),
  };
}

export function clinicalTx<T>(
  db: Db,
  ctx: RequestContext,
  fn: (tx: Tx, audit: Audit) => Promise<T>,
): Promise<T> {
  return withClinic(db, { clinicId: ctx.principal.clinic.id, userId: ctx.principal.user.id }, (tx) =>
    fn(tx, (...entry) => appendAudit(tx, principalAudit(ctx, entry))),
  );
}

/** Expired holds removed (they block nobody once expired): each removal audited, by the system. */
export function auditReleasedHolds(
  tx: Tx,
  holds: readonly { id: string; patientId: string }[],
  detail: Record<string, unknown>,
): Promise<void> {
  return appendAudits(
    tx,
    holds.map((h) => ({
      actorUserId: null,
      actorRole: "system",
      action: "appointment.hold-expired",
      resourceType: "appointment",
      resourceId: h.id,
      ip: null,
      userAgent: null,
      detail: { ...detail, patientId: h.patientId },
    })),
  );
}
