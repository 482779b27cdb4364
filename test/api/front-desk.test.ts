import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { Temporal } from "temporal-polyfill";
import { withClinic } from "../../src/db/pool.ts";
import { clinicOpenAt } from "../../src/db/repositories/clinic-hours.repository.ts";
import type { App } from "../../src/server/app.ts";
import { CALM_CHECK_IN, signedSessionFor } from "../browser/patient-fixtures.ts";
import { Client, DEMO, seededApp, signedIn } from "../support/api.ts";
import { DEMO_TIME_ZONE, demoInstant, weekday } from "../support/dates.ts";
import { databaseTargets, freshDatabase, type TestDatabase } from "../support/db.ts";

const at = demoInstant;
const today = () => Temporal.Now.plainDateISO(DEMO_TIME_ZONE);
/** The next Tuesday after today (1-7 days away): a clinic day that is never today. */
const nextTuesday = () => {
  const t = weekday(2, 0);
  return t.equals(today()) ? weekday(2, 1) : t;
};

for (const target of await databaseTargets()) {
  describe(`front desk: check-in, undo, late cancellation, patient changes (${target.name} PostgreSQL)`, () => {
    let database: TestDatabase;
    let app: App;
    let desk: Client;
    let owner: Client;
    let patient: Client;
    let consultation: string;
    let noah: string;
    let settings: Record<string, unknown>;
    before(async () => {
      database = await freshDatabase(target);
      app = await seededApp(database);
      desk = await signedIn(app, DEMO.desk);
      owner = await signedIn(app, DEMO.owner);
      patient = await signedIn(app, DEMO.patient);
      const setup = await desk.get("/api/setup");
      consultation = setup.body.appointmentTypes.find((t: { kind: string }) => t.kind === "consultation").id;
      settings = setup.body.settings;
      const patients = (await desk.get("/api/patients?limit=50")).body.patients as {
        id: string;
        givenName: string;
      }[];
      noah = patients.find((p) => p.givenName === "Noah")!.id;
    });
    after(async () => {
      await app.close();
      await database.drop();
    });

    const saveSettings = async (change: Record<string, unknown>) => {
      const res = await owner.request("PUT", "/api/setup/settings", { ...settings, ...change });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return res.body.settings;
    };
    const book = async (client: Client, day: Temporal.PlainDate, time: string, patientId?: string) => {
      const res = await client.post("/api/appointments", {
        ...(patientId ? { patientId } : {}),
        typeId: consultation,
        startsAt: at(day, time),
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      return res.body.appointment.id as string;
    };

    test("the desk cannot check in tomorrow's visit: Move, Cancel and No-show stay possible", async () => {
      const day = nextTuesday();
      const id = await book(desk, day, "09:30", noah);
      const early = await desk.post(`/api/appointments/${id}/check-in`, {});
      assert.equal(early.status, 409, JSON.stringify(early.body));
      assert.equal(early.body.error, "not_today");
      assert.ok(early.body.fields["params.id"]);
      const after = await desk.get(`/api/appointments/${id}`);
      assert.equal(after.body.appointment.status, "booked");
      assert.equal(after.body.appointment.checkedInAt, null);
      const moved = await desk.post(`/api/appointments/${id}/reschedule`, {
        startsAt: at(day, "11:00"),
        reason: "clinic-request",
      });
      assert.equal(moved.status, 200, JSON.stringify(moved.body));
    });

    test("check-in opens as many days early as the clinic sets; undone the same day, back to booked", async () => {
      const saved = await saveSettings({ checkInDaysBefore: 7 });
      assert.equal(saved.checkInDaysBefore, 7);
      try {
        const id = await book(desk, nextTuesday(), "14:00", noah);
        const checked = await desk.post(`/api/appointments/${id}/check-in`, {});
        assert.equal(checked.status, 200, JSON.stringify(checked.body));
        assert.equal(checked.body.appointment.status, "checked_in");
        const undone = await desk.post(`/api/appointments/${id}/undo-check-in`, { note: "wrong patient" });
        assert.equal(undone.status, 200, JSON.stringify(undone.body));
        assert.equal(undone.body.appointment.status, "booked");
        assert.equal(undone.body.appointment.checkedInAt, null);
        const twice = await desk.post(`/api/appointments/${id}/undo-check-in`, {});
        assert.equal(twice.status, 409);
        assert.equal(twice.body.error, "not_checked_in");
        const history = await desk.get(`/api/appointments/${id}`);
        assert.deepEqual(
          history.body.history.map((e: { action: string }) => e.action),
          ["booked", "checked_in", "check_in_undone"],
        );
        // A check-in from an earlier day is no longer undone.
        assert.equal((await desk.post(`/api/appointments/${id}/check-in`, {})).status, 200);
        await database.admin.query(
          "update appointments set checked_in_at = now() - interval '2 days' where id = $1",
          [id],
        );
        const stale = await desk.post(`/api/appointments/${id}/undo-check-in`, {});
        assert.equal(stale.status, 409);
        assert.equal(stale.body.error, "undo_too_late");
        assert.equal((await patient.post(`/api/appointments/${id}/undo-check-in`, {})).status, 403);
      } finally {
        await saveSettings({ checkInDaysBefore: 0 });
      }
    });

    test("a cancellation the patient asked for inside the notice is flagged late; the clinic's is not", async () => {
      await saveSettings({ cancelNoticeHours: 336 });
      try {
        const day = nextTuesday();
        const asked = await book(desk, day, "15:00", noah);
        const late = await desk.post(`/api/appointments/${asked}/cancel`, {
          reason: "patient-request",
          note: "rang at 8, car broke down",
        });
        assert.equal(late.status, 200);
        assert.equal(late.body.appointment.lateCancellation, true);
        assert.equal(late.body.appointment.statusReason, "patient-request");
        const history = await desk.get(`/api/appointments/${asked}`);
        assert.equal(history.body.history.at(-1).note, "rang at 8, car broke down");
        const ours = await book(desk, day, "15:00", noah);
        const clinic = await desk.post(`/api/appointments/${ours}/cancel`, { reason: "clinic-request" });
        assert.equal(clinic.body.appointment.lateCancellation, false);
      } finally {
        await saveSettings({ cancelNoticeHours: 24 });
      }
    });

    test("a patient moves and cancels their own visit outside the notice, never inside it", async () => {
      const slots = await patient.get(`/api/slots?typeId=${consultation}&from=${weekday(2, 1)}&limit=3`);
      assert.equal(slots.status, 200);
      const made = await patient.post("/api/appointments", {
        typeId: consultation,
        startsAt: slots.body.slots[0].startsAt,
      });
      assert.equal(made.status, 201, JSON.stringify(made.body));
      const id = made.body.appointment.id;
      const moved = await patient.post(`/api/appointments/${id}/reschedule`, {
        startsAt: slots.body.slots[2].startsAt,
        reason: "clinic-request",
      });
      assert.equal(moved.status, 200, JSON.stringify(moved.body));
      const history = await patient.get(`/api/appointments/${id}`);
      assert.equal(history.body.history.at(-1).reason, "patient-request");
      await saveSettings({ cancelNoticeHours: 336 });
      try {
        const inside = await patient.post(`/api/appointments/${id}/cancel`, { reason: "patient-request" });
        assert.equal(inside.status, 409);
        assert.equal(inside.body.error, "inside_notice");
        assert.match(inside.body.message, /call the clinic/);
        const noMove = await patient.post(`/api/appointments/${id}/reschedule`, {
          startsAt: slots.body.slots[1].startsAt,
          reason: "patient-request",
        });
        assert.equal(noMove.status, 409);
        assert.equal(noMove.body.error, "inside_notice");
      } finally {
        await saveSettings({ cancelNoticeHours: 24 });
      }
      const cancelled = await patient.post(`/api/appointments/${id}/cancel`, { reason: "other" });
      assert.equal(cancelled.status, 200);
      assert.equal(cancelled.body.appointment.statusReason, "patient-request");
      assert.equal(cancelled.body.appointment.lateCancellation, false);
    });

    test("the online notice binds patients, not the desk: a walk-in or a phone call is booked for soon", async () => {
      await saveSettings({ minNoticeMinutes: 20160 });
      try {
        const day = nextTuesday();
        const forDesk = await desk.get(
          `/api/slots?typeId=${consultation}&patientId=${noah}&from=${day}&to=${day}&limit=5`,
        );
        assert.equal(forDesk.status, 200);
        assert.ok(forDesk.body.slots.length > 0, "the desk sees the day's free times");
        const booked = await desk.post("/api/appointments", {
          patientId: noah,
          typeId: consultation,
          startsAt: forDesk.body.slots[0].startsAt,
        });
        assert.equal(booked.status, 201, JSON.stringify(booked.body));
        const forPatient = await patient.get(
          `/api/slots?typeId=${consultation}&from=${day}&to=${day}&limit=5`,
        );
        assert.equal(forPatient.status, 200);
        assert.equal(forPatient.body.slots.length, 0, "online, the notice still applies");
      } finally {
        await saveSettings({ minNoticeMinutes: settings.minNoticeMinutes });
      }
    });

    test("/book with the e-mail of a patient sends a sign-in link, and says neither that the account exists nor makes a second record", async () => {
      const web = new Client(app);
      const patientsBefore = (await database.admin.query("select count(*)::int as n from patients")).rows[0]
        .n;
      const slots = (await web.get(`/api/public/slots?type=consultation&from=${weekday(3, 2)}&limit=2`)).body
        .slots;
      const res = await web.post("/api/public/bookings", {
        typeId: consultation,
        startsAt: slots[0].startsAt,
        givenName: "Ava",
        familyName: "Martin",
        email: DEMO.patient,
        phone: "+44 7700 900000",
        dateOfBirth: "1991-04-12",
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      const done = await web.post(`/api/public/bookings/${res.body.bookingId}/confirm`, {
        holdToken: res.body.holdToken,
      });
      assert.equal(done.status, 200, JSON.stringify(done.body));
      assert.doesNotMatch(JSON.stringify(done.body), /already has an account|account/);
      const links = await database.admin.query(
        "select count(*)::int as n from outbox where kind = 'sign-in-link' and to_address = $1",
        [DEMO.patient],
      );
      assert.equal(links.rows[0].n, 1);
      const patientsAfter = (await database.admin.query("select count(*)::int as n from patients")).rows[0].n;
      assert.equal(patientsAfter, patientsBefore);
    });

    test("the clinic is open on its own clock: a Tuesday morning yes, a Sunday night or a closure no", async () => {
      const clinicId = (await database.admin.query("select id from clinics limit 1")).rows[0].id as string;
      const open = (at: string) =>
        withClinic(database.db, { clinicId }, (tx) => clinicOpenAt(tx, new Date(at)));
      const tue = weekday(2, 3);
      assert.equal(await open(at(tue, "10:00")), true);
      assert.equal(await open(at(tue, "08:59")), false);
      assert.equal(await open(at(tue, "18:00")), false, "closing time is closed");
      assert.equal(await open(at(weekday(7, 3), "12:00")), false, "Sunday");
      await database.admin.query(
        "insert into closures (clinic_id, location_id, first_day, last_day, reason) select clinic_id, id, $1, $1, 'Training' from locations",
        [tue.toString()],
      );
      assert.equal(await open(at(tue, "10:00")), false, "closed for training");
    });

    test("a red flag while the clinic is closed gives its out-of-hours advice, not 'call them now'", async () => {
      const { chartId } = await signedSessionFor(database.admin, DEMO.patient, 80);
      // Closed all day today, whatever the hour the test runs at.
      await database.admin.query(
        "insert into closures (clinic_id, location_id, first_day, last_day, reason) select clinic_id, id, $1, $1, 'Closed' from locations",
        [today().toString()],
      );
      const res = await patient.post("/api/portal/check-ins", {
        chartId,
        answers: { ...CALM_CHECK_IN, warmthOrPus: true, fever: true },
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      assert.equal(res.body.triage, "red-flag");
      assert.equal(res.body.clinicOpen, false);
      assert.match(res.body.outOfHoursAdvice, /emergency number/);
    });
  });
}
