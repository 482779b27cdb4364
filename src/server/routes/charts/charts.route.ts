import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import {
  addendumAnswer,
  addendumBody,
  chartList,
  chartOptionsView,
  chartResponse,
  deviceList,
  idParams,
  medicationReviewBody,
  medicationReviewed,
  medicationReviews,
  recallCharts,
  recallQuery,
  saveChartBody,
  startChartBody,
} from "../../../contract/charts.ts";
import type { Db } from "../../../db/pool.ts";
import { POST_PRODUCTS } from "../../../domain/record/chart-rules.ts";
import type { Config } from "../../config.ts";
import { CLINICIANS, ctx, readersOf } from "../../http/access.ts";
import { errorBody } from "../../http/errors.ts";
import { ChartService } from "../../services/chart.service.ts";

export const chartRoutes: FastifyPluginAsyncZod<{ db: Db; config: Config }> = async (app, { db, config }) => {
  // Co-signature failures count toward the same lockout as sign-in failures.
  const charts = new ChartService(db, config.lockout);
  const errors = { 400: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };

  app.get(
    "/api/charts/options",
    {
      config: { access: CLINICIANS },
      schema: {
        tags: ["charts"],
        response: { 200: chartOptionsView },
      },
    },
    async (req) => ({
      checklistSteps: await charts.checklistSteps(ctx(req)),
      postProducts: [...POST_PRODUCTS],
      ...(await charts.rescreenVocabulary(ctx(req))),
    }),
  );

  app.get(
    "/api/patients/:id/medication-reviews",
    {
      config: { access: CLINICIANS },
      schema: {
        tags: ["charts"],
        params: idParams,
        response: { 200: medicationReviews },
      },
    },
    async (req) => ({
      reviews: await charts.listMedicationReviews(ctx(req), req.params.id),
    }),
  );

  app.post(
    "/api/patients/:id/medication-reviews",
    {
      config: { access: CLINICIANS },
      schema: {
        tags: ["charts"],
        params: idParams,
        body: medicationReviewBody,
        response: { 201: medicationReviewed, ...errors },
      },
    },
    async (req, reply) =>
      reply.status(201).send({
        review: await charts.reviewMedication(ctx(req), req.params.id, req.body),
      }),
  );

  app.get(
    "/api/charts/devices",
    {
      config: { access: CLINICIANS },
      schema: {
        tags: ["charts"],
        response: { 200: deviceList },
      },
    },
    async (req) => ({ devices: await charts.devices(ctx(req)) }),
  );

  app.get(
    "/api/patients/:id/charts",
    {
      config: { access: readersOf("chart") },
      schema: {
        tags: ["charts"],
        params: idParams,
        response: { 200: chartList },
      },
    },
    async (req) => ({ charts: await charts.list(ctx(req), req.params.id) }),
  );

  app.post(
    "/api/patients/:id/charts",
    {
      config: { access: CLINICIANS },
      schema: {
        tags: ["charts"],
        params: idParams,
        body: startChartBody,
        response: { 201: chartResponse, ...errors },
      },
    },
    async (req, reply) => reply.status(201).send(await charts.start(ctx(req), req.params.id, req.body)),
  );

  app.get(
    "/api/charts/:id",
    {
      config: { access: readersOf("chart") },
      schema: { tags: ["charts"], params: idParams, response: { 200: chartResponse, 404: errorBody } },
    },
    async (req) => charts.get(ctx(req), req.params.id),
  );

  app.put(
    "/api/charts/:id",
    {
      config: { access: CLINICIANS },
      schema: {
        tags: ["charts"],
        params: idParams,
        body: saveChartBody,
        response: { 200: chartResponse, ...errors },
      },
    },
    async (req) => charts.save(ctx(req), req.params.id, req.body),
  );

  app.post(
    "/api/charts/:id/sign",
    {
      config: { access: CLINICIANS },
      schema: { tags: ["charts"], params: idParams, response: { 200: chartResponse, ...errors } },
    },
    async (req) => charts.sign(ctx(req), req.params.id),
  );

  app.post(
    "/api/charts/:id/addenda",
    {
      config: { access: CLINICIANS },
      schema: {
        tags: ["charts"],
        params: idParams,
        body: addendumBody,
        response: { 201: addendumAnswer, ...errors },
      },
    },
    async (req, reply) =>
      reply.status(201).send({
        addendum: await charts.addAddendum(ctx(req), req.params.id, req.body.text),
      }),
  );

  app.get(
    "/api/recalls",
    {
      config: { access: readersOf("chart") },
      schema: {
        tags: ["charts"],
        querystring: recallQuery,
        response: {
          200: recallCharts,
        },
      },
    },
    async (req) => ({ charts: await charts.recall(ctx(req), req.query.lot) }),
  );
};
