/** The owner's register of FHIR API clients: create (the secret is shown once), list, revoke. */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import {
  apiClientList,
  idParams,
  newApiClientAnswer,
  newApiClientBody,
  revokedApiClient,
} from "../../../contract/api-clients.ts";
import type { Db } from "../../../db/pool.ts";
import { ctx, OWNER } from "../../http/access.ts";
import { errorBody } from "../../http/errors.ts";
import { ApiClientService } from "../../services/api-client.service.ts";

export const apiClientRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  const clients = new ApiClientService(db);

  app.get(
    "/api/api-clients",
    {
      config: { access: OWNER },
      schema: { tags: ["api-clients"], response: { 200: apiClientList } },
    },
    async (req) => ({ clients: await clients.list(ctx(req)) }),
  );

  app.post(
    "/api/api-clients",
    {
      config: { access: OWNER },
      schema: {
        tags: ["api-clients"],
        description:
          "Registers an API client of the FHIR API for this clinic. With `jwks` (its public keys) the client authenticates by private_key_jwt (SMART Backend Services); without, the answer carries a client secret, once, kept only hashed. Scopes are SMART system scopes (system/Patient.rs, system/*.read, system/*.cud).",
        body: newApiClientBody,
        response: { 201: newApiClientAnswer, 400: errorBody },
      },
    },
    async (req, reply) => {
      const created = await clients.create(ctx(req), req.body);
      return reply.status(201).send(created);
    },
  );

  app.delete(
    "/api/api-clients/:id",
    {
      config: { access: OWNER },
      schema: {
        tags: ["api-clients"],
        description: "Revokes a client: its tokens stop working at once and it cannot get new ones.",
        params: idParams,
        response: { 200: revokedApiClient, 404: errorBody },
      },
    },
    async (req) => ({ client: await clients.revoke(ctx(req), req.params.id) }),
  );
};
