/** Webhook endpoints (owner only) and their delivery log. */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Db } from "../../../db/pool.ts";
import { ctx, OWNER } from "../../http/access.ts";
import { errorBody } from "../../http/errors.ts";
import { WEBHOOK_EVENTS, WebhookDispatcher, WebhookService } from "../../services/webhook.service.ts";

const endpointView = z.object({
  id: z.uuid(),
  url: z.string(),
  events: z.array(z.string()),
  description: z.string(),
  active: z.boolean(),
  createdAt: z.date(),
});

const deliveryView = z.object({
  id: z.uuid(),
  event: z.string(),
  status: z.enum(["pending", "delivered", "failed"]),
  attempts: z.number().int(),
  nextAttemptAt: z.coerce.date().nullable(),
  lastStatusCode: z.number().int().nullable(),
  lastError: z.string().nullable(),
  createdAt: z.coerce.date(),
  deliveredAt: z.coerce.date().nullable(),
  payload: z.unknown(),
  tries: z.array(
    z.object({
      attempt: z.number().int(),
      at: z.coerce.date(),
      statusCode: z.number().int().nullable(),
      error: z.string().nullable(),
      durationMs: z.number().int(),
      retryInMs: z.number().int().nullable(),
    }),
  ),
});

const idParams = z.strictObject({ id: z.uuid() });

export interface WebhookRouteOptions {
  db: Db;
  pollMs: number;
  allowPrivateUrls: boolean;
}

export const webhookRoutes: FastifyPluginAsyncZod<WebhookRouteOptions> = async (app, opts) => {
  const webhooks = new WebhookService(opts.db, opts.allowPrivateUrls);
  const dispatcher = new WebhookDispatcher(opts.db, { allowPrivate: opts.allowPrivateUrls });
  app.addHook("onReady", async () => dispatcher.start(opts.pollMs));
  app.addHook("onClose", async () => dispatcher.stop());

  app.post(
    "/api/webhooks",
    {
      config: { access: OWNER },
      schema: {
        tags: ["webhooks"],
        description:
          "Registers an endpoint. Deliveries are POSTs signed with X-Remodel-Signature: t=<unix>,v1=<hex HMAC-SHA256 of `t.body`> under the secret returned here once.",
        body: z.strictObject({
          url: z.string().min(1).max(2000),
          events: z.array(z.enum(WEBHOOK_EVENTS)).min(1),
          description: z.string().max(200).optional(),
        }),
        response: { 201: z.object({ webhook: endpointView.extend({ secret: z.string() }) }), 400: errorBody },
      },
    },
    async (req, reply) => {
      const webhook = await webhooks.create(ctx(req), req.body);
      return reply.status(201).send({ webhook });
    },
  );

  app.get(
    "/api/webhooks",
    {
      config: { access: OWNER },
      schema: { tags: ["webhooks"], response: { 200: z.object({ webhooks: z.array(endpointView) }) } },
    },
    async (req) => ({ webhooks: await webhooks.list(ctx(req)) }),
  );

  app.delete(
    "/api/webhooks/:id",
    {
      config: { access: OWNER },
      schema: { tags: ["webhooks"], params: idParams, response: { 204: z.null(), 404: errorBody } },
    },
    async (req, reply) => {
      await webhooks.remove(ctx(req), req.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    "/api/webhooks/:id/deliveries",
    {
      config: { access: OWNER },
      schema: {
        tags: ["webhooks"],
        params: idParams,
        querystring: z.strictObject({ limit: z.coerce.number().int().min(1).max(500).default(100) }),
        response: { 200: z.object({ deliveries: z.array(deliveryView) }), 404: errorBody },
      },
    },
    async (req) => ({
      deliveries: await webhooks.deliveries(ctx(req), req.params.id, req.query.limit),
    }),
  );
};
