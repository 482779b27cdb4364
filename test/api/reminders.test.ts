import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import ICAL from "ical.js";
import { Temporal } from "temporal-polyfill";
import type { App } from "../../src/server/app.ts";
import { ConfigError, loadConfig } from "../../src/server/config.ts";
import { type MessageWorker, startMessageWorker } from "../../src/server/jobs/message-worker.ts";
import { createMailer } from "../../src/server/services/mailer.service.ts";
import { type Client, DEMO, seededApp, signedIn } from "../support/api.ts";
import { demoInstant, nextClockChange, weekday } from "../support/dates.ts";
import { databaseTargets, freshDatabase, type TestDatabase } from "../support/db.ts";
import { startTestSmtp, type TestSmtp } from "../support/smtp.ts";

const TZ = "Europe/London";
const at = demoInstant;

describe("mail settings", () => {
  test("SMTP_URL must be an smtp(s) URL and MAIL_FROM an address; both optional", () => {
    assert.throws(() => loadConfig({ SMTP_URL: "http://mail.example" }), ConfigError);
    assert.throws(() => loadConfig({ MAIL_FROM: "not an address" }), /MAIL_FROM/);
    const none = loadConfig({});
    assert.equal(none.mail.smtpUrl, undefined);
    assert.match(none.mail.from, /^Remodel <no-reply@localhost>$/);
    const set = loadConfig({
      SMTP_URL: "smtps://u:p@mail.example:465",
      MAIL_FROM: "Clinic <desk@clinic.example>",
    });
    assert.equal(set.mail.smtpUrl, "smtps://u:p@mail.example:465");
    assert.equal(set.mail.from, "Clinic <desk@clinic.example>");
  });
});

