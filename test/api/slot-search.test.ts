import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { Temporal } from "temporal-polyfill";
import { type Tx, withClinic } from "../../src/db/pool.ts";
import type { App } from "../../src/server/app.ts";
import { BookingService } from "../../src/server/services/booking.service.ts";
import { type Client, DEMO, seededApp, signedIn } from "../support/api.ts";
import { databaseTargets, freshDatabase, type TestDatabase } from "../support/db.ts";

/**
 * What the slot search reads from the database in its one query: time off, device maintenance,
 * appointments at the edges of the window's local days in a zone far from UTC, and the appointment
 * being moved, which must not block itself; and that a session search is that one statement when the
 * patient's next session is already booked and when the screening awaits a physician's clearance.
 */
const LONDON = "Europe/London";
const AUCKLAND = "Pacific/Auckland";

function weekday(zone: string, isoWeekday: number, weeksAhead: number): Temporal.PlainDate {
  const today = Temporal.Now.plainDateISO(zone);
  return today.add({ days: ((isoWeekday - today.dayOfWeek + 7) % 7) + 7 * weeksAhead });
}
const at = (zone: string, date: Temporal.PlainDate, hhmm: string) =>
  date
    .toZonedDateTime({ timeZone: zone, plainTime: Temporal.PlainTime.from(hhmm) })
    .toInstant()
    .toString();
const localTime = (zone: string, iso: string) =>
  Temporal.Instant.from(iso).toZonedDateTimeISO(zone).toPlainTime().toString().slice(0, 5);

interface SlotView {
  startsAt: string;
  endsAt: string;
  time: string;
  providerId: string;
  deviceId: string | null;
  segments: { kind: string; start: string; end: string }[];
}

