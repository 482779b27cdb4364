import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import {
  activeBody,
  idParams,
  inviteBody,
  invited,
  memberAnswer,
  noContent,
  resent,
  teamView,
} from "../../../contract/staff.ts";
import { ctx, OWNER, principalOf } from "../../http/access.ts";
import { errorBody } from "../../http/errors.ts";
import type { StaffService } from "../../services/staff.service.ts";

/** The owner's team: list, invite (by e-mail; the link is never in a response), deactivate, reset. */
export const staffRoutes: FastifyPluginAsyncZod<{ staff: StaffService }> = async (app, { staff }) => {
  app.get(
    "/api/staff",
    {
      config: { access: OWNER },
      schema: {
        tags: ["staff"],
        response: {
          200: teamView,
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
          201: invited,
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
        response: { 200: resent, 404: errorBody },
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
        body: activeBody,
        response: { 200: memberAnswer, 404: errorBody, 409: errorBody },
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
        response: { 204: noContent, 404: errorBody, 409: errorBody },
      },
    },
    async (req, reply) => {
      await staff.resetSecondFactor(ctx(req), req.params.id);
      return reply.status(204).send(null);
    },
  );
};
