import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { appointmentView } from "../../../contract/patients.ts";
import type { Db } from "../../../db/pool.ts";
import { origin, PATIENT, principalOf } from "../../http/access.ts";
import { PatientService } from "../../services/patient.service.ts";

export const portalRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  const patients = new PatientService(db);
  app.get(
    "/api/portal/appointments",
    {
      config: { access: PATIENT },
      schema: {
        tags: ["portal"],
        response: {
          200: z.object({
            appointments: z.array(appointmentView),
            /** Hours before a visit after which the patient calls the clinic to move or cancel it. */
            changeNoticeHours: z.number().int(),
          }),
        },
      },
    },
    async (req) => patients.ownAppointments(principalOf(req), origin(req)),
  );
};
