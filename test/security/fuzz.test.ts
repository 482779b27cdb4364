/**
 * Fuzzing every JSON endpoint: each route that takes a body receives at least 1,000 payloads
 * generated from its own zod schema (a valid sample with fields replaced, removed or added) and
 * random JSON of any shape, plus malformed JSON. The server must never answer 5xx, a 400 must be
 * a JSON error that names the field, rejected requests change no rows, and the server is still
 * ready afterwards. A share of each route's payloads (ENCODED_PER_ROUTE) goes again to the same
 * route under a percent-encoded spelling of its path (`/%61pi/...`), which must behave the same.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import fc from "fast-check";
import type { App } from "../../src/server/app.ts";
import { type Client, DEMO, seededApp, signedIn } from "../support/api.ts";
import { databaseTargets, freshDatabase, type TestDatabase } from "../support/db.ts";
import { ACCESS_MATRIX } from "./access-matrix.ts";
import { apiRoutesOf } from "./route-table.ts";
import { fuzzPayloads, jsonSchemaOf, sampleOf } from "./schema-samples.ts";

const PER_ROUTE = Number(process.env.FUZZ_PER_ROUTE ?? 1000);
// Rows that change on any authenticated request (session touch, audit of reads, sign-in steps).
const VOLATILE = new Set([
  "sessions",
  "audit_log",
  "login_challenges",
  "schema_migrations",
  "users",
  "outbox",
  // Rate-limit counters count every request, refused ones included (that is their job).
  "rate_limit_hits",
]);
const ENCODED_PER_ROUTE = Math.min(PER_ROUTE, Number(process.env.FUZZ_ENCODED_PER_ROUTE ?? 50));
const encodedSpelling = (url: string) =>
  url.replace(/^\/([A-Za-z])/, (_, c: string) => `/%${c.charCodeAt(0).toString(16).toUpperCase()}`);
// Nesting deeper than any body may be (finding F8): a 400 naming the body, never a 500.
const DEEP = `${"[".repeat(10_000)}${"]".repeat(10_000)}`;
const DEEP_OBJECT = `${'{"a":'.repeat(10_000)}1${"}".repeat(10_000)}`;
const MALFORMED = [
  DEEP,
  DEEP_OBJECT,
  "{",
  '{"a":',
  "[1,2",
  "nul",
  '{"a":1}}',
  "\u0000",
  '{"__proto__":{"x":1}}',
];

async function tableChecksums(database: TestDatabase): Promise<Map<string, string>> {
  const tables = (
    await database.admin.query<{ t: string }>(
      "select tablename as t from pg_tables where schemaname = 'public' order by tablename",
    )
  ).rows
    .map((r) => r.t)
    .filter((t) => !VOLATILE.has(t));
  const sums = new Map<string, string>();
  for (const t of tables) {
    const { rows } = await database.admin.query(
      `select count(*)::int as n, md5(coalesce(string_agg(x::text, '|' order by x::text), '')) as h from "${t}" x`,
    );
    sums.set(t, `${rows[0].n}:${rows[0].h}`);
  }
  return sums;
}

function changedTables(a: Map<string, string>, b: Map<string, string>): string[] {
  return [...b.keys()].filter((t) => a.get(t) !== b.get(t));
}

// One database target: what is fuzzed is the HTTP layer and the handlers; the tenancy and SQL
// behaviour on both PostgreSQL versions is covered by the API and access-matrix tests.
for (const target of (await databaseTargets()).slice(0, 1)) {
  describe(`fuzzing the JSON endpoints (${target.name} PostgreSQL)`, () => {
    let database: TestDatabase;
    let app: App;
    const clients = new Map<string, Client>();
    let patientId: string;

    before(async () => {
      database = await freshDatabase(target);
      app = await seededApp(database, { LOGIN_RATE_LIMIT_PER_MINUTE: "10000" });
      clients.set("staff", await signedIn(app, DEMO.owner));
      clients.set("provider", await signedIn(app, DEMO.physician));
      clients.set("patient", await signedIn(app, DEMO.patient));
      patientId = (
        await database.admin.query("select patient_id from users where email = $1", [DEMO.patient])
      ).rows[0].patient_id;
    });
    after(async () => {
      await app.close();
      await database.drop();
    });

    // Some 60,000 requests: longer than the runner's default 5 minutes on a busy machine.
    test(`every JSON endpoint survives ${PER_ROUTE} generated payloads`, {
      timeout: 30 * 60_000,
    }, async () => {
      const routes = apiRoutesOf(app).filter(
        (r) => ["POST", "PUT", "PATCH"].includes(r.method) && r.schema?.body !== undefined,
      );
      const failures: string[] = [];
      let sent = 0;
      const statusCounts = new Map<number, number>();
      for (const route of routes) {
        const entry = ACCESS_MATRIX[`${route.method} ${route.url}`];
        const roles = entry?.roles ?? "signed-in";
        // Call as a role that passes the route's gate, so payloads reach validation and beyond.
        const client =
          roles !== "public" && roles !== "signed-in" && !roles.includes("owner")
            ? roles.includes("patient")
              ? clients.get("patient")!
              : clients.get("provider")!
            : roles !== "public" && roles !== "signed-in" && roles.length === 1 && roles[0] === "provider"
              ? clients.get("provider")!
              : clients.get("staff")!;
        const query = jsonSchemaOf(route.schema?.querystring);
        const search = new URLSearchParams();
        for (const [k, v] of Object.entries((query ? sampleOf(query) : {}) as Record<string, unknown>))
          if (v !== null && typeof v !== "object") search.set(k, String(v));
        const url =
          route.url.replace(/:([A-Za-z0-9_]+)/g, (_, name: string) =>
            name === "id" ? patientId : "3f2b8c1e-6d4a-4b7e-9a1c-2e5f7d9b0c11",
          ) + ([...search].length ? `?${search}` : "");
        const payloads = [
          ...fc.sample(fuzzPayloads(jsonSchemaOf(route.schema?.body)), {
            numRuns: PER_ROUTE,
            seed: 20_240_601,
          }),
        ];
        const before = await tableChecksums(database);
        let accepted = 0;
        const sends = [
          ...payloads.map((payload) => ({ url, payload, raw: false })),
          ...MALFORMED.map((payload) => ({ url, payload, raw: true })),
          ...payloads
            .slice(0, ENCODED_PER_ROUTE)
            .map((payload) => ({ url: encodedSpelling(url), payload, raw: false })),
          ...MALFORMED.map((payload) => ({ url: encodedSpelling(url), payload, raw: true })),
        ];
        for (const { url, payload, raw } of sends) {
          // Sent as JSON text whatever its shape (a bare string too), as a client library would.
          const res = await client.request(
            route.method as "POST",
            url,
            raw ? (payload as string) : JSON.stringify(payload),
            { "content-type": "application/json" },
          );
          sent++;
          statusCounts.set(res.status, (statusCounts.get(res.status) ?? 0) + 1);
          const where = `${route.method} ${url} <- ${JSON.stringify(payload)?.slice(0, 200)} -> ${res.status} ${JSON.stringify(res.body)?.slice(0, 200)}`;
          if (res.status >= 500) failures.push(`server error: ${where}`);
          else if (res.status < 300) accepted++;
          else if (res.status === 400) {
            const fields = res.body?.fields;
            if (typeof res.body?.error !== "string" || !fields || Object.keys(fields).length === 0)
              failures.push(`400 without the field named: ${where}`);
          } else if (typeof res.body?.error !== "string" && res.body?.resourceType !== "OperationOutcome") {
            failures.push(`error without a JSON error body: ${where}`);
          }
          if (failures.length > 20) break;
        }
        if (accepted === 0) {
          const changed = changedTables(before, await tableChecksums(database));
          if (changed.length)
            failures.push(`${route.method} ${route.url}: rejected requests changed ${changed.join(", ")}`);
        }
        if (failures.length > 20) break;
      }
      const ready = await clients.get("staff")!.get("/ready");
      assert.equal(ready.status, 200, "server still ready after the fuzzing");
      assert.equal((await clients.get("staff")!.get("/api/auth/me")).status, 200);
      const summary = [...statusCounts].sort((a, b) => a[0] - b[0]).map(([s, n]) => `${s}: ${n}`);
      console.log(
        `fuzzing: ${routes.length} JSON endpoints, ${sent} payloads (${PER_ROUTE} generated + ${MALFORMED.length} malformed each, and ${ENCODED_PER_ROUTE} + ${MALFORMED.length} again on a percent-encoded path), statuses {${summary.join(", ")}}, ${failures.length} failures`,
      );
      assert.deepEqual(failures, []);
    });
  });
}
