import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import {
  intakeAnswersBody,
  intakeFormView,
  intakeSubmitted,
  patientParams,
} from "../../../contract/intake.ts";
import type { Db } from "../../../db/pool.ts";
import { CLINICIANS, ctx, PATIENT, readersOf } from "../../http/access.ts";
import { errorBody } from "../../http/errors.ts";
import { IntakeService } from "../../services/intake.service.ts";

export const intakeRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  const intake = new IntakeService(db);

  app.get(
    "/api/portal/intake",
    {
      config: { access: PATIENT },
      schema: { tags: ["intake"], response: { 200: intakeFormView } },
    },
    async (req) => intake.ownForm(ctx(req)),
  );

  app.post(
    "/api/portal/intake",
    {
      config: { access: PATIENT },
      schema: {
        tags: ["intake"],
        body: intakeAnswersBody,
        response: { 201: intakeSubmitted, 400: errorBody },
      },
    },
    async (req, reply) => reply.status(201).send(await intake.ownSubmit(ctx(req), req.body)),
  );

  app.get(
    "/api/patients/:id/intake",
    {
      config: { access: readersOf("intake") },
      schema: { tags: ["intake"], params: patientParams, response: { 200: intakeFormView, 404: errorBody } },
    },
    async (req) => intake.form(ctx(req), req.params.id),
  );

  // A clinician may fill the questionnaire with the patient (e.g. on paper or by phone).
  app.post(
    "/api/patients/:id/intake",
    {
      config: { access: CLINICIANS },
      schema: {
        tags: ["intake"],
        params: patientParams,
        body: intakeAnswersBody,
        response: { 201: intakeSubmitted, 400: errorBody, 404: errorBody },
      },
    },
    async (req, reply) => reply.status(201).send(await intake.submit(ctx(req), req.params.id, req.body)),
  );
};
