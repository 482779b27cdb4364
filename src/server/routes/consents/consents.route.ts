import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import {
  consentSigned,
  consentStatusView,
  idParams,
  newTemplateAnswer,
  newTemplateBody,
  signBody,
  templateList,
} from "../../../contract/consents.ts";
import type { Db } from "../../../db/pool.ts";
import { ctx, OWNER, PATIENT, principalOf, readersOf, STAFF } from "../../http/access.ts";
import { errorBody } from "../../http/errors.ts";
import { ConsentService } from "../../services/consent.service.ts";

export const consentRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  const consents = new ConsentService(db);

  app.get(
    "/api/consent-templates",
    {
      config: { access: STAFF },
      schema: {
        tags: ["consents"],
        description:
          "The current version of each kind; with history=true (owner only) every version, newest first.",
        querystring: z.strictObject({ history: z.enum(["true", "false"]).default("false") }),
        response: { 200: templateList, 403: errorBody },
      },
    },
    async (req, reply) => {
      const principal = principalOf(req);
      if (req.query.history === "false") return { templates: await consents.templates(ctx(req)) };
      if (principal.user.role !== "owner")
        return reply.status(403).send({ error: "forbidden", message: "only an owner reads the history" });
      return { templates: await consents.templateHistory(ctx(req)) };
    },
  );

  app.post(
    "/api/consent-templates",
    {
      config: { access: OWNER },
      schema: {
        tags: ["consents"],
        body: newTemplateBody,
        response: { 201: newTemplateAnswer, 400: errorBody },
      },
    },
    async (req, reply) =>
      reply.status(201).send({ template: await consents.newTemplateVersion(ctx(req), req.body) }),
  );

  app.get(
    "/api/patients/:id/consents",
    {
      config: { access: readersOf("consent") },
      schema: { tags: ["consents"], params: idParams, response: { 200: consentStatusView, 404: errorBody } },
    },
    async (req) => consents.status(ctx(req), req.params.id),
  );

  // Signed by the patient on a clinic tablet, with staff present.
  app.post(
    "/api/patients/:id/consents",
    {
      config: { access: STAFF },
      schema: {
        tags: ["consents"],
        params: idParams,
        body: signBody,
        response: { 201: consentSigned, 400: errorBody, 404: errorBody, 409: errorBody },
      },
    },
    async (req, reply) =>
      reply.status(201).send({
        consent: await consents.sign(ctx(req), req.params.id, req.body, "tablet"),
      }),
  );

  app.get(
    "/api/consents/:id/pdf",
    { config: { access: readersOf("consent") }, schema: { tags: ["consents"], params: idParams } },
    async (req, reply) =>
      reply.type("application/pdf").send(await consents.pdf(ctx(req), req.params.id, false)),
  );

  app.get(
    "/api/portal/consents",
    { config: { access: PATIENT }, schema: { tags: ["consents"], response: { 200: consentStatusView } } },
    async (req) => consents.ownStatus(ctx(req)),
  );

  app.post(
    "/api/portal/consents",
    {
      config: { access: PATIENT },
      schema: {
        tags: ["consents"],
        body: signBody,
        response: { 201: consentSigned, 400: errorBody, 409: errorBody },
      },
    },
    async (req, reply) => reply.status(201).send({ consent: await consents.ownSign(ctx(req), req.body) }),
  );

  app.get(
    "/api/portal/consents/:id/pdf",
    { config: { access: PATIENT }, schema: { tags: ["consents"], params: idParams } },
    async (req, reply) =>
      reply.type("application/pdf").send(await consents.pdf(ctx(req), req.params.id, true)),
  );
};
