/**
 * The transaction every service runs clinical work in: scoped to the principal's clinic by
 * row-level security, with an audit writer bound to who and from where, so the audit entry
 * commits or rolls back together with the change it describes.
 */
import { type Db, type Tx, withClinic } from "../../db/pool.ts";
import { appendAudit } from "../../db/repositories/audit.repository.ts";
import type { Principal, RequestOrigin } from "./auth.service.ts";

export type Audit = (
  action: string,
  resourceType: string,
  resourceId: string | null,
  detail?: Record<string, unknown>,
) => Promise<void>;

export function clinicalTx<T>(
  db: Db,
  principal: Principal,
  origin: RequestOrigin,
  fn: (tx: Tx, audit: Audit) => Promise<T>,
): Promise<T> {
  return withClinic(db, { clinicId: principal.clinic.id, userId: principal.user.id }, (tx) =>
    fn(tx, (action, resourceType, resourceId, detail) =>
      appendAudit(tx, {
        actorUserId: principal.user.id,
        actorRole: principal.user.role,
        action,
        resourceType,
        resourceId,
        ...origin,
        detail,
      }),
    ),
  );
}
