import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { App } from "../../src/server/app.ts";
import { CALM_CHECK_IN, signedSessionFor } from "../browser/patient-fixtures.ts";
import { DEMO, seededApp, signedIn } from "../support/api.ts";
import { databaseTargets, freshDatabase, type TestDatabase } from "../support/db.ts";

const NOAH = "noah.okafor@demo.remodel.test";
const calm = CALM_CHECK_IN;

for (const target of await databaseTargets()) {
  describe(`check-ins after a session (${target.name} PostgreSQL)`, () => {
    let database: TestDatabase;
    let app: App;
    before(async () => {
      database = await freshDatabase(target);
      app = await seededApp(database);
    });
    after(async () => {
      await app.close();
      await database.drop();
    });
    const count = async (sql: string) => (await database.admin.query(sql)).rows[0].n as number;

    test("an expected course reassures with the protocol's own expectation, and nothing goes to the clinic", async () => {
      const { chartId } = await signedSessionFor(database.admin, DEMO.patient, 26);
      const ava = await signedIn(app, DEMO.patient);
      const alerts = await count("select count(*)::int as n from outbox where kind = 'check-in-alert'");
      const res = await ava.post("/api/portal/check-ins", { chartId, answers: calm });
      assert.equal(res.status, 201);
      assert.equal(res.body.point, "day-1");
      assert.equal(res.body.triage, "expected");
      assert.ok(res.body.expected.some((e: { id: string }) => e.id === "AC-ERYTHEMA-EXPECTED"));
      assert.match(res.body.protocolVersion, /^blog-default@/);
      assert.equal(
        await count("select count(*)::int as n from outbox where kind = 'check-in-alert'"),
        alerts,
      );
    });

    test("a red flag is stored, e-mails the clinic at once and tells the patient to call now", async () => {
      const { chartId } = await signedSessionFor(database.admin, DEMO.patient, 80);
      const ava = await signedIn(app, DEMO.patient);
      const res = await ava.post("/api/portal/check-ins", {
        chartId,
        answers: { ...calm, warmthOrPus: true, fever: true },
      });
      assert.equal(res.status, 201);
      assert.equal(res.body.point, "day-3");
      assert.equal(res.body.triage, "red-flag");
      assert.deepEqual(
        res.body.flags.map((f: { id: string }) => f.id),
        ["warmth-or-pus", "fever"],
      );
      assert.deepEqual(res.body.expected, [], "no reassurance beside a red flag");
      assert.match(res.body.warning.text, /Contact the clinic/);
      const mail = await database.admin.query(
        "select to_address, subject, body_text, send_after <= now() as due from outbox where kind = 'check-in-alert' order by created_at desc limit 1",
      );
      assert.equal(mail.rows[0].to_address.includes("@"), true);
      assert.equal(mail.rows[0].due, true);
      assert.ok(!mail.rows[0].body_text.includes("Ava"), "no patient name in the e-mail");
      const audit = await database.admin.query(
        "select detail from audit_log where action = 'check_in.create' order by id desc limit 1",
      );
      assert.equal(audit.rows[0].detail.triage, "red-flag");
    });

    test("a check-in for another patient's session is a 404 and nothing is stored", async () => {
      const { chartId } = await signedSessionFor(database.admin, NOAH, 30);
      const ava = await signedIn(app, DEMO.patient);
      const before = await count("select count(*)::int as n from check_ins");
      const res = await ava.post("/api/portal/check-ins", { chartId, answers: calm });
      assert.equal(res.status, 404);
      assert.equal(await count("select count(*)::int as n from check_ins"), before);
      const staff = await signedIn(app, DEMO.desk);
      assert.equal((await staff.post("/api/portal/check-ins", { chartId, answers: calm })).status, 403);
    });

    test("bad answers name the field; a closed check-in says to call; nothing is stored", async () => {
      const { chartId } = await signedSessionFor(database.admin, DEMO.patient, 24 * 20);
      const ava = await signedIn(app, DEMO.patient);
      const before = await count("select count(*)::int as n from check_ins");
      const bad = await ava.post("/api/portal/check-ins", { chartId, answers: { ...calm, pain: 11 } });
      assert.equal(bad.status, 400);
      assert.ok(Object.keys(bad.body.fields ?? {}).some((k) => k.includes("pain")));
      const closed = await ava.post("/api/portal/check-ins", { chartId, answers: calm });
      assert.equal(closed.status, 409);
      assert.match(closed.body.message, /call the clinic/);
      assert.equal(await count("select count(*)::int as n from check_ins"), before);
    });

    test("signing a chart queues the aftercare messages at 24 h, 48 h, 1 week and the next-session window", async () => {
      const { chartId } = await signedSessionFor(database.admin, DEMO.patient, 1);
      const ava = await signedIn(app, DEMO.patient);
      const overview = await ava.get("/api/portal/overview");
      assert.equal(overview.status, 200);
      const { rows } = await database.admin.query(
        "select dedupe_key from outbox where kind = 'aftercare' and dedupe_key like $1 order by send_after",
        [`aftercare:${chartId}:%`],
      );
      assert.deepEqual(
        rows.map((r) => r.dedupe_key.split(":").at(-1)),
        ["h24", "h48", "h168", "next-session"],
      );
      await ava.get("/api/portal/overview");
      const again = await count(
        `select count(*)::int as n from outbox where kind = 'aftercare' and dedupe_key like 'aftercare:${chartId}:%'`,
      );
      assert.equal(again, 4, "queued once");
    });

    test("the aftercare answer carries each session's timeline, the forecast and the open check-in", async () => {
      const ava = await signedIn(app, DEMO.patient);
      const res = await ava.get("/api/portal/aftercare");
      assert.equal(res.status, 200);
      assert.ok(res.body.forecast.sessions.length >= 1);
      const latest = res.body.sessions[0];
      assert.equal(latest.openCheckIn, "day-1");
      assert.ok(latest.timeline.points.some((p: { id: string }) => p.id === "h24"));
    });
  });
}
