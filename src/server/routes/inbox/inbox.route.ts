import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Db } from "../../../db/pool.ts";
import { origin, principalOf, STAFF } from "../../http/access.ts";
import { errorBody } from "../../http/errors.ts";
import { InboxService } from "../../services/inbox.service.ts";

const inboxItem = z.object({
  id: z.uuid(),
  patientId: z.uuid(),
  patientName: z.string(),
  chartId: z.uuid(),
  sessionDate: z.string(),
  point: z.string(),
  triage: z.enum(["red-flag", "watch", "expected"]),
  flags: z.array(z.object({ id: z.string(), level: z.string() })),
  answers: z.record(z.string(), z.unknown()),
  photo: z
    .object({ id: z.uuid(), removed: z.boolean() })
    .nullable()
    .describe("The patient's photo sent with the check-in (GET /api/photos/:id/image, clinicians only)."),
  createdAt: z.string(),
  acknowledgedAt: z.string().nullable(),
});

export const inboxRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  const service = new InboxService(db);
  app.get(
    "/api/inbox",
    {
      config: { access: STAFF },
      schema: {
        tags: ["inbox"],
        description: "Patients' check-ins: open red flags first, then open ones to watch, then the rest.",
        querystring: z.strictObject({
          limit: z.coerce.number().int().min(1).max(200).default(50),
          all: z.enum(["true", "false"]).default("false"),
        }),
        response: { 200: z.object({ openRedFlags: z.number(), items: z.array(inboxItem) }) },
      },
    },
    async (req) =>
      service.list(principalOf(req), origin(req), {
        limit: req.query.limit,
        includeClosed: req.query.all === "true",
      }),
  );
  app.post(
    "/api/inbox/:id/acknowledge",
    {
      config: { access: STAFF },
      schema: {
        tags: ["inbox"],
        params: z.strictObject({ id: z.uuid() }),
        response: {
          200: z.object({ id: z.uuid(), acknowledgedAt: z.string().nullable() }),
          404: errorBody,
          409: errorBody,
        },
      },
    },
    async (req) => service.acknowledge(principalOf(req), origin(req), req.params.id),
  );
};
