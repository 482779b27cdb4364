import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { App } from "../../src/server/app.ts";
import { cleanUpHolds } from "../../src/server/jobs/hold-cleanup.ts";
import { type MessageWorker, startMessageWorker } from "../../src/server/jobs/message-worker.ts";
import { createMailer } from "../../src/server/services/mailer.service.ts";
import { Client, DEMO, seededApp, signedIn } from "../support/api.ts";
import { weekday } from "../support/dates.ts";
import { databaseTargets, freshDatabase, type TestDatabase } from "../support/db.ts";
import { startTestSmtp, type TestSmtp } from "../support/smtp.ts";

const TZ = "Europe/London";

let visitorNo = 0;
const visitor = (over: Record<string, unknown> = {}) => {
  visitorNo++;
  return {
    givenName: "Iris",
    familyName: `Visitor${visitorNo}`,
    email: `iris.${visitorNo}@example.com`,
    phone: "+44 7700 900123",
    dateOfBirth: "1990-05-17",
    ...over,
  };
};

for (const target of await databaseTargets()) {
  describe(`public consultation booking (${target.name} PostgreSQL)`, () => {
    let database: TestDatabase;
    let app: App;
    let web: Client;
    let consultation: string;
    let smtp: TestSmtp;
    let worker: MessageWorker;
    const count = async (table: string) =>
      (await database.admin.query(`select count(*)::int as n from ${table}`)).rows[0].n as number;

    before(async () => {
      database = await freshDatabase(target);
      smtp = await startTestSmtp();
      app = await seededApp(database, { BOOKING_RATE_LIMIT_PER_MINUTE: "1000", SMTP_URL: smtp.url });
      web = new Client(app);
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

    test("a visitor sees the free consultation times, and only the time of each", async () => {
      const day = weekday(2, 2).toString();
      const res = await web.get(`/api/public/slots?type=consultation&from=${day}&limit=10`);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      consultation = res.body.type.id;
      assert.equal(res.body.type.kind, "consultation");
      assert.equal(res.body.timeZone, TZ);
      assert.equal(res.body.slots.length, 10);
      for (const s of res.body.slots) {
        assert.deepEqual(Object.keys(s).sort(), ["date", "endsAt", "startsAt", "time"]);
        assert.ok(s.date >= day);
        assert.ok(s.time >= "09:00");
      }
      const session = await web.get("/api/public/slots?type=microneedling");
      assert.equal(session.status, 404);
      assert.equal(session.body.error, "not_bookable_online");
    });

    let holdId: string;
    let holdToken: string;
    /**
     * What is due is sent; the newest e-mail that reached the address, of those whose subject
     * matches when one is given (messages due together go out in no fixed order).
     */
    const mailTo = async (email: string, subject?: RegExp) => {
      await worker.sweep();
      await worker.idle();
      return smtp.received
        .filter((m) => m.envelopeTo.includes(email) && (!subject || subject.test(m.subject ?? "")))
        .at(-1);
    };
    const iris = visitor();
    /** Ava (a patient with an account) asks for a time on /book: held on her record, unconfirmed. */
    const askOnlineAsAva = async (startsAt: string): Promise<string> => {
      const asked = await web.post("/api/public/bookings", {
        typeId: consultation,
        startsAt,
        ...visitor({ email: DEMO.patient }),
      });
      assert.equal(asked.status, 201, JSON.stringify(asked.body));
      const id = asked.body.bookingId as string;
      const done = await web.post(`/api/public/bookings/${id}/confirm`, { holdToken: asked.body.holdToken });
      assert.equal(done.status, 200, JSON.stringify(done.body));
      return id;
    };

    test("hold with name, e-mail, phone and date of birth: the patient is made, the time is held, no message yet", async () => {
      const slots = (await web.get(`/api/public/slots?type=consultation&from=${weekday(3, 2)}&limit=3`)).body
        .slots;
      const res = await web.post("/api/public/bookings", {
        typeId: consultation,
        startsAt: slots[1].startsAt,
        ...iris,
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      holdId = res.body.bookingId;
      holdToken = res.body.holdToken;
      assert.ok(new Date(res.body.heldUntil) > new Date());
      const row = (
        await database.admin.query(
          `select a.held_until, a.booked_via, p.email, p.date_of_birth::text as dob from appointments a
           join patients p on p.id = a.patient_id where a.id = $1`,
          [holdId],
        )
      ).rows[0];
      assert.ok(row.held_until);
      assert.equal(row.booked_via, "online");
      assert.equal(row.email, iris.email);
      assert.equal(row.dob, iris.dateOfBirth);
      assert.equal(
        (
          await database.admin.query("select count(*)::int as n from outbox where appointment_id = $1", [
            holdId,
          ])
        ).rows[0].n,
        0,
      );
    });

    test("confirm needs the hold's token; it books, makes the patient's account and queues the confirmation and the password link", async () => {
      const wrong = await web.post(`/api/public/bookings/${holdId}/confirm`, { holdToken: "x".repeat(32) });
      assert.equal(wrong.status, 404);
      const res = await web.post(`/api/public/bookings/${holdId}/confirm`, { holdToken });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.body.email, iris.email);
      assert.equal(res.body.booking.type, "Consultation");
      assert.equal("setupToken" in res.body, false, "the password link goes by e-mail only");
      const appointment = (
        await database.admin.query("select status, held_until from appointments where id = $1", [holdId])
      ).rows[0];
      assert.equal(appointment.status, "booked");
      assert.equal(appointment.held_until, null);
      const user = (
        await database.admin.query("select role, password_hash from users where email = $1", [iris.email])
      ).rows[0];
      assert.equal(user.role, "patient");
      assert.equal(user.password_hash, null);
      const messages = (
        await database.admin.query("select kind, to_address from outbox where appointment_id = $1", [holdId])
      ).rows;
      assert.ok(messages.some((m) => m.kind === "confirmation" && m.to_address === iris.email));
      const setup = (
        await database.admin.query(
          "select body_text, account_setup_token_id from outbox where kind = 'account-setup' and to_address = $1",
          [iris.email],
        )
      ).rows;
      assert.equal(setup.length, 1);
      assert.ok(setup[0].account_setup_token_id, "the message names its set-up token");
      assert.match(setup[0].body_text, /\/portal\/set-password#\{\{account-setup-token\}\}/);
      const again = await web.post(`/api/public/bookings/${holdId}/confirm`, { holdToken });
      assert.equal(again.status, 404, "the token is spent with the hold");
      const audit = (
        await database.admin.query(
          "select action, detail::text as detail from audit_log where action in ('appointment.hold','patient.create','appointment.confirm','account.create')",
        )
      ).rows;
      assert.deepEqual([...new Set(audit.map((a) => a.action))].sort(), [
        "account.create",
        "appointment.confirm",
        "appointment.hold",
        "patient.create",
      ]);
      for (const a of audit)
        assert.ok(!String(a.detail).includes("Iris") && !String(a.detail).includes(iris.email), a.detail);
    });

    test("the e-mailed link sets a password once; the patient then signs in and sees the booking in the portal", async () => {
      const mail = await mailTo(iris.email, /Set a password/);
      assert.ok(mail, "the password link is e-mailed");
      assert.match(mail.subject, /Set a password/);
      const setupToken = /\/portal\/set-password#([A-Za-z0-9_-]+)/.exec(mail.text)?.[1] ?? "";
      assert.ok(setupToken.length >= 40, mail.text);
      const weak = await web.post("/api/public/account-setup", { token: setupToken, password: "short" });
      assert.equal(weak.status, 400);
      const res = await web.post("/api/public/account-setup", {
        token: setupToken,
        password: "a-good-long-password",
      });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.body.email, iris.email);
      const reuse = await web.post("/api/public/account-setup", {
        token: setupToken,
        password: "another-password-1",
      });
      assert.equal(reuse.status, 404);
      const patient = new Client(app);
      const login = await patient.login(iris.email, "a-good-long-password");
      assert.equal(login.status, 200, JSON.stringify(login.body));
      const mine = await patient.get("/api/portal/appointments");
      assert.equal(mine.status, 200);
      assert.ok(mine.body.appointments.some((a: { id: string }) => a.id === holdId));
      const outbox = (
        await database.admin.query(
          "select body_text from outbox where kind = 'account-setup' and to_address = $1",
          [iris.email],
        )
      ).rows[0];
      assert.doesNotMatch(outbox.body_text, new RegExp(setupToken), "the sent token is not kept");
    });

    test("the new visitor's booking e-mail carries the visit as a calendar file (.ics) to add to their calendar", async () => {
      const mail = await mailTo(iris.email, /^Booked: Consultation on /);
      assert.ok(mail, "the booking e-mail reached the mail server");
      assert.match(mail.text, /attached calendar file/);
      const ics = mail.attachments.find((a) => a.filename === "appointment.ics");
      assert.ok(ics, `an .ics attachment: ${mail.attachments.map((a) => a.filename).join(", ")}`);
      assert.match(ics.contentType, /^text\/calendar/);
      const text = String(ics.content);
      assert.match(text, /BEGIN:VCALENDAR[\s\S]*BEGIN:VEVENT/);
      assert.match(text, /SUMMARY:Consultation/);
      assert.match(text, new RegExp(`UID:${holdId}`));
      const start = (await database.admin.query("select starts_at from appointments where id = $1", [holdId]))
        .rows[0].starts_at as Date;
      const local = new Intl.DateTimeFormat("en-CA", {
        timeZone: TZ,
        year: "numeric",
        month: "2-digit",
        day: "2-digit",
        hour: "2-digit",
        minute: "2-digit",
        hourCycle: "h23",
      })
        .format(start)
        .replace(/[-:, ]/g, "");
      assert.match(text, new RegExp(`DTSTART;TZID=${TZ}:${local.slice(0, 8)}T${local.slice(8)}00`));
    });

    test("a visitor who booked on the Spanish page is written to in Spanish, and their portal opens in Spanish", async () => {
      const ana = visitor({ givenName: "Ana", email: `ana.${Date.now()}@example.com` });
      const slots = (await web.get(`/api/public/slots?type=consultation&from=${weekday(3, 3)}&limit=3`)).body
        .slots;
      const held = await web.post("/api/public/bookings", {
        typeId: consultation,
        startsAt: slots[2].startsAt,
        ...ana,
        locale: "es",
      });
      assert.equal(held.status, 201, JSON.stringify(held.body));
      const confirmed = await web.post(`/api/public/bookings/${held.body.bookingId}/confirm`, {
        holdToken: held.body.holdToken,
      });
      assert.equal(confirmed.status, 200, JSON.stringify(confirmed.body));
      const row = (await database.admin.query("select locale from patients where email = $1", [ana.email]))
        .rows[0];
      assert.equal(row.locale, "es");
      const mail = await mailTo(ana.email, /contraseña/);
      assert.ok(mail, "the password link is e-mailed in Spanish");
      const bad = await web.post("/api/public/bookings", {
        typeId: consultation,
        startsAt: slots[1].startsAt,
        ...visitor(),
        locale: "fr",
      });
      assert.equal(bad.status, 400);
      assert.ok(bad.body.fields["body.locale"]);
    });

    test("/book answers the same for the e-mail of a patient with an account and for a new one; the patient's hold joins their record and a sign-in link is e-mailed", async () => {
      const [a, b] = (await web.get(`/api/public/slots?type=consultation&from=${weekday(4, 2)}&limit=2`)).body
        .slots;
      const patientsBefore = await count("patients");
      const usersBefore = await count("users");
      const ava = (
        await database.admin.query("select patient_id from users where email = $1", [DEMO.patient])
      ).rows[0].patient_id as string;
      const known = await web.post("/api/public/bookings", {
        typeId: consultation,
        startsAt: a.startsAt,
        ...visitor({ givenName: "Ava", familyName: "Martin", email: DEMO.patient.toUpperCase() }),
      });
      const fresh = await web.post("/api/public/bookings", {
        typeId: consultation,
        startsAt: b.startsAt,
        ...visitor({ givenName: "Ava", familyName: "Martin", email: "ava.new@example.com" }),
      });
      const shape = (v: unknown): unknown =>
        v && typeof v === "object"
          ? Object.fromEntries(
              Object.entries(v)
                .sort(([x], [y]) => x.localeCompare(y))
                .map(([k, x]) => [k, shape(x)]),
            )
          : typeof v;
      assert.equal(known.status, 201, JSON.stringify(known.body));
      assert.equal(fresh.status, known.status);
      assert.deepEqual(shape(fresh.body), shape(known.body));
      assert.equal(fresh.body.type, known.body.type);

      const knownDone = await web.post(`/api/public/bookings/${known.body.bookingId}/confirm`, {
        holdToken: known.body.holdToken,
      });
      const freshDone = await web.post(`/api/public/bookings/${fresh.body.bookingId}/confirm`, {
        holdToken: fresh.body.holdToken,
      });
      assert.equal(knownDone.status, 200, JSON.stringify(knownDone.body));
      assert.equal(freshDone.status, knownDone.status);
      assert.deepEqual(shape(freshDone.body), shape(knownDone.body));
      assert.equal(knownDone.body.email, DEMO.patient);
      assert.equal(freshDone.body.email, "ava.new@example.com");
      assert.deepEqual(
        { ...freshDone.body.booking, startsAt: null, endsAt: null },
        { ...knownDone.body.booking, startsAt: null, endsAt: null },
      );
      assert.doesNotMatch(JSON.stringify(knownDone.body), /account|sign in/i);

      // Never a second record for the patient: the hold is theirs, "Held online" until confirmed.
      assert.equal(await count("patients"), patientsBefore + 1, "only the new visitor's record");
      assert.equal(await count("users"), usersBefore + 1, "only the new visitor's account");
      const held = (
        await database.admin.query(
          "select patient_id, held_until, starts_at, booked_via, hold_token_hash from appointments where id = $1",
          [known.body.bookingId],
        )
      ).rows[0];
      assert.equal(held.patient_id, ava);
      assert.equal(held.booked_via, "online");
      assert.ok(held.held_until < held.starts_at, "the hold lapses before the visit if nobody confirms it");
      assert.equal(held.hold_token_hash, null, "the visitor's token is spent");
      const note = (
        await database.admin.query(
          "select note from appointment_events where appointment_id = $1 and action = 'held' and note is not null",
          [known.body.bookingId],
        )
      ).rows[0];
      assert.match(note.note, /Typed: Ava Martin, born 1990-05-17/);
      const desk = await signedIn(app, DEMO.desk);
      const calendar = await desk.get(`/api/appointments/${known.body.bookingId}`);
      assert.equal(calendar.status, 200, JSON.stringify(calendar.body));
      assert.ok(calendar.body.appointment.heldUntil, "the desk sees it held online");

      const mail = await mailTo(DEMO.patient);
      assert.ok(mail, "a sign-in link is e-mailed to the patient");
      assert.match(mail.subject, /^Your request: Consultation on /);
      assert.match(mail.text, /\/portal\/sign-in\/link#\S+/);
      assert.doesNotMatch(mail.text, /\{\{sign-in-token\}\}/);
      const token = /\/portal\/sign-in\/link#(\S+)/.exec(mail.text)?.[1] ?? "";
      const patient = new Client(app);
      assert.equal((await patient.post("/api/portal-auth/redeem", { token })).status, 200);
      const mine = await patient.get("/api/portal/appointments");
      const asked = mine.body.appointments.find((x: { id: string }) => x.id === known.body.bookingId);
      assert.equal(asked?.held, true, "the portal says it is not confirmed yet");
      const confirmed = await patient.post(`/api/appointments/${known.body.bookingId}/confirm`, {});
      assert.equal(confirmed.status, 200, JSON.stringify(confirmed.body));
    });

    test("the e-mail of a patient record without an account (a phone booking): no second record; the time is held on it and the e-mail sets up their portal to confirm it", async () => {
      const desk = await signedIn(app, DEMO.desk);
      const made = await desk.post("/api/patients", {
        givenName: "Pia",
        familyName: "Phonebooked",
        dateOfBirth: "1979-03-09",
        sex: "female",
        email: "pia.phone@example.com",
        phone: "+44 7700 900456",
      });
      assert.equal(made.status, 201, JSON.stringify(made.body));
      const pia = made.body.patient.id as string;
      const [a, b] = (await web.get(`/api/public/slots?type=consultation&from=${weekday(6, 2)}&limit=2`)).body
        .slots;
      const patientsBefore = await count("patients");
      const known = await web.post("/api/public/bookings", {
        typeId: consultation,
        startsAt: a.startsAt,
        ...visitor({ givenName: "Pia", familyName: "Phone", email: "PIA.phone@example.com" }),
      });
      const fresh = await web.post("/api/public/bookings", {
        typeId: consultation,
        startsAt: b.startsAt,
        ...visitor({ givenName: "Pia", familyName: "Phone", email: "pia.other@example.com" }),
      });
      assert.equal(known.status, 201, JSON.stringify(known.body));
      assert.deepEqual(Object.keys(known.body).sort(), Object.keys(fresh.body).sort());
      const knownDone = await web.post(`/api/public/bookings/${known.body.bookingId}/confirm`, {
        holdToken: known.body.holdToken,
      });
      const freshDone = await web.post(`/api/public/bookings/${fresh.body.bookingId}/confirm`, {
        holdToken: fresh.body.holdToken,
      });
      assert.equal(knownDone.status, 200, JSON.stringify(knownDone.body));
      assert.equal(freshDone.status, 200, JSON.stringify(freshDone.body));
      assert.deepEqual(Object.keys(knownDone.body).sort(), Object.keys(freshDone.body).sort());
      assert.deepEqual(
        Object.keys(knownDone.body.booking).sort(),
        Object.keys(freshDone.body.booking).sort(),
      );

      assert.equal(await count("patients"), patientsBefore + 1, "only the new visitor's record");
      const held = (
        await database.admin.query(
          "select patient_id, held_until, booked_via, hold_token_hash from appointments where id = $1",
          [known.body.bookingId],
        )
      ).rows[0];
      assert.equal(held.patient_id, pia, "the hold is on the existing record");
      assert.ok(held.held_until, "held online, not booked");
      assert.equal(held.hold_token_hash, null);
      const note = (
        await database.admin.query(
          "select note from appointment_events where appointment_id = $1 and action = 'held' and note is not null",
          [known.body.bookingId],
        )
      ).rows[0];
      assert.match(note.note, /Typed: Pia Phone, born 1990-05-17, phone \+44 7700 900123/);
      const calendar = await desk.get(`/api/appointments/${known.body.bookingId}`);
      assert.ok(calendar.body.appointment.heldUntil, "the desk sees it held online");

      const mail = await mailTo("pia.phone@example.com", /Set a password/);
      assert.ok(mail, "the set-up link is e-mailed to the record's address");
      assert.match(mail.text, /Consultation/);
      const setupToken = /\/portal\/set-password#([A-Za-z0-9_-]+)/.exec(mail.text)?.[1] ?? "";
      const set = await web.post("/api/public/account-setup", {
        token: setupToken,
        password: "pia-long-password",
      });
      assert.equal(set.status, 200, JSON.stringify(set.body));
      const patient = new Client(app);
      assert.equal((await patient.login("pia.phone@example.com", "pia-long-password")).status, 200);
      const mine = await patient.get("/api/portal/appointments");
      const asked = mine.body.appointments.find((x: { id: string }) => x.id === known.body.bookingId);
      assert.equal(asked?.held, true, "the portal shows the request to confirm");
      const confirmed = await patient.post(`/api/appointments/${known.body.bookingId}/confirm`, {});
      assert.equal(confirmed.status, 200, JSON.stringify(confirmed.body));
      const account = (
        await database.admin.query("select patient_id from users where email = $1", ["pia.phone@example.com"])
      ).rows[0];
      assert.equal(account.patient_id, pia, "the account is the existing record's");
    });

    test("a time held on a patient's record lapses if nobody confirms it within a day: the time is free again, and the portal and the desk say it lapsed", async () => {
      const [slot] = (await web.get(`/api/public/slots?type=consultation&from=${weekday(7, 2)}&limit=1`)).body
        .slots;
      const offered = async () =>
        (await web.get(`/api/public/slots?type=consultation&from=${slot.date}&limit=50`)).body.slots.some(
          (s: { startsAt: string }) => s.startsAt === slot.startsAt,
        );
      const id = await askOnlineAsAva(slot.startsAt);
      const row = (
        await database.admin.query(
          "select extract(epoch from held_until - now()) / 3600 as hours from appointments where id = $1",
          [id],
        )
      ).rows[0];
      assert.ok(
        Number(row.hours) > 23.9 && Number(row.hours) <= 24,
        `lapses a day after asking (${row.hours} h)`,
      );

      // Every provider and room at that time taken: the time is no longer offered.
      let full = false;
      for (let i = 0; i < 20 && !full; i++) {
        const r = await web.post("/api/public/bookings", {
          typeId: consultation,
          startsAt: slot.startsAt,
          ...visitor(),
        });
        if (r.status === 409) full = true;
        else assert.equal(r.status, 201, JSON.stringify(r.body));
      }
      assert.ok(full);
      assert.equal(await offered(), false);

      // A day on, nobody confirmed it: the time is offered and can be held again.
      await database.admin.query(
        "update appointments set held_until = now() - interval '1 second' where id = $1",
        [id],
      );
      assert.equal(await offered(), true, "the slot search no longer counts the lapsed hold");
      const patient = await signedIn(app, DEMO.patient);
      const before = (await patient.get("/api/portal/appointments")).body.appointments.find(
        (a: { id: string }) => a.id === id,
      );
      assert.equal(before?.lapsed, true, "the portal says the request lapsed");
      const late = await patient.post(`/api/appointments/${id}/confirm`, {});
      assert.equal(late.status, 410, JSON.stringify(late.body));
      const again = await web.post("/api/public/bookings", {
        typeId: consultation,
        startsAt: slot.startsAt,
        ...visitor(),
      });
      assert.equal(again.status, 201, JSON.stringify(again.body));

      await worker.sweep();
      const kept = (
        await database.admin.query("select status, status_reason from appointments where id = $1", [id])
      ).rows[0];
      assert.deepEqual(
        kept,
        { status: "cancelled", status_reason: "hold-lapsed" },
        "kept on the record as lapsed",
      );
      const after = (await patient.get("/api/portal/appointments")).body.appointments.find(
        (a: { id: string }) => a.id === id,
      );
      assert.equal(after?.lapsed, true);
      const ava = (
        await database.admin.query("select patient_id from users where email = $1", [DEMO.patient])
      ).rows[0].patient_id;
      const desk = await signedIn(app, DEMO.desk);
      const requests = await desk.get(`/api/patients/${ava}/booking-requests`);
      assert.equal(requests.status, 200, JSON.stringify(requests.body));
      const request = requests.body.requests.find((r: { appointmentId: string }) => r.appointmentId === id);
      assert.equal(request?.lapsed, true, "the desk sees the request lapsed");
    });

    test("the request's e-mail says by when it must be confirmed, and a patient whose request lapsed is told so by e-mail, once", async () => {
      const [slot] = (await web.get(`/api/public/slots?type=consultation&from=${weekday(1, 6)}&limit=1`)).body
        .slots;
      const id = await askOnlineAsAva(slot.startsAt);
      const request = await mailTo(DEMO.patient, /^Your request/);
      assert.ok(request, "the request is e-mailed");
      assert.match(
        request.text,
        /If it is not confirmed by \w+day, \d+ \w+ \d{4} at \d{2}:\d{2}, the time is released for others\./,
      );

      await database.admin.query(
        "update appointments set held_until = now() - interval '1 second' where id = $1",
        [id],
      );
      const first = await cleanUpHolds(database.db);
      // The earlier test's lapsed request is told too: it lapsed unconfirmed, for a visit still to come.
      assert.equal(first.lapseNotices, 2, "one notice for each lapsed request");
      const again = await cleanUpHolds(database.db);
      assert.equal(again.lapseNotices, 0, "never twice");
      const queued = (
        await database.admin.query(
          "select kind, appointment_id, to_address from outbox where dedupe_key = $1",
          [`request-lapsed:${id}`],
        )
      ).rows;
      assert.deepEqual(queued, [{ kind: "request-lapsed", appointment_id: null, to_address: DEMO.patient }]);
      const notice = await mailTo(DEMO.patient, /^Not confirmed/);
      assert.ok(notice, "the lapse notice is sent");
      assert.match(notice.text, /was not confirmed in time, so it is free for others again/);
      assert.match(notice.text, /Consultation/);
      assert.doesNotMatch(notice.text, /hold-lapsed|held_until/);
    });

    test("the owner sets how long a request stays held on Clinic set-up; it never outlasts the cancellation notice before the visit", async () => {
      const owner = await signedIn(app, DEMO.owner);
      const setup = await owner.get("/api/setup");
      assert.equal(setup.body.settings.requestHoldHours, 24);
      const saved = await owner.request("PUT", "/api/setup/settings", {
        ...setup.body.settings,
        requestHoldHours: 6,
      });
      assert.equal(saved.status, 200, JSON.stringify(saved.body));
      assert.equal(saved.body.settings.requestHoldHours, 6);
      const bad = await owner.request("PUT", "/api/setup/settings", {
        ...setup.body.settings,
        requestHoldHours: 0,
      });
      assert.equal(bad.status, 400);
      assert.ok(bad.body.fields["body.requestHoldHours"]);
      try {
        const heldHours = async (from: string) => {
          const [slot] = (await web.get(`/api/public/slots?type=consultation&from=${from}&limit=1`)).body
            .slots;
          const asked = await web.post("/api/public/bookings", {
            typeId: consultation,
            startsAt: slot.startsAt,
            ...visitor({ email: DEMO.patient }),
          });
          assert.equal(asked.status, 201, JSON.stringify(asked.body));
          const done = await web.post(`/api/public/bookings/${asked.body.bookingId}/confirm`, {
            holdToken: asked.body.holdToken,
          });
          assert.equal(done.status, 200, JSON.stringify(done.body));
          const row = (
            await database.admin.query(
              `select extract(epoch from held_until - now()) / 3600 as hours,
                      extract(epoch from starts_at - held_until) / 3600 as before from appointments where id = $1`,
              [asked.body.bookingId],
            )
          ).rows[0];
          return { hours: Number(row.hours), before: Number(row.before) };
        };
        const six = await heldHours(weekday(8, 2).toString());
        assert.ok(six.hours > 5.9 && six.hours <= 6, `${six.hours}`);
        await owner.request("PUT", "/api/setup/settings", {
          ...setup.body.settings,
          requestHoldHours: 168,
          cancelNoticeHours: 336,
        });
        const capped = await heldHours(weekday(3, 4).toString());
        assert.ok(capped.hours >= 0.99 && capped.hours < 168, `${capped.hours}`);
        assert.ok(capped.before > 0, "lapses before the visit starts");
      } finally {
        await owner.request("PUT", "/api/setup/settings", setup.body.settings);
      }
    });

    test("a returning patient may ask online again: each request joins their record", async () => {
      const slot = (await web.get(`/api/public/slots?type=consultation&from=${weekday(5, 3)}&limit=1`)).body
        .slots[0];
      const held = await web.post("/api/public/bookings", {
        typeId: consultation,
        startsAt: slot.startsAt,
        ...visitor({ email: DEMO.patient }),
      });
      assert.equal(held.status, 201, JSON.stringify(held.body));
      const requestsOf = async () =>
        (
          await database.admin.query(
            "select count(*)::int as n from booking_requests r join users u on u.patient_id = r.patient_id where u.email = $1",
            [DEMO.patient],
          )
        ).rows[0].n as number;
      const before = await requestsOf();
      const done = await web.post(`/api/public/bookings/${held.body.bookingId}/confirm`, {
        holdToken: held.body.holdToken,
      });
      assert.equal(done.status, 200, JSON.stringify(done.body));
      assert.equal(await requestsOf(), before + 1);
    });

    test("a taken time answers 409 with the next free times (no provider or room named)", async () => {
      const day = weekday(4, 3).toString();
      const [first] = (await web.get(`/api/public/slots?type=consultation&from=${day}&limit=1`)).body.slots;
      let taken: { status: number; body: { error: string; nextSlots: Record<string, string>[] } } | null =
        null;
      for (let i = 0; i < 20 && !taken; i++) {
        const res = await web.post("/api/public/bookings", {
          typeId: consultation,
          startsAt: first.startsAt,
          ...visitor(),
        });
        if (res.status === 409) taken = res;
        else assert.equal(res.status, 201, JSON.stringify(res.body));
      }
      assert.ok(taken, "the time runs out of providers and rooms");
      assert.equal(taken.body.error, "slot_taken");
      assert.ok(taken.body.nextSlots.length >= 1);
      for (const s of taken.body.nextSlots) {
        assert.ok(Date.parse(s.startsAt!) > Date.parse(first.startsAt));
        assert.equal("providerId" in s, false);
      }
    });

    test("bad input says what is wrong and writes nothing", async () => {
      const patients = await count("patients");
      const appointments = await count("appointments");
      const slot = (await web.get(`/api/public/slots?type=consultation&from=${weekday(2, 5)}&limit=1`)).body
        .slots[0];
      const cases: [Record<string, unknown>, number, string][] = [
        [{ ...visitor(), typeId: consultation, startsAt: slot.startsAt, extra: 1 }, 400, "extra"],
        [
          { ...visitor({ email: "not-mail" }), typeId: consultation, startsAt: slot.startsAt },
          400,
          "body.email",
        ],
        [
          { ...visitor({ phone: "call me" }), typeId: consultation, startsAt: slot.startsAt },
          400,
          "body.phone",
        ],
        [
          { ...visitor({ dateOfBirth: "1990-02-30" }), typeId: consultation, startsAt: slot.startsAt },
          400,
          "body.dateOfBirth",
        ],
        [{ ...visitor(), typeId: consultation, startsAt: "2020-01-07T10:00:00Z" }, 422, "body.startsAt"],
        [
          { ...visitor(), typeId: consultation, startsAt: `${weekday(7, 5)}T03:00:00Z` },
          422,
          "body.startsAt",
        ],
      ];
      for (const [body, status, field] of cases) {
        const res = await web.post("/api/public/bookings", body);
        assert.equal(res.status, status, `${field}: ${JSON.stringify(res.body)}`);
        assert.ok(
          JSON.stringify(res.body.fields ?? {}).includes(field) || res.body.message.includes(field),
          `${field} named in ${JSON.stringify(res.body)}`,
        );
      }
      assert.equal(await count("patients"), patients);
      assert.equal(await count("appointments"), appointments);
    });

    test("a hold that expired cannot be confirmed (410) and no longer blocks the time", async () => {
      const slot = (await web.get(`/api/public/slots?type=consultation&from=${weekday(5, 5)}&limit=1`)).body
        .slots[0];
      const held = await web.post("/api/public/bookings", {
        typeId: consultation,
        startsAt: slot.startsAt,
        ...visitor(),
      });
      assert.equal(held.status, 201);
      await database.admin.query(
        "update appointments set held_until = now() - interval '1 second' where id = $1",
        [held.body.bookingId],
      );
      const late = await web.post(`/api/public/bookings/${held.body.bookingId}/confirm`, {
        holdToken: held.body.holdToken,
      });
      assert.equal(late.status, 410);
      assert.equal(late.body.error, "hold_expired");
    });

    test("with no mail server the page promises no e-mail: for every address the answer says the clinic will call, and the desk sees a held time to call back", async () => {
      const noMail = await seededApp(database, { BOOKING_RATE_LIMIT_PER_MINUTE: "1000" });
      try {
        const c = new Client(noMail);
        const [a, b] = (await c.get(`/api/public/slots?type=consultation&from=${weekday(8, 4)}&limit=2`)).body
          .slots;
        const patientsBefore = await count("patients");
        const ask = async (startsAt: string, email: string) => {
          const held = await c.post("/api/public/bookings", {
            typeId: consultation,
            startsAt,
            ...visitor({ givenName: "Noe", familyName: "Nomail", email }),
          });
          assert.equal(held.status, 201, JSON.stringify(held.body));
          const done = await c.post(`/api/public/bookings/${held.body.bookingId}/confirm`, {
            holdToken: held.body.holdToken,
          });
          assert.equal(done.status, 200, JSON.stringify(done.body));
          return { id: held.body.bookingId as string, body: done.body };
        };
        const fresh = await ask(a.startsAt, "noe.nomail@example.com");
        const known = await ask(b.startsAt, DEMO.patient);
        assert.equal(fresh.body.byEmail, false, "no e-mail is promised");
        assert.equal(known.body.byEmail, false);
        assert.deepEqual(Object.keys(fresh.body).sort(), Object.keys(known.body).sort());
        assert.equal(await count("patients"), patientsBefore + 1, "the new visitor's record only");
        const row = (
          await database.admin.query(
            "select status, held_until, hold_token_hash from appointments where id = $1",
            [fresh.id],
          )
        ).rows[0];
        assert.equal(row.status, "booked");
        assert.ok(row.held_until, "a new visitor's time is held for the desk to call and confirm");
        assert.equal(row.hold_token_hash, null);
        const note = (
          await database.admin.query(
            "select note from appointment_events where appointment_id = $1 and action = 'held' and note is not null",
            [fresh.id],
          )
        ).rows[0];
        assert.match(note.note, /Call .*\+44 7700 900123/);
        const users = await database.admin.query("select 1 from users where email = $1", [
          "noe.nomail@example.com",
        ]);
        assert.equal(users.rowCount, 0, "no account whose set-up link could never arrive");
        const desk = await signedIn(noMail, DEMO.desk);
        const seen = await desk.get(`/api/appointments/${fresh.id}`);
        assert.ok(seen.body.appointment.heldUntil, "the desk sees it held online");
        const confirmed = await desk.post(`/api/appointments/${fresh.id}/confirm`, {});
        assert.equal(confirmed.status, 200, JSON.stringify(confirmed.body));
        const withMail = await web.post("/api/public/bookings", {
          typeId: consultation,
          startsAt: (await web.get(`/api/public/slots?type=consultation&from=${weekday(8, 5)}&limit=1`)).body
            .slots[0].startsAt,
          ...visitor(),
        });
        const withMailDone = await web.post(`/api/public/bookings/${withMail.body.bookingId}/confirm`, {
          holdToken: withMail.body.holdToken,
        });
        assert.equal(withMailDone.body.byEmail, true);
      } finally {
        await noMail.close();
      }
    });

    test("holds are rate-limited per client", async () => {
      // Counters live in the database, shared by every app on it: start from a fresh window.
      await database.admin.query("delete from rate_limit_hits");
      const limited = await seededApp(database, { BOOKING_RATE_LIMIT_PER_MINUTE: "2" });
      try {
        const c = new Client(limited);
        const statuses: number[] = [];
        for (let i = 0; i < 3; i++)
          statuses.push((await c.post("/api/public/bookings", { typeId: consultation })).status);
        assert.deepEqual(statuses, [400, 400, 429]);
      } finally {
        await limited.close();
      }
    });
  });
}
