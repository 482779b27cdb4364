/**
 * Reads a stored screening (a row of the clinical record, as JSON) into what scheduling needs: the
 * booking gate, the plan's deepest needle depth and its series values. The reader accepts the
 * engine's decision either as columns or nested under `decision`/`output`/`result`, so the record's
 * storage can change without touching the slot search. Anything it cannot read gives the safer
 * answer: no outcome = no current screening; a clearance with no recorded grant = still pending.
 *
 * A physician's grant of clearance (a row of `clearance_grants`, as JSON) counts only for the
 * screening it names, and only when that screening asked for clearance: a newer screening
 * supersedes it, and a decline or deferral is never lifted by it. A cleared screening is read
 * from the grant's decision (the screening re-run with the cleared reasons set aside), and the
 * screening's own deferral still holds on top of it.
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

const later = (a: string | null, b: string | null): string | null =>
  a === null ? b : b === null ? a : a > b ? a : b;

const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];

/** The plan's deepest depth and series values, from a decision that carries a plan. */
function planOf(decision: Json): Pick<ScreeningFacts, "deepestDepthMm" | "series"> {
  const plan = obj(decision.plan);
  const depths = Object.values(obj(plan?.maxDepthMmByZone) ?? {}).filter(
    (d): d is number => typeof d === "number",
  );
  const combined = obj(plan?.combined);
  const firstSeries = obj((plan?.series as unknown[] | undefined)?.[0]);
  const interval = range(combined?.intervalWeeks);
  const sessions = range(combined?.sessions);
  const maintenance = range(combined?.maintenanceMonths);
  const series =
    interval && sessions && maintenance
      ? {
          seriesRuleId: str(firstSeries?.seriesRule),
          intervalWeeks: interval,
          sessions,
          maintenanceMonths: maintenance,
        }
      : null;
  return { deepestDepthMm: depths.length ? Math.max(...depths) : null, series };
}

/**
 * The grant that clears this screening, or null: it must name this screening, clear only reasons
 * the screening gave, be dated, and carry a decision that is eligible or a deferral.
 */
function readGrant(
  row: Json,
  decision: Json,
  grant: Json | null,
): { on: string; outcome: "eligible" | "defer"; decision: Json } | null {
  if (!grant) return null;
  const screeningId = str(row.id);
  if (!screeningId || str(grant.screening_id) !== screeningId) return null;
  const on = dateOf(grant.granted_on) ?? dateOf(grant.granted_at);
  const cleared = strings(grant.reasons);
  const given = strings(decision.reasons);
  if (!on || cleared.length === 0 || !cleared.every((r) => given.includes(r))) return null;
  const after = obj(grant.decision);
  const outcome = str(after?.outcome);
  if (!after || (outcome !== "eligible" && outcome !== "defer")) return null;
  return { on, outcome, decision: after };
}

export function readStoredScreening(
  row: Json | null,
  validDays: number,
  grant: Json | null = null,
): ScreeningFacts {
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
  const base = { ...planOf(decision), protocolVersion };
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
      const cleared = readGrant(row, decision, grant);
      if (!cleared) return { ...base, gate: { status: "clearance-pending", screenedOn } };
      const plan = planOf(cleared.decision);
      const clearedBase = { ...base, deepestDepthMm: plan.deepestDepthMm, series: plan.series };
      // The screening's own deferral holds whatever the grant's decision says.
      const ownUntil = dateOf(row.defer_until) ?? dateOf(decision.deferUntil);
      const grantedUntil = dateOf(cleared.decision.deferUntil);
      const undated =
        (str(row.deferral) ?? str(decision.deferral)) === "undated" ||
        str(cleared.decision.deferral) === "undated" ||
        (cleared.outcome === "defer" && grantedUntil === null);
      const until = later(ownUntil, grantedUntil);
      if (undated || until !== null) {
        return {
          ...clearedBase,
          gate: { status: "deferred", until: undated ? null : until, screenedOn, clearedOn: cleared.on },
        };
      }
      const validUntil = Temporal.PlainDate.from(screenedOn).add({ days: validDays }).toString();
      return { ...clearedBase, gate: { status: "eligible", screenedOn, validUntil, clearedOn: cleared.on } };
    }
    case "decline":
      return { ...base, gate: { status: "declined", screenedOn } };
    default:
      return none;
  }
}
