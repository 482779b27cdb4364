// The demo clinic tells the truth about a microneedling series: no patient has two treatment
// sessions less than 28 days apart (the series interval is 4–6 weeks), nor two visits on one day,
// and a face session never sits in the consultation room.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { seedDemoClinic } from "../../src/server/demo-seed.ts";
import { databaseTargets, freshDatabase, type TestDatabase } from "../support/db.ts";

for (const target of await databaseTargets()) {
  describe(`the demo clinic's schedule (${target.name} PostgreSQL)`, () => {
    let database: TestDatabase;
    before(async () => {
      database = await freshDatabase(target);
      await seedDemoClinic(database.adminUrl);
    });
    after(async () => {
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

    test("face sessions are in treatment rooms, consultations in the consultation room", async () => {
      const misplaced = await database.admin.query(
        `select t.kind, r.name from appointments a join appointment_types t on t.id = a.type_id
         join rooms r on r.id = a.room_id
         where (t.kind = 'microneedling' and r.purpose = 'consultation')
            or (t.kind = 'consultation' and r.purpose = 'treatment')`,
      );
      assert.equal(misplaced.rowCount, 0, JSON.stringify(misplaced.rows.slice(0, 3)));
    });
  });
}
