/** Use case: the second-factor step of sign-in (an authenticator code or a recovery code), and enrolling one. */

import { withClinic } from "../../../db/pool.ts";
import { getCurrentClinic } from "../../../db/repositories/clinic.repository.ts";
import {
  clearSignInFailures,
  closeChallenge,
  countChallengeAttempt,
  enableTotp,
  findOpenChallenge,
  getSignInState,
  insertChallenge,
  insertTrustedDevice,
  replaceRecoveryCodes,
} from "../../../db/repositories/security.repository.ts";
import { getUser } from "../../../db/repositories/user.repository.ts";
import { DomainError } from "../../../domain/errors.ts";
import { checkSecondFactor } from "../../security/second-factor.ts";
import {
  hashRecoveryCode,
  matchTotp,
  newRecoveryCodes,
  totpQrDataUrl,
  totpUri,
} from "../../security/totp.ts";
import { recordFailure } from "./failures.ts";
import {
  type AuthDeps,
  CHALLENGE_MAX_ATTEMPTS,
  CHALLENGE_MINUTES,
  hashToken,
  INVALID_CHALLENGE,
  INVALID_CREDENTIALS,
  type LoginOutcome,
  newToken,
  type RequestOrigin,
  type SecondFactorResult,
  splitScopedToken,
  TRUSTED_DEVICE_DAYS,
  type TwoFactorChallenge,
} from "./model.ts";
import { issueSession } from "./sessions.ts";

/** A second-factor step for this user; with `enrolSecret`, the step that enrols it. */
export async function challenge(
  deps: AuthDeps,
  clinicId: string,
  userId: string,
  enrolSecret: string | null,
): Promise<LoginOutcome> {
  const token = `${clinicId}.${newToken()}`;
  const expiresAt = new Date(Date.now() + CHALLENGE_MINUTES * 60_000);
  const account = await withClinic(deps.db, { clinicId, userId }, async (tx) => {
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

/**
 * Answers a second-factor challenge with an authenticator code or a recovery code. A wrong
 * answer counts towards the account's lockout and the challenge's own attempt limit; a code is
 * accepted once. Enrolment ends with ten recovery codes, shown this once.
 */
export async function verifySecondFactor(
  deps: AuthDeps,
  challengeToken: string,
  answer: { code?: string | undefined; recoveryCode?: string | undefined },
  rememberDevice: boolean,
  origin: RequestOrigin,
): Promise<SecondFactorResult> {
  const scoped = splitScopedToken(challengeToken);
  if (!scoped) throw INVALID_CHALLENGE();
  const clinicId = scoped.scope;
  const outcome = await withClinic(deps.db, { clinicId }, async (tx) => {
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
    await recordFailure(deps, clinicId, outcome.userId, origin, outcome.factor);
    throw new DomainError("unauthenticated", "invalid_code", "the code is not correct, or was already used", {
      [answer.recoveryCode ? "body.recoveryCode" : "body.code"]: "not correct or already used",
    });
  }
  const issued = await issueSession(deps, clinicId, outcome.userId, origin, "auth.login", undefined, {
    factor: outcome.factor,
  });
  return {
    issued,
    ...(outcome.recoveryCodes ? { recoveryCodes: outcome.recoveryCodes } : {}),
    ...(outcome.deviceToken ? { deviceToken: outcome.deviceToken } : {}),
  };
}
