import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { onePlan, planList } from "../../../contract/treatment-plans.ts";
import type { Db } from "../../../db/pool.ts";
import { CLINICIANS, ctx, PATIENT, readersOf } from "../../http/access.ts";
import { errorBody } from "../../http/errors.ts";
import { ConsultationService } from "../../services/consultation.service.ts";

const idParams = z.strictObject({ id: z.uuid() });
const depth = z.number().min(0.1).max(3);

const planBody = z.strictObject({
  zones: z
    .array(z.strictObject({ zone: z.string().min(1).max(80), minMm: depth, maxMm: depth }))
    .min(1)
    .max(20)
    .nullable()
    .default(null),
  sessions: z.number().int().min(1).max(24).nullable().default(null),
  intervalWeeks: z.number().int().min(1).max(52).nullable().default(null),
  maintenanceMonths: z.number().int().min(1).max(60).nullable().default(null),
  priceCents: z.number().int().min(0).max(100_000_000).nullable().default(null),
});

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
