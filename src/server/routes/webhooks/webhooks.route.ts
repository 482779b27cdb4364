/** Webhook endpoints (owner only) and their delivery log. */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import {
  deliveriesQuery,
  idParams,
  newWebhookAnswer,
  newWebhookBody,
  removedWebhook,
  webhookDeliveryList,
  webhookList,
} from "../../../contract/webhooks.ts";
import type { Db } from "../../../db/pool.ts";
import { ctx, OWNER } from "../../http/access.ts";
import { errorBody } from "../../http/errors.ts";
import { WebhookDispatcher, WebhookService } from "../../services/webhook.service.ts";

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
        body: newWebhookBody,
        response: { 201: newWebhookAnswer, 400: errorBody },
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
      schema: { tags: ["webhooks"], response: { 200: webhookList } },
    },
    async (req) => ({ webhooks: await webhooks.list(ctx(req)) }),
  );

  app.delete(
    "/api/webhooks/:id",
    {
      config: { access: OWNER },
      schema: { tags: ["webhooks"], params: idParams, response: { 204: removedWebhook, 404: errorBody } },
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
        querystring: deliveriesQuery,
        response: { 200: webhookDeliveryList, 404: errorBody },
      },
    },
    async (req) => ({
      deliveries: await webhooks.deliveries(ctx(req), req.params.id, req.query.limit),
    }),
  );
};
