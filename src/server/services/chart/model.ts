/**
 * The session chart's inputs, and what its use cases share: the checklist steps, who charts, and
 * why a chart refuses changes.
 */
import type { ChartRow } from "../../../db/repositories/chart.repository.ts";
import { DomainError } from "../../../domain/errors.ts";
import type { Protocol } from "../../../domain/protocol/types.ts";
import type { ZoneTreatment } from "../../../domain/record/chart-rules.ts";
import type { Principal } from "../auth.service.ts";

export interface DayOfChanges {
  newMedications: {
    ingredient: string;
    route: string;
    prescribed: boolean;
    ongoing: boolean;
    lastTaken: string | null;
  }[];
  newConditions: {
    conditionId: string;
    status: "active" | "resolved" | "history";
    zones: string[] | null;
    inTreatmentArea?: boolean;
    severity: string | null;
    onset: string | null;
  }[];
  pregnant: boolean | null;
  breastfeeding: boolean | null;
}

export interface StartChartInput {
  planId: string | null;
  appointmentId: string | null;
  changes: DayOfChanges;
}

export interface ChartBody {
  checklist: {
    steps: Record<string, boolean>;
    anaesthetic: { product: string; startedAt: string; endedAt: string } | null;
    /** Why a checklist step was not done; signing an incomplete checklist needs one. */
    incompleteReason?: string | null;
  };
  zones: ZoneTreatment[];
  deviceId: string | null;
  cartridgeLot: string | null;
  cartridgeExpiry: string | null;
  postProduct: { productId: string; lot: string | null } | null;
  endpoint: "erythema" | "erythema-pinpoint-bleeding" | "not-reached" | null;
  adverseEvents: { kind: string; severity: "mild" | "moderate" | "severe"; action: string }[];
  cosign: CosignInput | null;
}

/** A supervising physician's co-signature: password and second factor, typed on the spot. */
export interface CosignInput {
  email: string;
  password: string;
  code?: string | undefined;
  recoveryCode?: string | undefined;
}

/** The checklist steps charted before needling, from the protocol's procedure steps. */
export const CHECKLIST_STEPS = [
  "PROC-CLEANSE",
  "PROC-TOPICAL-ANESTHETIC",
  "PROC-REMOVE-ANTISEPTIC",
  "PROC-GLIDE",
];

/** The checklist steps a chart under this protocol asks for (a protocol may leave some out). */
export function checklistOf(protocol: Protocol): string[] {
  const ids = new Set(((protocol.procedureSteps ?? []) as { id: string }[]).map((s) => s.id));
  return CHECKLIST_STEPS.filter((id) => ids.has(id));
}

export interface MedicationReviewInput {
  name: string;
  decision: "not-relevant" | "class";
  classId: string | null;
  reason: string;
}

export function requireProvider(principal: Principal): number {
  if (principal.user.role !== "provider" || principal.user.maxNeedleDepthMm === null) {
    throw new DomainError("forbidden", "forbidden", "only a licensed provider charts a session");
  }
  return principal.user.maxNeedleDepthMm;
}

export function locked(chart: ChartRow): DomainError {
  return chart.status === "signed"
    ? new DomainError(
        "conflict",
        "chart_locked",
        "this chart is signed and locked; add a dated addendum instead",
      )
    : new DomainError(
        "conflict",
        "session_stopped",
        "the day-of re-screen stopped this session; the chart cannot be completed",
      );
}
