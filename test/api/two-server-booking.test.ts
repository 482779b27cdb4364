/**
 * Several app servers on one database: each has its own booking service and so its own queue of
 * bookings written together, and neither sees what the other is placing. The database's exclusion
 * constraints still decide every overlap: two servers booking the same slots at the same moment
 * leave no overlapping appointments, and every request is answered, booked (201) or refused as
 * taken with the next free slots (409).
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Temporal } from "temporal-polyfill";
import { createPool, type Db } from "../../src/db/pool.ts";
import { type App, buildApp } from "../../src/server/app.ts";
import { loadConfig } from "../../src/server/config.ts";
import { DEMO, seededApp, signedIn } from "../support/api.ts";
import { demoInstant, weekday } from "../support/dates.ts";
import { databaseTargets, freshDatabase, type TestDatabase } from "../support/db.ts";
import { HttpClient, type HttpResponse, listen } from "../support/http.ts";

const ENV = { BOOKING_RATE_LIMIT_PER_MINUTE: "10000", LOGIN_RATE_LIMIT_PER_MINUTE: "1000" };
/** A Tuesday `weeksAhead` weeks away (every demo provider works on Tuesdays). */
const tuesday = (weeksAhead: number) => weekday(2, weeksAhead);
const at = (date: Temporal.PlainDate, hhmm: string) => demoInstant(date, hhmm);

