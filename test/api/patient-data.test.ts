import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { promisify } from "node:util";
import sharp from "sharp";
import { Temporal } from "temporal-polyfill";
import type { App } from "../../src/server/app.ts";
import { erasureDecision } from "../../src/server/services/patient-data-rights.service.ts";
import { Client, DEMO, type Response, seededApp, signedIn } from "../support/api.ts";
import { databaseTargets, freshDatabase, type TestDatabase } from "../support/db.ts";
import { INTAKE, patientIdOf, signOnTablet } from "./clinical-record-fixtures.ts";

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, "../..");

test("erasure becomes possible on the day the retention period ends, not a day before", () => {
  const cases: [string | null, string, number, boolean, string | null][] = [
    ["2015-06-01", "2025-05-31", 10, false, "2025-06-01"],
    ["2015-06-01", "2025-06-01", 10, true, "2025-06-01"],
    ["2016-02-29", "2026-02-27", 10, false, "2026-02-28"],
    ["2016-02-29", "2026-02-28", 10, true, "2026-02-28"],
    ["2024-12-31", "2024-12-31", 0, true, "2024-12-31"],
    [null, "2024-01-01", 10, true, null],
  ];
  for (const [last, today, years, now, on] of cases) {
    const d = erasureDecision(last, today, years);
    assert.equal(d.erasableNow, now, `${last} + ${years}y on ${today}`);
    assert.equal(d.erasableOn, on);
  }
});

async function jpeg(): Promise<Buffer> {
  return sharp({ create: { width: 600, height: 800, channels: 3, background: { r: 200, g: 150, b: 120 } } })
    .jpeg()
    .toBuffer();
}

async function upload(client: Client, url: string, bytes: Buffer): Promise<Response> {
  if (!client.csrf) client.csrf = (await client.get("/api/auth/csrf")).body.csrfToken;
  const res = await client.app.inject({
    method: "POST",
    url,
    headers: {
      cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join("; "),
      "x-csrf-token": client.csrf!,
      "content-type": "image/jpeg",
    },
    payload: bytes,
  });
  return { status: res.statusCode, body: res.json(), headers: res.headers };
}

async function filesUnder(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir, { recursive: true, withFileTypes: true }))
      .filter((e) => e.isFile())
      .map((e) => path.join(e.parentPath, e.name));
  } catch {
    return [];
  }
}

