/**
 * API clients of the FHIR API and their OAuth 2 client-credentials tokens (SMART Backend
 * Services scopes). An owner registers a client for the clinic, either with a secret (shown once)
 * or with the client's public keys (private_key_jwt: the client signs a short-lived JWT assertion,
 * checked with `jose`); the client trades that for a short-lived opaque bearer token limited to
 * the scopes it was granted. Secrets and tokens are 256-bit random strings kept only as SHA-256
 * hashes: a stolen database does not yield a usable credential, and revoking a client or a token
 * takes effect on the very next request (each request looks its token up), which a
 * self-contained JWT could not promise without a deny-list.
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { createLocalJWKSet, decodeJwt, type JSONWebKeySet, jwtVerify } from "jose";
import type { Db, Tx } from "../../db/pool.ts";
import { withClinic, withoutClinic } from "../../db/pool.ts";
import {
  type ApiClientRow,
  type ClientAuthMethod,
  findClientForToken,
  findLiveToken,
  insertApiClient,
  insertApiToken,
  listApiClients,
  revokeApiClient,
  revokeApiToken,
  touchApiClient,
  useAssertionId,
} from "../../db/repositories/api-client.repository.ts";
import { appendAudit } from "../../db/repositories/audit.repository.ts";
import { DomainError } from "../../domain/errors.ts";
import { grantScopes, parseScope, splitScopes } from "../../fhir/smart-scopes.ts";
import type { RequestOrigin } from "./auth.service.ts";
import { clinicalTx } from "./clinical-tx.ts";
import type { RequestContext } from "./request-context.ts";

/** SMART Backend Services asks for access tokens of five minutes or less. */
export const TOKEN_LIFETIME_SECONDS = 300;
export const API_CLIENT_ROLE = "api_client";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const CLIENT_ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
/** SMART Backend Services: servers support RS384 and ES384; the 256 variants are accepted too. */
export const ASSERTION_ALGORITHMS = ["RS384", "ES384", "RS256", "ES256"];
/** An assertion may live at most five minutes (SMART Backend Services), give or take clock skew. */
const ASSERTION_MAX_SECONDS = 300;
const CLOCK_SKEW_SECONDS = 30;

/** How a client proves who it is at the token endpoint. */
export type ClientCredential =
  | { kind: "secret"; clientId: string; secret: string }
  | { kind: "assertion"; clientId: string | null; assertion: string };

/**
 * The problem with a JWK Set offered for registration, or null when it holds 1-10 public RSA or
 * EC keys (never private parts).
 */
export function jwksProblem(jwks: { keys: unknown[] }): string | null {
  if (!Array.isArray(jwks.keys) || jwks.keys.length < 1 || jwks.keys.length > 10) return "keys: 1 to 10 keys";
  for (const [i, k] of jwks.keys.entries()) {
    const key = k as Record<string, unknown>;
    if (!key || typeof key !== "object") return `keys.${i}: not a JWK`;
    if (["d", "p", "q", "dp", "dq", "qi", "k"].some((f) => f in key))
      return `keys.${i}: a private key; register the public key only`;
    if (key.kty === "RSA") {
      if (typeof key.n !== "string" || typeof key.e !== "string")
        return `keys.${i}: an RSA key needs n and e`;
    } else if (key.kty === "EC") {
      if (
        !["P-256", "P-384", "P-521"].includes(String(key.crv)) ||
        typeof key.x !== "string" ||
        typeof key.y !== "string"
      )
        return `keys.${i}: an EC key needs crv (P-256, P-384 or P-521), x and y`;
    } else return `keys.${i}: kty must be RSA or EC`;
    if (key.alg !== undefined && !ASSERTION_ALGORITHMS.includes(String(key.alg)))
      return `keys.${i}: alg must be one of ${ASSERTION_ALGORITHMS.join(", ")}`;
  }
  return null;
}

/** An authenticated API client on one request: its clinic and the scopes its token carries. */
export interface ApiCaller {
  clientId: string;
  clinicId: string;
  tokenId: string;
  scopes: string[];
}

/** An RFC 6749 §5.2 error: the `error` code, a description, and the HTTP status to answer with. */
export class OAuthError extends Error {
  readonly status: number;
  readonly error: string;
  constructor(status: number, error: string, description: string) {
    super(description);
    this.status = status;
    this.error = error;
  }
}

export interface IssuedToken {
  access_token: string;
  token_type: "Bearer";
  expires_in: number;
  scope: string;
}

