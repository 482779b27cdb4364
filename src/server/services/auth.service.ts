/**
 * Sign-in, sessions and invitations. A session token is 32 random bytes given to the browser
 * in an HttpOnly cookie; the database keeps only its SHA-256, so a leaked table opens nothing.
 */
import { createHash, randomBytes } from "node:crypto";
import { type Db, withClinic, withoutClinic } from "../../db/pool.ts";
import { appendAudit } from "../../db/repositories/audit.repository.ts";
import { getCurrentClinic, type PublicClinic } from "../../db/repositories/clinic.repository.ts";
import {
  acceptInvitation,
  findInvitationClinic,
  insertInvitation,
} from "../../db/repositories/invitation.repository.ts";
import {
  extendSession,
  findLiveSession,
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
import type { Config } from "../config.ts";
import { HttpError } from "../http/errors.ts";
import { burnVerification, hashPassword, verifyPassword } from "./passwords.ts";

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

const hashToken = (token: string) => createHash("sha256").update(token).digest();
const newToken = () => randomBytes(32).toString("base64url");

export class AuthService {
  readonly #db: Db;
  readonly #config: Config;
  constructor(db: Db, config: Config) {
    this.#db = db;
    this.#config = config;
  }

  #expiry(createdAt: Date, now = new Date()): Date {
    const idle = now.getTime() + this.#config.session.idleMinutes * 60_000;
    const absolute = createdAt.getTime() + this.#config.session.maxHours * 3_600_000;
    return new Date(Math.min(idle, absolute));
  }

  /** Checks a password against every account with this e-mail; exactly one must match. */
  async login(
    email: string,
    password: string,
    clinicSlug: string | null,
    origin: RequestOrigin,
  ): Promise<IssuedSession> {
    const accounts = (await withoutClinic(this.#db, (tx) => findAccountsByEmail(tx, email))).filter(
      (a) => clinicSlug === null || a.clinicSlug === clinicSlug,
    );
    if (accounts.length === 0) {
      await burnVerification(password);
      throw new HttpError(401, "invalid_credentials", "e-mail or password is not correct");
    }
    const matches = [];
    for (const a of accounts) if (await verifyPassword(a.passwordHash, password)) matches.push(a);
    if (matches.length === 0)
      throw new HttpError(401, "invalid_credentials", "e-mail or password is not correct");
    if (matches.length > 1) {
      throw new HttpError(409, "choose_clinic", "this account exists at several clinics; say which one", {
        "body.clinic": `one of: ${matches.map((m) => m.clinicSlug).join(", ")}`,
      });
    }
    const account = matches[0]!;
    return this.#issue(account.clinicId, account.userId, origin, "auth.login");
  }

  async #issue(
    clinicId: string,
    userId: string,
    origin: RequestOrigin,
    action: string,
    replaces?: string,
  ): Promise<IssuedSession> {
    const token = newToken();
    const now = new Date();
    const expiresAt = this.#expiry(now, now);
    return withClinic(this.#db, { clinicId, userId }, async (tx) => {
      const user = await getUser(tx, userId);
      if (!user) throw new HttpError(401, "invalid_credentials", "e-mail or password is not correct");
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
      });
      return { token, expiresAt, principal: { sessionId, user, clinic: await getCurrentClinic(tx) } };
    });
  }

  /**
   * The principal behind a session token, or null. Extends the idle expiry; past the rotation
   * age, swaps the token for a new one (returned as `rotated`) and revokes the old.
   */
  async authenticate(
    token: string,
    origin: RequestOrigin,
  ): Promise<{ principal: Principal; rotated?: IssuedSession } | null> {
    const session = await withoutClinic(this.#db, (tx) => findLiveSession(tx, hashToken(token)));
    if (!session) return null;
    const ageMs = Date.now() - session.createdAt.getTime();
    if (ageMs > this.#config.session.rotateMinutes * 60_000) {
      const rotated = await this.#issue(
        session.clinicId,
        session.userId,
        origin,
        "auth.rotate",
        session.sessionId,
      );
      return { principal: rotated.principal, rotated };
    }
    return withClinic(this.#db, { clinicId: session.clinicId, userId: session.userId }, async (tx) => {
      const user = await getUser(tx, session.userId);
      if (!user) return null;
      const expiresAt = this.#expiry(session.createdAt);
      // Write the new expiry at most about once a minute per session.
      if (expiresAt.getTime() - session.expiresAt.getTime() > 60_000)
        await extendSession(tx, session.sessionId, expiresAt);
      return { principal: { sessionId: session.sessionId, user, clinic: await getCurrentClinic(tx) } };
    });
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
        throw new HttpError(409, "email_taken", "an account with this e-mail already exists at this clinic", {
          "body.email": "already has an account",
        });
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

  async acceptInvitation(token: string, password: string, origin: RequestOrigin): Promise<IssuedSession> {
    const found = await withoutClinic(this.#db, (tx) => findInvitationClinic(tx, hashToken(token)));
    if (!found)
      throw new HttpError(
        404,
        "invitation_not_found",
        "this invitation does not exist, was used or has expired",
        { "body.token": "unknown or expired" },
      );
    const passwordHash = await hashPassword(password);
    const userId = await withClinic(this.#db, { clinicId: found.clinicId }, async (tx) => {
      const inv = await acceptInvitation(tx, found.invitationId);
      if (!inv)
        throw new HttpError(
          404,
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
      await appendAudit(tx, {
        actorUserId: user.id,
        actorRole: user.role,
        action: "staff.join",
        resourceType: "user",
        resourceId: user.id,
        ...origin,
      });
      return user.id;
    });
    return this.#issue(found.clinicId, userId, origin, "auth.login");
  }
}
