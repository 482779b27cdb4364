/**
 * Outcome scores: which scales can be recorded (read from the protocol's `outcomeScales`, so the
 * ids and ranges are the protocol's own), who may rate each, whether a value fits, and the trend
 * of a plan's scores over time.
 */
import type { Protocol } from "../protocol/types.ts";

export type Rater = "clinician" | "patient";

export interface ScaleLevel {
  value: number;
  label: string;
  description: string;
}

export interface OutcomeScale {
  id: string;
  name: string;
  sources: string[];
  min: number;
  max: number;
  /** The allowed values when the scale is a list of grades; null for a score anywhere in min..max. */
  levels: ScaleLevel[] | null;
  raters: Rater[];
  /** Which way is better, for the trend chart. */
  better: "lower" | "higher";
  /** False for the one scale Remodel adds itself (patient satisfaction is not in the protocol). */
  fromProtocol: boolean;
  /** The protocol's own caveat, shown beside the scale. */
  caveat: string | null;
}

/**
 * Who rates what. GAIS has a clinician and a subject version, POSAS an observer and a patient
 * scale; the others are clinician assessments.
 */
const RATERS: Record<string, Rater[]> = {
  gais: ["clinician", "patient"],
  posas: ["clinician", "patient"],
};

/** Not in the protocol: a plain five-point satisfaction question, higher is better. */
export const PATIENT_SATISFACTION: OutcomeScale = {
  id: "patient-satisfaction",
  name: "Patient satisfaction with the treatment",
  sources: [],
  min: 1,
  max: 5,
  levels: [
    { value: 1, label: "Very dissatisfied", description: "" },
    { value: 2, label: "Dissatisfied", description: "" },
    { value: 3, label: "Neither satisfied nor dissatisfied", description: "" },
    { value: 4, label: "Satisfied", description: "" },
    { value: 5, label: "Very satisfied", description: "" },
  ],
  raters: ["patient"],
  better: "higher",
  fromProtocol: false,
  caveat: null,
};

interface RawScale {
  id?: unknown;
  name?: unknown;
  source?: unknown;
  levels?: unknown;
  total?: unknown;
  scoring?: { total?: unknown };
  verificationStatus?: unknown;
  note?: unknown;
}

/** A range written in the protocol's text: "0-13 (higher = worse)", "6-60 per scale", "...; maximum 84." */
export function rangeFromText(text: unknown): { min: number; max: number } | null {
  if (typeof text !== "string") return null;
  const span = /(\d+)\s*-\s*(\d+)/.exec(text);
  if (span) {
    const min = Number(span[1]);
    const max = Number(span[2]);
    return min < max ? { min, max } : null;
  }
  const maximum = /maximum\s+(\d+)/i.exec(text);
  if (maximum) return { min: 0, max: Number(maximum[1]) };
  return null;
}

function numericLevels(levels: unknown): ScaleLevel[] | null {
  if (!Array.isArray(levels) || levels.length < 2) return null;
  const out: ScaleLevel[] = [];
  for (const l of levels as { value?: unknown; label?: unknown; description?: unknown }[]) {
    if (typeof l?.value !== "number" || !Number.isFinite(l.value)) return null;
    out.push({
      value: l.value,
      label: typeof l.label === "string" ? l.label : String(l.value),
      description: typeof l.description === "string" ? l.description : "",
    });
  }
  return out.sort((a, b) => a.value - b.value);
}

/**
 * The scales a score can be recorded on: every protocol scale with numeric grades or a stated
 * numeric range (the Fitzpatrick skin type, graded I-VI, is a patient attribute, not an outcome),
 * plus patient satisfaction.
 */
