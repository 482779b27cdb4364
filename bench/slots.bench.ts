/**
 * Slot search at clinic scale: a clinic with 20 providers, 10 rooms and 6 devices whose diary holds
 * 1,000, 10,000, 100,000 and 1,000,000 past and future appointments (quick mode: the first two).
 * At each size it times single searches, the next 20 slots from today, for
 * - a consultation (provider + room) and
 * - a microneedling session (numbing in a room, needling with provider + room + device, serum in the
 *   room, cleaning buffer) for a screened patient part-way through a series,
 * - a session for a screened patient whose next session is already booked weeks ahead (the first
 *   open dates lie before it),
 * - a session for a patient whose screening a physician cleared, and
 * - a session for a patient whose screening awaits a physician's clearance and who has had a session
 *   (the answer is the block, no slots),
 * in-process (BookingService.searchIn in a clinic transaction on the app pool) and over HTTP (GET
 * /api/slots on a listening server, signed in), and reports median and p95 beside baselines from the
 * same run: the bare busy-interval query for a two-week window in the same kind of transaction, and
 * GET /ready (SELECT 1 on the same pool) over the same HTTP client. Last, the p95 growth from 10,000
 * to 1,000,000 appointments (target below 1.5x; p95 in-process target below 5 ms at 100,000). Before
 * the timing, it logs how many statements one in-process search of each kind runs.
 *
 * The diary is written in bulk by SQL as the schema owner: each appointment has the spans and
 * segments a real booking of its type stores, no resource is ever double-booked (the exclusion
 * constraints stay on and check every row), a share is cancelled, and the days fill outwards from
 * today, so every size has the same load around today and only the history and future grow.
 * Triggers (webhooks, the processing-restriction check) are off for the bulk load only.
 */
import type { AddressInfo } from "node:net";
import type pg from "pg";
import { Temporal } from "temporal-polyfill";
import { type Tx, withClinic } from "../src/db/pool.ts";
import { segmentOffsets } from "../src/domain/scheduling/slots.ts";
import { BookingService } from "../src/server/services/booking.service.ts";
import { DEMO, seededApp, signedIn } from "../test/support/api.ts";
import { databaseTargets, freshDatabase } from "../test/support/db.ts";
import type { Bench, Figure } from "./harness.ts";

const TZ = "Europe/London";
const PROVIDERS = 20;
const ROOMS = 10;
const DEVICES = 6;
/** Visits per room per open weekday, two hours apart from 09:00 (rooms start a quarter-hour apart). */
const VISITS_PER_ROOM = 4;
const PER_DAY = ROOMS * VISITS_PER_ROOM;

interface Stats {
  median: number;
  p95: number;
}

function stats(samples: number[]): Stats {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]!;
  return { median: at(0.5), p95: at(0.95) };
}

/**
 * Times each function `n` times, taking turns (one of each, then again), so that on a shared,
 * noisy machine a figure and its baseline see the same load. A few warm-up turns come first.
 */
async function timedTogether(
  n: number,
  fns: Record<string, () => Promise<unknown>>,
): Promise<Record<string, Stats>> {
  const samples: Record<string, number[]> = Object.fromEntries(Object.keys(fns).map((k) => [k, []]));
  for (let i = -Math.min(10, n); i < n; i++) {
    for (const [name, fn] of Object.entries(fns)) {
      const t = performance.now();
      await fn();
      if (i >= 0) samples[name]!.push(performance.now() - t);
    }
  }
  return Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, stats(v)]));
}

/**
 * Grows the demo clinic to 20 providers (working its opening hours), 10 rooms and 6 devices, and
 * cancels the demo's own few appointments (they would sit in the bench's rooms), inside the
 * caller's transaction on `admin`.
 */
