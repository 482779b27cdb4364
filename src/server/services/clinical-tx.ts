/**
 * The transaction every service runs clinical work in: scoped to the principal's clinic by
 * row-level security, with an audit writer bound to who and from where, so the audit entry
 * commits or rolls back together with the change it describes.
 */
import { type Db, type Tx, withClinic } from "../../db/pool.ts";
import { type AuditEntry, appendAudit, appendAudits } from "../../db/repositories/audit.repository.ts";
import type { Principal, RequestOrigin } from "./auth.service.ts";

export type Audit = (
  action: string,
  resourceType: string,
  resourceId: string | null,
  detail?: Record<string, unknown>,
) => Promise<void>;

/** The audit entry of something a principal did, from where the request came. */
export function principalAudit(
  principal: Principal,
  origin: RequestOrigin,
  [action, resourceType, resourceId, detail]: Parameters<Audit>,
): AuditEntry {
  return {
    actorUserId: principal.user.id,
    actorRole: principal.user.role,
    action,
    resourceType,
    resourceId,
    ...origin,
    ...(detail ? { detail } : {}),
  };
}

export function clinicalTx<T>(
  db: Db,
  principal: Principal,
  origin: RequestOrigin,
  fn: (tx: Tx, audit: Audit) => Promise<T>,
): Promise<T> {
  return withClinic(db, { clinicId: principal.clinic.id, userId: principal.user.id }, (tx) =>
    fn(tx, (...entry) => appendAudit(tx, principalAudit(principal, origin, entry))),
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
