/**
 * OAuth 2 for API clients of the FHIR API (SMART Backend Services, client credentials):
 * POST /oauth/token issues a short-lived bearer token, POST /oauth/revoke revokes one (RFC 7009),
 * and [FHIR base]/.well-known/smart-configuration tells clients where these are. Clients
 * authenticate with a signed JWT assertion (private_key_jwt, RFC 7523, as SMART Backend Services
 * asks) or with their secret by HTTP Basic (client_secret_basic) or in the form
 * (client_secret_post). Errors are RFC 6749 §5.2 bodies: {error, error_description}.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from "fastify";
import type { Db } from "../../../db/pool.ts";
import type { Config } from "../../config.ts";
import { origin } from "../../http/access.ts";
import {
  ApiClientService,
  ASSERTION_ALGORITHMS,
  CLIENT_ASSERTION_TYPE,
  type ClientCredential,
  OAuthError,
} from "../../services/api-client.service.ts";

const FORM = "application/x-www-form-urlencoded";
type Form = Record<string, string>;

function baseOf(req: FastifyRequest): string {
  return `${req.protocol}://${req.headers.host ?? "localhost"}`;
}

/** The form body; a parameter given twice is an invalid request (RFC 6749 §3.1, §3.2). */
function parseForm(body: string): Form {
  const form: Form = {};
  for (const [k, v] of new URLSearchParams(body)) {
    if (k in form) throw new OAuthError(400, "invalid_request", `${k}: give the parameter once`);
    form[k] = v;
  }
  return form;
}

/** The client's credential: a JWT assertion, or id and secret by HTTP Basic or in the form; one only. */
function clientCredentials(req: FastifyRequest, form: Form): ClientCredential {
  const header = req.headers.authorization;
  if (form.client_assertion_type !== undefined || form.client_assertion !== undefined) {
    if (form.client_assertion_type !== CLIENT_ASSERTION_TYPE)
      throw new OAuthError(400, "invalid_request", `client_assertion_type: must be ${CLIENT_ASSERTION_TYPE}`);
    if (!form.client_assertion) throw new OAuthError(400, "invalid_request", "client_assertion: missing");
    if (header !== undefined || form.client_secret !== undefined)
      throw new OAuthError(
        400,
        "invalid_request",
        "authenticate one way only: a client assertion or a secret",
      );
    return { kind: "assertion", clientId: form.client_id ?? null, assertion: form.client_assertion };
  }
  const inForm = form.client_id !== undefined || form.client_secret !== undefined;
  if (header !== undefined) {
    const m = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header);
    if (!m)
      throw new OAuthError(401, "invalid_client", "authorization: use HTTP Basic with client id and secret");
    if (inForm)
      throw new OAuthError(
        400,
        "invalid_request",
        "authenticate either by HTTP Basic or in the form, not both",
      );
    const decoded = Buffer.from(m[1]!, "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    if (colon < 0)
      throw new OAuthError(401, "invalid_client", "authorization: expected client_id:client_secret");
    // RFC 6749 §2.3.1: both parts are form-urlencoded before Base64.
    const decode = (s: string) => {
      try {
        return decodeURIComponent(s.replace(/\+/g, " "));
      } catch {
        throw new OAuthError(401, "invalid_client", "authorization: client id or secret badly encoded");
      }
    };
    return {
      kind: "secret",
      clientId: decode(decoded.slice(0, colon)),
      secret: decode(decoded.slice(colon + 1)),
    };
  }
  if (!form.client_id || !form.client_secret)
    throw new OAuthError(
      401,
      "invalid_client",
      "client authentication is missing (HTTP Basic or client_id and client_secret)",
    );
  return { kind: "secret", clientId: form.client_id, secret: form.client_secret };
}

function formOf(req: FastifyRequest): Form {
  const type = String(req.headers["content-type"] ?? "")
    .split(";")[0]!
    .trim()
    .toLowerCase();
  if (type !== FORM) throw new OAuthError(400, "invalid_request", `content-type: send ${FORM}`);
  return parseForm(typeof req.body === "string" ? req.body : "");
}

function noStore(reply: FastifyReply): FastifyReply {
  return reply.header("cache-control", "no-store").header("pragma", "no-cache");
}

/** What [FHIR base]/.well-known/smart-configuration says (SMART App Launch 2.x, §2.0.6). */
export function smartConfiguration(base: string) {
  return {
    token_endpoint: `${base}/oauth/token`,
    revocation_endpoint: `${base}/oauth/revoke`,
    token_endpoint_auth_methods_supported: ["private_key_jwt", "client_secret_basic", "client_secret_post"],
    token_endpoint_auth_signing_alg_values_supported: ASSERTION_ALGORITHMS,
    grant_types_supported: ["client_credentials"],
    scopes_supported: ["system/*.rs", "system/*.read", "system/*.cud", "system/*.write", "system/Patient.rs"],
    capabilities: [
      "client-confidential-asymmetric",
      "client-confidential-symmetric",
      "permission-v1",
      "permission-v2",
    ],
  };
}

export const oauthRoutes: FastifyPluginAsync<{ db: Db; config: Config }> = async (app, { db, config }) => {
  const clients = new ApiClientService(db);
  const limit = { max: config.loginRateLimitPerMinute, timeWindow: 60_000 };

  app.addContentTypeParser(FORM, { parseAs: "string", bodyLimit: 16 * 1024 }, (_req, body, done) =>
    done(null, body),
  );

  app.setErrorHandler((err: Error & { statusCode?: number }, req, reply) => {
    noStore(reply);
    if (err instanceof OAuthError) {
      if (err.status === 401) reply.header("www-authenticate", 'Basic realm="remodel"');
      return reply.status(err.status).send({ error: err.error, error_description: err.message });
    }
    const status = err.statusCode ?? 500;
    if (status >= 400 && status < 500)
      return reply.status(400).send({ error: "invalid_request", error_description: err.message });
    req.log.error({ err: { message: err.message } }, "OAuth request failed");
    return reply.status(500).send({ error: "server_error", error_description: "internal error" });
  });

  app.post(
    "/oauth/token",
    { config: { access: "public", rateLimit: limit }, schema: { hide: true } },
    async (req, reply) => {
      const form = formOf(req);
      const client = clientCredentials(req, form);
      if (!form.grant_type) throw new OAuthError(400, "invalid_request", "grant_type: missing");
      if (form.grant_type !== "client_credentials")
        throw new OAuthError(
          400,
          "unsupported_grant_type",
          `grant_type: only client_credentials is supported (got "${form.grant_type}")`,
        );
      const token = await clients.issueToken(
        client,
        form.scope ?? null,
        origin(req),
        `${baseOf(req)}/oauth/token`,
      );
      return noStore(reply).status(200).send(token);
    },
  );

  app.post(
    "/oauth/revoke",
    { config: { access: "public", rateLimit: limit }, schema: { hide: true } },
    async (req, reply) => {
      const form = formOf(req);
      const client = clientCredentials(req, form);
      if (!form.token) throw new OAuthError(400, "invalid_request", "token: missing");
      await clients.revokeToken(client, form.token, origin(req), `${baseOf(req)}/oauth/token`);
      return noStore(reply).status(200).send({});
    },
  );

  for (const prefix of ["/fhir/r4", "/fhir/R4"]) {
    app.get(
      `${prefix}/.well-known/smart-configuration`,
      { config: { access: "public" }, schema: { hide: true } },
      (req, reply) =>
        reply.header("cache-control", "public, max-age=3600").send(smartConfiguration(baseOf(req))),
    );
  }
};
