import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import {
  idParams,
  oneScore,
  ownRecordBody,
  planQuery,
  recordBody,
  scaleList,
  scoresView,
} from "../../../contract/outcomes.ts";
import type { Db } from "../../../db/pool.ts";
import { CLINICIANS, ctx, PATIENT, principalOf, readersOf } from "../../http/access.ts";
import { errorBody } from "../../http/errors.ts";
import { OutcomeService } from "../../services/outcome.service.ts";

export const outcomeRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  const outcomes = new OutcomeService(db);
  const errors = { 400: errorBody, 404: errorBody };

  app.get(
    "/api/outcome-scales",
    {
      config: { access: "signed-in" },
      schema: { tags: ["outcomes"], response: { 200: scaleList } },
    },
    async (req) => ({ scales: await outcomes.scales(principalOf(req)) }),
  );

  app.get(
    "/api/patients/:id/outcomes",
    {
      config: { access: readersOf("outcome") },
      schema: {
        tags: ["outcomes"],
        params: idParams,
        querystring: planQuery,
        response: { 200: scoresView, ...errors },
      },
    },
    async (req) => outcomes.list(ctx(req), req.params.id, req.query.planId ?? null),
  );

  app.post(
    "/api/patients/:id/outcomes",
    {
      config: { access: CLINICIANS },
      schema: {
        tags: ["outcomes"],
        params: idParams,
        body: recordBody,
        response: { 201: oneScore, ...errors },
      },
    },
    async (req, reply) =>
      reply.status(201).send({ score: await outcomes.record(ctx(req), req.params.id, req.body) }),
  );

  app.get(
    "/api/portal/outcomes",
    {
      config: { access: PATIENT },
      schema: { tags: ["outcomes"], querystring: planQuery, response: { 200: scoresView } },
    },
    async (req) => outcomes.ownList(ctx(req), req.query.planId ?? null),
  );

  app.post(
    "/api/portal/outcomes",
    {
      config: { access: PATIENT },
      schema: {
        tags: ["outcomes"],
        body: ownRecordBody,
        response: { 201: oneScore, ...errors },
      },
    },
    async (req, reply) => reply.status(201).send({ score: await outcomes.ownRecord(ctx(req), req.body) }),
  );
};
