/**
 * Booking figures, each beside a baseline from the same run and database:
 * - bookings per second through the API (app.inject: access, validation, one audited transaction
 *   that searches, places, inserts under the exclusion constraints and queues the messages), with
 *   N concurrent clients asking for the same hours, vs the raw single-row INSERT rate into
 *   appointments (same constraints, same concurrency); the overlap count afterwards must be 0;
 * - slot searches per second (BookingService.searchIn in a clinic transaction, next 20 slots) vs the
 *   raw busy-interval query it starts from (listBusy over the same window) alone.
 */
import { Temporal } from "temporal-polyfill";
import { withClinic } from "../src/db/pool.ts";
import { listBusy } from "../src/db/repositories/booking.repository.ts";
import { BookingService } from "../src/server/services/booking.service.ts";
import { DEMO, seededApp, signedIn } from "../test/support/api.ts";
import { databaseTargets, freshDatabase } from "../test/support/db.ts";
import { type Bench, type Figure, opsPerSecond } from "./harness.ts";

const TZ = "Europe/London";
const CONCURRENCY = 8;

async function forSeconds(
  seconds: number,
  clients: number,
  one: (client: number, i: number) => Promise<boolean>,
) {
  let ok = 0;
  let refused = 0;
  const until = performance.now() + seconds * 1000;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      for (let i = 0; performance.now() < until; i++) {
        if (await one(c, i)) ok++;
        else refused++;
      }
    }),
  );
  return { perSecond: (ok * 1000) / (performance.now() - start), ok, refused };
}

const bench: Bench = async ({ quick, log }) => {
  const seconds = quick ? 3 : 10;
  const [target] = await databaseTargets();
  const database = await freshDatabase(target!);
  const app = await seededApp(database, { BOOKING_RATE_LIMIT_PER_MINUTE: "10000" });
  const figures: Figure[] = [];
  try {
    const desk = await signedIn(app, DEMO.desk);
    const setup = (await desk.get("/api/setup")).body;
    const consultation = setup.appointmentTypes.find((t: { kind: string }) => t.kind === "consultation").id;
    const patients = (await desk.get("/api/patients?limit=50")).body.patients.map(
      (p: { id: string }) => p.id,
    );
    const { clinic_id: clinicId, location_id: locationId } = (
      await database.admin.query("select clinic_id, id as location_id from locations limit 1")
    ).rows[0];
    const today = Temporal.Now.plainDateISO(TZ);
    // Weekdays from two weeks out; every client asks for the same hours in the same order.
    const days: Temporal.PlainDate[] = [];
    for (let d = today.add({ weeks: 2 }); days.length < 200; d = d.add({ days: 1 }))
      if (d.dayOfWeek <= 5) days.push(d);
    const startOf = (i: number) => {
      const day = days[Math.floor(i / 16) % days.length]!;
      const minutes = 9 * 60 + (i % 16) * 30;
      return day
        .toZonedDateTime({
          timeZone: TZ,
          plainTime: Temporal.PlainTime.from({ hour: Math.floor(minutes / 60), minute: minutes % 60 }),
        })
        .toInstant()
        .toString();
    };

    log(`booking storm: ${CONCURRENCY} clients for ${seconds} s ...`);
    const cursor = { next: 0 };
    const booked = await forSeconds(seconds, CONCURRENCY, async (c) => {
      const i = Math.floor(cursor.next++ / 2); // two clients on each start: one of them must lose
      const res = await desk.post("/api/appointments", {
        patientId: patients[(i + c) % patients.length],
        typeId: consultation,
        startsAt: startOf(i),
      });
      if (res.status !== 201 && res.status !== 409)
        throw new Error(`booking: ${res.status} ${JSON.stringify(res.body)}`);
      return res.status === 201;
    });
    const overlaps = (
      await database.admin.query(`
        select count(*)::int as n from appointments a join appointments b on a.id < b.id
        where a.status not in ('cancelled','no_show') and b.status not in ('cancelled','no_show')
          and ((a.provider_id = b.provider_id and coalesce(a.provider_span, tstzrange(a.starts_at, a.ends_at)) && coalesce(b.provider_span, tstzrange(b.starts_at, b.ends_at)))
            or (a.room_id = b.room_id and coalesce(a.room_span, tstzrange(a.starts_at, a.ends_at)) && coalesce(b.room_span, tstzrange(b.starts_at, b.ends_at)))
            or (a.device_id = b.device_id and coalesce(a.device_span, tstzrange(a.starts_at, a.ends_at)) && coalesce(b.device_span, tstzrange(b.starts_at, b.ends_at))))`)
    ).rows[0].n as number;
    if (overlaps !== 0) throw new Error(`${overlaps} overlapping appointments after the storm`);
    log(`  ${booked.ok} booked, ${booked.refused} answered 409, 0 overlaps`);

    log("raw INSERT rate ...");
    const room = setup.rooms[0].id;
    const base = Date.parse(`${today.add({ years: 2 })}T00:00:00Z`);
    const rawCursor = { next: 0 };
    const raw = await forSeconds(seconds, CONCURRENCY, async () => {
      const n = rawCursor.next++;
      await database.admin.query(
        `insert into appointments (clinic_id, location_id, patient_id, type_id, room_id, starts_at, ends_at)
         values ($1, $2, $3, $4, $5, $6, $7)`,
        [
          clinicId,
          locationId,
          patients[n % patients.length],
          consultation,
          room,
          new Date(base + n * 3_600_000),
          new Date(base + n * 3_600_000 + 1_800_000),
        ],
      );
      return true;
    });
    figures.push({
      name: `bookings/s, ${CONCURRENCY} clients on the same hours (API; ${booked.refused} got 409, 0 overlaps)`,
      value: booked.perSecond,
      unit: "bookings/s",
      baseline: `raw single-row INSERT into appointments, ${CONCURRENCY} clients`,
      baselineValue: raw.perSecond,
    });

    log(`slot search ...`);
    const service = new BookingService(database.db);
    const from = days[0]!.toString();
    const searchRate = await opsPerSecond(
      () =>
        withClinic(database.db, { clinicId }, (tx) =>
          service.searchIn(tx, { typeId: consultation, patientId: null, from, limit: 20 }, Date.now()),
        ),
      seconds * 1000,
    );
    const windowFrom = new Date(Date.parse(`${from}T00:00:00Z`));
    const windowTo = new Date(windowFrom.getTime() + 14 * 86_400_000);
    const busyRate = await opsPerSecond(
      () => withClinic(database.db, { clinicId }, (tx) => listBusy(tx, windowFrom, windowTo, null)),
      seconds * 1000,
    );
    const count = (await database.admin.query("select count(*)::int as n from appointments")).rows[0].n;
    figures.push({
      name: `slot searches/s (next 20 consultation slots, ${count} appointments in the clinic)`,
      value: searchRate,
      unit: "searches/s",
      baseline: "the busy-interval query alone (two weeks, same transaction shape)",
      baselineValue: busyRate,
    });
  } finally {
    await app.close();
    await database.drop();
  }
  return figures;
};

export default bench;