for (const target of await databaseTargets()) {
  describe(`slot search reads (${target.name} PostgreSQL)`, () => {
    let database: TestDatabase;
    let app: App;
    let desk: Client;
    let owner: Client;
    let types: Record<string, string>;
    let setup: {
      locations: { id: string }[];
      providers: { id: string; credential: string }[];
      devices: { id: string }[];
    };
    let ava: string;
    let noah: string;
    before(async () => {
      database = await freshDatabase(target);
      app = await seededApp(database);
      desk = await signedIn(app, DEMO.desk);
      owner = await signedIn(app, DEMO.owner);
      setup = (await desk.get("/api/setup")).body;
      types = Object.fromEntries(
        (setup as unknown as { appointmentTypes: { kind: string; id: string }[] }).appointmentTypes.map(
          (t) => [t.kind, t.id],
        ),
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

    test("time off takes a provider out of the search and maintenance a device; the rest stay offered", async () => {
      // A Tuesday (every demo provider works) past the minimum interval after her demo sessions.
      const day = weekday(LONDON, 2, 8);
      const nurse = setup.providers.find((p) => p.credential === "nurse")!.id;
      for (const p of setup.providers.filter((x) => x.id !== nurse)) {
        const off = await owner.post("/api/setup/time-off", {
          resourceId: p.id,
          startsAt: at(LONDON, day, "08:00"),
          endsAt: at(LONDON, day, "19:00"),
          reason: "training",
        });
        assert.equal(off.status, 201, JSON.stringify(off.body));
      }
      const consultations = await desk.get(
        `/api/slots?typeId=${types.consultation}&patientId=${noah}&from=${day}&to=${day}&limit=500`,
      );
      assert.equal(consultations.status, 200);
      const slots = consultations.body.slots as SlotView[];
      assert.ok(slots.length > 0);
      assert.deepEqual([...new Set(slots.map((s) => s.providerId))], [nurse]);

      // Another day, with no time off: the plan's depth may need a provider other than the nurse.
      const sessionDay = day.add({ weeks: 1 });
      for (const d of setup.devices) {
        const block = await owner.post("/api/setup/maintenance", {
          resourceId: d.id,
          startsAt: at(LONDON, sessionDay, "09:00"),
          endsAt: at(LONDON, sessionDay, "13:00"),
          reason: "service",
        });
        assert.equal(block.status, 201, JSON.stringify(block.body));
      }
      const screened = await desk.post(`/api/patients/${ava}/screenings`, {
        requestedAppointment: sessionDay.toString(),
        request: {
          setting: "clinic",
          concerns: [{ indication: "acne-scars", zones: ["cheeks"], goodmanBaronGrade: 2 }],
        },
        patient: { pregnant: false, breastfeeding: false },
      });
      assert.equal(screened.status, 201, JSON.stringify(screened.body));
      const sessions = await desk.get(
        `/api/slots?typeId=${types.microneedling}&patientId=${ava}&from=${sessionDay}&to=${sessionDay}&limit=500`,
      );
      assert.equal(sessions.status, 200);
      const offered = sessions.body.slots as SlotView[];
      assert.ok(offered.length > 0, JSON.stringify(sessions.body));
      for (const s of offered) {
        const needling = s.segments.find((g) => g.kind === "needling")!;
        assert.ok(
          Date.parse(needling.start) >= Date.parse(at(LONDON, sessionDay, "13:00")),
          `needling at ${localTime(LONDON, needling.start)} while every pen is in service`,
        );
      }
    });

    test("in a zone far from UTC, bookings at the very start and end of the local day block those times", async () => {
      const location = await owner.post("/api/setup/locations", {
        name: "Auckland",
        timeZone: AUCKLAND,
        address: null,
      });
      assert.equal(location.status, 201, JSON.stringify(location.body));
      const locationId = (location.body.location ?? location.body).id as string;
      const allDay = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: "00:00", end: "24:00" }));
      const hours = await owner.request("PUT", `/api/setup/locations/${locationId}/opening-hours`, {
        hours: allDay,
      });
      assert.equal(hours.status, 200, JSON.stringify(hours.body));
      const room = await owner.post("/api/setup/rooms", { locationId, name: "Auckland room" });
      assert.equal(room.status, 201, JSON.stringify(room.body));
      const nurse = setup.providers.find((p) => p.credential === "nurse")!.id;
      const current = (await desk.get("/api/setup")).body.providerHours as {
        providerId: string;
        locationId: string;
        weekday: number;
        start: string;
        end: string;
      }[];
      const kept = current
        .filter((h) => h.providerId === nurse)
        .map(({ locationId: l, weekday, start, end }) => ({ locationId: l, weekday, start, end }));
      const provider = await owner.request("PUT", `/api/setup/providers/${nurse}/hours`, {
        hours: [...kept, ...allDay.map((h) => ({ ...h, locationId }))],
      });
      assert.equal(provider.status, 200, JSON.stringify(provider.body));

      const day = weekday(AUCKLAND, 3, 3);
      // The nurse also works in London, where the seeded calendar books her relative to today: an
      // afternoon visit there falls on this Auckland night. The test is about the local day's
      // edges, so her other visits around it are taken out of the way.
      await database.admin.query(
        `update appointments set status = 'cancelled' where provider_id = $1
           and starts_at between $2::timestamptz - interval '2 days' and $2::timestamptz + interval '2 days'`,
        [nurse, at(AUCKLAND, day, "12:00")],
      );
      for (const hhmm of ["00:00", "23:30"]) {
        const booked = await desk.post("/api/appointments", {
          patientId: noah,
          typeId: types.consultation,
          startsAt: at(AUCKLAND, day, hhmm),
          locationId,
        });
        assert.equal(booked.status, 201, `${hhmm}: ${JSON.stringify(booked.body)}`);
      }
      const res = await desk.get(
        `/api/slots?typeId=${types.consultation}&patientId=${noah}&locationId=${locationId}&from=${day}&to=${day}&limit=500`,
      );
      assert.equal(res.status, 200);
      assert.equal(res.body.timeZone, AUCKLAND);
      const times = (res.body.slots as SlotView[]).map((s) => s.time);
      // A consultation holds the provider 30 minutes and the room 5 more (cleaning).
      for (const taken of ["00:00", "00:15", "23:00", "23:15", "23:30"])
        assert.ok(!times.includes(taken), taken);
      for (const free of ["00:45", "12:00", "22:45"]) assert.ok(times.includes(free), free);
      for (const s of res.body.slots as SlotView[]) assert.equal(localTime(AUCKLAND, s.startsAt), s.time);
    });

    test("an appointment moved by a quarter of an hour does not block itself", async () => {
      const day = weekday(LONDON, 2, 5);
      const nurse = setup.providers.find((p) => p.credential === "nurse")!.id;
      const made = await desk.post("/api/appointments", {
        patientId: noah,
        typeId: types.consultation,
        startsAt: at(LONDON, day, "10:00"),
        providerId: nurse,
      });
      assert.equal(made.status, 201, JSON.stringify(made.body));
      const moved = await desk.post(`/api/appointments/${made.body.appointment.id}/reschedule`, {
        startsAt: at(LONDON, day, "10:15"),
        providerId: nurse,
        roomId: made.body.appointment.room.id,
        reason: "patient-request",
      });
      assert.equal(moved.status, 200, JSON.stringify(moved.body));
      const clash = await desk.post("/api/appointments", {
        patientId: ava,
        typeId: types.consultation,
        startsAt: at(LONDON, day, "10:15"),
        providerId: nurse,
      });
      assert.equal(clash.status, 409);
    });

    /** A new patient, on warfarin or not, screened: the patient's and the screening's ids and its outcome. */
    async function screenedPatient(
      givenName: string,
      warfarin: boolean,
    ): Promise<{ id: string; outcome: string; screeningId: string }> {
      const made = await desk.post("/api/patients", {
        givenName,
        familyName: "Series",
        dateOfBirth: "1985-05-05",
        sex: "female",
        fitzpatrick: "II",
      });
      assert.equal(made.status, 201, JSON.stringify(made.body));
      const id = made.body.patient.id as string;
      if (warfarin) {
        const med = await desk.post(`/api/patients/${id}/medications`, {
          ingredient: "warfarin",
          prescribed: true,
          ongoing: true,
        });
        assert.equal(med.status, 201, JSON.stringify(med.body));
      }
      const screened = await desk.post(`/api/patients/${id}/screenings`, {
        requestedAppointment: weekday(LONDON, 2, 3).toString(),
        request: {
          setting: "clinic",
          concerns: [{ indication: "acne-scars", zones: ["cheeks"], goodmanBaronGrade: 2 }],
        },
        patient: { pregnant: false, breastfeeding: false },
      });
      assert.equal(screened.status, 201, JSON.stringify(screened.body));
      return {
        id,
        outcome: screened.body.screening.outcome,
        screeningId: screened.body.screening.id,
      } as never;
    }

    /** A session of the patient at 07:00 London (before opening) `weeks` from today, as the diary holds it. */
    async function sessionAt(patientId: string, weeks: number, status: string): Promise<string> {
      const day = Temporal.Now.plainDateISO(LONDON).add({ weeks });
      const t = Date.parse(at(LONDON, day, "07:00"));
      const ids = (
        await database.admin.query(
          `select l.clinic_id, l.id as location_id,
             (select id from users where role = 'provider' and credential = 'physician' limit 1) as provider_id,
             (select id from rooms where location_id = l.id order by name limit 1) as room_id,
             (select id from devices where location_id = l.id order by name limit 1) as device_id
           from locations l order by l.created_at limit 1`,
        )
      ).rows[0];
      await database.admin.query(
        `insert into appointments (clinic_id, location_id, patient_id, type_id, provider_id, room_id, device_id,
           starts_at, ends_at, status)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [
          ids.clinic_id,
          ids.location_id,
          patientId,
          types.microneedling,
          ids.provider_id,
          ids.room_id,
          ids.device_id,
          new Date(t),
          new Date(t + 60 * 60_000),
          status,
        ],
      );
      return day.toString();
    }

    /** The next 20 session slots as the booking service finds them, and how many statements it ran. */
    async function sessionSearch(patientId: string) {
      const clinicId = (await database.admin.query("select id from clinics limit 1")).rows[0].id as string;
      const service = new BookingService(database.db);
      let statements = 0;
      const result = await withClinic(database.db, { clinicId }, (tx) =>
        service.searchIn(
          new Proxy(tx, {
            get(target, prop) {
              const value = Reflect.get(target, prop, target);
              if (prop === "query")
                return (...args: unknown[]) => {
                  statements++;
                  return (value as (...a: unknown[]) => unknown).apply(target, args);
                };
              return typeof value === "function" ? value.bind(target) : value;
            },
          }) as Tx,
          // The desk searches below: staff searches are not held to the patients' notice.
          { typeId: types.microneedling!, patientId, limit: 20, staff: true },
          Date.now(),
        ),
      );
      return { ...result, statements };
    }

    test("a patient whose next session is booked weeks ahead is offered the dates before it, in one statement", async () => {
      const patient = await screenedPatient("Nova", false);
      assert.equal(patient.outcome, "eligible");
      await sessionAt(patient.id, -8, "completed");
      const booked = await sessionAt(patient.id, 7, "booked");
      const found = await sessionSearch(patient.id);
      assert.equal(found.statements, 1);
      assert.equal(found.blocked, null);
      assert.equal(found.slots.length, 20);
      // The series' minimum interval either side of the booked session stays closed.
      const min = Number(/sessions (\d+)-\d+ weeks apart/.exec(found.notes.join("; "))?.[1]);
      assert.ok(min > 0, found.notes.join("; "));
      const closedFrom = Temporal.PlainDate.from(booked).subtract({ weeks: min }).toString();
      for (const s of found.slots)
        assert.ok(s.date <= closedFrom, `${s.date} is within ${min} weeks of ${booked}`);
      // The same answer over HTTP.
      const res = await desk.get(`/api/slots?typeId=${types.microneedling}&patientId=${patient.id}&limit=20`);
      assert.equal(res.status, 200);
      assert.deepEqual(
        (res.body.slots as SlotView[]).map((s) => s.startsAt),
        found.slots.map((s) => s.startsAt),
      );
    });

    test("a screening awaiting a physician's clearance answers its block in one statement; once granted, slots", async () => {
      const patient = await screenedPatient("Wren", true);
      assert.equal(patient.outcome, "needs-physician-clearance");
      const earlier = await sessionAt(patient.id, -3, "completed");
      const pending = await sessionSearch(patient.id);
      assert.equal(pending.statements, 1);
      assert.equal(pending.blocked?.code, "clearance_pending");
      assert.deepEqual(pending.slots, []);
      const physician = await signedIn(app, DEMO.physician);
      const grant = await physician.post(`/api/screenings/${patient.screeningId}/clearance-grants`, {
        reasons: ["CI-ANTITHROMBOTIC"],
        note: "INR stable; discussed with the prescriber.",
      });
      assert.equal(grant.status, 201, JSON.stringify(grant.body));
      const cleared = await sessionSearch(patient.id);
      assert.equal(cleared.statements, 1);
      assert.equal(cleared.blocked, null);
      assert.equal(cleared.slots.length, 20);
      assert.ok(
        cleared.notes.some((n) => n.startsWith("physician clearance granted on")),
        cleared.notes.join(),
      );
      // No earlier than the series allows after the session three weeks ago.
      const min = Number(/sessions (\d+)-\d+ weeks apart/.exec(cleared.notes.join("; "))?.[1]);
      assert.ok(min > 0, cleared.notes.join("; "));
      const first = Temporal.PlainDate.from(earlier).add({ weeks: min }).toString();
      assert.ok(cleared.slots[0]!.date >= first, `${cleared.slots[0]!.date} before ${first}`);
    });

    test("a zone name the database does not know reads as none (the search falls back), a known one as itself", async () => {
      const { rows } = await database.admin.query(
        "select known_time_zone('Europe/London') as london, known_time_zone('Mars/Olympus_Mons') as mars, known_time_zone(null) as none",
      );
      assert.deepEqual(rows[0], { london: "Europe/London", mars: null, none: null });
    });
  });
}
