import { z } from "zod";
import { instant } from "./codecs.ts";
import { endpoint } from "./endpoint.ts";

const role = z.enum(["owner", "provider", "front_desk"]);
const credential = z.enum(["physician", "nurse", "aesthetician"]);

/** An invitation by e-mail: a provider comes with a credential and the depth their licence allows. */
export const inviteBody = z
  .strictObject({
    email: z.email().max(320),
    name: z.string().trim().min(1).max(200),
    role,
    credential: credential.nullable().default(null),
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

export const activeBody = z.strictObject({ active: z.boolean() });

/** Whether the invitation e-mail went out (the link itself is never in an answer). */
export const delivery = z
  .object({ status: z.enum(["sent", "not_sent"]), reason: z.string().optional() })
  .meta({ id: "InvitationDelivery" });

export const staffMember = z
  .object({
    id: z.uuid(),
    email: z.string(),
    name: z.string(),
    role,
    credential: z.string().nullable(),
    maxNeedleDepthMm: z.number().nullable(),
    twoFactorEnabled: z.boolean(),
    disabledAt: instant.nullable(),
    createdAt: instant,
  })
  .meta({ id: "StaffMember" });

export const teamView = z.object({
  staff: z.array(staffMember),
  invitations: z.array(
    z.object({
      id: z.uuid(),
      email: z.string(),
      name: z.string(),
      role: z.string(),
      createdAt: instant,
      expiresAt: instant,
    }),
  ),
  emailConfigured: z.boolean(),
});

export const invited = z.object({
  invitation: z.object({ id: z.uuid(), email: z.string(), role: z.string(), expiresAt: instant }),
  delivery,
});
export const resent = z.object({ delivery });
export const memberAnswer = z.object({ member: staffMember });
/** An answer with no body (204). */
export const noContent = z.null();

export type StaffMember = z.output<typeof staffMember>;
export type InviteBody = z.input<typeof inviteBody>;
export type Delivery = z.output<typeof delivery>;

export const idParams = z.strictObject({ id: z.uuid() });

// Endpoints the web reads.
export const team = endpoint("GET", "/api/staff", teamView);
export const inviteStaff = endpoint("POST", "/api/staff/invitations", invited);
export const resendInvitation = endpoint("POST", "/api/staff/invitations/:id/resend", resent);
export const setStaffActive = endpoint("PUT", "/api/staff/:id/active", memberAnswer);
export const resetSecondFactor = endpoint("POST", "/api/staff/:id/two-factor/reset", noContent);
