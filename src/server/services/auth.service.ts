/**
 * Sign-in, sessions and invitations. A session token is 32 random bytes given to the browser
 * in an HttpOnly cookie; the database keeps only its SHA-256, so a leaked table opens nothing.
 */
import { createHash, randomBytes } from "node:crypto";
import { type Db, withClinic, withoutClinic } from "../../db/pool.ts";
import { appendAudit } from "../../db/repositories/audit.repository.ts";
import { getCurrentClinic, type PublicClinic } from "../../db/repositories/clinic.repository.ts";
import { giveDefaultProviderHours } from "../../db/repositories/clinic-profile.repository.ts";
import {
  acceptInvitation,
  findInvitationClinic,
  insertInvitation,
} from "../../db/repositories/invitation.repository.ts";
import {
  clearSignInFailures,
  closeChallenge,
  countChallengeAttempt,
  enableTotp,
  findOpenChallenge,
  getSignInState,
  insertChallenge,
  insertTrustedDevice,
  isTrustedDevice,
  replaceRecoveryCodes,
} from "../../db/repositories/security.repository.ts";
import {
  type CheckedSession,
  checkSessions,
  insertSession,
  revokeSession,
} from "../../db/repositories/session.repository.ts";
import {
  type Credential,
  emailTaken,
  findAccountsByEmail,
  getUser,
  insertUser,
  type Role,
  type UserRow,
} from "../../db/repositories/user.repository.ts";
import { DomainError } from "../../domain/errors.ts";
import type { Config } from "../config.ts";
import { checkSecondFactor, recordCredentialFailure } from "../security/second-factor.ts";
import {
  hashRecoveryCode,
  matchTotp,
  newRecoveryCodes,
  newTotpSecret,
  totpQrDataUrl,
  totpUri,
} from "../security/totp.ts";
import { BatchQueue } from "./batch-queue.ts";
import { burnVerification, hashPassword, primeDecoy, verifyPassword } from "./passwords.ts";

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

const hashToken = (token: string) => createHash("sha256").update(token).digest();
const newToken = () => randomBytes(32).toString("base64url");
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const CHALLENGE_MINUTES = 10;
const CHALLENGE_MAX_ATTEMPTS = 5;
const TRUSTED_DEVICE_DAYS = 30;
/** Roles whose sign-in always needs a second factor. */
const TWO_FACTOR_ROLES = new Set(["owner", "provider"]);

const INVALID_CREDENTIALS = () =>
  new DomainError("unauthenticated", "invalid_credentials", "e-mail or password is not correct");
const INVALID_CHALLENGE = () =>
  new DomainError(
    "unauthenticated",
    "challenge_expired",
    "this sign-in step has expired or was used; sign in again",
    {
      "body.challenge": "unknown, used or expired",
    },
  );

/** `<clinic id>.<random>`: the clinic is known before any row is read, so RLS scopes the lookup. */
function splitScopedToken(token: string | undefined): { scope: string; token: string } | null {
  if (!token) return null;
  const dot = token.indexOf(".");
  const scope = token.slice(0, dot);
  return dot > 0 && UUID.test(scope) ? { scope, token } : null;
}

