/**
 * Bulk-export jobs seen from their requester (a staff user or an API client): a job's status,
 * files and deletion answer only the one who started it. Also the lock a running export holds
 * and the sweep of jobs a restart cut short (080_export_requesters.sql). One function, one query.
 */
import type { Tx } from "../pool.ts";
import type { ExportJobRow } from "./fhir-export.repository.ts";

export type RequesterKind = "user" | "api-client";

export interface Requester {
  kind: RequesterKind;
  id: string;
}

export interface RequestedExportRow extends ExportJobRow {
  omittedTypes: string[];
}

export async function insertRequestedExport(
  tx: Tx,
  job: {
    requester: Requester;
    types: string[];
    omittedTypes: string[];
    since: Date | null;
    requestUrl: string;
  },
): Promise<string> {
  const { rows } = await tx.query<{ id: string }>(
    `insert into fhir_export_jobs (clinic_id, requested_by, requester_kind, types, omitted_types, since, request_url)
     values (app_clinic_id(), $1, $2, $3, $4, $5, $6) returning id`,
    [job.requester.id, job.requester.kind, job.types, job.omittedTypes, job.since, job.requestUrl],
  );
  return rows[0]!.id;
}

export async function getRequestedExport(
  tx: Tx,
  id: string,
  requester: Requester,
): Promise<RequestedExportRow | null> {
  const { rows } = await tx.query<RequestedExportRow>(
    `select id, status, request_url as "requestUrl", created_at as "createdAt", completed_at as "completedAt",
            error, omitted_types as "omittedTypes"
     from fhir_export_jobs where id = $1 and requested_by = $2 and requester_kind = $3`,
    [id, requester.id, requester.kind],
  );
  return rows[0] ?? null;
}

/** One part of a job, only for its requester. */
export async function getRequestedExportFile(
  tx: Tx,
  q: { jobId: string; type: string; part: number; requester: Requester },
): Promise<{ ndjson: string; count: number } | null> {
  const { rows } = await tx.query<{ ndjson: string; count: number }>(
    `select f.ndjson, f.resource_count as count from fhir_export_files f
     join fhir_export_jobs j on j.id = f.job_id
     where f.job_id = $1 and f.resource_type = $2 and f.part = $3
       and j.requested_by = $4 and j.requester_kind = $5`,
    [q.jobId, q.type, q.part, q.requester.id, q.requester.kind],
  );
  return rows[0] ?? null;
}

/** Deletes a job of this requester and (by cascade) its files; false when there was none. */
export async function deleteRequestedExport(tx: Tx, id: string, requester: Requester): Promise<boolean> {
  const { rowCount } = await tx.query(
    "delete from fhir_export_jobs where id = $1 and requested_by = $2 and requester_kind = $3",
    [id, requester.id, requester.kind],
  );
  return (rowCount ?? 0) > 0;
}

/** Held by the transaction that runs the export, so that a sweep can tell a live job from a dead one. */
export async function lockExportJob(tx: Tx, id: string): Promise<void> {
  await tx.query("select pg_advisory_xact_lock(hashtextextended('fhir_export:' || $1::text, 0))", [id]);
}

/** Marks jobs cut short as failed (one job, or every clinic's when `jobId` is null); how many. */
export async function failInterruptedExports(tx: Tx, jobId: string | null, message: string): Promise<number> {
  const { rows } = await tx.query<{ n: number }>("select fhir_export_fail_interrupted($1, $2) as n", [
    jobId,
    message,
  ]);
  return rows[0]?.n ?? 0;
}
