/**
 * Two first uses of the same protocol version at once (two screenings in a clinic that has never
 * stored its default): both must get the one stored row, neither an error.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { withClinic } from "../../src/db/pool.ts";
import { insertProtocolVersion } from "../../src/db/repositories/protocol-version.repository.ts";
import { seedDemoClinic } from "../../src/server/demo-seed.ts";
import { databaseTargets, freshDatabase, type TestDatabase } from "../support/db.ts";

for (const target of await databaseTargets()) {
  describe(`storing a protocol version (${target.name} PostgreSQL)`, () => {
    let database: TestDatabase;
    let clinicId: string;
    before(async () => {
      database = await freshDatabase(target);
      await seedDemoClinic(database.adminUrl);
      clinicId = (await database.admin.query("select id from clinics where slug = 'demo'")).rows[0].id;
    });
    after(async () => {
      await database?.drop();
    });

    test("the transaction that waited on a concurrent insert of the same version gets its id", async () => {
      const version = {
        version: "race-test-1",
        ruleset: "blog-default",
        choices: {},
        protocol: {},
        createdBy: null,
      };
      let releaseFirst!: () => void;
      const firstHolds = new Promise<void>((resolve) => {
        releaseFirst = resolve;
      });
      let firstInserted!: () => void;
      const inserted = new Promise<void>((resolve) => {
        firstInserted = resolve;
      });
      const first = withClinic(database.db, { clinicId }, async (tx) => {
        const id = await insertProtocolVersion(tx, version);
        firstInserted();
        await firstHolds; // keep the row uncommitted while the second one tries
        return id;
      });
      await inserted;
      const second = withClinic(database.db, { clinicId }, (tx) => insertProtocolVersion(tx, version));
      // Give the second insert time to reach the unique index and wait on the first transaction.
      await new Promise((resolve) => setTimeout(resolve, 300));
      releaseFirst();
      const [a, b] = await Promise.all([first, second]);
      assert.equal(b, a);
      const rows = await database.admin.query(
        "select count(*)::int as n from protocol_versions where version = $1",
        [version.version],
      );
      assert.equal(rows.rows[0].n, 1);
    });
  });
}
