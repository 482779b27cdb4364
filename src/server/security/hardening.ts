/**
 * Request and response hardening that applies to every route.
 *
 * Input: refuses text that PostgreSQL cannot store before any handler runs: a NUL character (\u0000) in
 * a JSON string is valid JSON but not valid `text`, and would otherwise surface as a database
 * error (a 500) in whichever route received it. The answer names the field, like any 400.
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import { HttpError } from "../http/errors.ts";

/** The deepest nesting of arrays and objects any JSON body may have (the deepest real one is ~12). */
export const MAX_JSON_DEPTH = 64;

/**
 * Whether JSON text nests arrays/objects deeper than `max`, found in one pass over the text before
 * it is parsed: recursive validation of a body nested 10,000 deep overflowed the stack (a 500).
 */
export function jsonTooDeep(text: string, max = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

export function tooDeepError(): HttpError {
  return new HttpError(400, "validation", `body: nested deeper than ${MAX_JSON_DEPTH} levels`, {
    body: `nested deeper than ${MAX_JSON_DEPTH} levels`,
  });
}

function findNul(value: unknown, path: string, depth = 0): string | null {
  if (depth > 64) return null;
  if (typeof value === "string") return value.includes("\u0000") ? path : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const hit = findNul(value[i], `${path}.${i}`, depth + 1);
      if (hit) return hit;
    }
    return null;
  }
  if (value && typeof value === "object") {
    for (const [key, v] of Object.entries(value)) {
      if (key.includes("\u0000")) return `${path}.${key.replaceAll("\u0000", "\\u0000")}`;
      const hit = findNul(v, `${path}.${key}`, depth + 1);
      if (hit) return hit;
    }
  }
  return null;
}

/**
 * The path as the router read it: percent-escapes decoded (`/%61pi/x` is `/api/x`), no query.
 * Security decisions use the matched route's declared path (`isApiRoute`); this is only for
 * requests no route matched.
 */
export function requestPath(req: FastifyRequest): string {
  const raw = String(req.url).split("?")[0] ?? "";
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/**
 * Whether the request is for the API (JSON, patient data, CSRF-checked): decided on the route that
 * matched, or on the decoded path when none did (a 404), never on the raw URL.
 */
export function isApiRoute(req: FastifyRequest): boolean {
  const path = req.routeOptions.url ?? requestPath(req);
  return (path.startsWith("/api/") || path.startsWith("/fhir")) && !path.startsWith("/api/docs");
}

/**
 * Output: API answers carry patient data, so no browser or proxy may keep a copy
 * (`Cache-Control: no-store`), and pages may not use powerful browser features.
 */
export function installHardening(app: FastifyInstance): void {
  // Every JSON body is measured before it is parsed; then Fastify's own parser (which refuses
  // __proto__ and constructor.prototype keys) reads it.
  const parseJson = app.getDefaultJsonParser("error", "error");
  app.removeContentTypeParser("application/json");
  app.addContentTypeParser("application/json", { parseAs: "string" }, (req, body, done) => {
    if (typeof body === "string" && jsonTooDeep(body)) return done(tooDeepError(), undefined);
    parseJson(req, body as string, done);
  });
  app.addHook("onSend", async (req, reply, payload) => {
    const api = isApiRoute(req);
    // A route that chose its own caching (a calendar feed) keeps it.
    if (api && !reply.hasHeader("cache-control")) {
      reply.header("cache-control", "no-store");
      reply.header("pragma", "no-cache");
    }
    reply.header("permissions-policy", "camera=(self), microphone=(), geolocation=(), payment=(), usb=()");
    return payload;
  });
  app.addHook("preValidation", async (req) => {
    const hit = findNul(req.body, "body") ?? findNul(req.query, "query") ?? findNul(req.params, "params");
    if (hit) {
      throw new HttpError(400, "validation", `${hit}: contains a NUL character`, {
        [hit]: "contains a NUL character",
      });
    }
  });
}
