import { z } from "zod";
import { instant } from "./codecs.ts";
import { endpoint } from "./endpoint.ts";

export const loginBody = z.strictObject({
  email: z.email().max(320),
  password: z.string().min(1).max(1024),
  clinic: z.string().max(63).optional(),
});

export const acceptInvitationBody = z.strictObject({
  token: z.string().min(10).max(200),
  password: z.string().min(10, "at least 10 characters").max(1024),
});

export const userView = z
  .object({
    id: z.uuid(),
    email: z.string(),
    name: z.string(),
    role: z.enum(["owner", "provider", "front_desk", "patient"]),
    credential: z.enum(["physician", "nurse", "aesthetician"]).nullable(),
    maxNeedleDepthMm: z.number().nullable(),
    patientId: z.uuid().nullable(),
    clinic: z.object({ id: z.uuid(), name: z.string(), slug: z.string(), timeZone: z.string() }),
  })
  .meta({ id: "User" });

export const verifySecondFactorBody = z
  .strictObject({
    challenge: z.string().min(20).max(200),
    code: z
      .string()
      .regex(/^\d{6}$/, "six digits from the authenticator app")
      .optional(),
    recoveryCode: z.string().min(16).max(40).optional(),
    rememberDevice: z.boolean().optional(),
  })
  .refine((b) => (b.code === undefined) !== (b.recoveryCode === undefined), {
    path: ["code"],
    message: "give either code or recoveryCode",
  });

export const twoFactorView = z
  .object({
    challenge: z.string(),
    method: z.enum(["totp", "enrol"]),
    expiresAt: instant,
    enrolment: z
      .object({
        secret: z.string(),
        uri: z.string(),
        qrCode: z.string().describe("SVG data URL of the otpauth:// URI"),
      })
      .optional(),
  })
  .meta({ id: "TwoFactorChallenge" });

/** Either the signed-in user, or the second-factor step that stands before the session. */
export const loginResult = z.object({ user: userView.optional(), twoFactor: twoFactorView.optional() });

export const csrfToken = z.object({ csrfToken: z.string() });

// Endpoints the web reads.
export const csrf = endpoint("GET", "/api/auth/csrf", csrfToken);
