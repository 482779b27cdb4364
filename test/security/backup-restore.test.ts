/**
 * `remodel backup FILE` then `remodel restore FILE` into an empty database: every table comes
 * back row for row, the photos byte for byte, the audit chain still verifies, and the restored
 * clinic works (sign-in, new rows continue the sequences).
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { promisify } from "node:util";
import pg from "pg";
import { createPool } from "../../src/db/pool.ts";
import { buildTestApp, DEMO, seededApp, signedIn } from "../support/api.ts";
import { databaseTargets, freshDatabase, type TestDatabase } from "../support/db.ts";

const remodel = path.resolve(import.meta.dirname, "../../bin/remodel");
const run = promisify(execFile);

async function cli(args: string[], env: NodeJS.ProcessEnv) {
  try {
    const r = await run(remodel, args, { env: { ...process.env, REMODEL_DEMO: "0", ...env } });
    return { code: 0, out: r.stdout + r.stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}

/** Every row of every table, in a stable order, as text. */
async function snapshot(url: string): Promise<Map<string, string[]>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const tables = (
      await client.query<{ t: string }>(
        "select tablename as t from pg_tables where schemaname = 'public' order by 1",
      )
    ).rows.map((r) => r.t);
    const out = new Map<string, string[]>();
    for (const t of tables) {
      const { rows } = await client.query<{ r: string }>(`select x::text as r from "${t}" x order by 1`);
      out.set(
        t,
        rows.map((r) => r.r),
      );
    }
    return out;
  } finally {
    await client.end();
  }
}

for (const target of await databaseTargets()) {
  describe(`backup and restore (${target.name} PostgreSQL)`, () => {
    let source: TestDatabase;
    let restored: TestDatabase;
    let dir: string;
    before(async () => {
      dir = await mkdtemp(path.join(os.tmpdir(), "remodel-backup-"));
      source = await freshDatabase(target);
      const app = await seededApp(source);
      const desk = await signedIn(app, DEMO.desk);
      for (const [given, note] of [
        ["Tab\tby", "line\nbreak"],
        ["Quote'd", 'back\\slash "q"'],
        ["Émilie", "ünïcödé ✓"],
      ]) {
        const res = await desk.post("/api/patients", {
          givenName: given,
          familyName: note!.slice(0, 50),
          dateOfBirth: "1990-05-05",
          sex: "female",
        });
        assert.equal(res.status, 201, JSON.stringify(res.body));
      }
      await signedIn(app, DEMO.owner);
      await app.close();
      await mkdir(path.join(dir, "photos/p1"), { recursive: true });
      await writeFile(path.join(dir, "photos/p1/before.jpg"), Buffer.from([0xff, 0xd8, 0, 1, 2, 255]));
      await writeFile(path.join(dir, "photos/after.png"), "not really a png");
      restored = await freshDatabase(target);
    });
    after(async () => {
      await source.drop();
      await restored.drop();
      await rm(dir, { recursive: true, force: true });
    });

    test("the restored database is identical, row by row, and the photos byte for byte", async () => {
      const file = path.join(dir, "clinic.backup");
      const backup = await cli(["backup", file], {
        DATABASE_URL: source.adminUrl,
        REMODEL_PHOTO_DIR: path.join(dir, "photos"),
      });
      assert.equal(backup.code, 0, backup.out);
      assert.match(backup.out, /backed up \d+ rows in \d+ tables and 2 photos/);
      // Restore into a database with no schema at all: the restore migrates it.
      await restored.admin.query("drop schema public cascade; create schema public");
      await restored.admin.query("grant usage on schema public to remodel_app");
      const back = await cli(["restore", file], {
        DATABASE_URL: restored.adminUrl,
        REMODEL_PHOTO_DIR: path.join(dir, "restored-photos"),
      });
      assert.equal(back.code, 0, back.out);
      const [a, b] = await Promise.all([snapshot(source.adminUrl), snapshot(restored.adminUrl)]);
      const differing = [...a.keys()].filter(
        (t) => t !== "schema_migrations" && JSON.stringify(a.get(t)) !== JSON.stringify(b.get(t)),
      );
      assert.deepEqual(differing, []);
      assert.ok((a.get("patients") ?? []).length >= 15);
      assert.ok((a.get("audit_log") ?? []).length > 0);
      assert.deepEqual(
        await readFile(path.join(dir, "restored-photos/p1/before.jpg")),
        Buffer.from([0xff, 0xd8, 0, 1, 2, 255]),
      );
      assert.equal(await readFile(path.join(dir, "restored-photos/after.png"), "utf8"), "not really a png");
      const verify = await cli(["audit", "verify"], { DATABASE_URL: restored.adminUrl });
      assert.equal(verify.code, 0, verify.out);
    });

    test("the restored clinic works: sign-in, and new rows continue after the restored ones", async () => {
      const db = createPool(restored.adminUrl, 2);
      const app = await buildTestApp({ ...restored, db });
      try {
        const desk = await signedIn(app, DEMO.desk);
        const res = await desk.post("/api/patients", {
          givenName: "After",
          familyName: "Restore",
          dateOfBirth: "2000-01-01",
          sex: "male",
        });
        assert.equal(res.status, 201);
        const verify = await cli(["audit", "verify"], { DATABASE_URL: restored.adminUrl });
        assert.equal(verify.code, 0, verify.out);
      } finally {
        await app.close();
        await db.end();
      }
    });

    test("restoring over a database that already has clinics is refused and changes nothing", async () => {
      const file = path.join(dir, "clinic.backup");
      const before = await snapshot(restored.adminUrl);
      const res = await cli(["restore", file], { DATABASE_URL: restored.adminUrl, REMODEL_PHOTO_DIR: dir });
      assert.equal(res.code, 2);
      assert.match(res.out, /already holds clinics/);
      assert.deepEqual(await snapshot(restored.adminUrl), before);
    });

    test("a file that is not a backup is refused with a clear message", async () => {
      const file = path.join(dir, "not-a-backup");
      await writeFile(file, "hello");
      const res = await cli(["restore", file], { DATABASE_URL: restored.adminUrl });
      assert.equal(res.code, 2);
      assert.match(res.out, /not a Remodel backup/);
    });
  });
}
