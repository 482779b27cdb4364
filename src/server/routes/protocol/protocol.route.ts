import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import {
  chooseResult,
  clinicChoicesBody,
  historyQuery,
  historyView,
  protocolOverview,
  rescreenQuery,
  rescreenView,
} from "../../../contract/protocol.ts";
import type { Db } from "../../../db/pool.ts";
import { ctx, OWNER, STAFF } from "../../http/access.ts";
import { errorBody } from "../../http/errors.ts";
import { ProtocolService } from "../../services/protocol.service.ts";
import { ScreeningService } from "../../services/screening.service.ts";

export const protocolRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  const protocols = new ProtocolService(db);
  const screenings = new ScreeningService(db);

  app.get(
    "/api/protocol",
    {
      config: { access: STAFF },
      schema: { tags: ["protocol"], response: { 200: protocolOverview } },
    },
    async (req) => protocols.overview(ctx(req)),
  );

  app.put(
    "/api/protocol/choices",
    {
      config: { access: OWNER },
      schema: {
        tags: ["protocol"],
        description:
          "Replaces the clinic's choices; a different set of choices makes a new protocol version.",
        body: clinicChoicesBody,
        response: { 200: chooseResult, 400: errorBody },
      },
    },
    async (req) => {
      const { version, changed, choices } = await protocols.choose(ctx(req), req.body);
      return { version, changed, choices };
    },
  );

  app.get(
    "/api/protocol/versions",
    {
      config: { access: STAFF },
      schema: { tags: ["protocol"], querystring: historyQuery, response: { 200: historyView } },
    },
    async (req) => protocols.history(ctx(req), req.query.limit, req.query.offset),
  );

  app.post(
    "/api/protocol/rescreen",
    {
      config: { access: OWNER },
      schema: {
        tags: ["protocol"],
        description:
          "Re-runs the latest screening of each patient (one page, by patient id) under the current version; history is kept.",
        querystring: rescreenQuery,
        response: { 200: rescreenView },
      },
    },
    async (req) => screenings.rescreen(ctx(req), req.query.after ?? null, req.query.limit),
  );
};
