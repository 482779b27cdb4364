import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { recallBody, recallMessages, recallQuery, recallSent } from "../../../contract/charts.ts";
import type { Db } from "../../../db/pool.ts";
import { CLINICIANS, ctx } from "../../http/access.ts";
import { errorBody } from "../../http/errors.ts";
import { RecallService } from "../../services/recall.service.ts";

/** A lot recall's messages to the patients treated with the lot: read, then sent once. */
export const recallRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  const recalls = new RecallService(db);
  const errors = { 400: errorBody, 403: errorBody, 404: errorBody };

  app.get(
    "/api/recalls/messages",
    {
      config: { access: CLINICIANS },
      schema: {
        tags: ["charts"],
        querystring: recallQuery,
        response: { 200: recallMessages, ...errors },
      },
    },
    async (req) => ({ messages: await recalls.messages(ctx(req), req.query.lot) }),
  );

  app.post(
    "/api/recalls/messages",
    {
      config: { access: CLINICIANS },
      schema: {
        tags: ["charts"],
        body: recallBody,
        response: { 200: recallSent, ...errors },
      },
    },
    async (req) => recalls.send(ctx(req), req.body.lot),
  );
};
