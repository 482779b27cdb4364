// What a signed-in person reads about their own account: the sessions open in their name and
// whether they sign in with an authenticator (and how many recovery codes they have left).
import { z } from "zod";
import { instant } from "./codecs.ts";
import { endpoint } from "./endpoint.ts";

export const sessionView = z
  .object({
    id: z.uuid(),
    createdAt: instant,
    lastSeenAt: instant,
    expiresAt: instant,
    ip: z.string().nullable(),
    userAgent: z.string().nullable(),
    /** The browser and system the user agent names ("Safari", "iOS"); null when it names none. */
    browser: z.string().nullable(),
    system: z.string().nullable(),
    current: z.boolean(),
  })
  .meta({ id: "Session" });

export const sessionList = z.object({ sessions: z.array(sessionView) });
export const twoFactorStatus = z.object({ enabled: z.boolean(), recoveryCodesLeft: z.number().int() });
export const recoveryCodes = z.object({ recoveryCodes: z.array(z.string()) });
export const sessionParams = z.strictObject({ id: z.uuid() });
export const otherSessionsEnded = z.object({ revoked: z.number().int() });

// Endpoints the web calls.
export const openSessions = endpoint("GET", "/api/auth/sessions", sessionList);
export const twoFactor = endpoint("GET", "/api/auth/two-factor", twoFactorStatus);
export const newRecoveryCodes = endpoint("POST", "/api/auth/two-factor/recovery-codes", recoveryCodes);
/** Ends one of the caller's sessions (204; the current one signs out). */
export const endSession = endpoint("DELETE", "/api/auth/sessions/:id", z.null());
/** Signs out everywhere else: every other session and every trusted browser. */
export const endOtherSessions = endpoint("DELETE", "/api/auth/sessions", otherSessionsEnded);
