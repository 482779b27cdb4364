import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import ICAL from "ical.js";
import type { App } from "../../src/server/app.ts";
import { Client, seededApp } from "../support/api.ts";
import { weekday } from "../support/dates.ts";
import { databaseTargets, freshDatabase, type TestDatabase } from "../support/db.ts";

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
    const count = async (table: string) =>
      (await database.admin.query(`select count(*)::int as n from ${table}`)).rows[0].n as number;

    before(async () => {
      database = await freshDatabase(target);
      app = await seededApp(database, { BOOKING_RATE_LIMIT_PER_MINUTE: "1000" });
      web = new Client(app);
    });
    after(async () => {
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
    let setupToken: string;
    const iris = visitor();

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

    test("confirm needs the hold's token; it books, makes the patient's account and queues the confirmation", async () => {
      const wrong = await web.post(`/api/public/bookings/${holdId}/confirm`, { holdToken: "x".repeat(32) });
      assert.equal(wrong.status, 404);
      const res = await web.post(`/api/public/bookings/${holdId}/confirm`, { holdToken });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.body.booking.status, "booked");
      assert.equal(res.body.account.email, iris.email);
      setupToken = res.body.account.setupToken;
      assert.ok(setupToken.length >= 40);
      const vevent = new ICAL.Component(ICAL.parse(res.body.ics)).getFirstSubcomponent("vevent")!;
      assert.equal(vevent.getFirstPropertyValue("uid"), `${holdId}@remodel`);
      const user = (
        await database.admin.query("select role, password_hash from users where email = $1", [iris.email])
      ).rows[0];
      assert.equal(user.role, "patient");
      assert.equal(user.password_hash, null);
      const messages = (
        await database.admin.query("select kind, to_address from outbox where appointment_id = $1", [holdId])
      ).rows;
      assert.ok(messages.some((m) => m.kind === "confirmation" && m.to_address === iris.email));
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

    test("the set-up token sets a password once; the patient then signs in and sees the booking in the portal", async () => {
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
