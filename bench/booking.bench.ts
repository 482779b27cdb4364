/**
 * Booking figures, each beside a baseline measured in the same run on the same database:
 *
 * - The booking storm of the scheduling issue: 64 concurrent clients for 10 s (3 s with --quick)
 *   book consultations, two clients on each start so that resources are contended, each request
 *   for a different patient. Bookings of one clinic that arrive while others are being written go
 *   together in the next shared transaction (BookingService.book; docs/scheduling.md), so the
 *   figure is what the service does under such a load, not 64 separate transactions. Measured twice:
 *     * in-process: 64 concurrent callers of BookingService.book (the domain work: audited
 *       transactions that load the slot context, place each visit, insert them under the exclusion
 *       constraints, queue their messages; a refusal answers with the next free slots);
 *     * API: the same through app.inject (session, CSRF, validation, serialisation on top), from
 *       64 signed-in sessions (each request checks its own cookie).
 *   Both run on an application pool of POOL connections (the server's default). The baseline,
 *   measured just before each, is the raw single-row INSERT into appointments (same table and
 *   constraints, autocommit) by 64 concurrent callers on a pool of the same size. Afterwards SQL
 *   counts overlapping live appointments per provider, room and device: it must be 0.
 * - Slot searches per second (BookingService.searchIn, next 20 slots) vs the busy-interval query
 *   it starts from (listBusy over the same window) alone.
 */
import pg from "pg";
import { Temporal } from "temporal-polyfill";
import { createPool, withClinic } from "../src/db/pool.ts";
import { appendAudit } from "../src/db/repositories/audit.repository.ts";
import { listBusy } from "../src/db/repositories/booking.repository.ts";
import { loadConfig } from "../src/server/config.ts";
import { SESSION_COOKIE } from "../src/server/http/access.ts";
import { AuthService } from "../src/server/services/auth.service.ts";
import { BookingService, SlotTakenError } from "../src/server/services/booking.service.ts";
import { DEMO, seededApp, signedIn } from "../test/support/api.ts";
import { databaseTargets, freshDatabase } from "../test/support/db.ts";
import { type Bench, type Figure, opsPerSecond } from "./harness.ts";
import { growClinic } from "./slots.bench.ts";

const TZ = "Europe/London";
const CLIENTS = 64;
/** The server's pool size (createPool's default), for the app and for the baseline alike. */
const POOL = 10;
/** Clients asking for each start: the clinic has 10 rooms (and 20 providers), so two of them lose. */
const PER_START = 12;
/** 09:00-15:45 every 45 minutes: a consultation holds its room and provider 35 minutes. */
const STARTS_PER_DAY = 10;
const START_EVERY_MINUTES = 45;

interface Storm {
  perSecond: number;
  ok: number;
  refused: number;
  refusedWithNextSlots: number;
  statements: number;
}

/**
 * Runs `clients` concurrent loops of `one` for `seconds`; `done` sees each outcome that completed
 * inside the window (requests still running at its end finish, uncounted), so a rate is the
 * counted outcomes over `seconds`, not stretched by the drain.
 */
async function forSeconds<T>(
  seconds: number,
  clients: number,
  one: () => Promise<T>,
  done: (outcome: T) => void = () => {},
) {
  const until = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < until) {
        const outcome = await one();
        if (performance.now() <= until) done(outcome);
      }
    }),
  );
}

