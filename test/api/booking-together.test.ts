/**
 * Bookings of one clinic that arrive together are written together (one transaction, one insert
 * under the exclusion constraints): they must end exactly as if booked one at a time, in arrival
 * order, each with its own answer, history, messages and audit entry under its own actor.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { Temporal } from "temporal-polyfill";
import { createPool } from "../../src/db/pool.ts";
import type { App } from "../../src/server/app.ts";
import { loadConfig } from "../../src/server/config.ts";
import { SESSION_COOKIE } from "../../src/server/http/access.ts";
import { refusalResponse } from "../../src/server/http/errors.ts";
import { AuthService, type Principal } from "../../src/server/services/auth.service.ts";
import { BookingService, SlotTakenError } from "../../src/server/services/booking.service.ts";
import { type Client, DEMO, seededApp, signedIn } from "../support/api.ts";
import { demoInstant, weekday } from "../support/dates.ts";
import { databaseTargets, freshDatabase, type TestDatabase } from "../support/db.ts";

const TZ = "Europe/London";
/** A Tuesday `weeksAhead` weeks away (every demo provider works on Tuesdays). */
const tuesday = (weeksAhead: number) => weekday(2, weeksAhead);
const at = (date: Temporal.PlainDate, hhmm: string) => new Date(demoInstant(date, hhmm));

type Answer =
  | { kind: "booked"; id: string; startsAt: string; providerId: string | null; roomId: string | null }
  | { kind: "taken"; nextSlots: number }
  | { kind: "error"; status: number; code: string };

const answerOf = (
  p: Promise<{
    appointment: { id: string; startsAt: Date; provider: { id: string } | null; room: { id: string } | null };
  }>,
) =>
  p.then(
    (r): Answer => ({
      kind: "booked",
      id: r.appointment.id,
      startsAt: r.appointment.startsAt.toISOString(),
      providerId: r.appointment.provider?.id ?? null,
      roomId: r.appointment.room?.id ?? null,
    }),
    (err: unknown): Answer => {
      if (err instanceof SlotTakenError) return { kind: "taken", nextSlots: err.nextSlots.length };
      const refused = refusalResponse(err);
      if (refused) return { kind: "error", status: refused.status, code: refused.code };
      throw err;
    },
  );

