/**
 * Cleans up after online holds nobody confirmed. A visitor's hold makes a patient record before
 * the visitor confirms; when the hold expires that record is left with nothing. The job
 * `hold-cleanup` (pg-boss, scheduled every five minutes and run once at start) does, per clinic
 * and in one clinic-scoped transaction as remodel_app under row-level security:
 *
 * 1. deletes every expired hold (audited per hold: `appointment.hold-expired`); a request held on
 *    a patient's record is kept as lapsed instead (migration 117);
 * 1b. queues, once per request, an e-mail telling the patient that a time they asked for online
 *    lapsed unconfirmed and is free for others again (however it lapsed: here, or when a booking
 *    over its time released it);
 * 2. removes the patient record made for a hold when that record is used by nothing else: no
 *    appointment of any kind, no account, screening, chart, consent, message, identifier or any
 *    other row. A plain foreign key refuses the delete by itself; tables whose keys would cascade
 *    or set null are looked up in the catalogue and checked first. Each removal runs in its own
 *    savepoint: a record found in use is marked kept (never considered again) and stays.
 *    Clinical data is never deleted: a record with any is in use by definition.
 *
 * Every removal and every "kept" is audited with actor role `system` and ids only.
 */
import PgBoss from "pg-boss";
import { type Db, type Tx, withClinic, withoutClinic } from "../../db/pool.ts";
import { appendAudit } from "../../db/repositories/audit.repository.ts";
import {
  deleteBookingRequest,
  deleteExpiredHoldsReturning,
  deleteUnusedPatient,
  hasRowFor,
  listAbandonedRequests,
  listUntoldLapses,
  markRequestKept,
  silentPatientReferences,
} from "../../db/repositories/booking-request.repository.ts";
import { clinicsForSweep } from "../../db/repositories/outbox.repository.ts";
import {
  clinicContact,
  findPatientLocale,
  queuePatientSideMessage,
} from "../../db/repositories/patient-side.repository.ts";
import { emailLocale, requestLapsedEmail } from "../../domain/patient/email-texts.ts";
import { when } from "../services/reminders.service.ts";

export const HOLD_CLEANUP_QUEUE = "hold-cleanup";
const BATCH = 200;

export interface HoldCleanupResult {
  clinics: number;
  holdsDeleted: number;
  patientsRemoved: number;
  patientsKept: number;
  /** E-mails queued to patients whose online request lapsed unconfirmed. */
  lapseNotices: number;
}

const audit = (
  tx: Tx,
  action: string,
  resourceType: string,
  resourceId: string,
  detail: Record<string, unknown>,
) =>
  appendAudit(tx, {
    actorUserId: null,
    actorRole: "system",
    action,
    resourceType,
    resourceId,
    ip: null,
    userAgent: null,
    detail: { job: HOLD_CLEANUP_QUEUE, ...detail },
  });

/** Tells each patient whose online request lapsed, once (the outbox's dedupe key). */
async function tellLapses(tx: Tx): Promise<number> {
  const lapses = await listUntoldLapses(tx, BATCH);
  if (lapses.length === 0) return 0;
  const clinic = await clinicContact(tx);
  for (const lapse of lapses) {
    const locale = emailLocale(await findPatientLocale(tx, lapse.patientId));
    await queuePatientSideMessage(tx, {
      kind: "request-lapsed",
      patientId: lapse.patientId,
      toAddress: lapse.email,
      ...requestLapsedEmail(locale, {
        firstName: lapse.givenName,
        clinic: clinic.name,
        type: lapse.typeName,
        at: when(lapse.startsAt, lapse.timeZone, locale),
        location: lapse.locationName,
        phone: clinic.phone,
      }),
      dedupeKey: `request-lapsed:${lapse.id}`,
      sendAfter: new Date(),
    });
    await audit(tx, "appointment.lapse-notice", "appointment", lapse.id, { patientId: lapse.patientId });
  }
  return lapses.length;
}