export async function growClinic(admin: pg.Pool, clinicId: string, locationId: string) {
  await admin.query("update appointments set status = 'cancelled'");
  await admin.query(
    `insert into users (clinic_id, email, name, role, credential, max_needle_depth_mm)
     select $1, 'bench.provider' || i || '@demo.remodel.test', 'Bench Provider ' || lpad(i::text, 2, '0'),
            'provider', case when i % 2 = 0 then 'nurse' else 'physician' end, 2.5
     from generate_series(1, $2::int - (select count(*)::int from users where role = 'provider')) i`,
    [clinicId, PROVIDERS],
  );
  await admin.query(
    `insert into rooms (clinic_id, location_id, name)
     select $1, $2, 'Bench room ' || i from generate_series(1, $3::int - (select count(*)::int from rooms)) i`,
    [clinicId, locationId, ROOMS],
  );
  await admin.query(
    `insert into devices (clinic_id, location_id, name, model)
     select $1, $2, 'Bench pen ' || i, 'Automated microneedling pen'
     from generate_series(1, $3::int - (select count(*)::int from devices)) i`,
    [clinicId, locationId, DEVICES],
  );
  await admin.query(
    `insert into provider_hours (clinic_id, provider_id, location_id, weekday, starts, ends)
     select u.clinic_id, u.id, $1, o.weekday, o.opens, o.closes
     from users u cross join opening_hours o
     where u.email::text like 'bench.provider%' and o.location_id = $1`,
    [locationId],
  );
}

/**
 * The bench clinic on a fresh database: the demo clinic grown to 20 providers, 10 rooms and 6
 * devices, listening on a local port, with a signed-in desk session, the two searches, the
 * baseline busy query and `grow(n)`, which fills the diary up to n appointments.
 */
