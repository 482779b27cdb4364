import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Db } from "../../../db/pool.ts";
import { CLINICIANS, ctx } from "../../http/access.ts";
import { errorBody } from "../../http/errors.ts";
import { RecallService } from "../../services/recall.service.ts";

const lot = z.string().trim().min(1).max(80);

const recallMessage = z.object({
  patientId: z.uuid(),
  toAddress: z.string().nullable(),
  subject: z.string(),
  bodyText: z.string(),
  queuedAt: z.date().nullable(),
  sentAt: z.date().nullable(),
});

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
        querystring: z.strictObject({ lot }),
        response: { 200: z.object({ messages: z.array(recallMessage) }), ...errors },
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
        body: z.strictObject({ lot }),
        response: {
          200: z.object({ queued: z.number().int(), messages: z.array(recallMessage) }),
          ...errors,
        },
      },
    },
    async (req) => recalls.send(ctx(req), req.body.lot),
  );
};