export class AuthService {
  readonly #db: Db;
  readonly #config: Config;
  /**
   * Session checks of requests arriving together go in one statement (natural batching, as for
   * bookings: a request alone is checked at once); the same token twice is checked once.
   */
  readonly #sessionChecks = new BatchQueue<Buffer, CheckedSession | null>({
    maxBatch: 256,
    maxRunning: 2,
    run: async (_key, hashes) => {
      const distinct = [...new Map(hashes.map((h) => [h.toString("hex"), h])).values()];
      const found = await checkSessions(this.#db, distinct, this.#config.session);
      const byHash = new Map(distinct.map((h, i) => [h.toString("hex"), found[i] ?? null]));
      return hashes.map((h) => ({ ok: true as const, value: byHash.get(h.toString("hex")) ?? null }));
    },
  });

  constructor(db: Db, config: Config) {
    this.#db = db;
    this.#config = config;
    // The decoy hash for unknown e-mails is made now, not during the first such sign-in.
    primeDecoy().catch(() => {});
  }

  #expiry(createdAt: Date, now = new Date()): Date {
    const idle = now.getTime() + this.#config.session.idleMinutes * 60_000;
    const absolute = createdAt.getTime() + this.#config.session.maxHours * 3_600_000;
    return new Date(Math.min(idle, absolute));
  }

  /**
   * Checks a password against every account with this e-mail; exactly one must match. An account
   * locked after repeated failures is not checked at all (the answer is the same as for a wrong
   * password, so a lock reveals nothing). Owners and providers then answer a second factor,
   * unless this browser was trusted after an earlier one.
   */
  async login(
    email: string,
    password: string,
    clinicSlug: string | null,
    origin: RequestOrigin,
    deviceToken?: string,
  ): Promise<LoginOutcome> {
    const found = (await withoutClinic(this.#db, (tx) => findAccountsByEmail(tx, email))).filter(
      (a) => clinicSlug === null || a.clinicSlug === clinicSlug,
    );
    const accounts = [];
    for (const a of found) {
      const state = await withClinic(this.#db, { clinicId: a.clinicId }, (tx) =>
        getSignInState(tx, a.userId),
      );
      if (state && !state.lockedUntil) accounts.push({ ...a, state });
    }
    if (accounts.length === 0) {
      // The same work as a wrong password: one argon2 verification, and the two transactions
      // (reading the account's state, recording the failure) as statements that find nothing.
      await burnVerification(password);
      if (found.length === 0)
        for (let i = 0; i < 2; i++) await withoutClinic(this.#db, (tx) => findAccountsByEmail(tx, email));
      throw INVALID_CREDENTIALS();
    }
    const matches = [];
    for (const a of accounts) if (await verifyPassword(a.passwordHash, password)) matches.push(a);
    if (matches.length === 0) {
      for (const a of accounts) await this.#recordFailure(a.clinicId, a.userId, origin, "password");
      throw INVALID_CREDENTIALS();
    }
    if (matches.length > 1) {
      throw new DomainError(
        "conflict",
        "choose_clinic",
        "this account exists at several clinics; say which one",
        {
          "body.clinic": `one of: ${matches.map((m) => m.clinicSlug).join(", ")}`,
        },
      );
    }
    const account = matches[0]!;
    const needsSecondFactor = TWO_FACTOR_ROLES.has(account.state.role) || account.state.totpEnabled;
    if (!needsSecondFactor)
      return { kind: "session", issued: await this.#signedIn(account, origin, "password") };
    const device = splitScopedToken(deviceToken);
    if (device && device.scope === account.userId) {
      const trusted = await withClinic(this.#db, { clinicId: account.clinicId }, (tx) =>
        isTrustedDevice(tx, account.userId, hashToken(device.token)),
      );
      if (trusted)
        return { kind: "session", issued: await this.#signedIn(account, origin, "trusted_device") };
    }
    return this.#challenge(
      account.clinicId,
      account.userId,
      account.state.totpEnabled ? null : newTotpSecret(),
    );
  }

  /** Password accepted: the failure count starts again and a session is issued. */
  async #signedIn(
    account: { clinicId: string; userId: string },
    origin: RequestOrigin,
    factor: string,
  ): Promise<IssuedSession> {
    await withClinic(this.#db, { clinicId: account.clinicId }, (tx) =>
      clearSignInFailures(tx, account.userId),
    );
    return this.#issue(account.clinicId, account.userId, origin, "auth.login", undefined, { factor });
  }

  async #recordFailure(
    clinicId: string,
    userId: string,
    origin: RequestOrigin,
    factor: string,
  ): Promise<void> {
    await withClinic(this.#db, { clinicId, userId }, async (tx) => {
      await recordCredentialFailure(tx, userId, this.#config.lockout, {
        actorUserId: null,
        actorRole: null,
        action: "auth.login_failed",
        resourceType: "user",
        resourceId: userId,
        ...origin,
        detail: { factor },
      });
    });
  }

  /** A second-factor step for this user; with `enrolSecret`, the step that enrols it. */
  async #challenge(clinicId: string, userId: string, enrolSecret: string | null): Promise<LoginOutcome> {
    const token = `${clinicId}.${newToken()}`;
    const expiresAt = new Date(Date.now() + CHALLENGE_MINUTES * 60_000);
    const account = await withClinic(this.#db, { clinicId, userId }, async (tx) => {
      const user = await getUser(tx, userId);
      if (!user) throw INVALID_CREDENTIALS();
      await insertChallenge(tx, {
        userId,
        tokenHash: hashToken(token),
        purpose: enrolSecret ? "enrol" : "verify",
        pendingSecret: enrolSecret,
        expiresAt,
      });
      return { user, clinic: await getCurrentClinic(tx) };
    });
    const twoFactor: TwoFactorChallenge = {
      challenge: token,
      method: enrolSecret ? "enrol" : "totp",
      expiresAt,
    };
    if (enrolSecret) {
      const uri = totpUri(enrolSecret, account.user.email, `Remodel (${account.clinic.name})`);
      twoFactor.enrolment = { secret: enrolSecret, uri, qrCode: await totpQrDataUrl(uri) };
    }
    return { kind: "two_factor", twoFactor, account };
  }

  /** The authenticator enrolment of a new owner (the first-run set-up page). */
  startEnrolment(clinicId: string, userId: string): Promise<LoginOutcome> {
    return this.#challenge(clinicId, userId, newTotpSecret());
  }

  /**
   * Answers a second-factor challenge with an authenticator code or a recovery code. A wrong
   * answer counts towards the account's lockout and the challenge's own attempt limit; a code is
   * accepted once. Enrolment ends with ten recovery codes, shown this once.
   */
  async verifySecondFactor(
    challengeToken: string,
    answer: { code?: string | undefined; recoveryCode?: string | undefined },
    rememberDevice: boolean,
    origin: RequestOrigin,
  ): Promise<SecondFactorResult> {
    const scoped = splitScopedToken(challengeToken);
    if (!scoped) throw INVALID_CHALLENGE();
    const clinicId = scoped.scope;
    const outcome = await withClinic(this.#db, { clinicId }, async (tx) => {
      const challenge = await findOpenChallenge(tx, hashToken(scoped.token));
      if (!challenge) return { ok: false as const, reason: "challenge" as const };
      const state = await getSignInState(tx, challenge.userId);
      if (!state || state.lockedUntil) {
        await closeChallenge(tx, challenge.id);
        return { ok: false as const, reason: "locked" as const, userId: challenge.userId };
      }
      let recoveryCodes: string[] | undefined;
      let accepted = false;
      let factor = "totp";
      if (challenge.purpose === "enrol") {
        const step = answer.code ? matchTotp(challenge.pendingSecret!, answer.code) : null;
        if (step !== null) {
          await enableTotp(tx, challenge.userId, challenge.pendingSecret!, step);
          recoveryCodes = newRecoveryCodes();
          await replaceRecoveryCodes(tx, challenge.userId, recoveryCodes.map(hashRecoveryCode));
          accepted = true;
          factor = "totp_enrolled";
        }
      } else {
        ({ accepted, factor } = await checkSecondFactor(tx, challenge.userId, state.totpSecret, answer));
      }
      if (!accepted) {
        await countChallengeAttempt(tx, challenge.id, CHALLENGE_MAX_ATTEMPTS);
        return { ok: false as const, reason: "code" as const, userId: challenge.userId, factor };
      }
      await closeChallenge(tx, challenge.id);
      await clearSignInFailures(tx, challenge.userId);
      let deviceToken: SecondFactorResult["deviceToken"];
      if (rememberDevice) {
        const token = `${challenge.userId}.${newToken()}`;
        const expiresAt = new Date(Date.now() + TRUSTED_DEVICE_DAYS * 24 * 3_600_000);
        await insertTrustedDevice(tx, challenge.userId, hashToken(token), expiresAt);
        deviceToken = { token, expiresAt };
      }
      return { ok: true as const, userId: challenge.userId, recoveryCodes, deviceToken, factor };
    });
    if (!outcome.ok) {
      if (outcome.reason === "challenge") throw INVALID_CHALLENGE();
      if (outcome.reason === "locked") throw INVALID_CREDENTIALS();
      await this.#recordFailure(clinicId, outcome.userId, origin, outcome.factor);
      throw new DomainError(
        "unauthenticated",
        "invalid_code",
        "the code is not correct, or was already used",
        {
          [answer.recoveryCode ? "body.recoveryCode" : "body.code"]: "not correct or already used",
        },
      );
    }
    const issued = await this.#issue(clinicId, outcome.userId, origin, "auth.login", undefined, {
      factor: outcome.factor,
    });
    return {
      issued,
      ...(outcome.recoveryCodes ? { recoveryCodes: outcome.recoveryCodes } : {}),
      ...(outcome.deviceToken ? { deviceToken: outcome.deviceToken } : {}),
    };
  }

  async #issue(
    clinicId: string,
    userId: string,
    origin: RequestOrigin,
    action: string,
    replaces?: string,
    detail?: Record<string, unknown>,
  ): Promise<IssuedSession> {
    const token = newToken();
    const now = new Date();
    const expiresAt = this.#expiry(now, now);
    return withClinic(this.#db, { clinicId, userId }, async (tx) => {
      const user = await getUser(tx, userId);
      if (!user)
        throw new DomainError("unauthenticated", "invalid_credentials", "e-mail or password is not correct");
      if (replaces) await revokeSession(tx, replaces);
      const sessionId = await insertSession(tx, {
        userId,
        tokenHash: hashToken(token),
        expiresAt,
        ...origin,
      });
      await appendAudit(tx, {
        actorUserId: userId,
        actorRole: user.role,
        action,
        resourceType: "session",
        resourceId: sessionId,
        ...origin,
        detail,
      });
      return { token, expiresAt, principal: { sessionId, user, clinic: await getCurrentClinic(tx) } };
    });
  }

  /**
   * The principal behind a session token, or null. One statement in the common case
   * (auth_check_session, migration 082): it refuses a revoked session, one past its idle expiry or
   * maximum age, and a disabled user's; it extends the idle expiry and last-seen time at most about
   * once a minute. Past the rotation age, the token is swapped for a new one (returned as
   * `rotated`), the old one revoked and the swap audited.
   */
  async authenticate(
    token: string,
    origin: RequestOrigin,
  ): Promise<{ principal: Principal; rotated?: IssuedSession } | null> {
    const session = await this.#sessionChecks.submit("sessions", hashToken(token));
    if (!session) return null;
    if (session.rotate) {
      const rotated = await this.#issue(
        session.clinic.id,
        session.user.id,
        origin,
        "auth.rotate",
        session.sessionId,
      );
      return { principal: rotated.principal, rotated };
    }
    return { principal: { sessionId: session.sessionId, user: session.user, clinic: session.clinic } };
  }

  async logout(principal: Principal, origin: RequestOrigin): Promise<void> {
    await withClinic(this.#db, { clinicId: principal.clinic.id, userId: principal.user.id }, async (tx) => {
      await revokeSession(tx, principal.sessionId);
      await appendAudit(tx, {
        actorUserId: principal.user.id,
        actorRole: principal.user.role,
        action: "auth.logout",
        resourceType: "session",
        resourceId: principal.sessionId,
        ...origin,
      });
    });
  }

  /** An owner invites a staff member; the token is returned once, to be sent to the invitee. */
  async invite(
    owner: Principal,
    input: {
      email: string;
      name: string;
      role: Exclude<Role, "patient">;
      credential: Credential | null;
      maxNeedleDepthMm: number | null;
    },
    origin: RequestOrigin,
  ) {
    const token = newToken();
    return withClinic(this.#db, { clinicId: owner.clinic.id, userId: owner.user.id }, async (tx) => {
      if (await emailTaken(tx, input.email)) {
        throw new DomainError(
          "conflict",
          "email_taken",
          "an account with this e-mail already exists at this clinic",
          {
            "body.email": "already has an account",
          },
        );
      }
      const invitation = await insertInvitation(tx, {
        ...input,
        tokenHash: hashToken(token),
        invitedBy: owner.user.id,
        expiresAt: new Date(Date.now() + 7 * 24 * 3_600_000),
      });
      await appendAudit(tx, {
        actorUserId: owner.user.id,
        actorRole: owner.user.role,
        action: "staff.invite",
        resourceType: "invitation",
        resourceId: invitation.id,
        ...origin,
        detail: { role: input.role },
      });
      return { invitation, token };
    });
  }

  /** Owners and providers enrol their second factor before their first session. */
  async acceptInvitation(token: string, password: string, origin: RequestOrigin): Promise<LoginOutcome> {
    const found = await withoutClinic(this.#db, (tx) => findInvitationClinic(tx, hashToken(token)));
    if (!found)
      throw new DomainError(
        "not_found",
        "invitation_not_found",
        "this invitation does not exist, was used or has expired",
        { "body.token": "unknown or expired" },
      );
    const passwordHash = await hashPassword(password);
    const user = await withClinic(this.#db, { clinicId: found.clinicId }, async (tx) => {
      const inv = await acceptInvitation(tx, found.invitationId);
      if (!inv)
        throw new DomainError(
          "not_found",
          "invitation_not_found",
          "this invitation does not exist, was used or has expired",
          { "body.token": "unknown or expired" },
        );
      const user = await insertUser(tx, {
        email: inv.email,
        name: inv.name,
        role: inv.role,
        credential: inv.credential,
        maxNeedleDepthMm: inv.maxNeedleDepthMm,
        patientId: null,
        passwordHash,
      });
      if (user.role === "provider") await giveDefaultProviderHours(tx, user.id);
      await appendAudit(tx, {
        actorUserId: user.id,
        actorRole: user.role,
        action: "staff.join",
        resourceType: "user",
        resourceId: user.id,
        ...origin,
      });
      return user;
    });
    if (TWO_FACTOR_ROLES.has(user.role)) return this.#challenge(found.clinicId, user.id, newTotpSecret());
    return { kind: "session", issued: await this.#issue(found.clinicId, user.id, origin, "auth.login") };
  }
}
