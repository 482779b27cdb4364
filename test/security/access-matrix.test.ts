/**
 * Access control, route by route: every /api and /fhir route of the running app, called as every
 * role (anonymous, patient, front desk, provider, owner) against the caller's own record, another
 * patient's record of the same clinic and another clinic's record. The answer must match the
 * declared matrix (test/security/access-matrix.ts): allowed calls get past access control,
 * denied ones get 401/403/404 with an error body and nothing of the record in it. Never a 5xx.
 *
 * The whole matrix runs twice: with plain paths, and with each path's first letter
 * percent-escaped (`/%61pi/...`, `/%66hir/...`), which the router decodes to the same route. On
 * the escaped pass every state-changing call is also sent once without its CSRF token (it must be
 * refused) and every answer must carry `Cache-Control: no-store`.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { FastifySchema } from "fastify";
import type { App } from "../../src/server/app.ts";
import { Client, DEMO, type Response, seededApp, signedIn } from "../support/api.ts";
import { databaseTargets, freshDatabase, type TestDatabase } from "../support/db.ts";
import { ACCESS_MATRIX, type MatrixEntry } from "./access-matrix.ts";
import { apiRoutesOf } from "./route-table.ts";
import { jsonSchemaOf, sampleOf } from "./schema-samples.ts";

type Caller = "anonymous" | "patient" | "front_desk" | "provider" | "owner";
type TargetName = "own" | "other-patient" | "other-clinic";
const CALLERS: Caller[] = ["anonymous", "patient", "front_desk", "provider", "owner"];
const LOGIN: Record<Exclude<Caller, "anonymous">, string> = {
  patient: DEMO.patient,
  front_desk: DEMO.desk,
  provider: DEMO.physician,
  owner: DEMO.owner,
};
const FOREIGN = { given: "Foreignia", family: "Elsewhere-Clinic" };
const OTHER = { given: "Noah", family: "Okafor" };

const apiRoutes = apiRoutesOf;

/** Another clinic with a patient and one row in each table the matrix points at. */
async function seedOtherClinic(database: TestDatabase): Promise<string> {
  const q = async (sql: string, params: unknown[] = []) => (await database.admin.query(sql, params)).rows[0];
  const clinic = await q(
    "insert into clinics (slug, name, time_zone) values ('elsewhere', 'Elsewhere Clinic', 'Europe/Paris') returning id",
  );
  const location = await q(
    "insert into locations (clinic_id, name, time_zone) values ($1, 'Main', 'Europe/Paris') returning id",
    [clinic.id],
  );
  const patient = await q(
    "insert into patients (clinic_id, given_name, family_name, date_of_birth, sex) values ($1, $2, $3, '1980-01-01', 'female') returning id",
    [clinic.id, FOREIGN.given, FOREIGN.family],
  );
  const type = await q(
    "insert into appointment_types (clinic_id, name, kind, duration_minutes) values ($1, 'Consultation', 'consultation', 30) returning id",
    [clinic.id],
  );
  await q(
    "insert into users (clinic_id, email, name, role, credential, max_needle_depth_mm) values ($1, 'nurse@elsewhere.test', 'Elsewhere Nurse', 'provider', 'nurse', 1) returning id",
    [clinic.id],
  );
  await q("insert into rooms (clinic_id, location_id, name) values ($1, $2, 'Room') returning id", [
    clinic.id,
    location.id,
  ]);
  await q("insert into devices (clinic_id, location_id, name) values ($1, $2, 'Pen') returning id", [
    clinic.id,
    location.id,
  ]);
  await q(
    `insert into appointments (clinic_id, location_id, patient_id, type_id, starts_at, ends_at)
     values ($1, $2, $3, $4, now() + interval '3 days', now() + interval '3 days 30 minutes') returning id`,
    [clinic.id, location.id, patient.id, type.id],
  );
  return clinic.id;
}

function paramsSchema(schema: FastifySchema | undefined) {
  return jsonSchemaOf(schema?.params);
}

function buildUrl(url: string, schema: FastifySchema | undefined, values: Record<string, string>) {
  const sample = (sampleOf(paramsSchema(schema) ?? { type: "object" }) ?? {}) as Record<string, unknown>;
  let path = url.replace(/:([A-Za-z0-9_]+)/g, (_, name: string) =>
    encodeURIComponent(values[name] ?? String(sample[name] ?? "3f2b8c1e-6d4a-4b7e-9a1c-2e5f7d9b0c11")),
  );
  const query = jsonSchemaOf(schema?.querystring);
  if (query) {
    const search = new URLSearchParams();
    for (const [k, v] of Object.entries((sampleOf(query) ?? {}) as Record<string, unknown>)) {
      if (v !== undefined && v !== null && typeof v !== "object") search.set(k, String(v));
    }
    if ([...search].length) path += `?${search}`;
  }
  return path;
}

