/** A signed-in account as the API answers it (contract/auth.ts: `userView`): who, their role, their clinic. */
import type { z } from "zod";
import type { userView } from "../../contract/auth.ts";
import type { Principal } from "../services/auth.service.ts";

export function presentUser(p: Pick<Principal, "user" | "clinic">): z.infer<typeof userView> {
  const { user, clinic } = p;
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    credential: user.credential,
    maxNeedleDepthMm: user.maxNeedleDepthMm,
    patientId: user.patientId,
    clinic: { id: clinic.id, name: clinic.name, slug: clinic.slug, timeZone: clinic.timeZone },
  };
}
