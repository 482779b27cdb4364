// A patient who reads Spanish gets the protocol's aftercare paragraphs in Spanish, as delivered by
// SMTP: not only the words around them.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { App } from "../../src/server/app.ts";
import { type MessageWorker, startMessageWorker } from "../../src/server/jobs/message-worker.ts";
import { createMailer } from "../../src/server/services/mailer.service.ts";
import { signedSessionFor } from "../browser/patient-fixtures.ts";
import { seededApp, signedIn } from "../support/api.ts";
import { databaseTargets, freshDatabase, type TestDatabase } from "../support/db.ts";
import { startTestSmtp, type TestSmtp } from "../support/smtp.ts";

const NOAH = "noah.okafor@demo.remodel.test";

for (const target of await databaseTargets()) {
  describe(`aftercare e-mails in Spanish (${target.name} PostgreSQL)`, () => {
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
        log: () => {},
        pollingSeconds: 0.5,
        sweepCron: null,
      });
    });
    after(async () => {
      await worker?.stop();
      await smtp?.close();
      await app?.close();
      await database?.drop();
    });

    test("the 24-hour aftercare e-mail reads the protocol's expectations and warning signs in Spanish", async () => {
      const noah = await signedIn(app, NOAH);
      assert.equal((await noah.post("/api/portal/locale", { locale: "es" })).status, 200);
      const { chartId } = await signedSessionFor(database.admin, NOAH, 1);
      assert.equal((await noah.get("/api/portal/overview")).status, 200);
      const { rows } = await database.admin.query(
        `update outbox set send_after = now() - interval '1 second'
         where kind = 'aftercare' and dedupe_key like $1 and sent_at is null returning id, dedupe_key`,
        [`aftercare:${chartId}:%`],
      );
      const h24 = rows.find((r) => r.dedupe_key.endsWith(":h24"));
      assert.ok(h24, "the 24-hour message was queued");
      await worker.sweep();
      await worker.idle();
      const [mail] = smtp.received.filter((m) => m.messageId.includes(h24.id));
      assert.ok(mail, "the 24-hour message arrived");
      assert.equal(mail.subject, "24 horas después de tu sesión: cómo debería ir tu piel");
      assert.match(mail.text, /^Hola, Noah:/);
      // The protocol's paragraphs themselves, accents intact through the MIME encoding.
      assert.match(mail.text, /- Es normal tener rojez como una quemadura solar leve/);
      assert.match(mail.text, /hasta 72 horas/);
      assert.match(mail.text, /Llámanos si: el dolor empeora, hay pus, fiebre/);
      assert.doesNotMatch(mail.text, /Redness|sunburn|Contact the clinic|Call us|seriesRules|AC-[A-Z]/);
      // Every message of the series is Spanish, the next-session one included.
      await worker.sweep();
      await worker.idle();
      const all = smtp.received.filter((m) => rows.some((r) => m.messageId.includes(r.id)));
      assert.equal(all.length, rows.length);
      for (const m of all) assert.doesNotMatch(m.text, /Hello|Redness|Avoid direct sun|\(see /, m.subject);
    });
  });
}
