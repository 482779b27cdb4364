import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { acknowledged, inboxIdParams, inboxList, inboxQuery } from "../../../contract/inbox.ts";
import type { Db } from "../../../db/pool.ts";
import { ctx, STAFF } from "../../http/access.ts";
import { errorBody } from "../../http/errors.ts";
import { InboxService } from "../../services/inbox.service.ts";

export const inboxRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  const service = new InboxService(db);
  app.get(
    "/api/inbox",
    {
      config: { access: STAFF },
      schema: {
        tags: ["inbox"],
        description: "Patients' check-ins: open red flags first, then open ones to watch, then the rest.",
        querystring: inboxQuery,
        response: { 200: inboxList },
      },
    },
    async (req) =>
      service.list(ctx(req), {
        limit: req.query.limit,
        includeClosed: req.query.all === "true",
      }),
  );
  app.post(
    "/api/inbox/:id/acknowledge",
    {
      config: { access: STAFF },
      schema: {
        tags: ["inbox"],
        params: inboxIdParams,
        response: { 200: acknowledged, 404: errorBody, 409: errorBody },
      },
    },
    async (req) => service.acknowledge(ctx(req), req.params.id),
  );
};
