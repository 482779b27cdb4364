/**
 * Who is asking, and from where: the one argument a service takes for the person it acts for.
 * The HTTP layer builds it once per request (`ctx(req)` in http/access.ts); jobs and the CLI build
 * it from the principal they act as. Services read `ctx.principal` for the clinic scope and the
 * actor, and `ctx.origin` for the audit entry.
 */
import type { PatientAccessor } from "../../domain/patient-access.ts";
import type { Principal, RequestOrigin } from "./auth/model.ts";

export interface RequestContext {
  principal: Principal;
  origin: RequestOrigin;
}

/** The caller as the per-patient policies (domain/patient-access.ts) see them. */
export function accessorOf(principal: Principal): PatientAccessor {
  return { role: principal.user.role, patientId: principal.user.patientId, id: principal.user.id };
}
