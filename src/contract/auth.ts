import { z } from "zod";
import { instant } from "./codecs.ts";
import { action, endpoint, write } from "./endpoint.ts";

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

/** The signed-in person as the web holds them, and the clinic they work for or are a patient of. */
export type SessionUser = z.output<typeof userView>;
export type ClinicSummary = SessionUser["clinic"];

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

export type LoginResult = z.output<typeof loginResult>;
export type TwoFactorStep = NonNullable<LoginResult["twoFactor"]>;

/** The second step answered: the session's user, and after enrolment the recovery codes (shown once). */
export const secondFactorPassed = z.object({ user: userView, recoveryCodes: z.array(z.string()).optional() });

/** The signed-in user (GET /api/auth/me, a redeemed sign-in link). */
export const signedIn = z.object({ user: userView });

/** An accepted invitation: the new account, and for owners and providers the enrolment still to do. */
export const invitationAccepted = z.object({ user: userView, twoFactor: twoFactorView.optional() });

export const csrfToken = z.object({ csrfToken: z.string() });

/** A patient asks for a one-time sign-in link by e-mail (the same answer whether or not they have an account). */
export const signInLinkBody = z.strictObject({
  email: z.email().max(320),
  clinic: z.string().max(63).optional(),
});
export const signInLinkSent = z.object({ message: z.string(), expiresInMinutes: z.number() });
export const redeemSignInLinkBody = z.strictObject({ token: z.string().min(1).max(300) });

export const passwordChangeBody = z.strictObject({
  currentPassword: z.string().min(1).max(1024),
  newPassword: z.string().min(10, "at least 10 characters").max(1024),
});

// Endpoints the web reads.
export const csrf = endpoint("GET", "/api/auth/csrf", csrfToken);
export const currentUser = endpoint("GET", "/api/auth/me", signedIn);

// Writes the web sends.
export const login = action("POST", "/api/auth/login", loginBody, loginResult);
export const verifySecondFactor = action(
  "POST",
  "/api/auth/login/verify",
  verifySecondFactorBody,
  secondFactorPassed,
);
/** Ends the session (204, no body). */
export const logout = endpoint("POST", "/api/auth/logout", z.null());
export const acceptInvitation = action(
  "POST",
  "/api/auth/accept-invitation",
  acceptInvitationBody,
  invitationAccepted,
);
export const requestSignInLink = action("POST", "/api/portal-auth/link", signInLinkBody, signInLinkSent);
export const redeemSignInLink = action("POST", "/api/portal-auth/redeem", redeemSignInLinkBody, signedIn);
/** Changes the caller's password (204); every other session of theirs ends. */
export const changePassword = write("PUT", "/api/auth/password", passwordChangeBody);
