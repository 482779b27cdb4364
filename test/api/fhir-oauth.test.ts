/**
 * API clients on the FHIR API: an owner registers a client, the client gets an OAuth 2
 * client-credentials token with SMART system scopes, and every request with it is limited to the
 * client's clinic and scopes and audited with the client as the actor. The last part has a FHIR
 * client library that is not ours (fhir-kit-client) find the token endpoint and read with the token.
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { Client as FhirClient } from "fhir-kit-client";
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import type { App } from "../../src/server/app.ts";
import { type Client, DEMO, seededApp, signedIn } from "../support/api.ts";
import { databaseTargets, freshDatabase, type TestDatabase } from "../support/db.ts";
import { startTestServer, type TestServer } from "../support/server.ts";
import { FHIR_HEADERS, fhirSchemaErrors, fixtureBundles, foreignClinicClient } from "./fhir-support.ts";

const FORM = { "content-type": "application/x-www-form-urlencoded" };
const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString("base64")}`;

interface Registered {
  id: string;
  secret: string;
}

async function register(owner: Client, name: string, scopes: string[]): Promise<Registered> {
  const res = await owner.post("/api/api-clients", { name, scopes });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return { id: res.body.client.id, secret: res.body.clientSecret };
}

async function tokenFor(app: App, c: Registered, scope?: string) {
  const res = await app.inject({
    method: "POST",
    url: "/oauth/token",
    headers: { ...FORM, authorization: basic(c.id, c.secret) },
    payload: new URLSearchParams({
      grant_type: "client_credentials",
      ...(scope ? { scope } : {}),
    }).toString(),
  });
  return { status: res.statusCode, body: res.json(), headers: res.headers };
}

async function bearer(
  app: App,
  token: string,
  url: string,
  init: { method?: "GET" | "POST"; body?: string } = {},
) {
  const res = await app.inject({
    method: init.method ?? "GET",
    url,
    headers: { authorization: `Bearer ${token}`, ...FHIR_HEADERS },
    ...(init.body === undefined ? {} : { payload: init.body }),
  });
  return { status: res.statusCode, body: res.body ? res.json() : null, headers: res.headers };
}

for (const target of await databaseTargets()) {
  describe(`FHIR API clients with OAuth tokens (${target.name} PostgreSQL)`, () => {
    let database: TestDatabase;
    let app: App;
    let owner: Client;
    let readPatients: Registered;
    let foreign: Registered & { clinicId: string; patientId: string };
    let demoPatient: string;

    before(async () => {
      database = await freshDatabase(target);
      app = await seededApp(database);
      owner = await signedIn(app, DEMO.owner);
      readPatients = await register(owner, "Reporting warehouse", ["system/Patient.rs"]);
      demoPatient = (await database.admin.query("select id from patients order by created_at limit 1"))
        .rows[0].id;
      // Another clinic with a patient of its own and an API client of its own.
      foreign = await foreignClinicClient(database.admin);
    });
    after(async () => {
      await app.close();
      await database.drop();
    });

    test("an owner registers a client; its secret is shown once and stored only as a hash", async () => {
      const list = await owner.get("/api/api-clients");
      assert.equal(list.status, 200);
      const listed = list.body.clients.find((c: { id: string }) => c.id === readPatients.id);
      assert.deepEqual(listed.scopes, ["system/Patient.rs"]);
      assert.ok(!JSON.stringify(list.body).includes(readPatients.secret));
      const row = (await database.admin.query("select * from api_clients where id = $1", [readPatients.id]))
        .rows[0];
      assert.ok(!JSON.stringify(row).includes(readPatients.secret));
      assert.deepEqual(row.secret_hash, createHash("sha256").update(readPatients.secret).digest());

      const bad = await owner.post("/api/api-clients", { name: "Typo", scopes: ["user/Patient.rs"] });
      assert.equal(bad.status, 400);
      assert.ok(bad.body.fields["body.scopes.0"]);
      const provider = await signedIn(app, DEMO.physician);
      assert.equal(
        (await provider.post("/api/api-clients", { name: "x", scopes: ["system/*.rs"] })).status,
        403,
      );
    });

    test("the token endpoint issues a bearer token for the right secret, and RFC 6749 errors otherwise", async () => {
      const ok = await tokenFor(app, readPatients, "system/Patient.rs");
      assert.equal(ok.status, 200, JSON.stringify(ok.body));
      assert.equal(ok.body.token_type, "Bearer");
      assert.equal(ok.body.scope, "system/Patient.rs");
      assert.ok(ok.body.expires_in > 0 && ok.body.expires_in <= 300);
      assert.ok(ok.body.access_token.length >= 40);
      assert.equal(ok.headers["cache-control"], "no-store");
      const stored = await database.admin.query("select token_hash from api_tokens where client_id = $1", [
        readPatients.id,
      ]);
      assert.ok(!JSON.stringify(stored.rows).includes(ok.body.access_token));

      const wrong = await tokenFor(app, { ...readPatients, secret: "not-the-secret" });
      assert.equal(wrong.status, 401);
      assert.equal(wrong.body.error, "invalid_client");
      assert.match(String(wrong.headers["www-authenticate"]), /^Basic/);
      const unknown = await tokenFor(app, { id: "3f2b8c1e-6d4a-4b7e-9a1c-2e5f7d9b0c11", secret: "x" });
      assert.equal(unknown.status, 401);
      assert.equal(unknown.body.error, "invalid_client");

      // client_secret_post works too; a scope beyond what the client may have is refused.
      const post = async (form: Record<string, string>) => {
        const res = await app.inject({
          method: "POST",
          url: "/oauth/token",
          headers: FORM,
          payload: new URLSearchParams(form).toString(),
        });
        return { status: res.statusCode, body: res.json() };
      };
      const creds = { client_id: readPatients.id, client_secret: readPatients.secret };
      const viaForm = await post({ grant_type: "client_credentials", ...creds });
      assert.equal(viaForm.status, 200);
      assert.equal(viaForm.body.scope, "system/Patient.rs");
      assert.equal(
        (await post({ grant_type: "client_credentials", scope: "system/*.rs", ...creds })).body.error,
        "invalid_scope",
      );
      assert.equal((await post({ grant_type: "password", ...creds })).body.error, "unsupported_grant_type");
      assert.equal((await post({ ...creds })).body.error, "invalid_request");
      const json = await app.inject({
        method: "POST",
        url: "/oauth/token",
        headers: { "content-type": "application/json" },
        payload: JSON.stringify({ grant_type: "client_credentials", ...creds }),
      });
      assert.equal(json.statusCode, 400);
      assert.equal(json.json().error, "invalid_request");
    });

    test("scopes are enforced per resource type and interaction", async () => {
      const { body } = await tokenFor(app, readPatients);
      const read = await bearer(app, body.access_token, `/fhir/r4/Patient/${demoPatient}`);
      assert.equal(read.status, 200);
      assert.equal(read.body.id, demoPatient);
      assert.deepEqual(fhirSchemaErrors(read.body), []);
      const search = await bearer(app, body.access_token, "/fhir/R4/Patient?_count=5");
      assert.equal(search.status, 200);
      assert.ok(search.body.total >= 1);

      for (const type of ["Condition", "Appointment", "MedicationStatement"]) {
        const denied = await bearer(app, body.access_token, `/fhir/r4/${type}?patient=${demoPatient}`);
        assert.equal(denied.status, 403, type);
        assert.equal(denied.body.resourceType, "OperationOutcome");
        assert.equal(denied.body.issue[0].code, "security");
        assert.match(String(denied.headers["www-authenticate"]), /insufficient_scope/);
      }

      // Read without search: a v2 scope can split them.
      const readOnly = await register(owner, "Lookup only", ["system/Patient.r"]);
      const token = (await tokenFor(app, readOnly)).body.access_token;
      assert.equal((await bearer(app, token, `/fhir/r4/Patient/${demoPatient}`)).status, 200);
      assert.equal((await bearer(app, token, "/fhir/r4/Patient")).status, 403);

      // Writing (the transaction import) needs create and update on every type in the bundle.
      const { bundle } = fixtureBundles().find((b) => b.file.startsWith("Clemente"))!;
      const noWrite = await bearer(app, body.access_token, "/fhir/r4", {
        method: "POST",
        body: JSON.stringify(bundle),
      });
      assert.equal(noWrite.status, 403);
      const writer = await register(owner, "EHR feed", ["system/*.cud", "system/*.rs"]);
      const writeToken = (await tokenFor(app, writer, "system/*.cud")).body.access_token;
      const imported = await bearer(app, writeToken, "/fhir/r4?source=ehr-feed", {
        method: "POST",
        body: JSON.stringify(bundle),
      });
      assert.equal(imported.status, 200, JSON.stringify(imported.body).slice(0, 300));
      assert.equal(imported.body.type, "transaction-response");
      const importAudit = await database.admin.query(
        "select actor_user_id, actor_role from audit_log where action = 'fhir.import' order by id desc limit 1",
      );
      assert.deepEqual(importAudit.rows[0], { actor_user_id: writer.id, actor_role: "api_client" });
      // The granted scope is what counts, not what the client might have asked for.
      assert.equal((await bearer(app, writeToken, "/fhir/r4/Patient")).status, 403);
    });

    test("a token reaches only its own clinic", async () => {
      const demoToken = (await tokenFor(app, readPatients)).body.access_token;
      const foreignRead = await bearer(app, demoToken, `/fhir/r4/Patient/${foreign.patientId}`);
      assert.equal(foreignRead.status, 404);
      const all = await bearer(app, demoToken, "/fhir/r4/Patient?_count=200");
      assert.ok(
        !all.body.entry.some((e: { resource: { id: string } }) => e.resource.id === foreign.patientId),
      );

      const elsewhere = await tokenFor(app, foreign);
      assert.equal(elsewhere.status, 200);
      const theirs = await bearer(app, elsewhere.body.access_token, "/fhir/r4/Patient");
      assert.deepEqual(
        theirs.body.entry.map((e: { resource: { id: string } }) => e.resource.id),
        [foreign.patientId],
      );
      assert.equal(
        (await bearer(app, elsewhere.body.access_token, `/fhir/r4/Patient/${demoPatient}`)).status,
        404,
      );
      // A session cookie alongside a token does not widen it.
      const mixed = await app.inject({
        method: "GET",
        url: `/fhir/r4/Patient/${demoPatient}`,
        headers: {
          authorization: `Bearer ${elsewhere.body.access_token}`,
          cookie: [...owner.cookies].map(([k, v]) => `${k}=${v}`).join("; "),
        },
      });
      assert.equal(mixed.statusCode, 404);
    });

    test("expired, revoked and unknown tokens get 401; a revoked client gets no new token", async () => {
      const unknown = await bearer(app, "x".repeat(43), "/fhir/r4/Patient");
      assert.equal(unknown.status, 401);
      assert.match(String(unknown.headers["www-authenticate"]), /invalid_token/);

      const expiring = (await tokenFor(app, readPatients)).body.access_token;
      assert.equal((await bearer(app, expiring, "/fhir/r4/Patient")).status, 200);
      await database.admin.query(
        "update api_tokens set expires_at = now() - interval '1 second' where token_hash = $1",
        [createHash("sha256").update(expiring).digest()],
      );
      assert.equal((await bearer(app, expiring, "/fhir/r4/Patient")).status, 401);

      // RFC 7009: the client revokes its own token.
      const revoking = (await tokenFor(app, readPatients)).body.access_token;
      const revoke = await app.inject({
        method: "POST",
        url: "/oauth/revoke",
        headers: { ...FORM, authorization: basic(readPatients.id, readPatients.secret) },
        payload: new URLSearchParams({ token: revoking }).toString(),
      });
      assert.equal(revoke.statusCode, 200);
      assert.equal((await bearer(app, revoking, "/fhir/r4/Patient")).status, 401);

      // The owner revokes the client: its live tokens die at once, and it gets no new one.
      const live = (await tokenFor(app, readPatients)).body.access_token;
      const gone = await owner.request("DELETE", `/api/api-clients/${readPatients.id}`);
      assert.equal(gone.status, 200);
      assert.ok(gone.body.client.revokedAt);
      assert.equal((await bearer(app, live, `/fhir/r4/Patient/${demoPatient}`)).status, 401);
      const again = await tokenFor(app, readPatients);
      assert.equal(again.status, 401);
      assert.equal(again.body.error, "invalid_client");
      assert.equal((await owner.request("DELETE", `/api/api-clients/${readPatients.id}`)).status, 404);
    });

    test("every request with a token is audited with the client as the actor, in the client's clinic", async () => {
      const auditor = await register(owner, "Auditor", ["system/*.read"]);
      const token = (await tokenFor(app, auditor)).body.access_token;
      await bearer(app, token, `/fhir/r4/Patient/${demoPatient}`);
      await bearer(app, token, `/fhir/r4/Condition?patient=${demoPatient}`);
      await tokenFor(app, { ...auditor, secret: "wrong" });
      const { rows } = await database.admin.query(
        `select a.action, a.resource_type, a.resource_id, a.actor_role, c.slug
         from audit_log a join clinics c on c.id = a.clinic_id
         where a.actor_user_id = $1 order by a.id`,
        [auditor.id],
      );
      assert.deepEqual(
        rows.map((r) => [r.action, r.resource_type, r.actor_role, r.slug]),
        [
          ["oauth.token", "api_client", "api_client", "demo"],
          ["fhir.read", "Patient", "api_client", "demo"],
          ["fhir.search", "Condition", "api_client", "demo"],
          ["oauth.token.refused", "api_client", "api_client", "demo"],
        ],
      );
      assert.equal(rows[1].resource_id, demoPatient);
      const created = await database.admin.query(
        "select actor_role from audit_log where action = 'api_client.create' and resource_id = $1",
        [auditor.id],
      );
      assert.equal(created.rows[0].actor_role, "owner");
    });

    test("private_key_jwt: a signed assertion gets a token once; replays, wrong audiences and keys do not", async () => {
      const { publicKey, privateKey } = await generateKeyPair("ES384", { extractable: true });
      const jwk = { ...(await exportJWK(publicKey)), kid: "k1", alg: "ES384" };
      const reg = await owner.post("/api/api-clients", {
        name: "Backend service",
        scopes: ["system/*.rs"],
        jwks: { keys: [jwk] },
      });
      assert.equal(reg.status, 201, JSON.stringify(reg.body));
      assert.equal(reg.body.clientSecret, null);
      assert.equal(reg.body.client.authMethod, "private_key_jwt");
      const id: string = reg.body.client.id;
      const AUD = "http://remodel.test/oauth/token";
      const assertion = (o: { aud?: string; exp?: string; jti?: string; key?: CryptoKey } = {}) =>
        new SignJWT({})
          .setProtectedHeader({ alg: "ES384", kid: "k1", typ: "JWT" })
          .setIssuer(id)
          .setSubject(id)
          .setAudience(o.aud ?? AUD)
          .setExpirationTime(o.exp ?? "4m")
          .setJti(o.jti ?? crypto.randomUUID())
          .sign(o.key ?? privateKey);
      const exchange = async (jwt: string, extra: Record<string, string> = {}) => {
        const res = await app.inject({
          method: "POST",
          url: "/oauth/token",
          headers: { ...FORM, host: "remodel.test" },
          payload: new URLSearchParams({
            grant_type: "client_credentials",
            scope: "system/Patient.rs",
            client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
            client_assertion: jwt,
            ...extra,
          }).toString(),
        });
        return { status: res.statusCode, body: res.json() };
      };
      const jwt = await assertion();
      const ok = await exchange(jwt);
      assert.equal(ok.status, 200, JSON.stringify(ok.body));
      assert.equal(ok.body.scope, "system/Patient.rs");
      assert.equal((await bearer(app, ok.body.access_token, `/fhir/r4/Patient/${demoPatient}`)).status, 200);

      const refusals: [string, Awaited<ReturnType<typeof exchange>>][] = [
        ["replayed", await exchange(jwt)],
        ["wrong audience", await exchange(await assertion({ aud: "https://elsewhere.test/token" }))],
        ["ten minutes long", await exchange(await assertion({ exp: "10m" }))],
        ["expired", await exchange(await assertion({ exp: "-2m" }))],
        [
          "another key",
          await exchange(await assertion({ key: (await generateKeyPair("ES384")).privateKey })),
        ],
        ["another client id", await exchange(await assertion(), { client_id: readPatients.id })],
      ];
      for (const [what, res] of refusals) {
        assert.equal(res.status, 401, `${what}: ${JSON.stringify(res.body)}`);
        assert.equal(res.body.error, "invalid_client", what);
      }
      // A key client has no secret, and a secret client cannot sign.
      const basicTry = await tokenFor(app, { id, secret: "anything-at-all" });
      assert.equal(basicTry.status, 401);
      const refused = await database.admin.query(
        "select detail->>'reason' as reason from audit_log where action = 'oauth.token.refused' and actor_user_id = $1 order by id",
        [id],
      );
      assert.deepEqual(
        refused.rows.map((r) => r.reason),
        [
          "replayed assertion",
          "bad assertion",
          "assertion too long-lived",
          "bad assertion",
          "bad assertion",
          "no secret",
        ],
      );

      const privateJwk = { ...(await exportJWK(privateKey)), kid: "k2" };
      const leaked = await owner.post("/api/api-clients", {
        name: "Oops",
        scopes: ["system/*.rs"],
        jwks: { keys: [privateJwk] },
      });
      assert.equal(leaked.status, 400);
      assert.match(leaked.body.fields["body.jwks"], /private key/);
    });

    test("staff sessions still work, and the server advertises SMART Backend Services", async () => {
      const desk = await signedIn(app, DEMO.desk);
      assert.equal((await desk.get(`/fhir/r4/Patient/${demoPatient}`)).status, 200);
      assert.equal((await new (owner.constructor as typeof Client)(app).get("/fhir/r4/Patient")).status, 401);

      const smart = await app.inject({ method: "GET", url: "/fhir/r4/.well-known/smart-configuration" });
      assert.equal(smart.statusCode, 200);
      const config = smart.json();
      assert.match(config.token_endpoint, /\/oauth\/token$/);
      assert.deepEqual(config.grant_types_supported, ["client_credentials"]);
      assert.ok(config.capabilities.includes("client-confidential-symmetric"));
      assert.ok(config.capabilities.includes("client-confidential-asymmetric"));
      assert.ok(config.token_endpoint_auth_methods_supported.includes("private_key_jwt"));
      assert.ok(config.token_endpoint_auth_signing_alg_values_supported.includes("ES384"));

      const meta = await app.inject({ method: "GET", url: "/fhir/r4/metadata" });
      const cap = meta.json();
      // The packaged schema (R4 4.0.0) lists fhirVersion values up to 4.0.0; the rest is the same.
      assert.deepEqual(fhirSchemaErrors({ ...cap, fhirVersion: "4.0.0" }), []);
      const security = cap.rest[0].security;
      assert.equal(security.service[0].coding[0].code, "SMART-on-FHIR");
      const uris = security.extension[0].extension;
      assert.ok(
        uris.some(
          (u: { url: string; valueUri: string }) => u.url === "token" && u.valueUri.endsWith("/oauth/token"),
        ),
      );
    });
  });
}

describe("fhir-kit-client finds the token endpoint and reads with a bearer token", () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(async () => {
    await server.close();
  });

  test("discovery, token, search and read over HTTP", async () => {
    // A client registered for the demo clinic (the owner's API path is tested above).
    const q = async (sql: string, p: unknown[] = []) => (await server.database.admin.query(sql, p)).rows[0];
    const clinic = await q("select id from clinics where slug = 'demo'");
    const secret = "kit-client-secret-0123456789abcdefghijklmnop";
    const registered = await q(
      "insert into api_clients (clinic_id, name, secret_hash, scopes) values ($1, 'Kit', $2, $3) returning id",
      [clinic.id, createHash("sha256").update(secret).digest(), ["system/*.read"]],
    );

    const fhir = new FhirClient({ baseUrl: `${server.url}/fhir/r4` });
    const auth = (await fhir.smartAuthMetadata()) as { tokenUrl?: URL };
    assert.ok(auth.tokenUrl, "the client found the token endpoint");
    const tokenRes = await fetch(auth.tokenUrl, {
      method: "POST",
      headers: { ...FORM, authorization: basic(registered.id, secret) },
      body: new URLSearchParams({ grant_type: "client_credentials", scope: "system/Patient.read" }),
    });
    assert.equal(tokenRes.status, 200);
    const { access_token } = (await tokenRes.json()) as { access_token: string };

    fhir.bearerToken = access_token;
    const bundle = (await fhir.search({
      resourceType: "Patient",
      searchParams: { _count: 3 },
    })) as unknown as {
      entry: { resource: { id: string } }[];
    };
    assert.equal(bundle.entry.length, 3);
    const patient = (await fhir.read({
      resourceType: "Patient",
      id: bundle.entry[0]!.resource.id,
    })) as unknown as {
      id: string;
    };
    assert.equal(patient.id, bundle.entry[0]!.resource.id);
    await assert.rejects(
      fhir.search({ resourceType: "Condition", searchParams: {} }),
      (err: { response?: { status: number } }) => {
        assert.equal(err.response?.status, 403);
        return true;
      },
    );
  });
});
