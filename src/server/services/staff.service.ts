/**
 * The owner's staff work: the team list, invitations sent by e-mail, deactivating a member and
 * resetting a member's second factor. An invitation's link is a secret: it is put in the e-mail at
 * the moment of sending and never stored (the invitation keeps its SHA-256, the outbox keeps that a
 * message went, to whom and when, with the link left out). Without SMTP the invitation is made but
 * its e-mail is recorded as not sent, and the owner is told so.
 */
import { createHash, randomBytes } from "node:crypto";
import { type Db, withClinic } from "../../db/pool.ts";
import { appendAudit } from "../../db/repositories/audit.repository.ts";
import {
  countActiveOwners,
  listOpenInvitations,
  listStaff,
  renewInvitationToken,
  resetSecondFactor,
  setStaffDisabled,
} from "../../db/repositories/clinic-profile.repository.ts";
import { insertInvitation } from "../../db/repositories/invitation.repository.ts";
import { type Credential, emailTaken, type Role } from "../../db/repositories/user.repository.ts";
import { DomainError } from "../../domain/errors.ts";
import type { Principal } from "./auth.service.ts";
import type { Mailer } from "./mailer.service.ts";
import type { RequestContext } from "./request-context.ts";

const INVITATION_DAYS = 7;
const hashToken = (token: string) => createHash("sha256").update(token).digest();
const ROLE_WORDS: Record<string, string> = {
  owner: "an owner",
  provider: "a provider",
  front_desk: "front desk",
};

export type Delivery = { status: "sent" } | { status: "not_sent"; reason: string };

/** The link an invitee opens; the token sits in the fragment, so it never reaches a server log. */
export function invitationLink(publicUrl: string, token: string): string {
  return `${publicUrl}/app/accept-invitation#token=${token}`;
}

export function invitationText(
  clinicName: string,
  invitee: { name: string; role: string },
  link: string,
  days: number,
): { subject: string; text: string } {
  return {
    subject: `You are invited to join ${clinicName} on Remodel`,
    text:
      `Hello ${invitee.name},\n\n` +
      `You are invited to join ${clinicName} as ${ROLE_WORDS[invitee.role] ?? invitee.role}.\n` +
      `Open this link to choose your password${invitee.role === "front_desk" ? "" : " and set up your authenticator app"}:\n\n` +
      `${link}\n\n` +
      `The link works once and for ${days} days. If you did not expect this, you can ignore this e-mail.\n`,
  };
}

export class StaffService {
  readonly #db: Db;
  readonly #mailer: Mailer | null;
  readonly #publicUrl: string;

  constructor(db: Db, mailer: Mailer | null, publicUrl: string) {
    this.#db = db;
    this.#mailer = mailer;
    this.#publicUrl = publicUrl;
  }

  #tx<T>(p: Principal, fn: Parameters<typeof withClinic<T>>[2]): Promise<T> {
    return withClinic(this.#db, { clinicId: p.clinic.id, userId: p.user.id }, fn);
  }

