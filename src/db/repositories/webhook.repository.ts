/**
 * Webhook endpoints, deliveries and attempts (051_webhooks.sql). Events are queued by database
 * triggers; these are the reads and writes of the owner's screens and of the dispatcher.
 * One function, one query.
 */
import type { Tx } from "../pool.ts";

export interface WebhookEndpointRow {
  id: string;
  url: string;
  events: string[];
  description: string;
  active: boolean;
  createdAt: Date;
}

export interface WebhookDeliveryRow {
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
  /** Built with json_agg, so each try's time arrives as the database's text of it. */
  tries: {
    attempt: number;
    at: string;
    statusCode: number | null;
    error: string | null;
    durationMs: number;
    retryInMs: number | null;
  }[];
}

const ENDPOINT_COLUMNS = `id, url, events, description, active, created_at as "createdAt"`;

export async function insertWebhookEndpoint(
  tx: Tx,
  e: { url: string; secret: string; events: string[]; description: string; createdBy: string },
): Promise<WebhookEndpointRow> {
  const { rows } = await tx.query<WebhookEndpointRow>(
    `insert into webhook_endpoints (clinic_id, url, secret, events, description, created_by)
     values (app_clinic_id(), $1, $2, $3, $4, $5) returning ${ENDPOINT_COLUMNS}`,
    [e.url, e.secret, e.events, e.description, e.createdBy],
  );
  return rows[0]!;
}

export async function listWebhookEndpoints(tx: Tx): Promise<WebhookEndpointRow[]> {
  const { rows } = await tx.query<WebhookEndpointRow>(
    `select ${ENDPOINT_COLUMNS} from webhook_endpoints order by created_at, id`,
  );
  return rows;
}

/** false when there was no such endpoint. */
export async function deleteWebhookEndpoint(tx: Tx, id: string): Promise<boolean> {
  const { rowCount } = await tx.query("delete from webhook_endpoints where id = $1", [id]);
  return (rowCount ?? 0) > 0;
}

export async function webhookEndpointExists(tx: Tx, id: string): Promise<boolean> {
  const { rowCount } = await tx.query("select 1 from webhook_endpoints where id = $1", [id]);
  return (rowCount ?? 0) > 0;
}

/** The newest deliveries of an endpoint, each with its attempts. */
export async function listWebhookDeliveries(
  tx: Tx,
  endpointId: string,
  limit: number,
): Promise<WebhookDeliveryRow[]> {
  const { rows } = await tx.query<WebhookDeliveryRow>(
    `select d.id, d.event, d.status, d.attempts,
            case when d.status = 'pending' then d.next_attempt_at end as "nextAttemptAt",
            d.last_status_code as "lastStatusCode", d.last_error as "lastError", d.created_at as "createdAt",
            d.delivered_at as "deliveredAt", d.payload,
            coalesce((select json_agg(json_build_object('attempt', a.attempt, 'at', a.at, 'statusCode', a.status_code,
                       'error', a.error, 'durationMs', a.duration_ms, 'retryInMs', a.retry_in_ms) order by a.attempt)
                      from webhook_attempts a where a.delivery_id = d.id), '[]') as tries
     from webhook_deliveries d where d.endpoint_id = $1
     order by d.created_at desc, d.id limit $2`,
    [endpointId, limit],
  );
  return rows;
}

/**
 * Claims up to `limit` due deliveries of every clinic for `leaseSeconds` (through the
 * security-definer function of 051, which crosses clinics on purpose and returns ids only).
 */
export async function claimDueDeliveries(
  tx: Tx,
  limit: number,
  leaseSeconds: number,
): Promise<{ deliveryId: string; clinicId: string }[]> {
  const { rows } = await tx.query<{ deliveryId: string; clinicId: string }>(
    `select delivery_id as "deliveryId", clinic_id as "clinicId" from webhook_claim_due($1, $2)`,
    [limit, leaseSeconds],
  );
  return rows;
}

export interface PendingDeliveryRow {
  url: string;
  secret: string;
  active: boolean;
  event: string;
  payload: unknown;
  attempts: number;
}

export async function getPendingDelivery(tx: Tx, deliveryId: string): Promise<PendingDeliveryRow | null> {
  const { rows } = await tx.query<PendingDeliveryRow>(
    `select e.url, e.secret, e.active, d.event, d.payload, d.attempts from webhook_deliveries d
     join webhook_endpoints e on e.id = d.endpoint_id where d.id = $1 and d.status = 'pending'`,
    [deliveryId],
  );
  return rows[0] ?? null;
}

export interface AttemptOutcome {
  attempt: number;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
  retryInMs: number | null;
  delivered: boolean;
  giveUp: boolean;
}

export async function insertWebhookAttempt(tx: Tx, deliveryId: string, a: AttemptOutcome): Promise<void> {
  await tx.query(
    `insert into webhook_attempts (clinic_id, delivery_id, attempt, status_code, error, duration_ms, retry_in_ms)
     values (app_clinic_id(), $1, $2, $3, $4, $5, $6)`,
    [deliveryId, a.attempt, a.statusCode, a.error, a.durationMs, a.retryInMs],
  );
}

/** Records an attempt's outcome on the delivery: delivered, failed for good, or due again later. */
export async function updateWebhookDelivery(tx: Tx, deliveryId: string, a: AttemptOutcome): Promise<void> {
  await tx.query(
    `update webhook_deliveries set attempts = $2, last_status_code = $3, last_error = $4,
       status = case when $5 then 'delivered' when $6 then 'failed' else 'pending' end,
       delivered_at = case when $5 then clock_timestamp() end,
       next_attempt_at = clock_timestamp() + make_interval(secs => coalesce($7::int, 0) / 1000.0)
     where id = $1`,
    [deliveryId, a.attempt, a.statusCode, a.error, a.delivered, a.giveUp, a.retryInMs],
  );
}
