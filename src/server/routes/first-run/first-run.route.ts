import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { firstRunBody, firstRunCreated, firstRunStatus } from "../../../contract/first-run.ts";
import type { Config } from "../../config.ts";
import { errorBody } from "../../http/errors.ts";
import type { FirstRunService } from "../../services/first-run.service.ts";

/** The first-run set-up page's API: open only while no clinic exists, and only with the logged token. */
export const firstRunRoutes: FastifyPluginAsyncZod<{ firstRun: FirstRunService; config: Config }> = async (
  app,
  { firstRun, config },
) => {
  app.get(
    "/api/first-run",
    {
      config: { access: "public" },
      schema: {
        tags: ["first-run"],
        description: "Whether this installation still waits for its first clinic.",
        response: { 200: firstRunStatus },
      },
    },
    async () => ({ open: await firstRun.isOpen() }),
  );

  app.post(
    "/api/first-run",
    {
      config: { access: "public", rateLimit: { max: config.loginRateLimitPerMinute, timeWindow: 60_000 } },
      schema: {
        tags: ["first-run"],
        description:
          "Creates the first clinic, its first location and its owner, with the one-time token the server printed at start. The answer is the owner's authenticator enrolment, finished with POST /api/auth/login/verify.",
        body: firstRunBody,
        response: { 201: firstRunCreated, 400: errorBody, 404: errorBody },
      },
    },
    async (req, reply) => {
      const { token, clinic, owner } = req.body;
      const outcome = await firstRun.createClinic(token, clinic, owner, {
        ip: req.ip ?? null,
        userAgent:
          typeof req.headers["user-agent"] === "string" ? req.headers["user-agent"].slice(0, 400) : null,
      });
      if (outcome.kind !== "two_factor") throw new Error("an owner always enrols a second factor");
      return reply.status(201).send({ twoFactor: outcome.twoFactor });
    },
  );
};
