/**
 * FHIR reads, searches, Patient/$everything, imports and bulk exports for a signed-in principal:
 * each runs in one clinic-scoped transaction and is audited (ids and counts only, never names or
 * search text). The queries live in the repositories; fhir-source.ts hands them to src/fhir.
 */
import type { Db, Tx } from "../../db/pool.ts";
import { withClinic, withoutClinic } from "../../db/pool.ts";
import { appendAudit } from "../../db/repositories/audit.repository.ts";
import {
  deleteRequestedExport,
  failInterruptedExports,
  getRequestedExport,
  getRequestedExportFile,
  insertRequestedExport,
  lockExportJob,
  type RequestedExportRow,
  type Requester,
} from "../../db/repositories/bulk-export.repository.ts";
import {
  completeExportJob,
  type ExportFileRow,
  failExportJob,
  insertExportPart,
  listExportFiles,
} from "../../db/repositories/fhir-export.repository.ts";
import { defaultProtocol } from "../../domain/protocol/default-protocol.ts";
import type { Protocol } from "../../domain/protocol/types.ts";
import { exportResources, exportTypes, omittedTypesPart } from "../../fhir/export.ts";
import type { Bundle, FhirResource } from "../../fhir/fhir-types.ts";
import { planImport } from "../../fhir/from-fhir.ts";
import { type AuditFn, applyImport, type ImportReport } from "../../fhir/import.ts";
import { FhirError, patientEverything, type Query, readResource, searchResources } from "../../fhir/rest.ts";
import type { Principal } from "./auth.service.ts";
import { type Audit, clinicalTx } from "./clinical-tx.ts";
import { fhirContext, fhirImportTarget } from "./fhir-source.ts";
import type { RequestContext } from "./request-context.ts";

export { IMPORT_ORIGIN } from "../../contract/fhir-import.ts";

export interface ExportJob extends RequestedExportRow {
  files: ExportFileRow[];
}

/** What a job says when a restart cut it short (its work rolled back with its transaction). */
export const INTERRUPTED =
  "interrupted: the server stopped before the export finished and its work was discarded; start a new export";

/**
 * Who runs a bulk export: a staff user or an API client. `role` picks the reading rules of
 * src/fhir (photos for clinicians, AuditEvent for owners); `run` opens a transaction in the
 * actor's clinic with the audit bound to the actor.
 */
export interface ExportActor {
  requester: Requester;
  clinicId: string;
  role: string;
  run<T>(db: Db, fn: (tx: Tx, audit: Audit) => Promise<T>): Promise<T>;
}

export function staffActor(ctx: RequestContext): ExportActor {
  return {
    requester: { kind: "user", id: ctx.principal.user.id },
    clinicId: ctx.principal.clinic.id,
    role: ctx.principal.user.role,
    run: (db, fn) => clinicalTx(db, ctx, fn),
  };
}

const readerOf = (principal: Principal, base: string) => ({
  clinicId: principal.clinic.id,
  role: principal.user.role,
  base,
});

export class FhirService {
  readonly #db: Db;
  readonly #protocol: () => Protocol;
  constructor(db: Db, protocol: () => Protocol = defaultProtocol) {
    this.#db = db;
    this.#protocol = protocol;
  }

