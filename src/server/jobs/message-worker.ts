/**
 * Sends the outbox. Two queues on pg-boss (PostgreSQL-backed, in its own schema):
 *
 * - `outbox-sweep`, scheduled every minute (and run once at start): per clinic, removes expired
 *   holds and enqueues one delivery job per due message (a clinic's all in one insert), keyed by the
 *   message id so the queue holds at most one waiting job per message. Without SMTP it marks due
 *   messages as kept for staff, except sign-in links, which are marked undeliverable (staff never
 *   hold a secret).
 * - `outbox-deliver`: locks the message row, checks it still applies, sends, stamps `sent_at`, all
 *   in one clinic-scoped transaction, so a message is sent at most once even with several workers.
 *
 * Back-off lives in the outbox row (durable and visible to staff): a refused send records the
 * attempt and its error and moves `send_after` on by 30 s, 1, 2, 4 ... minutes (at most 6 h); the
 * sweep picks it up again when due. The queue's own retries (with back-off) cover a job that died
 * or hit a database error. pg-boss connects as the schema owner (it manages its own schema); every
 * read and write of clinic data goes through withClinic as remodel_app under row-level security.
 * Log lines carry message ids, kinds and error codes only: never an address, name or text.
 */
import PgBoss from "pg-boss";
import { type Db, withClinic, withoutClinic } from "../../db/pool.ts";
import { deleteExpiredHoldsReturning } from "../../db/repositories/booking-request.repository.ts";
import {
  appointmentStateForMessage,
  clinicsForSweep,
  keepDueForStaff,
  listDueMessages,
  lockMessage,
  markFailed,
  markSent,
  withdrawMessage,
} from "../../db/repositories/outbox.repository.ts";
import { PATIENT_SIDE_KINDS } from "../../db/repositories/patient-side.repository.ts";
import { issueSetupToken, SETUP_TOKEN_SLOT } from "../services/account-setup-link.ts";
import { auditReleasedHolds } from "../services/clinical-tx.ts";
import { issueSignInToken, SIGN_IN_TOKEN_SLOT } from "../services/magic-link.service.ts";
import { type Mailer, SendError } from "../services/mailer.service.ts";

export const SWEEP_QUEUE = "outbox-sweep";
export const DELIVER_QUEUE = "outbox-deliver";
const SWEEP_BATCH = 500;
const MAX_BACKOFF_SECONDS = 6 * 3600;

export type DeliveryOutcome = "sent" | "failed" | "withdrawn" | "kept" | "undeliverable" | "skipped";

export interface SweepResult {
  clinics: number;
  /** Due messages handed to the delivery queue (one already waiting there is not queued twice). */
  enqueued: number;
  keptForStaff: number;
  /** Sign-in links that cannot go out without SMTP (never kept for staff). */
  undeliverable: number;
  holdsReleased: number;
}

export interface MessageWorkerOptions {
  /** The schema owner's connection (pg-boss creates and migrates its own schema). */
  connectionString: string;
  /** The application's pool (remodel_app, row-level security). */
  db: Db;
  /** Null: no SMTP configured, due messages are kept for staff. */
  mailer: Mailer | null;
  log?: (line: string) => void;
  /** How often the delivery worker looks for jobs (seconds, at least 0.5). */
  pollingSeconds?: number;
  /** Cron of the sweep; null = no schedule (tests call sweep()). */
  sweepCron?: string | null;
  schema?: string;
}

