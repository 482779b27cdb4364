// A patient who reads Spanish gets the protocol's aftercare and preparation paragraphs in Spanish,
// as delivered by SMTP: not only the words around them.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { App } from "../../src/server/app.ts";
import { type MessageWorker, startMessageWorker } from "../../src/server/jobs/message-worker.ts";
import { createMailer } from "../../src/server/services/mailer.service.ts";
import { signedSessionFor } from "../browser/patient-fixtures.ts";
import { DEMO, seededApp, signedIn } from "../support/api.ts";
import { demoInstant, weekday } from "../support/dates.ts";
import { databaseTargets, freshDatabase, type TestDatabase } from "../support/db.ts";
import { startTestSmtp, type TestSmtp } from "../support/smtp.ts";

const NOAH = "noah.okafor@demo.remodel.test";

for (const target of await databaseTargets()) {
  describe(`aftercare and preparation e-mails in Spanish (${target.name} PostgreSQL)`, () => {
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
      const next = all.find((m) => /^Te toca tu próxima sesión/.test(m.subject));
      assert.ok(next, "the next-session message arrived");
      // Its date as Spanish writes it, through Intl: "(mar, 12 ene 2027)", never "2027-01-12".
      assert.match(next.text, /hoy se abre el plazo para tu próxima sesión \(\S+ \d+ \S+ \d{4}\)/);
      assert.match(next.text, /Tu próxima sesión toca 4–6 semanas después de esta\./);
    });

    test("the dated preparation e-mail reads the protocol's step in Spanish, dated in Spanish", async () => {
      const ava = await signedIn(app, DEMO.patient);
      assert.equal((await ava.post("/api/portal/locale", { locale: "es" })).status, 200);
      const desk = await signedIn(app, DEMO.desk);
      const setup = await desk.get("/api/setup");
      const typeId = setup.body.appointmentTypes.find((t: { kind: string }) => t.kind === "microneedling").id;
      const patients = (await desk.get("/api/patients?limit=50")).body.patients as {
        id: string;
        givenName: string;
      }[];
      const patientId = patients.find((p) => p.givenName === "Ava")!.id;
      const day = weekday(3, 8);
      const screened = await desk.post(`/api/patients/${patientId}/screenings`, {
        requestedAppointment: day.toString(),
        request: {
          setting: "clinic",
          concerns: [{ indication: "acne-scars", zones: ["cheeks"], goodmanBaronGrade: 2 }],
        },
        patient: { pregnant: false, breastfeeding: false },
      });
      assert.equal(screened.status, 201, JSON.stringify(screened.body));
      const booked = await desk.post("/api/appointments", {
        patientId,
        typeId,
        startsAt: demoInstant(day, "10:00"),
      });
      assert.equal(booked.status, 201, JSON.stringify(booked.body));
      const { rows } = await database.admin.query(
        `update outbox set send_after = now() - interval '1 second'
         where appointment_id = $1 and kind = 'prep' and sent_at is null returning id`,
        [booked.body.appointment.id],
      );
      assert.ok(rows.length >= 1, "at least one dated preparation e-mail");
      await worker.sweep();
      await worker.idle();
      const mails = smtp.received.filter((m) => rows.some((r) => m.messageId.includes(r.id)));
      assert.equal(mails.length, rows.length);
      const sun = mails.find((m) => /No tomes el sol ni te broncees/.test(m.text));
      assert.ok(sun, `the sun step arrived in Spanish: ${mails.map((m) => m.text).join("\n---\n")}`);
      assert.match(sun.subject, /^Cómo prepararte para tu sesión del \S+ \d+ \S+ \d{4}$/);
      assert.match(sun.text, /^Hola, Ava:/);
      assert.match(sun.text, /Desde el \S+ \d+ \S+ \d{4}: No tomes el sol/);
      assert.match(sun.text, /durante los 7 días anteriores a tu sesión/);
      for (const m of mails)
        assert.doesNotMatch(m.text, /Avoid|Stop |From |sun exposure|\(see PREP-/, m.subject);
    });
  });
}
