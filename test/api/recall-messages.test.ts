// A lot recall writes to each patient treated with the lot: through the outbox, in the patient's
// language, once per recall and patient, audited by patient id.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { App } from "../../src/server/app.ts";
import { type Client, DEMO, seededApp, signedIn } from "../support/api.ts";
import { databaseTargets, freshDatabase, type TestDatabase } from "../support/db.ts";
import { INTAKE, signOnTablet } from "./clinical-record-fixtures.ts";

const STEPS = ["PROC-CLEANSE", "PROC-TOPICAL-ANESTHETIC", "PROC-REMOVE-ANTISEPTIC", "PROC-GLIDE"];

for (const target of await databaseTargets()) {
  describe(`lot recall messages (${target.name} PostgreSQL)`, () => {
    let database: TestDatabase;
    let app: App;
    let nurse: Client;
    let desk: Client;
    let deviceId: string;
    before(async () => {
      database = await freshDatabase(target);
      app = await seededApp(database);
      nurse = await signedIn(app, DEMO.nurse);
      desk = await signedIn(app, DEMO.desk);
      deviceId = (await database.admin.query("select id from devices order by name limit 1")).rows[0].id;
    });
    after(async () => {
      await app.close();
      await database.drop();
    });

    /** A new patient treated today with the given product lot (signed chart). */
    async function treatedWith(familyName: string, email: string | null, lot: string): Promise<string> {
      const created = await desk.post("/api/patients", {
        givenName: "Rena",
        familyName,
        dateOfBirth: "1984-06-01",
        sex: "female",
        ...(email ? { email } : {}),
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const id = created.body.patient.id;
      assert.equal((await nurse.post(`/api/patients/${id}/intake`, INTAKE)).status, 201);
      await signOnTablet(nurse, id);
      const chart = await nurse.post(`/api/patients/${id}/charts`, {});
      assert.equal(chart.status, 201, JSON.stringify(chart.body));
      const chartId = chart.body.chart.id;
      const saved = await nurse.request("PUT", `/api/charts/${chartId}`, {
        checklist: {
          steps: Object.fromEntries(STEPS.map((s) => [s, true])),
          anaesthetic: { product: "lidocaine 4% cream", startedAt: "08:15", endedAt: "08:50" },
          incompleteReason: null,
        },
        zones: [{ zone: "cheeks", depthMm: 1, passes: 3, pattern: "crosshatch" }],
        deviceId,
        cartridgeLot: "CART-OK-1",
        cartridgeExpiry: "2099-12-31",
        postProduct: { productId: "ha-hydrogel", lot },
        endpoint: "erythema-pinpoint-bleeding",
        adverseEvents: [],
      });
      assert.equal(saved.status, 200, JSON.stringify(saved.body));
      assert.equal((await nurse.post(`/api/charts/${chartId}/sign`)).status, 200);
      return id;
    }

    test("the recall's messages are drafted, sent once to each patient with an address, and audited", async () => {
      const withMail = await treatedWith("Recalled", "rena.recalled@example.test", "HG-RECALL-9");
      const phoneOnly = await treatedWith("Phoned", null, "HG-RECALL-9");
      await database.admin.query("update patients set locale = 'es' where id = $1", [withMail]);

      const drafts = await nurse.get("/api/recalls/messages?lot=HG-RECALL-9");
      assert.equal(drafts.status, 200, JSON.stringify(drafts.body));
      type Message = {
        patientId: string;
        toAddress: string | null;
        bodyText: string;
        queuedAt: string | null;
      };
      const byPatient = (body: { messages: Message[] }, id: string) => {
        const found = body.messages.find((m) => m.patientId === id);
        assert.ok(found, `a message to ${id}`);
        return found;
      };
      const mailed = byPatient(drafts.body, withMail);
      assert.equal(mailed.toAddress, "rena.recalled@example.test");
      assert.equal(mailed.queuedAt, null);
      // In the patient's language, naming the lot, without codes.
      assert.match(mailed.bodyText, /Hola, Rena:/);
      assert.match(mailed.bodyText, /HG-RECALL-9/);
      assert.equal(byPatient(drafts.body, phoneOnly).toAddress, null);
      const before = (
        await database.admin.query("select count(*)::int as n from outbox where kind = 'lot-recall'")
      ).rows[0].n;
      assert.equal(before, 0, "reading the drafts sends nothing");

      assert.equal((await desk.post("/api/recalls/messages", { lot: "HG-RECALL-9" })).status, 403);
      const sent = await nurse.post("/api/recalls/messages", { lot: "HG-RECALL-9" });
      assert.equal(sent.status, 200, JSON.stringify(sent.body));
      assert.equal(sent.body.queued, 1);
      assert.ok(byPatient(sent.body, withMail).queuedAt);
      assert.equal(byPatient(sent.body, phoneOnly).queuedAt, null);
      const outbox = await database.admin.query(
        "select patient_id, to_address, subject, body_text, appointment_id from outbox where kind = 'lot-recall'",
      );
      assert.equal(outbox.rows.length, 1);
      assert.equal(outbox.rows[0].patient_id, withMail);
      assert.equal(outbox.rows[0].body_text, mailed.bodyText);
      assert.equal(outbox.rows[0].appointment_id, null);

      // Never twice for the same recall and patient.
      const again = await nurse.post("/api/recalls/messages", { lot: "HG-RECALL-9" });
      assert.equal(again.status, 200);
      assert.equal(again.body.queued, 0);
      assert.equal(
        (await database.admin.query("select count(*)::int as n from outbox where kind = 'lot-recall'"))
          .rows[0].n,
        1,
      );

      const audit = await database.admin.query(
        "select detail from audit_log where action = 'recall.messages_send' order by id",
      );
      assert.deepEqual(
        audit.rows.map((r) => r.detail.patients),
        [[withMail], []],
      );
      assert.ok(!JSON.stringify(audit.rows).includes("example.test"), "no contact details in the audit");

      const unknown = await nurse.post("/api/recalls/messages", { lot: "NO-SUCH-LOT" });
      assert.equal(unknown.status, 200, "a lot no session was charted with has no one to write to");
      assert.deepEqual([unknown.body.queued, unknown.body.messages], [0, []]);
      const empty = await nurse.post("/api/recalls/messages", { lot: " " });
      assert.equal(empty.status, 400);
    });
  });
}
