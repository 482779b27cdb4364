import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { type Db, withoutClinic } from "../../../db/pool.ts";
import { findPublicClinic } from "../../../db/repositories/clinic.repository.ts";
import { notFound } from "../../../domain/errors.ts";
import { errorBody } from "../../http/errors.ts";

const publicClinic = z.object({
  name: z.string(),
  slug: z.string(),
  timeZone: z.string(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  /** The currency the clinic's prices are in (ISO 4217). */
  currency: z.string(),
});

export const publicRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  app.get(
    "/api/public/clinic",
    {
      config: { access: "public" },
      schema: {
        tags: ["public"],
        querystring: z.strictObject({ slug: z.string().max(63).optional() }),
        response: { 200: publicClinic, 404: errorBody },
      },
    },
    async (req) => {
      const clinic = await withoutClinic(db, (tx) => findPublicClinic(tx, req.query.slug ?? null));
      if (!clinic) throw notFound("clinic");
      return {
        name: clinic.name,
        slug: clinic.slug,
        timeZone: clinic.timeZone,
        phone: clinic.phone,
        email: clinic.email,
        currency: clinic.currency,
      };
    },
  );
};
