/**
 * API clients' bearer tokens on the bulk export ($export: kick-off, status, files, delete) and on
 * Patient/$everything: what a token's SMART scopes let it export, whose jobs it may see, the audit
 * log and photos only where scopes say so, all in the client's clinic and audited with the client
 * as actor. Also: an export a restart cut short ends as failed instead of "in progress" for ever.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { App } from "../../src/server/app.ts";
import { buildTestApp, type Client, DEMO, seededApp, signedIn } from "../support/api.ts";
import { databaseTargets, freshDatabase, type TestDatabase } from "../support/db.ts";
import { FHIR_HEADERS, fhirSchemaErrors, foreignClinicClient } from "./fhir-support.ts";

const FORM = { "content-type": "application/x-www-form-urlencoded" };
const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString("base64")}`;

interface Registered {
  id: string;
  secret: string;
}

interface Res {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: tests read many response shapes
  body: any;
  text: string;
  headers: Record<string, string | string[] | number | undefined>;
}

for (const target of await databaseTargets()) {
  describe(`FHIR bulk export and $everything with API client tokens (${target.name} PostgreSQL)`, () => {
    let database: TestDatabase;
    let app: App;
    let owner: Client;
    let demoPatient: string;
    let demoClinic: string;
    let foreign: Registered & { patientId: string };

    async function register(name: string, scopes: string[]): Promise<Registered> {
      const res = await owner.post("/api/api-clients", { name, scopes });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      return { id: res.body.client.id, secret: res.body.clientSecret };
    }

    async function token(c: Registered, scope?: string): Promise<string> {
      const res = await app.inject({
        method: "POST",
        url: "/oauth/token",
        headers: { ...FORM, authorization: basic(c.id, c.secret) },
        payload: new URLSearchParams({
          grant_type: "client_credentials",
          ...(scope ? { scope } : {}),
        }).toString(),
      });
      assert.equal(res.statusCode, 200, res.body);
      return res.json().access_token;
    }

    async function call(tok: string, url: string, method: "GET" | "DELETE" = "GET", on = app): Promise<Res> {
      const res = await on.inject({
        method,
        url,
        headers: { authorization: `Bearer ${tok}`, prefer: "respond-async", accept: FHIR_HEADERS.accept },
      });
      let body: unknown = null;
      try {
        body = res.body ? res.json() : null;
      } catch {
        body = null;
      }
      return { status: res.statusCode, body, text: res.body, headers: res.headers };
    }

    /** Kicks off an export and polls its status to the end; the status path and final answer. */
    async function exportAll(tok: string, query = ""): Promise<{ status: string; manifest: Res }> {
      const kick = await call(tok, `/fhir/r4/$export${query}`);
      assert.equal(kick.status, 202, kick.text);
      const status = new URL(String(kick.headers["content-location"])).pathname;
      let manifest = await call(tok, status);
      for (let i = 0; i < 400 && manifest.status === 202; i++) {
        await new Promise((r) => setTimeout(r, 25));
        manifest = await call(tok, status);
      }
      return { status, manifest };
    }

    before(async () => {
      database = await freshDatabase(target);
      app = await seededApp(database);
      owner = await signedIn(app, DEMO.owner);
      const first = (
        await database.admin.query("select id, clinic_id from patients order by created_at limit 1")
      ).rows[0];
      demoPatient = first.id;
      demoClinic = first.clinic_id;
      foreign = await foreignClinicClient(database.admin);
    });
    after(async () => {
      await app.close();
      await database.drop();
    });

    test("system/*.rs exports every readable type of its own clinic; AuditEvent is left out and listed", async () => {
      const warehouse = await register("Warehouse", ["system/*.rs"]);
      const tok = await token(warehouse);
      const { status, manifest } = await exportAll(tok);
      assert.equal(manifest.status, 200, manifest.text);
      const types = manifest.body.output.map((o: { type: string }) => o.type);
      assert.ok(types.includes("Patient") && types.includes("Appointment"), types.join());
      assert.ok(!types.includes("AuditEvent"), "the audit log needs a scope that names it");
      assert.equal(manifest.body.requiresAccessToken, true);
      // The Bulk Data error file: one OperationOutcome naming the type left out.
      assert.equal(manifest.body.error.length, 1);
      const errorFile = await call(tok, new URL(manifest.body.error[0].url).pathname);
      assert.equal(errorFile.status, 200);
      const outcomes = errorFile.text
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l));
      assert.deepEqual(
        outcomes.map((o) => o.issue[0].diagnostics.split(":")[0]),
        ["AuditEvent"],
      );
      for (const o of outcomes) assert.deepEqual(fhirSchemaErrors(o), []);

      const patients = manifest.body.output.find((o: { type: string }) => o.type === "Patient");
      const file = await call(tok, new URL(patients.url).pathname);
      assert.equal(file.status, 200);
      assert.match(String(file.headers["content-type"]), /application\/fhir\+ndjson/);
      const lines = file.text
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l));
      const { rows } = await database.admin.query("select id from patients where clinic_id = $1", [
        demoClinic,
      ]);
      assert.deepEqual(lines.map((p) => p.id).sort(), rows.map((r) => r.id).sort(), "only its own clinic");
      for (const p of lines) assert.deepEqual(fhirSchemaErrors(p), []);

      // Audited with the client as the actor, in its clinic.
      const audit = await database.admin.query(
        `select action, actor_role, clinic_id from audit_log where actor_user_id = $1 and action like 'fhir.export%' order by id`,
        [warehouse.id],
      );
      assert.deepEqual(
        audit.rows.map((r) => r.action),
        ["fhir.export.start", "fhir.export", "fhir.export.download", "fhir.export.download"],
      );
      assert.ok(audit.rows.every((r) => r.actor_role === "api_client" && r.clinic_id === demoClinic));

      assert.equal((await call(tok, status, "DELETE")).status, 202);
      assert.equal((await call(tok, status)).status, 404);
    });

    test("_type narrows; a named type the scopes do not cover refuses the kick-off; no read scope at all is refused", async () => {
      const narrow = await register("Narrow", ["system/Patient.rs", "system/Condition.read"]);
      const tok = await token(narrow);
      const refused = await call(tok, "/fhir/r4/$export?_type=Patient,Observation");
      assert.equal(refused.status, 403);
      assert.match(refused.body.issue[0].diagnostics, /Observation/);
      assert.match(String(refused.headers["www-authenticate"]), /insufficient_scope/);
      const auditEvents = await call(tok, "/fhir/r4/$export?_type=AuditEvent");
      assert.equal(auditEvents.status, 403);

      const { manifest } = await exportAll(tok, "?_type=Patient");
      assert.equal(manifest.status, 200, manifest.text);
      assert.deepEqual(
        manifest.body.output.map((o: { type: string }) => o.type),
        ["Patient"],
      );
      assert.deepEqual(manifest.body.error, []);

      // Without _type: just what it may read, the rest listed as left out.
      const all = await exportAll(tok);
      const exported = new Set(all.manifest.body.output.map((o: { type: string }) => o.type));
      assert.ok(exported.has("Patient"));
      for (const t of exported) assert.ok(t === "Patient" || t === "Condition", `${t} is not in the scopes`);
      const left = await call(tok, new URL(all.manifest.body.error[0].url).pathname);
      assert.ok(left.text.includes("Observation:"));

      const writer = await register("Writer", ["system/Patient.cu"]);
      const none = await call(await token(writer), "/fhir/r4/$export");
      assert.equal(none.status, 403);
      assert.equal(
        (
          await database.admin.query(
            "select count(*)::int as n from fhir_export_jobs where requested_by = $1",
            [writer.id],
          )
        ).rows[0].n,
        0,
        "nothing started",
      );
    });

    test("an export belongs to whoever started it: other clients, other clinics and staff get 404", async () => {
      const mine = await register("Mine", ["system/*.rs"]);
      const other = await register("Other", ["system/*.rs"]);
      const tok = await token(mine);
      const { status, manifest } = await exportAll(tok, "?_type=Patient");
      assert.equal(manifest.status, 200);
      const filePath = new URL(manifest.body.output[0].url).pathname;
      for (const stranger of [await token(other), await token(foreign)]) {
        assert.equal((await call(stranger, status)).status, 404);
        assert.equal((await call(stranger, filePath)).status, 404);
        assert.equal((await call(stranger, status, "DELETE")).status, 404);
      }
      // The clinic's owner (signed in) does not read a client's files either, nor it the owner's.
      assert.equal((await owner.get(status)).status, 404);
      assert.equal((await owner.get(filePath)).status, 404);
      const staffKick = await owner.request("GET", "/fhir/r4/$export?_type=Patient", undefined, {
        prefer: "respond-async",
      });
      assert.equal(staffKick.status, 202);
      const staffStatus = new URL(String(staffKick.headers["content-location"])).pathname;
      assert.equal((await call(tok, staffStatus)).status, 404);
      assert.equal((await call(tok, filePath)).status, 200, "still there for its owner");
    });

    test("Patient/$everything with a token needs read on Patient and holds only the types the scopes cover", async () => {
      const some = await register("Some", ["system/Patient.rs", "system/Condition.rs"]);
      const tok = await token(some);
      const res = await call(tok, `/fhir/r4/Patient/${demoPatient}/$everything`);
      assert.equal(res.status, 200, res.text);
      const types = new Set(
        res.body.entry.map((e: { resource: { resourceType: string } }) => e.resource.resourceType),
      );
      assert.ok(types.has("Patient"));
      for (const t of types) assert.ok(t === "Patient" || t === "Condition", `${t} is not in the scopes`);
      const staffView = await owner.get(`/fhir/r4/Patient/${demoPatient}/$everything`);
      assert.ok(staffView.body.entry.length > res.body.entry.length, "staff see more types");

      const noPatient = await register("No patient", ["system/Condition.rs"]);
      const refused = await call(await token(noPatient), `/fhir/r4/Patient/${demoPatient}/$everything`);
      assert.equal(refused.status, 403);
      assert.match(String(refused.headers["www-authenticate"]), /system\/Patient\.r/);

      // Another clinic's client cannot reach this patient; its own, yes.
      const foreignTok = await token(foreign);
      assert.equal((await call(foreignTok, `/fhir/r4/Patient/${demoPatient}/$everything`)).status, 404);
      assert.equal((await call(foreignTok, `/fhir/r4/Patient/${foreign.patientId}/$everything`)).status, 200);

      const audit = await database.admin.query(
        "select action, resource_id, actor_role, detail from audit_log where actor_user_id = $1 and action = 'fhir.everything'",
        [some.id],
      );
      assert.equal(audit.rows.length, 1);
      assert.equal(audit.rows[0].resource_id, demoPatient);
      assert.equal(audit.rows[0].actor_role, "api_client");
    });

    test("AuditEvent needs a scope that names it; a wildcard neither reaches it nor grants it", async () => {
      const wide = await register("Wide", ["system/*.rs"]);
      const wideTok = await token(wide);
      assert.equal((await call(wideTok, "/fhir/r4/AuditEvent")).status, 403);
      const asked = await app.inject({
        method: "POST",
        url: "/oauth/token",
        headers: { ...FORM, authorization: basic(wide.id, wide.secret) },
        payload: new URLSearchParams({
          grant_type: "client_credentials",
          scope: "system/AuditEvent.rs",
        }).toString(),
      });
      assert.notEqual(asked.statusCode, 200, "system/*.rs does not let a client ask for the audit log");

      const auditor = await register("Auditor", ["system/AuditEvent.rs"]);
      const tok = await token(auditor);
      const res = await call(tok, "/fhir/r4/AuditEvent?_count=5");
      assert.equal(res.status, 200, res.text);
      assert.ok(res.body.total > 0);
      for (const e of res.body.entry) assert.deepEqual(fhirSchemaErrors(e.resource), []);
      const { manifest } = await exportAll(tok, "?_type=AuditEvent");
      assert.equal(manifest.status, 200, manifest.text);
      assert.deepEqual(
        manifest.body.output.map((o: { type: string }) => o.type),
        ["AuditEvent"],
      );
      assert.equal((await call(tok, "/fhir/r4/Patient")).status, 403, "and nothing else");
    });

    test("photos are DocumentReferences for a token with DocumentReference read, as in the clinical record", async () => {
      const user = (
        await database.admin.query("select id from users where clinic_id = $1 limit 1", [demoClinic])
      ).rows[0];
      // A signed photo consent (clinical use) and a photo taken under it.
      const template = (
        await database.admin.query(
          `insert into consent_templates (clinic_id, kind, version, title, body)
           values ($1, 'photo', 99, 'Photos', 'Photos for the clinical record.') returning id`,
          [demoClinic],
        )
      ).rows[0];
      const consent = (
        await database.admin.query(
          `insert into consents (clinic_id, patient_id, template_id, kind, template_version, photo_scope,
                                 typed_name, signature_png, pdf, signed_via, recorded_by)
           values ($1, $2, $3, 'photo', 99, 'clinical', 'Signed', '\\x00', '\\x00', 'tablet', $4)
           returning id, patient_id, clinic_id`,
          [demoClinic, demoPatient, template.id, user.id],
        )
      ).rows[0];
      const photo = (
        await database.admin.query(
          `insert into photos (clinic_id, patient_id, view, consent_scope, consent_id, storage_key, thumb_key,
                               width, height, bytes, taken_on, created_by)
           values ($1, $2, 'front', 'clinical', $3, 'k', 't', 10, 10, 10, current_date, $4) returning id`,
          [consent.clinic_id, consent.patient_id, consent.id, user.id],
        )
      ).rows[0];
      const docs = await register("Docs", ["system/DocumentReference.rs"]);
      const res = await call(await token(docs), `/fhir/r4/DocumentReference?patient=${consent.patient_id}`);
      assert.equal(res.status, 200, res.text);
      const ids = res.body.entry.map((e: { resource: { id: string } }) => e.resource.id);
      assert.ok(ids.includes(`photo-${photo.id}`), ids.join());
      const none = await register("No docs", ["system/Patient.rs"]);
      assert.equal((await call(await token(none), "/fhir/r4/DocumentReference")).status, 403);
    });

    test("an export cut short by a restart is reported failed, not in progress for ever", async () => {
      const exporter = await register("Exporter", ["system/*.rs"]);
      const tok = await token(exporter);
      const insert = async () =>
        (
          await database.admin.query(
            `insert into fhir_export_jobs (clinic_id, requested_by, requester_kind, types, request_url, created_at)
             values ($1, $2, 'api-client', '{Patient}', 'http://localhost/fhir/r4/$export', now() - interval '1 hour')
             returning id`,
            [demoClinic, exporter.id],
          )
        ).rows[0].id as string;
      const dead = await insert();
      const alive = await insert();
      // "alive" is being run by another server: its transaction holds the job's lock.
      const other = await database.admin.connect();
      try {
        await other.query("begin");
        await other.query("select pg_advisory_xact_lock(hashtextextended('fhir_export:' || $1::text, 0))", [
          alive,
        ]);
        const restarted = await buildTestApp(database);
        try {
          const rows = async () =>
            (
              await database.admin.query(
                "select id, status, error from fhir_export_jobs where id = any($1)",
                [[dead, alive]],
              )
            ).rows;
          const byId = new Map((await rows()).map((r) => [r.id, r]));
          assert.equal(byId.get(dead).status, "failed");
          assert.match(byId.get(dead).error, /interrupted/);
          assert.equal(byId.get(alive).status, "in-progress", "a job still running elsewhere is kept");
          const status = await call(tok, `/fhir/r4/$export-status/${dead}`, "GET", restarted);
          assert.equal(status.status, 500);
          assert.match(status.body.issue[0].diagnostics, /interrupted/);
          assert.equal((await call(tok, `/fhir/r4/$export-status/${alive}`, "GET", restarted)).status, 202);
        } finally {
          await restarted.close();
        }
        await other.query("commit");
      } finally {
        other.release();
      }
      // Once nothing holds it, the status poll itself finds the job dead.
      const status = await call(tok, `/fhir/r4/$export-status/${alive}`);
      assert.equal(status.status, 500);
      assert.match(status.body.issue[0].diagnostics, /interrupted/);
    });
  });
}
