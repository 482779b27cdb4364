import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Db } from "../../../db/pool.ts";
import type { Role } from "../../../db/repositories/user.repository.ts";
import { ctx, STAFF } from "../../http/access.ts";
import { errorBody } from "../../http/errors.ts";
import { ClearanceGrantService } from "../../services/clearance-grant.service.ts";

/** Providers reach the routes; the service lets only a physician grant or withdraw. */
const PROVIDERS: readonly Role[] = ["provider"];
const tags = ["screenings"];

const grantBody = z.strictObject({
  reasons: z
    .array(z.string().regex(/^[A-Z0-9][A-Z0-9-]{1,79}$/, "a rule id such as CI-ANTITHROMBOTIC"))
    .min(1)
    .max(20),
  note: z.string().trim().min(1, "required").max(2000),
});

const withdrawBody = z.strictObject({
  reason: z.string().trim().min(1, "required").max(2000),
});

const grantView = z.object({
  id: z.uuid(),
  patientId: z.uuid(),
  screeningId: z.uuid(),
  grantedBy: z.object({ id: z.uuid(), name: z.string().nullable() }),
  grantedAt: z.date(),
  grantedOn: z.string(),
  reasons: z.array(z.string()),
  note: z.string(),
  protocolVersion: z.string(),
  decision: z.object({
    outcome: z.string(),
    deferral: z.string(),
    deferUntil: z.string().nullable(),
    cautions: z.array(z.string()),
    prepInstructions: z.array(z.string()),
  }),
  current: z.boolean(),
  withdrawn: z
    .object({
      at: z.date(),
      by: z.object({ id: z.uuid(), name: z.string().nullable() }),
      reason: z.string(),
    })
    .nullable(),
});

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
        params: z.strictObject({ id: z.uuid() }),
        body: grantBody,
        response: {
          201: z.object({ grant: grantView }),
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
        params: z.strictObject({ id: z.uuid() }),
        body: withdrawBody,
        response: {
          200: z.object({ grant: grantView }),
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
        params: z.strictObject({ id: z.uuid() }),
        response: {
          200: z.object({
            grants: z.array(grantView),
            pending: z.object({ screeningId: z.uuid(), reasons: z.array(z.string()) }).nullable(),
          }),
          404: errorBody,
        },
      },
    },
    async (req) => grants.list(ctx(req), req.params.id),
  );
};
