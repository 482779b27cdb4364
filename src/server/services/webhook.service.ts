/**
 * Webhook endpoints (owner-managed) and their delivery log. Events themselves are queued by
 * database triggers (051_webhooks.sql) in the transaction of the change; WebhookDispatcher sends them.
 */
import { createHmac, randomBytes } from "node:crypto";
import { isIP } from "node:net";
import type { Db, Tx } from "../../db/pool.ts";
import { withClinic } from "../../db/pool.ts";
import { HttpError, notFound } from "../http/errors.ts";
import type { Principal, RequestOrigin } from "./auth.service.ts";
import { clinicalTx } from "./clinical-tx.ts";

export const WEBHOOK_EVENTS = [
  "appointment.booked",
  "appointment.rescheduled",
  "appointment.checked_in",
  "appointment.completed",
  "appointment.cancelled",
  "appointment.no_show",
  "chart.opened",
  "chart.signed",
  "chart.stopped",
] as const;

export interface WebhookEndpoint {
  id: string;
  url: string;
  events: string[];
  description: string;
  active: boolean;
  createdAt: Date;
}

export interface WebhookDelivery {
  id: string;
  event: string;
  status: "pending" | "delivered" | "failed";
  attempts: number;
  nextAttemptAt: Date | null;
  lastStatusCode: number | null;
  lastError: string | null;
  createdAt: Date;
  deliveredAt: Date | null;
  payload: unknown;
  tries: {
    attempt: number;
    at: Date;
    statusCode: number | null;
    error: string | null;
    durationMs: number;
    retryInMs: number | null;
  }[];
}

/** `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`: the receiver checks both and the age of t. */
export function signatureHeader(secret: string, body: string, unixSeconds: number): string {
  const mac = createHmac("sha256", secret).update(`${unixSeconds}.${body}`).digest("hex");
  return `t=${unixSeconds},v1=${mac}`;
}

const PRIVATE_V4 = [/^10\./, /^127\./, /^169\.254\./, /^192\.168\./, /^172\.(1[6-9]|2\d|3[01])\./, /^0\./];

/** Why a URL may not receive webhooks, or null when it may. */
export function urlProblem(raw: string, allowPrivate: boolean): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return "not a URL";
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return "must be an http(s) URL";
  if (url.username || url.password) return "must not carry a user name or password";
  if (allowPrivate) return null;
  if (url.protocol !== "https:") return "must be https";
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (host === "localhost" || host.endsWith(".localhost") || host.endsWith(".internal"))
    return "must not point at this server's network";
  if (isIP(host) === 4 && PRIVATE_V4.some((re) => re.test(host)))
    return "must not point at a private address";
  if (isIP(host) === 6 && (host === "::1" || /^f[cd]/i.test(host) || /^fe80/i.test(host)))
    return "must not point at a private address";
  return null;
}

const ENDPOINT_COLUMNS = `id, url, events, description, active, created_at as "createdAt"`;

export class WebhookService {
  readonly #db: Db;
  readonly #allowPrivate: boolean;
  constructor(db: Db, allowPrivate: boolean) {
    this.#db = db;
    this.#allowPrivate = allowPrivate;
  }

  create(
    principal: Principal,
    origin: RequestOrigin,
    input: { url: string; events: string[]; description?: string },
  ): Promise<WebhookEndpoint & { secret: string }> {
    const problem = urlProblem(input.url, this.#allowPrivate);
    if (problem) throw new HttpError(400, "validation", `body.url: ${problem}`, { "body.url": problem });
    const secret = randomBytes(32).toString("base64url");
    return clinicalTx(this.#db, principal, origin, async (tx, audit) => {
      const { rows } = await tx.query<WebhookEndpoint>(
        `insert into webhook_endpoints (clinic_id, url, secret, events, description, created_by)
         values (app_clinic_id(), $1, $2, $3, $4, $5) returning ${ENDPOINT_COLUMNS}`,
        [input.url, secret, [...new Set(input.events)], input.description ?? "", principal.user.id],
      );
      const endpoint = rows[0]!;
      await audit("webhook.create", "webhook_endpoint", endpoint.id, { events: endpoint.events });
      return { ...endpoint, secret };
    });
  }

  list(principal: Principal, origin: RequestOrigin): Promise<WebhookEndpoint[]> {
    return clinicalTx(this.#db, principal, origin, async (tx) => {
      const { rows } = await tx.query<WebhookEndpoint>(
        `select ${ENDPOINT_COLUMNS} from webhook_endpoints order by created_at, id`,
      );
      return rows;
    });
  }

  remove(principal: Principal, origin: RequestOrigin, id: string): Promise<void> {
    return clinicalTx(this.#db, principal, origin, async (tx, audit) => {
      const { rowCount } = await tx.query("delete from webhook_endpoints where id = $1", [id]);
      if (!rowCount) throw notFound("webhook");
      await audit("webhook.delete", "webhook_endpoint", id);
    });
  }

  deliveries(
    principal: Principal,
    origin: RequestOrigin,
    id: string,
    limit: number,
  ): Promise<WebhookDelivery[]> {
    return clinicalTx(this.#db, principal, origin, async (tx, audit) => {
      const found = await tx.query("select 1 from webhook_endpoints where id = $1", [id]);
      if (found.rowCount === 0) throw notFound("webhook");
      const { rows } = await tx.query<WebhookDelivery>(
        `select d.id, d.event, d.status, d.attempts,
                case when d.status = 'pending' then d.next_attempt_at end as "nextAttemptAt",
                d.last_status_code as "lastStatusCode", d.last_error as "lastError", d.created_at as "createdAt",
                d.delivered_at as "deliveredAt", d.payload,
                coalesce((select json_agg(json_build_object('attempt', a.attempt, 'at', a.at, 'statusCode', a.status_code,
                           'error', a.error, 'durationMs', a.duration_ms, 'retryInMs', a.retry_in_ms) order by a.attempt)
                          from webhook_attempts a where a.delivery_id = d.id), '[]') as tries
         from webhook_deliveries d where d.endpoint_id = $1
         order by d.created_at desc, d.id limit $2`,
        [id, limit],
      );
      // Payloads hold patient ids: reading the log is a read of clinical data.
      await audit("webhook.deliveries.read", "webhook_endpoint", id, { count: rows.length });
      return rows;
    });
  }
}