export function recordableScales(protocol: Protocol): OutcomeScale[] {
  const raw = Array.isArray(protocol.outcomeScales) ? (protocol.outcomeScales as RawScale[]) : [];
  const out: OutcomeScale[] = [];
  for (const s of raw) {
    if (typeof s?.id !== "string") continue;
    const levels = numericLevels(s.levels);
    const range = levels
      ? { min: levels[0]!.value, max: levels[levels.length - 1]!.value }
      : rangeFromText(s.total ?? s.scoring?.total);
    if (!range) continue;
    const caveat = [s.verificationStatus, s.note].filter((t) => typeof t === "string").join(" ") || null;
    out.push({
      id: s.id,
      name: typeof s.name === "string" ? s.name : s.id,
      sources: Array.isArray(s.source) ? s.source.filter((x): x is string => typeof x === "string") : [],
      ...range,
      levels,
      raters: RATERS[s.id] ?? ["clinician"],
      // Every protocol scale grades severity or change from worst-is-high: 1 = very much improved
      // on GAIS, 4 = severe on Goodman & Baron, 13 = worst on Vancouver.
      better: "lower",
      fromProtocol: true,
      caveat,
    });
  }
  if (!out.some((s) => s.id === PATIENT_SATISFACTION.id)) out.push(PATIENT_SATISFACTION);
  return out;
}

export interface ScoreInput {
  scaleId: string;
  rater: Rater;
  value: number;
}

/** What is wrong with a score, field by field (empty when it can be recorded). */
export function scoreProblems(
  scales: readonly OutcomeScale[],
  score: ScoreInput,
): { field: "scaleId" | "rater" | "value"; message: string }[] {
  const scale = scales.find((s) => s.id === score.scaleId);
  if (!scale) {
    return [
      { field: "scaleId", message: `not a recordable scale (one of: ${scales.map((s) => s.id).join(", ")})` },
    ];
  }
  const problems: { field: "scaleId" | "rater" | "value"; message: string }[] = [];
  if (!scale.raters.includes(score.rater)) {
    problems.push({ field: "rater", message: `${scale.id} is rated by: ${scale.raters.join(", ")}` });
  }
  if (!Number.isFinite(score.value) || score.value < scale.min || score.value > scale.max) {
    problems.push({ field: "value", message: `must be between ${scale.min} and ${scale.max}` });
  } else if (scale.levels && !scale.levels.some((l) => l.value === score.value)) {
    problems.push({
      field: "value",
      message: `must be one of the grades ${scale.levels.map((l) => l.value).join(", ")}`,
    });
  } else if (!scale.levels && !Number.isInteger(score.value)) {
    problems.push({ field: "value", message: "must be a whole number" });
  }
  return problems;
}

export interface RecordedScore {
  scaleId: string;
  rater: Rater;
  value: number;
  recordedOn: string;
  chartId: string | null;
}

export interface TrendSeries {
  scaleId: string;
  rater: Rater;
  points: { recordedOn: string; value: number; chartId: string | null }[];
  /** Last value against the first, in the scale's better direction: positive = better. */
  change: number | null;
  direction: "better" | "worse" | "same" | null;
}

/** One series per scale and rater, oldest first; scales the list does not know are left out. */
export function outcomeTrend(
  scores: readonly RecordedScore[],
  scales: readonly OutcomeScale[],
): TrendSeries[] {
  const series = new Map<string, TrendSeries>();
  const sorted = [...scores].sort((a, b) => a.recordedOn.localeCompare(b.recordedOn));
  for (const s of sorted) {
    if (!scales.some((x) => x.id === s.scaleId)) continue;
    const key = `${s.scaleId}\u0000${s.rater}`;
    let entry = series.get(key);
    if (!entry) {
      entry = { scaleId: s.scaleId, rater: s.rater, points: [], change: null, direction: null };
      series.set(key, entry);
    }
    entry.points.push({ recordedOn: s.recordedOn, value: s.value, chartId: s.chartId });
  }
  for (const entry of series.values()) {
    const scale = scales.find((x) => x.id === entry.scaleId)!;
    const first = entry.points[0];
    const last = entry.points[entry.points.length - 1];
    if (first && last && entry.points.length > 1) {
      const delta = scale.better === "lower" ? first.value - last.value : last.value - first.value;
      entry.change = Math.round(delta * 100) / 100;
      entry.direction = delta > 0 ? "better" : delta < 0 ? "worse" : "same";
    }
  }
  return [...series.values()];
}
