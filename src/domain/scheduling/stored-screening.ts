/**
 * Reads a stored screening (a row of the clinical record, as JSON) into what scheduling needs: the
 * booking gate, the plan's deepest needle depth and its series values. The reader accepts the
 * engine's decision either as columns or nested under `decision`/`output`/`result`, so the record's
 * storage can change without touching the slot search. Anything it cannot read gives the safer
 * answer: no outcome = no current screening; a clearance with no recorded grant = still pending.
 */
import { Temporal } from "temporal-polyfill";
import type { ScreeningGate } from "./types.ts";

export interface ScreeningFacts {
  gate: ScreeningGate;
  /** The plan's deepest depth over all zones, when the decision carries a plan. */
  deepestDepthMm: number | null;
  series: {
    seriesRuleId: string | null;
    intervalWeeks: { min: number; max: number };
    sessions: { min: number; max: number };
    maintenanceMonths: { min: number; max: number };
  } | null;
  protocolVersion: string | null;
}

type Json = Record<string, unknown>;
const obj = (v: unknown): Json | null =>
  v && typeof v === "object" && !Array.isArray(v) ? (v as Json) : null;
const str = (v: unknown): string | null => (typeof v === "string" && v.length > 0 ? v : null);
const range = (v: unknown): { min: number; max: number } | null => {
  const o = obj(v);
  return o && typeof o.min === "number" && typeof o.max === "number" ? { min: o.min, max: o.max } : null;
};

function dateOf(v: unknown): string | null {
  const s = str(v);
  if (!s) return null;
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) return s;
  const ms = Date.parse(s);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString().slice(0, 10);
}

export function readStoredScreening(row: Json | null, validDays: number): ScreeningFacts {
  const none: ScreeningFacts = {
    gate: { status: "missing" },
    deepestDepthMm: null,
    series: null,
    protocolVersion: null,
  };
  if (!row) return none;
  const decision = obj(row.decision) ?? obj(row.output) ?? obj(row.result) ?? row;
  const outcome = str(row.outcome) ?? str(decision.outcome);
  const screenedOn =
    dateOf(row.screening_date) ??
    dateOf(row.screened_on) ??
    dateOf(row.screened_at) ??
    dateOf(obj(row.input)?.screeningDate) ??
    dateOf(row.created_at);
  if (!outcome || !screenedOn) return none;
  const protocolVersion = str(row.protocol_version) ?? str(decision.protocolVersion);
  const plan = obj(decision.plan);
  const depths = Object.values(obj(plan?.maxDepthMmByZone) ?? {}).filter(
    (d): d is number => typeof d === "number",
  );
  const combined = obj(plan?.combined);
  const firstSeries = obj((plan?.series as unknown[] | undefined)?.[0]);
  const interval = range(combined?.intervalWeeks);
  const series =
    interval && range(combined?.sessions) && range(combined?.maintenanceMonths)
      ? {
          seriesRuleId: str(firstSeries?.seriesRule),
          intervalWeeks: interval,
          sessions: range(combined?.sessions)!,
          maintenanceMonths: range(combined?.maintenanceMonths)!,
        }
      : null;
  const base = { deepestDepthMm: depths.length ? Math.max(...depths) : null, series, protocolVersion };
  switch (outcome) {
    case "eligible": {
      const validUntil = Temporal.PlainDate.from(screenedOn).add({ days: validDays }).toString();
      return { ...base, gate: { status: "eligible", screenedOn, validUntil } };
    }
    case "defer": {
      const until = dateOf(row.defer_until) ?? dateOf(decision.deferUntil);
      const undated = str(decision.deferral) === "undated" || until === null;
      return { ...base, gate: { status: "deferred", until: undated ? null : until, screenedOn } };
    }
    case "needs-physician-clearance": {
      const granted =
        dateOf(row.clearance_granted_at) ??
        dateOf(row.cleared_at) ??
        (str(row.clearance_status) === "granted" ? screenedOn : null);
      if (granted) {
        const validUntil = Temporal.PlainDate.from(screenedOn).add({ days: validDays }).toString();
        return { ...base, gate: { status: "eligible", screenedOn, validUntil } };
      }
      return { ...base, gate: { status: "clearance-pending", screenedOn } };
    }
    case "decline":
      return { ...base, gate: { status: "declined", screenedOn } };
    default:
      return none;
  }
}