for (const target of await databaseTargets()) {
  describe(`reminders and messages (${target.name} PostgreSQL)`, () => {
    let database: TestDatabase;
    let app: App;
    let desk: Client;
    let smtp: TestSmtp;
    let worker: MessageWorker;
    const logLines: string[] = [];
    let types: Record<string, string>;
    let ava: string;
    let avaEmail: string;
    let noah: string;

    const flush = async () => {
      await worker.sweep();
      await worker.idle();
    };
    const outboxOf = async (appointmentId: string) =>
      (
        await database.admin.query(
          `select id, kind, sent_at, attempts, last_error, send_after, withdrawn_at, kept_for_staff_at
           from outbox where appointment_id = $1 order by kind`,
          [appointmentId],
        )
      ).rows;
    const arrivedFor = (outboxId: string) => smtp.received.filter((m) => m.messageId.includes(outboxId));

    before(async () => {
      database = await freshDatabase(target);
      app = await seededApp(database);
      desk = await signedIn(app, DEMO.desk);
      const setup = await desk.get("/api/setup");
      types = Object.fromEntries(
        setup.body.appointmentTypes.map((t: { kind: string; id: string }) => [t.kind, t.id]),
      );
      const patients = (await desk.get("/api/patients?limit=50")).body.patients as {
        id: string;
        givenName: string;
        email: string;
      }[];
      const a = patients.find((p) => p.givenName === "Ava")!;
      ava = a.id;
      avaEmail = a.email;
      noah = patients.find((p) => p.givenName === "Noah")!.id;
      const screened = await desk.post(`/api/patients/${ava}/screenings`, {
        requestedAppointment: weekday(2, 8).toString(),
        request: {
          setting: "clinic",
          concerns: [{ indication: "acne-scars", zones: ["cheeks"], goodmanBaronGrade: 2 }],
        },
        patient: { pregnant: false, breastfeeding: false },
      });
      assert.equal(screened.status, 201, JSON.stringify(screened.body));
      smtp = await startTestSmtp();
      worker = await startMessageWorker({
        connectionString: database.adminUrl,
        db: database.db,
        mailer: createMailer(smtp.url, "Remodel Demo <desk@demo.remodel.test>"),
        log: (l) => logLines.push(l),
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

    let session: string;

    test("a booking's confirmation goes out at once, to the patient, with an .ics that calendar apps read", async () => {
      const res = await desk.post("/api/appointments", {
        patientId: ava,
        typeId: types.microneedling,
        startsAt: at(weekday(2, 8), "10:00"),
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      session = res.body.appointment.id;
      await flush();
      const rows = await outboxOf(session);
      const confirmation = rows.find((r) => r.kind === "confirmation");
      assert.ok(confirmation.sent_at, "confirmation stamped as sent");
      const [mail, ...more] = arrivedFor(confirmation.id);
      assert.equal(more.length, 0);
      assert.ok(mail, "confirmation arrived");
      assert.deepEqual(mail.envelopeTo, [avaEmail]);
      assert.match(mail.subject, /^Booked: /);
      assert.match(mail.text, /is booked for/);
      const ics = mail.attachments.find((p) => p.contentType.startsWith("text/calendar"));
      assert.ok(ics, "an .ics attachment");
      assert.equal(ics.filename, "appointment.ics");
      const vevent = new ICAL.Component(ICAL.parse(ics.content)).getFirstSubcomponent("vevent")!;
      assert.equal(
        vevent.getFirstPropertyValue("dtstart")!.toString().slice(0, 16),
        Temporal.Instant.from(res.body.appointment.startsAt)
          .toZonedDateTimeISO(TZ)
          .toPlainDateTime()
          .toString()
          .slice(0, 16),
      );
      // The reminders wait for their day.
      for (const r of rows.filter((r) => r.kind !== "confirmation")) {
        assert.equal(r.sent_at, null);
        assert.ok(r.send_after > new Date());
      }
    });

    test("the day-before reminder and the dated preparation reminder go out when due, with the prep date", async () => {
      // Time passes: the reminders fall due.
      await database.admin.query(
        "update outbox set send_after = now() - interval '1 second' where appointment_id = $1 and sent_at is null",
        [session],
      );
      await flush();
      const rows = await outboxOf(session);
      const prep = rows.filter((r) => r.kind === "prep");
      assert.ok(prep.length >= 1, "at least one dated prep reminder");
      for (const r of rows) assert.ok(r.sent_at, `${r.kind} sent`);
      const sunDate = weekday(2, 8).subtract({ days: 7 });
      const prepMails = prep.flatMap((r) => arrivedFor(r.id));
      // Each step in the portal's plain words, never the protocol's clinician text or rule ids.
      for (const m of prepMails) assert.doesNotMatch(m.text, /\(see |PREP-[A-Z]|NSAID/, m.text);
      const sun = prepMails.find((m) => /out of the sun/i.test(m.text));
      assert.ok(sun, "the sun-avoidance step arrived");
      assert.match(sun.subject, /^Preparing for your session on /);
      assert.ok(
        sun.text.includes(
          `${sunDate.day} ${sunDate.toLocaleString("en-GB", { month: "short" })} ${sunDate.year}`,
        ),
        `dated ${sunDate}: ${sun.text}`,
      );
      const dayBefore = arrivedFor(rows.find((r) => r.kind === "day-before").id);
      assert.equal(dayBefore.length, 1);
      assert.match(dayBefore[0]!.subject, /^Tomorrow: /);
      assert.equal(dayBefore[0]!.attachments.length, 0);
    });

    test("a patient who chose Spanish gets the confirmation and the day-before reminder in Spanish", async () => {
      await database.admin.query("update patients set locale = 'es' where id = $1", [noah]);
      try {
        const day = weekday(1, 6);
        const res = await desk.post("/api/appointments", {
          patientId: noah,
          typeId: types.consultation,
          startsAt: at(day, "11:00"),
        });
        assert.equal(res.status, 201, JSON.stringify(res.body));
        const id = res.body.appointment.id;
        await database.admin.query(
          "update outbox set send_after = now() - interval '1 second' where appointment_id = $1 and sent_at is null",
          [id],
        );
        await flush();
        const rows = await outboxOf(id);
        const [booked] = arrivedFor(rows.find((r) => r.kind === "confirmation").id);
        assert.ok(booked, "confirmation arrived");
        assert.match(booked.subject, /^Reservada: /);
        assert.match(booked.text, /^Hola, Noah:/);
        assert.match(booked.text, /está reservada para el lunes, \d+ de \w+ de \d{4}, 11:00/);
        const [reminder] = arrivedFor(rows.find((r) => r.kind === "day-before").id);
        assert.ok(reminder, "day-before reminder arrived");
        assert.match(reminder.subject, /^Mañana: .+ a las 11:00$/);
        assert.match(reminder.text, /te recordamos tu cita de .+ mañana, lunes, /);
        assert.doesNotMatch(reminder.text, /Hello|reminder|tomorrow/);
      } finally {
        await database.admin.query("update patients set locale = null where id = $1", [noah]);
      }
    });

    test("a message is never sent twice: repeated sweeps and concurrent deliveries of the same id", async () => {
      const res = await desk.post("/api/appointments", {
        patientId: noah,
        typeId: types.consultation,
        startsAt: at(weekday(3, 2), "11:00"),
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      const [row] = (await outboxOf(res.body.appointment.id)).filter((r) => r.kind === "confirmation");
      const clinic = (await database.admin.query("select clinic_id from outbox where id = $1", [row.id]))
        .rows[0].clinic_id;
      const outcomes = await Promise.all([
        worker.deliver(clinic, row.id),
        worker.deliver(clinic, row.id),
        worker.deliver(clinic, row.id),
        worker.sweep(),
      ]);
      await worker.sweep();
      await worker.idle();
      assert.equal(outcomes.filter((o) => o === "sent").length <= 1, true);
      assert.equal(arrivedFor(row.id).length, 1);
      assert.equal(await worker.deliver(clinic, row.id), "skipped");
      assert.equal(arrivedFor(row.id).length, 1);
    });

    test("a refused send is kept with its error and retried later with back-off, then sent once", async () => {
      smtp.refuse = 550;
      const res = await desk.post("/api/appointments", {
        patientId: noah,
        typeId: types.consultation,
        startsAt: at(weekday(4, 2), "11:00"),
      });
      assert.equal(res.status, 201);
      await flush();
      let [row] = (await outboxOf(res.body.appointment.id)).filter((r) => r.kind === "confirmation");
      assert.equal(row.sent_at, null);
      assert.equal(row.attempts, 1);
      assert.match(row.last_error, /^smtp_550/);
      const wait = (row.send_after.getTime() - Date.now()) / 1000;
      assert.ok(wait > 20 && wait <= 31, `first retry after about 30 s (${wait})`);
      await flush();
      assert.equal(arrivedFor(row.id).length, 0, "not retried before its time");
      // Second failure doubles the wait.
      await database.admin.query("update outbox set send_after = now() where id = $1", [row.id]);
      await flush();
      [row] = (await outboxOf(res.body.appointment.id)).filter((r) => r.kind === "confirmation");
      assert.equal(row.attempts, 2);
      assert.ok((row.send_after.getTime() - Date.now()) / 1000 > 50);
      smtp.refuse = null;
      await database.admin.query("update outbox set send_after = now() where id = $1", [row.id]);
      await flush();
      [row] = (await outboxOf(res.body.appointment.id)).filter((r) => r.kind === "confirmation");
      assert.ok(row.sent_at);
      assert.equal(row.attempts, 3);
      assert.equal(arrivedFor(row.id).length, 1);
    });

    test("the day-before reminder is queued for 09:00 on the clinic's clock the day before, across a clock change too", async () => {
      // The first clock change in London at least two weeks away: the visit is the day after it,
      // so the reminder falls on the change day itself (24 h before would be an hour off).
      const change = nextClockChange();
      const afterChange = change.add({ days: 1 });
      const ordinary = weekday(4, 3);
      const cases = [
        { visit: at(ordinary, "15:30"), reminder: at(ordinary.subtract({ days: 1 }), "09:00") },
        { visit: at(afterChange, "10:00"), reminder: at(change, "09:00") },
      ];
      for (const c of cases) {
        const res = await desk.post("/api/appointments", {
          patientId: noah,
          typeId: types.consultation,
          startsAt: c.visit,
        });
        assert.equal(res.status, 201, JSON.stringify(res.body));
        const rows = await outboxOf(res.body.appointment.id);
        const dayBefore = rows.filter((r) => r.kind === "day-before");
        assert.equal(dayBefore.length, 1);
        assert.equal(dayBefore[0].send_after.toISOString(), new Date(c.reminder).toISOString(), c.visit);
        await desk.post(`/api/appointments/${res.body.appointment.id}/cancel`, { reason: "duplicate" });
      }
    });

    test("a clinic that chose 18:00 gets its day-before reminder at 18:00 local, across a clock change too; queued ones keep their time", async () => {
      const owner = await signedIn(app, DEMO.owner);
      const current = (await owner.get("/api/setup")).body.settings;
      assert.equal(current.dayBeforeReminderTime, "09:00", "the default");
      const book = async (startsAt: string) => {
        const res = await desk.post("/api/appointments", {
          patientId: noah,
          typeId: types.consultation,
          startsAt,
        });
        assert.equal(res.status, 201, JSON.stringify(res.body));
        return res.body.appointment.id as string;
      };
      const dayBeforeAt = async (id: string) => {
        const rows = (await outboxOf(id)).filter((r) => r.kind === "day-before" && !r.withdrawn_at);
        assert.equal(rows.length, 1);
        return rows[0].send_after.toISOString();
      };
      // Queued under the default, before the change of setting.
      const early = weekday(5, 3);
      const queuedBefore = await book(at(early, "11:00"));

      // Bad times are refused, naming the field, and nothing changes; only the owner may set it.
      for (const bad of ["25:00", "9:00", "18:60", "18:00:00", ""]) {
        const res = await owner.request("PUT", "/api/setup/settings", {
          ...current,
          dayBeforeReminderTime: bad,
        });
        assert.equal(res.status, 400, bad);
        assert.ok(JSON.stringify(res.body.fields ?? res.body).includes("dayBeforeReminderTime"), bad);
      }
      assert.equal((await owner.get("/api/setup")).body.settings.dayBeforeReminderTime, "09:00");
      const byDesk = await desk.request("PUT", "/api/setup/settings", {
        ...current,
        dayBeforeReminderTime: "18:00",
      });
      assert.equal(byDesk.status, 403);

      const saved = await owner.request("PUT", "/api/setup/settings", {
        ...current,
        dayBeforeReminderTime: "18:00",
      });
      assert.equal(saved.status, 200, JSON.stringify(saved.body));
      assert.equal(saved.body.settings.dayBeforeReminderTime, "18:00");
      // Saving the other settings without the field keeps the chosen time.
      const { dayBeforeReminderTime: _left, ...others } = current;
      const kept = await owner.request("PUT", "/api/setup/settings", others);
      assert.equal(kept.body.settings.dayBeforeReminderTime, "18:00");

      const change = nextClockChange();
      const afterChange = change.add({ days: 1 });
      const ordinary = weekday(4, 3);
      const cases = [
        { visit: at(ordinary, "15:30"), reminder: at(ordinary.subtract({ days: 1 }), "18:00") },
        { visit: at(afterChange, "10:00"), reminder: at(change, "18:00") },
      ];
      for (const c of cases) {
        const id = await book(c.visit);
        assert.equal(await dayBeforeAt(id), new Date(c.reminder).toISOString(), c.visit);
        assert.equal(
          Temporal.Instant.from(await dayBeforeAt(id))
            .toZonedDateTimeISO(TZ)
            .toPlainTime()
            .toString(),
          "18:00:00",
        );
        await desk.post(`/api/appointments/${id}/cancel`, { reason: "duplicate" });
      }
      // The reminder queued before the change keeps 09:00.
      assert.equal(
        await dayBeforeAt(queuedBefore),
        new Date(at(early.subtract({ days: 1 }), "09:00")).toISOString(),
      );
      await desk.post(`/api/appointments/${queuedBefore}/cancel`, { reason: "duplicate" });
      const audit = await database.admin.query(
        "select count(*)::int as n from audit_log where action = 'setup.settings'",
      );
      assert.ok(audit.rows[0].n >= 2);
      const reset = await owner.request("PUT", "/api/setup/settings", {
        ...current,
        dayBeforeReminderTime: "09:00",
      });
      assert.equal(reset.status, 200);
    });

    test("moving or cancelling withdraws the reminders of the old time; only the current ones go out", async () => {
      const res = await desk.post("/api/appointments", {
        patientId: noah,
        typeId: types.consultation,
        startsAt: at(weekday(2, 4), "14:00"),
      });
      const id = res.body.appointment.id;
      const moved = await desk.post(`/api/appointments/${id}/reschedule`, {
        startsAt: at(weekday(3, 4), "14:00"),
        reason: "patient-request",
      });
      assert.equal(moved.status, 200, JSON.stringify(moved.body));
      let rows = await outboxOf(id);
      const oldDayBefore = rows.filter((r) => r.kind === "day-before" && r.withdrawn_at);
      assert.equal(oldDayBefore.length, 1, "the old day-before reminder is withdrawn");
      assert.equal(rows.filter((r) => r.kind === "day-before" && !r.withdrawn_at).length, 1);
      const cancel = await desk.post(`/api/appointments/${id}/cancel`, { reason: "illness" });
      assert.equal(cancel.status, 200);
      await database.admin.query(
        "update outbox set send_after = now() - interval '1 second' where appointment_id = $1 and sent_at is null",
        [id],
      );
      await flush();
      rows = await outboxOf(id);
      const sentKinds = rows
        .filter((r) => r.sent_at)
        .map((r) => r.kind)
        .sort();
      assert.ok(sentKinds.includes("cancellation"));
      assert.ok(!sentKinds.includes("day-before"), `no reminder for a cancelled visit: ${sentKinds}`);
      const cancelled = arrivedFor(rows.find((r) => r.kind === "cancellation").id)[0]!;
      assert.match(cancelled.subject, /^Cancelled: /);
    });

    test("no patient data in the worker's log lines", () => {
      assert.ok(logLines.some((l) => / sent$/.test(l)));
      const names = ["Ava", "Martin", "Noah", avaEmail, "@demo.remodel.test", "sun"];
      for (const line of logLines)
        for (const n of names) assert.ok(!line.includes(n), `log line names ${n}: ${line}`);
    });

    test("without SMTP, due messages stay in the outbox marked for staff, and staff read them", async () => {
      await worker.stop();
      const before = smtp.received.length;
      worker = await startMessageWorker({
        connectionString: database.adminUrl,
        db: database.db,
        mailer: null,
        pollingSeconds: 0.5,
        sweepCron: null,
      });
      const res = await desk.post("/api/appointments", {
        patientId: noah,
        typeId: types.consultation,
        startsAt: at(weekday(5, 3), "11:00"),
      });
      assert.equal(res.status, 201);
      // An expired hold is removed by the sweep, and the removal is audited.
      const held = await desk.post("/api/appointments", {
        patientId: ava,
        typeId: types.consultation,
        startsAt: at(weekday(5, 3), "14:00"),
        hold: true,
      });
      assert.equal(held.status, 201);
      await database.admin.query(
        "update appointments set held_until = now() - interval '1 minute' where id = $1",
        [held.body.appointment.id],
      );
      const result = await worker.sweep();
      assert.ok(result.keptForStaff >= 1);
      assert.equal(result.holdsReleased, 1);
      const removal = await database.admin.query(
        "select actor_role, detail from audit_log where action = 'appointment.hold-expired' and resource_id = $1",
        [held.body.appointment.id],
      );
      assert.equal(removal.rowCount, 1);
      assert.equal(removal.rows[0].actor_role, "system");
      assert.equal(removal.rows[0].detail.patientId, ava);
      assert.equal(
        (await database.admin.query("select 1 from appointments where id = $1", [held.body.appointment.id]))
          .rowCount,
        0,
      );
      const outbox = await desk.get(`/api/outbox?patientId=${noah}`);
      assert.equal(outbox.status, 200);
      const mine = outbox.body.messages.filter(
        (m: { appointmentId: string }) => m.appointmentId === res.body.appointment.id,
      );
      const confirmation = mine.find((m: { kind: string }) => m.kind === "confirmation");
      assert.ok(confirmation.keptForStaffAt, "marked for staff");
      assert.equal(confirmation.sentAt, null);
      assert.match(confirmation.subject, /^Booked: /);
      const reminder = mine.find((m: { kind: string }) => m.kind === "day-before");
      assert.equal(reminder.keptForStaffAt, null, "not due yet, not marked");
      assert.equal(smtp.received.length, before, "nothing e-mailed");
    });
  });
}
