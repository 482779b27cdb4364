// Row-level security must not rest on the absence of SQL injection: the server's request pool logs
// in as a role that can only become remodel_app (never the superuser), and the embedded server's
// superuser password is a secret made at the first start, not a constant everyone can read.
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, stat, unlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import pg from "pg";
import { SECRET_FILE, startEmbeddedPostgres } from "../../src/db/embedded.ts";
import { withClinic } from "../../src/db/pool.ts";
import { loadConfig } from "../../src/server/config.ts";
import { openDatabase } from "../../src/server/runtime.ts";
import { databaseTargets, freshDatabase, type TestDatabase } from "../support/db.ts";

/** What injected SQL on a request connection would try, each of which must fail. */
async function escapesFrom(client: pg.PoolClient | pg.Client, otherClinic: string): Promise<string[]> {
  const escaped: string[] = [];
  const attempt = async (name: string, sql: string) => {
    try {
      await client.query("begin");
      const result = await client.query(sql);
      const rows = Array.isArray(result) ? result.at(-1)?.rows : result.rows;
      if (rows && rows.length > 0) escaped.push(`${name}: ${JSON.stringify(rows).slice(0, 120)}`);
    } catch {
      // refused: what we want
    } finally {
      await client.query("rollback").catch(() => {});
    }
  };
  await attempt("set role postgres", "set role postgres; select 1 as became_superuser");
  await attempt(
    "reset role, then read",
    `reset role; select id from patients where clinic_id = '${otherClinic}'`,
  );
  await attempt(
    "set session authorization",
    "set session authorization postgres; select 1 as became_superuser",
  );
  await attempt(
    "read another clinic as remodel_app",
    `set role remodel_app; select id from patients where clinic_id = '${otherClinic}'`,
  );
  return escaped;
}

for (const target of await databaseTargets()) {
  describe(`the request pool's login (${target.name} PostgreSQL)`, () => {
    let database: TestDatabase;
    let clinics: string[];
    before(async () => {
      database = await freshDatabase(target);
      clinics = [];
      for (const slug of ["login-a", "login-b"]) {
        const c = (
          await database.admin.query(
            "insert into clinics (slug, name, time_zone) values ($1, $1, 'UTC') returning id",
            [slug],
          )
        ).rows[0].id;
        await database.admin.query(
          "insert into patients (clinic_id, given_name, family_name, date_of_birth, sex) values ($1, 'P', $2, '1990-01-01', 'female')",
          [c, slug],
        );
        clinics.push(c);
      }
    });
    after(() => database.drop());

    test("a request connection is no superuser and cannot become one, nor read another clinic", async () => {
      const client = await database.db.connect();
      try {
        const who = (
          await client.query(
            "select session_user::text as login, current_user::text as role, (select rolsuper from pg_roles where rolname = session_user) as superuser",
          )
        ).rows[0];
        assert.match(who.login, /^remodel_app_[0-9a-f]{12}$/);
        assert.equal(who.role, "remodel_app");
        assert.equal(who.superuser, false);
        assert.deepEqual(await escapesFrom(client, clinics[1]!), []);
      } finally {
        client.release();
      }
      // Inside a clinic's transaction, the same attempts fail too.
      const inside = await withClinic(database.db, { clinicId: clinics[0]! }, async (tx) => {
        await tx.query("savepoint s");
        try {
          await tx.query("set role postgres");
          return "became superuser";
        } catch {
          await tx.query("rollback to savepoint s");
        }
        return (await tx.query(`select id from patients where clinic_id = '${clinics[1]}'`)).rows.length;
      });
      assert.equal(inside, 0);
    });
  });
}

describe("the embedded server's superuser password", () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "remodel-secret-"));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  test("a random secret made at the first start, kept 0600; an old cluster's constant password is replaced on start", async () => {
    const dataDir = path.join(dir, "data");
    let server = await startEmbeddedPostgres({ dataDir });
    const secretFile = path.join(dataDir, SECRET_FILE);
    try {
      const secret = (await readFile(secretFile, "utf8")).trim();
      assert.match(secret, /^[0-9a-f]{64}$/);
      assert.equal((await stat(secretFile)).mode & 0o777, 0o600);
      assert.ok(server.url.includes(secret));
      const legacy = new pg.Client({
        connectionString: `postgres://postgres:remodel-local@127.0.0.1:${server.port}/postgres`,
      });
      await assert.rejects(legacy.connect(), /password authentication failed/);
      // Turn it back into a cluster of an earlier release: the constant password, no secret file.
      const su = new pg.Client({ connectionString: server.url });
      await su.connect();
      await su.query("alter role postgres password 'remodel-local'");
      await su.end();
    } finally {
      await server.stop();
    }
    await unlink(secretFile);
    server = await startEmbeddedPostgres({ dataDir });
    try {
      const secret = (await readFile(secretFile, "utf8")).trim();
      assert.match(secret, /^[0-9a-f]{64}$/);
      const legacy = new pg.Client({
        connectionString: `postgres://postgres:remodel-local@127.0.0.1:${server.port}/postgres`,
      });
      await assert.rejects(legacy.connect(), /password authentication failed/);
      const su = new pg.Client({ connectionString: server.url });
      await su.connect();
      await su.end();
    } finally {
      await server.stop();
    }
  });

  test("a started Remodel database gives its requests a login that cannot become the superuser", async () => {
    const config = loadConfig({ REMODEL_DATA_DIR: path.join(dir, "runtime"), LOG_LEVEL: "silent" });
    const database = await openDatabase(config, () => {});
    try {
      assert.notEqual(database.appUrl, database.adminUrl);
      assert.match(new URL(database.appUrl).username, /^remodel_app_[0-9a-f]{12}$/);
      const client = new pg.Client({ connectionString: database.appUrl, options: "-c role=remodel_app" });
      await client.connect();
      try {
        assert.deepEqual(await escapesFrom(client, "00000000-0000-4000-8000-000000000000"), []);
        await assert.rejects(client.query("select * from app_login"), /permission denied/);
      } finally {
        await client.end();
      }
    } finally {
      await database.stop();
    }
  });
});
