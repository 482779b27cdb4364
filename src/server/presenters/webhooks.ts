/**
 * A webhook's delivery log as the owner reads it. Each try's time comes out of the database as
 * text (it is gathered with json_agg); the contract speaks of instants, so it becomes a Date here.
 */
import type { WebhookDelivery } from "../../contract/webhooks.ts";
import type { WebhookDeliveryRow } from "../../db/repositories/webhook.repository.ts";

export function presentWebhookDelivery(row: WebhookDeliveryRow): WebhookDelivery {
  return { ...row, tries: row.tries.map((t) => ({ ...t, at: new Date(t.at) })) };
}