function bodyFor(method: string, schema: FastifySchema | undefined, over?: Record<string, unknown>): unknown {
  if (method === "GET" || method === "DELETE") return undefined;
  const body = jsonSchemaOf(schema?.body);
  const sample = body ? sampleOf(body) : {};
  return over && sample && typeof sample === "object" ? { ...sample, ...over } : sample;
}

/** A 200 whose every list is empty: nothing of the record came back. */
function emptyAnswer(r: Response): boolean {
  return (
    r.status === 200 &&
    r.body !== null &&
    typeof r.body === "object" &&
    Object.values(r.body).every((v) => Array.isArray(v) && v.length === 0)
  );
}

// FHIR routes answer with an OperationOutcome whose issue code is "security".
const fhirSecurity = (r: Response) =>
  r.body?.resourceType === "OperationOutcome" && r.body.issue?.[0]?.code === "security";
const roleDenied = (r: Response) =>
  (r.status === 401 && (["unauthenticated", "session_expired"].includes(r.body?.error) || fhirSecurity(r))) ||
  (r.status === 403 && (r.body?.error === "forbidden" || fhirSecurity(r)));
const recordDenied = (r: Response) => r.status === 404 || (r.status === 403 && r.body?.error !== "csrf");

/** Path spellings the matrix runs over: as written, and with the first letter percent-escaped. */
const SPELLINGS = [
  { name: "plain", apply: (url: string) => url },
  {
    name: "percent-encoded",
    apply: (url: string) =>
      url.replace(/^\/([A-Za-z])/, (_, c: string) => `/%${c.charCodeAt(0).toString(16).toUpperCase()}`),
  },
] as const;

function roleAllowed(entry: MatrixEntry, caller: Caller): boolean {
  if (entry.roles === "public") return true;
  if (caller === "anonymous") return false;
  return entry.roles === "signed-in" || entry.roles.includes(caller);
}

