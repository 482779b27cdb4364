/**
 * A treatment plan against the consultation's decision: which zones it may treat and how deep,
 * how many sessions, how far apart, and the maintenance. Pure: the consultation service loads the
 * decision and the protocol, asks here, and saves what is accepted or reports what is refused.
 *
 * The limits come from the engine's plan when the decision has one. After a clinician overrides a
 * non-eligible decision there is none: then each zone the concerns ask for is limited as the engine
 * would limit it (zoneDepthLimitMm: zone cap, indication cap and global maximum, and only for an
 * indication that treats the zone), never by the zone's own cap alone.
 */
import { zoneDepthLimitMm } from "../protocol/depth-limit.ts";
import type { Protocol, ScreeningOutput } from "../protocol/types.ts";
import type { PlanZone } from "./chart-rules.ts";

/** The shallowest depth a plan starts from when the protocol names none for the indication. */
export const FALLBACK_MIN_DEPTH_MM = 0.25;
/** Sessions and interval when the decision has no plan to take them from (an override). */
export const FALLBACK_SESSIONS = 3;
export const FALLBACK_INTERVAL_WEEKS = 4;

export interface PlanConcern {
  indication: string;
  zones: string[];
}

export interface PlanLimits {
  /** Deepest planned depth per zone; a zone not here may not be planned. */
  caps: Record<string, number>;
  /** The plan when the provider does not choose: each zone from its shallowest depth to its cap. */
  zones: PlanZone[];
}

/**
 * The plan's limits and default zones: each zone of the engine's plan, or (after an override of a
 * non-eligible decision) each zone the concerns ask for at its effective depth limit, from the
 * shallowest depth of the concerns treating it to the cap.
 */
export function planLimits(
  protocol: Protocol,
  decision: Pick<ScreeningOutput, "plan">,
  concerns: readonly PlanConcern[],
): PlanLimits {
  const caps: Record<string, number> = decision.plan?.maxDepthMmByZone ?? overrideCaps(protocol, concerns);
  const minOf = (zone: string) =>
    Math.min(
      ...concerns
        .filter((c) => c.zones.includes(zone))
        .map((c) => protocol.indicationDepth[c.indication]?.minMm ?? FALLBACK_MIN_DEPTH_MM),
      caps[zone] ?? FALLBACK_MIN_DEPTH_MM,
    );
  return {
    caps,
    zones: Object.entries(caps).map(([zone, maxMm]) => ({ zone, minMm: minOf(zone), maxMm })),
  };
}

/** Each asked zone's effective limit, the deepest over the concerns that treat it. */
function overrideCaps(protocol: Protocol, concerns: readonly PlanConcern[]): Record<string, number> {
  const caps: Record<string, number> = {};
  for (const c of concerns) {
    for (const zone of c.zones) {
      const limit = zoneDepthLimitMm(protocol, zone, c.indication);
      if (limit !== null && !(limit <= (caps[zone] ?? 0))) caps[zone] = limit;
    }
  }
  return Object.fromEntries(
    Object.keys(caps)
      .sort()
      .map((z) => [z, caps[z] as number]),
  );
}

export interface PlanRequest {
  zones: PlanZone[] | null;
  sessions: number | null;
  intervalWeeks: number | null;
  maintenanceMonths: number | null;
}

export interface CheckedPlan {
  zones: PlanZone[];
  sessions: number;
  intervalWeeks: number;
  maintenanceMonths: number | null;
}

export type PlanRefusal =
  | { kind: "zone_not_planned"; index: number }
  | { kind: "above_zone_limit"; index: number; limitMm: number }
  | { kind: "min_above_max"; index: number }
  | {
      kind: "outside_engine_range";
      field: "sessions" | "intervalWeeks" | "maintenanceMonths";
      min: number;
      max: number;
    };

/**
 * The plan as it will be saved (the request, with the decision's values where it chose none), or
 * every reason it is refused: a zone not planned, a depth above the zone's limit, a minimum above
 * the maximum, sessions, interval or maintenance outside the engine's range.
 */
export function checkPlan(
  limits: PlanLimits,
  decision: Pick<ScreeningOutput, "plan">,
  request: PlanRequest,
): { ok: true; plan: CheckedPlan } | { ok: false; refusals: PlanRefusal[] } {
  const refusals: PlanRefusal[] = [];
  const zones = request.zones ?? limits.zones;
  zones.forEach((z, index) => {
    const cap = limits.caps[z.zone];
    if (cap === undefined) refusals.push({ kind: "zone_not_planned", index });
    else if (z.maxMm > cap) refusals.push({ kind: "above_zone_limit", index, limitMm: cap });
    if (z.minMm > z.maxMm) refusals.push({ kind: "min_above_max", index });
  });
  const combined = decision.plan?.combined;
  const plan: CheckedPlan = {
    zones,
    sessions: request.sessions ?? combined?.sessions.min ?? FALLBACK_SESSIONS,
    intervalWeeks: request.intervalWeeks ?? combined?.intervalWeeks.min ?? FALLBACK_INTERVAL_WEEKS,
    maintenanceMonths: request.maintenanceMonths ?? combined?.maintenanceMonths.min ?? null,
  };
  if (combined) {
    for (const field of ["sessions", "intervalWeeks", "maintenanceMonths"] as const) {
      const value = plan[field];
      const range = combined[field];
      if (value !== null && (value < range.min || value > range.max))
        refusals.push({ kind: "outside_engine_range", field, min: range.min, max: range.max });
    }
  }
  return refusals.length > 0 ? { ok: false, refusals } : { ok: true, plan };
}
