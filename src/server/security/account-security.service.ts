/**
 * What a signed-in user manages about their own sign-in: the sessions open in their name (and
 * revoking them), and their second factor's recovery codes.
 */
import { type Db, withClinic } from "../../db/pool.ts";
import { appendAudit } from "../../db/repositories/audit.repository.ts";
import {
  claimTotpStep,
  countUnusedRecoveryCodes,
  getSignInState,
  listLiveSessions,
  replaceRecoveryCodes,
  revokeOtherSessions,
  revokeTrustedDevices,
  revokeUserSession,
  type SessionListRow,
} from "../../db/repositories/security.repository.ts";
import { DomainError } from "../../domain/errors.ts";
import type { Principal, RequestOrigin } from "../services/auth.service.ts";
import type { RequestContext } from "../services/request-context.ts";
import { hashRecoveryCode, matchTotp, newRecoveryCodes } from "./totp.ts";

export class AccountSecurityService {
  readonly #db: Db;
  constructor(db: Db) {
    this.#db = db;
  }

  #tx<T>(p: Principal, fn: Parameters<typeof withClinic<T>>[2]): Promise<T> {
    return withClinic(this.#db, { clinicId: p.clinic.id, userId: p.user.id }, fn);
  }

  #audit(ctx: RequestContext, action: string, resourceType: string, resourceId: string | null) {
    return {
      actorUserId: ctx.principal.user.id,
      actorRole: ctx.principal.user.role,
      action,
      resourceType,
      resourceId,
      ...ctx.origin,
    };
  }

  sessions(p: Principal): Promise<(SessionListRow & { current: boolean })[]> {
    return this.#tx(p, async (tx) =>
      (await listLiveSessions(tx, p.user.id)).map((s) => ({ ...s, current: s.id === p.sessionId })),
    );
  }

  /** Revokes one of the caller's own sessions; another user's is "not found". */
  revokeSession(p: Principal, sessionId: string, origin: RequestOrigin): Promise<void> {
    return this.#tx(p, async (tx) => {
      if (!(await revokeUserSession(tx, p.user.id, sessionId)))
        throw new DomainError("not_found", "not_found", "no such open session of yours", {
          "params.id": "not found",
        });
      await appendAudit(
        tx,
        this.#audit({ principal: p, origin }, "auth.session_revoke", "session", sessionId),
      );
    });
  }

  /** Signs out everywhere else: every other session and every trusted browser. */
  revokeOthers(ctx: RequestContext): Promise<{ revoked: number }> {
    return this.#tx(ctx.principal, async (tx) => {
      const revoked = await revokeOtherSessions(tx, ctx.principal.user.id, ctx.principal.sessionId);
      await revokeTrustedDevices(tx, ctx.principal.user.id);
      await appendAudit(tx, {
        ...this.#audit(ctx, "auth.session_revoke_others", "user", ctx.principal.user.id),
        detail: { revoked },
      });
      return { revoked };
    });
  }

  twoFactorStatus(p: Principal): Promise<{ enabled: boolean; recoveryCodesLeft: number }> {
    return this.#tx(p, async (tx) => {
      const state = await getSignInState(tx, p.user.id);
      return {
        enabled: state?.totpEnabled ?? false,
        recoveryCodesLeft: await countUnusedRecoveryCodes(tx, p.user.id),
      };
    });
  }

  /** New recovery codes (the old ones stop working), confirmed with a current authenticator code. */
  regenerateRecoveryCodes(ctx: RequestContext, code: string): Promise<string[]> {
    const { principal: p, origin } = ctx;
    return this.#tx(p, async (tx) => {
      const state = await getSignInState(tx, p.user.id);
      if (!state?.totpEnabled || !state.totpSecret)
        throw new DomainError(
          "conflict",
          "two_factor_not_enabled",
          "two-factor sign-in is not set up for this account",
        );
      const step = matchTotp(state.totpSecret, code);
      if (step === null || !(await claimTotpStep(tx, p.user.id, step)))
        throw new DomainError("forbidden", "invalid_code", "the code is not correct, or was already used", {
          "body.code": "not correct or already used",
        });
      const codes = newRecoveryCodes();
      await replaceRecoveryCodes(tx, p.user.id, codes.map(hashRecoveryCode));
      await appendAudit(
        tx,
        this.#audit({ principal: p, origin }, "auth.recovery_codes_regenerate", "user", p.user.id),
      );
      return codes;
    });
  }
}
