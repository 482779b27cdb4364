/**
 * The slot-context statement moves its busy-time window to where a session's search can first hold
 * a slot (the notice, a dated deferral, the series' minimum interval), a guess made in SQL with the
 * domain's constants (the general series rule, the default notice) as parameters. The domain's
 * gate decides; the guess must agree with it: run against the embedded database on generated
 * zones, instants, notices, screenings, plans and sessions, the statement never opens its window
 * before the domain gate's first open date, and its window (opened a day early, for zone rules that
 * put the day either side) always holds that date, so a search needs no second load.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import fc from "fast-check";
import { withClinic } from "../../src/db/pool.ts";
import { addDays, todayIn } from "../../src/domain/calendar.ts";
import { bookingGate, DEFAULT_MIN_NOTICE_MINUTES, firstOpenDate } from "../../src/domain/scheduling/gate.ts";
import { seedDemoClinic } from "../../src/server/demo-seed.ts";
import { loadSlotContext } from "../../src/server/services/slot-context.service.ts";
import { databaseTargets, freshDatabase, type TestDatabase } from "../support/db.ts";

const DAY = 86_400_000;
const ZONES = [
  "Europe/London",
  "America/Los_Angeles",
  "Asia/Kolkata",
  "Pacific/Auckland",
  "Pacific/Kiritimati",
  "UTC",
];
const utcDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

const scenario = fc.record({
  zone: fc.constantFrom(...ZONES),
  /** Minutes after the test's start: any time of day, over two weeks. */
  nowMinutes: fc.integer({ min: 0, max: 14 * 24 * 60 }),
  /** The clinic's notice; null: the clinic set none (the domain's default applies). */
  notice: fc.option(fc.integer({ min: 0, max: 20160 }), { nil: null }),
  screening: fc.oneof(
    fc.record({ outcome: fc.constant("eligible" as const), daysAgo: fc.integer({ min: 0, max: 170 }) }),
    fc.record({ outcome: fc.constant("defer" as const), untilDays: fc.integer({ min: -5, max: 60 }) }),
  ),
  /** The screening's plan, with its interval between sessions; null: the series rule's. */
  plan: fc.option(
    fc
      .integer({ min: 1, max: 10 })
      .chain((min) => fc.record({ min: fc.constant(min), max: fc.integer({ min, max: min + 10 }) })),
    { nil: null },
  ),
  /** The patient's other sessions: days from now and the clinic-ish hour. */
  sessions: fc.array(
    fc.record({ days: fc.integer({ min: -120, max: 120 }), hour: fc.integer({ min: 6, max: 20 }) }),
    {
      maxLength: 4,
    },
  ),
});