const bench: Bench = async ({ quick, smoke, log }) => {
  const seconds = smoke ? 0.5 : quick ? 3 : 10;
  const [target] = await databaseTargets();
  const database = await freshDatabase(target!);
  const appPool = createPool(database.adminUrl, POOL);
  // Statements sent by the application, to show what one booking costs in round trips.
  let statements = 0;
  appPool.on("connect", (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
      statements++;
      return query(...args);
    };
  });
  // The baseline's pool: the same size, as the table owner (a bare INSERT, no clinic to set).
  const rawPool = new pg.Pool({ connectionString: database.adminUrl, max: POOL });
  const app = await seededApp({ ...database, db: appPool }, { BOOKING_RATE_LIMIT_PER_MINUTE: "10000" });
  const figures: Figure[] = [];
  try {
    const desk = await signedIn(app, DEMO.desk);
    const setup = (await desk.get("/api/setup")).body;
    const consultation = setup.appointmentTypes.find((t: { kind: string }) => t.kind === "consultation").id;
    const { clinic_id: clinicId, location_id: locationId } = (
      await database.admin.query("select clinic_id, id as location_id from locations limit 1")
    ).rows[0];
    // The clinic of the slot search bench (20 providers, 10 rooms, 6 devices), booking up to three
    // years ahead (the longest horizon a clinic may set), so that a storm does not run out of days.
    await growClinic(database.admin, clinicId, locationId);
    await database.admin.query(
      `insert into scheduling_settings (clinic_id, max_advance_days) values ($1, 1095)
       on conflict (clinic_id) do update set max_advance_days = 1095`,
      [clinicId],
    );
    // Every request books for a patient of its own (with an e-mail, so the messages are queued).
    await database.admin.query(
      `insert into patients (clinic_id, given_name, family_name, date_of_birth, sex, email)
       select $1, 'Storm', 'Patient ' || g, date '1990-01-01', 'unknown', 'storm' || g || '@example.test'
       from generate_series(1, $2::int) g`,
      [clinicId, smoke ? 500 : 4000],
    );
    // Statistics as autovacuum would have them in a clinic that has had its patients for a while
    // (fresh, the planner takes the clinic's 4,000 patients for a handful).
    await database.admin.query("analyze patients");
    const patients = (
      await database.admin.query("select id from patients where family_name like 'Patient %' order by id")
    ).rows.map((r: { id: string }) => r.id as string);
    const closed = new Set(
      (
        await database.admin.query(
          "select d::date::text as day from closures, generate_series(first_day, last_day, interval '1 day') d",
        )
      ).rows.map((r: { day: string }) => r.day),
    );
    const today = Temporal.Now.plainDateISO(TZ);
    // Open weekdays from two weeks out to the horizon; the two storms use different days.
    const days: Temporal.PlainDate[] = [];
    const horizon = today.add({ days: 1090 });
    for (let d = today.add({ weeks: 2 }); Temporal.PlainDate.compare(d, horizon) < 0; d = d.add({ days: 1 }))
      if (d.dayOfWeek <= 5 && !closed.has(d.toString())) days.push(d);
    const startOf = (i: number) => {
      const day = days[Math.floor(i / STARTS_PER_DAY)];
      if (!day) throw new Error("the storm ran out of open days before the horizon");
      const minutes = 9 * 60 + (i % STARTS_PER_DAY) * START_EVERY_MINUTES;
      return new Date(
        day.toZonedDateTime({
          timeZone: TZ,
          plainTime: Temporal.PlainTime.from({ hour: Math.floor(minutes / 60), minute: minutes % 60 }),
        }).epochMilliseconds,
      );
    };
    const cursor = { request: 0, start: 0 };
    let patientCursor = 0;

    const room = setup.rooms[0].id;
    let rawSlot = 0;
    // Past the horizon, where no storm books.
    const rawBase = Date.parse(`${today.add({ years: 5 })}T00:00:00Z`);
    const rawInsert = async () => {
      const k = rawSlot++;
      await rawPool.query(
        `insert into appointments (clinic_id, location_id, patient_id, type_id, room_id, starts_at, ends_at)
         values ($1, $2, $3, $4, $5, $6, $7)`,
        [
          clinicId,
          locationId,
          patients[k % patients.length],
          consultation,
          room,
          new Date(rawBase + k * 3_600_000),
          new Date(rawBase + k * 3_600_000 + 1_800_000),
        ],
      );
    };
    const rawInserts = async () => {
      let n = 0;
      await forSeconds(seconds, CLIENTS, rawInsert, () => n++);
      return n / seconds;
    };

    /** One storm: every request takes the next request number; PER_START requests share a start. */
    const storm = async (book: (patientId: string, startsAt: Date) => Promise<"ok" | SlotView[]>) => {
      const first = Math.ceil(cursor.request / PER_START / STARTS_PER_DAY) * STARTS_PER_DAY * PER_START;
      cursor.request = first;
      const result: Storm = { perSecond: 0, ok: 0, refused: 0, refusedWithNextSlots: 0, statements: 0 };
      const before = statements;
      let requests = 0;
      await forSeconds(
        seconds,
        CLIENTS,
        () => {
          requests++;
          const i = Math.floor(cursor.request++ / PER_START);
          return book(patients[patientCursor++ % patients.length]!, startOf(i));
        },
        (outcome) => {
          if (outcome === "ok") result.ok++;
          else {
            result.refused++;
            if (outcome.length > 0) result.refusedWithNextSlots++;
          }
        },
      );
      result.perSecond = result.ok / seconds;
      result.statements = (statements - before) / requests;
      return result;
    };
    type SlotView = { startsAt: string };

    // In-process: the booking service itself, as the route calls it, with the desk's principal.
    const service = new BookingService(appPool);
    const config = loadConfig({ LOG_LEVEL: "silent" });
    const session = await new AuthService(appPool, config).authenticate(desk.cookies.get(SESSION_COOKIE)!, {
      ip: null,
      userAgent: null,
    });
    const principal = session!.principal;
    const origin = { ip: "127.0.0.1", userAgent: "booking-bench" };

    // Warm-up (not measured): compiled code, prepared statements and pooled connections in place.
    await forSeconds(1, CLIENTS, rawInsert);
    await forSeconds(1, CLIENTS, async () => {
      const i = Math.floor(cursor.request++ / PER_START);
      await service
        .book(
          { principal, origin },
          {
            patientId: patients[patientCursor++ % patients.length]!,
            typeId: consultation,
            startsAt: startOf(i),
            hold: false,
          },
        )
        .catch((err: unknown) => {
          if (!(err instanceof SlotTakenError)) throw err;
        });
    });

    log(`raw single-row INSERT, ${CLIENTS} clients on ${POOL} connections, ${seconds} s ...`);
    const raw1 = await rawInserts();
    log(`booking storm in-process: ${CLIENTS} concurrent callers of BookingService.book, ${seconds} s ...`);
    const inProcess = await storm(async (patientId, startsAt) => {
      try {
        await service.book({ principal, origin }, { patientId, typeId: consultation, startsAt, hold: false });
        return "ok";
      } catch (err) {
        if (err instanceof SlotTakenError) return err.nextSlots;
        throw err;
      }
    });
    log(
      `  ${inProcess.ok} booked, ${inProcess.refused} refused (409; ${inProcess.refusedWithNextSlots} with next slots), ${inProcess.statements.toFixed(1)} statements per request`,
    );

    log(`raw single-row INSERT again ...`);
    const raw2 = await rawInserts();
    // Each API client is a browser of its own: 64 sessions of the front desk, so that every request
    // checks its own session cookie.
    const browsers = [
      desk,
      ...(await Promise.all(Array.from({ length: CLIENTS - 1 }, () => signedIn(app, DEMO.desk)))),
    ];
    let apiRequest = 0;
    log(`booking storm through the API: ${CLIENTS} concurrent app.inject clients, ${seconds} s ...`);
    const http = await storm(async (patientId, startsAt) => {
      const res = await browsers[apiRequest++ % CLIENTS]!.post("/api/appointments", {
        patientId,
        typeId: consultation,
        startsAt: startsAt.toISOString(),
      });
      if (res.status === 201) return "ok";
      if (res.status === 409 && res.body.error === "slot_taken") return res.body.nextSlots as SlotView[];
      throw new Error(`booking: ${res.status} ${JSON.stringify(res.body)}`);
    });
    log(
      `  ${http.ok} booked, ${http.refused} refused (409; ${http.refusedWithNextSlots} with next slots), ${http.statements.toFixed(1)} statements per request (session check included)`,
    );

    // What any API request can reach here: the same 64 browsers reading who they are (session
    // check, hooks, serialisation, and the test client's own work, all on this one Node thread).
    log(`GET /api/auth/me from the same ${CLIENTS} sessions, ${seconds} s ...`);
    let reads = 0;
    await forSeconds(
      seconds,
      CLIENTS,
      async () => {
        const res = await browsers[apiRequest++ % CLIENTS]!.get("/api/auth/me");
        if (res.status !== 200) throw new Error(`me: ${res.status}`);
      },
      () => reads++,
    );
    const apiCeiling = reads / seconds;

    // What any audited write of one clinic can reach here: begin, one audit entry, commit. The
    // chain is sealed off the commit path (migration 077), so these commit in parallel.
    log(`audited empty transactions: ${CLIENTS} clients, ${seconds} s ...`);
    let audited = 0;
    await forSeconds(
      seconds,
      CLIENTS,
      () =>
        withClinic(appPool, { clinicId, userId: principal.user.id }, (tx) =>
          appendAudit(tx, {
            actorUserId: principal.user.id,
            actorRole: principal.user.role,
            action: "bench.noop",
            resourceType: "bench",
            resourceId: null,
            ip: null,
            userAgent: null,
          }),
        ),
      () => audited++,
    );
    const auditedPerSecond = audited / seconds;

    const overlaps = (
      await database.admin.query(`
        select count(*)::int as n from appointments a join appointments b on a.id < b.id
        where a.status not in ('cancelled','no_show') and b.status not in ('cancelled','no_show')
          and (a.held_until is null or a.held_until > now()) and (b.held_until is null or b.held_until > now())
          and ((a.provider_id = b.provider_id and coalesce(a.provider_span, tstzrange(a.starts_at, a.ends_at)) && coalesce(b.provider_span, tstzrange(b.starts_at, b.ends_at)))
            or (a.room_id = b.room_id and coalesce(a.room_span, tstzrange(a.starts_at, a.ends_at)) && coalesce(b.room_span, tstzrange(b.starts_at, b.ends_at)))
            or (a.device_id = b.device_id and coalesce(a.device_span, tstzrange(a.starts_at, a.ends_at)) && coalesce(b.device_span, tstzrange(b.starts_at, b.ends_at))))`)
    ).rows[0].n as number;
    log(`overlapping appointments after both storms (SQL): ${overlaps}`);
    if (overlaps !== 0) throw new Error(`${overlaps} overlapping appointments after the storm`);
    const baseline = `raw single-row INSERT into appointments, ${CLIENTS} clients on ${POOL} connections`;
    figures.push({
      name: `bookings/s IN-PROCESS (BookingService.book), ${CLIENTS} clients, ${PER_START} per start (${inProcess.refused} got 409; overlaps: ${overlaps})`,
      value: inProcess.perSecond,
      unit: "bookings/s",
      baseline,
      baselineValue: raw1,
    });
    figures.push({
      name: `bookings/s API (app.inject POST /api/appointments), ${CLIENTS} clients, ${PER_START} per start (${http.refused} got 409; overlaps: ${overlaps})`,
      value: http.perSecond,
      unit: "bookings/s",
      baseline,
      baselineValue: raw2,
    });

    figures.push({
      name: `API requests/s, GET /api/auth/me from the same ${CLIENTS} sessions: the ceiling of any API request here`,
      value: apiCeiling,
      unit: "req/s",
      baseline,
      baselineValue: raw2,
    });
    figures.push({
      name: `audited transactions/s (begin, one audit row, commit), ${CLIENTS} clients: the ceiling of any audited write`,
      value: auditedPerSecond,
      unit: "tx/s",
      baseline,
      baselineValue: raw2,
    });

    log(`slot search ...`);
    const from = days[0]!.toString();
    const searchRate = await opsPerSecond(
      () =>
        withClinic(appPool, { clinicId }, (tx) =>
          service.searchIn(tx, { typeId: consultation, patientId: null, from, limit: 20 }, Date.now()),
        ),
      seconds * 1000,
    );
    const windowFrom = new Date(Date.parse(`${from}T00:00:00Z`));
    const windowTo = new Date(windowFrom.getTime() + 14 * 86_400_000);
    const busyRate = await opsPerSecond(
      () => withClinic(appPool, { clinicId }, (tx) => listBusy(tx, windowFrom, windowTo, null)),
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
    await rawPool.end();
    await appPool.end();
    await database.drop();
  }
  return figures;
};

export default bench;