for (const target of await databaseTargets()) {
  describe(`two app servers booking on one database (${target.name} PostgreSQL)`, () => {
    let database: TestDatabase;
    let appA: App;
    let appB: App;
    let poolB: Db;
    let serverA: HttpClient;
    let serverB: HttpClient;
    let consultation: string;
    let patients: string[];

    before(async () => {
      database = await freshDatabase(target);
      // Server A on the test's pool, server B on a pool of its own: two processes' worth of state.
      appA = await seededApp(database, ENV);
      poolB = createPool(database.appUrl, 5);
      appB = await buildApp({
        db: poolB,
        config: loadConfig({ LOG_LEVEL: "silent", ...ENV }),
        logger: false,
      });
      await appB.ready();
      const desk = await signedIn(appA, DEMO.desk);
      serverA = new HttpClient(await listen(appA));
      serverB = new HttpClient(await listen(appB));
      // One desk session (sessions live in the database), each server with its own CSRF token.
      for (const [name, value] of desk.cookies)
        if (!name.startsWith("_csrf")) {
          serverA.cookies.set(name, value);
          serverB.cookies.set(name, value);
        }
      const setup = (await serverB.get("/api/setup")).body;
      consultation = setup.appointmentTypes.find((t: { kind: string }) => t.kind === "consultation").id;
      const clinicId = (await database.admin.query("select clinic_id from locations limit 1")).rows[0]
        .clinic_id;
      await database.admin.query(
        `insert into patients (clinic_id, given_name, family_name, date_of_birth, sex, email)
         select $1, 'TwoServers', 'Patient ' || lpad(g::text, 3, '0'), date '1990-01-01', 'unknown',
                'two-servers' || g || '@example.test'
         from generate_series(1, 120) g`,
        [clinicId],
      );
      patients = (
        await database.admin.query(
          "select id from patients where given_name = 'TwoServers' order by family_name",
        )
      ).rows.map((r: { id: string }) => r.id);
    });
    after(async () => {
      await appA?.close();
      await appB?.close();
      await poolB?.end();
      await database?.drop();
    });

    test("both book the same slots at once: no overlap, every request answered 201 or 409 with next slots", async (t) => {
      const starts = ["09:00", "09:00", "09:30", "10:00", "10:00", "10:45", "11:00", "11:30"];
      const servers: [string, HttpClient][] = [
        ["a", serverA],
        ["b", serverB],
      ];
      // Two rounds on two days; each round sends every start several times to each server at once.
      const answers: { server: string; res: HttpResponse }[] = [];
      let next = 0;
      for (const day of [tuesday(5), tuesday(6)]) {
        const round = starts.flatMap((hhmm) =>
          servers.flatMap(([server, client]) =>
            [0, 1, 2].map(() => {
              const patientId = patients[next++]!;
              return client
                .post(
                  "/api/appointments",
                  { patientId, typeId: consultation, startsAt: at(day, hhmm) },
                  { "user-agent": `two-servers-${server}` },
                )
                .then((res) => ({ server, res }));
            }),
          ),
        );
        answers.push(...(await Promise.all(round)));
      }
      assert.equal(answers.length, 2 * starts.length * 2 * 3);

      const unexpected = answers.filter(({ res }) => res.status !== 201 && res.status !== 409);
      assert.deepEqual(
        unexpected.map(({ res }) => `${res.status} ${res.text}`),
        [],
        "every request is answered: booked or taken",
      );
      for (const { res } of answers.filter((a) => a.res.status === 409)) {
        assert.equal(res.body.error, "slot_taken");
        assert.ok(
          Array.isArray(res.body.nextSlots) && res.body.nextSlots.length > 0,
          "a 409 offers the next slots",
        );
      }
      const booked = answers.filter((a) => a.res.status === 201);
      assert.ok(booked.length > 0 && booked.length < answers.length, "some times were free, some contested");
      // Which server wins a contested time is a race, so either may book them all; each answered
      // every request it was sent (above: 201 or 409).
      for (const server of ["a", "b"])
        assert.equal(answers.filter((a) => a.server === server).length, starts.length * 2 * 3, server);

      // What was answered is what the database holds.
      const ids = booked.map((a) => a.res.body.appointment.id as string);
      const rows = await database.admin.query(
        "select count(*)::int as n from appointments where id = any($1) and status = 'booked'",
        [ids],
      );
      assert.equal(rows.rows[0].n, ids.length);

      const overlaps = await database.admin.query(`
        select count(*)::int as n from appointments a join appointments b on a.id < b.id
        where a.status not in ('cancelled','no_show') and b.status not in ('cancelled','no_show')
          and (a.held_until is null or a.held_until > now()) and (b.held_until is null or b.held_until > now())
          and ((a.provider_id = b.provider_id and coalesce(a.provider_span, tstzrange(a.starts_at, a.ends_at)) && coalesce(b.provider_span, tstzrange(b.starts_at, b.ends_at)))
            or (a.room_id = b.room_id and coalesce(a.room_span, tstzrange(a.starts_at, a.ends_at)) && coalesce(b.room_span, tstzrange(b.starts_at, b.ends_at)))
            or (a.device_id = b.device_id and coalesce(a.device_span, tstzrange(a.starts_at, a.ends_at)) && coalesce(b.device_span, tstzrange(b.starts_at, b.ends_at))))`);
      assert.equal(overlaps.rows[0].n, 0, "no provider, room or device is booked twice at once");

      // Each booking has one audit entry, from the server that answered it; the servers wrote
      // bookings together (more than one booking in one transaction), so the group commit was at work.
      const audit = await database.admin.query(
        `select resource_id, user_agent, xid::text as xid from audit_log
         where action = 'appointment.book' and resource_id = any($1)`,
        [ids],
      );
      assert.equal(audit.rows.length, ids.length);
      const byId = new Map(
        audit.rows.map((r: { resource_id: string; user_agent: string }) => [r.resource_id, r]),
      );
      for (const a of booked)
        assert.equal(byId.get(a.res.body.appointment.id)?.user_agent, `two-servers-${a.server}`);
      const perTransaction = new Map<string, number>();
      for (const r of audit.rows as { xid: string }[])
        perTransaction.set(r.xid, (perTransaction.get(r.xid) ?? 0) + 1);
      t.diagnostic(
        `${booked.length} booked, ${answers.length - booked.length} taken; ${perTransaction.size} transactions wrote them`,
      );
      assert.ok(
        [...perTransaction.values()].some((n) => n > 1),
        "some bookings were written together in one transaction",
      );
    });
  });
}
