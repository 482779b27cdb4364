import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import {
  consultationBody,
  consultationList,
  decisionView,
  idParams,
  oneConsultation,
} from "../../../contract/consultations.ts";
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
          200: decisionView,
          ...errors,
        },
      },
    },
    async (req) => {
      const r = await consultations.decision(ctx(req), req.params.id);
      return {
        decision: r.decision,
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
        response: { 200: consultationList, ...errors },
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
        response: { 201: oneConsultation, ...errors },
      },
    },
    async (req, reply) =>
      reply.status(201).send({
        consultation: await consultations.record(ctx(req), req.params.id, req.body),
      }),
  );
};
