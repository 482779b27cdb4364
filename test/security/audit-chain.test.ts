/**
 * The audit log is a hash chain computed by the database: entries written through the app link
 * up, `remodel audit verify` says OK with the count, and a row changed, removed or reordered by
 * someone with superuser access is reported at the first broken link (exit 1). New entries are
 * sealed onto the chain by the sealer (migration 077), which `audit verify` runs first.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { promisify } from "node:util";
import type { App } from "../../src/server/app.ts";
import { sealAuditChains } from "../../src/server/security/audit-chain.ts";
import { DEMO, seededApp, signedIn } from "../support/api.ts";
import { databaseTargets, freshDatabase, type TestDatabase } from "../support/db.ts";

const remodel = path.resolve(import.meta.dirname, "../../bin/remodel");
const run = promisify(execFile);

async function verify(adminUrl: string, ...args: string[]) {
  try {
    const { stdout } = await run(remodel, ["audit", "verify", ...args], {
      env: { ...process.env, DATABASE_URL: adminUrl, REMODEL_DEMO: "0" },
    });
    return { code: 0, stdout };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout + e.stderr };
  }
}

/** Changes audit rows as a superuser would, past the append-only trigger. */
async function tamper(database: TestDatabase, sql: string, params: unknown[] = []) {
  const client = await database.admin.connect();
  try {
    await client.query("begin");
    await client.query("alter table audit_log disable trigger audit_log_no_update");
    await client.query(sql, params);
    await client.query("alter table audit_log enable trigger audit_log_no_update");
    await client.query("commit");
  } finally {
    client.release();
  }
}

for (const target of await databaseTargets()) {
  describe(`tamper-evident audit log (${target.name} PostgreSQL)`, () => {
    let database: TestDatabase;
    let app: App;
    before(async () => {
      database = await freshDatabase(target);
      app = await seededApp(database);
      const desk = await signedIn(app, DEMO.desk);
      for (let i = 0; i < 5; i++) {
        const res = await desk.post("/api/patients", {
          givenName: `Chain${i}`,
          familyName: "Test",
          dateOfBirth: "1990-01-01",
          sex: "female",
        });
        assert.equal(res.status, 201, JSON.stringify(res.body));
        await desk.get(`/api/patients/${res.body.patient?.id ?? res.body.id}`);
      }
    });
    after(async () => {
      await app.close();
      await database.drop();
    });

    test("entries are numbered per clinic and each links to the one before it", async () => {
      // Entries are sealed onto the chain shortly after their commit (migration 077).
      await sealAuditChains(database.admin, { waitMs: 5_000 });
      const { rows } = await database.admin.query(
        "select seq, prev_hash, hash from audit_log order by clinic_id, seq",
      );
      assert.ok(rows.length >= 10);
      for (let i = 0; i < rows.length; i++) {
        assert.equal(Number(rows[i].seq), i + 1);
        assert.equal(rows[i].hash.length, 32);
        if (i === 0) assert.equal(rows[i].prev_hash, null);
        else assert.deepEqual(rows[i].prev_hash, rows[i - 1].hash);
      }
    });

    test("concurrent writers of one clinic still form a single chain", async () => {
      const clients = await Promise.all([DEMO.desk, DEMO.patient, DEMO.desk].map((e) => signedIn(app, e)));
      await Promise.all(
        Array.from({ length: 30 }, (_, i) => clients[i % clients.length]!.get("/api/auth/me")),
      );
      await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          clients[0]!.post("/api/patients", {
            givenName: `Busy${i}`,
            familyName: "Writer",
            dateOfBirth: "1980-02-02",
            sex: "male",
          }),
        ),
      );
      const out = await verify(database.adminUrl);
      assert.equal(out.code, 0, out.stdout);
      assert.match(out.stdout, /demo: OK, \d+ entries verified/);
    });

    test("`audit verify` reports OK with the count", async () => {
      const count = (await database.admin.query("select count(*)::int as n from audit_log")).rows[0].n;
      const out = await verify(database.adminUrl, "--clinic", "demo");
      assert.equal(out.code, 0, out.stdout);
      assert.equal(out.stdout.trim(), `demo: OK, ${count} entries verified`);
    });

    test("an unknown clinic is a usage error", async () => {
      const out = await verify(database.adminUrl, "--clinic", "nowhere");
      assert.equal(out.code, 2);
      assert.match(out.stdout, /no clinic with slug 'nowhere'/);
    });

    test("a changed entry is reported at its place (exit 1); put back, the chain holds again", async () => {
      const { rows } = await database.admin.query(
        "select id, seq, action from audit_log order by seq limit 1 offset 4",
      );
      const { id, seq, action } = rows[0];
      await tamper(database, "update audit_log set action = 'nothing.to.see' where id = $1", [id]);
      const out = await verify(database.adminUrl);
      assert.equal(out.code, 1, out.stdout);
      assert.match(out.stdout, new RegExp(`demo: BROKEN at entry ${seq} \\(audit_log id ${id}\\)`));
      assert.match(out.stdout, /content does not match its hash/);
      assert.match(out.stdout, new RegExp(`; ${Number(seq) - 1} entries before it verified`));
      await tamper(database, "update audit_log set action = $2 where id = $1", [id, action]);
      assert.equal((await verify(database.adminUrl)).code, 0);
    });

    test("a forged entry given a fresh hash breaks the link of the entry after it", async () => {
      const { rows } = await database.admin.query(
        "select id, seq from audit_log order by seq limit 2 offset 6",
      );
      const [forged, next] = rows;
      await tamper(database, "update audit_log set actor_role = 'owner' where id = $1", [forged.id]);
      await tamper(database, "update audit_log a set hash = audit_entry_hash(a, a.prev_hash) where id = $1", [
        forged.id,
      ]);
      const out = await verify(database.adminUrl);
      assert.equal(out.code, 1);
      assert.match(
        out.stdout,
        new RegExp(`BROKEN at entry ${next.seq} .*does not link to the entry before it`),
      );
    });

    test("a removed entry is reported as missing", async () => {
      const { rows } = await database.admin.query(
        "select id, seq from audit_log order by seq limit 1 offset 3",
      );
      await tamper(database, "delete from audit_log where id = $1", [rows[0].id]);
      const out = await verify(database.adminUrl);
      assert.equal(out.code, 1);
      assert.match(
        out.stdout,
        new RegExp(`BROKEN at entry ${rows[0].seq} .*entry ${rows[0].seq} is missing`),
      );
    });
  });
}
