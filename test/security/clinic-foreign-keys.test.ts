// Every reference from one clinic-owned row to another clinic-owned row carries clinic_id in its
// foreign key, so the database itself refuses a row of clinic A that points at a row of clinic B
// (a chart on another clinic's appointment), whatever the application checked before.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { databaseTargets, freshDatabase, type TestDatabase } from "../support/db.ts";

/** Foreign keys between two tables that both have clinic_id, whose columns do not include clinic_id. */
const REFERENCES_WITHOUT_CLINIC = `
  select c.conrelid::regclass::text as "from", c.confrelid::regclass::text as "to", c.conname as name,
         (select string_agg(a.attname, ', ' order by k.i) from unnest(c.conkey) with ordinality k(n, i)
            join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.n) as columns
  from pg_constraint c
  join pg_namespace ns on ns.oid = c.connamespace and ns.nspname = 'public'
  where c.contype = 'f'
    and c.conrelid <> 'clinics'::regclass and c.confrelid <> 'clinics'::regclass
    and exists (select 1 from pg_attribute where attrelid = c.conrelid and attname = 'clinic_id' and not attisdropped)
    and exists (select 1 from pg_attribute where attrelid = c.confrelid and attname = 'clinic_id' and not attisdropped)
    and not (
      (select attnum from pg_attribute where attrelid = c.conrelid and attname = 'clinic_id') = any (c.conkey)
      and (select attnum from pg_attribute where attrelid = c.confrelid and attname = 'clinic_id') = any (c.confkey)
    )
    -- A single-column key kept for its ON DELETE action is fine when a composite key with
    -- clinic_id holds the same columns to the same table.
    and not exists (
      select 1 from pg_constraint c2
      where c2.contype = 'f' and c2.conrelid = c.conrelid and c2.confrelid = c.confrelid
        and c.conkey <@ c2.conkey
        and (select attnum from pg_attribute where attrelid = c.conrelid and attname = 'clinic_id') = any (c2.conkey)
    )
  order by 1, 3`;

for (const target of await databaseTargets()) {
  describe(`clinic-scoped foreign keys (${target.name} PostgreSQL)`, () => {
    let database: TestDatabase;
    before(async () => {
      database = await freshDatabase(target);
    });
    after(() => database.drop());

    test("every foreign key between clinic-owned tables includes clinic_id on both sides", async () => {
      const { rows } = await database.admin.query(REFERENCES_WITHOUT_CLINIC);
      assert.deepEqual(
        rows.map((r) => `${r.from}(${r.columns}) -> ${r.to} [${r.name}]`),
        [],
        "these references can point at another clinic's row",
      );
    });

    test("clinic_id pairs with clinic_id: a composite key never matches clinic_id to another column", async () => {
      const { rows } = await database.admin.query(`
        select c.conname as name
        from pg_constraint c
        join pg_namespace ns on ns.oid = c.connamespace and ns.nspname = 'public'
        cross join lateral unnest(c.conkey, c.confkey) as k(local, remote)
        join pg_attribute la on la.attrelid = c.conrelid and la.attnum = k.local
        join pg_attribute ra on ra.attrelid = c.confrelid and ra.attnum = k.remote
        where c.contype = 'f' and c.confrelid <> 'clinics'::regclass
          and (la.attname = 'clinic_id') <> (ra.attname = 'clinic_id')`);
      assert.deepEqual(rows, []);
    });
  });
}
