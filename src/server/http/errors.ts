/**
 * One shape for every error the API returns: `{error, message, fields}`, where `fields` maps a
 * field path (`body.email`, `query.limit`) to what was wrong with it.
 */
import type { FastifyError, FastifyInstance, FastifyReply } from "fastify";
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from "fastify-type-provider-zod";
import { z } from "zod";
import { isDatabaseUnavailable } from "../../db/pool.ts";
import { DomainError, type RefusalKind } from "../../domain/errors.ts";

export const errorBody = z
  .object({
    error: z.string(),
    message: z.string(),
    fields: z.record(z.string(), z.string()).optional(),
  })
  .meta({ id: "Error" });

export class HttpError extends Error {
  readonly statusCode: number;
  readonly code: string;
  readonly fields: Record<string, string> | undefined;
  constructor(statusCode: number, code: string, message: string, fields?: Record<string, string>) {
    super(message);
    this.statusCode = statusCode;
    this.code = code;
    this.fields = fields;
  }
}

/** The one place a refusal's kind becomes an HTTP status. */
export const STATUS_OF_REFUSAL: Record<RefusalKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  gone: 410,
  too_large: 413,
  unsupported_media: 415,
  unprocessable: 422,
  unavailable: 503,
};

/** The status and body of an error the service layer or the HTTP layer refused with, else null. */
export function refusalResponse(
  err: unknown,
): { status: number; code: string; message: string; fields: Record<string, string> | undefined } | null {
  if (err instanceof DomainError)
    return { status: STATUS_OF_REFUSAL[err.kind], code: err.code, message: err.message, fields: err.fields };
  if (err instanceof HttpError)
    return { status: err.statusCode, code: err.code, message: err.message, fields: err.fields };
  return null;
}

export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    const refused = refusalResponse(err);
    if (refused) {
      return reply
        .status(refused.status)
        .send({ error: refused.code, message: refused.message, fields: refused.fields });
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const fields: Record<string, string> = {};
      for (const v of err.validation) {
        const where = err.validationContext ?? "body";
        const issuePath = v.instancePath.split("/").filter(Boolean);
        const params = v.params as { keys?: string[] };
        const keys = v.keyword === "unrecognized_keys" ? (params.keys ?? []) : [null];
        for (const key of keys) {
          const full = [where, ...issuePath, ...(key ? [key] : [])].join(".");
          fields[full] = key ? "unknown field" : (v.message ?? "invalid");
        }
      }
      const [first] = Object.entries(fields);
      return reply.status(400).send({
        error: "validation",
        message: first ? `${first[0]}: ${first[1]}` : "invalid request",
        fields,
      });
    }
    if (isResponseSerializationError(err)) {
      req.log.error({ err: { message: err.message } }, "response did not match its schema");
      return reply.status(500).send({ error: "internal", message: "internal error" });
    }
    if (isDatabaseUnavailable(err)) return databaseUnavailable(reply);
    const fromDb = databaseRefusal(err as unknown as DbError);
    if (fromDb) return reply.status(fromDb.status).send(fromDb.body);
    const status = err.statusCode ?? 500;
    if (
      err.code === "FST_ERR_CTP_INVALID_JSON_BODY" ||
      err.code === "FST_ERR_CTP_EMPTY_JSON_BODY" ||
      err instanceof SyntaxError
    ) {
      return reply.status(400).send({
        error: "malformed_json",
        message: `body: ${err.message}`,
        fields: { body: "not valid JSON" },
      });
    }
    if (err.code === "FST_ERR_CTP_INVALID_MEDIA_TYPE") {
      return reply.status(415).send({
        error: "unsupported_media_type",
        message: err.message,
        fields: { "headers.content-type": "unsupported" },
      });
    }
    if (err.code?.startsWith("FST_CSRF")) {
      return reply.status(403).send({
        error: "csrf",
        message: "missing or invalid CSRF token (send the x-csrf-token header from GET /api/auth/csrf)",
        fields: { "headers.x-csrf-token": "missing or invalid" },
      });
    }
    if (status === 429) {
      return reply
        .status(429)
        .send({ error: "rate_limited", message: err.message || "too many requests; try again later" });
    }
    if (status >= 400 && status < 500) {
      return reply.status(status).send({ error: err.code ?? "bad_request", message: err.message });
    }
    // Never echo internals (or patient data) to the client; log the error without the request body.
    req.log.error({ err: { message: err.message, code: err.code, stack: err.stack } }, "unhandled error");
    return reply.status(500).send({ error: "internal", message: "internal error" });
  });
}

/**
 * The database is away (restarting, failing over, a connection cut): the request was not
 * acknowledged (a write either committed whole or not at all), and the client may try again. The pool opens new connections by itself when it is back.
 */
export function databaseUnavailable(reply: FastifyReply) {
  return reply.status(503).header("retry-after", "2").send({
    error: "database_unavailable",
    message: "the database is not available just now; try again shortly",
  });
}

export function notFoundBody(method: string, url: string) {
  return { error: "not_found", message: `no route for ${method} ${url.split("?")[0]}` };
}

interface DbError {
  code?: string;
  detail?: string;
  column?: string;
  constraint?: string;
  table?: string;
}

const camel = (column: string) => column.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());

/**
 * A constraint the database enforced that the route did not check first (a reference to a row
 * that does not exist or belongs to another clinic, a duplicate, an overlap) is the caller's
 * mistake, not the server's: a 4xx naming the field, and the transaction already rolled back.
 */
export function databaseRefusal(err: DbError): { status: number; body: z.infer<typeof errorBody> } | null {
  if (typeof err?.code !== "string" || !/^(23|22)/.test(err.code)) return null;
  // "Key (clinic_id, location_id)=(...)" names the columns; clinic_id is never the caller's field.
  const columns =
    /Key \(([^)]+)\)/
      .exec(err.detail ?? "")?.[1]
      ?.split(",")
      .map((c) => c.trim()) ?? [];
  const column = columns.filter((c) => c !== "clinic_id").at(-1) ?? err.column;
  const field = column ? `body.${camel(column)}` : "body";
  switch (err.code) {
    case "23503":
      return {
        status: 400,
        body: {
          error: "invalid_reference",
          message: `${field}: refers to a record that does not exist`,
          fields: { [field]: "no such record" },
        },
      };
    case "23505":
      return {
        status: 409,
        body: {
          error: "duplicate",
          message: `${field}: already exists`,
          fields: { [field]: "already exists" },
        },
      };
    case "23P01":
      return {
        status: 409,
        body: { error: "conflict", message: "overlaps an existing booking", fields: { [field]: "overlaps" } },
      };
    case "23502":
    case "23514":
    case "22001":
    case "22003":
    case "22007":
    case "22008":
    case "22P02":
      return {
        status: 400,
        body: {
          error: "validation",
          message: `${field}: not accepted by the database`,
          fields: { [field]: "invalid" },
        },
      };
    default:
      return null;
  }
}
