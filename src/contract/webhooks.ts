import { z } from "zod";
import { instant } from "./codecs.ts";
import { endpoint } from "./endpoint.ts";

/** The events a webhook may ask to hear about. */
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

/** An endpoint another system listens on; its signing secret is never part of it. */
export const webhookView = z.object({
  id: z.uuid(),
  url: z.string(),
  events: z.array(z.string()),
  description: z.string(),
  active: z.boolean(),
  createdAt: instant,
});

/** One event sent (or still to send) to an endpoint, with each try. */
export const webhookDeliveryView = z.object({
  id: z.uuid(),
  event: z.string(),
  status: z.enum(["pending", "delivered", "failed"]),
  attempts: z.number().int(),
  nextAttemptAt: instant.nullable(),
  lastStatusCode: z.number().int().nullable(),
  lastError: z.string().nullable(),
  createdAt: instant,
  deliveredAt: instant.nullable(),
  payload: z.unknown(),
  tries: z.array(
    z.object({
      attempt: z.number().int(),
      at: instant,
      statusCode: z.number().int().nullable(),
      error: z.string().nullable(),
      durationMs: z.number().int(),
      retryInMs: z.number().int().nullable(),
    }),
  ),
});

export const newWebhookBody = z.strictObject({
  url: z.string().min(1).max(2000),
  events: z.array(z.enum(WEBHOOK_EVENTS)).min(1),
  description: z.string().max(200).optional(),
});

export const webhookList = z.object({ webhooks: z.array(webhookView) });
/** A new endpoint and its signing secret, shown this once. */
export const newWebhookAnswer = z.object({ webhook: webhookView.extend({ secret: z.string() }) });
export const webhookDeliveryList = z.object({ deliveries: z.array(webhookDeliveryView) });
/** A removal answers 204 without content. */
export const removedWebhook = z.null();

export const idParams = z.strictObject({ id: z.uuid() });
export const deliveriesQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export type Webhook = z.output<typeof webhookView>;
export type WebhookDelivery = z.output<typeof webhookDeliveryView>;
export type NewWebhookBody = z.input<typeof newWebhookBody>;

// Endpoints the web reads.
export const webhooks = endpoint("GET", "/api/webhooks", webhookList);
export const addWebhook = endpoint("POST", "/api/webhooks", newWebhookAnswer);
export const removeWebhook = endpoint("DELETE", "/api/webhooks/:id", removedWebhook);
export const webhookDeliveries = endpoint("GET", "/api/webhooks/:id/deliveries", webhookDeliveryList);
