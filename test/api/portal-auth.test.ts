import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { App } from "../../src/server/app.ts";
import { type MessageWorker, startMessageWorker } from "../../src/server/jobs/message-worker.ts";
import { createMailer } from "../../src/server/services/mailer.service.ts";
import { Client, DEMO, seededApp } from "../support/api.ts";
import { databaseTargets, freshDatabase, type TestDatabase } from "../support/db.ts";
import { startTestSmtp, type TestSmtp } from "../support/smtp.ts";

for (const target of await databaseTargets()) {
  describe(`portal sign-in by e-mailed link (${target.name} PostgreSQL)`, () => {
    let database: TestDatabase;
    let app: App;
    let smtp: TestSmtp;
    let worker: MessageWorker;
    before(async () => {
      database = await freshDatabase(target);
      app = await seededApp(database);
      smtp = await startTestSmtp();
      worker = await startMessageWorker({
        connectionString: database.adminUrl,
        db: database.db,
        mailer: createMailer(smtp.url, "Remodel Demo <desk@demo.remodel.test>"),
        pollingSeconds: 0.5,
        sweepCron: null,
      });
    });
    after(async () => {
      await worker.stop();
      await smtp.close();
      await app.close();
      await database.drop();
    });

    // The token exists only in the e-mail: send what is due, then read the patient's mailbox.
    const links = async (email: string) => {
      await worker.sweep();
      await worker.idle();
      return smtp.received.filter((m) => m.envelopeTo.includes(email)).map((m) => ({ body_text: m.text }));
    };
    const tokenOf = (body: string) => /#([^\s]+)/.exec(body)?.[1] ?? "";

    test("a patient asks for a link, opens it once and is signed in; the token is stored only hashed", async () => {
      const asker = new Client(app);
      const res = await asker.post("/api/portal-auth/link", { email: DEMO.patient });
      assert.equal(res.status, 202);
      const [mail] = await links(DEMO.patient);
      assert.ok(mail, "the link is e-mailed");
      const token = tokenOf(mail.body_text);
      assert.match(mail.body_text, /\/portal\/sign-in\/link#/);
      const stored = await database.admin.query(
        "select count(*)::int as n from magic_links where token_hash = $1",
        [Buffer.from(token)],
      );
      assert.equal(stored.rows[0].n, 0, "the raw token is not what is stored");

      const browser = new Client(app);
      const signed = await browser.post("/api/portal-auth/redeem", { token });
      assert.equal(signed.status, 200);
      assert.equal(signed.body.user.email, DEMO.patient);
      assert.equal((await browser.get("/api/portal/appointments")).status, 200);

      const again = await new Client(app).post("/api/portal-auth/redeem", { token });
      assert.equal(again.status, 410);
      assert.equal(again.body.error, "link_used");
      assert.match(again.body.message, /already used/);
    });

    test("an expired link says so and opens nothing", async () => {
      await new Client(app).post("/api/portal-auth/link", { email: "noah.okafor@demo.remodel.test" });
      const all = await links("noah.okafor@demo.remodel.test");
      const token = tokenOf(all.at(-1)?.body_text ?? "");
      assert.ok(token, "the second demo patient has an account");
      await database.admin.query("update magic_links set expires_at = now() - interval '1 minute'");
      const res = await new Client(app).post("/api/portal-auth/redeem", { token });
      assert.equal(res.status, 410);
      assert.equal(res.body.error, "link_expired");
      const sessions = await database.admin.query(
        "select count(*)::int as n from audit_log where action = 'auth.login' and detail->>'factor' = 'email_link'",
      );
      assert.equal(sessions.rows[0].n, 1, "only the first test's link opened a session");
    });

    test("the answer is the same for an unknown address, and nothing is queued", async () => {
      const before = (await database.admin.query("select count(*)::int as n from outbox")).rows[0].n;
      const known = await new Client(app).post("/api/portal-auth/link", { email: DEMO.patient });
      const unknown = await new Client(app).post("/api/portal-auth/link", { email: "nobody@example.com" });
      const staff = await new Client(app).post("/api/portal-auth/link", { email: DEMO.desk });
      assert.deepEqual(unknown.body, known.body);
      assert.deepEqual(staff.body, known.body);
      assert.equal(unknown.status, 202);
      const afterCount = (await database.admin.query("select count(*)::int as n from outbox")).rows[0].n;
      assert.equal(afterCount, before + 1, "only the patient's link, none for staff or strangers");
    });

    test("at most three links per account in a quarter of an hour; more requests are quietly dropped", async () => {
      const email = "ava.martin@demo.remodel.test";
      for (let i = 0; i < 5; i++) await new Client(app).post("/api/portal-auth/link", { email });
      const recent = await database.admin.query(
        "select count(*)::int as n from magic_links m join users u on u.id = m.user_id where u.email = $1 and m.created_at > now() - interval '15 minutes'",
        [email],
      );
      assert.equal(recent.rows[0].n, 3);
    });

    test("a made-up or malformed token is a 400 naming the token", async () => {
      const bad = await new Client(app).post("/api/portal-auth/redeem", { token: "not-a-token" });
      assert.equal(bad.status, 400);
      assert.equal(bad.body.error, "link_invalid");
      assert.ok(bad.body.fields["body.token"]);
      const forged = await new Client(app).post("/api/portal-auth/redeem", {
        token: "00000000-0000-4000-8000-000000000000.abc",
      });
      assert.equal(forged.status, 400);
      const extra = await new Client(app).post("/api/portal-auth/link", { email: DEMO.patient, admin: true });
      assert.equal(extra.status, 400);
    });

    test("password sign-in still works for patients", async () => {
      const res = await new Client(app).post("/api/auth/login", {
        email: DEMO.patient,
        password: DEMO.password,
      });
      assert.equal(res.status, 200);
    });
  });
}
