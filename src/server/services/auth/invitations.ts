/** Use case: an owner invites a staff member, who accepts with a password (and a second factor for owners and providers). */

import { withClinic, withoutClinic } from "../../../db/pool.ts";
import { appendAudit } from "../../../db/repositories/audit.repository.ts";
import { giveDefaultProviderHours } from "../../../db/repositories/clinic-profile.repository.ts";
import {
  findInvitationClinic,
  acceptInvitation as markInvitationAccepted,
} from "../../../db/repositories/invitation.repository.ts";
import { insertUser } from "../../../db/repositories/user.repository.ts";
import { DomainError } from "../../../domain/errors.ts";
import { newTotpSecret } from "../../security/totp.ts";
import { hashPassword } from "../passwords.ts";
import {
  type AuthDeps,
  hashToken,
  type LoginOutcome,
  type RequestOrigin,
  TWO_FACTOR_ROLES,
} from "./model.ts";
import { issueSession } from "./sessions.ts";
import { challenge } from "./two-factor.ts";

/** Owners and providers enrol their second factor before their first session. */
export async function acceptInvitation(
  deps: AuthDeps,
  token: string,
  password: string,
  origin: RequestOrigin,
): Promise<LoginOutcome> {
  const found = await withoutClinic(deps.db, (tx) => findInvitationClinic(tx, hashToken(token)));
  if (!found)
    throw new DomainError(
      "not_found",
      "invitation_not_found",
      "this invitation does not exist, was used or has expired",
      { "body.token": "unknown or expired" },
    );
  const passwordHash = await hashPassword(password);
  const user = await withClinic(deps.db, { clinicId: found.clinicId }, async (tx) => {
    const inv = await markInvitationAccepted(tx, found.invitationId);
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
  if (TWO_FACTOR_ROLES.has(user.role)) return challenge(deps, found.clinicId, user.id, newTotpSecret());
  return { kind: "session", issued: await issueSession(deps, found.clinicId, user.id, origin, "auth.login") };
}
