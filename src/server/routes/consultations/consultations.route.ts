import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { consultationBody, consultationView, idParams } from "../../../contract/consultations.ts";
import type { Db } from "../../../db/pool.ts";
import { CLINICIANS, ctx, readersOf } from "../../http/access.ts";
import { errorBody } from "../../http/errors.ts";
import { ConsultationService } from "../../services/consultation.service.ts";

export const consultationRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  const consultations = new ConsultationService(db);
  const errors = { 400: errorBody, 404: errorBody, 409: errorBody };

  app.get(
    "/api/patients/:id/decision",
    {
      config: { access: readersOf("consultation") },
      schema: {
        tags: ["consultations"],
        params: idParams,
        response: {
          200: z.object({
            decision: z.record(z.string(), z.unknown()),
            source: z.enum(["screening-store", "engine"]),
            planZones: z.array(
              z.object({ zone: z.string(), minMm: z.number(), maxMm: z.number(), capMm: z.number() }),
            ),
          }),
          ...errors,
        },
      },
    },
    async (req) => {
      const r = await consultations.decision(ctx(req), req.params.id);
      return {
        decision: r.decision as unknown as Record<string, unknown>,
        source: r.source,
        planZones: r.planZones,
      };
    },
  );

  app.get(
    "/api/patients/:id/consultations",
    {
      config: { access: CLINICIANS },
      schema: {
        tags: ["consultations"],
        params: idParams,
        response: { 200: z.object({ consultations: z.array(consultationView) }), ...errors },
      },
    },
    async (req) => ({
      consultations: await consultations.list(ctx(req), req.params.id),
    }),
  );

  app.post(
    "/api/patients/:id/consultations",
    {
      config: { access: CLINICIANS },
      schema: {
        tags: ["consultations"],
        params: idParams,
        body: consultationBody,
        response: { 201: z.object({ consultation: consultationView }), ...errors },
      },
    },
    async (req, reply) =>
      reply.status(201).send({
        consultation: await consultations.record(ctx(req), req.params.id, req.body),
      }),
  );
};
