/**
 * A supervising physician's co-signature, given on the spot: the physician's credentials checked as
 * at sign-in, and a refused attempt audited and counted toward the physician's lockout.
 */

import { type Db, type Tx, withClinic } from "../../../db/pool.ts";
import { appendAudit } from "../../../db/repositories/audit.repository.ts";
import { getCosigner } from "../../../db/repositories/chart.repository.ts";
import { clearSignInFailures, getSignInState } from "../../../db/repositories/security.repository.ts";
import { DomainError } from "../../../domain/errors.ts";
import { checkSecondFactor, recordCredentialFailure } from "../../security/second-factor.ts";
import { burnVerification, verifyPassword } from "../passwords.ts";
import type { RequestContext } from "../request-context.ts";
import type { CosignInput } from "./model.ts";
import { CosignFailure } from "./refusals.ts";

/**
 * The physician behind a co-signature, verified as at sign-in: the password, then the second
 * factor (an authenticator code or a recovery code, each used once). A locked account is refused
 * with the same answer as a wrong password, so the lock reveals nothing.
 */
export async function verifyCosigner(tx: Tx, input: CosignInput) {
  const cosigner = await getCosigner(tx, input.email);
  const state = cosigner ? await getSignInState(tx, cosigner.id) : null;
  if (!cosigner?.passwordHash || !state) {
    await burnVerification(input.password);
    throw new CosignFailure(null, "password", "body.cosign.password");
  }
  if (state.lockedUntil) throw new CosignFailure(cosigner.id, "locked", "body.cosign.password");
  if (!(await verifyPassword(cosigner.passwordHash, input.password)))
    throw new CosignFailure(cosigner.id, "password", "body.cosign.password");
  if (!state.totpEnabled) {
    throw new DomainError(
      "forbidden",
      "cosign_refused",
      "the co-signer has not set up two-factor sign-in yet; they sign in once to set it up",
      { "body.cosign.code": "two-factor sign-in not set up for this account" },
    );
  }
  const { accepted, factor } = await checkSecondFactor(tx, cosigner.id, state.totpSecret, input);
  if (!accepted)
    throw new CosignFailure(
      cosigner.id,
      factor,
      input.recoveryCode ? "body.cosign.recoveryCode" : "body.cosign.code",
    );
  await clearSignInFailures(tx, cosigner.id);
  return { cosigner, factor };
}

export type Lockout = { threshold: number; minutes: number };

/** Audits a refused co-signature (which factor failed, never what was typed) and counts it. */
export function recordCosignFailure(
  db: Db,
  lockout: Lockout,
  ctx: RequestContext,
  chartId: string,
  failure: CosignFailure,
) {
  return withClinic(db, { clinicId: ctx.principal.clinic.id, userId: ctx.principal.user.id }, async (tx) => {
    const entry = {
      actorUserId: ctx.principal.user.id,
      actorRole: ctx.principal.user.role,
      action: "chart.cosign_failed",
      resourceType: "session_chart",
      resourceId: chartId,
      ...ctx.origin,
      detail: { cosignerId: failure.cosignerId, factor: failure.factor },
    };
    // A locked account is not checked, so there is no new failure to count against it.
    if (failure.cosignerId && failure.factor !== "locked")
      await recordCredentialFailure(tx, failure.cosignerId, lockout, entry);
    else await appendAudit(tx, entry);
  });
}
