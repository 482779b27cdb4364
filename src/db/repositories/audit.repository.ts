import type { Tx } from "../pool.ts";

export interface AuditEntry {
  actorUserId: string | null;
  actorRole: string | null;
  action: string;
  resourceType: string;
  resourceId: string | null;
  ip: string | null;
  userAgent: string | null;
  detail?: Record<string, unknown>;
}

/** Appends one entry for the current clinic, inside the caller's transaction. */
export async function appendAudit(tx: Tx, e: AuditEntry): Promise<void> {
  await tx.query(
    `insert into audit_log (clinic_id, actor_user_id, actor_role, action, resource_type, resource_id, ip, user_agent, detail)
     values (app_clinic_id(), $1, $2, $3, $4, $5, $6, $7, $8)`,
    [
      e.actorUserId,
      e.actorRole,
      e.action,
      e.resourceType,
      e.resourceId,
      e.ip,
      e.userAgent,
      JSON.stringify(e.detail ?? {}),
    ],
  );
}

export interface AuditRow {
  id: number;
  at: Date;
  actorUserId: string | null;
  action: string;
  resourceType: string;
  resourceId: string | null;
  ip: string | null;
  detail: Record<string, unknown>;
}

export async function listAuditForResource(
  tx: Tx,
  resourceType: string,
  resourceId: string,
): Promise<AuditRow[]> {
  const { rows } = await tx.query<AuditRow>(
    `select id, at, actor_user_id as "actorUserId", action, resource_type as "resourceType",
            resource_id as "resourceId", host(ip) as ip, detail
     from audit_log where resource_type = $1 and resource_id = $2 order by id`,
    [resourceType, resourceId],
  );
  return rows;
}