export async function benchClinic(log: (line: string) => void) {
  const [target] = await databaseTargets();
  const database = await freshDatabase(target!);
  const app = await seededApp(database);
  const close = async () => {
    await app.close();
    await database.drop();
  };
  try {
    await app.listen({ port: 0, host: "127.0.0.1" });
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const admin = database.admin;
    const desk = await signedIn(app, DEMO.desk);
    const setup = (await desk.get("/api/setup")).body;
    const typeOf = (kind: string) => setup.appointmentTypes.find((t: { kind: string }) => t.kind === kind);
    const consultation = typeOf("consultation");
    const session = typeOf("microneedling");
    const patients = (await desk.get("/api/patients?limit=50")).body.patients as {
      id: string;
      givenName: string;
    }[];
    const byName = (name: string) => patients.find((p) => p.givenName === name)!.id;
    const ava = byName("Ava");
    const noah = byName("Noah");
    // Mia's next session is booked; Leo's screening a physician cleared; Zara's awaits clearance.
    const mia = byName("Mia");
    const leo = byName("Leo");
    const zara = byName("Zara");
    const { clinic_id: clinicId, location_id: locationId } = (
      await admin.query("select clinic_id, id as location_id from locations limit 1")
    ).rows[0];
    const today = Temporal.Now.plainDateISO(TZ);

    log("setting up 20 providers, 10 rooms, 6 devices ...");
    await admin.query("begin; set local session_replication_role = replica");
    await growClinic(admin, clinicId, locationId);
    await admin.query(
      `insert into patients (clinic_id, given_name, family_name, date_of_birth, sex)
       select $1, 'Bench', 'Patient ' || i, date '1980-01-01' + i, 'female' from generate_series(1, 2000) i`,
      [clinicId],
    );
    await admin.query("commit");
    const ids = async (table: string, order: string) =>
      (await admin.query(`select id from ${table} order by ${order}`)).rows.map((r) => r.id as string);
    const providerIds = await ids("users where role = 'provider'", "name");
    const roomIds = await ids("rooms", "name");
    const deviceIds = await ids("devices", "name");
    const benchPatients = await ids("patients where given_name = 'Bench'", "family_name");
    if (providerIds.length !== PROVIDERS || roomIds.length !== ROOMS || deviceIds.length !== DEVICES)
      throw new Error("the bench clinic does not have 20 providers, 10 rooms and 6 devices");

    // Ava and Mia are screened (eligible); Leo and Zara take warfarin, so theirs asks for a
    // physician's clearance, which Dr Ahmed grants for Leo.
    const screen = async (patientId: string, outcome: string) => {
      const screened = await desk.post(`/api/patients/${patientId}/screenings`, {
        requestedAppointment: today.add({ weeks: 3 }).toString(),
        request: {
          setting: "clinic",
          concerns: [{ indication: "acne-scars", zones: ["cheeks"], goodmanBaronGrade: 2 }],
        },
        patient: { pregnant: false, breastfeeding: false },
      });
      if (screened.status !== 201 || screened.body.screening.outcome !== outcome)
        throw new Error(`screening: ${screened.status} ${JSON.stringify(screened.body)}`);
      return screened.body.screening.id as string;
    };
    await screen(ava, "eligible");
    await screen(mia, "eligible");
    for (const patientId of [leo, zara]) {
      const med = await desk.post(`/api/patients/${patientId}/medications`, {
        ingredient: "warfarin",
        prescribed: true,
        ongoing: true,
      });
      if (med.status !== 201) throw new Error(`medication: ${med.status} ${JSON.stringify(med.body)}`);
    }
    const leoScreening = await screen(leo, "needs-physician-clearance");
    await screen(zara, "needs-physician-clearance");
    const physician = await signedIn(app, DEMO.physician);
    const granted = await physician.post(`/api/screenings/${leoScreening}/clearance-grants`, {
      reasons: ["CI-ANTITHROMBOTIC"],
      note: "INR stable; discussed with the prescriber.",
    });
    if (granted.status !== 201)
      throw new Error(`clearance: ${granted.status} ${JSON.stringify(granted.body)}`);

    // Where each resource is held in a visit of each type, as the slot search places it.
    const shape = (t: { effectiveSegments: Parameters<typeof segmentOffsets>[0]; bufferMinutes: number }) => {
      const o = segmentOffsets(t.effectiveSegments, t.bufferMinutes);
      return {
        total: o.totalMinutes,
        provider: o.provider ? [o.provider.from, o.provider.to] : null,
        room: o.room ? [o.room.from, o.room.to] : null,
        device: o.device ? [o.device.from, o.device.to] : null,
        segments: o.segments.map((s) => [s.kind, s.from, s.to]),
      };
    };
    const shapes = { session: shape(session), consultation: shape(consultation) };
    if (shapes.session.room![1]! > 115 || shapes.consultation.room![1]! > 115)
      throw new Error("a visit no longer fits the bench's two-hour rows");
    // Sessions at 07:00, before the bench's rows start, shaped like the others: Ava's two earlier
    // ones, six and two weeks ago; Mia's, eight weeks ago and booked six weeks ahead; Zara's, three
    // weeks ago. Each patient's sessions hold their own provider, room and pen.
    const earlier = [
      { patient: ava, weeks: -6, status: "completed", r: 0 },
      { patient: ava, weeks: -2, status: "completed", r: 0 },
      { patient: mia, weeks: -8, status: "completed", r: 1 },
      { patient: mia, weeks: 6, status: "booked", r: 1 },
      { patient: zara, weeks: -3, status: "completed", r: 2 },
    ];
    for (const { patient, weeks, status, r } of earlier) {
      const t = today.add({ weeks }).toZonedDateTime({ timeZone: TZ, plainTime: "07:00" }).epochMilliseconds;
      const range = (m: number[] | null) =>
        m
          ? `[${new Date(t + m[0]! * 60_000).toISOString()},${new Date(t + m[1]! * 60_000).toISOString()})`
          : null;
      const o = shapes.session;
      await admin.query(
        `insert into appointments (clinic_id, location_id, patient_id, type_id, provider_id, room_id, device_id,
           starts_at, ends_at, provider_span, room_span, device_span, status)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
        [
          clinicId,
          locationId,
          patient,
          session.id,
          providerIds[r],
          roomIds[r],
          deviceIds[r],
          new Date(t),
          new Date(t + o.total * 60_000),
          range(o.provider),
          range(o.room),
          range(o.device),
          status,
        ],
      );
    }

    /** The span a visit holds `resource` for, from the shape's minutes after the start. */
    const span = (resource: string) =>
      `case when shape->'${resource}' = 'null'::jsonb then null else tstzrange(t + make_interval(mins => (shape->'${resource}'->>0)::int), t + make_interval(mins => (shape->'${resource}'->>1)::int)) end`;
    const anchor = today.subtract({ days: today.dayOfWeek - 1 }); // this week's Monday
    let seeded = 0;
    /**
     * Appointment i lands on open weekday k = i / 40 counted outwards from today's week (0, -1, +1,
     * -2, ...); on that day room r = i % 10 has visit v = (i / 10) % 4 at 09:00 + r * 15 min + v * 2 h.
     * Rooms 0-5 hold sessions with pen r, rooms 6-9 consultations; the provider alternates between
     * two per room, so nobody is in two rooms at once. Past visits are completed, one in seven is
     * cancelled (it blocks nothing).
     */
    const grow = async (to: number) => {
      const t0 = performance.now();
      const batch = 200_000;
      for (let from = seeded; from < to; from += batch) {
        const until = Math.min(to, from + batch);
        await admin.query("begin; set local session_replication_role = replica");
        await admin.query(
          `with s as (select $9::jsonb as session, $10::jsonb as consultation),
           g as (
             select i, i % ${ROOMS} as r, (i / ${ROOMS}) % ${VISITS_PER_ROOM} as v,
                    case when (i / ${PER_DAY}) % 2 = 0 then (i / ${PER_DAY}) / 2 else -((i / ${PER_DAY}) + 1) / 2 end as k
             from generate_series($1::bigint, $2::bigint - 1) i),
           d as (
             select g.*, ((($3::date + (7 * floor(k / 5.0))::int + (k - 5 * floor(k / 5.0))::int)
                       + make_interval(mins => 540 + r::int * 15 + v::int * 120)) at time zone '${TZ}') as t,
                    case when r < ${DEVICES} then (select session from s) else (select consultation from s) end as shape
             from g)
           insert into appointments (clinic_id, location_id, patient_id, type_id, provider_id, room_id, device_id,
             starts_at, ends_at, provider_span, room_span, device_span, segments, status, booked_via)
           select $4, $5, ($8::uuid[])[1 + (i % cardinality($8::uuid[]))],
                  case when r < ${DEVICES} then $6::uuid else $7::uuid end,
                  ($11::uuid[])[1 + r + ${ROOMS} * (((k + v) % 2 + 2) % 2)],
                  ($12::uuid[])[1 + r],
                  case when r < ${DEVICES} then ($13::uuid[])[1 + r] end,
                  t, t + make_interval(mins => (shape->>'total')::int),
                  ${span("provider")}, ${span("room")}, ${span("device")},
                  (select jsonb_agg(jsonb_build_object('kind', x->>0,
                            'start', t + make_interval(mins => (x->>1)::int), 'end', t + make_interval(mins => (x->>2)::int))
                          order by ord)
                   from jsonb_array_elements(shape->'segments') with ordinality as e(x, ord)),
                  case when i % 7 = 3 then 'cancelled' when t < now() then 'completed' else 'booked' end,
                  'staff'
           from d`,
          [
            from,
            until,
            anchor.toString(),
            clinicId,
            locationId,
            session.id,
            consultation.id,
            benchPatients,
            JSON.stringify(shapes.session),
            JSON.stringify(shapes.consultation),
            providerIds,
            roomIds,
            deviceIds,
          ],
        );
        await admin.query("commit");
      }
      // A steady diary, not one just bulk-loaded: no autovacuum left to run during the timing, and
      // the bulk load's dirty pages written out (not by a checkpoint in the middle of the timing).
      await admin.query("vacuum (analyze) appointments");
      await admin.query("checkpoint");
      seeded = to;
      const extent = (
        await admin.query(
          `select to_char(min(starts_at), 'YYYY-MM-DD') as first, to_char(max(starts_at), 'YYYY-MM-DD') as last,
                  count(*)::int as n from appointments`,
        )
      ).rows[0];
      log(
        `  ${extent.n.toLocaleString("en-US")} appointments from ${extent.first} to ${extent.last} (seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s)`,
      );
    };

    // Over HTTP: a desk session and keep-alive connections, like the web app.
    const csrf = await fetch(`${base}/api/auth/csrf`);
    const csrfCookie = csrf.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const login = await fetch(`${base}/api/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-csrf-token": csrfToken, cookie: csrfCookie },
      body: JSON.stringify({ email: DEMO.desk, password: DEMO.password }),
    });
    if (login.status !== 200) throw new Error(`sign-in failed: ${login.status}`);
    const cookie = login.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
    const get = async (
      url: string,
      check: (body: { slots?: unknown[]; blocked?: { code: string } | null }) => boolean,
    ) => {
      const res = await fetch(`${base}${url}`, { headers: { cookie } });
      const body = await res.json();
      if (res.status !== 200 || !check(body))
        throw new Error(`${url}: ${res.status} ${JSON.stringify(body)}`);
    };

    /** Each search and what it answers: 20 slots, or the block (no slots). */
    const searches: { name: string; typeId: string; patientId: string; blocked: string | null }[] = [
      { name: "consultation", typeId: consultation.id, patientId: noah, blocked: null },
      { name: "microneedling session (series)", typeId: session.id, patientId: ava, blocked: null },
      {
        name: "microneedling session (next one booked)",
        typeId: session.id,
        patientId: mia,
        blocked: null,
      },
      { name: "microneedling session (cleared)", typeId: session.id, patientId: leo, blocked: null },
      {
        name: "microneedling session (awaiting clearance)",
        typeId: session.id,
        patientId: zara,
        blocked: "clearance_pending",
      },
    ];
    const windowFrom = new Date(today.toZonedDateTime({ timeZone: TZ }).epochMilliseconds);
    const windowTo = new Date(windowFrom.getTime() + 14 * 86_400_000);
    const busyQuery = () =>
      withClinic(database.db, { clinicId }, (tx) =>
        tx.query(
          `select provider_id, room_id, device_id, provider_span, room_span, device_span from appointments
           where starts_at < $2 and starts_at > $1::timestamptz - interval '12 hours'
             and status not in ('cancelled', 'no_show') and (held_until is null or held_until > now())`,
          [windowFrom, windowTo],
        ),
      );
    return { database, clinicId: clinicId as string, searches, grow, get, busyQuery, close };
  } catch (err) {
    await close();
    throw err;
  }
}

