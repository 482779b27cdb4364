/**
 * The audit chain is sealed off the commit path (migration 077): writers append entries with no
 * lock, the sealer numbers and hashes them once their transactions are certainly over, in
 * (transaction id, entry id) order. Checked here with real concurrent transactions: entries of
 * transactions that commit out of order are sealed exactly once, in that order, and not before
 * every older transaction has ended; an aborted transaction leaves no gap; a sealed entry changed
 * afterwards is found; nobody but the sealer may fill in or change an entry, the owner included.
 */
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import type pg from "pg";
import { type Tx, withClinic } from "../../src/db/pool.ts";
import { appendAudit } from "../../src/db/repositories/audit.repository.ts";
import { backupDatabase, restoreDatabase } from "../../src/server/backup/backup.ts";
import { type AuditSealerJob, startAuditSealer } from "../../src/server/jobs/audit-sealer.ts";
import { sealAuditChains, verifyAuditChains } from "../../src/server/security/audit-chain.ts";
import { seededApp } from "../support/api.ts";
import { databaseTargets, freshDatabase, type TestDatabase } from "../support/db.ts";

const entry = (action: string) => ({
  actorUserId: null,
  actorRole: "system",
  action,
  resourceType: "test",
  resourceId: null,
  ip: null,
  userAgent: null,
});

/** An open transaction of the app role in the clinic: append now, commit or roll back later. */
async function openWriter(database: TestDatabase, clinicId: string) {
  const tx: Tx = await database.db.connect();
  await tx.query("begin");
  await tx.query("set local role remodel_app");
  await tx.query("select set_config('app.clinic_id', $1, true)", [clinicId]);
  return {
    async append(action: string) {
      await appendAudit(tx, entry(action));
    },
    async end(how: "commit" | "rollback") {
      await tx.query(how);
      tx.release();
    },
  };
}

async function rowsOf(admin: pg.Pool, actions: string[]) {
  const { rows } = await admin.query<{ id: string; action: string; xid: string; seq: string | null }>(
    "select id::text, action, xid::text, seq::text from audit_log where action = any($1) order by id",
    [actions],
  );
  return rows;
}

/** Expect refusal of an UPDATE/DELETE and return its SQLSTATE. */
async function refused(client: pg.Pool | pg.PoolClient, sql: string, params: unknown[] = []) {
  try {
    await client.query(sql, params);
  } catch (err) {
    return (err as { code?: string; message: string }).code;
  }
  assert.fail(`not refused: ${sql}`);
}

