import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import {
  acceptInvitationBody,
  csrfToken,
  invitationAccepted,
  loginBody,
  loginResult,
  secondFactorPassed,
  signedIn,
  verifySecondFactorBody,
} from "../../../contract/auth.ts";
import type { Config } from "../../config.ts";
import { clearSessionCookie, ctx, origin, principalOf, setSessionCookie } from "../../http/access.ts";
import { errorBody } from "../../http/errors.ts";
import { presentUser } from "../../presenters/users.ts";
import type { AuthService } from "../../services/auth.service.ts";

/** Set on a browser that passed the second factor and asked to be trusted (see AuthService.login). */
export const DEVICE_COOKIE = "remodel_device";

export const authRoutes: FastifyPluginAsyncZod<{ auth: AuthService; config: Config }> = async (
  app,
  { auth, config },
) => {
  app.get(
    "/api/auth/csrf",
    {
      config: { access: "public" },
      schema: { tags: ["auth"], response: { 200: csrfToken } },
    },
    async (_req, reply) => ({ csrfToken: reply.generateCsrf() }),
  );

  app.post(
    "/api/auth/login",
    {
      config: {
        access: "public",
        rateLimit: { max: config.loginRateLimitPerMinute, timeWindow: 60_000 },
      },
      schema: {
        tags: ["auth"],
        body: loginBody,
        response: { 200: loginResult, 401: errorBody, 409: errorBody, 429: errorBody },
      },
    },
    async (req, reply) => {
      const outcome = await auth.login(
        req.body.email,
        req.body.password,
        req.body.clinic ?? null,
        origin(req),
        req.cookies[DEVICE_COOKIE],
      );
      if (outcome.kind === "two_factor") return { twoFactor: outcome.twoFactor };
      // A session that came in with the request is replaced, never reused (no fixation).
      if (req.principal) await auth.logout({ principal: req.principal, origin: origin(req) });
      setSessionCookie(reply, outcome.issued.token, outcome.issued.expiresAt, config.secureCookies);
      return { user: presentUser(outcome.issued.principal) };
    },
  );

  app.post(
    "/api/auth/login/verify",
    {
      config: {
        access: "public",
        rateLimit: { max: config.loginRateLimitPerMinute, timeWindow: 60_000 },
      },
      schema: {
        tags: ["auth"],
        description:
          "Second sign-in step for owners and providers: a code from the authenticator app (or a recovery code) answers the challenge of POST /api/auth/login. After enrolment the response carries the recovery codes, shown once.",
        body: verifySecondFactorBody,
        response: {
          200: secondFactorPassed,
          401: errorBody,
          429: errorBody,
        },
      },
    },
    async (req, reply) => {
      const result = await auth.verifySecondFactor(
        req.body.challenge,
        { code: req.body.code, recoveryCode: req.body.recoveryCode },
        req.body.rememberDevice ?? false,
        origin(req),
      );
      if (req.principal) await auth.logout({ principal: req.principal, origin: origin(req) });
      setSessionCookie(reply, result.issued.token, result.issued.expiresAt, config.secureCookies);
      if (result.deviceToken) {
        reply.setCookie(DEVICE_COOKIE, result.deviceToken.token, {
          path: "/api/auth",
          httpOnly: true,
          sameSite: "strict",
          secure: config.secureCookies,
          expires: result.deviceToken.expiresAt,
        });
      }
      return {
        user: presentUser(result.issued.principal),
        ...(result.recoveryCodes ? { recoveryCodes: result.recoveryCodes } : {}),
      };
    },
  );

  app.post(
    "/api/auth/logout",
    { config: { access: "signed-in" }, schema: { tags: ["auth"], response: { 204: z.null() } } },
    async (req, reply) => {
      await auth.logout(ctx(req));
      clearSessionCookie(reply, config.secureCookies);
      return reply.status(204).send(null);
    },
  );

  app.get(
    "/api/auth/me",
    {
      config: { access: "signed-in" },
      schema: { tags: ["auth"], response: { 200: signedIn } },
    },
    async (req) => ({ user: presentUser(principalOf(req)) }),
  );

  app.post(
    "/api/auth/accept-invitation",
    {
      config: { access: "public", rateLimit: { max: config.loginRateLimitPerMinute, timeWindow: 60_000 } },
      schema: {
        tags: ["auth"],
        description:
          "Owners and providers get no session yet: the answer carries the two-factor enrolment to complete with POST /api/auth/login/verify.",
        body: acceptInvitationBody,
        response: {
          200: invitationAccepted,
          404: errorBody,
        },
      },
    },
    async (req, reply) => {
      const outcome = await auth.acceptInvitation(req.body.token, req.body.password, origin(req));
      if (outcome.kind === "two_factor")
        return { user: presentUser(outcome.account), twoFactor: outcome.twoFactor };
      setSessionCookie(reply, outcome.issued.token, outcome.issued.expiresAt, config.secureCookies);
      return { user: presentUser(outcome.issued.principal) };
    },
  );
};
