/** A screening as the API answers it (contract/screenings.ts: `screeningView`). */
import type { ScreeningRow } from "../../db/repositories/screening.repository.ts";
import type { ScreeningOutput } from "../../domain/protocol/types.ts";

export function presentScreening(row: ScreeningRow) {
  return {
    id: row.id,
    patientId: row.patientId,
    kind: row.kind,
    rescreenOf: row.rescreenOf,
    protocolVersion: row.protocolVersion,
    screeningDate: row.screeningDate,
    requestedAppointment: row.requestedAppointment,
    outcome: row.outcome,
    deferral: row.deferral,
    deferUntil: row.deferUntil,
    requiresReview: row.requiresReview,
    reviewNotes: row.reviewNotes as { kind: string; recordId: string; label: string }[],
    input: row.input as Record<string, unknown>,
    output: row.output as ScreeningOutput,
    screenedBy: { id: row.screenedBy, name: row.screenedByName },
    createdAt: row.createdAt,
  };
}

export type ScreeningView = ReturnType<typeof presentScreening>;
