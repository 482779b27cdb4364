import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import {
  addedCondition,
  addedMedication,
  conditionBody,
  listQuery,
  medicationBody,
  oneScreening,
  patientParams,
  previewAnswer,
  previewBody,
  previewQuery,
  profileView,
  recordParams,
  removedRecord,
  screeningBody,
  screeningList,
  screeningParams,
} from "../../../contract/screenings.ts";
import type { Db } from "../../../db/pool.ts";
import { ctx, STAFF } from "../../http/access.ts";
import { errorBody } from "../../http/errors.ts";
import { ScreeningService } from "../../services/screening.service.ts";

/** Public previews are cheap but not free: enough for a person trying answers, not for a crawler. */
const PREVIEW_PER_MINUTE = 30;

export const screeningRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  const screenings = new ScreeningService(db);

  app.post(
    "/api/patients/:id/screenings",
    {
      config: { access: STAFF },
      schema: {
        tags: ["screenings"],
        description:
          "Screens the patient's stored profile under the clinic's current protocol and stores the decision.",
        params: patientParams,
        body: screeningBody,
        response: {
          201: oneScreening,
          400: errorBody,
          404: errorBody,
          422: errorBody,
        },
      },
    },
    async (req, reply) => {
      const screening = await screenings.screen(ctx(req), req.params.id, req.body);
      return reply.status(201).send({ screening });
    },
  );

  app.get(
    "/api/patients/:id/screenings",
    {
      config: { access: STAFF },
      schema: {
        tags: ["screenings"],
        params: patientParams,
        querystring: listQuery,
        response: {
          200: screeningList,
          404: errorBody,
        },
      },
    },
    async (req) => screenings.list(ctx(req), req.params.id, req.query.limit, req.query.offset),
  );

  app.get(
    "/api/screenings/:id",
    {
      config: { access: STAFF },
      schema: {
        tags: ["screenings"],
        params: screeningParams,
        response: { 200: oneScreening, 404: errorBody },
      },
    },
    async (req) => ({ screening: await screenings.get(ctx(req), req.params.id) }),
  );

  app.post(
    "/api/screenings/preview",
    {
      config: { access: "public", rateLimit: { max: PREVIEW_PER_MINUTE, timeWindow: 60_000 } },
      schema: {
        tags: ["screenings"],
        description:
          "Screens a full input (screening-input.schema.json) under a clinic's current protocol (?clinic=slug, else the first clinic). Nothing is stored.",
        querystring: previewQuery,
        body: previewBody,
        response: { 200: previewAnswer, 400: errorBody, 404: errorBody },
      },
    },
    async (req) => ({ decision: await screenings.preview(req.query.clinic ?? null, req.body) }),
  );

  app.get(
    "/api/patients/:id/clinical-profile",
    {
      config: { access: STAFF },
      schema: { tags: ["screenings"], params: patientParams, response: { 200: profileView, 404: errorBody } },
    },
    async (req) => screenings.profile(ctx(req), req.params.id),
  );

  app.post(
    "/api/patients/:id/conditions",
    {
      config: { access: STAFF },
      schema: {
        tags: ["screenings"],
        params: patientParams,
        body: conditionBody,
        response: { 201: addedCondition, 400: errorBody, 404: errorBody },
      },
    },
    async (req, reply) => {
      const condition = await screenings.addCondition(ctx(req), req.params.id, {
        ...req.body,
        label: req.body.label ?? "",
      });
      return reply.status(201).send({ condition });
    },
  );

  app.delete(
    "/api/patients/:id/conditions/:recordId",
    {
      config: { access: STAFF },
      schema: {
        tags: ["screenings"],
        params: recordParams,
        response: { 204: removedRecord, 404: errorBody },
      },
    },
    async (req, reply) => {
      await screenings.removeCondition(ctx(req), req.params.id, req.params.recordId);
      return reply.status(204).send(null);
    },
  );

  app.post(
    "/api/patients/:id/medications",
    {
      config: { access: STAFF },
      schema: {
        tags: ["screenings"],
        params: patientParams,
        body: medicationBody,
        response: { 201: addedMedication, 400: errorBody, 404: errorBody },
      },
    },
    async (req, reply) => {
      const medication = await screenings.addMedication(ctx(req), req.params.id, req.body);
      return reply.status(201).send({ medication });
    },
  );

  app.delete(
    "/api/patients/:id/medications/:recordId",
    {
      config: { access: STAFF },
      schema: {
        tags: ["screenings"],
        params: recordParams,
        response: { 204: removedRecord, 404: errorBody },
      },
    },
    async (req, reply) => {
      await screenings.removeMedication(ctx(req), req.params.id, req.params.recordId);
      return reply.status(204).send(null);
    },
  );
};