for (const target of await databaseTargets()) {
  describe(`audit chain sealing (${target.name} PostgreSQL)`, () => {
    let database: TestDatabase;
    let clinicId: string;
    let closeApp: () => Promise<void>;
    before(async () => {
      database = await freshDatabase(target);
      const app = await seededApp(database);
      closeApp = () => app.close();
      clinicId = (await database.admin.query("select id from clinics where slug = 'demo'")).rows[0].id;
      await sealAuditChains(database.admin, { waitMs: 5_000 });
    });
    after(async () => {
      await closeApp();
      await database.drop();
    });

    test("a write appends its entry unsealed, with its transaction id, whatever it tried to set", async () => {
      await withClinic(database.db, { clinicId }, async (tx) => {
        await tx.query(
          `insert into audit_log (clinic_id, action, resource_type, seq, prev_hash, hash)
           values (app_clinic_id(), 'forged.seal', 'test', 1, '\\x00', '\\x00')`,
        );
      });
      const { rows } = await database.admin.query(
        "select seq, prev_hash, hash, xid is not null as has_xid from audit_log where action = 'forged.seal'",
      );
      assert.deepEqual(rows, [{ seq: null, prev_hash: null, hash: null, has_xid: true }]);
      await sealAuditChains(database.admin, { waitMs: 5_000 });
      const after = await database.admin.query("select seq from audit_log where action = 'forged.seal'");
      assert.notEqual(after.rows[0].seq, null);
    });

    test("transactions committing out of order are sealed once each, in transaction order, only when all older ones ended", async () => {
      const [a, b, c] = [
        await openWriter(database, clinicId),
        await openWriter(database, clinicId),
        await openWriter(database, clinicId),
      ];
      // Transaction ids are handed out at the first write: a < b < c.
      await a.append("order.a1");
      await b.append("order.b1");
      await c.append("order.c1");
      await b.append("order.b2");
      await a.append("order.a2");
      // c and b commit first; a, the oldest, is still open.
      await c.end("commit");
      await b.end("commit");
      await sealAuditChains(database.admin);
      const early = await rowsOf(database.admin, ["order.b1", "order.b2", "order.c1"]);
      assert.equal(early.length, 3);
      assert.ok(
        early.every((r) => r.seq === null),
        "nothing after a still-open older transaction is sealed",
      );
      const report = (await verifyAuditChains(database.admin, "demo", { waitMs: 0 }))[0]!;
      assert.equal(report.broken, null);
      assert.equal(report.pending, 3, "the committed entries behind the open transaction are pending");

      // Several sealers at once, while a commits.
      await a.end("commit");
      await Promise.all([
        sealAuditChains(database.admin, { waitMs: 5_000 }),
        sealAuditChains(database.db, { waitMs: 5_000 }),
        sealAuditChains(database.admin, { waitMs: 5_000 }),
      ]);
      const rows = await rowsOf(database.admin, ["order.a1", "order.a2", "order.b1", "order.b2", "order.c1"]);
      const bySeq = [...rows].sort((x, y) => Number(x.seq) - Number(y.seq)).map((r) => r.action);
      assert.deepEqual(bySeq, ["order.a1", "order.a2", "order.b1", "order.b2", "order.c1"]);
      const seqs = rows.map((r) => Number(r.seq)).sort((x, y) => x - y);
      assert.deepEqual(
        seqs,
        seqs.map((_, i) => seqs[0]! + i),
        "consecutive numbers: each sealed once",
      );
      const dupes = await database.admin.query(
        "select count(*)::int as n from audit_log where seq is null or hash is null",
      );
      assert.equal(dupes.rows[0].n, 0);
      const [ok] = await verifyAuditChains(database.admin, "demo");
      assert.equal(ok!.broken, null);
      assert.equal(ok!.pending, 0);
      // Sealing again changes nothing.
      const before = await database.admin.query("select id, seq, hash from audit_log order by id");
      assert.equal(await sealAuditChains(database.admin, { waitMs: 5_000 }), 0);
      const again = await database.admin.query("select id, seq, hash from audit_log order by id");
      assert.deepEqual(again.rows, before.rows);
    });

    test("an aborted transaction leaves no gap in the chain", async () => {
      const last = Number(
        (await database.admin.query("select max(seq) as m from audit_log where clinic_id = $1", [clinicId]))
          .rows[0].m,
      );
      const [d, e] = [await openWriter(database, clinicId), await openWriter(database, clinicId)];
      await d.append("abort.d");
      await e.append("abort.e");
      await d.end("rollback");
      await e.end("commit");
      await sealAuditChains(database.admin, { waitMs: 5_000 });
      const rows = await rowsOf(database.admin, ["abort.d", "abort.e"]);
      assert.deepEqual(
        rows.map((r) => [r.action, Number(r.seq)]),
        [["abort.e", last + 1]],
      );
      const [report] = await verifyAuditChains(database.admin, "demo");
      assert.equal(report!.broken, null);
    });

    test("the server's job seals entries written through the app", async () => {
      let job: AuditSealerJob | undefined;
      try {
        job = await startAuditSealer({
          connectionString: database.adminUrl,
          db: database.db,
          intervalSeconds: 1,
        });
        await withClinic(database.db, { clinicId }, (tx) => appendAudit(tx, entry("job.sealed")));
        // The job seals everything final when it runs; wait (bounded) for the entry's turn.
        for (let i = 0; i < 50; i++) {
          await job.run();
          if ((await rowsOf(database.admin, ["job.sealed"]))[0]!.seq !== null) break;
        }
        assert.notEqual((await rowsOf(database.admin, ["job.sealed"]))[0]!.seq, null);
      } finally {
        await job?.stop();
      }
    });

    test("nobody but the sealer may change an entry: not the app role, not the owner", async () => {
      await withClinic(database.db, { clinicId }, (tx) => appendAudit(tx, entry("guard.pending")));
      const pending = (await database.admin.query("select id from audit_log where action = 'guard.pending'"))
        .rows[0].id;
      const sealed = (
        await database.admin.query("select id from audit_log where seq is not null order by seq desc limit 1")
      ).rows[0].id;
      // The app role has no UPDATE or DELETE on the log at all.
      for (const sql of [
        "update audit_log set action = 'x' where id = $1",
        "update audit_log set seq = 999999, hash = '\\x00' where id = $1",
        "delete from audit_log where id = $1",
      ]) {
        const code = await withClinic(database.db, { clinicId }, async (tx) => {
          await tx.query("savepoint s");
          const c = await refused(tx, sql, [pending]);
          await tx.query("rollback to savepoint s");
          return c;
        });
        assert.equal(code, "42501", sql);
      }
      // The owner: a sealed entry cannot change, a pending one cannot be sealed by hand (not even
      // with the right hash), and nothing can be deleted.
      const last = await database.admin.query(
        "select seq, hash from audit_log where clinic_id = $1 and seq is not null order by seq desc limit 1",
        [clinicId],
      );
      const nextSeq = Number(last.rows[0].seq) + 1;
      const rightHash = (
        await database.admin.query(
          `select audit_entry_hash(jsonb_populate_record(null::audit_log, to_jsonb(a) || jsonb_build_object('seq', $2::bigint)), $3) as h
           from audit_log a where id = $1`,
          [pending, nextSeq, last.rows[0].hash],
        )
      ).rows[0].h;
      for (const [sql, params] of [
        ["update audit_log set action = 'x' where id = $1", [sealed]],
        ["update audit_log set seq = null, prev_hash = null, hash = null where id = $1", [sealed]],
        ["update audit_log set action = 'x' where id = $1", [pending]],
        [
          "update audit_log set seq = $2, prev_hash = $3, hash = $4 where id = $1",
          [pending, nextSeq, last.rows[0].hash, rightHash],
        ],
        ["delete from audit_log where id = $1", [pending]],
        ["delete from audit_log where id = $1", [sealed]],
      ] as const) {
        assert.equal(await refused(database.admin, sql, [...params]), "42501", sql);
      }
      // The sealer itself may not be called by the app role with a horizon of its choosing.
      const code = await withClinic(database.db, { clinicId }, (tx) =>
        refused(tx, "select audit_seal_upto($1, '18446744073709551615'::xid8)", [clinicId]),
      );
      assert.equal(code, "42501");
      await sealAuditChains(database.admin, { waitMs: 5_000 });
      // The owner's refused update was exactly the seal the sealer then made.
      const done = await database.admin.query("select seq, hash from audit_log where id = $1", [pending]);
      assert.equal(Number(done.rows[0].seq), nextSeq);
      assert.deepEqual(done.rows[0].hash, rightHash);
      const [report] = await verifyAuditChains(database.admin, "demo");
      assert.equal(report!.broken, null);
      assert.equal(report!.pending, 0);
    });

    test("entries still unsealed when a backup is taken are sealed, in order, by the restore", async () => {
      const dir = await mkdtemp(path.join(tmpdir(), "remodel-seal-"));
      const restored = await freshDatabase(target);
      try {
        const [old, young] = [await openWriter(database, clinicId), await openWriter(database, clinicId)];
        await old.append("backup.open");
        await young.append("backup.y1");
        await young.append("backup.y2");
        await young.end("commit");
        // The backup waits a moment for the open transaction, then goes ahead without it.
        const file = path.join(dir, "b.remodel");
        await backupDatabase(database.adminUrl, undefined, file);
        await old.end("rollback");
        await restored.admin.query("drop schema public cascade; create schema public");
        await restored.admin.query("grant usage on schema public to remodel_app");
        await restoreDatabase(restored.adminUrl, undefined, file);
        const rows = await rowsOf(restored.admin, ["backup.open", "backup.y1", "backup.y2"]);
        assert.deepEqual(
          rows.map((r) => r.action),
          ["backup.y1", "backup.y2"],
        );
        assert.equal(Number(rows[1]!.seq), Number(rows[0]!.seq) + 1);
        const [report] = await verifyAuditChains(restored.admin, "demo");
        assert.equal(report!.broken, null);
        assert.equal(report!.pending, 0);
      } finally {
        await restored.drop();
        await rm(dir, { recursive: true, force: true });
      }
    });

    test("a sealed entry changed afterwards (as superuser, guard off) is found at its place", async () => {
      await withClinic(database.db, { clinicId }, (tx) => appendAudit(tx, entry("tamper.target")));
      await sealAuditChains(database.admin, { waitMs: 5_000 });
      const { id, seq } = (
        await database.admin.query("select id, seq from audit_log where action = 'tamper.target'")
      ).rows[0];
      const client = await database.admin.connect();
      try {
        await client.query("begin");
        await client.query("alter table audit_log disable trigger audit_log_no_update");
        await client.query("update audit_log set detail = '{\"changed\":true}' where id = $1", [id]);
        await client.query("alter table audit_log enable trigger audit_log_no_update");
        await client.query("commit");
      } finally {
        client.release();
      }
      const [report] = await verifyAuditChains(database.admin, "demo");
      assert.deepEqual(report!.broken, {
        seq: Number(seq),
        id: Number(id),
        reason: "content does not match its hash (changed after it was written)",
      });
    });
  });
}
