import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { ctx, OWNER, principalOf } from "../../http/access.ts";
import { errorBody } from "../../http/errors.ts";
import type { StaffService } from "../../services/staff.service.ts";

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

const delivery = z
  .object({ status: z.enum(["sent", "not_sent"]), reason: z.string().optional() })
  .meta({ id: "InvitationDelivery" });

const staffMember = z
  .object({
    id: z.uuid(),
    email: z.string(),
    name: z.string(),
    role: z.enum(["owner", "provider", "front_desk"]),
    credential: z.string().nullable(),
    maxNeedleDepthMm: z.number().nullable(),
    twoFactorEnabled: z.boolean(),
    disabledAt: z.date().nullable(),
    createdAt: z.date(),
  })
  .meta({ id: "StaffMember" });

const idParams = z.strictObject({ id: z.uuid() });

/** The owner's team: list, invite (by e-mail; the link is never in a response), deactivate, reset. */
export const staffRoutes: FastifyPluginAsyncZod<{ staff: StaffService }> = async (app, { staff }) => {
  app.get(
    "/api/staff",
    {
      config: { access: OWNER },
      schema: {
        tags: ["staff"],
        response: {
          200: z.object({
            staff: z.array(staffMember),
            invitations: z.array(
              z.object({
                id: z.uuid(),
                email: z.string(),
                name: z.string(),
                role: z.string(),
                createdAt: z.date(),
                expiresAt: z.date(),
              }),
            ),
            emailConfigured: z.boolean(),
          }),
        },
      },
    },
    async (req) => staff.list(principalOf(req)),
  );

  app.post(
    "/api/staff/invitations",
    {
      config: { access: OWNER },
      schema: {
        tags: ["staff"],
        description:
          "Invites a staff member by e-mail. The invitation link goes only into the e-mail; it is never returned or stored.",
        body: inviteBody,
        response: {
          201: z.object({
            invitation: z.object({ id: z.uuid(), email: z.string(), role: z.string(), expiresAt: z.date() }),
            delivery,
          }),
          409: errorBody,
        },
      },
    },
    async (req, reply) => {
      const { invitation, delivery } = await staff.invite(ctx(req), req.body);
      return reply.status(201).send({
        invitation: {
          id: invitation.id,
          email: invitation.email,
          role: invitation.role,
          expiresAt: invitation.expiresAt,
        },
        delivery,
      });
    },
  );

  app.post(
    "/api/staff/invitations/:id/resend",
    {
      config: { access: OWNER },
      schema: {
        tags: ["staff"],
        description: "Sends an open invitation again with a new link; the old link stops working.",
        params: idParams,
        response: { 200: z.object({ delivery }), 404: errorBody },
      },
    },
    async (req) => staff.resend(ctx(req), req.params.id),
  );

  app.put(
    "/api/staff/:id/active",
    {
      config: { access: OWNER },
      schema: {
        tags: ["staff"],
        description: "Deactivates (their sessions end, they cannot sign in) or reactivates a staff member.",
        params: idParams,
        body: z.strictObject({ active: z.boolean() }),
        response: { 200: z.object({ member: staffMember }), 404: errorBody, 409: errorBody },
      },
    },
    async (req) => ({
      member: await staff.setActive(ctx(req), req.params.id, req.body.active),
    }),
  );

  app.post(
    "/api/staff/:id/two-factor/reset",
    {
      config: { access: OWNER },
      schema: {
        tags: ["staff"],
        description:
          "Clears a staff member's authenticator, recovery codes and trusted browsers and ends their sessions; their next sign-in enrols a new authenticator. Audited.",
        params: idParams,
        response: { 204: z.null(), 404: errorBody, 409: errorBody },
      },
    },
    async (req, reply) => {
      await staff.resetSecondFactor(ctx(req), req.params.id);
      return reply.status(204).send(null);
    },
  );
};
