import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { redeemSignInLinkBody, signedIn, signInLinkBody, signInLinkSent } from "../../../contract/auth.ts";
import type { Db } from "../../../db/pool.ts";
import type { Config } from "../../config.ts";
import { origin, setSessionCookie } from "../../http/access.ts";
import { errorBody } from "../../http/errors.ts";
import { presentUser } from "../../presenters/users.ts";
import type { AuthService } from "../../services/auth.service.ts";
import { LINK_MINUTES, MagicLinkService } from "../../services/magic-link.service.ts";

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
        body: signInLinkBody,
        response: { 202: signInLinkSent, 429: errorBody },
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
        body: redeemSignInLinkBody,
        response: { 200: signedIn, 400: errorBody, 410: errorBody },
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
