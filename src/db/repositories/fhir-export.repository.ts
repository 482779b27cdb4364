/**
 * Bulk-export jobs ($export) and their NDJSON parts, kept in the database so that any app server
 * can answer the status poll and the download. One function, one query.
 */
import type { Tx } from "../pool.ts";

export interface ExportJobRow {
  id: string;
  status: "in-progress" | "complete" | "failed";
  requestUrl: string;
  createdAt: Date;
  completedAt: Date | null;
  error: string | null;
}

export interface ExportFileRow {
  type: string;
  part: number;
  count: number;
}

export async function insertExportJob(
  tx: Tx,
  job: { requestedBy: string; types: string[]; since: Date | null; requestUrl: string },
): Promise<string> {
  const { rows } = await tx.query<{ id: string }>(
    `insert into fhir_export_jobs (clinic_id, requested_by, types, since, request_url)
     values (app_clinic_id(), $1, $2, $3, $4) returning id`,
    [job.requestedBy, job.types, job.since, job.requestUrl],
  );
  return rows[0]!.id;
}

export async function completeExportJob(tx: Tx, id: string): Promise<void> {
  await tx.query("update fhir_export_jobs set status = 'complete', completed_at = now() where id = $1", [id]);
}

export async function failExportJob(tx: Tx, id: string, error: string): Promise<void> {
  await tx.query(
    "update fhir_export_jobs set status = 'failed', error = $2, completed_at = now() where id = $1",
    [id, error],
  );
}

export async function getExportJob(tx: Tx, id: string): Promise<ExportJobRow | null> {
  const { rows } = await tx.query<ExportJobRow>(
    `select id, status, request_url as "requestUrl", created_at as "createdAt", completed_at as "completedAt", error
     from fhir_export_jobs where id = $1`,
    [id],
  );
  return rows[0] ?? null;
}

export async function listExportFiles(tx: Tx, jobId: string): Promise<ExportFileRow[]> {
  const { rows } = await tx.query<ExportFileRow>(
    `select resource_type as type, part, resource_count as count from fhir_export_files
     where job_id = $1 order by resource_type, part`,
    [jobId],
  );
  return rows;
}

export async function insertExportPart(
  tx: Tx,
  jobId: string,
  part: { type: string; part: number; count: number; ndjson: string },
): Promise<void> {
  await tx.query(
    `insert into fhir_export_files (clinic_id, job_id, resource_type, part, resource_count, ndjson)
     values (app_clinic_id(), $1, $2, $3, $4, $5)`,
    [jobId, part.type, part.part, part.count, part.ndjson],
  );
}

/** One part of a job, only for the user who requested the export. */
export async function getExportFile(
  tx: Tx,
  q: { jobId: string; type: string; part: number; requestedBy: string },
): Promise<{ ndjson: string; count: number } | null> {
  const { rows } = await tx.query<{ ndjson: string; count: number }>(
    `select f.ndjson, f.resource_count as count from fhir_export_files f
     join fhir_export_jobs j on j.id = f.job_id
     where f.job_id = $1 and f.resource_type = $2 and f.part = $3 and j.requested_by = $4`,
    [q.jobId, q.type, q.part, q.requestedBy],
  );
  return rows[0] ?? null;
}

/** Deletes a job and (by cascade) its files; false when there was none. */
export async function deleteExportJob(tx: Tx, id: string): Promise<boolean> {
  const { rowCount } = await tx.query("delete from fhir_export_jobs where id = $1", [id]);
  return (rowCount ?? 0) > 0;
}