for (const target of await databaseTargets())
  for (const spelling of SPELLINGS) {
    describe(`access-control matrix, ${spelling.name} paths (${target.name} PostgreSQL)`, () => {
      let database: TestDatabase;
      let app: App;
      let ids: { own: string; other: string; foreign: string; foreignClinic: string };
      const clients = new Map<Caller, Client>();

      before(async () => {
        database = await freshDatabase(target);
        app = await seededApp(database);
        const foreignClinic = await seedOtherClinic(database);
        const one = async (sql: string, p: unknown[]) => (await database.admin.query(sql, p)).rows[0]?.id;
        ids = {
          own: await one("select patient_id as id from users where email = $1", [DEMO.patient]),
          other: await one("select id from patients where given_name = $1 and family_name = $2", [
            OTHER.given,
            OTHER.family,
          ]),
          foreign: await one("select id from patients where clinic_id = $1", [foreignClinic]),
          foreignClinic,
        };
        clients.set("anonymous", new Client(app));
        for (const [caller, email] of Object.entries(LOGIN))
          clients.set(caller as Caller, await signedIn(app, email));
      });
      after(async () => {
        await app.close();
        await database.drop();
      });

      test("every route is declared in the matrix, and every declared route exists", () => {
        const routes = apiRoutes(app).map((r) => `${r.method} ${r.url}`);
        const missing = routes.filter((r) => !(r in ACCESS_MATRIX));
        assert.deepEqual(
          missing,
          [],
          `routes without an entry in test/security/access-matrix.ts:\n${missing.join("\n")}`,
        );
        const stale = Object.keys(ACCESS_MATRIX).filter((k) => !routes.includes(k));
        assert.deepEqual(
          stale,
          [],
          `entries in access-matrix.ts for routes that no longer exist:\n${stale.join("\n")}`,
        );
      });

      test("each route answers each role and target as the matrix says", async () => {
        const failures: string[] = [];
        let checks = 0;
        let routesChecked = 0;
        const skipped: string[] = [];
        // Calls that end sessions (sign out, sign out everywhere) go last: they would end the
        // shared sessions of the other checks. Those that also forget trusted browsers go after
        // them, as a fresh sign-in after that would need another authenticator code.
        const rank = (r: { method: string; url: string }) => {
          const entry = ACCESS_MATRIX[`${r.method} ${r.url}`];
          return entry?.forgetsBrowsers ? 2 : entry?.fresh ? 1 : 0;
        };
        const ordered = [...apiRoutes(app)].sort((a, b) => rank(a) - rank(b));
        for (const route of ordered) {
          const key = `${route.method} ${route.url}`;
          const entry = ACCESS_MATRIX[key];
          if (!entry) continue;
          routesChecked++;
          // Which record each target names for this route, and what its owner is.
          const targets: { name: TargetName; id: string | null }[] = [];
          if (entry.target === "patient") {
            targets.push({ name: "own", id: ids.own }, { name: "other-patient", id: ids.other });
            targets.push({ name: "other-clinic", id: ids.foreign });
          } else if (entry.target) {
            const { table, patientColumn, where } = entry.target;
            const row = async (clinicId: string | null, patientId: string | null) =>
              (
                await database.admin.query(
                  `select id::text from ${table} where ($1::uuid is null or clinic_id = $1) ${
                    patientColumn ? `and ($2::uuid is null or ${patientColumn} = $2)` : "and $2::uuid is null"
                  } ${where ? `and (${where})` : ""} limit 1`,
                  [clinicId, patientId],
                )
              ).rows[0]?.id ?? null;
            const demoClinic = (await database.admin.query("select id from clinics where slug = 'demo'"))
              .rows[0].id;
            if (patientColumn) {
              targets.push({ name: "own", id: await row(demoClinic, ids.own) });
              targets.push({ name: "other-patient", id: await row(demoClinic, ids.other) });
            } else {
              targets.push({ name: "own", id: await row(demoClinic, null) });
            }
            targets.push({ name: "other-clinic", id: await row(ids.foreignClinic, null) });
          }
          for (const caller of CALLERS) {
            const cases = targets.length ? targets : [{ name: "own" as TargetName, id: null }];
            for (const t of cases) {
              if (entry.target && t.id === null) {
                skipped.push(`${key} as ${caller} on ${t.name}: no such row in the fixture`);
                continue;
              }
              const client =
                entry.fresh && caller !== "anonymous"
                  ? await signedIn(app, LOGIN[caller])
                  : clients.get(caller)!;
              const values: Record<string, string> = { ...(entry.params ?? {}) };
              if (t.id) values.id = t.id;
              const url = spelling.apply(buildUrl(route.url, route.schema, values));
              if (spelling.name !== "plain" && route.method !== "GET") {
                // Without the CSRF token a state-changing call never gets through, however spelled.
                const bare = await client.request(
                  route.method as "POST",
                  url,
                  bodyFor(route.method, route.schema, entry.body),
                  { "x-csrf-token": "" },
                );
                checks++;
                if (bare.status < 300 || bare.status >= 500)
                  failures.push(`without CSRF token: ${key} as ${caller} ${url} -> ${bare.status}`);
              }
              const res = await client.request(
                route.method as "GET",
                url,
                bodyFor(route.method, route.schema, entry.body),
              );
              checks++;
              // No-store, unless the route chose its own caching (a calendar feed, public metadata).
              const cacheControl = String(res.headers["cache-control"] ?? "");
              if (spelling.name !== "plain" && !/no-store|max-age=/.test(cacheControl))
                failures.push(`cached: ${key} as ${caller} ${url} -> cache-control "${cacheControl}"`);
              const where = `${key} as ${caller} on ${entry.target ? t.name : "no record"} -> ${res.status} ${JSON.stringify(res.body)?.slice(0, 160)}`;
              if (res.status >= 500) {
                failures.push(`server error: ${where}`);
                continue;
              }
              const patientOwned = typeof entry.target === "object" && entry.target.patientColumn;
              let expectAllowed = roleAllowed(entry, caller);
              if (expectAllowed && t.name === "other-clinic" && entry.target) expectAllowed = false;
              if (
                expectAllowed &&
                caller === "patient" &&
                t.name === "other-patient" &&
                (entry.target === "patient" || patientOwned)
              )
                expectAllowed = false;
              if (!roleAllowed(entry, caller)) {
                if (!roleDenied(res)) failures.push(`should be refused to the role: ${where}`);
              } else if (!expectAllowed) {
                const empty =
                  entry.otherClinic === "empty-list" && t.name === "other-clinic" && emptyAnswer(res);
                if (!(roleDenied(res) || recordDenied(res) || empty))
                  failures.push(`should be denied: ${where}`);
              } else if (
                roleDenied(res) ||
                (entry.target && recordDenied(res) && !(entry.secondRecord && res.status === 404))
              ) {
                failures.push(`should be allowed: ${where}`);
              }
              if (!expectAllowed) {
                const text = JSON.stringify(res.body ?? "");
                const leaked = [
                  FOREIGN.family,
                  FOREIGN.given,
                  ...(t.name === "other-patient" ? [OTHER.family] : []),
                ].filter((s) => text.includes(s));
                if (leaked.length) failures.push(`denied answer leaks ${leaked.join(", ")}: ${where}`);
              }
            }
          }
        }
        console.log(
          `access matrix (${spelling.name} paths): ${routesChecked} routes, ${CALLERS.length} roles, ${checks} route x role x target checks, ${skipped.length} skipped (no fixture row), ${failures.length} failures`,
        );
        if (skipped.length)
          console.log(
            `  skipped:\n  ${[...new Set(skipped.map((s) => s.replace(/ as .* on /, " on ")))].join("\n  ")}`,
          );
        assert.deepEqual(failures, []);
      });
    });
  }
