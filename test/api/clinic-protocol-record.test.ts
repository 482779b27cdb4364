import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { Temporal } from "temporal-polyfill";
import type { App } from "../../src/server/app.ts";
import { CALM_CHECK_IN, signedSessionFor } from "../browser/patient-fixtures.ts";
import { type Client, DEMO, seededApp, signedIn } from "../support/api.ts";
import { databaseTargets, freshDatabase, type TestDatabase } from "../support/db.ts";
import { INTAKE, patientIdOf, signOnTablet } from "./clinical-record-fixtures.ts";

// The clinic's choices: cheeks capped at 1 mm (the shipped protocol allows 2 mm), and the
// dyschromia series alternative (every 2-4 weeks instead of the general 4-6).
const CHOICES = { zoneCapsMm: { cheeks: 1 }, seriesAlternatives: ["dyschromia"] };
const DYSCHROMIA_INTAKE = { ...INTAKE, concerns: [{ indication: "dyschromia", zones: ["cheeks"] }] };

for (const target of await databaseTargets()) {
  describe(`the clinical record follows the clinic's protocol version (${target.name} PostgreSQL)`, () => {
    let database: TestDatabase;
    let app: App;
    let owner: Client;
    let physician: Client;
    let ava: Client;
    let version: string;
    let versionId: string;
    let defaultVersion: string;
    before(async () => {
      database = await freshDatabase(target);
      app = await seededApp(database);
      owner = await signedIn(app, DEMO.owner);
      physician = await signedIn(app, DEMO.physician);
      ava = await signedIn(app, DEMO.patient);
      const chosen = await owner.request("PUT", "/api/protocol/choices", CHOICES);
      assert.equal(chosen.status, 200, JSON.stringify(chosen.body));
      version = chosen.body.version;
      defaultVersion = (await owner.get("/api/protocol")).body.defaultVersion;
      assert.notEqual(version, defaultVersion);
      versionId = (
        await database.admin.query("select id from protocol_versions where version = $1", [version])
      ).rows[0].id;
    });
    after(async () => {
      await app.close();
      await database.drop();
    });

    const row = async (table: string, id: string) =>
      (
        await database.admin.query(
          `select protocol_version, protocol_version_id from ${table} where id = $1`,
          [id],
        )
      ).rows[0];

    test("intake, consultation, plan, chart, aftercare and check-in all use the clinic's version and name it", async () => {
      const form = await ava.get("/api/portal/intake");
      assert.equal(form.body.protocolVersion, version);
      const intake = await ava.post("/api/portal/intake", DYSCHROMIA_INTAKE);
      assert.equal(intake.status, 201, JSON.stringify(intake.body));
      assert.deepEqual(await row("intake_submissions", intake.body.id), {
        protocol_version: version,
        protocol_version_id: versionId,
      });

      const id = await patientIdOf(physician, "Martin");
      const decision = await physician.get(`/api/patients/${id}/decision`);
      assert.equal(decision.body.decision.protocolVersion, version);
      const consult = await physician.post(`/api/patients/${id}/consultations`, {});
      assert.equal(consult.status, 201, JSON.stringify(consult.body));
      assert.equal(consult.body.consultation.protocolVersionId, versionId);

      // The plan: the clinic's interval for dyschromia (2 weeks; the shipped protocol says 4).
      const plan = await physician.post(`/api/consultations/${consult.body.consultation.id}/plans`, {});
      assert.equal(plan.status, 201, JSON.stringify(plan.body));
      assert.equal(plan.body.plan.intervalWeeks, 2);
      assert.deepEqual(await row("treatment_plans", plan.body.plan.id), {
        protocol_version: version,
        protocol_version_id: versionId,
      });
      assert.equal((await ava.post(`/api/portal/plans/${plan.body.plan.id}/accept`)).status, 200);

      // The chart: re-screened under the clinic's version, and held to its 1 mm cheek cap.
      await signOnTablet(physician, id);
      const start = await physician.post(`/api/patients/${id}/charts`, { planId: plan.body.plan.id });
      assert.equal(start.status, 201, JSON.stringify(start.body));
      const chartId = start.body.chart.id;
      assert.equal(start.body.chart.protocolVersion, version);
      assert.equal(start.body.chart.protocolVersionId, versionId);
      assert.equal(start.body.chart.rescreen.decision.protocolVersion, version);
      const deviceId = (await database.admin.query("select id from devices order by name limit 1")).rows[0]
        .id;
      const body = (depthMm: number) => ({
        checklist: {
          steps: {
            "PROC-CLEANSE": true,
            "PROC-TOPICAL-ANESTHETIC": true,
            "PROC-REMOVE-ANTISEPTIC": true,
            "PROC-GLIDE": true,
          },
        },
        zones: [{ zone: "cheeks", depthMm, passes: 2, pattern: "crosshatch" }],
        deviceId,
        cartridgeLot: "LOT-V1",
        cartridgeExpiry: "2099-12-31",
        endpoint: "erythema",
      });
      const overCap = await physician.request("PUT", `/api/charts/${chartId}`, body(1.25));
      assert.equal(overCap.status, 400);
      assert.match(overCap.body.fields["body.zones[0].depthMm"], /1 mm cap/);
      assert.equal((await physician.request("PUT", `/api/charts/${chartId}`, body(0.5))).status, 200);
      const signed = await physician.post(`/api/charts/${chartId}/sign`);
      assert.equal(signed.status, 200, JSON.stringify(signed.body));
      assert.deepEqual(await row("session_charts", chartId), {
        protocol_version: version,
        protocol_version_id: versionId,
      });

      // Aftercare: the next session window opens 2 weeks after the session, as the plan says.
      const endedOn = Temporal.Instant.from(signed.body.chart.signedAt)
        .toZonedDateTimeISO("Europe/London")
        .toPlainDate();
      const aftercare = await ava.get("/api/portal/aftercare");
      assert.equal(aftercare.status, 200);
      const session = aftercare.body.sessions.find((s: { chartId: string }) => s.chartId === chartId);
      assert.equal(session.timeline.nextSession.earliest, endedOn.add({ weeks: 2 }).toString());
      assert.equal(session.timeline.nextSession.latest, endedOn.add({ weeks: 4 }).toString());
      const overview = await ava.get("/api/portal/overview");
      assert.equal(overview.body.plan.protocolVersion, version);
      const sessionDate = Temporal.PlainDate.from(start.body.chart.sessionDate);
      assert.deepEqual(overview.body.nextWindow, {
        from: sessionDate.add({ weeks: 2 }).toString(),
        to: sessionDate.add({ weeks: 4 }).toString(),
      });

      // A check-in is triaged and stored under the clinic's version.
      const { chartId: earlier } = await signedSessionFor(
        database.admin,
        DEMO.patient,
        26,
        plan.body.plan.id,
      );
      const checkIn = await ava.post("/api/portal/check-ins", {
        chartId: earlier,
        answers: CALM_CHECK_IN,
      });
      assert.equal(checkIn.status, 201, JSON.stringify(checkIn.body));
      assert.equal(checkIn.body.protocolVersion, version);
      // check_ins (migration 070) keeps the version text, which names one stored row per clinic.
      const stored = await database.admin.query("select protocol_version from check_ins where id = $1", [
        checkIn.body.id,
      ]);
      assert.equal(stored.rows[0].protocol_version, version);
    });

    test("a plan is not built on a consultation made under an earlier version", async () => {
      const id = await patientIdOf(physician, "Kowalski");
      assert.equal((await physician.post(`/api/patients/${id}/intake`, INTAKE)).status, 201);
      const consult = await physician.post(`/api/patients/${id}/consultations`, {});
      assert.equal(consult.status, 201);
      assert.equal((await owner.request("PUT", "/api/protocol/choices", {})).status, 200);
      const plans = async () =>
        (await database.admin.query("select count(*)::int as n from treatment_plans")).rows[0].n;
      const before = await plans();
      const plan = await physician.post(`/api/consultations/${consult.body.consultation.id}/plans`, {});
      assert.equal(plan.status, 409);
      assert.equal(plan.body.error, "protocol_changed");
      assert.equal(await plans(), before);
      // Under the default again, a new consultation plans with the shipped values and names them.
      const again = await physician.post(`/api/patients/${id}/consultations`, {});
      assert.equal(again.body.consultation.protocolVersion, defaultVersion);
      const planned = await physician.post(`/api/consultations/${again.body.consultation.id}/plans`, {});
      assert.equal(planned.status, 201, JSON.stringify(planned.body));
      const stored = await row("treatment_plans", planned.body.plan.id);
      assert.equal(stored.protocol_version, defaultVersion);
      assert.ok(stored.protocol_version_id);
    });

    test("the database refuses a row whose version id names another version", async () => {
      const plan = (await database.admin.query("select * from treatment_plans limit 1")).rows[0];
      await assert.rejects(
        database.admin.query(
          `insert into treatment_plans (clinic_id, patient_id, consultation_id, created_by, concerns, zones, sessions,
             interval_weeks, price_cents, protocol_version, protocol_version_id)
           values ($1, $2, $3, $4, '[]', '[]', 1, 4, 0, 'not-that-version', $5)`,
          [plan.clinic_id, plan.patient_id, plan.consultation_id, plan.created_by, versionId],
        ),
        /does not name version/,
      );
    });
  });
}