for (const target of await databaseTargets()) {
  describe(`the slot-context window agrees with the booking gate (${target.name} PostgreSQL)`, () => {
    let database: TestDatabase;
    let clinicId: string;
    let locationId: string;
    let typeId: string;
    let protocolVersion: { id: string; version: string };
    let screenerId: string;

    before(async () => {
      database = await freshDatabase(target);
      await seedDemoClinic(database.adminUrl);
      const q = async (sql: string) => (await database.admin.query(sql)).rows[0];
      ({ id: locationId, clinic_id: clinicId } = await q(
        "select id, clinic_id from locations where retired_at is null order by created_at, name limit 1",
      ));
      ({ id: typeId } = await q(
        "select id from appointment_types where kind = 'microneedling' and active limit 1",
      ));
      // The screenings below name a protocol version (the statement does not read it).
      protocolVersion = (
        await database.admin.query(
          `insert into protocol_versions (clinic_id, version, ruleset, protocol)
           values ($1, 'window-test', 'default', '{}') returning id, version`,
          [clinicId],
        )
      ).rows[0];
      ({ id: screenerId } = await q("select id from users where role = 'provider' order by email limit 1"));
    });
    after(async () => {
      await database?.drop();
    });

    test("property: the window never opens before the gate's first date, and holds it", async (t) => {
      const start = Date.now();
      let checked = 0;
      await fc.assert(
        fc.asyncProperty(scenario, async (s) => {
          const now = start + s.nowMinutes * 60_000;
          const admin = database.admin;
          await admin.query("update locations set time_zone = $1 where id = $2", [s.zone, locationId]);
          if (s.notice === null) await admin.query("delete from scheduling_settings");
          else
            await admin.query(
              `insert into scheduling_settings (clinic_id, min_notice_minutes) values ($1, $2)
               on conflict (clinic_id) do update set min_notice_minutes = excluded.min_notice_minutes`,
              [clinicId, s.notice],
            );
          const patientId = randomUUID();
          await admin.query(
            `insert into patients (id, clinic_id, given_name, family_name, date_of_birth, sex, email)
             values ($1, $2, 'Window', 'Case', date '1990-01-01', 'unknown', $3)`,
            [patientId, clinicId, `window-${patientId}@example.test`],
          );
          const today = utcDate(now);
          const eligible = s.screening.outcome === "eligible";
          const screenedOn =
            eligible && "daysAgo" in s.screening ? addDays(today, -s.screening.daysAgo) : today;
          const deferUntil =
            !eligible && "untilDays" in s.screening ? addDays(today, s.screening.untilDays) : null;
          const plan = s.plan
            ? {
                combined: {
                  intervalWeeks: s.plan,
                  sessions: { min: 3, max: 6 },
                  maintenanceMonths: { min: 6, max: 12 },
                },
                series: [{ seriesRule: "SER-GENERAL" }],
              }
            : null;
          await admin.query(
            `insert into screenings (clinic_id, patient_id, protocol_version_id, protocol_version, screening_date,
               requested_appointment, outcome, deferral, defer_until, requires_review, input, output, screened_by)
             values ($1, $2, $3, $4, $5, $5, $6, $7, $8, false, '{}', $9, $10)`,
            [
              clinicId,
              patientId,
              protocolVersion.id,
              protocolVersion.version,
              screenedOn,
              eligible ? "eligible" : "defer",
              eligible ? "none" : "dated",
              deferUntil,
              JSON.stringify({ outcome: eligible ? "eligible" : "defer", ...(plan ? { plan } : {}) }),
              screenerId,
            ],
          );
          for (const session of s.sessions) {
            const at = now + session.days * DAY + (session.hour - 12) * 3_600_000;
            await admin.query(
              `insert into appointments (clinic_id, location_id, patient_id, type_id, starts_at, ends_at, status)
               values ($1, $2, $3, $4, $5, $6, $7)`,
              [clinicId, locationId, patientId, typeId, new Date(at), new Date(at + 3_600_000), "booked"],
            );
          }

          // The first load of a "next N" search (see searchIn): a day before today's UTC date.
          const guessFirst = addDays(utcDate(now), -1);
          const ctx = await withClinic(database.db, { clinicId }, (tx) =>
            loadSlotContext(tx, {
              typeId,
              patientId,
              locationId,
              first: guessFirst,
              last: addDays(guessFirst, 4),
              limit: 20,
              now,
              startWhereOpen: true,
              staff: false,
            }),
          );
          assert.equal(ctx.input.minNoticeMinutes, s.notice ?? DEFAULT_MIN_NOTICE_MINUTES);

          // The domain's first open date, as the search computes it.
          const tz = ctx.location.timeZone;
          const localToday = todayIn(tz, now);
          const gate = bookingGate(ctx.input.screening, ctx.input.series);
          const horizon = addDays(localToday, ctx.settings.maxAdvanceDays);
          const last = gate.latestDate !== null && gate.latestDate < horizon ? gate.latestDate : horizon;
          const noticeDate = todayIn(tz, now + ctx.input.minNoticeMinutes * 60_000);
          const first = firstOpenDate(gate, localToday, noticeDate, last);
          // Nothing can open (a screening expiring first, a series with no room): nothing to agree on.
          if (gate.blocked || first > last) return;
          checked++;
          const windowFirst = addDays(guessFirst, ctx.shiftDays);
          const context = `${JSON.stringify(s)}: window from ${windowFirst}, gate opens ${first}`;
          assert.ok(
            addDays(windowFirst, 1) >= first,
            `the window opens before the gate's first date (${context})`,
          );
          assert.ok(windowFirst <= first, `the window misses the gate's first date (${context})`);
        }),
        { numRuns: 60 },
      );
      t.diagnostic(`${checked} scenarios with an open date compared`);
      assert.ok(checked > 20, `only ${checked} scenarios had an open date`);
    });
  });
}
