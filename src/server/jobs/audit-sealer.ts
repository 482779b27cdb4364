/**
 * Seals the audit log (migration 077). Audited writes only append their entries; this job
 * `audit-seal` (pg-boss) numbers and hashes them onto each clinic's chain a few seconds later,
 * once their transactions are certainly over. Each run seals every clinic (one short transaction
 * per clinic, as remodel_app through the security-definer `audit_seal`) and queues the next run
 * `intervalSeconds` later; a once-a-minute schedule restarts the cycle should it ever stop.
 * Several servers may run it at once: the queue keeps at most one run waiting, and the sealer's
 * per-clinic lock and fixed order make concurrent runs agree.
 */
import { randomUUID } from "node:crypto";
import PgBoss from "pg-boss";
import type { Db } from "../../db/pool.ts";
import { sealAuditChains } from "../security/audit-chain.ts";

export const AUDIT_SEAL_QUEUE = "audit-seal";

export interface AuditSealerOptions {
  /** The schema owner's connection (pg-boss manages its own schema). */
  connectionString: string;
  db: Db;
  log?: (line: string) => void;
  /** Seconds between runs (default 5). */
  intervalSeconds?: number;
  schema?: string;
}

export interface AuditSealerJob {
  /** Sends one run to the queue and waits until the worker has done it. */
  run(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export async function startAuditSealer(opts: AuditSealerOptions): Promise<AuditSealerJob> {
  const log = opts.log ?? (() => {});
  const interval = opts.intervalSeconds ?? 5;
  const boss = new PgBoss({
    connectionString: opts.connectionString,
    schema: opts.schema ?? "pgboss",
    max: 2,
    application_name: "remodel-audit-sealer",
    deleteAfterDays: 1,
  });
  boss.on("error", (err) => log(`job queue error: ${err.message}`));
  await boss.start();
  await boss.createQueue(AUDIT_SEAL_QUEUE, { name: AUDIT_SEAL_QUEUE, policy: "stately", retryLimit: 0 });
  let stopped = false;
  const next = () =>
    stopped ? null : boss.send(AUDIT_SEAL_QUEUE, {}, { startAfter: interval }).catch(() => null);
  await boss.work(
    AUDIT_SEAL_QUEUE,
    { pollingIntervalSeconds: Math.max(0.5, Math.min(2, interval)) },
    async () => {
      try {
        await sealAuditChains(opts.db);
      } finally {
        await next();
      }
    },
  );
  await boss.schedule(AUDIT_SEAL_QUEUE, "* * * * *");
  await boss.send(AUDIT_SEAL_QUEUE, {});

  return {
    async run(timeoutMs = 20_000) {
      // A key of its own, so the queue takes it beside the run already waiting.
      const id = await boss.send(AUDIT_SEAL_QUEUE, {}, { singletonKey: `run-${randomUUID()}` });
      if (!id) throw new Error("audit sealing job could not be queued");
      const until = Date.now() + timeoutMs;
      for (;;) {
        const job = await boss.getJobById(AUDIT_SEAL_QUEUE, id);
        if (job?.state === "completed") return;
        if (job?.state === "failed") throw new Error("audit sealing job failed");
        if (Date.now() > until) throw new Error(`audit sealing job still ${job?.state ?? "missing"}`);
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
