/**
 * The FHIR R4 endpoint at /fhir/r4 (also answered at /fhir/R4): capabilities, read and search,
 * transaction/batch import, Patient/$everything and the Bulk Data $export flow, for staff sessions
 * and API clients' bearer tokens. Thin wiring: access rules here, the work in FhirService,
 * ApiFhirService and src/fhir. Errors are OperationOutcomes that name the field.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from "fastify";
import { type Db, isDatabaseUnavailable } from "../../../db/pool.ts";
import { FHIR_JSON } from "../../../fhir/fhir-types.ts";
import { BundleError } from "../../../fhir/from-fhir.ts";
import type { ImportReport } from "../../../fhir/import.ts";
import { capabilityStatement, FhirError, operationOutcome, type Query } from "../../../fhir/rest.ts";
import { ctx, OWNER, origin, STAFF } from "../../http/access.ts";
import { refusalResponse } from "../../http/errors.ts";
import { jsonTooDeep, MAX_JSON_DEPTH } from "../../security/hardening.ts";
import { ApiFhirService, ScopeRefusal } from "../../services/api-fhir.service.ts";
import { FhirService, IMPORT_ORIGIN } from "../../services/fhir.service.ts";
import {
  BearerError,
  installBearerAuth,
  requireImportScopes,
  requireScope,
  withSmartSecurity,
} from "../oauth/bearer.ts";

const PREFIXES = ["/fhir/r4", "/fhir/R4"] as const;
const NDJSON = "application/fhir+ndjson";
const IMPORT_BODY_LIMIT = 64 * 1024 * 1024;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TYPE = /^[A-Z][A-Za-z]{1,63}$/;

function baseOf(req: FastifyRequest, prefix: string): string {
  return `${req.protocol}://${req.headers.host ?? "localhost"}${prefix}`;
}

function send(reply: FastifyReply, status: number, body: unknown) {
  return reply.status(status).type(FHIR_JSON).send(JSON.stringify(body));
}

function issueCode(status: number): string {
  if (status === 401 || status === 403) return "security";
  if (status === 404) return "not-found";
  if (status === 413) return "too-costly";
  return "invalid";
}

export const fhirRoutes: FastifyPluginAsync<{ db: Db }> = async (app, { db }) => {
  const fhir = new FhirService(db);
  const apiFhir = new ApiFhirService(db);

  app.removeContentTypeParser("application/json");
  app.addContentTypeParser(
    ["application/fhir+json", "application/json"],
    { parseAs: "string", bodyLimit: IMPORT_BODY_LIMIT },
    (_req, body, done) => {
      if (jsonTooDeep(body as string))
        return done(
          new FhirError(400, "structure", `body: nested deeper than ${MAX_JSON_DEPTH} levels`, "body"),
          undefined,
        );
      try {
        done(null, JSON.parse(body as string));
      } catch (err) {
        done(
          new FhirError(400, "structure", `body: not valid JSON (${(err as Error).message})`, "body"),
          undefined,
        );
      }
    },
  );

  app.setErrorHandler((err: Error & { statusCode?: number; code?: string }, req, reply) => {
    if (err instanceof BundleError) {
      return send(reply, 400, {
        resourceType: "OperationOutcome",
        issue: err.errors.map((e) => ({
          severity: "error",
          code: "invalid",
          diagnostics: `${e.path}: ${e.message}`,
          expression: [e.path],
        })),
      });
    }
    if (err instanceof BearerError) reply.header("www-authenticate", err.challenge);
    if (err instanceof ScopeRefusal)
      reply.header(
        "www-authenticate",
        `Bearer realm="remodel", error="insufficient_scope", scope="${err.needed.join(" ")}"`,
      );
    if (err instanceof FhirError)
      return send(
        reply,
        err.status,
        operationOutcome("error", err.code, err.message, err.field ? [err.field] : []),
      );
    const refused = refusalResponse(err);
    if (refused) {
      const fields = Object.keys(refused.fields ?? {});
      return send(
        reply,
        refused.status,
        operationOutcome("error", issueCode(refused.status), refused.message, fields),
      );
    }
    if (err.code?.startsWith("FST_CSRF")) {
      return send(
        reply,
        403,
        operationOutcome("error", "security", "missing or invalid CSRF token (x-csrf-token header)", [
          "headers.x-csrf-token",
        ]),
      );
    }
    if (err.code === "FST_ERR_CTP_INVALID_MEDIA_TYPE")
      return send(
        reply,
        415,
        operationOutcome("error", "not-supported", `send ${FHIR_JSON}`, ["headers.content-type"]),
      );
    if (isDatabaseUnavailable(err)) {
      reply.header("retry-after", "2");
      return send(
        reply,
        503,
        operationOutcome("error", "transient", "the database is not available just now; try again shortly"),
      );
    }
    const status = err.statusCode ?? 500;
    if (status >= 400 && status < 500)
      return send(reply, status, operationOutcome("error", issueCode(status), err.message));
    req.log.error({ err: { message: err.message, code: err.code } }, "FHIR request failed");
    return send(reply, 500, operationOutcome("fatal", "exception", "internal error"));
  });

  // API clients: a bearer token on the routes that declare `bearer` (reads, searches, import,
  // $everything and the $export flow).
  installBearerAuth(app, db);

  // Exports a restart cut short are marked failed, so that their status does not say
  // "in progress" for ever (a job still running on another server holds its lock and is kept).
  app.addHook("onReady", async () => {
    const failed = await fhir.failInterruptedExports();
    if (failed > 0) app.log.warn({ failed }, "bulk exports cut short by a restart were marked failed");
  });

  // A cookie session authenticates the other requests, so their state changes carry the CSRF
  // token as /api does; a bearer token is sent deliberately and needs none.
  app.addHook("onRequest", (req, reply, done) => {
    if (req.method === "GET" || req.method === "HEAD" || req.apiCaller) return done();
    app.csrfProtection(req, reply, done);
  });

  for (const prefix of PREFIXES) {
    // Staff with a session, or an API client with a bearer token (checked against its scopes).
    const either = (access: typeof STAFF) => ({ config: { access, bearer: true }, schema: { hide: true } });

    app.get(
      `${prefix}/metadata`,
      { config: { access: "public" as const }, schema: { hide: true } },
      (req, reply) =>
        send(
          reply,
          200,
          withSmartSecurity(capabilityStatement(baseOf(req, prefix), { name: "Remodel" }), baseOf(req, "")),
        ),
    );

    app.post(`${prefix}`, { ...either(STAFF), bodyLimit: IMPORT_BODY_LIMIT }, async (req, reply) => {
      const query = req.query as Query;
      const source = typeof query.source === "string" ? query.source : "default";
      if (!IMPORT_ORIGIN.test(source))
        throw new FhirError(
          400,
          "invalid",
          "source: lower-case letters, digits, '.', '_' or '-' (1-63)",
          "source",
        );
      const body = req.body as { type?: unknown; entry?: unknown[] } | undefined;
      const caller = req.apiCaller;
      if (caller) requireImportScopes(caller, body);
      const report = caller
        ? await apiFhir.importBundle(caller, origin(req), body, source)
        : await fhir.importBundle(ctx(req), body, source);
      return send(reply, 200, transactionResponse(body, report));
    });

    app.get(`${prefix}/$export`, either(OWNER), async (req, reply) => {
      const prefer = String(req.headers.prefer ?? "");
      if (!/respond-async/.test(prefer))
        throw new FhirError(
          400,
          "invalid",
          "headers.prefer: a bulk export needs 'Prefer: respond-async'",
          "headers.prefer",
        );
      const query = req.query as Query;
      const format = typeof query._outputFormat === "string" ? query._outputFormat : null;
      if (format && !["application/fhir+ndjson", "application/ndjson", "ndjson"].includes(format))
        throw new FhirError(
          400,
          "not-supported",
          `_outputFormat: only ${NDJSON} (got "${format}")`,
          "_outputFormat",
        );
      let since: Date | null = null;
      if (typeof query._since === "string") {
        since = new Date(query._since);
        if (!/^\d{4}-\d{2}-\d{2}/.test(query._since) || Number.isNaN(since.getTime()))
          throw new FhirError(400, "invalid", `_since: not an instant (got "${query._since}")`, "_since");
      }
      const types = typeof query._type === "string" ? query._type : null;
      const requestUrl = `${baseOf(req, prefix)}${req.url.slice(prefix.length)}`;
      const caller = req.apiCaller;
      const jobId = caller
        ? await apiFhir.startExport(caller, origin(req), {
            typeParam: types,
            since,
            requestUrl,
            base: baseOf(req, prefix),
          })
        : await fhir.startExport(ctx(req), types, since, requestUrl, baseOf(req, prefix));
      return reply
        .status(202)
        .header("content-location", `${baseOf(req, prefix)}/$export-status/${jobId}`)
        .type(FHIR_JSON)
        .send(JSON.stringify(operationOutcome("information", "informational", "export started")));
    });

    // A job answers only whoever started it (that staff user, or that API client).
    app.get(`${prefix}/$export-status/:job`, either(OWNER), async (req, reply) => {
      const { job } = req.params as { job: string };
      const caller = req.apiCaller;
      const found = !UUID.test(job)
        ? null
        : caller
          ? await apiFhir.exportStatus(caller, origin(req), job)
          : await fhir.exportStatus(ctx(req), job);
      if (!found) throw new FhirError(404, "not-found", `export ${job} is not known here`, "job");
      if (found.status === "in-progress") return reply.status(202).header("x-progress", "in progress").send();
      if (found.status === "failed")
        return send(
          reply,
          500,
          operationOutcome("error", "exception", `export failed: ${found.error ?? "unknown"}`),
        );
      const base = baseOf(req, prefix);
      const fileEntry = (f: { type: string; part: number; count: number }) => ({
        type: f.type,
        url: `${base}/$export-file/${found.id}/${f.type}/${f.part}.ndjson`,
        count: f.count,
      });
      return reply
        .status(200)
        .header("expires", new Date(Date.now() + 24 * 3600_000).toUTCString())
        .type("application/json")
        .send({
          transactionTime: (found.completedAt ?? found.createdAt).toISOString(),
          request: found.requestUrl,
          requiresAccessToken: true,
          output: found.files.filter((f) => f.type !== "OperationOutcome").map(fileEntry),
          // OperationOutcomes about the export itself: the types a token's scopes left out.
          error: found.files.filter((f) => f.type === "OperationOutcome").map(fileEntry),
        });
    });

    app.delete(`${prefix}/$export-status/:job`, either(OWNER), async (req, reply) => {
      const { job } = req.params as { job: string };
      const caller = req.apiCaller;
      const deleted =
        UUID.test(job) &&
        (caller
          ? await apiFhir.deleteExport(caller, origin(req), job)
          : await fhir.deleteExport(ctx(req), job));
      if (!deleted) throw new FhirError(404, "not-found", `export ${job} is not known here`, "job");
      return reply.status(202).send();
    });

    app.get(`${prefix}/$export-file/:job/:type/:file`, either(OWNER), async (req, reply) => {
      const { job, type, file } = req.params as { job: string; type: string; file: string };
      const part = /^(\d{1,6})\.ndjson$/.exec(file);
      const caller = req.apiCaller;
      const ndjson = !(UUID.test(job) && TYPE.test(type) && part)
        ? null
        : caller
          ? await apiFhir.exportFile(caller, origin(req), job, type, Number(part[1]))
          : await fhir.exportFile(ctx(req), job, type, Number(part[1]));
      if (ndjson === null) throw new FhirError(404, "not-found", "no such export file", "file");
      return reply.status(200).type(NDJSON).send(ndjson);
    });

    app.get(`${prefix}/Patient/:id/$everything`, either(STAFF), async (req, reply) => {
      const { id } = req.params as { id: string };
      const query = req.query as Query;
      const caller = req.apiCaller;
      if (caller) requireScope(caller, "Patient", "read");
      return send(
        reply,
        200,
        caller
          ? await apiFhir.everything(caller, origin(req), id, query, baseOf(req, prefix))
          : await fhir.everything(ctx(req), id, query, baseOf(req, prefix)),
      );
    });

    app.get(`${prefix}/:type`, either(STAFF), async (req, reply) => {
      const { type } = req.params as { type: string };
      if (!TYPE.test(type))
        throw new FhirError(404, "not-supported", `${type} is not a resource type`, "type");
      const caller = req.apiCaller;
      if (caller) requireScope(caller, type, "search");
      const bundle = caller
        ? await apiFhir.search(caller, origin(req), type, req.query as Query, baseOf(req, prefix))
        : await fhir.search(ctx(req), type, req.query as Query, baseOf(req, prefix));
      return send(reply, 200, bundle);
    });

    app.get(`${prefix}/:type/:id`, either(STAFF), async (req, reply) => {
      const { type, id } = req.params as { type: string; id: string };
      if (!TYPE.test(type))
        throw new FhirError(404, "not-supported", `${type} is not a resource type`, "type");
      const caller = req.apiCaller;
      if (caller) requireScope(caller, type, "read");
      const resource = caller
        ? await apiFhir.read(caller, origin(req), type, id, baseOf(req, prefix))
        : await fhir.read(ctx(req), type, id, baseOf(req, prefix));
      const updated = (resource.meta as { lastUpdated?: string } | undefined)?.lastUpdated;
      if (updated) reply.header("last-modified", new Date(updated).toUTCString());
      return send(reply, 200, resource);
    });
  }
};

/** A transaction-response (or batch-response) with one entry per request entry, in order. */
function transactionResponse(body: { type?: unknown; entry?: unknown[] } | undefined, report: ImportReport) {
  const kept = new Set([
    "Patient",
    "Condition",
    "MedicationRequest",
    "MedicationStatement",
    "AllergyIntolerance",
  ]);
  const unmapped = new Map(report.unmapped.map((u) => [u.entry, u]));
  const entries = Array.isArray(body?.entry) ? body.entry : [];
  const patientIds = [...report.patients.ids];
  return {
    resourceType: "Bundle",
    type: body?.type === "batch" ? "batch-response" : "transaction-response",
    entry: entries.map((e, i) => {
      const type = (e as { resource?: { resourceType?: string } })?.resource?.resourceType ?? "";
      const u = unmapped.get(i);
      const location = type === "Patient" ? `Patient/${patientIds.shift()}` : undefined;
      return {
        response: {
          status: "200 OK",
          ...(location ? { location } : {}),
          ...(u
            ? {
                outcome: operationOutcome("warning", "code-invalid", `${u.codes}: ${u.reason}`, [
                  `entry[${i}].resource.code`,
                ]),
              }
            : kept.has(type) || type === "Observation" || type === "Medication"
              ? {}
              : {
                  outcome: operationOutcome("information", "informational", `${type} is not kept by Remodel`),
                }),
        },
      };
    }),
  };
}
