/**
 * FHIR reads, searches, imports and bulk exports for a signed-in principal: each runs in one
 * clinic-scoped transaction and is audited (ids and counts only, never names or search text).
 */
import type { Db, Tx } from "../../db/pool.ts";
import { withClinic } from "../../db/pool.ts";
import { appendAudit } from "../../db/repositories/audit.repository.ts";
import { defaultProtocol } from "../../domain/protocol/default-protocol.ts";
import type { Protocol } from "../../domain/protocol/types.ts";
import { exportResources, exportTypes } from "../../fhir/export.ts";
import type { Bundle, FhirResource } from "../../fhir/fhir-types.ts";
import { planImport } from "../../fhir/from-fhir.ts";
import { type AuditFn, applyImport, type ImportReport } from "../../fhir/import.ts";
import { FhirError, type Query, readResource, searchResources } from "../../fhir/rest.ts";
import type { Principal, RequestOrigin } from "./auth.service.ts";
import { clinicalTx } from "./clinical-tx.ts";

/** An import origin names the system a bundle came from; source ids are unique within it. */
export const IMPORT_ORIGIN = /^[a-z0-9][a-z0-9._-]{0,62}$/;

export interface ExportJob {
  id: string;
  status: "in-progress" | "complete" | "failed";
  requestUrl: string;
  createdAt: Date;
  completedAt: Date | null;
  error: string | null;
  files: { type: string; part: number; count: number }[];
}

export class FhirService {
  readonly #db: Db;
  readonly #protocol: () => Protocol;
  constructor(db: Db, protocol: () => Protocol = defaultProtocol) {
    this.#db = db;
    this.#protocol = protocol;
  }

