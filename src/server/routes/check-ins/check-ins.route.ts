import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Db } from "../../../db/pool.ts";
import { SEVERITIES } from "../../../domain/patient/triage.ts";
import { origin, PATIENT, principalOf } from "../../http/access.ts";
import { errorBody } from "../../http/errors.ts";
import { CheckInService } from "../../services/check-in.service.ts";

const severity = z.enum(SEVERITIES);
const checkInBody = z.strictObject({
  chartId: z.uuid(),
  answers: z.strictObject({
    redness: severity,
    swelling: severity,
    pain: z.number().int().min(0).max(10),
    painIncreasing: z.boolean(),
    warmthOrPus: z.boolean(),
    fever: z.boolean(),
    blistersOrColdSore: z.boolean(),
    bumpsOrDarkPatches: z.boolean(),
  }),
});

const advice = z.object({ id: z.string(), text: z.string(), source: z.array(z.string()) });
const checkInResult = z.object({
  id: z.uuid(),
  chartId: z.uuid(),
  point: z.enum(["day-1", "day-3", "week-1"]),
  triage: z.enum(["red-flag", "watch", "expected"]),
  flags: z.array(z.object({ id: z.string(), field: z.string(), level: z.enum(["red-flag", "watch"]) })),
  warning: advice.nullable(),
  expected: z.array(advice),
  protocolVersion: z.string(),
  clinicPhone: z.string().nullable(),
  createdAt: z.string(),
});

export const checkInRoutes: FastifyPluginAsyncZod<{ db: Db; publicUrl: string }> = async (
  app,
  { db, publicUrl },
) => {
  const service = new CheckInService(db, publicUrl);
  app.post(
    "/api/portal/check-ins",
    {
      config: { access: PATIENT },
      schema: {
        tags: ["portal"],
        description:
          "A check-in after one of the patient's own signed sessions (day 1, day 3 or week 1, chosen by the time since the session). A red flag alerts the clinic at once.",
        body: checkInBody,
        response: { 201: checkInResult, 400: errorBody, 404: errorBody, 409: errorBody },
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(await service.submit(principalOf(req), origin(req), req.body.chartId, req.body.answers)),
  );
};