/** Whether a search answered as expected: 20 slots, or its block and none. */
function answers(
  s: { blocked: string | null },
  r: { slots: readonly unknown[]; blocked: { code: string } | null },
): boolean {
  return s.blocked === null ? r.slots.length === 20 : r.slots.length === 0 && r.blocked?.code === s.blocked;
}

const bench: Bench = async ({ quick, smoke, log }) => {
  const sizes = smoke ? [1_000] : quick ? [1_000, 10_000] : [1_000, 10_000, 100_000, 1_000_000];
  const runs = smoke ? 3 : quick ? 60 : 200;
  const figures: Figure[] = [];
  const { database, clinicId, searches, grow, get, busyQuery, close } = await benchClinic(log);
  const service = new BookingService(database.db);
  try {
    const p95s = new Map<string, number>();
    for (const size of sizes) {
      log(`growing the diary to ${size.toLocaleString("en-US")} appointments ...`);
      await grow(size);
      const label = size.toLocaleString("en-US");
      const fns: Record<string, () => Promise<unknown>> = {
        busy: busyQuery,
        ready: () => get("/ready", () => true),
      };
      const search = (s: (typeof searches)[number], tx: Tx) =>
        service.searchIn(tx, { typeId: s.typeId, patientId: s.patientId, limit: 20 }, Date.now());
      // Statements one search runs in its transaction (a load is one; a wrong guess costs another).
      const statements: string[] = [];
      for (const s of searches) {
        let n = 0;
        await withClinic(database.db, { clinicId }, (tx) =>
          search(
            s,
            new Proxy(tx, {
              get(target, prop) {
                const value = Reflect.get(target, prop, target);
                if (prop === "query")
                  return (...args: unknown[]) => {
                    n++;
                    return (value as (...a: unknown[]) => unknown).apply(target, args);
                  };
                return typeof value === "function" ? value.bind(target) : value;
              },
            }),
          ),
        );
        statements.push(`${s.name} ${n}`);
      }
      log(`  statements per in-process search: ${statements.join(", ")}`);
      for (const s of searches) {
        fns[`${s.name} in-process`] = async () => {
          const r = await withClinic(database.db, { clinicId }, (tx) => search(s, tx));
          if (!answers(s, r)) throw new Error(`${s.name}: ${r.slots.length} slots, ${r.blocked?.code}`);
        };
        fns[`${s.name} HTTP`] = () =>
          get(`/api/slots?typeId=${s.typeId}&patientId=${s.patientId}&limit=20`, (b) =>
            answers(s, { slots: b.slots ?? [], blocked: b.blocked ?? null }),
          );
      }
      const measured = await timedTogether(runs, fns);
      const busy = measured.busy!;
      const ready = measured.ready!;
      p95s.set(`busy ${size}`, busy.p95);
      p95s.set(`ready ${size}`, ready.p95);
      for (const s of searches) {
        const inProcess = measured[`${s.name} in-process`]!;
        const overHttp = measured[`${s.name} HTTP`]!;
        p95s.set(`${s.name} in-process ${size}`, inProcess.p95);
        p95s.set(`${s.name} HTTP ${size}`, overHttp.p95);
        for (const [mode, st, baseline, bst] of [
          ["in-process", inProcess, "busy-interval query alone (2 weeks)", busy],
          ["HTTP", overHttp, "GET /ready (SELECT 1)", ready],
        ] as const) {
          for (const q of ["median", "p95"] as const) {
            figures.push({
              name: `${s.name}, next 20, ${mode}, ${label} appts, ${q}`,
              value: st[q],
              unit: "ms",
              baseline: `${baseline} ${q}`,
              baselineValue: bst[q],
            });
          }
        }
        log(
          `  ${s.name}: in-process median ${inProcess.median.toFixed(2)} ms, p95 ${inProcess.p95.toFixed(2)} ms; HTTP median ${overHttp.median.toFixed(2)} ms, p95 ${overHttp.p95.toFixed(2)} ms`,
        );
      }
    }
    const small = 10_000;
    const large = sizes[sizes.length - 1]!;
    if (large > small) {
      for (const s of searches) {
        for (const [mode, baseline] of [
          ["in-process", "busy"],
          ["HTTP", "ready"],
        ] as const) {
          const growth = (key: string) => p95s.get(`${key} ${large}`)! / p95s.get(`${key} ${small}`)!;
          figures.push({
            name: `${s.name}, ${mode}: p95 growth ${small.toLocaleString("en-US")} -> ${large.toLocaleString("en-US")}`,
            value: growth(`${s.name} ${mode}`),
            unit: "x",
            baseline: `${baseline === "busy" ? "busy-interval query" : "GET /ready"} p95 growth`,
            baselineValue: growth(baseline),
          });
        }
      }
    }
  } finally {
    await close();
  }
  return figures;
};

export default bench;
