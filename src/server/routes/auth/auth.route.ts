import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Config } from "../../config.ts";
import { clearSessionCookie, origin, principalOf, setSessionCookie } from "../../http/access.ts";
import { errorBody } from "../../http/errors.ts";
import type { AuthService, Principal } from "../../services/auth.service.ts";
import { acceptInvitationBody, loginBody, userView } from "./auth.schema.ts";

export function presentUser(p: Principal): z.infer<typeof userView> {
  const { user, clinic } = p;
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    credential: user.credential,
    maxNeedleDepthMm: user.maxNeedleDepthMm,
    patientId: user.patientId,
    clinic: { id: clinic.id, name: clinic.name, slug: clinic.slug, timeZone: clinic.timeZone },
  };
}

export const authRoutes: FastifyPluginAsyncZod<{ auth: AuthService; config: Config }> = async (
  app,
  { auth, config },
) => {
  app.get(
    "/api/auth/csrf",
    {
      config: { access: "public" },
      schema: { tags: ["auth"], response: { 200: z.object({ csrfToken: z.string() }) } },
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
        response: { 200: z.object({ user: userView }), 401: errorBody, 409: errorBody, 429: errorBody },
      },
    },
    async (req, reply) => {
      const issued = await auth.login(
        req.body.email,
        req.body.password,
        req.body.clinic ?? null,
        origin(req),
      );
      // A session that came in with the request is replaced, never reused (no fixation).
      if (req.principal) await auth.logout(req.principal, origin(req));
      setSessionCookie(reply, issued.token, issued.expiresAt, config.secureCookies);
      return { user: presentUser(issued.principal) };
    },
  );

  app.post(
    "/api/auth/logout",
    { config: { access: "signed-in" }, schema: { tags: ["auth"], response: { 204: z.null() } } },
    async (req, reply) => {
      await auth.logout(principalOf(req), origin(req));
      clearSessionCookie(reply, config.secureCookies);
      return reply.status(204).send(null);
    },
  );

  app.get(
    "/api/auth/me",
    {
      config: { access: "signed-in" },
      schema: { tags: ["auth"], response: { 200: z.object({ user: userView }) } },
    },
    async (req) => ({ user: presentUser(principalOf(req)) }),
  );

  app.post(
    "/api/auth/accept-invitation",
    {
      config: { access: "public", rateLimit: { max: config.loginRateLimitPerMinute, timeWindow: 60_000 } },
      schema: {
        tags: ["auth"],
        body: acceptInvitationBody,
        response: { 200: z.object({ user: userView }), 404: errorBody },
      },
    },
    async (req, reply) => {
      const issued = await auth.acceptInvitation(req.body.token, req.body.password, origin(req));
      setSessionCookie(reply, issued.token, issued.expiresAt, config.secureCookies);
      return { user: presentUser(issued.principal) };
    },
  );
};