export interface DispatcherOptions {
  baseDelayMs: number;
  maxAttempts: number;
  timeoutMs: number;
}

/**
 * Sends due deliveries: POST of the JSON payload, signed; a 2xx is delivered, anything else is
 * retried after baseDelay * 2^(attempt-1) until maxAttempts, then marked failed (kept in the log).
 */
export class WebhookDispatcher {
  readonly #db: Db;
  readonly #options: DispatcherOptions;
  #timer: NodeJS.Timeout | null = null;
  #running: Promise<number> | null = null;
  constructor(db: Db, options: Partial<DispatcherOptions> = {}) {
    this.#db = db;
    this.#options = { baseDelayMs: 30_000, maxAttempts: 8, timeoutMs: 10_000, ...options };
  }

  start(pollMs: number): void {
    if (pollMs <= 0 || this.#timer) return;
    this.#timer = setInterval(() => {
      void this.runOnce().catch(() => {});
    }, pollMs);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    await this.#running?.catch(() => 0);
  }

  /** Sends every delivery due now; returns how many were tried. One pass at a time per process. */
  runOnce(): Promise<number> {
    this.#running ??= this.#pass().finally(() => {
      this.#running = null;
    });
    return this.#running;
  }

  async #pass(): Promise<number> {
    const client = await this.#db.connect();
    let due: { delivery_id: string; clinic_id: string }[];
    try {
      due = (
        await client.query<{ delivery_id: string; clinic_id: string }>(
          "select * from webhook_claim_due(50, 300)",
        )
      ).rows;
    } finally {
      client.release();
    }
    for (const d of due) await this.#deliver(d.clinic_id, d.delivery_id);
    return due.length;
  }

  async #deliver(clinicId: string, deliveryId: string): Promise<void> {
    const job = await withClinic(this.#db, { clinicId }, async (tx) => {
      const { rows } = await tx.query<{
        url: string;
        secret: string;
        active: boolean;
        event: string;
        payload: unknown;
        attempts: number;
      }>(
        `select e.url, e.secret, e.active, d.event, d.payload, d.attempts from webhook_deliveries d
         join webhook_endpoints e on e.id = d.endpoint_id where d.id = $1 and d.status = 'pending'`,
        [deliveryId],
      );
      return rows[0];
    });
    if (!job) return;
    const attempt = job.attempts + 1;
    const body = JSON.stringify(job.payload);
    const started = performance.now();
    let statusCode: number | null = null;
    let error: string | null = null;
    if (!job.active) error = "endpoint disabled";
    else {
      try {
        const res = await fetch(job.url, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            "user-agent": "Remodel-Webhooks/1",
            "x-remodel-event": job.event,
            "x-remodel-delivery": deliveryId,
            "x-remodel-signature": signatureHeader(job.secret, body, Math.floor(Date.now() / 1000)),
          },
          body,
          redirect: "manual",
          signal: AbortSignal.timeout(this.#options.timeoutMs),
        });
        statusCode = res.status;
        await res.arrayBuffer().catch(() => undefined);
        if (res.status < 200 || res.status >= 300) error = `HTTP ${res.status}`;
      } catch (err) {
        error =
          err instanceof Error
            ? (err.name === "TimeoutError" ? "timed out" : err.message).slice(0, 300)
            : "failed";
      }
    }
    const durationMs = Math.round(performance.now() - started);
    const delivered = error === null;
    const giveUp = !delivered && (attempt >= this.#options.maxAttempts || !job.active);
    const retryInMs = delivered || giveUp ? null : this.#options.baseDelayMs * 2 ** (attempt - 1);
    await withClinic(this.#db, { clinicId }, (tx) =>
      recordAttempt(tx, deliveryId, attempt, statusCode, error, durationMs, retryInMs, delivered, giveUp),
    );
  }
}

async function recordAttempt(
  tx: Tx,
  deliveryId: string,
  attempt: number,
  statusCode: number | null,
  error: string | null,
  durationMs: number,
  retryInMs: number | null,
  delivered: boolean,
  giveUp: boolean,
): Promise<void> {
  await tx.query(
    `insert into webhook_attempts (clinic_id, delivery_id, attempt, status_code, error, duration_ms, retry_in_ms)
     values (app_clinic_id(), $1, $2, $3, $4, $5, $6)`,
    [deliveryId, attempt, statusCode, error, durationMs, retryInMs],
  );
  await tx.query(
    `update webhook_deliveries set attempts = $2, last_status_code = $3, last_error = $4,
       status = case when $5 then 'delivered' when $6 then 'failed' else 'pending' end,
       delivered_at = case when $5 then clock_timestamp() end,
       next_attempt_at = clock_timestamp() + make_interval(secs => coalesce($7::int, 0) / 1000.0)
     where id = $1`,
    [deliveryId, attempt, statusCode, error, delivered, giveUp, retryInMs],
  );
}
