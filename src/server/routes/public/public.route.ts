import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { publicClinic, publicClinicQuery } from "../../../contract/clinic.ts";
import { type Db, withoutClinic } from "../../../db/pool.ts";
import { findPublicClinic } from "../../../db/repositories/clinic.repository.ts";
import { notFound } from "../../../domain/errors.ts";
import { errorBody } from "../../http/errors.ts";

export const publicRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  app.get(
    "/api/public/clinic",
    {
      config: { access: "public" },
      schema: {
        tags: ["public"],
        querystring: publicClinicQuery,
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
