import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { userView } from "../../../contract/auth.ts";
import type { Db } from "../../../db/pool.ts";
import type { Config } from "../../config.ts";
import { origin, setSessionCookie } from "../../http/access.ts";
import { errorBody } from "../../http/errors.ts";
import { presentUser } from "../../presenters/users.ts";
import type { AuthService } from "../../services/auth.service.ts";
import { LINK_MINUTES, MagicLinkService } from "../../services/magic-link.service.ts";

const requestBody = z.strictObject({
  email: z.email().max(320),
  clinic: z.string().max(63).optional(),
});
const redeemBody = z.strictObject({ token: z.string().min(1).max(300) });

export const portalAuthRoutes: FastifyPluginAsyncZod<{ db: Db; config: Config; auth: AuthService }> = async (
  app,
  { db, config, auth },
) => {
  const links = new MagicLinkService(db, config);

  app.post(
    "/api/portal-auth/link",
    {
      config: { access: "public", rateLimit: { max: config.loginRateLimitPerMinute, timeWindow: 60_000 } },
      schema: {
        tags: ["auth"],
        description:
          "Sends a one-time sign-in link to a patient's e-mail. The answer is the same whether or not the address has an account.",
        body: requestBody,
        response: { 202: z.object({ message: z.string(), expiresInMinutes: z.number() }), 429: errorBody },
      },
    },
    async (req, reply) => {
      await links.request(req.body.email, req.body.clinic ?? null, origin(req));
      return reply.status(202).send({
        message: "If this address belongs to a patient account, a sign-in link is on its way.",
        expiresInMinutes: LINK_MINUTES,
      });
    },
  );

  app.post(
    "/api/portal-auth/redeem",
    {
      config: { access: "public", rateLimit: { max: config.loginRateLimitPerMinute, timeWindow: 60_000 } },
      schema: {
        tags: ["auth"],
        description: "Opens a session with a sign-in link's token (410 when it expired or was used).",
        body: redeemBody,
        response: { 200: z.object({ user: userView }), 400: errorBody, 410: errorBody },
      },
    },
    async (req, reply) => {
      const issued = await links.redeem(req.body.token, origin(req));
      // A session that came in with the request is replaced, never reused.
      if (req.principal) await auth.logout({ principal: req.principal, origin: origin(req) });
      setSessionCookie(reply, issued.token, issued.expiresAt, config.secureCookies);
      return { user: presentUser(issued.principal) };
    },
  );
};
