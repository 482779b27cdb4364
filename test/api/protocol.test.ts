import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { App } from "../../src/server/app.ts";
import { type Client, DEMO, seededApp, signedIn } from "../support/api.ts";
import { databaseTargets, freshDatabase, type TestDatabase } from "../support/db.ts";

const REQUEST = {
  screeningDate: "2026-01-10",
  requestedAppointment: "2026-01-20",
  request: { setting: "clinic", concerns: [{ indication: "rhytides", zones: ["forehead", "cheeks"] }] },
};

for (const target of await databaseTargets()) {
  describe(`protocol choices and versions (${target.name} PostgreSQL)`, () => {
    let database: TestDatabase;
    let app: App;
    let owner: Client;
    let nurse: Client;
    let desk: Client;
    let patientId: string;
    before(async () => {
      database = await freshDatabase(target);
      app = await seededApp(database);
      owner = await signedIn(app, DEMO.owner);
      nurse = await signedIn(app, DEMO.nurse);
      desk = await signedIn(app, DEMO.desk);
      const res = await desk.post("/api/patients", {
        givenName: "Iso",
        familyName: "Tretinoin",
        dateOfBirth: "1995-06-01",
        sex: "female",
        fitzpatrick: "II",
      });
      patientId = res.body.patient.id;
      await database.admin.query(
        "update patients set pregnant = false, breastfeeding = false where id = $1",
        [patientId],
      );
      await desk.post(`/api/patients/${patientId}/medications`, {
        ingredient: "Accutane",
        prescribed: true,
        ongoing: false,
        lastTaken: "2025-10-10",
      });
    });
    after(async () => {
      await app.close();
      await database.drop();
    });

    const choose = (client: Client, body: unknown) => client.request("PUT", "/api/protocol/choices", body);
    const screen = async () =>
      (await nurse.post(`/api/patients/${patientId}/screenings`, REQUEST)).body.screening;

    test("a clinic with no choices uses the shipped default, and staff see every choice with its sources", async () => {
      const res = await desk.get("/api/protocol");
      assert.equal(res.status, 200);
      assert.equal(res.body.current.isDefault, true);
      assert.equal(res.body.current.version, res.body.defaultVersion);
      assert.deepEqual(res.body.current.choices, {});
      const iso = res.body.catalogue.rules.find((r: { ruleId: string }) => r.ruleId === "CI-ISOTRETINOIN-6M");
      assert.equal(iso.default.windowMonths, 6);
      assert.deepEqual(
        iso.alternatives.map((a: { id: string }) => a.id),
        ["labeling-current-use-only", "consensus-no-delay"],
      );
      assert.ok(iso.sources.includes("ISOTRETINOIN-LABEL"));
      const retinoid = res.body.catalogue.rules.find(
        (r: { ruleId: string }) => r.ruleId === "PREP-TOPICAL-RETINOID-STOP",
      );
      assert.deepEqual(retinoid.alternatives[0].sources, ["BLOG-SEEDS"]);
      assert.deepEqual(
        res.body.catalogue.depthCapModes.map((m: { id: string }) => m.id),
        ["blogDefault", "skinpenLabeling", "homeUse"],
      );
      assert.ok(
        res.body.catalogue.seriesAlternatives.some(
          (s: { indication: string }) => s.indication === "alopecia",
        ),
      );
      const cited = new Set(res.body.catalogue.sources.map((s: { id: string }) => s.id));
      for (const rule of res.body.catalogue.rules)
        for (const id of rule.sources) assert.ok(cited.has(id), id);
    });

    test("only an owner may choose", async () => {
      for (const client of [nurse, desk]) {
        const res = await choose(client, { depthCapMode: "skinpenLabeling" });
        assert.equal(res.status, 403);
      }
      const rescreen = await nurse.post("/api/protocol/rescreen");
      assert.equal(rescreen.status, 403);
      assert.equal((await owner.get("/api/protocol")).body.current.isDefault, true);
    });

    test("a bad choice gets a 400 naming it, and changes nothing", async () => {
      const before = (await owner.get("/api/protocol")).body.current.version;
      const cases: [unknown, string][] = [
        [{ rules: { "CI-ISOTRETINOIN-6M": { alternative: "whenever" } } }, "body.rules.CI-ISOTRETINOIN-6M"],
        [{ rules: { "CI-NOPE": { alternative: "x" } } }, "body.rules.CI-NOPE"],
        [{ depthCapMode: "deep" }, "body.depthCapMode"],
        [{ seriesAlternatives: ["rhytides"] }, "body.seriesAlternatives"],
        [{ zoneCapsMm: { eyelid: 0.5 } }, "body.zoneCapsMm.eyelid"],
        [{ rules: { "CI-PREGNANCY": { enabled: false } } }, "body.rules.CI-PREGNANCY.enabled"],
        [{ rules: { "CI-KELOID": { action: "caution" } } }, "body.rules.CI-KELOID.action"],
        [{ rules: { "PREP-UV-EXPOSURE": { windowDays: 2 } } }, "body.rules.PREP-UV-EXPOSURE.windowDays"],
        [{ colour: "blue" }, "body.colour"],
      ];
      for (const [body, field] of cases) {
        const res = await choose(owner, body);
        assert.equal(res.status, 400, `${field}: ${JSON.stringify(res.body)}`);
        assert.ok(field in res.body.fields, `${field} in ${JSON.stringify(res.body.fields)}`);
      }
      assert.equal((await owner.get("/api/protocol")).body.current.version, before);
      const { rows } = await database.admin.query("select count(*)::int as n from protocol_selections");
      assert.equal(rows[0].n, 0);
    });

    test("a choice makes a new version, audited; earlier decisions keep theirs; a new date follows the choice", async () => {
      const first = await screen();
      assert.equal(first.deferUntil, "2026-04-10");
      const v1 = first.protocolVersion;

      const res = await choose(owner, { rules: { "CI-ISOTRETINOIN-6M": { windowMonths: 4 } } });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.notEqual(res.body.version, v1);
      assert.equal(res.body.changed, true);
      const { rows } = await database.admin.query(
        "select a.detail, u.email from audit_log a join users u on u.id = a.actor_user_id where a.action = 'protocol.choose' order by a.id desc limit 1",
      );
      assert.equal(rows[0].email, DEMO.owner);
      assert.equal(rows[0].detail.version, res.body.version);
      assert.equal(rows[0].detail.previousVersion, v1);

      const second = await screen();
      assert.equal(second.protocolVersion, res.body.version);
      assert.equal(second.deferUntil, "2026-02-10");

      // The literature alternative: defer only while taking it; stopped in October, so eligible now.
      const labeling = await choose(owner, {
        rules: { "CI-ISOTRETINOIN-6M": { alternative: "labeling-current-use-only" } },
      });
      const third = await screen();
      assert.equal(third.protocolVersion, labeling.body.version);
      assert.equal(third.outcome, "eligible");

      const old = await nurse.get(`/api/screenings/${first.id}`);
      assert.equal(old.body.screening.protocolVersion, v1);
      assert.equal(old.body.screening.deferUntil, "2026-04-10");
      assert.equal(old.body.screening.output.protocolVersion, v1);

      const overview = await desk.get("/api/protocol");
      assert.equal(overview.body.current.version, labeling.body.version);
      assert.equal(overview.body.current.isDefault, false);
      assert.deepEqual(overview.body.current.choices, {
        rules: { "CI-ISOTRETINOIN-6M": { alternative: "labeling-current-use-only" } },
      });
    });

    test("the history lists every choice, newest first, with who made it", async () => {
      const res = await desk.get("/api/protocol/versions");
      assert.equal(res.status, 200);
      assert.equal(res.body.total, 2);
      assert.deepEqual(res.body.versions[0].choices, {
        rules: { "CI-ISOTRETINOIN-6M": { alternative: "labeling-current-use-only" } },
      });
      assert.ok(res.body.versions.every((v: { selectedBy: { name: string } }) => v.selectedBy.name));
    });

    test("every stored version reloads to the exact protocol it names", async () => {
      const { loadProtocol, protocolVersion } = await import("../../src/domain/protocol/protocol.ts");
      const { rows } = await database.admin.query("select version, protocol from protocol_versions");
      assert.ok(rows.length >= 3);
      for (const row of rows) assert.equal(protocolVersion(loadProtocol(row.protocol)), row.version);
    });

    test("re-screening runs each patient's latest screening under the current version, keeping history", async () => {
      // Back to the six-month window: the eligible decision of the last test becomes a deferral.
      await choose(owner, {});
      const overview = await owner.get("/api/protocol");
      assert.equal(overview.body.current.isDefault, true);
      const before = (await database.admin.query("select id, output from screenings order by created_at"))
        .rows;
      const res = await owner.post("/api/protocol/rescreen?limit=1");
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.body.examined, 1);
      assert.equal(res.body.rescreened, 1);
      assert.equal(res.body.nextAfter, null);
      const [change] = res.body.changes;
      assert.equal(change.patientId, patientId);
      assert.deepEqual(
        [change.from.outcome, change.to.outcome, change.to.deferUntil],
        ["eligible", "defer", "2026-04-10"],
      );
      const after = (
        await database.admin.query("select id, output, kind from screenings order by created_at")
      ).rows;
      assert.equal(after.length, before.length + 1);
      for (const [i, row] of before.entries()) assert.deepEqual(after[i].output, row.output);
      assert.equal(after.at(-1).kind, "rescreen");
      const again = await owner.post("/api/protocol/rescreen");
      assert.equal(again.body.rescreened, 0);
      assert.equal(again.body.alreadyCurrent, 1);
    });
  });
}
