import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { portalLocaleBody, portalLocaleView } from "../../../contract/portal.ts";
import type { Db } from "../../../db/pool.ts";
import { ctx, PATIENT } from "../../http/access.ts";
import { errorBody } from "../../http/errors.ts";
import { PatientLocaleService } from "../../services/patient-locale.service.ts";

export const portalLocaleRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  const service = new PatientLocaleService(db);

  app.get(
    "/api/portal/locale",
    {
      config: { access: PATIENT },
      schema: {
        tags: ["portal"],
        description:
          "The language the patient chose for the portal, e-mails and consent forms (null: not chosen).",
        response: { 200: portalLocaleView },
      },
    },
    async (req) => service.get(ctx(req)),
  );

  app.post(
    "/api/portal/locale",
    {
      config: { access: PATIENT },
      schema: {
        tags: ["portal"],
        description: "Remembers the patient's language on their account, for every device.",
        body: portalLocaleBody,
        response: { 200: portalLocaleView, 400: errorBody },
      },
    },
    async (req) => service.set(ctx(req), req.body.locale),
  );
};
