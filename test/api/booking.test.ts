import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import ICAL from "ical.js";
import { Temporal } from "temporal-polyfill";
import type { App } from "../../src/server/app.ts";
import { type Client, DEMO, seededApp, signedIn } from "../support/api.ts";
import { demoInstant, weekday } from "../support/dates.ts";
import { databaseTargets, freshDatabase, type TestDatabase } from "../support/db.ts";

const TZ = "Europe/London";
/** A Tuesday `weeksAhead` weeks away (Tuesday: every demo provider works). */
const tuesday = (weeksAhead: number) => weekday(2, weeksAhead);
const at = demoInstant;

for (const target of await databaseTargets()) {
  describe(`scheduling and booking (${target.name} PostgreSQL)`, () => {
    let database: TestDatabase;
    let app: App;
    let desk: Client;
    let owner: Client;
    let types: Record<string, string>;
    let ava: string;
    let noah: string;
    before(async () => {
      database = await freshDatabase(target);
      app = await seededApp(database);
      desk = await signedIn(app, DEMO.desk);
      owner = await signedIn(app, DEMO.owner);
      const setup = await desk.get("/api/setup");
      types = Object.fromEntries(
        setup.body.appointmentTypes.map((t: { kind: string; id: string }) => [t.kind, t.id]),
      );
      const patients = (await desk.get("/api/patients?limit=50")).body.patients as {
        id: string;
        givenName: string;
      }[];
      ava = patients.find((p) => p.givenName === "Ava")!.id;
      noah = patients.find((p) => p.givenName === "Noah")!.id;
    });
    after(async () => {
      await app.close();
      await database.drop();
    });

    const overlaps = async () =>
      (
        await database.admin.query(`
          select count(*)::int as n from appointments a join appointments b on a.id < b.id
          where a.status not in ('cancelled','no_show') and b.status not in ('cancelled','no_show')
            and ((a.provider_id = b.provider_id and coalesce(a.provider_span, tstzrange(a.starts_at, a.ends_at)) && coalesce(b.provider_span, tstzrange(b.starts_at, b.ends_at)))
              or (a.room_id = b.room_id and coalesce(a.room_span, tstzrange(a.starts_at, a.ends_at)) && coalesce(b.room_span, tstzrange(b.starts_at, b.ends_at)))
              or (a.device_id = b.device_id and coalesce(a.device_span, tstzrange(a.starts_at, a.ends_at)) && coalesce(b.device_span, tstzrange(b.starts_at, b.ends_at))))`)
      ).rows[0].n as number;

    test("set-up: staff read it, with the protocol's segments for a session; only the owner changes it", async () => {
      const res = await desk.get("/api/setup");
      assert.equal(res.status, 200);
      const session = res.body.appointmentTypes.find((t: { kind: string }) => t.kind === "microneedling");
      assert.deepEqual(
        session.effectiveSegments.map((s: { kind: string; provider: boolean; device: boolean }) => [
          s.kind,
          s.provider,
          s.device,
        ]),
        [
          ["numbing", false, false],
          ["needling", true, true],
          ["serum-checkout", false, false],
        ],
      );
      assert.equal(res.body.openingHours.length, 6);
      const location = res.body.locations[0].id;
      const forbidden = await desk.request("PUT", `/api/setup/locations/${location}/opening-hours`, {
        hours: [],
      });
      assert.equal(forbidden.status, 403);
      const bad = await owner.request("PUT", `/api/setup/locations/${location}/opening-hours`, {
        hours: [{ weekday: 8, start: "18:00", end: "09:00" }],
      });
      assert.equal(bad.status, 400);
      assert.ok(bad.body.fields["body.hours.0.weekday"]);
      const room = await owner.post("/api/setup/rooms", { locationId: location, name: "Treatment room 3" });
      assert.equal(room.status, 201);
      const type = await owner.post("/api/setup/appointment-types", {
        name: "Microneedling – neck",
        kind: "microneedling",
        priceCents: 20000,
        segments: [
          { kind: "numbing", minutes: 40, provider: false, room: true, device: false },
          { kind: "needling", minutes: 20, provider: true, room: true, device: true },
        ],
        bufferMinutes: 10,
      });
      assert.equal(type.status, 201);
      assert.equal(type.body.appointmentType.durationMinutes, 60);
      const noNeedling = await owner.post("/api/setup/appointment-types", {
        name: "Broken",
        kind: "microneedling",
        priceCents: 0,
        segments: [{ kind: "numbing", minutes: 40, provider: false, room: true, device: false }],
      });
      assert.equal(noNeedling.status, 422);
      assert.equal(noNeedling.body.error, "invalid_segments");
    });

    test("consultation slots lie inside opening hours and the demo's working hours, in London time", async () => {
      const day = tuesday(2);
      const res = await desk.get(
        `/api/slots?typeId=${types.consultation}&patientId=${noah}&from=${day}&to=${day.add({ days: 6 })}&limit=500`,
      );
      assert.equal(res.status, 200);
      assert.ok(res.body.slots.length > 20);
      for (const s of res.body.slots) {
        const local = Temporal.Instant.from(s.startsAt).toZonedDateTimeISO(TZ);
        assert.notEqual(local.dayOfWeek, 7, "closed on Sundays");
        const close = local.dayOfWeek === 6 ? "13:00" : "18:00";
        assert.ok(
          s.time >= "09:00" && Temporal.Instant.from(s.endsAt).toString() <= at(local.toPlainDate(), close),
        );
      }
    });

    test("a treatment session needs a current screening: no slots, and booking refuses with the reason", async () => {
      const day = tuesday(2);
      const slots = await desk.get(`/api/slots?typeId=${types.microneedling}&patientId=${noah}&from=${day}`);
      assert.equal(slots.status, 200);
      assert.equal(slots.body.blocked.code, "screening_required");
      assert.equal(slots.body.slots.length, 0);
      const book = await desk.post("/api/appointments", {
        patientId: noah,
        typeId: types.microneedling,
        startsAt: at(day, "10:00"),
      });
      assert.equal(book.status, 409);
      assert.equal(book.body.error, "screening_required");
      assert.ok(book.body.fields["body.patientId"]);
    });

    test("after an eligible screening, sessions are offered only with providers licensed for the plan's depth", async () => {
      const day = tuesday(3);
      const screened = await desk.post(`/api/patients/${ava}/screenings`, {
        requestedAppointment: day.toString(),
        request: {
          setting: "clinic",
          concerns: [{ indication: "acne-scars", zones: ["cheeks"], goodmanBaronGrade: 2 }],
        },
        patient: { pregnant: false, breastfeeding: false },
      });
      assert.equal(screened.status, 201, JSON.stringify(screened.body));
      assert.equal(screened.body.screening.outcome, "eligible");
      const depth = Math.max(
        ...(Object.values(screened.body.screening.output.plan.maxDepthMmByZone) as number[]),
      );
      const setup = (await desk.get("/api/setup")).body;
      const licensed = new Set(
        setup.providers
          .filter((p: { maxNeedleDepthMm: number }) => p.maxNeedleDepthMm >= depth)
          .map((p: { id: string }) => p.id),
      );
      const res = await desk.get(
        `/api/slots?typeId=${types.microneedling}&patientId=${ava}&from=${day}&limit=60`,
      );
      assert.equal(res.status, 200);
      assert.equal(res.body.blocked, null);
      assert.equal(res.body.screening, "eligible");
      assert.ok(res.body.slots.length > 0);
      for (const s of res.body.slots)
        assert.ok(licensed.has(s.providerId), `provider ${s.providerId} not licensed`);
      // The provider is held for needling only: 30 minutes after the start, for 30 minutes.
      const s = res.body.slots[0];
      const needling = s.segments.find((g: { kind: string }) => g.kind === "needling");
      assert.equal(Date.parse(needling.start) - Date.parse(s.startsAt), 30 * 60_000);
    });

    test("a treatment session is never placed in the consultation room: the slot search leaves it out and a desk's choice of it is refused", async () => {
      // Ava was screened eligible by the test before.
      const day = tuesday(9);
      const setup = (await desk.get("/api/setup")).body;
      const room = (name: string) => setup.rooms.find((r: { name: string }) => r.name === name).id as string;
      const refused = await desk.post("/api/appointments", {
        patientId: ava,
        typeId: types.microneedling,
        startsAt: at(day, "10:00"),
        roomId: room("Consultation room"),
      });
      assert.equal(refused.status, 422, JSON.stringify(refused.body));
      assert.equal(refused.body.error, "room_unsuitable");
      assert.ok(refused.body.fields["body.roomId"]);
      const booked = await desk.post("/api/appointments", {
        patientId: ava,
        typeId: types.microneedling,
        startsAt: at(day, "10:00"),
      });
      assert.equal(booked.status, 201, JSON.stringify(booked.body));
      assert.notEqual(booked.body.appointment.room?.id, room("Consultation room"));
      assert.equal(booked.body.appointment.room?.name.startsWith("Treatment room"), true);
      const { rows } = await database.admin.query(
        `select count(*)::int as n from appointments a join appointment_types t on t.id = a.type_id
         join rooms r on r.id = a.room_id where t.kind = 'microneedling' and r.purpose = 'consultation'`,
      );
      assert.equal(rows[0].n, 0);
      await desk.post(`/api/appointments/${booked.body.appointment.id}/cancel`, { reason: "clinic-request" });
    });

    test("two truly concurrent bookings of the same provider, room and time: exactly one wins, the other gets 409 with next slots", async () => {
      const day = tuesday(4);
      const setup = (await desk.get("/api/setup")).body;
      const provider = setup.providers.find((p: { credential: string }) => p.credential === "nurse").id;
      const room = setup.rooms.find((r: { name: string }) => r.name === "Consultation room").id;
      const other = await signedIn(app, DEMO.desk);
      const body = (patientId: string) => ({
        patientId,
        typeId: types.consultation,
        startsAt: at(day, "11:00"),
        providerId: provider,
        roomId: room,
      });
      const [a, b] = await Promise.all([
        desk.post("/api/appointments", body(ava)),
        other.post("/api/appointments", body(noah)),
      ]);
      const statuses = [a.status, b.status].sort();
      assert.deepEqual(statuses, [201, 409]);
      const loser = a.status === 409 ? a : b;
      assert.equal(loser.body.error, "slot_taken");
      assert.ok(loser.body.message);
      assert.ok(loser.body.fields);
      assert.ok(Array.isArray(loser.body.nextSlots) && loser.body.nextSlots.length > 0);
      assert.ok(
        loser.body.nextSlots.every(
          (s: { startsAt: string }) => Date.parse(s.startsAt) >= Date.parse(at(day, "11:00")),
        ),
      );
      assert.equal(await overlaps(), 0);
    });

    test("a lost race is settled inside the booking: concurrent requests for one time take the free providers and rooms, the rest get 409 with free next slots", async () => {
      const day = tuesday(7);
      const wanted = at(day, "11:00");
      const patients = (await desk.get("/api/patients?limit=50")).body.patients.map(
        (p: { id: string }) => p.id,
      ) as string[];
      const clients = await Promise.all(Array.from({ length: 5 }, () => signedIn(app, DEMO.desk)));
      // Every demo provider works on Tuesdays and there are three rooms: three fit at 11:00.
      const results = await Promise.all(
        clients.map((c, i) =>
          c.post("/api/appointments", {
            patientId: patients[i % patients.length],
            typeId: types.consultation,
            startsAt: wanted,
          }),
        ),
      );
      const won = results.filter((r) => r.status === 201);
      const lost = results.filter((r) => r.status === 409);
      assert.equal(won.length, 3, JSON.stringify(results.map((r) => [r.status, r.body.error])));
      assert.equal(lost.length, 2);
      assert.equal(new Set(won.map((r) => r.body.appointment.provider.id)).size, 3);
      assert.equal(new Set(won.map((r) => r.body.appointment.room.id)).size, 3);
      for (const r of lost) {
        assert.equal(r.body.error, "slot_taken");
        assert.equal(r.body.nextSlots.length, 3);
        for (const s of r.body.nextSlots) assert.ok(Date.parse(s.startsAt) >= Date.parse(wanted));
      }
      // The offered times are really free: taking the first one succeeds.
      const next = lost[0]!.body.nextSlots[0];
      const retaken = await desk.post("/api/appointments", {
        patientId: patients[0],
        typeId: types.consultation,
        startsAt: next.startsAt,
      });
      assert.equal(retaken.status, 201, JSON.stringify(retaken.body));
      // Each booking is audited once, in its own transaction; the losers left nothing behind.
      const ids = [...won.map((r) => r.body.appointment.id), retaken.body.appointment.id];
      const audited = await database.admin.query(
        "select resource_id from audit_log where action = 'appointment.book' and resource_id = any($1::text[])",
        [ids],
      );
      assert.deepEqual(audited.rows.map((r) => r.resource_id).sort(), [...ids].sort());
      const atWanted = await database.admin.query(
        "select count(*)::int as n from appointments where starts_at = $1 and status = 'booked'",
        [wanted],
      );
      assert.equal(atWanted.rows[0].n, 3);
      assert.equal(await overlaps(), 0);
    });

    test("an expired hold left in place does not block a booking of its provider, room and time", async () => {
      const day = tuesday(7);
      const setup = (await desk.get("/api/setup")).body;
      const provider = setup.providers.find((p: { credential: string }) => p.credential === "physician").id;
      const room = setup.rooms.find((r: { name: string }) => r.name === "Consultation room").id;
      const body = {
        typeId: types.consultation,
        startsAt: at(day, "15:00"),
        providerId: provider,
        roomId: room,
      };
      const held = await desk.post("/api/appointments", { ...body, patientId: noah, hold: true });
      assert.equal(held.status, 201);
      await database.admin.query(
        "update appointments set held_until = now() - interval '1 minute' where id = $1",
        [held.body.appointment.id],
      );
      const booked = await desk.post("/api/appointments", { ...body, patientId: ava });
      assert.equal(booked.status, 201, JSON.stringify(booked.body));
      assert.equal(booked.body.appointment.provider.id, provider);
      assert.equal(booked.body.appointment.room.id, room);
      const gone = await database.admin.query("select count(*)::int as n from appointments where id = $1", [
        held.body.appointment.id,
      ]);
      assert.equal(gone.rows[0].n, 0, "the expired hold was cleared");
      const removal = await database.admin.query(
        "select actor_role from audit_log where action = 'appointment.hold-expired' and resource_id = $1",
        [held.body.appointment.id],
      );
      assert.deepEqual(removal.rows, [{ actor_role: "system" }], "and its removal audited");
    });

    test("bad input: past, outside opening hours, unknown room, unknown field; nothing is written", async () => {
      const count = async () =>
        (await database.admin.query("select count(*)::int as n from appointments")).rows[0].n;
      const before = await count();
      const day = tuesday(2);
      const cases: [unknown, number, string, string][] = [
        [{ startsAt: "2020-01-07T10:00:00Z" }, 422, "in_the_past", "body.startsAt"],
        [{ startsAt: at(day, "07:00") }, 422, "outside_opening_hours", "body.startsAt"],
        [{ startsAt: at(day.add({ days: 5 }), "10:00") }, 422, "outside_opening_hours", "body.startsAt"],
        [
          { startsAt: at(day, "10:00"), roomId: "00000000-0000-4000-8000-000000000000" },
          422,
          "unknown_resource",
          "body.roomId",
        ],
        [{ startsAt: at(day, "10:00"), colour: "red" }, 400, "validation", "body.colour"],
        [{ startsAt: "tomorrow" }, 400, "validation", "body.startsAt"],
        [
          { startsAt: at(day, "10:00"), patientId: "00000000-0000-4000-8000-000000000001" },
          404,
          "not_found",
          "",
        ],
      ];
      for (const [extra, status, error, field] of cases) {
        const res = await desk.post("/api/appointments", {
          patientId: noah,
          typeId: types.consultation,
          ...(extra as object),
        });
        assert.equal(res.status, status, JSON.stringify(res.body));
        assert.equal(res.body.error, error);
        if (field) assert.ok(res.body.fields?.[field], `${field} in ${JSON.stringify(res.body.fields)}`);
      }
      assert.equal(await count(), before);
    });

    test("a hold keeps the slot, confirms into a booking; an expired hold frees the slot and cannot be confirmed", async () => {
      const day = tuesday(5);
      const setup = (await desk.get("/api/setup")).body;
      const provider = setup.providers.find((p: { credential: string }) => p.credential === "physician").id;
      const body = {
        patientId: noah,
        typeId: types.consultation,
        startsAt: at(day, "14:00"),
        providerId: provider,
        hold: true,
      };
      const held = await desk.post("/api/appointments", body);
      assert.equal(held.status, 201);
      assert.ok(held.body.appointment.heldUntil);
      const clash = await desk.post("/api/appointments", { ...body, patientId: ava, hold: false });
      assert.equal(clash.status, 409);
      const confirmed = await desk.post(`/api/appointments/${held.body.appointment.id}/confirm`);
      assert.equal(confirmed.status, 200);
      assert.equal(confirmed.body.appointment.heldUntil, null);

      const second = await desk.post("/api/appointments", { ...body, startsAt: at(day, "15:00") });
      await database.admin.query(
        "update appointments set held_until = now() - interval '1 minute' where id = $1",
        [second.body.appointment.id],
      );
      const late = await desk.post(`/api/appointments/${second.body.appointment.id}/confirm`);
      assert.equal(late.status, 410);
      assert.equal(late.body.error, "hold_expired");
      const taken = await desk.post("/api/appointments", {
        ...body,
        patientId: ava,
        startsAt: at(day, "15:00"),
        hold: false,
      });
      assert.equal(taken.status, 201);
    });

    test("reschedule, cancel and no-show keep reasons and history", async () => {
      const day = tuesday(6);
      const made = await desk.post("/api/appointments", {
        patientId: noah,
        typeId: types.consultation,
        startsAt: at(day, "10:00"),
      });
      assert.equal(made.status, 201);
      const id = made.body.appointment.id;
      const moved = await desk.post(`/api/appointments/${id}/reschedule`, {
        startsAt: at(day, "12:30"),
        reason: "patient-request",
        note: "prefers lunchtime",
      });
      assert.equal(moved.status, 200, JSON.stringify(moved.body));
      assert.equal(
        new Date(moved.body.appointment.startsAt).toISOString(),
        at(day, "12:30").replace("Z", ".000Z").replace(".000.000Z", ".000Z"),
      );
      const noShow = await desk.post(`/api/appointments/${id}/no-show`, {});
      assert.equal(noShow.status, 409);
      assert.equal(noShow.body.error, "not_started");
      const cancelled = await desk.post(`/api/appointments/${id}/cancel`, { reason: "illness" });
      assert.equal(cancelled.status, 200);
      assert.equal(cancelled.body.appointment.status, "cancelled");
      const again = await desk.post(`/api/appointments/${id}/cancel`, { reason: "illness" });
      assert.equal(again.status, 409);
      const badReason = await desk.post(`/api/appointments/${id}/cancel`, { reason: "bored" });
      assert.equal(badReason.status, 400);
      const history = await desk.get(`/api/appointments/${id}`);
      assert.deepEqual(
        history.body.history.map((e: { action: string; reason: string | null }) => [e.action, e.reason]),
        [
          ["booked", null],
          ["rescheduled", "patient-request"],
          ["cancelled", "illness"],
        ],
      );
    });

    test("a whole series at the chosen interval, with its maintenance recall and messages in the outbox", async () => {
      const first = tuesday(8);
      const res = await desk.post("/api/appointment-series", {
        patientId: ava,
        typeId: types.microneedling,
        firstStartsAt: at(first, "10:00"),
        sessions: 3,
        intervalWeeks: 5,
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      const dates = res.body.appointments.map((a: { startsAt: string }) =>
        Temporal.Instant.from(a.startsAt).toZonedDateTimeISO(TZ).toPlainDate().toString(),
      );
      assert.deepEqual(dates, [
        first.toString(),
        first.add({ weeks: 5 }).toString(),
        first.add({ weeks: 10 }).toString(),
      ]);
      assert.ok(res.body.maintenanceRecallDue > first.add({ weeks: 10 }).toString());
      const tooShort = await desk.post("/api/appointment-series", {
        patientId: ava,
        typeId: types.microneedling,
        firstStartsAt: at(first.add({ weeks: 20 }), "10:00"),
        sessions: 3,
        intervalWeeks: 1,
      });
      assert.equal(tooShort.status, 422);
      assert.ok(tooShort.body.fields["body.intervalWeeks"]);
      // A session before the minimum interval after the series' first one is refused.
      const tooSoon = await desk.post("/api/appointments", {
        patientId: ava,
        typeId: types.microneedling,
        startsAt: at(first.add({ weeks: 11 }), "10:00"),
      });
      assert.equal(tooSoon.status, 409);
      assert.equal(tooSoon.body.error, "too_early");
      const kinds = (
        await database.admin.query(
          "select kind, count(*)::int as n from outbox where patient_id = $1 group by kind",
          [ava],
        )
      ).rows.map((r) => r.kind);
      for (const k of ["confirmation", "day-before", "maintenance"])
        assert.ok(kinds.includes(k), `${k} in ${kinds}`);
    });

    test("calendar feeds: a secret URL per patient that ical.js reads (UID, DTSTAMP, TZID), revocable; .ics per booking", async () => {
      const booked = await desk.post("/api/appointments", {
        patientId: noah,
        typeId: types.consultation,
        startsAt: at(tuesday(9), "16:00"),
      });
      assert.equal(booked.status, 201);
      const created = await desk.post("/api/calendar-feeds", { patientId: noah });
      assert.equal(created.status, 201);
      const anonymous = new (await import("../support/api.ts")).Client(app);
      const feed = await anonymous.get(created.body.path);
      assert.equal(feed.status, 200);
      assert.match(String(feed.headers["content-type"]), /^text\/calendar/);
      const cal = new ICAL.Component(ICAL.parse(feed.body as string));
      assert.equal(cal.getFirstSubcomponent("vtimezone")?.getFirstPropertyValue("tzid"), TZ);
      const events = cal.getAllSubcomponents("vevent");
      assert.ok(events.length > 0);
      const mine = (await desk.get(`/api/patients/${noah}`)).body.appointments as {
        id: string;
        startsAt: string;
      }[];
      assert.ok(
        events.some((e) => String(e.getFirstPropertyValue("uid")).startsWith(booked.body.appointment.id)),
      );
      for (const e of events) {
        const uid = String(e.getFirstPropertyValue("uid"));
        assert.ok(e.getFirstProperty("dtstamp"));
        assert.equal(e.getFirstProperty("dtstart")?.getParameter("tzid"), TZ);
        const appt = mine.find((a) => uid.startsWith(a.id));
        assert.ok(appt, `feed event ${uid} is one of the patient's appointments`);
        const event = new ICAL.Event(e);
        assert.equal(event.startDate.toJSDate().getTime(), Date.parse(appt.startsAt));
      }
      const one = await desk.get(`/api/appointments/${booked.body.appointment.id}/ics`);
      assert.equal(one.status, 200);
      assert.equal(
        new ICAL.Component(ICAL.parse(one.body as string)).getAllSubcomponents("vevent").length,
        1,
      );
      const revoked = await desk.request("DELETE", `/api/calendar-feeds/${created.body.id}`);
      assert.equal(revoked.status, 200);
      assert.equal((await anonymous.get(created.body.path)).status, 404);
      const guessed = await anonymous.get(`/api/calendar-feeds/${"a".repeat(43)}.ics`);
      assert.equal(guessed.status, 404);
    });

    test("a patient sees their own live calendar links after a reload (never the secret again) and can stop one; a provider sees theirs", async () => {
      const patient = await signedIn(app, DEMO.patient);
      const first = await patient.post("/api/calendar-feeds", {});
      const second = await patient.post("/api/calendar-feeds", {});
      assert.equal(first.status, 201, JSON.stringify(first.body));
      assert.equal(second.status, 201);
      const forNoah = await desk.post("/api/calendar-feeds", { patientId: noah });
      assert.equal(forNoah.status, 201);
      const listed = await patient.get("/api/calendar-feeds");
      assert.equal(listed.status, 200, JSON.stringify(listed.body));
      const ids = listed.body.feeds.map((f: { id: string }) => f.id);
      assert.ok(ids.includes(first.body.id) && ids.includes(second.body.id), "both of mine");
      assert.ok(!ids.includes(forNoah.body.id), "never another patient's");
      assert.doesNotMatch(
        JSON.stringify(listed.body),
        new RegExp(first.body.token),
        "the secret is shown once only",
      );
      for (const f of listed.body.feeds) assert.deepEqual(Object.keys(f).sort(), ["createdAt", "id"]);
      assert.equal((await patient.request("DELETE", `/api/calendar-feeds/${first.body.id}`)).status, 200);
      const after = (await patient.get("/api/calendar-feeds")).body.feeds.map((f: { id: string }) => f.id);
      assert.ok(!after.includes(first.body.id), "a stopped link is not listed");
      assert.ok(after.includes(second.body.id));

      const provider = await signedIn(app, DEMO.nurse);
      const me = (await provider.get("/api/auth/me")).body.user.id as string;
      const diary = await provider.post("/api/calendar-feeds", { providerId: me });
      assert.equal(diary.status, 201, JSON.stringify(diary.body));
      const theirs = (await provider.get("/api/calendar-feeds")).body.feeds.map((f: { id: string }) => f.id);
      assert.deepEqual(theirs, [diary.body.id], "a provider's own diary links, not the patients'");
    });

    test("a patient books for themselves in the portal, never for someone else", async () => {
      const patient = await signedIn(app, DEMO.patient);
      const day = tuesday(12);
      const slots = await patient.get(`/api/slots?typeId=${types.consultation}&from=${day}&limit=3`);
      assert.equal(slots.status, 200);
      assert.equal(slots.body.slots.length, 3);
      const other = await patient.get(
        `/api/slots?typeId=${types.consultation}&patientId=${noah}&from=${day}`,
      );
      assert.equal(other.status, 403);
      const mine = await patient.post("/api/appointments", {
        typeId: types.consultation,
        startsAt: slots.body.slots[0].startsAt,
      });
      assert.equal(mine.status, 201);
      assert.equal(mine.body.appointment.patientId, ava);
      const theirs = await patient.post("/api/appointments", {
        patientId: noah,
        typeId: types.consultation,
        startsAt: slots.body.slots[1].startsAt,
      });
      assert.equal(theirs.status, 403);
      const noShow = await patient.post(`/api/appointments/${mine.body.appointment.id}/no-show`, {});
      assert.equal(noShow.status, 403);
      const cancel = await patient.post(`/api/appointments/${mine.body.appointment.id}/cancel`, {
        reason: "patient-request",
      });
      assert.equal(cancel.status, 200);
    });

    test("storm: many concurrent clients booking the same hours leave zero overlaps", async () => {
      const day = tuesday(10);
      const clients = await Promise.all(Array.from({ length: 6 }, () => signedIn(app, DEMO.desk)));
      const times = ["09:00", "09:15", "09:30", "09:45", "10:00"];
      const results = await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          clients[i % clients.length]!.post("/api/appointments", {
            patientId: i % 2 ? ava : noah,
            typeId: types.consultation,
            startsAt: at(day, times[i % times.length]!),
          }),
        ),
      );
      const codes = new Set(results.map((r) => r.status));
      for (const c of codes) assert.ok(c === 201 || c === 409, `unexpected ${c}`);
      assert.ok(results.some((r) => r.status === 201));
      assert.equal(await overlaps(), 0);
    });
  });
}
