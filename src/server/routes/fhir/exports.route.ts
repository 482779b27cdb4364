/** CSV exports for spreadsheets: GET /api/exports/patients.csv and /api/exports/appointments.csv. */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Db } from "../../../db/pool.ts";
import { ctx, STAFF } from "../../http/access.ts";
import { CsvExportService } from "../../services/csv-export.service.ts";

const day = z.iso.date();

export const csvExportRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  const csv = new CsvExportService(db);
  const attachment = (name: string) => `attachment; filename="${name}"`;

  app.get(
    "/api/exports/patients.csv",
    { config: { access: STAFF }, schema: { tags: ["exports"], produces: ["text/csv"] } },
    async (req, reply) =>
      reply
        .type("text/csv; charset=utf-8")
        .header("content-disposition", attachment("patients.csv"))
        .header("cache-control", "no-store")
        .send(await csv.patients(ctx(req))),
  );

  app.get(
    "/api/exports/appointments.csv",
    {
      config: { access: STAFF },
      schema: {
        tags: ["exports"],
        produces: ["text/csv"],
        querystring: z.strictObject({ from: day.optional(), to: day.optional() }),
      },
    },
    async (req, reply) =>
      reply
        .type("text/csv; charset=utf-8")
        .header("content-disposition", attachment("appointments.csv"))
        .header("cache-control", "no-store")
        .send(await csv.appointments(ctx(req), req.query.from ?? null, req.query.to ?? null)),
  );
};
