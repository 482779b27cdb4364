import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { idParams, onePlan, planBody, planList } from "../../../contract/treatment-plans.ts";
import type { Db } from "../../../db/pool.ts";
import { CLINICIANS, ctx, PATIENT, readersOf } from "../../http/access.ts";
import { errorBody } from "../../http/errors.ts";
import { ConsultationService } from "../../services/consultation.service.ts";

export const treatmentPlanRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  const consultations = new ConsultationService(db);
  const errors = { 400: errorBody, 404: errorBody, 409: errorBody };

  app.post(
    "/api/consultations/:id/plans",
    {
      config: { access: CLINICIANS },
      schema: {
        tags: ["treatment-plans"],
        params: idParams,
        body: planBody,
        response: { 201: onePlan, ...errors },
      },
    },
    async (req, reply) =>
      reply.status(201).send({
        plan: await consultations.buildPlan(ctx(req), req.params.id, req.body),
      }),
  );

  app.get(
    "/api/patients/:id/plans",
    {
      config: { access: readersOf("plan") },
      schema: {
        tags: ["treatment-plans"],
        params: idParams,
        response: { 200: planList },
      },
    },
    async (req) => ({ plans: await consultations.plans(ctx(req), req.params.id) }),
  );

  app.get(
    "/api/portal/plans",
    {
      config: { access: PATIENT },
      schema: { tags: ["treatment-plans"], response: { 200: planList } },
    },
    async (req) => ({ plans: await consultations.ownPlans(ctx(req)) }),
  );

  app.post(
    "/api/portal/plans/:id/accept",
    {
      config: { access: PATIENT },
      schema: {
        tags: ["treatment-plans"],
        params: idParams,
        response: { 200: onePlan, ...errors },
      },
    },
    async (req) => ({ plan: await consultations.accept(ctx(req), req.params.id) }),
  );
};