  list(p: Principal) {
    return this.#tx(p, async (tx) => ({
      staff: await listStaff(tx),
      invitations: await listOpenInvitations(tx),
      emailConfigured: this.#mailer !== null,
    }));
  }

  async invite(
    ctx: RequestContext,
    input: {
      email: string;
      name: string;
      role: Exclude<Role, "patient">;
      credential: Credential | null;
      maxNeedleDepthMm: number | null;
    },
  ) {
    const { principal: owner, origin } = ctx;
    const token = randomBytes(32).toString("base64url");
    const invitation = await this.#tx(owner, async (tx) => {
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
      const row = await insertInvitation(tx, {
        ...input,
        tokenHash: hashToken(token),
        invitedBy: owner.user.id,
        expiresAt: new Date(Date.now() + INVITATION_DAYS * 24 * 3_600_000),
      });
      await appendAudit(tx, {
        actorUserId: owner.user.id,
        actorRole: owner.user.role,
        action: "staff.invite",
        resourceType: "invitation",
        resourceId: row.id,
        ...origin,
        detail: { role: input.role },
      });
      return row;
    });
    const delivery = await this.#send(owner, invitation.id, invitation, token);
    return { invitation, delivery };
  }

  /** Sends an open invitation again with a new link (the old link stops working). */
  async resend(ctx: RequestContext, invitationId: string) {
    const { principal: owner, origin } = ctx;
    const token = randomBytes(32).toString("base64url");
    const invitee = await this.#tx(owner, async (tx) => {
      const found = await renewInvitationToken(
        tx,
        invitationId,
        hashToken(token),
        new Date(Date.now() + INVITATION_DAYS * 24 * 3_600_000),
      );
      if (!found)
        throw new DomainError("not_found", "not_found", "no open invitation with this id", {
          "params.id": "not found",
        });
      await appendAudit(tx, {
        actorUserId: owner.user.id,
        actorRole: owner.user.role,
        action: "staff.invite_resend",
        resourceType: "invitation",
        resourceId: invitationId,
        ...origin,
      });
      return found;
    });
    return { delivery: await this.#send(owner, invitationId, invitee, token) };
  }

  /**
   * The e-mail goes now, with the link; the outbox records it without the link. A message that
   * could not go is recorded as withdrawn with the reason, so the outbox worker never sends a
   * linkless copy.
   */
  async #send(
    owner: Principal,
    invitationId: string,
    invitee: { email: string; name: string; role: string },
    token: string,
  ): Promise<Delivery> {
    const mail = invitationText(
      owner.clinic.name,
      invitee,
      invitationLink(this.#publicUrl, token),
      INVITATION_DAYS,
    );
    const outboxId = await this.#tx(owner, async (tx) => {
      const { rows } = await tx.query<{ id: string }>(
        `insert into outbox (clinic_id, kind, to_address, subject, body_text, dedupe_key, send_after, withdrawn_at, withdrawn_reason)
         values (app_clinic_id(), 'staff-invitation', $1, $2, $3, $4, now(), now(), 'sending')
         returning id`,
        [
          invitee.email,
          mail.subject,
          `An invitation for ${invitee.name} to join as ${ROLE_WORDS[invitee.role] ?? invitee.role}. The link it carried is not kept.`,
          `staff-invitation:${invitationId}:${randomBytes(6).toString("hex")}`,
        ],
      );
      return rows[0]!.id;
    });
    let delivery: Delivery;
    if (!this.#mailer) {
      delivery = {
        status: "not_sent",
        reason: "e-mail is not set up on this server (SMTP_URL), so the invitation could not be sent",
      };
    } else {
      try {
        await this.#mailer.send({
          outboxId,
          to: invitee.email,
          subject: mail.subject,
          text: mail.text,
          ics: null,
        });
        delivery = { status: "sent" };
      } catch (err) {
        delivery = {
          status: "not_sent",
          reason: `the mail server refused it (${(err as { code?: string }).code ?? "error"}); send it again later`,
        };
      }
    }
    await this.#tx(owner, (tx) =>
      delivery.status === "sent"
        ? tx.query(
            "update outbox set sent_at = now(), attempts = 1, withdrawn_at = null, withdrawn_reason = null where id = $1",
            [outboxId],
          )
        : tx.query("update outbox set attempts = 1, withdrawn_reason = $2, last_error = $2 where id = $1", [
            outboxId,
            delivery.reason.slice(0, 200),
          ]),
    );
    return delivery;
  }

  async setActive(ctx: RequestContext, userId: string, active: boolean) {
    const { principal: owner, origin } = ctx;
    if (userId === owner.user.id && !active)
      throw new DomainError("conflict", "cannot_deactivate_self", "you cannot deactivate your own account", {
        "params.id": "your own account",
      });
    return this.#tx(owner, async (tx) => {
      const member = await setStaffDisabled(tx, userId, !active);
      if (!member)
        throw new DomainError("not_found", "not_found", "no staff member with this id", {
          "params.id": "not found",
        });
      if (!active && member.role === "owner" && (await countActiveOwners(tx)) === 0)
        throw new DomainError("conflict", "last_owner", "the clinic needs at least one active owner", {
          "params.id": "the last active owner",
        });
      await appendAudit(tx, {
        actorUserId: owner.user.id,
        actorRole: owner.user.role,
        action: active ? "staff.reactivate" : "staff.deactivate",
        resourceType: "user",
        resourceId: userId,
        ...origin,
      });
      return member;
    });
  }

  async resetSecondFactor(ctx: RequestContext, userId: string): Promise<void> {
    const { principal: owner, origin } = ctx;
    if (userId === owner.user.id)
      throw new DomainError(
        "conflict",
        "cannot_reset_self",
        "another owner must reset your second factor; replace your recovery codes in My account",
        { "params.id": "your own account" },
      );
    await this.#tx(owner, async (tx) => {
      if (!(await resetSecondFactor(tx, userId)))
        throw new DomainError("not_found", "not_found", "no staff member with this id", {
          "params.id": "not found",
        });
      await appendAudit(tx, {
        actorUserId: owner.user.id,
        actorRole: owner.user.role,
        action: "staff.two_factor_reset",
        resourceType: "user",
        resourceId: userId,
        ...origin,
      });
    });
  }
}
