/**
 * Request and response hardening that applies to every route.
 *
 * Input: refuses text that PostgreSQL cannot store before any handler runs: a NUL character (\u0000) in
 * a JSON string is valid JSON but not valid `text`, and would otherwise surface as a database
 * error (a 500) in whichever route received it. The answer names the field, like any 400.
 */
import type { FastifyInstance } from "fastify";
import { HttpError } from "../http/errors.ts";

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
 * Output: API answers carry patient data, so no browser or proxy may keep a copy
 * (`Cache-Control: no-store`), and pages may not use powerful browser features.
 */
export function installHardening(app: FastifyInstance): void {
  app.addHook("onSend", async (req, reply, payload) => {
    const url = req.url;
    const api = (url.startsWith("/api/") || url.startsWith("/fhir")) && !url.startsWith("/api/docs");
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