async function cleanClinic(tx: Tx): Promise<Omit<HoldCleanupResult, "clinics">> {
  const result = { holdsDeleted: 0, patientsRemoved: 0, patientsKept: 0, lapseNotices: 0 };
  for (const hold of await deleteExpiredHoldsReturning(tx)) {
    await audit(tx, "appointment.hold-expired", "appointment", hold.id, { patientId: hold.patientId });
    result.holdsDeleted++;
  }
  result.lapseNotices = await tellLapses(tx);
  const candidates = await listAbandonedRequests(tx, BATCH);
  if (candidates.length === 0) return result;
  const silent = await silentPatientReferences(tx);
  for (const c of candidates) {
    await tx.query("savepoint hold_cleanup_patient");
    let removed = false;
    try {
      let used = false;
      for (const ref of silent) {
        if (await hasRowFor(tx, ref.table, ref.column, c.patientId)) used = true;
      }
      if (!used) {
        await deleteBookingRequest(tx, c.id);
        removed = await deleteUnusedPatient(tx, c.patientId);
      }
    } catch (err) {
      // 23503: another row refers to the patient. Anything else: leave the record alone too.
      if ((err as { code?: string }).code !== "23503") throw err;
      removed = false;
    }
    if (removed) {
      await tx.query("release savepoint hold_cleanup_patient");
      await audit(tx, "patient.delete", "patient", c.patientId, { reason: "unconfirmed online hold" });
      result.patientsRemoved++;
    } else {
      await tx.query("rollback to savepoint hold_cleanup_patient");
      await markRequestKept(tx, c.id);
      await audit(tx, "booking-request.kept", "patient", c.patientId, { reason: "record in use" });
      result.patientsKept++;
    }
  }
  return result;
}

/** One pass over every clinic (the job's work; tests and the CLI may call it directly). */
export async function cleanUpHolds(db: Db): Promise<HoldCleanupResult> {
  const clinics = await withoutClinic(db, clinicsForSweep);
  const total: HoldCleanupResult = {
    clinics: clinics.length,
    holdsDeleted: 0,
    patientsRemoved: 0,
    patientsKept: 0,
    lapseNotices: 0,
  };
  for (const clinicId of clinics) {
    const r = await withClinic(db, { clinicId }, cleanClinic);
    total.holdsDeleted += r.holdsDeleted;
    total.patientsRemoved += r.patientsRemoved;
    total.patientsKept += r.patientsKept;
    total.lapseNotices += r.lapseNotices;
  }
  return total;
}

export interface HoldCleanupOptions {
  /** The schema owner's connection (pg-boss manages its own schema). */
  connectionString: string;
  db: Db;
  log?: (line: string) => void;
  /** Cron of the job; null = no schedule (tests run it with `run()`). */
  cron?: string | null;
  schema?: string;
  pollingSeconds?: number;
}

export interface HoldCleanupJob {
  /** Sends one job to the queue and waits until the worker has run it. */
  run(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export async function startHoldCleanup(opts: HoldCleanupOptions): Promise<HoldCleanupJob> {
  const log = opts.log ?? (() => {});
  const boss = new PgBoss({
    connectionString: opts.connectionString,
    schema: opts.schema ?? "pgboss",
    max: 2,
    application_name: "remodel-hold-cleanup",
    deleteAfterDays: 7,
  });
  boss.on("error", (err) => log(`job queue error: ${err.message}`));
  await boss.start();
  await boss.createQueue(HOLD_CLEANUP_QUEUE, {
    name: HOLD_CLEANUP_QUEUE,
    policy: "singleton",
    retryLimit: 3,
  });
  await boss.work(HOLD_CLEANUP_QUEUE, { pollingIntervalSeconds: opts.pollingSeconds ?? 30 }, async () => {
    const r = await cleanUpHolds(opts.db);
    if (r.holdsDeleted || r.patientsRemoved || r.patientsKept || r.lapseNotices)
      log(
        `hold clean-up: ${r.holdsDeleted} expired holds, ${r.patientsRemoved} unused records removed, ${r.patientsKept} kept, ${r.lapseNotices} lapse notices`,
      );
  });
  const cron = opts.cron === undefined ? "*/5 * * * *" : opts.cron;
  if (cron) await boss.schedule(HOLD_CLEANUP_QUEUE, cron);
  else await boss.unschedule(HOLD_CLEANUP_QUEUE).catch(() => {});
  await boss.send(HOLD_CLEANUP_QUEUE, {});

  let stopped = false;
  return {
    async run(timeoutMs = 20_000) {
      const id = await boss.send(HOLD_CLEANUP_QUEUE, {});
      const until = Date.now() + timeoutMs;
      for (;;) {
        const job = id ? await boss.getJobById(HOLD_CLEANUP_QUEUE, id) : null;
        if (!id || job?.state === "completed") return;
        if (job?.state === "failed") throw new Error("hold clean-up job failed");
        if (Date.now() > until) throw new Error(`hold clean-up job still ${job?.state ?? "missing"}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await boss.stop({ graceful: true, wait: true, timeout: 10_000 });
    },
  };
}