  read(principal: Principal, origin: RequestOrigin, type: string, id: string): Promise<FhirResource> {
    return clinicalTx(this.#db, principal, origin, async (tx, audit) => {
      const resource = await readResource(tx, type, id);
      if (!resource) throw new FhirError(404, "not-found", `${type}/${id} is not known here`, "id");
      await audit("fhir.read", type, id);
      return resource;
    });
  }

  search(
    principal: Principal,
    origin: RequestOrigin,
    type: string,
    query: Query,
    base: string,
  ): Promise<Bundle> {
    return clinicalTx(this.#db, principal, origin, async (tx, audit) => {
      const bundle = await searchResources(tx, type, query, base);
      const ids = (bundle.entry ?? []).map((e) => e.resource?.id);
      await audit("fhir.search", type, null, { count: ids.length, total: bundle.total, ids });
      return bundle;
    });
  }

  /** Imports one bundle: all of it or, on any bad resource, nothing (BundleError names the fields). */
  async importBundle(
    principal: Principal,
    origin: RequestOrigin,
    bundle: unknown,
    source: string,
  ): Promise<ImportReport> {
    const plan = planImport(bundle, this.#protocol());
    return clinicalTx(this.#db, principal, origin, (tx, audit) => applyImport(tx, plan, source, audit));
  }

  /** Starts a bulk export; the work goes on after the kick-off answers (poll exportStatus). */
  async startExport(
    principal: Principal,
    origin: RequestOrigin,
    typeParam: string | null,
    since: Date | null,
    requestUrl: string,
  ): Promise<string> {
    const types = exportTypes(typeParam);
    const jobId = await clinicalTx(this.#db, principal, origin, async (tx, audit) => {
      const { rows } = await tx.query<{ id: string }>(
        `insert into fhir_export_jobs (clinic_id, requested_by, types, since, request_url)
         values (app_clinic_id(), $1, $2, $3, $4) returning id`,
        [principal.user.id, types, since, requestUrl],
      );
      const id = rows[0]!.id;
      await audit("fhir.export.start", "fhir_export", id, { types });
      return id;
    });
    setImmediate(() => {
      void this.#runExport(principal, origin, jobId, types, since);
    });
    return jobId;
  }

  async #runExport(
    principal: Principal,
    origin: RequestOrigin,
    jobId: string,
    types: string[],
    since: Date | null,
  ): Promise<void> {
    try {
      await clinicalTx(this.#db, principal, origin, async (tx, audit) => {
        const counts = await exportResources(tx, types, (part) => insertExportPart(tx, jobId, part), {
          since,
        });
        await tx.query(
          "update fhir_export_jobs set status = 'complete', completed_at = now() where id = $1",
          [jobId],
        );
        await audit("fhir.export", "fhir_export", jobId, { counts });
      });
    } catch (err) {
      const message = err instanceof Error ? err.message.slice(0, 500) : "export failed";
      await withClinic(this.#db, { clinicId: principal.clinic.id, userId: principal.user.id }, (tx) =>
        tx.query(
          "update fhir_export_jobs set status = 'failed', error = $2, completed_at = now() where id = $1",
          [jobId, message],
        ),
      ).catch(() => {});
    }
  }

  exportStatus(principal: Principal, origin: RequestOrigin, jobId: string): Promise<ExportJob | null> {
    return clinicalTx(this.#db, principal, origin, async (tx) => {
      const { rows } = await tx.query<Omit<ExportJob, "files">>(
        `select id, status, request_url as "requestUrl", created_at as "createdAt", completed_at as "completedAt", error
         from fhir_export_jobs where id = $1`,
        [jobId],
      );
      const job = rows[0];
      if (!job) return null;
      const files = await tx.query<{ type: string; part: number; count: number }>(
        `select resource_type as type, part, resource_count as count from fhir_export_files
         where job_id = $1 order by resource_type, part`,
        [jobId],
      );
      return { ...job, files: files.rows };
    });
  }

  exportFile(
    principal: Principal,
    origin: RequestOrigin,
    jobId: string,
    type: string,
    part: number,
  ): Promise<string | null> {
    return clinicalTx(this.#db, principal, origin, async (tx, audit) => {
      const { rows } = await tx.query<{ ndjson: string; count: number }>(
        `select f.ndjson, f.resource_count as count from fhir_export_files f
         join fhir_export_jobs j on j.id = f.job_id
         where f.job_id = $1 and f.resource_type = $2 and f.part = $3 and j.requested_by = $4`,
        [jobId, type, part, principal.user.id],
      );
      const file = rows[0];
      if (!file) return null;
      await audit("fhir.export.download", type, jobId, { part, count: file.count });
      return file.ndjson;
    });
  }

  deleteExport(principal: Principal, origin: RequestOrigin, jobId: string): Promise<boolean> {
    return clinicalTx(this.#db, principal, origin, async (tx, audit) => {
      const { rowCount } = await tx.query("delete from fhir_export_jobs where id = $1", [jobId]);
      if ((rowCount ?? 0) > 0) await audit("fhir.export.delete", "fhir_export", jobId);
      return (rowCount ?? 0) > 0;
    });
  }
}

async function insertExportPart(
  tx: Tx,
  jobId: string,
  part: { type: string; part: number; count: number; ndjson: string },
) {
  await tx.query(
    `insert into fhir_export_files (clinic_id, job_id, resource_type, part, resource_count, ndjson)
     values (app_clinic_id(), $1, $2, $3, $4, $5)`,
    [jobId, part.type, part.part, part.count, part.ndjson],
  );
}

/** Import and export from the command line: no signed-in user, so the audit names the CLI. */
export async function importAsSystem(
  db: Db,
  clinicId: string,
  bundle: unknown,
  source: string,
  protocol: Protocol = defaultProtocol(),
): Promise<ImportReport> {
  const plan = planImport(bundle, protocol);
  return withClinic(db, { clinicId }, (tx) => applyImport(tx, plan, source, systemAudit(tx, "import")));
}

export async function exportAsSystem(
  db: Db,
  clinicId: string,
  types: string[],
  write: (part: { type: string; part: number; count: number; ndjson: string }) => Promise<void>,
): Promise<Record<string, number>> {
  return withClinic(db, { clinicId }, async (tx) => {
    const counts = await exportResources(tx, types, write);
    await systemAudit(tx, "export")("fhir.export", "fhir_export", null, { counts });
    return counts;
  });
}

function systemAudit(tx: Tx, command: string): AuditFn {
  return (action, resourceType, resourceId, detail) =>
    appendAudit(tx, {
      actorUserId: null,
      actorRole: "cli",
      action,
      resourceType,
      resourceId,
      ip: null,
      userAgent: `remodel ${command}`,
      detail,
    });
}
