import type pg from "pg";
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

/** Appends several entries for the current clinic in one statement, in the order given. */
export async function appendAudits(tx: Tx, entries: readonly AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await tx.query({
    name: "audit.append-many",
    text: `insert into audit_log (clinic_id, actor_user_id, actor_role, action, resource_type, resource_id, ip, user_agent, detail)
     select app_clinic_id(), e."actorUserId", e."actorRole", e.action, e."resourceType", e."resourceId", e.ip,
       e."userAgent", coalesce(e.detail, '{}')
     from rows from (json_to_recordset($1::json) as ("actorUserId" uuid, "actorRole" text, action text,
       "resourceType" text, "resourceId" text, ip inet, "userAgent" text, detail jsonb))
       with ordinality as e ("actorUserId", "actorRole", action, "resourceType", "resourceId", ip, "userAgent", detail, n)
     order by e.n`,
    values: [JSON.stringify(entries)],
  });
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

/** Anything that runs a query: a pool, a pooled client or a plain client. */
type Queryable = Pick<pg.ClientBase, "query"> | pg.Pool;

/**
 * Seals the clinic's audit entries whose transactions are certainly over (migration 077): numbers
 * and hashes them onto the chain; returns how many. Its own short transaction when `q` is in
 * autocommit; remodel_app may run it.
 */
export async function sealAuditEntries(q: Queryable, clinicId: string): Promise<number> {
  const { rows } = await q.query<{ n: number }>("select audit_seal($1)::int as n", [clinicId]);
  return rows[0]!.n;
}

/** The next transaction id not yet handed out: every entry committed so far has a smaller one. */
export async function auditXidMark(q: Queryable): Promise<string> {
  const { rows } = await q.query<{ mark: string }>(
    "select pg_snapshot_xmax(pg_current_snapshot())::text as mark",
  );
  return rows[0]!.mark;
}

/** True once every transaction below `mark` has ended, so the sealer can reach all its entries. */
export async function auditHorizonPassed(q: Queryable, mark: string): Promise<boolean> {
  const { rows } = await q.query<{ ok: boolean }>(
    "select pg_snapshot_xmin(pg_current_snapshot()) >= $1::xid8 as ok",
    [mark],
  );
  return rows[0]!.ok;
}

/** Entries of the clinic not sealed yet (the schema owner sees every clinic's). */
export async function countUnsealedAudit(q: Queryable, clinicId: string): Promise<number> {
  const { rows } = await q.query<{ n: number }>(
    "select count(*)::int as n from audit_log where clinic_id = $1 and seq is null",
    [clinicId],
  );
  return rows[0]!.n;
}

/** Every clinic's id, for the sealer (remodel_app may run it). */
export async function listClinicIdsForSealing(q: Queryable): Promise<string[]> {
  const { rows } = await q.query<{ id: string }>("select id from scheduling_clinics() as id order by id");
  return rows.map((r) => r.id);
}

/**
 * After a restore (schema owner only): seals every entry the backup held unsealed, in the same
 * (xid, id) order, whatever this server's own transaction ids are. Nothing else writes then.
 */
export async function sealRestoredAuditEntries(q: Queryable): Promise<number> {
  const { rows } = await q.query<{ n: number }>(
    "select coalesce(sum(audit_seal_upto(id, '18446744073709551615'::xid8)), 0)::int as n from clinics",
  );
  return rows[0]!.n;
}
