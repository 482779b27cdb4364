/**
 * Who may call what, in one place. Every /api route declares `config.access`; a route without
 * one refuses to register, so nothing is reachable by accident.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest, FastifySchema } from "fastify";
import type { Role } from "../../db/repositories/user.repository.ts";
import { RECORD_READERS, type RecordKind } from "../../domain/record-access.ts";
import type { AuthService, Principal, RequestOrigin } from "../services/auth.service.ts";
import type { RequestContext } from "../services/request-context.ts";
import { HttpError } from "./errors.ts";

export type Access = "public" | "signed-in" | readonly Role[];

export const STAFF: readonly Role[] = ["owner", "provider", "front_desk"];
export const CLINICIANS: readonly Role[] = ["owner", "provider"];
export const OWNER: readonly Role[] = ["owner"];
export const PATIENT: readonly Role[] = ["patient"];

/** The roles that read a kind of record, from the one table the FHIR API consults too. */
export function readersOf(kind: RecordKind): readonly Role[] {
  return RECORD_READERS[kind];
}

export const SESSION_COOKIE = "remodel_session";

declare module "fastify" {
  interface FastifyContextConfig {
    access?: Access;
    /**
     * The route also takes an OAuth bearer token (the FHIR API's API clients): a request that
     * carries one skips the session checks here, and the route's own plugin authenticates it.
     */
    bearer?: boolean;
  }
  interface FastifyRequest {
    principal: Principal | null;
  }
}

export function origin(req: FastifyRequest): RequestOrigin {
  const ua = req.headers["user-agent"];
  return { ip: req.ip ?? null, userAgent: typeof ua === "string" ? ua.slice(0, 400) : null };
}

export function setSessionCookie(reply: FastifyReply, token: string, expiresAt: Date, secure: boolean): void {
  reply.setCookie(SESSION_COOKIE, token, {
    path: "/",
    httpOnly: true,
    sameSite: "lax",
    secure,
    expires: expiresAt,
  });
}

export function clearSessionCookie(reply: FastifyReply, secure: boolean): void {
  reply.clearCookie(SESSION_COOKIE, { path: "/", httpOnly: true, sameSite: "lax", secure });
}

/** The signed-in principal of a route whose access rule guarantees one. */
export function principalOf(req: FastifyRequest): Principal {
  if (!req.principal) throw new HttpError(401, "unauthenticated", "sign in first");
  return req.principal;
}

/**
 * The request context a service takes: the signed-in principal (of a route whose access rule
 * guarantees one) and where the request came from, for the audit entry.
 */
export function ctx(req: FastifyRequest): RequestContext {
  return { principal: principalOf(req), origin: origin(req) };
}

/** One registered route as the access checks saw it (the security tests walk this table). */
export interface RouteEntry {
  method: string;
  url: string;
  access: Access | undefined;
  schema: FastifySchema | undefined;
}

const routeTables = new WeakMap<FastifyInstance, RouteEntry[]>();

/** Every route of an app built by buildApp, in registration order (HEAD twins left out). */
export function routeTable(app: FastifyInstance): readonly RouteEntry[] {
  return routeTables.get(app) ?? [];
}

export function installAccessControl(app: FastifyInstance, auth: AuthService, secureCookies: boolean): void {
  app.decorateRequest("principal", null);
  const table: RouteEntry[] = [];
  routeTables.set(app, table);

  app.addHook("onRoute", (route) => {
    const url = route.url ?? route.path;
    for (const method of [route.method].flat()) {
      if (method !== "HEAD") table.push({ method, url, access: route.config?.access, schema: route.schema });
    }
    if (!url.startsWith("/api/") || url.startsWith("/api/docs")) return;
    if (route.config?.access === undefined) {
      throw new Error(`route ${route.method} ${url} has no access rule (config.access)`);
    }
  });

  app.addHook("onRequest", async (req, reply) => {
    if (req.routeOptions.config.bearer && /^Bearer\s/i.test(req.headers.authorization ?? "")) return;
    const access = req.routeOptions.config.access;
    const token = req.cookies[SESSION_COOKIE];
    if (token) {
      const found = await auth.authenticate(token, origin(req));
      if (found) {
        req.principal = found.principal;
        if (found.rotated)
          setSessionCookie(reply, found.rotated.token, found.rotated.expiresAt, secureCookies);
      } else if (access !== undefined && access !== "public") {
        clearSessionCookie(reply, secureCookies);
        throw new HttpError(401, "session_expired", "your session has expired; sign in again");
      }
    }
    if (access === undefined || access === "public") return;
    if (!req.principal) throw new HttpError(401, "unauthenticated", "sign in first");
    if (access !== "signed-in" && !access.includes(req.principal.user.role)) {
      throw new HttpError(403, "forbidden", `this needs one of the roles: ${access.join(", ")}`);
    }
  });
}