  read(ctx: RequestContext, type: string, id: string, base: string): Promise<FhirResource> {
    return clinicalTx(this.#db, ctx, async (tx, audit) => {
      const resource = await readResource(fhirContext(tx, readerOf(ctx.principal, base)), type, id);
      if (!resource) throw new FhirError(404, "not-found", `${type}/${id} is not known here`, "id");
      await audit("fhir.read", type, id);
      return resource;
    });
  }

  search(ctx: RequestContext, type: string, query: Query, base: string): Promise<Bundle> {
    return clinicalTx(this.#db, ctx, async (tx, audit) => {
      const bundle = await searchResources(fhirContext(tx, readerOf(ctx.principal, base)), type, query);
      const ids = (bundle.entry ?? []).map((e) => e.resource?.id);
      await audit("fhir.search", type, null, { count: ids.length, total: bundle.total, ids });
      return bundle;
    });
  }

  /** Patient/$everything: audited as one read of the patient, with the count of each type given. */
  everything(ctx: RequestContext, patientId: string, query: Query, base: string): Promise<Bundle> {
    return clinicalTx(this.#db, ctx, async (tx, audit) => {
      const bundle = await patientEverything(
        fhirContext(tx, readerOf(ctx.principal, base)),
        patientId,
        query,
      );
      if (!bundle) throw new FhirError(404, "not-found", `Patient/${patientId} is not known here`, "id");
      const counts: Record<string, number> = {};
      for (const e of bundle.entry ?? []) {
        const t = e.resource?.resourceType ?? "?";
        counts[t] = (counts[t] ?? 0) + 1;
      }
      await audit("fhir.everything", "patient", patientId, { total: bundle.total, counts });
      return bundle;
    });
  }

  /** Imports one bundle: all of it or, on any bad resource, nothing (BundleError names the fields). */
  async importBundle(ctx: RequestContext, bundle: unknown, source: string): Promise<ImportReport> {
    const plan = planImport(bundle, this.#protocol());
    return clinicalTx(this.#db, ctx, (tx, audit) => applyImport(fhirImportTarget(tx), plan, source, audit));
  }

  /** Starts a bulk export; the work goes on after the kick-off answers (poll exportStatus). */
  startExport(
    ctx: RequestContext,
    typeParam: string | null,
    since: Date | null,
    requestUrl: string,
    base: string,
  ): Promise<string> {
    const types = exportTypes(typeParam);
    return this.startExportAs(staffActor(ctx), { types, omitted: [], since, requestUrl, base });
  }

  /**
   * Starts a bulk export of `types` for any actor. `omitted` are types left out because the
   * actor may not read them: the finished job lists them in an OperationOutcome error file.
   */
  async startExportAs(
    actor: ExportActor,
    job: { types: string[]; omitted: string[]; since: Date | null; requestUrl: string; base: string },
  ): Promise<string> {
    const { types, omitted, since, requestUrl } = job;
    const jobId = await actor.run(this.#db, async (tx, audit) => {
      const id = await insertRequestedExport(tx, {
        requester: actor.requester,
        types,
        omittedTypes: omitted,
        since,
        requestUrl,
      });
      await audit("fhir.export.start", "fhir_export", id, { types, omitted });
      return id;
    });
    setImmediate(() => {
      void this.#runExport(actor, jobId, job);
    });
    return jobId;
  }

  async #runExport(
    actor: ExportActor,
    jobId: string,
    job: { types: string[]; omitted: string[]; since: Date | null; base: string },
  ): Promise<void> {
    try {
      await actor.run(this.#db, async (tx, audit) => {
        // Held until this transaction ends: a sweep sees the job is alive (080_export_requesters).
        await lockExportJob(tx, jobId);
        const ctx = fhirContext(tx, { clinicId: actor.clinicId, role: actor.role, base: job.base });
        const write = (part: Parameters<typeof insertExportPart>[2]) => insertExportPart(tx, jobId, part);
        const counts = await exportResources(ctx, job.types, write, { since: job.since });
        const outcome = omittedTypesPart(job.omitted);
        if (outcome) await write(outcome);
        await completeExportJob(tx, jobId);
        await audit("fhir.export", "fhir_export", jobId, { counts });
      });
    } catch (err) {
      const message = err instanceof Error ? err.message.slice(0, 500) : "export failed";
      await withClinic(this.#db, { clinicId: actor.clinicId }, (tx) =>
        failExportJob(tx, jobId, message),
      ).catch(() => {});
    }
  }

  /**
   * Marks as failed the exports a restart cut short, in every clinic (at start-up). A job another
   * server is still running holds its lock and is left alone.
   */
  failInterruptedExports(): Promise<number> {
    return withoutClinic(this.#db, (tx) => failInterruptedExports(tx, null, INTERRUPTED));
  }

  exportStatus(ctx: RequestContext, jobId: string): Promise<ExportJob | null> {
    return this.exportStatusAs(staffActor(ctx), jobId);
  }

  /** A job of this actor's (null for anyone else's), failed first if it was cut short. */
  exportStatusAs(actor: ExportActor, jobId: string): Promise<ExportJob | null> {
    return actor.run(this.#db, async (tx) => {
      let job = await getRequestedExport(tx, jobId, actor.requester);
      if (job?.status === "in-progress" && (await failInterruptedExports(tx, jobId, INTERRUPTED)) > 0)
        job = await getRequestedExport(tx, jobId, actor.requester);
      return job ? { ...job, files: await listExportFiles(tx, jobId) } : null;
    });
  }

  exportFile(ctx: RequestContext, jobId: string, type: string, part: number): Promise<string | null> {
    return this.exportFileAs(staffActor(ctx), jobId, type, part);
  }

  exportFileAs(actor: ExportActor, jobId: string, type: string, part: number): Promise<string | null> {
    return actor.run(this.#db, async (tx, audit) => {
      const file = await getRequestedExportFile(tx, { jobId, type, part, requester: actor.requester });
      if (!file) return null;
      await audit("fhir.export.download", type, jobId, { part, count: file.count });
      return file.ndjson;
    });
  }

  deleteExport(ctx: RequestContext, jobId: string): Promise<boolean> {
    return this.deleteExportAs(staffActor(ctx), jobId);
  }

  deleteExportAs(actor: ExportActor, jobId: string): Promise<boolean> {
    return actor.run(this.#db, async (tx, audit) => {
      const deleted = await deleteRequestedExport(tx, jobId, actor.requester);
      if (deleted) await audit("fhir.export.delete", "fhir_export", jobId);
      return deleted;
    });
  }
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
  return withClinic(db, { clinicId }, (tx) =>
    applyImport(fhirImportTarget(tx), plan, source, systemAudit(tx, "import")),
  );
}

export async function exportAsSystem(
  db: Db,
  clinicId: string,
  types: string[],
  write: (part: { type: string; part: number; count: number; ndjson: string }) => Promise<void>,
  publicUrl = "",
): Promise<Record<string, number>> {
  return withClinic(db, { clinicId }, async (tx) => {
    // Attachment links point at the site's public address (PUBLIC_URL) when the CLI knows it.
    const ctx = fhirContext(tx, { clinicId, role: "cli", base: `${publicUrl.replace(/\/$/, "")}/fhir/r4` });
    const counts = await exportResources(ctx, types, write);
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
