// The patient's language is kept on their account: set and read by the patient only, refused when
// it is not a language the patient side speaks (400 naming the field, nothing written), audited,
// and used for the sign-in e-mail.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { App } from "../../src/server/app.ts";
import { Client, DEMO, seededApp, signedIn } from "../support/api.ts";
import { databaseTargets, freshDatabase, type TestDatabase } from "../support/db.ts";

for (const target of await databaseTargets()) {
  describe(`a patient's language (${target.name} PostgreSQL)`, () => {
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

    test("not chosen at first; chosen once, it is read back on any session, audited", async () => {
      const ava = await signedIn(app, DEMO.patient);
      assert.deepEqual((await ava.get("/api/portal/locale")).body, { locale: null });
      const set = await ava.post("/api/portal/locale", { locale: "es" });
      assert.equal(set.status, 200);
      assert.deepEqual(set.body, { locale: "es" });
      const again = await signedIn(app, DEMO.patient);
      assert.deepEqual((await again.get("/api/portal/locale")).body, { locale: "es" });
      const audit = await database.admin.query(
        "select count(*)::int as n from audit_log where action = 'portal.locale_set'",
      );
      assert.equal(audit.rows[0].n, 1);
    });

    test("a language the patient side does not speak is refused, naming the field", async () => {
      const ava = await signedIn(app, DEMO.patient);
      const res = await ava.post("/api/portal/locale", { locale: "fr" });
      assert.equal(res.status, 400);
      assert.ok(Object.keys(res.body.fields).includes("body.locale"));
      assert.deepEqual((await ava.get("/api/portal/locale")).body, { locale: "es" });
    });

    test("the sign-in e-mail comes in the patient's language", async () => {
      const res = await new Client(app).post("/api/portal-auth/link", { email: DEMO.patient });
      assert.equal(res.status, 202);
      const mail = await database.admin.query(
        "select subject, body_text from outbox where kind = 'sign-in-link' order by created_at desc limit 1",
      );
      assert.match(mail.rows[0].subject, /^Tu enlace para entrar en /);
      assert.match(mail.rows[0].body_text, /caduca en \d+ minutos/);
    });
  });
}
