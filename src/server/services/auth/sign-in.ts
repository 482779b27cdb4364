/** Use case: sign in with e-mail and password, then a second factor where the role or account asks for one. */
import { withClinic, withoutClinic } from "../../../db/pool.ts";
import {
  clearSignInFailures,
  getSignInState,
  isTrustedDevice,
} from "../../../db/repositories/security.repository.ts";
import { findAccountsByEmail } from "../../../db/repositories/user.repository.ts";
import { DomainError } from "../../../domain/errors.ts";
import { newTotpSecret } from "../../security/totp.ts";
import { burnVerification, verifyPassword } from "../passwords.ts";
import { recordFailure } from "./failures.ts";
import {
  type AuthDeps,
  hashToken,
  INVALID_CREDENTIALS,
  type IssuedSession,
  type LoginOutcome,
  type RequestOrigin,
  splitScopedToken,
  TWO_FACTOR_ROLES,
} from "./model.ts";
import { issueSession } from "./sessions.ts";
import { challenge } from "./two-factor.ts";

/**
 * Checks a password against every account with this e-mail; exactly one must match. An account
 * locked after repeated failures is not checked at all (the answer is the same as for a wrong
 * password, so a lock reveals nothing). Owners and providers then answer a second factor,
 * unless this browser was trusted after an earlier one.
 */
export async function login(
  deps: AuthDeps,
  email: string,
  password: string,
  clinicSlug: string | null,
  origin: RequestOrigin,
  deviceToken?: string,
): Promise<LoginOutcome> {
  const found = (await withoutClinic(deps.db, (tx) => findAccountsByEmail(tx, email))).filter(
    (a) => clinicSlug === null || a.clinicSlug === clinicSlug,
  );
  const accounts = [];
  for (const a of found) {
    const state = await withClinic(deps.db, { clinicId: a.clinicId }, (tx) => getSignInState(tx, a.userId));
    if (state && !state.lockedUntil) accounts.push({ ...a, state });
  }
  if (accounts.length === 0) {
    // The same work as a wrong password: one argon2 verification, and the two transactions
    // (reading the account's state, recording the failure) as statements that find nothing.
    await burnVerification(password);
    if (found.length === 0)
      for (let i = 0; i < 2; i++) await withoutClinic(deps.db, (tx) => findAccountsByEmail(tx, email));
    throw INVALID_CREDENTIALS();
  }
  const matches = [];
  for (const a of accounts) if (await verifyPassword(a.passwordHash, password)) matches.push(a);
  if (matches.length === 0) {
    for (const a of accounts) await recordFailure(deps, a.clinicId, a.userId, origin, "password");
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
    return { kind: "session", issued: await signedIn(deps, account, origin, "password") };
  const device = splitScopedToken(deviceToken);
  if (device && device.scope === account.userId) {
    const trusted = await withClinic(deps.db, { clinicId: account.clinicId }, (tx) =>
      isTrustedDevice(tx, account.userId, hashToken(device.token)),
    );
    if (trusted) return { kind: "session", issued: await signedIn(deps, account, origin, "trusted_device") };
  }
  return challenge(
    deps,
    account.clinicId,
    account.userId,
    account.state.totpEnabled ? null : newTotpSecret(),
  );
}

/** Password accepted: the failure count starts again and a session is issued. */
async function signedIn(
  deps: AuthDeps,
  account: { clinicId: string; userId: string },
  origin: RequestOrigin,
  factor: string,
): Promise<IssuedSession> {
  await withClinic(deps.db, { clinicId: account.clinicId }, (tx) => clearSignInFailures(tx, account.userId));
  return issueSession(deps, account.clinicId, account.userId, origin, "auth.login", undefined, { factor });
}
