/**
 * Starts a Remodel server: database up and migrated, demo clinic on first start, then listen.
 * Returns a handle to stop everything in order (HTTP, pool, embedded PostgreSQL).
 */
import path from "node:path";
import { createPool, isDatabaseUnavailable } from "../db/pool.ts";
import { buildApp } from "./app.ts";
import type { Config } from "./config.ts";
import { DEMO_PASSWORD, DEMO_TOTP_SECRET, seedDemoClinic } from "./demo-seed.ts";
import { startJobs } from "./jobs/index.ts";
import { openDatabase } from "./runtime.ts";
import { issueFirstRunToken } from "./services/first-run.service.ts";

export const WEB_DIR = path.resolve(import.meta.dirname, "../../dist/web");

export class ListenError extends Error {}

export interface RunningServer {
  url: string;
  stop(): Promise<void>;
}

export async function startServer(config: Config, say: (line: string) => void): Promise<RunningServer> {
  const database = await openDatabase(config, say);
  if (config.demo) {
    const seeded = await seedDemoClinic(database.adminUrl, undefined, { pathway: true });
    if (seeded.created) say("Seeded the demo clinic.");
    if (!seeded.removed) {
      say(`Demo logins (password "${DEMO_PASSWORD}"):`);
      for (const l of seeded.logins) say(`  ${l.email.padEnd(40)} ${l.role}`);
      say(
        `Owner and providers also give an authenticator code: add the secret ${DEMO_TOTP_SECRET} to an authenticator app.`,
      );
    }
  }
  const setupToken = await issueFirstRunToken(database.adminUrl);
  if (setupToken) {
    say("This Remodel has no clinic yet. Open this one-time link to set up your clinic and its owner:");
    say(`  ${config.publicUrl}/app/first-run#token=${setupToken}`);
    say("(It works once, for 24 hours; each start prints a new one while no clinic exists.)");
  }
  const db = createPool(database.appUrl);
  const app = await buildApp({ db, config, webDir: WEB_DIR });
  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (err) {
    await app.close();
    await db.end();
    await database.stop();
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "EADDRINUSE")
      throw new ListenError(`port ${config.port} is already in use; set PORT to another port`);
    if (code === "EACCES")
      throw new ListenError(`not allowed to listen on port ${config.port}; set PORT above 1024`);
    throw err;
  }
  const url = config.publicUrl;
  const jobs = await startJobsOnceReachable(() => startJobs(config, database.adminUrl, db, say), say);
  return {
    url,
    stop: async () => {
      await app.close();
      await jobs.stop();
      await db.end();
      await database.stop();
    },
  };
}

/**
 * Starts the background jobs; when the database goes away during the start (a restart of the
 * embedded server, a failover), the server keeps answering (503 until it is back) and the jobs
 * start as soon as it answers again, instead of the whole process exiting.
 */
async function startJobsOnceReachable(
  start: () => Promise<{ stop(): Promise<void> }>,
  say: (line: string) => void,
): Promise<{ stop(): Promise<void> }> {
  try {
    return await start();
  } catch (err) {
    if (!isDatabaseUnavailable(err)) throw err;
    say(`background jobs wait for the database (${err instanceof Error ? err.message : String(err)})`);
  }
  let stopped = false;
  let running: { stop(): Promise<void> } | null = null;
  const retry = (async () => {
    for (let attempt = 1; !stopped; attempt++) {
      await new Promise((r) => setTimeout(r, Math.min(500 * attempt, 5000)));
      if (stopped) return;
      try {
        const started = await start();
        say("background jobs started");
        if (stopped) await started.stop();
        else running = started;
        return;
      } catch (err) {
        if (!isDatabaseUnavailable(err)) say(`background jobs did not start: ${String(err)}`);
      }
    }
  })();
  return {
    stop: async () => {
      stopped = true;
      await retry;
      await running?.stop();
    },
  };
}
