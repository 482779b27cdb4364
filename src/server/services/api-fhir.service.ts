/**
 * FHIR reads, searches, imports, Patient/$everything and bulk exports made by an API client with a
 * bearer token: the same REST, import and export code as a staff session, run in one transaction
 * under the client's clinic (row-level security), audited with the client as the actor. Per-type
 * scope checks of reads, searches and imports happen in the route; $everything and $export, which
 * gather many types, filter by scope here.
 */
import type { Db, Tx } from "../../db/pool.ts";
import { withClinic } from "../../db/pool.ts";
import { defaultProtocol } from "../../domain/protocol/default-protocol.ts";
import type { Protocol } from "../../domain/protocol/types.ts";
import { EXPORT_TYPES, exportTypes } from "../../fhir/export.ts";
import type { Bundle, FhirResource } from "../../fhir/fhir-types.ts";
import { planImport } from "../../fhir/from-fhir.ts";
import { applyImport, type ImportReport } from "../../fhir/import.ts";
import { FhirError, patientEverything, type Query, readResource, searchResources } from "../../fhir/rest.ts";
import { neededScope, permits, readableTypes } from "../../fhir/smart-scopes.ts";
import { type ApiCaller, clientAudit } from "./api-client.service.ts";
import type { RequestOrigin } from "./auth.service.ts";
import { type ExportActor, type ExportJob, FhirService } from "./fhir.service.ts";
import { fhirContext, fhirImportTarget } from "./fhir-source.ts";

type Audit = ReturnType<typeof clientAudit>;

/**
 * The reading rules of src/fhir that apply to a client (they are phrased as staff roles). Past
 * the per-type scope check a client reads as a clinician ("provider"): every photo of a patient
 * as a DocumentReference, as the clinical record shows them (each photo's consent covers clinical
 * use). The audit log (AuditEvent, owners only among staff) only with a scope that names
 * AuditEvent itself: `system/*` never reaches it (smart-scopes EXPLICIT_ONLY).
 */
export function readerRole(caller: ApiCaller): "owner" | "provider" {
  return permits(caller.scopes, "AuditEvent", "read") ? "owner" : "provider";
}

/** Refused (403) when the token may read none of the types asked for, or not every one named. */
export class ScopeRefusal extends FhirError {
  readonly needed: string[];
  constructor(needed: string[], message: string) {
    super(403, "forbidden", message, "_type");
    this.needed = needed;
  }
}

/** The bulk-export actor for a client: its jobs are its own; audited with the token id. */
export function clientActor(caller: ApiCaller, origin: RequestOrigin): ExportActor {
  return {
    requester: { kind: "api-client", id: caller.clientId },
    clinicId: caller.clinicId,
    role: readerRole(caller),
    run: (db, fn) =>
      withClinic(db, { clinicId: caller.clinicId }, (tx) => {
        const audit = clientAudit(tx, caller.clientId, origin);
        return fn(tx, (action, type, id, detail) =>
          audit(action, type, id, { ...detail, token: caller.tokenId }),
        );
      }),
  };
}

export class ApiFhirService {
  readonly #db: Db;
  readonly #protocol: () => Protocol;
  readonly #fhir: FhirService;
  constructor(db: Db, protocol: () => Protocol = defaultProtocol) {
    this.#db = db;
    this.#protocol = protocol;
    this.#fhir = new FhirService(db, protocol);
  }

