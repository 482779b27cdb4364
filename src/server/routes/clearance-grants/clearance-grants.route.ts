import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import {
  grantBody,
  grantList,
  idParams,
  oneGrant,
  withdrawBody,
} from "../../../contract/clearance-grants.ts";
import type { Db } from "../../../db/pool.ts";
import type { Role } from "../../../db/repositories/user.repository.ts";
import { ctx, STAFF } from "../../http/access.ts";
import { errorBody } from "../../http/errors.ts";
import { ClearanceGrantService } from "../../services/clearance-grant.service.ts";

/** Providers reach the routes; the service lets only a physician grant or withdraw. */
const PROVIDERS: readonly Role[] = ["provider"];
const tags = ["screenings"];

export const clearanceGrantRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  const grants = new ClearanceGrantService(db);

  app.post(
    "/api/screenings/:id/clearance-grants",
    {
      config: { access: PROVIDERS },
      schema: {
        tags,
        description:
          "A physician grants the clearance the screening asked for (all of its clearance reasons, with a note). " +
          "Append-only; the patient's next screening supersedes it, and a physician may withdraw it.",
        params: idParams,
        body: grantBody,
        response: {
          201: oneGrant,
          400: errorBody,
          403: errorBody,
          404: errorBody,
          409: errorBody,
        },
      },
    },
    async (req, reply) =>
      reply.status(201).send({ grant: await grants.grant(ctx(req), req.params.id, req.body) }),
  );

  app.post(
    "/api/clearance-grants/:id/withdraw",
    {
      config: { access: PROVIDERS },
      schema: {
        tags,
        description:
          "A physician withdraws a clearance grant, with a reason. The grant stays in the history, marked " +
          "withdrawn; it no longer clears the screening, so booking a session waits for clearance again.",
        params: idParams,
        body: withdrawBody,
        response: {
          200: oneGrant,
          400: errorBody,
          403: errorBody,
          404: errorBody,
          409: errorBody,
        },
      },
    },
    async (req) => ({
      grant: await grants.withdraw(ctx(req), req.params.id, req.body),
    }),
  );

  app.get(
    "/api/patients/:id/clearance-grants",
    {
      config: { access: STAFF },
      schema: {
        tags,
        params: idParams,
        response: {
          200: grantList,
          404: errorBody,
        },
      },
    },
    async (req) => grants.list(ctx(req), req.params.id),
  );
};
