/**
 * Brings up the database a Remodel process runs on: the embedded PostgreSQL (default) or the
 * external one in DATABASE_URL, migrated to the latest schema.
 */
import pg from "pg";
import { AppLoginUnavailable, ensureAppLogin } from "../db/app-login.ts";
import { EmbeddedPostgresError, ensureDatabase, startEmbeddedPostgres } from "../db/embedded.ts";
import { migrate } from "../db/migrate.ts";
import type { Config } from "./config.ts";

export interface Database {
  /** Connection URL of the owner of the schema (migrations, seeding, jobs, backups). */
  adminUrl: string;
  /**
   * Connection URL of the request pool: a login that can only become remodel_app, so that no
   * request (injected SQL included) can leave row-level security. The owner's URL when the
   * database user may not create that login (said in the log).
   */
  appUrl: string;
  embedded: boolean;
  stop(): Promise<void>;
}

export class DatabaseStartError extends Error {}

export async function openDatabase(config: Config, log: (line: string) => void): Promise<Database> {
  let adminUrl: string;
  let stop = async () => {};
  if (config.databaseUrl) {
    adminUrl = config.databaseUrl;
    await checkReachable(adminUrl);
  } else {
    try {
      const server = await startEmbeddedPostgres({ dataDir: config.dataDir, log });
      stop = server.stop;
      adminUrl = await ensureDatabase(server.url, "remodel");
    } catch (err) {
      if (err instanceof EmbeddedPostgresError) throw new DatabaseStartError(err.message);
      throw err;
    }
  }
  try {
    const result = await migrate(adminUrl, log);
    if (result.applied.length === 0)
      log(`database schema is up to date (${result.alreadyApplied} migrations)`);
  } catch (err) {
    await stop();
    throw new DatabaseStartError(err instanceof Error ? err.message : String(err));
  }
  const appUrl = await requestLogin(adminUrl, log);
  return { adminUrl, appUrl, embedded: !config.databaseUrl, stop };
}

async function requestLogin(adminUrl: string, log: (line: string) => void): Promise<string> {
  try {
    const login = await ensureAppLogin(adminUrl);
    // The server's authentication rules (pg_hba.conf) must let the login in by password.
    const client = new pg.Client({ connectionString: login.url, connectionTimeoutMillis: 5000 });
    client.on("error", () => {});
    try {
      await client.connect();
      await client.query("select 1");
    } finally {
      await client.end().catch(() => {});
    }
    return login.url;
  } catch (err) {
    if (!(err instanceof AppLoginUnavailable) && !/password|authentication|pg_hba/i.test(String(err)))
      throw err;
    log(
      `warning: requests run on the schema owner's connection (as remodel_app): ${err instanceof Error ? err.message : String(err)}`,
    );
    return adminUrl;
  }
}

async function checkReachable(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.query("select 1");
  } catch (err) {
    const u = new URL(url);
    const reason = err instanceof Error ? err.message : String(err);
    throw new DatabaseStartError(
      `cannot connect to DATABASE_URL (${u.protocol}//${u.hostname}:${u.port || 5432}${u.pathname}): ${reason}`,
    );
  } finally {
    await client.end().catch(() => {});
  }
}
