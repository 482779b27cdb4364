/**
 * A second factor answered by a user whose password was just checked, at sign-in or when a
 * physician co-signs on a colleague's screen: an authenticator code (each 30-second step accepted
 * once) or a recovery code (each accepted once). A failed attempt counts toward the account's one
 * lockout, whichever of the two asked.
 */
import type { Tx } from "../../db/pool.ts";
import { type AuditEntry, appendAudit } from "../../db/repositories/audit.repository.ts";
import {
  claimTotpStep,
  recordSignInFailure,
  spendRecoveryCode,
} from "../../db/repositories/security.repository.ts";
import { hashRecoveryCode, matchTotp } from "./totp.ts";

export interface SecondFactorAnswer {
  code?: string | undefined;
  recoveryCode?: string | undefined;
}

export type SecondFactor = "totp" | "recovery_code";

/** Checks (and uses up) the answer inside the caller's transaction. */
export async function checkSecondFactor(
  tx: Tx,
  userId: string,
  totpSecret: string | null,
  answer: SecondFactorAnswer,
): Promise<{ accepted: boolean; factor: SecondFactor }> {
  if (answer.recoveryCode) {
    const accepted = await spendRecoveryCode(tx, userId, hashRecoveryCode(answer.recoveryCode));
    return { accepted, factor: "recovery_code" };
  }
  const step = answer.code && totpSecret ? matchTotp(totpSecret, answer.code) : null;
  return { accepted: step !== null && (await claimTotpStep(tx, userId, step)), factor: "totp" };
}

/**
 * Counts one failed attempt against a user's credentials toward the lockout and audits it (the
 * entry says which factor failed, never what was typed), with the lock when this attempt set one.
 * Call it in a transaction of its own: the attempt's work rolls back, its failure must not.
 */
export async function recordCredentialFailure(
  tx: Tx,
  userId: string,
  lockout: { threshold: number; minutes: number },
  entry: AuditEntry,
): Promise<{ lockedUntil: Date | null }> {
  const { lockedUntil } = await recordSignInFailure(tx, userId, lockout.threshold, lockout.minutes);
  await appendAudit(tx, entry);
  if (lockedUntil) {
    await appendAudit(tx, {
      ...entry,
      action: "auth.locked",
      resourceType: "user",
      resourceId: userId,
      detail: { until: lockedUntil },
    });
  }
  return { lockedUntil };
}
