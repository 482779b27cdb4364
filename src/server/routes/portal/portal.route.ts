import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { ownAppointments } from "../../../contract/patients.ts";
import type { Db } from "../../../db/pool.ts";
import { ctx, PATIENT } from "../../http/access.ts";
import { PatientService } from "../../services/patient.service.ts";

export const portalRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  const patients = new PatientService(db);
  app.get(
    "/api/portal/appointments",
    { config: { access: PATIENT }, schema: { tags: ["portal"], response: { 200: ownAppointments } } },
    async (req) => patients.ownAppointments(ctx(req)),
  );
};