for (const target of await databaseTargets()) {
  describe(`bookings written together (${target.name} PostgreSQL)`, () => {
    let database: TestDatabase;
    let app: App;
    let desk: Client;
    let nurse: Client;
    let consultation: string;
    let clinicId: string;
    let patients: string[];
    const principalOf = async (client: Client): Promise<Principal> => {
      const auth = new AuthService(database.db, loadConfig({ LOG_LEVEL: "silent" }));
      const found = await auth.authenticate(client.cookies.get(SESSION_COOKIE)!, {
        ip: null,
        userAgent: null,
      });
      return found!.principal;
    };

    before(async () => {
      database = await freshDatabase(target);
      app = await seededApp(database, { BOOKING_RATE_LIMIT_PER_MINUTE: "10000" });
      desk = await signedIn(app, DEMO.desk);
      nurse = await signedIn(app, DEMO.nurse);
      const setup = (await desk.get("/api/setup")).body;
      consultation = setup.appointmentTypes.find((t: { kind: string }) => t.kind === "consultation").id;
      clinicId = (await database.admin.query("select clinic_id from locations limit 1")).rows[0].clinic_id;
      await database.admin.query(
        `insert into patients (clinic_id, given_name, family_name, date_of_birth, sex, email)
         select $1, 'Together', 'Patient ' || g, date '1990-01-01', 'unknown', 'together' || g || '@example.test'
         from generate_series(1, 200) g`,
        [clinicId],
      );
      patients = (
        await database.admin.query(
          "select id from patients where given_name = 'Together' order by family_name",
        )
      ).rows.map((r: { id: string }) => r.id);
    });
    after(async () => {
      await app.close();
      await database.drop();
    });

    /** Twelve requests on a day: two patients on each of six starts, and three that must fail. */
    const requests = (day: Temporal.PlainDate, offset: number) => [
      ...["09:00", "09:00", "09:30", "09:30", "10:00", "10:00", "10:00", "10:00", "11:00", "11:00"].map(
        (hhmm, i) => ({ patientId: patients[offset + i]!, startsAt: at(day, hhmm) }),
      ),
      { patientId: randomUUID(), startsAt: at(day, "12:00") },
      { patientId: patients[offset + 10]!, startsAt: new Date(Date.now() - 3_600_000) },
      { patientId: patients[offset + 11]!, startsAt: at(day, "13:00"), roomId: randomUUID() },
    ];

    test("together they book exactly what one at a time would, in arrival order, in one transaction", async () => {
      const principal = await principalOf(desk);
      const origin = { ip: "127.0.0.1", userAgent: "together-test" };
      const book = (service: BookingService, r: ReturnType<typeof requests>[number]) =>
        answerOf(service.book({ principal, origin }, { ...r, typeId: consultation, hold: false }));

      // One at a time (each awaited before the next), on one day.
      const alone = new BookingService(database.db);
      const oneByOne: Answer[] = [];
      for (const r of requests(tuesday(6), 0)) oneByOne.push(await book(alone, r));

      // The same requests on the next week's day, all at once: one shared transaction.
      const together = new BookingService(database.db);
      const atOnce = await Promise.all(requests(tuesday(7), 12).map((r) => book(together, r)));

      const shape = (a: Answer) =>
        a.kind === "booked"
          ? `booked ${Temporal.Instant.from(a.startsAt).toZonedDateTimeISO(TZ).toPlainTime()} ${a.providerId} ${a.roomId}`
          : a.kind === "taken"
            ? `taken (${a.nextSlots > 0 ? "with" : "without"} next slots)`
            : `${a.status} ${a.code}`;
      assert.deepEqual(atOnce.map(shape), oneByOne.map(shape));
      assert.ok(atOnce.filter((a) => a.kind === "booked").length >= 5, "most of the times were free");
      assert.ok(
        atOnce.some((a) => a.kind === "taken"),
        "some times were contested",
      );
      assert.deepEqual(
        atOnce.slice(-3).map((a) => (a.kind === "error" ? `${a.status} ${a.code}` : a.kind)),
        ["404 not_found", "422 in_the_past", "422 unknown_resource"],
      );

      const booked = atOnce.flatMap((a) => (a.kind === "booked" ? [a.id] : []));
      const audit = await database.admin.query(
        `select resource_id, actor_user_id, actor_role, host(ip) as ip, user_agent, xid::text as xid, detail
         from audit_log where action = 'appointment.book' and resource_id = any($1)`,
        [booked],
      );
      assert.equal(audit.rowCount, booked.length, "one audit entry per booking");
      assert.equal(new Set(audit.rows.map((r) => r.xid)).size, 1, "all written by one transaction");
      for (const row of audit.rows) {
        assert.equal(row.actor_user_id, principal.user.id);
        assert.equal(row.actor_role, principal.user.role);
        assert.equal(row.ip, "127.0.0.1");
        assert.equal(row.user_agent, "together-test");
        assert.ok(row.detail.protocolVersion, "the decision records the protocol version");
      }
      const events = await database.admin.query(
        "select appointment_id, count(*)::int as n from appointment_events where appointment_id = any($1) group by 1",
        [booked],
      );
      assert.equal(events.rowCount, booked.length);
      assert.ok(events.rows.every((r) => r.n === 1 && r.appointment_id));
      const confirmations = await database.admin.query(
        "select appointment_id from outbox where kind = 'confirmation' and appointment_id = any($1)",
        [booked],
      );
      assert.equal(confirmations.rowCount, booked.length, "each booking's confirmation is queued");
      // Nothing was written for the requests refused or in error.
      const day = tuesday(7);
      const written = await database.admin.query(
        "select count(*)::int as n from appointments where starts_at >= $1 and starts_at < $2",
        [at(day, "00:00"), at(day, "23:59")],
      );
      assert.equal(written.rows[0].n, booked.length);
    });

    test("visits that ask for a provider and visits that do not see each other's places", async () => {
      const principal = await principalOf(desk);
      const origin = { ip: null, userAgent: null };
      const request = (day: Temporal.PlainDate, i: number, providerId?: string) => ({
        patientId: patients[24 + i]!,
        typeId: consultation,
        startsAt: at(day, "15:00"),
        hold: false,
        ...(providerId ? { providerId } : {}),
      });
      // Alone: the first takes the first free provider; asking for that one next is refused.
      const alone = new BookingService(database.db);
      const first = await answerOf(alone.book({ principal, origin }, request(tuesday(10), 0)));
      assert.equal(first.kind, "booked");
      const chosen = first.kind === "booked" ? first.providerId! : "";
      const second = await answerOf(alone.book({ principal, origin }, request(tuesday(10), 1, chosen)));
      assert.equal(second.kind, "taken");
      // Together, in the same order: the same answers, though the two read the diary separately.
      const together = new BookingService(database.db);
      const both = await Promise.all([
        answerOf(together.book({ principal, origin }, request(tuesday(11), 2))),
        answerOf(together.book({ principal, origin }, request(tuesday(11), 3, chosen))),
      ]);
      assert.equal(both[0]!.kind, "booked");
      assert.equal(both[0]!.kind === "booked" && both[0]!.providerId, chosen);
      assert.equal(both[1]!.kind, "taken");
    });

    test("two shared transactions running side by side see each other's places", async () => {
      const principal = await principalOf(desk);
      const origin = { ip: null, userAgent: null };
      // 64 at once make two shared transactions of 32, running side by side. The first asks for four
      // morning times (more than the clinic can take), the second for those and four more; which of
      // the two gets a contested place is a race, how many are booked at each time is not.
      const morning = ["09:00", "09:45", "10:30", "11:15"];
      const later = ["12:00", "12:45", "13:30", "14:15"];
      const requests = (day: Temporal.PlainDate, offset: number) =>
        Array.from({ length: 64 }, (_, i) => ({
          patientId: patients[offset + i]!,
          typeId: consultation,
          startsAt: at(day, i < 32 ? morning[i % 4]! : [...morning, ...later][i % 8]!),
          hold: false,
        }));
      const alone = new BookingService(database.db);
      const oneByOne: Answer[] = [];
      for (const r of requests(tuesday(12), 40))
        oneByOne.push(await answerOf(alone.book({ principal, origin }, r)));
      // The statements the shared transactions send: had the second not seen the first's places, it
      // would have chosen the same rooms, lost them to the constraints and sent those visits on alone
      // (a transaction each).
      const pool = createPool(database.adminUrl, 5);
      let statements = 0;
      pool.on("connect", (client) => {
        const query = client.query.bind(client) as (...args: unknown[]) => unknown;
        (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
          statements++;
          return query(...args);
        };
      });
      try {
        const together = new BookingService(pool);
        const atOnce = await Promise.all(
          requests(tuesday(13), 104).map((r) => answerOf(together.book({ principal, origin }, r))),
        );
        const shape = (a: Answer) =>
          a.kind === "booked"
            ? `booked ${Temporal.Instant.from(a.startsAt).toZonedDateTimeISO(TZ).toPlainTime()}`
            : a.kind;
        const count = (answers: Answer[]) =>
          answers.reduce<Record<string, number>>((m, a) => {
            m[shape(a)] = (m[shape(a)] ?? 0) + 1;
            return m;
          }, {});
        assert.deepEqual(count(atOnce), count(oneByOne), "as many booked at each time as one at a time");
        const booked = atOnce.flatMap((a) => (a.kind === "booked" ? [a.id] : []));
        const transactions = await database.admin.query(
          "select count(distinct xid)::int as n from audit_log where action = 'appointment.book' and resource_id = any($1)",
          [booked],
        );
        assert.ok(transactions.rows[0].n <= 2, "written by the two shared transactions, none alone");
        assert.ok(
          statements <= 30,
          `two shared transactions, nothing sent on alone (${statements} statements)`,
        );
      } finally {
        await pool.end();
      }
    });

    test("through the API, concurrent bookings by two people: each answered, audited under its own actor, no overlaps", async () => {
      const day = tuesday(8);
      const times = ["09:00", "09:30", "10:00", "10:30", "11:00", "11:30"];
      const clients = [desk, nurse];
      const results = await Promise.all(
        Array.from({ length: 24 }, (_, i) =>
          clients[i % 2]!.post("/api/appointments", {
            patientId: patients[i]!,
            typeId: consultation,
            startsAt: at(day, times[i % times.length]!).toISOString(),
          }).then((res) => ({ res, by: i % 2 })),
        ),
      );
      for (const { res } of results) {
        assert.ok(
          res.status === 201 || res.status === 409,
          `unexpected ${res.status} ${JSON.stringify(res.body)}`,
        );
        if (res.status === 409) {
          assert.equal(res.body.error, "slot_taken");
          assert.ok(res.body.nextSlots.length > 0, "a refusal offers the next free slots");
        }
      }
      const made = results.filter((r) => r.res.status === 201);
      assert.ok(made.length > 0);
      const users = await database.admin.query("select id, email::text as email from users");
      const idOf = (email: string) => users.rows.find((u: { email: string }) => u.email === email)!.id;
      const actors = [idOf(DEMO.desk), idOf(DEMO.nurse)];
      for (const { res, by } of made) {
        const entry = await database.admin.query(
          "select actor_user_id from audit_log where action = 'appointment.book' and resource_id = $1",
          [res.body.appointment.id],
        );
        assert.deepEqual(
          entry.rows.map((r: { actor_user_id: string }) => r.actor_user_id),
          [actors[by]],
        );
      }
      const overlaps = await database.admin.query(`
        select count(*)::int as n from appointments a join appointments b on a.id < b.id
        where a.status not in ('cancelled','no_show') and b.status not in ('cancelled','no_show')
          and ((a.provider_id = b.provider_id and coalesce(a.provider_span, tstzrange(a.starts_at, a.ends_at)) && coalesce(b.provider_span, tstzrange(b.starts_at, b.ends_at)))
            or (a.room_id = b.room_id and coalesce(a.room_span, tstzrange(a.starts_at, a.ends_at)) && coalesce(b.room_span, tstzrange(b.starts_at, b.ends_at))))`);
      assert.equal(overlaps.rows[0].n, 0);
    });

    test("a booking that loses its time to one committed elsewhere is placed again, alone", async () => {
      const day = tuesday(9);
      const principal = await principalOf(desk);
      const origin = { ip: null, userAgent: null };
      const first = new BookingService(database.db);
      const second = new BookingService(database.db);
      // Two servers' bookings at the same moment, two patients each on the same start: the
      // constraints decide between the servers' shared transactions.
      const answers = await Promise.all(
        [first, first, second, second].map((service, i) =>
          answerOf(
            service.book(
              { principal, origin },
              {
                patientId: patients[30 + i]!,
                typeId: consultation,
                startsAt: at(day, "14:00"),
                hold: false,
              },
            ),
          ),
        ),
      );
      const providers = (
        await database.admin.query(
          "select count(*)::int as n from users where role = 'provider' and disabled_at is null",
        )
      ).rows[0].n as number;
      const rooms = (await database.admin.query("select count(*)::int as n from rooms where active")).rows[0]
        .n as number;
      const booked = answers.filter((a) => a.kind === "booked").length;
      assert.equal(booked, Math.min(4, providers, rooms), "every free provider and room is used, none twice");
      assert.ok(answers.every((a) => a.kind === "booked" || a.kind === "taken"));
    });
  });
}
