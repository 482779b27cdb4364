import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import {
  portalAftercareView,
  portalOverviewView,
  prepTickBody,
  prepTicked,
  prepTickParams,
} from "../../../contract/portal.ts";
import { factsAndPrices, publicFactsQuery } from "../../../contract/public-facts.ts";
import type { Db } from "../../../db/pool.ts";
import { ctx, PATIENT } from "../../http/access.ts";
import { errorBody } from "../../http/errors.ts";
import { PortalPlanService, publicFactsAndPrices } from "../../services/portal-plan.service.ts";

// The portal's answers are the contract's (src/contract/portal.ts), the public site's facts and
// prices too (src/contract/public-facts.ts).
export const portalPlanRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  const service = new PortalPlanService(db);

  app.get(
    "/api/portal/overview",
    {
      config: { access: PATIENT },
      schema: {
        tags: ["portal"],
        description:
          "The patient's plan and progress, the next session's window, upcoming appointments, the next session's dated preparation checklist with ticks, and the forms to complete.",
        response: { 200: portalOverviewView },
      },
    },
    async (req) => service.overview(ctx(req)),
  );

  app.post(
    "/api/portal/prep/:appointmentId/ticks",
    {
      config: { access: PATIENT },
      schema: {
        tags: ["portal"],
        params: prepTickParams,
        body: prepTickBody,
        response: {
          200: prepTicked,
          400: errorBody,
          404: errorBody,
        },
      },
    },
    async (req) => service.tick(ctx(req), req.params.appointmentId, req.body.stepId, req.body.done),
  );

  app.get(
    "/api/portal/aftercare",
    {
      config: { access: PATIENT },
      schema: {
        tags: ["portal"],
        description:
          "Each signed session's aftercare timeline (buildAftercareTimeline), the series' healing forecast (forecastHealing), the open check-in and earlier check-ins.",
        response: { 200: portalAftercareView },
      },
    },
    async (req) => service.aftercare(ctx(req)),
  );

  app.get(
    "/api/public/facts",
    {
      config: { access: "public" },
      schema: {
        tags: ["public"],
        description:
          "What the public FAQ and comparison quote, from the clinic's protocol in force, and its prices.",
        querystring: publicFactsQuery,
        response: { 200: factsAndPrices, 404: errorBody },
      },
    },
    async (req) => publicFactsAndPrices(db, req.query.clinic ?? null),
  );
};
