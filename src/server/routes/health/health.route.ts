import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Db } from "../../../db/pool.ts";

export const healthRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  // Liveness: the process answers. No database round trip.
  app.get(
    "/health",
    {
      config: { access: "public" },
      schema: { tags: ["health"], response: { 200: z.object({ status: z.literal("ok") }) } },
    },
    async () => ({ status: "ok" as const }),
  );

  // Readiness: the database answers `select 1` through the same pool the API uses.
  app.get(
    "/ready",
    {
      config: { access: "public" },
      schema: {
        tags: ["health"],
        response: {
          200: z.object({ status: z.literal("ready") }),
          503: z.object({ status: z.literal("unavailable"), message: z.string() }),
        },
      },
    },
    async (_req, reply) => {
      try {
        await db.query("select 1");
        return { status: "ready" as const };
      } catch {
        return reply
          .status(503)
          .send({ status: "unavailable" as const, message: "database is not reachable" });
      }
    },
  );
};
