import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { App } from "../../src/server/app.ts";
import { signedSessionFor } from "../browser/patient-fixtures.ts";
import { DEMO, seededApp, signedIn } from "../support/api.ts";
import { databaseTargets, freshDatabase, type TestDatabase } from "../support/db.ts";

const calm = {
  redness: "none",
  swelling: "none",
  pain: 1,
  painIncreasing: false,
  warmthOrPus: false,
  fever: false,
  blistersOrColdSore: false,
  bumpsOrDarkPatches: false,
};

for (const target of await databaseTargets()) {
  describe(`staff inbox (${target.name} PostgreSQL)`, () => {
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

    test("open red flags come first, then watches, then the expected; acknowledged ones leave the open list", async () => {
      const { chartId } = await signedSessionFor(database.admin, DEMO.patient, 30);
      const ava = await signedIn(app, DEMO.patient);
      const post = (answers: object) =>
        ava.post("/api/portal/check-ins", { chartId, answers: { ...calm, ...answers } });
      const expected = await post({});
      const red1 = await post({ blistersOrColdSore: true });
      const watch = await post({ pain: 5 });
      const red2 = await post({ fever: true });
      assert.deepEqual(
        [expected, red1, watch, red2].map((r) => r.body.triage),
        ["expected", "red-flag", "watch", "red-flag"],
      );

      const desk = await signedIn(app, DEMO.desk);
      const inbox = await desk.get("/api/inbox");
      assert.equal(inbox.status, 200);
      assert.equal(inbox.body.openRedFlags, 2);
      assert.deepEqual(
        inbox.body.items.map((i: { id: string }) => i.id),
        [red2.body.id, red1.body.id, watch.body.id, expected.body.id],
      );
      assert.equal(inbox.body.items[0].patientName, "Ava Martin");

      const ack = await desk.post(`/api/inbox/${red2.body.id}/acknowledge`);
      assert.equal(ack.status, 200);
      assert.equal((await desk.post(`/api/inbox/${red2.body.id}/acknowledge`)).status, 409);
      const open = await desk.get("/api/inbox");
      assert.equal(open.body.openRedFlags, 1);
      assert.equal(open.body.items[0].id, red1.body.id);
      assert.ok(!open.body.items.some((i: { id: string }) => i.id === red2.body.id));
      const all = await desk.get("/api/inbox?all=true");
      assert.equal(all.body.items.at(-1).id, red2.body.id, "acknowledged ones last");
      const audit = await database.admin.query(
        "select detail from audit_log where action = 'inbox.list' order by id desc limit 1",
      );
      assert.ok(!JSON.stringify(audit.rows[0].detail).includes("Ava"));
    });

    test("patients cannot read the inbox; another clinic's check-in is a 404", async () => {
      const ava = await signedIn(app, DEMO.patient);
      assert.equal((await ava.get("/api/inbox")).status, 403);
      const desk = await signedIn(app, DEMO.desk);
      const res = await desk.post("/api/inbox/00000000-0000-4000-8000-000000000000/acknowledge");
      assert.equal(res.status, 404);
    });
  });
}
