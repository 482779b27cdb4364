import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { App } from "../../src/server/app.ts";
import { type Client, DEMO, seededApp, signedIn } from "../support/api.ts";
import { databaseTargets, freshDatabase, type TestDatabase } from "../support/db.ts";
import { INTAKE, patientIdOf } from "./clinical-record-fixtures.ts";

for (const target of await databaseTargets()) {
  describe(`outcome scores (${target.name} PostgreSQL)`, () => {
    let database: TestDatabase;
    let app: App;
    let physician: Client;
    let patient: Client;
    let ava: string;
    let planId: string;
    let otherPlan: string;
    before(async () => {
      database = await freshDatabase(target);
      app = await seededApp(database);
      physician = await signedIn(app, DEMO.physician);
      patient = await signedIn(app, DEMO.patient);
      const planFor = async (familyName: string) => {
        const id = await patientIdOf(physician, familyName);
        assert.equal((await physician.post(`/api/patients/${id}/intake`, INTAKE)).status, 201);
        const consult = await physician.post(`/api/patients/${id}/consultations`, { goodmanBaronGrade: 3 });
        assert.equal(consult.status, 201, JSON.stringify(consult.body));
        const plan = await physician.post(`/api/consultations/${consult.body.consultation.id}/plans`, {});
        assert.equal(plan.status, 201, JSON.stringify(plan.body));
        return { id, planId: plan.body.plan.id as string };
      };
      ({ id: ava, planId } = await planFor("Martin"));
      otherPlan = (await planFor("Okafor")).planId;
    });
    after(async () => {
      await app.close();
      await database.drop();
    });

    const count = async () =>
      (await database.admin.query("select count(*)::int as n from outcome_scores")).rows[0].n as number;

    test("the scales and their ranges are the protocol's", async () => {
      const res = await patient.get("/api/outcome-scales");
      assert.equal(res.status, 200);
      const ids = res.body.scales.map((s: { id: string }) => s.id);
      for (const id of [
        "goodman-baron-qualitative",
        "goodman-baron-quantitative",
        "gais",
        "patient-satisfaction",
      ]) {
        assert.ok(ids.includes(id), id);
      }
      assert.ok(!ids.includes("fitzpatrick"));
    });

    test("a clinician records Goodman & Baron and GAIS over a plan; the trend shows the change", async () => {
      const rows: [string, "clinician" | "patient", number, string][] = [
        ["goodman-baron-qualitative", "clinician", 3, "2025-01-10"],
        ["goodman-baron-quantitative", "clinician", 24, "2025-01-10"],
        ["goodman-baron-qualitative", "clinician", 2, "2025-04-10"],
        ["goodman-baron-quantitative", "clinician", 14, "2025-04-10"],
        ["gais", "clinician", 2, "2025-04-10"],
        ["gais", "patient", 3, "2025-04-10"],
      ];
      for (const [scaleId, rater, value, recordedOn] of rows) {
        const res = await physician.post(`/api/patients/${ava}/outcomes`, {
          scaleId,
          rater,
          value,
          planId,
          recordedOn,
        });
        assert.equal(res.status, 201, JSON.stringify(res.body));
        assert.ok(res.body.score.protocolVersion);
      }
      const res = await physician.get(`/api/patients/${ava}/outcomes?planId=${planId}`);
      assert.equal(res.status, 200);
      assert.equal(res.body.scores.length, rows.length);
      const quant = res.body.trend.find(
        (t: { scaleId: string }) => t.scaleId === "goodman-baron-quantitative",
      );
      assert.deepEqual(
        quant.points.map((p: { value: number }) => p.value),
        [24, 14],
      );
      assert.equal(quant.direction, "better");
      assert.equal(quant.change, 10);
      const audit = await database.admin.query(
        "select count(*)::int as n from audit_log where action = 'outcome.record'",
      );
      assert.equal(audit.rows[0].n, rows.length);
    });

    test("out-of-range values, wrong raters, unknown scales, foreign plans and future dates are refused, naming the field", async () => {
      const before = await count();
      const cases: [object, string][] = [
        [{ scaleId: "gais", rater: "clinician", value: 6, planId }, "body.value"],
        [{ scaleId: "gais", rater: "clinician", value: 0, planId }, "body.value"],
        [{ scaleId: "goodman-baron-qualitative", rater: "clinician", value: 2.5, planId }, "body.value"],
        [{ scaleId: "goodman-baron-quantitative", rater: "clinician", value: 85, planId }, "body.value"],
        [{ scaleId: "goodman-baron-qualitative", rater: "patient", value: 2, planId }, "body.rater"],
        [{ scaleId: "patient-satisfaction", rater: "clinician", value: 4, planId }, "body.rater"],
        [{ scaleId: "fitzpatrick", rater: "clinician", value: 2, planId }, "body.scaleId"],
        [{ scaleId: "gais", rater: "clinician", value: 2, planId: otherPlan }, "body.planId"],
        [{ scaleId: "gais", rater: "clinician", value: 2 }, "body.planId"],
        [
          { scaleId: "gais", rater: "clinician", value: 2, planId, recordedOn: "2999-01-01" },
          "body.recordedOn",
        ],
        [{ scaleId: "gais", rater: "clinician", value: 2, planId, extra: 1 }, "body.extra"],
      ];
      for (const [body, field] of cases) {
        const res = await physician.post(`/api/patients/${ava}/outcomes`, body);
        assert.equal(res.status, 400, `${JSON.stringify(body)}: ${res.status}`);
        assert.ok(
          res.body.fields?.[field],
          `${JSON.stringify(body)} names ${field}: ${JSON.stringify(res.body)}`,
        );
      }
      assert.equal(await count(), before, "nothing recorded");
    });

    test("the patient rates GAIS and satisfaction in the portal and sees only their own self-ratings", async () => {
      const res = await patient.post("/api/portal/outcomes", {
        scaleId: "patient-satisfaction",
        value: 4,
        planId,
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      assert.equal(res.body.score.rater, "patient");
      const asClinician = await patient.post("/api/portal/outcomes", {
        scaleId: "gais",
        value: 2,
        planId,
        rater: "clinician",
      });
      assert.equal(asClinician.status, 400);
      assert.ok(asClinician.body.fields["body.rater"]);
      const notMine = await patient.post("/api/portal/outcomes", {
        scaleId: "gais",
        value: 2,
        planId: otherPlan,
      });
      assert.equal(notMine.status, 400);
      const mine = await patient.get(`/api/portal/outcomes?planId=${planId}`);
      assert.equal(mine.status, 200);
      assert.ok(mine.body.scores.length >= 2);
      assert.ok(
        mine.body.scores.every(
          (s: { rater: string; patientId: string }) => s.rater === "patient" && s.patientId === ava,
        ),
      );
      assert.equal((await patient.get(`/api/patients/${ava}/outcomes`)).status, 403);
    });

    test("a recorded score is never edited, not even by the schema owner", async () => {
      await assert.rejects(database.admin.query("update outcome_scores set value = 1"), /append-only/);
      await assert.rejects(database.admin.query("delete from outcome_scores"), /append-only/);
    });

    test("front desk and other clinics' patients get nothing", async () => {
      const desk = await signedIn(app, DEMO.desk);
      assert.equal((await desk.get(`/api/patients/${ava}/outcomes`)).status, 403);
      const other = (
        await database.admin.query(
          "insert into clinics (slug, name, time_zone) values ('elsewhere', 'Elsewhere', 'Europe/London') returning id",
        )
      ).rows[0].id;
      const stranger = (
        await database.admin.query(
          "insert into patients (clinic_id, given_name, family_name, date_of_birth, sex) values ($1, 'Sam', 'Else', '1990-01-01', 'female') returning id",
          [other],
        )
      ).rows[0].id;
      assert.equal((await physician.get(`/api/patients/${stranger}/outcomes`)).status, 404);
      const res = await physician.post(`/api/patients/${stranger}/outcomes`, {
        scaleId: "gais",
        rater: "clinician",
        value: 2,
        planId,
      });
      assert.equal(res.status, 404);
    });

    test("a clinic that changed its protocol records scores under its own version, not the shipped one", async () => {
      const owner = await signedIn(app, DEMO.owner);
      const before = (await owner.get("/api/protocol")).body;
      const chosen = await owner.request("PUT", "/api/protocol/choices", {
        zoneCapsMm: { cheeks: 1 },
        seriesAlternatives: ["dyschromia"],
      });
      assert.equal(chosen.status, 200, JSON.stringify(chosen.body));
      const version = chosen.body.version as string;
      assert.notEqual(version, before.defaultVersion);

      const scales = await physician.get("/api/outcome-scales");
      assert.equal(scales.status, 200);
      assert.ok(scales.body.scales.some((s: { id: string }) => s.id === "gais"));
      const res = await physician.post(`/api/patients/${ava}/outcomes`, {
        scaleId: "gais",
        rater: "clinician",
        value: 1,
        planId,
        recordedOn: "2025-03-01",
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      assert.equal(res.body.score.protocolVersion, version);
      const stored = await database.admin.query("select protocol_version from outcome_scores where id = $1", [
        res.body.score.id,
      ]);
      assert.equal(stored.rows[0].protocol_version, version);
      // Scores recorded before the change keep the version they were recorded under.
      const older = await database.admin.query(
        "select distinct protocol_version from outcome_scores where id <> $1",
        [res.body.score.id],
      );
      assert.deepEqual(
        older.rows.map((r) => r.protocol_version),
        [before.defaultVersion],
      );
    });
  });
}
