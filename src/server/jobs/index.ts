/** The server's background work, started with it and stopped before its pool closes. */
import pg from "pg";
import type { Db } from "../../db/pool.ts";
import type { Config } from "../config.ts";
import { createMailer } from "../services/mailer.service.ts";
import { type AuditSealerJob, startAuditSealer } from "./audit-sealer.ts";
import { type HoldCleanupJob, startHoldCleanup } from "./hold-cleanup.ts";
import { type MessageWorker, startMessageWorker } from "./message-worker.ts";

export interface Jobs {
  messages: MessageWorker;
  holdCleanup: HoldCleanupJob;
  auditSealer: AuditSealerJob;
  stop(): Promise<void>;
}

export async function startJobs(
  config: Config,
  adminUrl: string,
  db: Db,
  say: (line: string) => void,
): Promise<Jobs> {
  const mailer = config.mail.smtpUrl ? createMailer(config.mail.smtpUrl, config.mail.from) : null;
  if (!mailer)
    say(
      "SMTP_URL is not set: patient messages are kept in the outbox for staff to read; " +
        "sign-in links cannot be sent (they are never shown to staff).",
    );
  // Servers starting together would create the job queues at once and deadlock in the queue
  // library's tables: one server at a time sets them up.
  const lock = new pg.Client({ connectionString: adminUrl, application_name: "remodel-jobs-start" });
  // A database that goes away meanwhile fails the start (retried by main.ts), never the process.
  lock.on("error", () => {});
  await lock.connect();
  try {
    await lock.query("select pg_advisory_lock($1)", [JOBS_START_LOCK_KEY]);
    return await startAll(mailer, adminUrl, db, say);
  } finally {
    await lock.query("select pg_advisory_unlock($1)", [JOBS_START_LOCK_KEY]).catch(() => {});
    await lock.end().catch(() => {});
  }
}

const JOBS_START_LOCK_KEY = 7_305_002;

async function startAll(
  mailer: ReturnType<typeof createMailer> | null,
  adminUrl: string,
  db: Db,
  say: (line: string) => void,
): Promise<Jobs> {
  const messages = await startMessageWorker({ connectionString: adminUrl, db, mailer, log: say });
  const holdCleanup = await startHoldCleanup({ connectionString: adminUrl, db, log: say }).catch(
    async (err: unknown) => {
      await messages.stop();
      throw err;
    },
  );
  const auditSealer = await startAuditSealer({ connectionString: adminUrl, db, log: say }).catch(
    async (err: unknown) => {
      await holdCleanup.stop();
      await messages.stop();
      throw err;
    },
  );
  return {
    messages,
    holdCleanup,
    auditSealer,
    async stop() {
      await auditSealer.stop();
      await holdCleanup.stop();
      await messages.stop();
    },
  };
}
