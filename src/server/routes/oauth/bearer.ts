/**
 * Bearer tokens on the FHIR API: authenticating an API client's token on routes that declare
 * `config.bearer`, and checking its SMART scopes per resource type and interaction. A request
 * with a token is the client's alone (a session cookie alongside it is ignored), is limited to
 * the client's clinic, and needs no CSRF token (nothing ambient authenticates it).
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { Db } from "../../../db/pool.ts";
import { FhirError } from "../../../fhir/rest.ts";
import { type Interaction, neededScope, permits } from "../../../fhir/smart-scopes.ts";
import { type ApiCaller, ApiClientService } from "../../services/api-client.service.ts";

declare module "fastify" {
  interface FastifyRequest {
    /** The API client behind a bearer token, on routes that take one. */
    apiCaller: ApiCaller | null;
  }
}

/** A FHIR error that also tells the client, in WWW-Authenticate, what was wrong with its token. */
export class BearerError extends FhirError {
  readonly challenge: string;
  constructor(status: 401 | 403, challenge: string, message: string) {
    super(status, "security", message, "headers.authorization");
    this.challenge = challenge;
  }
}

const BEARER = /^Bearer\s+([A-Za-z0-9\-._~+/]+=*)\s*$/i;

/** Authenticates bearer tokens on this plugin's routes that declare `config.bearer`. */
export function installBearerAuth(app: FastifyInstance, db: Db): void {
  const clients = new ApiClientService(db);
  app.decorateRequest("apiCaller", null);
  app.addHook("onRequest", async (req) => {
    if (!req.routeOptions.config.bearer) return;
    const header = req.headers.authorization;
    if (header === undefined || !/^Bearer\s/i.test(header)) return;
    const token = BEARER.exec(header)?.[1];
    const caller = token ? await clients.authenticate(token) : null;
    if (!caller)
      throw new BearerError(
        401,
        'Bearer realm="remodel", error="invalid_token", error_description="unknown, expired or revoked token"',
        "the access token is unknown, expired or revoked; get a new one from the token endpoint",
      );
    req.apiCaller = caller;
  });
}

/** Refuses (403) unless the caller's token grants `interaction` on `resourceType`. */
export function requireScope(caller: ApiCaller, resourceType: string, interaction: Interaction): void {
  if (permits(caller.scopes, resourceType, interaction)) return;
  const needed = neededScope(resourceType, interaction);
  throw new BearerError(
    403,
    `Bearer realm="remodel", error="insufficient_scope", scope="${needed}"`,
    `this token's scopes (${caller.scopes.join(" ")}) do not allow ${interaction} on ${resourceType}; it needs ${needed}`,
  );
}

/** An import creates or updates every resource type in the bundle: each needs both. */
export function requireImportScopes(caller: ApiCaller, bundle: unknown): void {
  const entries = (bundle as { entry?: unknown } | null)?.entry;
  const types = new Set<string>();
  for (const e of Array.isArray(entries) ? entries : []) {
    const type = (e as { resource?: { resourceType?: unknown } } | null)?.resource?.resourceType;
    if (typeof type === "string") types.add(type);
  }
  for (const type of [...types].sort()) {
    requireScope(caller, type, "create");
    requireScope(caller, type, "update");
  }
}

export function apiCallerOf(req: FastifyRequest): ApiCaller | null {
  return req.apiCaller;
}

/**
 * The CapabilityStatement's security section for SMART Backend Services: the SMART-on-FHIR
 * service code and the OAuth endpoints (the oauth-uris extension), beside the session note.
 */
export function withSmartSecurity(capability: Record<string, unknown>, serverBase: string) {
  const rest = (capability.rest as Record<string, unknown>[] | undefined) ?? [];
  return {
    ...capability,
    rest: rest.map((r) => {
      const security = (r.security as { description?: string } | undefined) ?? {};
      return {
        ...r,
        security: {
          extension: [
            {
              url: "http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris",
              extension: [
                { url: "token", valueUri: `${serverBase}/oauth/token` },
                { url: "revoke", valueUri: `${serverBase}/oauth/revoke` },
              ],
            },
          ],
          cors: false,
          service: [
            {
              coding: [
                {
                  system: "http://terminology.hl7.org/CodeSystem/restful-security-service",
                  code: "SMART-on-FHIR",
                },
              ],
              text: "OAuth 2 client credentials with SMART system scopes (Backend Services)",
            },
          ],
          description: [
            security.description,
            "API clients registered by an owner authenticate with OAuth 2 client credentials (a JWT assertion signed with a registered key, private_key_jwt, or a secret) at the token endpoint and send the bearer token; each token is limited to its client's clinic and to its SMART system scopes (e.g. system/Patient.rs, system/*.read), and every request is audited with the client as the actor.",
          ]
            .filter(Boolean)
            .join(" "),
        },
      };
    }),
  };
}
