/** Sign-in's shared terms: who is signed in and from where, sessions, second-factor steps, tokens. */

import { createHash, randomBytes } from "node:crypto";
import type { Db } from "../../../db/pool.ts";
import type { PublicClinic } from "../../../db/repositories/clinic.repository.ts";
import type { UserRow } from "../../../db/repositories/user.repository.ts";
import { DomainError } from "../../../domain/errors.ts";
import type { Config } from "../../config.ts";

export interface RequestOrigin {
  ip: string | null;
  userAgent: string | null;
}

export interface Principal {
  sessionId: string;
  user: UserRow;
  clinic: PublicClinic;
}

export interface IssuedSession {
  token: string;
  expiresAt: Date;
  principal: Principal;
}

/** Sign-in needs a second factor: the challenge to answer, and for a first sign-in the secret to enrol. */
export interface TwoFactorChallenge {
  challenge: string;
  method: "totp" | "enrol";
  expiresAt: Date;
  enrolment?: { secret: string; uri: string; qrCode: string };
}

export type LoginOutcome =
  | { kind: "session"; issued: IssuedSession }
  | { kind: "two_factor"; twoFactor: TwoFactorChallenge; account: Pick<Principal, "user" | "clinic"> };

export interface SecondFactorResult {
  issued: IssuedSession;
  /** Shown once, after enrolment. */
  recoveryCodes?: string[];
  /** Set when the browser asked to be trusted; goes into the device cookie. */
  deviceToken?: { token: string; expiresAt: Date };
}

export const hashToken = (token: string) => createHash("sha256").update(token).digest();
export const newToken = () => randomBytes(32).toString("base64url");
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const CHALLENGE_MINUTES = 10;
export const CHALLENGE_MAX_ATTEMPTS = 5;
export const TRUSTED_DEVICE_DAYS = 30;
/** Roles whose sign-in always needs a second factor. */
export const TWO_FACTOR_ROLES = new Set(["owner", "provider"]);

export const INVALID_CREDENTIALS = () =>
  new DomainError("unauthenticated", "invalid_credentials", "e-mail or password is not correct");
export const INVALID_CHALLENGE = () =>
  new DomainError(
    "unauthenticated",
    "challenge_expired",
    "this sign-in step has expired or was used; sign in again",
    {
      "body.challenge": "unknown, used or expired",
    },
  );

/** `<clinic id>.<random>`: the clinic is known before any row is read, so RLS scopes the lookup. */
export function splitScopedToken(token: string | undefined): { scope: string; token: string } | null {
  if (!token) return null;
  const dot = token.indexOf(".");
  const scope = token.slice(0, dot);
  return dot > 0 && UUID.test(scope) ? { scope, token } : null;
}

/** What the sign-in use cases work with: the database and the session and lockout settings. */
export interface AuthDeps {
  db: Db;
  config: Config;
}