for (const target of await databaseTargets()) {
  describe(`patient data rights (${target.name} PostgreSQL)`, () => {
    let database: TestDatabase;
    let app: App;
    /** The same database served with a retention period of 0 years: every record is past it. */
    let expiredApp: App;
    let photoDir: string;
    let owner: Client;
    /** The owner's session, on the app whose retention period has run out. */
    let expired: Client;
    let desk: Client;
    let nurse: Client;
    let foreignPatient: string;

    before(async () => {
      database = await freshDatabase(target);
      photoDir = await mkdtemp(path.join(tmpdir(), "remodel-rights-photos-"));
      app = await seededApp(database, { REMODEL_PHOTO_DIR: photoDir });
      const { buildTestApp } = await import("../support/api.ts");
      expiredApp = await buildTestApp(database, { REMODEL_PHOTO_DIR: photoDir, RECORD_RETENTION_YEARS: "0" });
      owner = await signedIn(app, DEMO.owner);
      // The same session in the other app (both read one database): no second code is needed.
      expired = new Client(expiredApp);
      for (const [k, v] of owner.cookies) expired.cookies.set(k, v);
      desk = await signedIn(app, DEMO.desk);
      nurse = await signedIn(app, DEMO.nurse);
      const q = async (sql: string, p: unknown[] = []) => (await database.admin.query(sql, p)).rows[0];
      const clinic = await q(
        "insert into clinics (slug, name, time_zone) values ('other-rights', 'Other', 'Europe/Paris') returning id",
      );
      foreignPatient = (
        await q(
          "insert into patients (clinic_id, given_name, family_name, date_of_birth, sex) values ($1, 'Zed', 'Elsewhere', '1970-05-05', 'male') returning id",
          [clinic.id],
        )
      ).id;
    });
    after(async () => {
      await app.close();
      await expiredApp.close();
      await database.drop();
      await rm(photoDir, { recursive: true, force: true });
    });

    const audits = async (action: string, id: string) =>
      (
        await database.admin.query(
          "select count(*)::int as n from audit_log where action = $1 and resource_id = $2",
          [action, id],
        )
      ).rows[0].n as number;

    const chainOk = async () => {
      const { rows } = await database.admin.query(
        "select v.broken_seq from clinics c, audit_chain_verify(c.id) v where c.slug = 'demo'",
      );
      return rows[0].broken_seq === null;
    };

    /** A patient with intake, consents, a signed chart with an addendum and a photo. */
    async function fullRecord(familyName: string): Promise<{ id: string; chartId: string }> {
      const id = await patientIdOf(nurse, familyName);
      assert.equal((await nurse.post(`/api/patients/${id}/intake`, INTAKE)).status, 201);
      await signOnTablet(nurse, id);
      await signOnTablet(nurse, id, "photo", "marketing");
      const start = await nurse.post(`/api/patients/${id}/charts`, {});
      assert.equal(start.status, 201, JSON.stringify(start.body));
      const chartId = start.body.chart.id;
      const device = (await database.admin.query("select id from devices order by name limit 1")).rows[0].id;
      const saved = await nurse.request("PUT", `/api/charts/${chartId}`, {
        checklist: {
          steps: {
            "PROC-CLEANSE": true,
            "PROC-TOPICAL-ANESTHETIC": true,
            "PROC-REMOVE-ANTISEPTIC": true,
            "PROC-GLIDE": true,
          },
        },
        zones: [{ zone: "cheeks", depthMm: 1, passes: 2, pattern: "crosshatch" }],
        deviceId: device,
        cartridgeLot: "LOT-R1",
        cartridgeExpiry: "2099-12-31",
        postProduct: null,
        endpoint: "erythema",
        adverseEvents: [
          { kind: "swelling", severity: "mild", action: "Called Jane at home on 0770 900 123" },
        ],
      });
      assert.equal(saved.status, 200, JSON.stringify(saved.body));
      assert.equal((await nurse.post(`/api/charts/${chartId}/sign`)).status, 200);
      const addendum = await nurse.post(`/api/charts/${chartId}/addenda`, {
        text: "Patient phoned: all well.",
      });
      assert.equal(addendum.status, 201, JSON.stringify(addendum.body));
      const photo = await upload(
        nurse,
        `/api/patients/${id}/photos?view=front&chartId=${chartId}`,
        await jpeg(),
      );
      assert.equal(photo.status, 201, JSON.stringify(photo.body));
      return { id, chartId };
    }

    test("the owner exports everything about one patient; the export is audited; others are refused", async () => {
      const { id } = await fullRecord("Martin");
      await owner.get(`/api/patients/${id}`);
      const res = await owner.get(`/api/patients/${id}/export`);
      assert.equal(res.status, 200, JSON.stringify(res.body).slice(0, 300));
      assert.match(String(res.headers["content-disposition"]), /attachment/);
      const x = res.body;
      assert.equal(x.format, "remodel-patient-export/1");
      assert.equal(x.patient.given_name, "Ava");
      assert.equal(x.patient.family_name, "Martin");
      assert.ok(x.intakeSubmissions.length >= 1);
      assert.equal(x.consents.length, 2);
      assert.ok(Buffer.from(x.consents[0].pdf_base64, "base64").subarray(0, 5).toString() === "%PDF-");
      assert.equal(x.charts.length, 1);
      assert.equal(x.charts[0].zones[0].zone, "cheeks");
      assert.equal(x.chartAddenda.length, 1);
      assert.equal(x.photos.length, 1);
      assert.ok(x.appointments.length > 0, "the demo appointments");
      assert.ok(x.portalAccounts.length === 1 && !("password_hash" in x.portalAccounts[0]));
      const actions = new Set(x.auditEntries.map((e: { action: string }) => e.action));
      for (const a of ["patient.read", "chart.sign", "consent.sign"])
        assert.ok(
          [...actions].some((b) => String(b).startsWith(a.split(".")[0]!)),
          `audit ${a} in the export`,
        );
      assert.equal(await audits("patient.export", id), 1);

      assert.equal((await desk.get(`/api/patients/${id}/export`)).status, 403);
      assert.equal((await nurse.get(`/api/patients/${id}/export`)).status, 403);
      const foreign = await owner.get(`/api/patients/${foreignPatient}/export`);
      assert.equal(foreign.status, 404);
      assert.doesNotMatch(JSON.stringify(foreign.body), /Elsewhere|Zed/);
    });

    test("within the retention period erasure is refused with the date it becomes possible, and nothing changes", async () => {
      const id = await patientIdOf(desk, "Martin");
      const before = (await database.admin.query("select * from patients where id = $1", [id])).rows[0];
      const res = await owner.post(`/api/patients/${id}/erasure`);
      assert.equal(res.status, 409);
      assert.equal(res.body.error, "retention_period");
      const status = (await owner.get(`/api/patients/${id}/data-rights`)).body;
      assert.equal(status.erasableNow, false);
      assert.equal(status.retentionYears, 10);
      const expected = Temporal.PlainDate.from(status.lastClinicalRecordOn).add({ years: 10 }).toString();
      assert.equal(status.erasableOn, expected);
      assert.ok(res.body.message.includes(`possible from ${expected}`), res.body.message);
      assert.ok(res.body.message.includes("restricted"), "points to restriction meanwhile");
      const afterRow = (await database.admin.query("select * from patients where id = $1", [id])).rows[0];
      assert.deepEqual(afterRow, before);
      assert.equal(await audits("patient.erasure_refused", id), 1);
    });

    test("restricting processing hides the patient, cancels upcoming visits, blocks bookings; lifting restores", async () => {
      const id = await patientIdOf(desk, "Martin");
      const total = (await desk.get("/api/patients")).body.total as number;
      const upcoming = (
        await database.admin.query(
          "select count(*)::int as n from appointments where patient_id = $1 and status = 'booked' and starts_at > now()",
          [id],
        )
      ).rows[0].n as number;
      const res = await owner.post(`/api/patients/${id}/restriction`);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.ok(res.body.processingRestrictedAt);
      assert.equal(res.body.appointmentsCancelled.length, upcoming);

      const list = await desk.get("/api/patients");
      assert.equal(list.body.total, total - 1);
      assert.ok(!list.body.patients.some((p: { id: string }) => p.id === id));
      assert.equal((await desk.get(`/api/patients/${id}`)).status, 404);
      const setup = (await desk.get("/api/setup")).body;
      const consultation = setup.appointmentTypes.find((t: { kind: string }) => t.kind === "consultation").id;
      const day = Temporal.Now.plainDateISO("Europe/London").add({ days: 14 });
      const booking = await desk.post("/api/appointments", {
        patientId: id,
        typeId: consultation,
        startsAt: day
          .toZonedDateTime({ timeZone: "Europe/London", plainTime: "10:00" })
          .toInstant()
          .toString(),
      });
      assert.ok(booking.status >= 400 && booking.status < 500, `booking refused: ${booking.status}`);
      await assert.rejects(
        database.admin.query(
          `insert into appointments (clinic_id, location_id, patient_id, type_id, starts_at, ends_at)
           select clinic_id, (select id from locations limit 1), id, $2, now() + interval '30 days', now() + interval '30 days 30 minutes'
           from patients where id = $1`,
          [id, consultation],
        ),
        /may not be processed/,
      );
      assert.equal(
        (
          await database.admin.query(
            "select count(*)::int as n from outbox where patient_id = $1 and sent_at is null and withdrawn_at is null",
            [id],
          )
        ).rows[0].n,
        0,
      );
      // Still exportable by the owner: the right of access outlives a restriction.
      assert.equal((await owner.get(`/api/patients/${id}/export`)).status, 200);
      assert.equal(await audits("patient.restrict", id), 1);

      const lifted = await owner.request("DELETE", `/api/patients/${id}/restriction`);
      assert.equal(lifted.status, 200);
      assert.equal((await desk.get(`/api/patients/${id}`)).status, 200);
      assert.equal((await desk.get("/api/patients")).body.total, total);
      assert.equal(await audits("patient.restriction_lifted", id), 1);
      assert.equal((await desk.post(`/api/patients/${id}/restriction`)).status, 403);
    });

    test("a failure during anonymisation leaves the record exactly as it was", async () => {
      const { id } = await fullRecord("Fernandes");
      const snapshot = async () =>
        (
          await database.admin.query(
            `select (select to_jsonb(p) from patients p where id = $1) as p,
                    (select jsonb_agg(typed_name order by id) from consents where patient_id = $1) as c,
                    (select count(*) from audit_log where resource_id = $2 and action = 'patient.anonymise') as a`,
            [id, id],
          )
        ).rows[0];
      const before = await snapshot();
      const files = await filesUnder(photoDir);
      await database.admin.query(`create function t_fail() returns trigger language plpgsql as $$
        begin raise exception 'simulated failure'; end $$`);
      await database.admin.query(
        "create trigger t_fail before update on check_ins for each statement execute function t_fail()",
      );
      try {
        const res = await expired.post(`/api/patients/${id}/erasure`);
        assert.ok(res.status >= 500, `the injected fault surfaces: ${res.status}`);
      } finally {
        await database.admin.query("drop trigger t_fail on check_ins; drop function t_fail()");
      }
      assert.deepEqual(await snapshot(), before);
      assert.deepEqual(await filesUnder(photoDir), files, "no photo file deleted");
    });

    test("after the retention period erasure anonymises: identity gone, clinical rows kept, photo files deleted, audit chain intact", async () => {
      const { id, chartId } = await fullRecord("Fernandes");
      const count = async (table: string, col = "patient_id") =>
        (await database.admin.query(`select count(*)::int as n from ${table} where ${col} = $1`, [id]))
          .rows[0].n as number;
      // Records added after anonymisation was first written: each keeps its structure and loses
      // its free text. (Written as the schema owner: they come from other screens' tests.)
      const sql = (text: string, values: unknown[] = []) => database.admin.query(text, values);
      await sql(
        `insert into patient_allergies (clinic_id, patient_id, label, clinical_status, verification_status, source, source_ref)
         select clinic_id, id, 'Reacts to the cat Biscuit at Jane''s', 'active', 'confirmed', 'fhir', 'AllergyIntolerance/x1'
         from patients where id = $1`,
        [id],
      );
      await sql(
        `insert into booking_requests (clinic_id, patient_id, self_check)
         select clinic_id, id, '{"outcome":"eligible","answers":{"note":"Fernandes here"}}' from patients where id = $1`,
        [id],
      );
      const clearance = (
        await sql(
          `insert into screenings (clinic_id, patient_id, protocol_version_id, protocol_version, screening_date,
             requested_appointment, outcome, deferral, requires_review, input, output, screened_by)
           select p.clinic_id, p.id, v.id, v.version, current_date, current_date,
             'needs-physician-clearance', 'none', false, '{}', '{}', u.id
           from patients p
           join protocol_versions v on v.clinic_id = p.clinic_id
           join users u on u.clinic_id = p.clinic_id and u.credential = 'physician'
           where p.id = $1 limit 1 returning id`,
          [id],
        )
      ).rows[0].id as string;
      await sql(
        `insert into clearance_grants (clinic_id, patient_id, screening_id, granted_by, granted_on, reasons, note,
           protocol_version, decision)
         select s.clinic_id, s.patient_id, s.id, u.id, current_date, '{CI-ANTITHROMBOTIC}',
           'Spoke to Mrs Fernandes'' GP', s.protocol_version, s.output
         from screenings s join users u on u.clinic_id = s.clinic_id and u.credential = 'physician'
         where s.id = $1 limit 1`,
        [clearance],
      );
      const removedPhoto = (
        await sql("select id from photos where patient_id = $1 order by created_at limit 1", [id])
      ).rows[0].id as string;
      const removal = await nurse.request("DELETE", `/api/photos/${removedPhoto}`, {
        reason: "Blurred; Fernandes asked for a retake",
      });
      assert.equal(removal.status, 200, JSON.stringify(removal.body));

      const tables = [
        "intake_submissions",
        "consents",
        "session_charts",
        "photos",
        "appointments",
        "screenings",
      ];
      const rowsBefore = Object.fromEntries(await Promise.all(tables.map(async (t) => [t, await count(t)])));
      const dob = (await database.admin.query("select date_of_birth from patients where id = $1", [id]))
        .rows[0].date_of_birth as string;
      const keys = (
        await database.admin.query("select storage_key, thumb_key from photos where patient_id = $1", [id])
      ).rows[0];
      await readFile(path.join(photoDir, keys.storage_key));

      assert.equal(
        (await owner.post(`/api/patients/${id}/erasure`)).status,
        409,
        "the 10-year app still refuses",
      );
      const res = await expired.post(`/api/patients/${id}/erasure`);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.body.outcome, "anonymised");
      // A removed photo's files are deleted again: a removal whose own deletion failed is swept here.
      assert.equal(res.body.photoFilesDeleted, 2 * rowsBefore.photos, "each photo and its thumbnail");

      const p = (await database.admin.query("select * from patients where id = $1", [id])).rows[0];
      assert.equal(p.given_name, "Anonymised");
      assert.equal(p.family_name, "Patient");
      assert.equal(p.email, null);
      assert.equal(p.phone, null);
      assert.equal(p.date_of_birth, `${dob.slice(0, 4)}-01-01`);
      assert.ok(p.anonymised_at);
      const rowsAfter = Object.fromEntries(await Promise.all(tables.map(async (t) => [t, await count(t)])));
      assert.deepEqual(rowsAfter, rowsBefore, "every clinical row is kept");
      assert.equal(await count("patient_identifiers"), 0);
      assert.equal(await count("outbox"), 0);

      const consents = (await database.admin.query("select * from consents where patient_id = $1", [id]))
        .rows;
      for (const c of consents) {
        assert.equal(c.typed_name, "Anonymised");
        assert.equal(c.pdf.length, 0);
      }
      const chart = (await database.admin.query("select * from session_charts where id = $1", [chartId]))
        .rows[0];
      assert.equal(chart.status, "signed");
      assert.equal(chart.zones[0].zone, "cheeks", "the clinical content stays");
      assert.equal(chart.adverse_events[0].kind, "swelling");
      assert.equal(chart.adverse_events[0].action, null, "free text cleared");
      // The anonymised record still opens: the chart's answer allows for the text cleared from it.
      const read = await owner.get(`/api/charts/${chartId}`);
      assert.equal(read.status, 200, JSON.stringify(read.body));
      assert.equal(read.body.chart.adverseEvents[0].kind, "swelling");
      assert.equal(read.body.chart.adverseEvents[0].action, null);
      const addendum = (
        await database.admin.query("select text from chart_addenda where chart_id = $1", [chartId])
      ).rows[0];
      assert.doesNotMatch(addendum.text, /phoned/);
      const later = (
        await sql(
          `select (select jsonb_agg(jsonb_build_array(label, source_ref)) from patient_allergies where patient_id = $1) as allergies,
                  (select jsonb_agg(self_check) from booking_requests where patient_id = $1) as requests,
                  (select jsonb_agg(jsonb_build_array(note, reasons)) from clearance_grants where patient_id = $1) as grants,
                  (select jsonb_agg(removal_reason) from photos where patient_id = $1 and removed_at is not null) as removals`,
          [id],
        )
      ).rows[0];
      assert.deepEqual(
        later.allergies,
        [["unnamed allergy", null]],
        "allergy kept, its wording and source id gone",
      );
      assert.deepEqual(later.requests, [null], "the self-check sent with a booking is gone");
      assert.equal(later.grants.length, 1, "the clearance grant is kept");
      assert.deepEqual(later.grants[0][1], ["CI-ANTITHROMBOTIC"]);
      assert.doesNotMatch(later.grants[0][0], /Fernandes/);
      assert.equal(later.removals.length, 1);
      assert.doesNotMatch(later.removals[0], /Fernandes/);
      await assert.rejects(
        sql("update clearance_grants set note = 'X' where patient_id = $1", [id]),
        /append-only/,
        "the grant is append-only again afterwards",
      );
      await assert.rejects(readFile(path.join(photoDir, keys.storage_key)), /ENOENT/);
      await assert.rejects(readFile(path.join(photoDir, keys.thumb_key)), /ENOENT/);
      const account = (await database.admin.query("select * from users where patient_id = $1", [id])).rows;
      for (const u of account) {
        assert.ok(u.disabled_at);
        assert.equal(u.password_hash, null);
        assert.doesNotMatch(u.email, /fernandes/i);
      }

      // The signed chart is locked again once the anonymisation is over, for the superuser too.
      await assert.rejects(
        database.admin.query("update session_charts set cartridge_lot = 'X' where id = $1", [chartId]),
        /signed and locked/,
      );
      await assert.rejects(
        database.admin.query("update consents set typed_name = 'X' where patient_id = $1", [id]),
        /append-only/,
      );
      assert.equal(await audits("patient.anonymise", id), 1);
      assert.ok(await chainOk(), "the audit chain still verifies");
      assert.equal((await desk.get(`/api/patients/${id}`)).status, 404, "hidden from staff");
      const again = await expired.post(`/api/patients/${id}/erasure`);
      assert.equal(again.status, 409);
      assert.equal(again.body.error, "anonymised");
      const exported = await expired.get(`/api/patients/${id}/export`);
      assert.equal(exported.status, 200);
      assert.doesNotMatch(JSON.stringify(exported.body), /Fernandes/);
    });

    test("another clinic's patient is 404 for every data-rights request, and nothing of it changes", async () => {
      const before = (await database.admin.query("select * from patients where id = $1", [foreignPatient]))
        .rows[0];
      for (const [method, url] of [
        ["GET", "export"],
        ["GET", "data-rights"],
        ["POST", "restriction"],
        ["DELETE", "restriction"],
        ["POST", "erasure"],
      ] as const) {
        const res = await expired.request(
          method,
          `/api/patients/${foreignPatient}/${url}`,
          method === "GET" ? undefined : {},
        );
        assert.equal(res.status, 404, `${method} ${url}`);
      }
      assert.deepEqual(
        (await database.admin.query("select * from patients where id = $1", [foreignPatient])).rows[0],
        before,
      );
    });

    test("the command line exports one patient to a file and reports the retention date on erasure", async () => {
      const id = await patientIdOf(desk, "Martin");
      const dir = await mkdtemp(path.join(tmpdir(), "remodel-rights-cli-"));
      try {
        const file = path.join(dir, "ava.json");
        const env = {
          ...process.env,
          DATABASE_URL: database.adminUrl,
          REMODEL_DEMO: "0",
          LOG_LEVEL: "silent",
        };
        const out = await run(
          path.join(ROOT, "bin/remodel"),
          ["patient-data", "export", "--clinic", "demo", "--patient", id, file],
          { env },
        );
        assert.match(out.stdout, /wrote .*ava\.json/);
        const data = JSON.parse(await readFile(file, "utf8"));
        assert.equal(data.patient.id, id);
        assert.equal(data.patient.family_name, "Martin");
        const erase = await run(
          path.join(ROOT, "bin/remodel"),
          ["patient-data", "erase", "--clinic", "demo", "--patient", id],
          { env },
        ).then(
          () => ({ code: 0, stderr: "" }),
          (e: { code: number; stderr: string }) => e,
        );
        assert.equal(erase.code, 1);
        assert.match(erase.stderr, /erasure is possible from \d{4}-\d{2}-\d{2}/);
        const cliAudit = await database.admin.query(
          "select actor_role, user_agent from audit_log where action = 'patient.export' and resource_id = $1 and actor_role = 'cli'",
          [id],
        );
        assert.equal(cliAudit.rows.length, 1);
        const unknown = await run(
          path.join(ROOT, "bin/remodel"),
          ["patient-data", "export", "--clinic", "demo", "--patient", foreignPatient, file],
          { env },
        ).then(
          () => ({ code: 0, stderr: "" }),
          (e: { code: number; stderr: string }) => e,
        );
        assert.equal(unknown.code, 2);
        assert.match(unknown.stderr, /patient not found/);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });
  });
}
