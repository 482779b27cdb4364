/**
 * Real PostgreSQL for integration tests. Every test file gets fresh databases, migrated, on
 * each target: the embedded server the test runner started, and the external server in
 * TEST_DATABASE_URL when that is set.
 */
import { randomBytes } from "node:crypto";
import { rm } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { dropAppLogin, ensureAppLogin } from "../../src/db/app-login.ts";
import { startEmbeddedPostgres } from "../../src/db/embedded.ts";
import { migrate } from "../../src/db/migrate.ts";
import { createPool, type Db } from "../../src/db/pool.ts";

export interface DbTarget {
  name: "embedded" | "external";
  serverUrl: string;
}

let standalone: Promise<string> | undefined;
let stopStandalone: (() => Promise<void>) | undefined;

/** Stops the private embedded server a run without the test runner started, if any. */
export async function stopStandaloneDatabase(): Promise<void> {
  const stop = stopStandalone;
  stopStandalone = undefined;
  standalone = undefined;
  await stop?.();
}

/** The servers to test against. Run by hand (not through npm test), a private embedded server starts. */
export async function databaseTargets(): Promise<DbTarget[]> {
  const targets: DbTarget[] = [];
  let embeddedUrl = process.env.REMODEL_TEST_EMBEDDED_URL;
  if (!embeddedUrl) {
    standalone ??= (async () => {
      const dataDir = path.resolve(import.meta.dirname, `../../.test-data/pg-standalone-${process.pid}`);
      const server = await startEmbeddedPostgres({ dataDir, unref: true });
      stopStandalone = async () => {
        await server.stop();
        await rm(dataDir, { recursive: true, force: true });
      };
      // Not stopped by a test hook (a hook registered from inside another hook runs too early):
      // when this process exits the server is asked to shut down, and `npm test` removes
      // directories left by processes that are gone.
      return server.url;
    })();
    embeddedUrl = await standalone;
  }
  targets.push({ name: "embedded", serverUrl: embeddedUrl });
  if (process.env.TEST_DATABASE_URL)
    targets.push({ name: "external", serverUrl: process.env.TEST_DATABASE_URL });
  return targets;
}

export interface TestDatabase {
  target: DbTarget["name"];
  /** Schema owner's URL (migrations, seeding, inspecting as a superuser would). */
  adminUrl: string;
  /** The application's pool: its own login, which can only become remodel_app (row-level security). */
  db: Db;
  /** The request pool's connection URL (as the server's main.ts uses it). */
  appUrl: string;
  admin: pg.Pool;
  drop(): Promise<void>;
}

/** A new, migrated database on the target; dropped with `drop()`. */
export async function freshDatabase(target: DbTarget): Promise<TestDatabase> {
  const name = `remodel_t_${randomBytes(6).toString("hex")}`;
  const maint = new pg.Client({ connectionString: target.serverUrl });
  await maint.connect();
  await maint.query(`create database ${name}`);
  await maint.end();
  const url = new URL(target.serverUrl);
  url.pathname = `/${name}`;
  const adminUrl = url.toString();
  await migrate(adminUrl);
  const login = await ensureAppLogin(adminUrl);
  const db = createPool(login.url, 5);
  const admin = new pg.Pool({ connectionString: adminUrl, max: 2 });
  // The database is dropped with force at the end; an idle client cut off then is expected.
  admin.on("error", () => {});
  return {
    target: target.name,
    adminUrl,
    db,
    appUrl: login.url,
    admin,
    drop: async () => {
      await db.end();
      await admin.end();
      const c = new pg.Client({ connectionString: target.serverUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
      await dropAppLogin(target.serverUrl, login.role);
    },
  };
}
