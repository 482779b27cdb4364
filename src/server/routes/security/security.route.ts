import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import {
  otherSessionsEnded,
  recoveryCodes,
  sessionList,
  sessionParams,
  twoFactorStatus,
} from "../../../contract/account.ts";
import type { Db } from "../../../db/pool.ts";
import type { Config } from "../../config.ts";
import { clearSessionCookie, ctx, origin, principalOf } from "../../http/access.ts";
import { errorBody } from "../../http/errors.ts";
import { presentSession } from "../../presenters/sessions.ts";
import { AccountSecurityService } from "../../security/account-security.service.ts";

export const securityRoutes: FastifyPluginAsyncZod<{ db: Db; config: Config }> = async (
  app,
  { db, config },
) => {
  const service = new AccountSecurityService(db);

  app.get(
    "/api/auth/sessions",
    {
      config: { access: "signed-in" },
      schema: {
        tags: ["auth"],
        description: "The caller's open sessions, newest activity first.",
        response: { 200: sessionList },
      },
    },
    async (req) => ({ sessions: (await service.sessions(principalOf(req))).map(presentSession) }),
  );

  app.delete(
    "/api/auth/sessions/:id",
    {
      config: { access: "signed-in" },
      schema: {
        tags: ["auth"],
        description: "Revokes one of the caller's sessions (the current one signs out).",
        params: sessionParams,
        response: { 204: z.null(), 404: errorBody },
      },
    },
    async (req, reply) => {
      const p = principalOf(req);
      await service.revokeSession(p, req.params.id, origin(req));
      if (req.params.id === p.sessionId) clearSessionCookie(reply, config.secureCookies);
      return reply.status(204).send(null);
    },
  );

  app.delete(
    "/api/auth/sessions",
    {
      config: { access: "signed-in" },
      schema: {
        tags: ["auth"],
        description: "Signs out everywhere else: every other session and every trusted browser.",
        response: { 200: otherSessionsEnded },
      },
    },
    async (req) => service.revokeOthers(ctx(req)),
  );

  app.get(
    "/api/auth/two-factor",
    {
      config: { access: "signed-in" },
      schema: {
        tags: ["auth"],
        response: { 200: twoFactorStatus },
      },
    },
    async (req) => service.twoFactorStatus(principalOf(req)),
  );

  app.post(
    "/api/auth/two-factor/recovery-codes",
    {
      config: { access: "signed-in", rateLimit: { max: config.loginRateLimitPerMinute, timeWindow: 60_000 } },
      schema: {
        tags: ["auth"],
        description: "Replaces the recovery codes; confirm with a current authenticator code.",
        body: z.strictObject({ code: z.string().regex(/^\d{6}$/, "six digits from the authenticator app") }),
        response: { 200: recoveryCodes, 403: errorBody, 409: errorBody },
      },
    },
    async (req) => ({
      recoveryCodes: await service.regenerateRecoveryCodes(ctx(req), req.body.code),
    }),
  );
};
