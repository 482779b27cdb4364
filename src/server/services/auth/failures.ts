/** A refused credential (password or second factor), audited and counted toward the account's lockout. */
import { withClinic } from "../../../db/pool.ts";
import { recordCredentialFailure } from "../../security/second-factor.ts";
import type { AuthDeps, RequestOrigin } from "./model.ts";

export async function recordFailure(
  deps: AuthDeps,
  clinicId: string,
  userId: string,
  origin: RequestOrigin,
  factor: string,
): Promise<void> {
  await withClinic(deps.db, { clinicId, userId }, async (tx) => {
    await recordCredentialFailure(tx, userId, deps.config.lockout, {
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
