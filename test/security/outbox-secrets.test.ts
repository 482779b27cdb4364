/**
 * Finding F1: staff could read a patient's sign-in link in the outbox and sign in as the patient.
 * Secrets never reach staff: not before sending, not after, and not when no e-mail server is set.
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { after, before, describe, test } from "node:test";
import type { App } from "../../src/server/app.ts";
import { type MessageWorker, startMessageWorker } from "../../src/server/jobs/message-worker.ts";
import { createMailer } from "../../src/server/services/mailer.service.ts";
import { DEMO, seededApp } from "../support/api.ts";
import { databaseTargets, freshDatabase, type TestDatabase } from "../support/db.ts";
import { HttpClient, listen } from "../support/http.ts";
import { startTestSmtp, type TestSmtp } from "../support/smtp.ts";

// A sign-in token is `<clinic uuid>.<43 base64url characters>`.
const TOKEN = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.[A-Za-z0-9_-]{43}/;

for (const target of await databaseTargets()) {
  describe(`no secret in the outbox (${target.name} PostgreSQL)`, () => {
    let database: TestDatabase;
    let app: App;
    let base: string;
    let smtp: TestSmtp;
    let desk: HttpClient;
    let ava: string;
    before(async () => {
      database = await freshDatabase(target);
      app = await seededApp(database);
      base = await listen(app);
      smtp = await startTestSmtp();
      desk = new HttpClient(base);
      assert.equal(
        (await desk.post("/api/auth/login", { email: DEMO.desk, password: DEMO.password })).status,
        200,
      );
      const patients = (await desk.get("/api/patients?limit=50")).body.patients as {
        id: string;
        email: string;
      }[];
      ava = patients.find((p) => p.email === DEMO.patient)!.id;
    });
    after(async () => {
      await app.close();
      await smtp.close();
      await database.drop();
    });

    const worker = (mailer: boolean): Promise<MessageWorker> =>
      startMessageWorker({
        connectionString: database.adminUrl,
        db: database.db,
        mailer: mailer ? createMailer(smtp.url, "Remodel Demo <desk@demo.remodel.test>") : null,
        pollingSeconds: 0.5,
        sweepCron: null,
      });
    const signInMessages = async () =>
      (
        (await desk.get(`/api/outbox?patientId=${ava}`)).body.messages as {
          kind: string;
          status: string;
          keptForStaffAt: string | null;
          withdrawnReason: string | null;
        }[]
      ).filter((m) => m.kind === "sign-in-link");

    test("front desk reads the outbox after a link request and after sending: never a usable token", async () => {
      const asked = await new HttpClient(base).post("/api/portal-auth/link", { email: DEMO.patient });
      assert.equal(asked.status, 202);

      const queued = await desk.get(`/api/outbox?patientId=${ava}`);
      assert.equal(queued.status, 200);
      assert.doesNotMatch(queued.text, TOKEN, "no token in the outbox answer before sending");
      const [message] = queued.body.messages.filter((m: { kind: string }) => m.kind === "sign-in-link");
      assert.ok(message, "staff see that a sign-in e-mail is on its way");
      assert.equal(message.status, "queued");
      assert.equal(message.carriesSecret, true);
      assert.equal(message.toAddress, DEMO.patient);
      assert.match(message.subject, /sign-in link/);
      assert.match(message.bodyText, /\[link sent to the patient only\]/);

      const sender = await worker(true);
      try {
        await sender.sweep();
        await sender.idle();
      } finally {
        await sender.stop();
      }
      const mail = smtp.received.find((m) => m.envelopeTo.includes(DEMO.patient));
      assert.ok(mail, "the patient got the e-mail");
      const token = TOKEN.exec(mail.text)?.[0];
      assert.ok(token, "the e-mail carries the link");

      const sent = await desk.get(`/api/outbox?patientId=${ava}`);
      assert.ok(!sent.text.includes(token), "the token is not in the outbox answer after sending");
      assert.doesNotMatch(sent.text, TOKEN);
      assert.equal((await signInMessages())[0]?.status ?? "", "sent");

      // Nothing stored holds the token: not the message, and the link only as its SHA-256.
      const rows = await database.admin.query("select row_to_json(o)::text as row from outbox o");
      for (const r of rows.rows) assert.ok(!r.row.includes(token), "no outbox column holds the token");
      const hashOnly = await database.admin.query(
        "select count(*)::int as n from magic_links where token_hash = $1",
        [createHash("sha256").update(token).digest()],
      );
      assert.equal(hashOnly.rows[0].n, 1);

      // The patient's link works, once.
      const patient = new HttpClient(base);
      const signed = await patient.post("/api/portal-auth/redeem", { token });
      assert.equal(signed.status, 200);
      assert.equal(signed.body.user.email, DEMO.patient);
    });

    test("without SMTP a sign-in link is not deliverable: staff see that, never the link", async () => {
      await database.admin.query("delete from outbox where kind = 'sign-in-link'");
      const asked = await new HttpClient(base).post("/api/portal-auth/link", { email: DEMO.patient });
      assert.equal(asked.status, 202);
      // The worker sweeps once as it starts.
      const holder = await worker(false);
      try {
        await holder.sweep();
      } finally {
        await holder.stop();
      }
      const outbox = await desk.get(`/api/outbox?patientId=${ava}`);
      assert.doesNotMatch(outbox.text, TOKEN);
      const [message] = await signInMessages();
      assert.ok(message);
      assert.equal(message.status, "undeliverable");
      assert.equal(message.keptForStaffAt, null);
      assert.match(message.withdrawnReason ?? "", /no e-mail server/);
      const stored = await database.admin.query(
        "select body_text from outbox where kind = 'sign-in-link' and to_address = $1",
        [DEMO.patient],
      );
      assert.doesNotMatch(stored.rows[0].body_text, TOKEN);
    });

    test("the database itself refuses a sign-in link in clear in the outbox", async () => {
      await assert.rejects(
        database.admin.query(
          `insert into outbox (clinic_id, kind, to_address, subject, body_text, dedupe_key)
           select clinic_id, 'sign-in-link', 'x@example.com', 's', 'open https://x/portal/sign-in/link#abc.def', 'forged'
           from users where email = $1`,
          [DEMO.desk],
        ),
        /outbox_no_link_token/,
      );
    });
  });
}