  #ctx(tx: Tx, caller: ApiCaller, base: string) {
    return fhirContext(tx, { clinicId: caller.clinicId, role: readerRole(caller), base });
  }

  #tx<T>(caller: ApiCaller, origin: RequestOrigin, fn: (tx: Tx, audit: Audit) => Promise<T>): Promise<T> {
    return withClinic(this.#db, { clinicId: caller.clinicId }, (tx) =>
      fn(tx, clientAudit(tx, caller.clientId, origin)),
    );
  }

  read(
    caller: ApiCaller,
    origin: RequestOrigin,
    type: string,
    id: string,
    base: string,
  ): Promise<FhirResource> {
    return this.#tx(caller, origin, async (tx, audit) => {
      const ctx = this.#ctx(tx, caller, base);
      const resource = await readResource(ctx, type, id);
      if (!resource) throw new FhirError(404, "not-found", `${type}/${id} is not known here`, "id");
      await audit("fhir.read", type, id, { token: caller.tokenId });
      return resource;
    });
  }

  search(
    caller: ApiCaller,
    origin: RequestOrigin,
    type: string,
    query: Query,
    base: string,
  ): Promise<Bundle> {
    return this.#tx(caller, origin, async (tx, audit) => {
      const ctx = this.#ctx(tx, caller, base);
      const bundle = await searchResources(ctx, type, query);
      const ids = (bundle.entry ?? []).map((e) => e.resource?.id);
      await audit("fhir.search", type, null, {
        count: ids.length,
        total: bundle.total,
        ids,
        token: caller.tokenId,
      });
      return bundle;
    });
  }

  importBundle(
    caller: ApiCaller,
    origin: RequestOrigin,
    bundle: unknown,
    source: string,
  ): Promise<ImportReport> {
    const plan = planImport(bundle, this.#protocol());
    return this.#tx(caller, origin, (tx, audit) => applyImport(fhirImportTarget(tx), plan, source, audit));
  }

  /**
   * Patient/$everything: needs read on Patient (checked in the route); each other type is
   * included only when the token may read it. Audited as one read of the patient.
   */
  everything(
    caller: ApiCaller,
    origin: RequestOrigin,
    patientId: string,
    query: Query,
    base: string,
  ): Promise<Bundle> {
    return this.#tx(caller, origin, async (tx, audit) => {
      const bundle = await patientEverything(this.#ctx(tx, caller, base), patientId, query, (type) =>
        permits(caller.scopes, type, "read"),
      );
      if (!bundle) throw new FhirError(404, "not-found", `Patient/${patientId} is not known here`, "id");
      const counts: Record<string, number> = {};
      for (const e of bundle.entry ?? []) {
        const t = e.resource?.resourceType ?? "?";
        counts[t] = (counts[t] ?? 0) + 1;
      }
      await audit("fhir.everything", "patient", patientId, {
        total: bundle.total,
        counts,
        token: caller.tokenId,
      });
      return bundle;
    });
  }

  /**
   * Bulk export kick-off. With `_type`, every type named must be readable with the token, or the
   * kick-off is refused (403, naming the scopes missing). Without it, the export holds every type
   * the token may read, and the manifest's error file lists the ones left out; a token that may
   * read none is refused.
   */
  startExport(
    caller: ApiCaller,
    origin: RequestOrigin,
    job: { typeParam: string | null; since: Date | null; requestUrl: string; base: string },
  ): Promise<string> {
    const named = job.typeParam !== null && job.typeParam.trim() !== "";
    const { readable, refused } = readableTypes(
      caller.scopes,
      named ? exportTypes(job.typeParam) : EXPORT_TYPES,
    );
    if (named && refused.length > 0) {
      const needed = refused.map((t) => neededScope(t, "read"));
      throw new ScopeRefusal(
        needed,
        `_type: this token's scopes do not allow reading ${refused.join(", ")}; it needs ${needed.join(" ")}`,
      );
    }
    if (readable.length === 0)
      throw new ScopeRefusal(
        ["system/*.rs"],
        "this token's scopes allow reading no exported type; a bulk export needs read scopes (e.g. system/*.rs)",
      );
    return this.#fhir.startExportAs(clientActor(caller, origin), {
      types: readable,
      omitted: refused,
      since: job.since,
      requestUrl: job.requestUrl,
      base: job.base,
    });
  }

  exportStatus(caller: ApiCaller, origin: RequestOrigin, jobId: string): Promise<ExportJob | null> {
    return this.#fhir.exportStatusAs(clientActor(caller, origin), jobId);
  }

  exportFile(
    caller: ApiCaller,
    origin: RequestOrigin,
    jobId: string,
    type: string,
    part: number,
  ): Promise<string | null> {
    return this.#fhir.exportFileAs(clientActor(caller, origin), jobId, type, part);
  }

  deleteExport(caller: ApiCaller, origin: RequestOrigin, jobId: string): Promise<boolean> {
    return this.#fhir.deleteExportAs(clientActor(caller, origin), jobId);
  }
}
