/**
 * Sign-in, sessions and invitations. A session token is 32 random bytes given to the browser
 * in an HttpOnly cookie; the database keeps only its SHA-256, so a leaked table opens nothing.
 * The use cases live in `./auth/` (sign in, second factor, sessions, invitations); this service
 * gathers them for the routes and holds the one batch of session checks of this app server.
 */
import type { Db } from "../../db/pool.ts";
import type { Config } from "../config.ts";
import { newTotpSecret } from "../security/totp.ts";
import { acceptInvitation } from "./auth/invitations.ts";
import type {
  AuthDeps,
  IssuedSession,
  LoginOutcome,
  Principal,
  RequestOrigin,
  SecondFactorResult,
} from "./auth/model.ts";
import { authenticate, logout, type SessionChecks, sessionCheckQueue } from "./auth/sessions.ts";
import { login } from "./auth/sign-in.ts";
import { challenge, verifySecondFactor } from "./auth/two-factor.ts";
import { primeDecoy } from "./passwords.ts";
import type { RequestContext } from "./request-context.ts";

export type {
  IssuedSession,
  LoginOutcome,
  Principal,
  RequestOrigin,
  SecondFactorResult,
  TwoFactorChallenge,
} from "./auth/model.ts";

export class AuthService {
  readonly #deps: AuthDeps;
  /** Session checks of requests arriving together go in one statement (see `sessionCheckQueue`). */
  readonly #sessionChecks: SessionChecks;

  constructor(db: Db, config: Config) {
    this.#deps = { db, config };
    this.#sessionChecks = sessionCheckQueue(this.#deps);
    // The decoy hash for unknown e-mails is made now, not during the first such sign-in.
    primeDecoy().catch(() => {});
  }

  /** Password sign-in; owners and providers then answer a second factor (see `login`). */
  login(
    email: string,
    password: string,
    clinicSlug: string | null,
    origin: RequestOrigin,
    deviceToken?: string,
  ): Promise<LoginOutcome> {
    return login(this.#deps, email, password, clinicSlug, origin, deviceToken);
  }

  /** The authenticator enrolment of a new owner (the first-run set-up page). */
  startEnrolment(clinicId: string, userId: string): Promise<LoginOutcome> {
    return challenge(this.#deps, clinicId, userId, newTotpSecret());
  }

  verifySecondFactor(
    challengeToken: string,
    answer: { code?: string | undefined; recoveryCode?: string | undefined },
    rememberDevice: boolean,
    origin: RequestOrigin,
  ): Promise<SecondFactorResult> {
    return verifySecondFactor(this.#deps, challengeToken, answer, rememberDevice, origin);
  }

  /** The principal behind a session token, or null; past the rotation age, a new token too. */
  authenticate(
    token: string,
    origin: RequestOrigin,
  ): Promise<{ principal: Principal; rotated?: IssuedSession } | null> {
    return authenticate(this.#deps, this.#sessionChecks, token, origin);
  }

  logout(ctx: RequestContext): Promise<void> {
    return logout(this.#deps, ctx);
  }

  /** Owners and providers enrol their second factor before their first session. */
  acceptInvitation(token: string, password: string, origin: RequestOrigin): Promise<LoginOutcome> {
    return acceptInvitation(this.#deps, token, password, origin);
  }
}