export interface MessageWorker {
  sweep(): Promise<SweepResult>;
  /** One delivery, as the queue runs it (tests and the CLI may call it directly). */
  deliver(clinicId: string, messageId: string): Promise<DeliveryOutcome>;
  /** Resolves when no delivery job is waiting or running. */
  idle(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export const backoffSeconds = (previousAttempts: number) =>
  Math.min(30 * 2 ** Math.min(previousAttempts, 20), MAX_BACKOFF_SECONDS);

/** Why a due message should not go out any more, or null when it still applies. */
function staleReason(
  kind: string,
  appointment: { status: string; startsAt: Date; held: boolean } | null,
  now: number,
): string | null {
  if (kind === "cancellation" || kind === "maintenance" || PATIENT_SIDE_KINDS.has(kind)) return null;
  if (!appointment) return "appointment no longer exists";
  if (appointment.held) return "appointment not confirmed";
  if (appointment.status === "cancelled" || appointment.status === "no_show")
    return `appointment ${appointment.status.replace("_", "-")}`;
  if (kind !== "next-session" && appointment.startsAt.getTime() <= now) return "appointment already started";
  return null;
}

export async function startMessageWorker(opts: MessageWorkerOptions): Promise<MessageWorker> {
  const log = opts.log ?? (() => {});
  const { db, mailer } = opts;
  const boss = new PgBoss({
    connectionString: opts.connectionString,
    schema: opts.schema ?? "pgboss",
    max: 3,
    application_name: "remodel-jobs",
    // Keep finished jobs a week for inspection; the outbox row is the record that matters.
    deleteAfterDays: 7,
  });
  boss.on("error", (err) => log(`job queue error: ${err.message}`));
  await boss.start();
  await boss.createQueue(SWEEP_QUEUE, { name: SWEEP_QUEUE, policy: "singleton" });
  await boss.createQueue(DELIVER_QUEUE, {
    name: DELIVER_QUEUE,
    policy: "stately",
    retryLimit: 5,
    retryDelay: 15,
    retryBackoff: true,
    expireInSeconds: 120,
  });

  async function deliver(clinicId: string, messageId: string): Promise<DeliveryOutcome> {
    return withClinic(db, { clinicId }, async (tx) => {
      const m = await lockMessage(tx, messageId);
      // Sent, withdrawn, kept, not yet due, or another worker holds it: nothing to do here.
      if (!m) return "skipped";
      const appointment = m.appointmentId ? await appointmentStateForMessage(tx, m.appointmentId) : null;
      const stale = staleReason(m.kind, appointment, Date.now());
      if (stale) {
        await withdrawMessage(tx, m.id, stale);
        log(`message ${m.id} (${m.kind}) withdrawn: ${stale}`);
        return "withdrawn";
      }
      if (!mailer) {
        await keepDueForStaff(tx);
        return m.magicLinkId || m.accountSetupTokenId ? "undeliverable" : "kept";
      }
      let text = m.bodyText;
      if (m.magicLinkId) {
        // The sign-in token is made now and lives only in the e-mail; the row keeps the slot.
        const token = await issueSignInToken(tx, clinicId, m.magicLinkId);
        if (!token) {
          await withdrawMessage(tx, m.id, "sign-in link used or expired before it could be sent");
          log(`message ${m.id} (${m.kind}) withdrawn: link used or expired`);
          return "withdrawn";
        }
        text = text.replaceAll(SIGN_IN_TOKEN_SLOT, token);
      }
      if (m.accountSetupTokenId) {
        // The password set-up token, likewise, is made now and lives only in the e-mail.
        const token = await issueSetupToken(tx, m.accountSetupTokenId);
        if (!token) {
          await withdrawMessage(tx, m.id, "password link used or expired before it could be sent");
          log(`message ${m.id} (${m.kind}) withdrawn: password link used or expired`);
          return "withdrawn";
        }
        text = text.replaceAll(SETUP_TOKEN_SLOT, token);
      }
      try {
        await mailer.send({
          outboxId: m.id,
          to: m.toAddress,
          subject: m.subject,
          text,
          ics: m.ics,
        });
      } catch (err) {
        if (!(err instanceof SendError)) throw err;
        const wait = backoffSeconds(m.attempts);
        await markFailed(tx, m.id, `${err.code}: ${err.message}`, wait);
        log(`message ${m.id} (${m.kind}) not sent: ${err.code}; next try in ${wait} s`);
        return "failed";
      }
      await markSent(tx, m.id, null);
      log(`message ${m.id} (${m.kind}) sent`);
      return "sent";
    });
  }

  async function sweep(): Promise<SweepResult> {
    const clinics = await withoutClinic(db, clinicsForSweep);
    const result: SweepResult = {
      clinics: clinics.length,
      enqueued: 0,
      keptForStaff: 0,
      undeliverable: 0,
      holdsReleased: 0,
    };
    for (const clinicId of clinics) {
      const { due, kept, undeliverable, released } = await withClinic(db, { clinicId }, async (tx) => {
        // Expired holds block nobody (the search ignores them, a refused insert clears them); they
        // are removed here so the diary stays clean, each removal audited like the clean-up job's.
        const holds = await deleteExpiredHoldsReturning(tx);
        await auditReleasedHolds(tx, holds, { job: SWEEP_QUEUE });
        const released = holds.length;
        if (!mailer) return { due: [], ...(await keepDueForStaff(tx)), released };
        return { due: await listDueMessages(tx, SWEEP_BATCH), kept: 0, undeliverable: 0, released };
      });
      result.keptForStaff += kept;
      result.undeliverable += undeliverable;
      result.holdsReleased += released;
      // One insert for the clinic's due messages; the message id as singleton key lets the queue
      // drop one that is already waiting.
      if (due.length > 0) {
        await boss.insert(
          due.map((m) => ({ name: DELIVER_QUEUE, data: { clinicId, messageId: m.id }, singletonKey: m.id })),
        );
        result.enqueued += due.length;
      }
    }
    if (result.enqueued || result.keptForStaff || result.undeliverable)
      log(
        `outbox sweep: ${result.enqueued} to send, ${result.keptForStaff} kept for staff, ` +
          `${result.undeliverable} sign-in links not deliverable without SMTP`,
      );
    return result;
  }

  await boss.work<{ clinicId: string; messageId: string }>(
    DELIVER_QUEUE,
    { pollingIntervalSeconds: opts.pollingSeconds ?? 2 },
    async ([job]) => {
      if (job) await deliver(job.data.clinicId, job.data.messageId);
    },
  );
  await boss.work(SWEEP_QUEUE, { pollingIntervalSeconds: 10 }, async () => {
    await sweep();
  });
  const cron = opts.sweepCron === undefined ? "* * * * *" : opts.sweepCron;
  if (cron) await boss.schedule(SWEEP_QUEUE, cron);
  else await boss.unschedule(SWEEP_QUEUE).catch(() => {});
  // Messages that fell due while the server was down go out now, not at the next minute.
  await sweep().catch((err: Error) => log(`outbox sweep failed: ${err.message}`));

  let stopped = false;
  return {
    sweep,
    deliver,
    async idle(timeoutMs = 20_000) {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const waiting = await boss.getQueueSize(DELIVER_QUEUE, { before: "completed" });
        if (waiting === 0) return;
        if (Date.now() > until) throw new Error(`delivery queue still has ${waiting} jobs`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await boss.stop({ graceful: true, wait: true, timeout: 10_000 });
      mailer?.close();
    },
  };
}
