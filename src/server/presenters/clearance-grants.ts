/** A physician's clearance grant as the API answers it: what it leaves, and whether it is in force. */
import type { ClearanceGrantRow } from "../../db/repositories/clearance-grant.repository.ts";
import type { ScreeningOutput } from "../../domain/protocol/types.ts";

export function presentClearanceGrant(g: ClearanceGrantRow, latestScreeningId: string | null) {
  const d = g.decision as Partial<ScreeningOutput>;
  return {
    id: g.id,
    patientId: g.patientId,
    screeningId: g.screeningId,
    grantedBy: g.grantedBy,
    grantedAt: g.grantedAt,
    grantedOn: g.grantedOn,
    reasons: g.reasons,
    note: g.note,
    protocolVersion: g.protocolVersion,
    // What the grant leaves: eligible, or a deferral the screening also gave.
    decision: {
      outcome: String(d.outcome ?? ""),
      deferral: String(d.deferral ?? "none"),
      deferUntil: typeof d.deferUntil === "string" ? d.deferUntil : null,
      cautions: Array.isArray(d.cautions) ? d.cautions.map(String) : [],
      prepInstructions: Array.isArray(d.prepInstructions) ? d.prepInstructions.map(String) : [],
    },
    // In force: not withdrawn, and the screening is the patient's latest (booking reads only that).
    current: g.screeningId === latestScreeningId && g.withdrawn === null,
    withdrawn: g.withdrawn && {
      at: new Date(g.withdrawn.at),
      by: g.withdrawn.by,
      reason: g.withdrawn.reason,
    },
  };
}

export type ClearanceGrantView = ReturnType<typeof presentClearanceGrant>;
