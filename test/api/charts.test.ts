import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { withClinic } from "../../src/db/pool.ts";
import type { App } from "../../src/server/app.ts";
import { DEMO_TOTP_SECRET } from "../../src/server/demo-seed.ts";
import { currentTotp, hashRecoveryCode } from "../../src/server/security/totp.ts";
import { Client, DEMO, seededApp, signedIn } from "../support/api.ts";
import { databaseTargets, freshDatabase, type TestDatabase } from "../support/db.ts";
import { INTAKE, patientIdOf, signOnTablet } from "./clinical-record-fixtures.ts";

const RECORD_TABLES = [
  "intake_submissions",
  "consultations",
  "treatment_plans",
  "consent_templates",
  "consents",
  "session_charts",
  "chart_addenda",
  "photos",
  "outcome_scores",
];

for (const target of await databaseTargets()) {
  describe(`session chart (${target.name} PostgreSQL)`, () => {
    let database: TestDatabase;
    let app: App;
    let nurse: Client;
    let aesthetician: Client;
    let physician: Client;
    let deviceId: string;
    before(async () => {
      database = await freshDatabase(target);
      app = await seededApp(database);
      nurse = await signedIn(app, DEMO.nurse);
      aesthetician = await signedIn(app, DEMO.aesthetician);
      physician = await signedIn(app, DEMO.physician);
      deviceId = (await database.admin.query("select id from devices order by name limit 1")).rows[0].id;
    });
    after(async () => {
      await app.close();
      await database.drop();
    });

    /** A patient with an intake and a signed consent, ready to chart. */
    async function readyPatient(familyName: string, intake: object = INTAKE): Promise<string> {
      const id = await patientIdOf(nurse, familyName);
      const res = await nurse.post(`/api/patients/${id}/intake`, intake);
      assert.equal(res.status, 201, JSON.stringify(res.body));
      await signOnTablet(nurse, id);
      return id;
    }

    const chartBody = (zones: object[], extra: object = {}) => ({
      checklist: {
        steps: {
          "PROC-CLEANSE": true,
          "PROC-TOPICAL-ANESTHETIC": true,
          "PROC-REMOVE-ANTISEPTIC": true,
          "PROC-GLIDE": true,
        },
        anaesthetic: { product: "lidocaine 4% cream", startedAt: "09:05", endedAt: "09:40" },
      },
      zones,
      deviceId,
      cartridgeLot: "LOT-A1",
      cartridgeExpiry: "2099-12-31",
      postProduct: { productId: "ha-hydrogel", lot: "HG-7" },
      endpoint: "erythema-pinpoint-bleeding",
      adverseEvents: [],
      ...extra,
    });

    const chartRow = async (id: string) =>
      (await database.admin.query("select * from session_charts where id = $1", [id])).rows[0];

    test("a chart cannot start without a current microneedling consent", async () => {
      const id = await patientIdOf(nurse, "Kowalski");
      await nurse.post(`/api/patients/${id}/intake`, INTAKE);
      const res = await nurse.post(`/api/patients/${id}/charts`, {});
      assert.equal(res.status, 409);
      assert.equal(res.body.error, "consent_required");
      assert.equal(
        (await database.admin.query("select count(*)::int as n from session_charts")).rows[0].n,
        0,
      );
    });

    test("charting zone by zone, then signing, locks the chart: the API refuses, the database refuses even the superuser, addenda only", async () => {
      const id = await readyPatient("Fernandes");
      const start = await nurse.post(`/api/patients/${id}/charts`, {});
      assert.equal(start.status, 201, JSON.stringify(start.body));
      assert.equal(start.body.chart.status, "open");
      assert.equal(start.body.chart.rescreenOutcome, "eligible");
      const chartId = start.body.chart.id;

      const early = await nurse.post(`/api/charts/${chartId}/sign`);
      assert.equal(early.status, 409);
      assert.equal(early.body.error, "chart_incomplete");

      const saved = await nurse.request(
        "PUT",
        `/api/charts/${chartId}`,
        chartBody([
          { zone: "cheeks", depthMm: 1.5, passes: 3, pattern: "crosshatch" },
          { zone: "forehead", depthMm: 0.5, passes: 2, pattern: "horizontal" },
        ]),
      );
      assert.equal(saved.status, 200, JSON.stringify(saved.body));
      assert.deepEqual(saved.body.warnings, []);
      const signed = await nurse.post(`/api/charts/${chartId}/sign`);
      assert.equal(signed.status, 200);
      assert.equal(signed.body.chart.status, "signed");

      const edit = await nurse.request("PUT", `/api/charts/${chartId}`, chartBody([]));
      assert.equal(edit.status, 409);
      assert.equal(edit.body.error, "chart_locked");
      await assert.rejects(
        database.admin.query("update session_charts set cartridge_lot = 'X' where id = $1", [chartId]),
        /signed and locked/,
      );
      await assert.rejects(
        database.admin.query("delete from session_charts where id = $1", [chartId]),
        /signed and locked/,
      );
      await assert.rejects(database.admin.query("truncate session_charts cascade"), /cannot be truncated/);
      await assert.rejects(
        withClinic(database.db, { clinicId: (await chartRow(chartId)).clinic_id }, (tx) =>
          tx.query("update session_charts set zones = '[]' where id = $1", [chartId]),
        ),
        /signed and locked/,
      );
      assert.equal((await chartRow(chartId)).cartridge_lot, "LOT-A1");

      const addendum = await nurse.post(`/api/charts/${chartId}/addenda`, {
        text: "Mild swelling reported by phone on day 2.",
      });
      assert.equal(addendum.status, 201);
      await assert.rejects(database.admin.query("update chart_addenda set text = 'x'"), /append-only/);
      const read = await nurse.get(`/api/charts/${chartId}`);
      assert.equal(read.body.addenda.length, 1);
      const actions = (
        await database.admin.query("select action from audit_log where resource_id = $1 order by id", [
          chartId,
        ])
      ).rows.map((r) => r.action);
      assert.deepEqual(actions, [
        "chart.start",
        "chart.update",
        "chart.sign",
        "chart.addendum",
        "chart.read",
      ]);

      // The next chart starts from the last session's settings.
      const recall = await nurse.get("/api/recalls?lot=LOT-A1");
      assert.deepEqual(
        recall.body.charts.map((c: { patientId: string; match: string }) => [c.patientId, c.match]),
        [[id, "cartridge"]],
      );
      assert.equal((await nurse.get("/api/recalls?lot=HG-7")).body.charts[0].match, "product");
    });

    /** An authenticator code of the next 30-second step: the sign-in used the current one. */
    const nextCode = () => currentTotp(DEMO_TOTP_SECRET, Date.now() + 30_000);
    /** A six-digit code that no step near now accepts. */
    const wrongCode = () => {
      const near = new Set(
        [-30_000, 0, 30_000, 60_000].map((d) => currentTotp(DEMO_TOTP_SECRET, Date.now() + d)),
      );
      for (let n = 0; ; n++) {
        const code = String(n).padStart(6, "0");
        if (!near.has(code)) return code;
      }
    };
    const userRow = async (email: string) =>
      (
        await database.admin.query("select id, failed_logins, locked_until from users where email = $1", [
          email,
        ])
      ).rows[0];
    const cosignAudits = async (chartId: string) =>
      (
        await database.admin.query(
          "select detail from audit_log where action = 'chart.cosign_failed' and resource_id = $1 order by id",
          [chartId],
        )
      ).rows.map((r) => r.detail);

    test("depth above the provider's licence is refused unless a supervising physician co-signs with password and second factor", async () => {
      const id = await readyPatient("Hussain");
      const chartId = (await aesthetician.post(`/api/patients/${id}/charts`, {})).body.chart.id;
      const deep = [{ zone: "cheeks", depthMm: 1.0, passes: 2, pattern: "crosshatch" }];
      const refused = await aesthetician.request("PUT", `/api/charts/${chartId}`, chartBody(deep));
      assert.equal(refused.status, 403);
      assert.equal(refused.body.error, "depth_above_licence");
      assert.ok("body.zones[0].depthMm" in refused.body.fields);
      const physicianId = (await userRow(DEMO.physician)).id;

      const byNurse = await aesthetician.request(
        "PUT",
        `/api/charts/${chartId}`,
        chartBody(deep, { cosign: { email: DEMO.nurse, password: DEMO.password, code: nextCode() } }),
      );
      assert.equal(byNurse.status, 403);
      assert.equal(byNurse.body.error, "cosign_refused");

      // The password alone is no longer enough: the second factor is required by the schema.
      const passwordOnly = await aesthetician.request(
        "PUT",
        `/api/charts/${chartId}`,
        chartBody(deep, { cosign: { email: DEMO.physician, password: DEMO.password } }),
      );
      assert.equal(passwordOnly.status, 400);
      assert.ok("body.cosign.code" in passwordOnly.body.fields, JSON.stringify(passwordOnly.body));

      const wrongPassword = await aesthetician.request(
        "PUT",
        `/api/charts/${chartId}`,
        chartBody(deep, {
          cosign: { email: DEMO.physician, password: "not-the-password", code: nextCode() },
        }),
      );
      assert.equal(wrongPassword.status, 403);
      assert.equal(wrongPassword.body.error, "cosign_failed");
      assert.ok("body.cosign.password" in wrongPassword.body.fields);

      const typedCode = wrongCode();
      const wrongFactor = await aesthetician.request(
        "PUT",
        `/api/charts/${chartId}`,
        chartBody(deep, { cosign: { email: DEMO.physician, password: DEMO.password, code: typedCode } }),
      );
      assert.equal(wrongFactor.status, 403);
      assert.equal(wrongFactor.body.error, "cosign_failed");
      assert.deepEqual(Object.keys(wrongFactor.body.fields), ["body.cosign.code"]);
      // Nothing written; both attempts audited (which factor failed, never what was typed) and
      // counted toward the physician's sign-in lockout.
      assert.deepEqual((await chartRow(chartId)).zones, []);
      assert.equal((await chartRow(chartId)).cosigned_by, null);
      const audits = await cosignAudits(chartId);
      assert.deepEqual(
        audits.map((d) => [d.cosignerId, d.factor]),
        [
          [physicianId, "password"],
          [physicianId, "totp"],
        ],
      );
      for (const d of audits) {
        const text = JSON.stringify(d);
        assert.ok(!text.includes("not-the-password") && !text.includes(typedCode) && !text.includes("@"));
      }
      assert.equal((await userRow(DEMO.physician)).failed_logins, 2);

      const code = nextCode();
      const cosigned = await aesthetician.request(
        "PUT",
        `/api/charts/${chartId}`,
        chartBody(deep, { cosign: { email: DEMO.physician, password: DEMO.password, code } }),
      );
      assert.equal(cosigned.status, 200, JSON.stringify(cosigned.body));
      assert.equal(cosigned.body.chart.cosignedBy, physicianId);
      // A co-signature that passed starts the failure count again, as a sign-in does.
      assert.equal((await userRow(DEMO.physician)).failed_logins, 0);
      // The co-signature covers that depth on later saves, but not a deeper one.
      assert.equal(
        (await aesthetician.request("PUT", `/api/charts/${chartId}`, chartBody(deep))).status,
        200,
      );
      const deeperZones = [{ zone: "cheeks", depthMm: 1.25, passes: 2, pattern: "crosshatch" }];
      const deeper = await aesthetician.request("PUT", `/api/charts/${chartId}`, chartBody(deeperZones));
      assert.equal(deeper.status, 403);
      // The same authenticator code does not co-sign twice.
      const replay = await aesthetician.request(
        "PUT",
        `/api/charts/${chartId}`,
        chartBody(deeperZones, { cosign: { email: DEMO.physician, password: DEMO.password, code } }),
      );
      assert.equal(replay.status, 403);
      assert.equal(replay.body.error, "cosign_failed");
      assert.deepEqual((await chartRow(chartId)).zones, deep);

      const audit = await database.admin.query(
        "select detail from audit_log where action = 'chart.update' and resource_id = $1 order by id",
        [chartId],
      );
      assert.equal(audit.rows[0].detail.cosignedBy, physicianId);
      assert.equal(audit.rows[0].detail.cosignFactor, "totp");
    });

    test("another provider cannot edit an open chart, and signing re-checks every depth against the signer's licence", async () => {
      const id = await readyPatient("Okafor");
      const chartId = (await aesthetician.post(`/api/patients/${id}/charts`, {})).body.chart.id;
      const deep = [{ zone: "cheeks", depthMm: 1.0, passes: 2, pattern: "crosshatch" }];
      const shallow = [{ zone: "cheeks", depthMm: 0.5, passes: 2, pattern: "crosshatch" }];
      assert.equal(
        (await aesthetician.request("PUT", `/api/charts/${chartId}`, chartBody(deep))).status,
        403,
      );
      // The nurse's own licence (1.5 mm) does not make the aesthetician's chart deeper.
      const byNurse = await nurse.request("PUT", `/api/charts/${chartId}`, chartBody(deep));
      assert.equal(byNurse.status, 403, JSON.stringify(byNurse.body));
      assert.equal(byNurse.body.error, "not_chart_provider");
      const nurseShallow = await nurse.request("PUT", `/api/charts/${chartId}`, chartBody(shallow));
      assert.equal(nurseShallow.status, 403);
      // A physician supervises: they may edit, but a depth above the charting provider's licence
      // still needs a co-signature with password and second factor.
      const byPhysician = await physician.request("PUT", `/api/charts/${chartId}`, chartBody(deep));
      assert.equal(byPhysician.status, 403, JSON.stringify(byPhysician.body));
      assert.equal(byPhysician.body.error, "depth_above_licence");
      const physicianShallow = await physician.request("PUT", `/api/charts/${chartId}`, chartBody(shallow));
      assert.equal(physicianShallow.status, 200, JSON.stringify(physicianShallow.body));
      const passwordOnly = await physician.request(
        "PUT",
        `/api/charts/${chartId}`,
        chartBody(deep, { cosign: { email: DEMO.physician, password: DEMO.password } }),
      );
      assert.equal(passwordOnly.status, 400);
      assert.ok("body.cosign.code" in passwordOnly.body.fields, JSON.stringify(passwordOnly.body));

      // Whatever wrote 1.0 mm into the chart (here: a change made straight in the database), the
      // 0.5 mm provider's signature is refused while no co-signature covers it.
      await database.admin.query("update session_charts set zones = $2 where id = $1", [
        chartId,
        JSON.stringify(deep),
      ]);
      const sign = await aesthetician.post(`/api/charts/${chartId}/sign`);
      assert.equal(sign.status, 403, JSON.stringify(sign.body));
      assert.equal(sign.body.error, "depth_above_licence");
      assert.ok("chart.zones[0].depthMm" in sign.body.fields);
      assert.equal((await chartRow(chartId)).status, "open");
      // The nurse cannot sign it either: only the charting provider signs.
      assert.equal((await nurse.post(`/api/charts/${chartId}/sign`)).status, 403);

      // (A recovery code: this file's other tests may already have used this step's authenticator code.)
      const recovery = "R3VW-9KQD-T2HM-X8PA";
      await database.admin.query(
        "insert into recovery_codes (clinic_id, user_id, code_hash) select clinic_id, id, $2 from users where email = $1",
        [DEMO.physician, hashRecoveryCode(recovery)],
      );
      const cosigned = await physician.request(
        "PUT",
        `/api/charts/${chartId}`,
        chartBody(deep, {
          cosign: { email: DEMO.physician, password: DEMO.password, recoveryCode: recovery },
        }),
      );
      assert.equal(cosigned.status, 200, JSON.stringify(cosigned.body));
      const signed = await aesthetician.post(`/api/charts/${chartId}/sign`);
      assert.equal(signed.status, 200, JSON.stringify(signed.body));
      assert.equal(signed.body.chart.status, "signed");
      assert.deepEqual((await chartRow(chartId)).cosigned_zones, [{ zone: "cheeks", depthMm: 1.0 }]);
    });

    test("a recovery code co-signs once; repeated wrong codes lock the physician out of co-signing and of sign-in", async () => {
      const id = await readyPatient("Nguyen");
      const chartId = (await aesthetician.post(`/api/patients/${id}/charts`, {})).body.chart.id;
      const physician = await userRow(DEMO.physician);
      const recovery = "K7QX-M2PD-9HTA-W4ZE";
      await database.admin.query(
        "insert into recovery_codes (clinic_id, user_id, code_hash) select clinic_id, id, $2 from users where id = $1",
        [physician.id, hashRecoveryCode(recovery)],
      );
      const deep = [{ zone: "cheeks", depthMm: 1.0, passes: 2, pattern: "crosshatch" }];
      const withRecovery = (zones: object[]) =>
        aesthetician.request(
          "PUT",
          `/api/charts/${chartId}`,
          chartBody(zones, {
            cosign: { email: DEMO.physician, password: DEMO.password, recoveryCode: recovery.toLowerCase() },
          }),
        );
      const first = await withRecovery(deep);
      assert.equal(first.status, 200, JSON.stringify(first.body));
      assert.equal(first.body.chart.cosignedBy, physician.id);
      const again = await withRecovery([{ zone: "cheeks", depthMm: 1.25, passes: 2, pattern: "crosshatch" }]);
      assert.equal(again.status, 403);
      assert.deepEqual(Object.keys(again.body.fields), ["body.cosign.recoveryCode"]);
      assert.equal((await cosignAudits(chartId)).at(-1).factor, "recovery_code");

      // The co-signature's failures and sign-in's share one count: at the threshold the account
      // locks, and then even the right password and code are refused, in both places alike.
      const deeper = [{ zone: "cheeks", depthMm: 1.25, passes: 2, pattern: "crosshatch" }];
      for (let i = (await userRow(DEMO.physician)).failed_logins; i < 10; i++) {
        const res = await aesthetician.request(
          "PUT",
          `/api/charts/${chartId}`,
          chartBody(deeper, {
            cosign: { email: DEMO.physician, password: DEMO.password, code: wrongCode() },
          }),
        );
        assert.equal(res.status, 403);
      }
      assert.ok((await userRow(DEMO.physician)).locked_until !== null);
      const locked = await aesthetician.request(
        "PUT",
        `/api/charts/${chartId}`,
        chartBody(deeper, { cosign: { email: DEMO.physician, password: DEMO.password, code: nextCode() } }),
      );
      assert.equal(locked.status, 403);
      assert.equal(locked.body.error, "cosign_failed");
      assert.equal((await cosignAudits(chartId)).at(-1).factor, "locked");
      const login = await new Client(app).post("/api/auth/login", {
        email: DEMO.physician,
        password: DEMO.password,
      });
      assert.equal(login.status, 401);
      const lockedAudit = await database.admin.query(
        "select count(*)::int as n from audit_log where action = 'auth.locked' and resource_id = $1",
        [physician.id],
      );
      assert.equal(lockedAudit.rows[0].n, 1);
      assert.deepEqual((await chartRow(chartId)).zones, deep);
      await database.admin.query("update users set failed_logins = 0, locked_until = null where id = $1", [
        physician.id,
      ]);
    });

    test("an expired cartridge, a depth over the protocol's zone cap or a prohibited zone are refused and change nothing", async () => {
      const id = await readyPatient("Murphy");
      const chartId = (await physician.post(`/api/patients/${id}/charts`, {})).body.chart.id;
      const before = await chartRow(chartId);
      const ok = [{ zone: "cheeks", depthMm: 1.0, passes: 2, pattern: "crosshatch" }];
      const expired = await physician.request(
        "PUT",
        `/api/charts/${chartId}`,
        chartBody(ok, { cartridgeExpiry: "2020-01-31" }),
      );
      assert.equal(expired.status, 400);
      assert.equal(expired.body.error, "cartridge_expired");
      const overCap = await physician.request(
        "PUT",
        `/api/charts/${chartId}`,
        chartBody([{ zone: "forehead", depthMm: 1.0, passes: 2, pattern: "crosshatch" }]),
      );
      assert.equal(overCap.status, 400);
      assert.ok("body.zones[0].depthMm" in overCap.body.fields);
      const eyelid = await physician.request(
        "PUT",
        `/api/charts/${chartId}`,
        chartBody([{ zone: "eyelid", depthMm: 0.25, passes: 1, pattern: "crosshatch" }]),
      );
      assert.equal(eyelid.status, 400);
      assert.ok("body.zones[0].zone" in eyelid.body.fields);
      const bad = await physician.request(
        "PUT",
        `/api/charts/${chartId}`,
        chartBody(ok, { endpoint: "sparkles" }),
      );
      assert.equal(bad.status, 400);
      assert.deepEqual(await chartRow(chartId), before);

      const serum = await physician.request(
        "PUT",
        `/api/charts/${chartId}`,
        chartBody(ok, { postProduct: { productId: "vitamin-c-serum", lot: null } }),
      );
      assert.equal(serum.status, 200);
      assert.match(serum.body.warnings[0], /granulomatous/);
    });

    test("the day-of re-screen stops the session for a new anticoagulant or a cold sore today", async () => {
      const id = await readyPatient("Schmidt");
      const anticoagulant = await nurse.post(`/api/patients/${id}/charts`, {
        changes: {
          newMedications: [
            { ingredient: "apixaban", route: "oral", prescribed: true, ongoing: true, lastTaken: null },
          ],
        },
      });
      assert.equal(anticoagulant.status, 201);
      assert.equal(anticoagulant.body.chart.status, "stopped");
      assert.notEqual(anticoagulant.body.chart.rescreenOutcome, "eligible");
      assert.ok(
        anticoagulant.body.chart.rescreen.decision.reasons.includes("CI-ANTITHROMBOTIC"),
        JSON.stringify(anticoagulant.body.chart.rescreen.decision),
      );
      // The patient is told to keep taking it, never to stop it.
      assert.deepEqual(anticoagulant.body.chart.rescreen.decision.prepInstructions, [
        "PREP-ANTITHROMBOTIC-DO-NOT-STOP",
      ]);
      const save = await nurse.request(
        "PUT",
        `/api/charts/${anticoagulant.body.chart.id}`,
        chartBody([{ zone: "cheeks", depthMm: 1.0, passes: 2, pattern: "crosshatch" }]),
      );
      assert.equal(save.status, 409);
      assert.equal(save.body.error, "session_stopped");
      const med = await database.admin.query(
        "select source from patient_medications where patient_id = $1 and ingredient = 'apixaban'",
        [id],
      );
      assert.deepEqual(med.rows, [{ source: "staff" }]);

      const other = await readyPatient("Lindqvist");
      const coldSore = await nurse.post(`/api/patients/${other}/charts`, {
        changes: {
          newConditions: [{ conditionId: "herpes-labialis", status: "active", inTreatmentArea: true }],
        },
      });
      assert.equal(coldSore.body.chart.status, "stopped");
      const bad = await nurse.post(`/api/patients/${other}/charts`, {
        changes: { newConditions: [{ conditionId: "werewolf", status: "active", inTreatmentArea: true }] },
      });
      assert.equal(bad.status, 400);
      assert.ok(Object.keys(bad.body.fields).some((f) => f.startsWith("body.changes.newConditions[0]")));
    });

    test("front desk and patients cannot chart; a chart of another clinic's patient is not found", async () => {
      const desk = await signedIn(app, DEMO.desk);
      const id = await patientIdOf(desk, "Martin");
      assert.equal((await desk.post(`/api/patients/${id}/charts`, {})).status, 403);
      const patient = await signedIn(app, DEMO.patient);
      assert.equal((await patient.get(`/api/patients/${id}/charts`)).status, 403);
      const owner = await signedIn(app, DEMO.owner);
      assert.equal((await owner.post(`/api/patients/${id}/charts`, {})).status, 403);
      assert.equal(
        (await nurse.post("/api/patients/00000000-0000-4000-8000-000000000000/charts", {})).status,
        404,
      );
    });

    test("row-level security on every clinical-record table: another clinic sees and writes none of these rows", async () => {
      const other = (
        await database.admin.query(
          "insert into clinics (slug, name, time_zone) values ('other', 'Other', 'UTC') returning id",
        )
      ).rows[0].id;
      const demo = (await database.admin.query("select id from clinics where slug = 'demo'")).rows[0].id;
      for (const table of RECORD_TABLES) {
        const rls = await database.admin.query(
          "select c.relrowsecurity as on, exists (select 1 from pg_policies p where p.tablename = c.relname) as policy from pg_class c where relname = $1",
          [table],
        );
        assert.deepEqual(rls.rows[0], { on: true, policy: true }, table);
        const seen = await withClinic(
          database.db,
          { clinicId: other },
          async (tx) => (await tx.query(`select count(*)::int as n from ${table}`)).rows[0].n,
        );
        assert.equal(seen, 0, table);
        const own = await withClinic(
          database.db,
          { clinicId: demo },
          async (tx) => (await tx.query(`select count(*)::int as n from ${table}`)).rows[0].n,
        );
        const all = (await database.admin.query(`select count(*)::int as n from ${table}`)).rows[0].n;
        assert.equal(own, all, table);
      }
      await assert.rejects(
        withClinic(database.db, { clinicId: other }, (tx) =>
          tx.query(
            "insert into consent_templates (clinic_id, kind, version, title, body) values ($1, 'photo', 9, 't', 'b')",
            [demo],
          ),
        ),
        /row-level security/,
      );
    });
  });
}
