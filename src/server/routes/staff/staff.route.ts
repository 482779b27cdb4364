import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { OWNER, origin, principalOf } from "../../http/access.ts";
import { errorBody } from "../../http/errors.ts";
import type { AuthService } from "../../services/auth.service.ts";

const inviteBody = z
  .strictObject({
    email: z.email().max(320),
    name: z.string().trim().min(1).max(200),
    role: z.enum(["owner", "provider", "front_desk"]),
    credential: z.enum(["physician", "nurse", "aesthetician"]).nullable().default(null),
    maxNeedleDepthMm: z.number().positive().max(3).nullable().default(null),
  })
  .superRefine((v, ctx) => {
    if (v.role === "provider" && (v.credential === null || v.maxNeedleDepthMm === null)) {
      ctx.addIssue({
        code: "custom",
        path: [v.credential === null ? "credential" : "maxNeedleDepthMm"],
        message: "a provider needs a credential and the deepest needle depth their licence allows",
      });
    }
    if (v.role !== "provider" && (v.credential !== null || v.maxNeedleDepthMm !== null)) {
      ctx.addIssue({
        code: "custom",
        path: ["credential"],
        message: "only providers have a credential and depth limit",
      });
    }
  });

export const staffRoutes: FastifyPluginAsyncZod<{ auth: AuthService }> = async (app, { auth }) => {
  app.post(
    "/api/staff/invitations",
    {
      config: { access: OWNER },
      schema: {
        tags: ["staff"],
        body: inviteBody,
        response: {
          201: z.object({
            invitation: z.object({ id: z.uuid(), email: z.string(), role: z.string(), expiresAt: z.date() }),
            token: z.string(),
          }),
          409: errorBody,
        },
      },
    },
    async (req, reply) => {
      const { invitation, token } = await auth.invite(principalOf(req), req.body, origin(req));
      return reply.status(201).send({
        invitation: {
          id: invitation.id,
          email: invitation.email,
          role: invitation.role,
          expiresAt: invitation.expiresAt,
        },
        token,
      });
    },
  );
};
