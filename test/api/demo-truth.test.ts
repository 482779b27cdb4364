// The demo clinic tells the truth about a microneedling series: no patient has two treatment
// sessions less than 28 days apart (the series interval is 4–6 weeks), nor two visits on one day,
// and a face session never sits in the consultation room. It holds a patient at every stage of
// the pathway, each as the staff screens (and the patient's portal) show them.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { Temporal } from "temporal-polyfill";
import type { App } from "../../src/server/app.ts";
import { PATHWAY_PATIENTS } from "../../src/server/demo/pathway.ts";
import { seedDemoClinic } from "../../src/server/demo-seed.ts";
import { buildTestApp, type Client, DEMO, signedIn } from "../support/api.ts";
import { databaseTargets, freshDatabase, type TestDatabase } from "../support/db.ts";
import { patientIdOf } from "./clinical-record-fixtures.ts";

const TZ = "Europe/London";
const emailOf = (p: { givenName: string; familyName: string }) =>
  `${p.givenName}.${p.familyName}@demo.remodel.test`.toLowerCase();

for (const target of await databaseTargets()) {
  describe(`the demo clinic's schedule (${target.name} PostgreSQL)`, () => {
    let database: TestDatabase;
    before(async () => {
      database = await freshDatabase(target);
      await seedDemoClinic(database.adminUrl, undefined, { pathway: true });
    });
    let app: App | undefined;
    after(async () => {
      await app?.close();
      await database?.drop();
    });

    test("no patient has two treatment sessions under 28 days apart, or two on one day", async () => {
      const close = await database.admin.query(
        `select a.patient_id, a.starts_at, b.starts_at as other
         from appointments a join appointment_types ta on ta.id = a.type_id
         join appointments b on b.patient_id = a.patient_id and b.id <> a.id and b.starts_at >= a.starts_at
         join appointment_types tb on tb.id = b.type_id
         where ta.kind = 'microneedling' and tb.kind = 'microneedling'
           and a.status <> 'cancelled' and b.status <> 'cancelled'
           and b.starts_at < a.starts_at + interval '28 days'`,
      );
      assert.equal(close.rowCount, 0, JSON.stringify(close.rows.slice(0, 3)));
      const sameDay = await database.admin.query(
        `select patient_id, (starts_at at time zone 'Europe/London')::date as day, count(*)::int as n
         from appointments where status <> 'cancelled'
         group by 1, 2 having count(*) > 1`,
      );
      assert.equal(sameDay.rowCount, 0, JSON.stringify(sameDay.rows.slice(0, 3)));
      const treatments = await database.admin.query(
        `select count(*)::int as n from appointments a join appointment_types t on t.id = a.type_id
         where t.kind = 'microneedling'`,
      );
      assert.ok(treatments.rows[0].n >= 12, `only ${treatments.rows[0].n} treatment sessions`);
    });

    test("a patient is consulted once, before any session, and a review follows a session", async () => {
      // Ava Martin, the README's portal patient, had seven consultations in six weeks.
      const consultedTwice = await database.admin.query(
        `select p.given_name, count(*)::int as n from appointments a
         join appointment_types t on t.id = a.type_id join patients p on p.id = a.patient_id
         where t.kind = 'consultation' and a.status <> 'cancelled'
         group by p.id, p.given_name having count(*) > 1`,
      );
      assert.equal(consultedTwice.rowCount, 0, JSON.stringify(consultedTwice.rows.slice(0, 3)));
      const unconsulted = await database.admin.query(
        `select p.given_name, a.starts_at from appointments a
         join appointment_types t on t.id = a.type_id join patients p on p.id = a.patient_id
         where t.kind = 'microneedling' and a.status <> 'cancelled'
           and not exists (select 1 from appointments c join appointment_types ct on ct.id = c.type_id
                           where c.patient_id = a.patient_id and ct.kind = 'consultation'
                             and c.status = 'completed' and c.starts_at < a.starts_at)`,
      );
      assert.equal(unconsulted.rowCount, 0, JSON.stringify(unconsulted.rows.slice(0, 3)));
      const strayReviews = await database.admin.query(
        `select p.given_name, a.starts_at from appointments a
         join appointment_types t on t.id = a.type_id join patients p on p.id = a.patient_id
         where t.kind = 'review' and a.status <> 'cancelled'
           and not exists (select 1 from appointments s join appointment_types st on st.id = s.type_id
                           where s.patient_id = a.patient_id and st.kind = 'microneedling'
                             and s.status <> 'cancelled'
                             and s.starts_at between a.starts_at - interval '21 days' and a.starts_at)`,
      );
      assert.equal(strayReviews.rowCount, 0, JSON.stringify(strayReviews.rows.slice(0, 3)));
    });

    test("every visit is on an open day, within its provider's working hours", async () => {
      const outside = await database.admin.query(
        `select a.starts_at, u.name from appointments a join users u on u.id = a.provider_id
         where a.status <> 'cancelled' and (
           exists (select 1 from closures c where c.clinic_id = a.clinic_id
                   and (a.starts_at at time zone 'Europe/London')::date between c.first_day and c.last_day)
           or not exists (select 1 from provider_hours h where h.provider_id = a.provider_id
                   and h.weekday = extract(isodow from a.starts_at at time zone 'Europe/London')
                   and (a.starts_at at time zone 'Europe/London')::time >= h.starts
                   and (a.ends_at at time zone 'Europe/London')::time <= h.ends))`,
      );
      assert.equal(outside.rowCount, 0, JSON.stringify(outside.rows.slice(0, 3)));
    });

    test("face sessions are in treatment rooms, consultations in the consultation room", async () => {
      const misplaced = await database.admin.query(
        `select t.kind, r.name from appointments a join appointment_types t on t.id = a.type_id
         join rooms r on r.id = a.room_id
         where (t.kind = 'microneedling' and r.purpose = 'consultation')
            or (t.kind = 'consultation' and r.purpose = 'treatment')`,
      );
      assert.equal(misplaced.rowCount, 0, JSON.stringify(misplaced.rows.slice(0, 3)));
    });

    describe("a patient at every stage of the pathway", () => {
      let nurse: Client;
      let today: Temporal.PlainDate;
      const idOf = (stage: keyof typeof PATHWAY_PATIENTS) =>
        patientIdOf(nurse, PATHWAY_PATIENTS[stage].familyName);
      /** The patient's visits in the calendar, oldest first (days in the clinic's time zone). */
      const visits = async (patientId: string) =>
        (
          await database.admin.query(
            `select t.kind, a.status, to_char(a.starts_at at time zone $2, 'YYYY-MM-DD') as day, a.series_index as "seriesIndex"
             from appointments a join appointment_types t on t.id = a.type_id
             where a.patient_id = $1 and a.status <> 'cancelled' order by a.starts_at`,
            [patientId, TZ],
          )
        ).rows as { kind: string; status: string; day: string; seriesIndex: number | null }[];
      const ahead = (day: string) => Temporal.PlainDate.compare(Temporal.PlainDate.from(day), today) > 0;
      const daysBetween = (a: string, b: string) =>
        Temporal.PlainDate.from(a).until(Temporal.PlainDate.from(b)).days;
      before(async () => {
        app = await buildTestApp(database);
        nurse = await signedIn(app, DEMO.nurse);
        today = Temporal.Now.plainDateISO(TZ);
      });

      test("a self-check lead booked online, with the summary they sent and no account set up", async () => {
        const id = await idOf("lead");
        const requests = await nurse.get(`/api/patients/${id}/booking-requests`);
        assert.equal(requests.status, 200, JSON.stringify(requests.body));
        const [request] = requests.body.requests;
        assert.equal(request.selfCheck.outcome, "eligible");
        assert.ok(request.confirmedAt, "the online booking was confirmed");
        const [visit] = await visits(id);
        assert.equal(visit?.kind, "consultation");
        assert.ok(visit && ahead(visit.day) && visit.status === "booked", JSON.stringify(visit));
        const account = await database.admin.query("select password_hash from users where patient_id = $1", [
          id,
        ]);
        assert.equal(account.rows[0]?.password_hash ?? null, null, "the account is not set up yet");
      });

      test("a consultation booked by the desk, ahead, with the intake done", async () => {
        const id = await idOf("consultationBooked");
        assert.deepEqual(
          (await visits(id)).map((v) => [v.kind, v.status, ahead(v.day)]),
          [["consultation", "booked", true]],
        );
        const intake = await nurse.get(`/api/patients/${id}/intake`);
        assert.equal(intake.status, 200);
        assert.equal(intake.body.last?.enteredBy, "staff", "the desk took the intake on the phone");
      });

      test("a deferral until a date, and a patient awaiting a physician's clearance, each with its protocol version and reasons", async () => {
        const deferred = (await nurse.get(`/api/patients/${await idOf("deferred")}/screenings`)).body
          .screenings[0];
        assert.equal(deferred.outcome, "defer");
        assert.equal(deferred.deferral, "dated");
        assert.ok(ahead(deferred.deferUntil), deferred.deferUntil);
        assert.match(deferred.protocolVersion, /@/);
        assert.ok(deferred.output.reasons.length > 0);

        const clearanceId = await idOf("awaitingClearance");
        const waiting = (await nurse.get(`/api/patients/${clearanceId}/screenings`)).body.screenings[0];
        assert.equal(waiting.outcome, "needs-physician-clearance");
        assert.ok(
          waiting.output.reasons.includes("CI-ANTITHROMBOTIC"),
          JSON.stringify(waiting.output.reasons),
        );
        assert.match(waiting.protocolVersion, /@/);
        const grants = await nurse.get(`/api/patients/${clearanceId}/clearance-grants`);
        assert.equal(grants.status, 200);
        assert.deepEqual(grants.body.grants, [], "no clearance given yet");
      });

      test("a plan proposed and not yet accepted", async () => {
        const plans = (await nurse.get(`/api/patients/${await idOf("planProposed")}/plans`)).body.plans;
        assert.deepEqual(
          plans.map((p: { status: string }) => p.status),
          ["proposed"],
        );
        assert.match(plans[0].protocolVersion, /@/);
      });

      test("mid-series: session 1 of 3 signed, session 2 booked after the interval; the portal says so", async () => {
        const id = await idOf("midSeries");
        const [plan] = (await nurse.get(`/api/patients/${id}/plans`)).body.plans;
        assert.equal(plan.status, "accepted");
        assert.equal(plan.sessions, 3);
        const charts = (await nurse.get(`/api/patients/${id}/charts`)).body.charts;
        assert.deepEqual(
          charts.map((c: { status: string }) => c.status),
          ["signed"],
        );
        const sessions = (await visits(id)).filter((v) => v.kind === "microneedling");
        assert.deepEqual(
          sessions.map((v) => [v.seriesIndex, v.status]),
          [
            [1, "completed"],
            [2, "booked"],
          ],
        );
        assert.equal(charts[0].sessionDate, sessions[0]!.day);
        assert.ok(ahead(sessions[1]!.day));
        assert.ok(daysBetween(sessions[0]!.day, sessions[1]!.day) >= 28);

        const portal = await signedIn(app!, emailOf(PATHWAY_PATIENTS.midSeries));
        const overview = (await portal.get("/api/portal/overview")).body;
        assert.deepEqual([overview.plan.sessionsDone, overview.plan.sessions], [1, 3]);
        assert.equal(overview.upcoming[0].startsAt.slice(0, 10) >= sessions[1]!.day.slice(0, 10), true);
      });

      test("in aftercare: a session a few days ago and its check-ins recorded", async () => {
        const id = await idOf("aftercare");
        const [chart] = (await nurse.get(`/api/patients/${id}/charts`)).body.charts;
        assert.equal(chart.status, "signed");
        const since = daysBetween(chart.sessionDate, today.toString());
        assert.ok(since >= 3 && since <= 7, `session ${since} days ago`);
        const inbox = (await nurse.get("/api/inbox?all=true&limit=200")).body.items;
        const hers = inbox.filter((i: { patientId: string }) => i.patientId === id);
        assert.deepEqual(hers.map((i: { point: string }) => i.point).sort(), ["day-1", "day-3"]);
        assert.ok(hers.every((i: { triage: string }) => i.triage === "expected" || i.triage === "watch"));
        const versions = await database.admin.query(
          "select protocol_version from check_ins where patient_id = $1",
          [id],
        );
        assert.ok(versions.rows.every((r) => /@/.test(r.protocol_version)));
      });

      test("maintenance due: a series of three completed months ago, its recall due", async () => {
        const id = await idOf("maintenanceDue");
        const charts = (await nurse.get(`/api/patients/${id}/charts`)).body.charts;
        assert.equal(charts.length, 3);
        assert.ok(charts.every((c: { status: string }) => c.status === "signed"));
        const last = charts
          .map((c: { sessionDate: string }) => c.sessionDate)
          .sort()
          .at(-1);
        assert.ok(daysBetween(last, today.toString()) > 180, last);
        const recall = await database.admin.query(
          "select due_on::text as due, status from recalls where patient_id = $1",
          [id],
        );
        assert.equal(recall.rows[0]?.status, "due");
        assert.ok(!ahead(recall.rows[0].due), recall.rows[0].due);
      });
    });
  });
}