const sha256 = (s: string) => createHash("sha256").update(s, "utf8").digest();
const newSecret = () => randomBytes(32).toString("base64url");

/** The audit writer for work done by an API client: the client is the actor. */
export function clientAudit(tx: Tx, clientId: string, origin: RequestOrigin) {
  return (
    action: string,
    resourceType: string,
    resourceId: string | null,
    detail?: Record<string, unknown>,
  ) =>
    appendAudit(tx, {
      actorUserId: clientId,
      actorRole: API_CLIENT_ROLE,
      action,
      resourceType,
      resourceId,
      ...origin,
      detail,
    });
}

export class ApiClientService {
  readonly #db: Db;
  constructor(db: Db) {
    this.#db = db;
  }

  /**
   * Registers a client. With a JWK Set it authenticates by private_key_jwt; otherwise it gets a
   * secret, which is in the answer and nowhere else, ever.
   */
  create(
    ctx: RequestContext,
    input: { name: string; scopes: string[]; jwks?: { keys: unknown[] } | undefined },
  ): Promise<{ client: ApiClientRow; clientSecret: string | null }> {
    const scopes = [...new Set(input.scopes)];
    const bad = scopes.findIndex((s) => parseScope(s) === null);
    if (bad >= 0)
      throw new DomainError(
        "invalid",
        "validation",
        `body.scopes.${bad}: not a SMART system scope (e.g. system/Patient.rs, system/*.read)`,
        { [`body.scopes.${bad}`]: "not a SMART system scope (e.g. system/Patient.rs, system/*.read)" },
      );
    const jwks = input.jwks ?? null;
    const problem = jwks ? jwksProblem(jwks) : null;
    if (problem)
      throw new DomainError("invalid", "validation", `body.jwks.${problem}`, { "body.jwks": problem });
    const secret = jwks ? null : newSecret();
    const authMethod: ClientAuthMethod = jwks ? "private_key_jwt" : "client_secret_basic";
    return clinicalTx(this.#db, ctx, async (tx, audit) => {
      const client = await insertApiClient(tx, {
        name: input.name.trim(),
        authMethod,
        secretHash: secret === null ? null : sha256(secret),
        jwks: jwks ? { keys: jwks.keys } : null,
        scopes,
        createdBy: ctx.principal.user.id,
      });
      await audit("api_client.create", "api_client", client.id, { scopes, authMethod });
      return { client, clientSecret: secret };
    });
  }

  list(ctx: RequestContext): Promise<ApiClientRow[]> {
    return clinicalTx(this.#db, ctx, (tx) => listApiClients(tx));
  }

  revoke(ctx: RequestContext, id: string): Promise<ApiClientRow> {
    return clinicalTx(this.#db, ctx, async (tx, audit) => {
      const client = await revokeApiClient(tx, id, ctx.principal.user.id);
      if (!client) throw new DomainError("not_found", "not_found", "no live API client with this id");
      await audit("api_client.revoke", "api_client", id);
      return client;
    });
  }

  /** Checks a client's credential; the client's id, clinic and allowed scopes when it holds. */
  async #authenticateClient(
    credential: ClientCredential,
    origin: RequestOrigin,
    tokenUrl: string,
  ): Promise<{ clientId: string; clinicId: string; scopes: string[] }> {
    const refuse = (description = "unknown client or wrong credentials") =>
      new OAuthError(401, "invalid_client", description);
    let clientId = credential.clientId;
    if (credential.kind === "assertion") {
      let sub: unknown;
      try {
        sub = decodeJwt(credential.assertion).sub;
      } catch {
        throw new OAuthError(400, "invalid_request", "client_assertion: not a JWT");
      }
      if (typeof sub !== "string" || (clientId !== null && sub !== clientId))
        throw refuse("client_assertion: sub must be the client id");
      clientId = sub;
    }
    if (clientId === null || !UUID.test(clientId)) throw refuse();
    const id = clientId;
    const found = await withoutClinic(this.#db, (tx) => findClientForToken(tx, id));
    if (!found) throw refuse();
    const refused = async (reason: string, description?: string) => {
      // A known client failing to authenticate is worth a line in its clinic's audit.
      await withClinic(this.#db, { clinicId: found.clinicId }, (tx) =>
        clientAudit(tx, id, origin)("oauth.token.refused", "api_client", id, { reason }),
      );
      return refuse(description);
    };
    if (found.revoked) throw await refused("revoked");
    if (credential.kind === "secret") {
      const given = sha256(credential.secret);
      const stored = found.secretHash;
      if (stored === null) throw await refused("no secret", "this client authenticates with private_key_jwt");
      if (!(given.length === stored.length && timingSafeEqual(given, stored)))
        throw await refused("wrong secret");
      return { clientId: id, clinicId: found.clinicId, scopes: found.scopes };
    }
    if (found.jwks === null) throw await refused("no keys", "this client authenticates with its secret");
    let claims: { jti?: unknown; exp?: number };
    try {
      ({ payload: claims } = await jwtVerify(
        credential.assertion,
        createLocalJWKSet(found.jwks as unknown as JSONWebKeySet),
        {
          issuer: id,
          subject: id,
          audience: tokenUrl,
          algorithms: ASSERTION_ALGORITHMS,
          requiredClaims: ["exp", "jti"],
          clockTolerance: CLOCK_SKEW_SECONDS,
        },
      ));
    } catch (err) {
      const why = err instanceof Error ? err.message.slice(0, 200) : "invalid";
      throw await refused("bad assertion", `client_assertion: ${why}`);
    }
    const exp = claims.exp as number;
    if (exp > Date.now() / 1000 + ASSERTION_MAX_SECONDS + CLOCK_SKEW_SECONDS)
      throw await refused("assertion too long-lived", "client_assertion: exp is more than five minutes away");
    if (typeof claims.jti !== "string" || claims.jti.length === 0 || claims.jti.length > 255)
      throw await refused("bad jti", "client_assertion: jti must be a string of up to 255 characters");
    const jti = claims.jti;
    const fresh = await withClinic(this.#db, { clinicId: found.clinicId }, (tx) =>
      useAssertionId(tx, id, jti, new Date(exp * 1000)),
    );
    if (!fresh) throw await refused("replayed assertion", "client_assertion: this jti was used before");
    return { clientId: id, clinicId: found.clinicId, scopes: found.scopes };
  }

  /** The client-credentials grant (RFC 6749 §4.4) with SMART scopes. */
  async issueToken(
    credential: ClientCredential,
    scopeParam: string | null,
    origin: RequestOrigin,
    tokenUrl: string,
  ): Promise<IssuedToken> {
    const client = await this.#authenticateClient(credential, origin, tokenUrl);
    const { clientId } = client;
    const requested = scopeParam === null ? null : splitScopes(scopeParam);
    const { granted, refused } = grantScopes(requested, client.scopes);
    if (granted.length === 0)
      throw new OAuthError(
        400,
        "invalid_scope",
        `none of the requested scopes is allowed for this client (${refused.join(" ")}); allowed: ${client.scopes.join(" ")}`,
      );
    const token = newSecret();
    const expiresAt = new Date(Date.now() + TOKEN_LIFETIME_SECONDS * 1000);
    await withClinic(this.#db, { clinicId: client.clinicId }, async (tx) => {
      const tokenId = await insertApiToken(tx, {
        clientId,
        tokenHash: sha256(token),
        scopes: granted,
        expiresAt,
      });
      await touchApiClient(tx, clientId);
      await clientAudit(tx, clientId, origin)("oauth.token", "api_client", clientId, {
        tokenId,
        scopes: granted,
        refused,
      });
    });
    return {
      access_token: token,
      token_type: "Bearer",
      expires_in: TOKEN_LIFETIME_SECONDS,
      scope: granted.join(" "),
    };
  }

  /** RFC 7009 token revocation by the client that holds it; unknown tokens are not an error. */
  async revokeToken(
    credential: ClientCredential,
    token: string,
    origin: RequestOrigin,
    tokenUrl: string,
  ): Promise<void> {
    const client = await this.#authenticateClient(credential, origin, tokenUrl);
    const { clientId } = client;
    await withClinic(this.#db, { clinicId: client.clinicId }, async (tx) => {
      if (await revokeApiToken(tx, clientId, sha256(token)))
        await clientAudit(tx, clientId, origin)("oauth.token.revoke", "api_client", clientId);
    });
  }

  /** The caller behind a bearer token, or null when it is unknown, expired or revoked. */
  async authenticate(token: string): Promise<ApiCaller | null> {
    if (token.length < 20 || token.length > 200) return null;
    const found = await withoutClinic(this.#db, (tx) => findLiveToken(tx, sha256(token)));
    return found
      ? { clientId: found.clientId, clinicId: found.clinicId, tokenId: found.tokenId, scopes: found.scopes }
      : null;
  }
}
