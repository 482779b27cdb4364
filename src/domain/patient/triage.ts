/**
 * Triage of a patient's check-in after a session (day 1, day 3, week 1).
 *
 * The warning signs are the protocol's (`aftercareTimeline` entries of type "warning"); the
 * expected course is the protocol's too: redness and swelling are expected up to the end of the
 * erythema expectation, tolerated (watched) until the end of the downtime expectation, and
 * suspicious after that. A warning-sign answer always gives a red flag, whatever else is answered:
 * reassurance is only given when nothing at all is out of the expected course.
 */
import type { AftercareEntry } from "../protocol/pathway-types.ts";

export const CHECK_IN_POINTS = ["day-1", "day-3", "week-1"] as const;
export type CheckInPoint = (typeof CHECK_IN_POINTS)[number];

/** Hours after the end of the session at which each check-in is asked. */
export const CHECK_IN_HOURS: Record<CheckInPoint, number> = { "day-1": 24, "day-3": 72, "week-1": 168 };

export const SEVERITIES = ["none", "mild", "moderate", "severe"] as const;
export type Severity = (typeof SEVERITIES)[number];

export interface CheckInAnswers {
  redness: Severity;
  swelling: Severity;
  /** 0 (none) to 10 (worst imaginable). */
  pain: number;
  /** Pain worse now than at the previous check (or than just after the session). */
  painIncreasing: boolean;
  warmthOrPus: boolean;
  fever: boolean;
  blistersOrColdSore: boolean;
  /** New bumps or lumps that do not go away, or dark patches. */
  bumpsOrDarkPatches: boolean;
}

export type TriageLevel = "red-flag" | "watch" | "expected";

/** Why a check-in is not the expected course. `id` keys the patient's and the clinic's texts. */
export interface TriageFlag {
  id:
    | "warmth-or-pus"
    | "fever"
    | "blisters-or-cold-sore"
    | "bumps-or-dark-patches"
    | "pain-increasing"
    | "pain-severe"
    | "pain-persisting"
    | "redness-severe"
    | "redness-persisting"
    | "swelling-severe"
    | "swelling-persisting";
  field: keyof CheckInAnswers;
  level: "red-flag" | "watch";
}

export interface Triage {
  level: TriageLevel;
  flags: TriageFlag[];
  /** The protocol's warning-sign text and its sources (shown with a red flag or a watch). */
  warning: { id: string; text: string; source: string[] } | null;
  /** The protocol's expected-course entry in force at this check-in, for reassurance. */
  expected: { id: string; text: string; source: string[] }[];
}

/** Pain at or above this is a red flag whenever it is reported. */
export const SEVERE_PAIN = 7;
/** Pain at or above this is watched early on and a red flag at week 1. */
export const MODERATE_PAIN = 4;

interface CourseWindows {
  /** Redness/swelling up to "moderate" is expected until this hour (erythema expectation). */
  expectedUntil: number;
  /** ... and watched, not flagged, until this hour (downtime expectation). */
  toleratedUntil: number;
}

function windows(timeline: readonly AftercareEntry[]): CourseWindows {
  const expectations = timeline.filter((e) => e.type === "expectation" && e.enabledByDefault !== false);
  const erythema = expectations.find((e) => /erythema|redness/i.test(`${e.id} ${e.text}`));
  const downtime = expectations.find((e) => /downtime/i.test(e.id));
  // Without the protocol's entries, the shortest windows: the safer reading.
  const expectedUntil = erythema?.endHours ?? 24;
  const toleratedUntil = Math.max(expectedUntil, downtime?.endHours ?? expectedUntil);
  return { expectedUntil, toleratedUntil };
}

const SEVERITY_RANK: Record<Severity, number> = { none: 0, mild: 1, moderate: 2, severe: 3 };

function grade(
  value: Severity,
  hours: number,
  w: CourseWindows,
  field: "redness" | "swelling",
): TriageFlag | null {
  const rank = SEVERITY_RANK[value];
  if (rank === 3) return { id: `${field}-severe`, field, level: "red-flag" };
  if (rank === 0) return null;
  if (hours <= w.expectedUntil) return null;
  if (hours <= w.toleratedUntil)
    return rank >= 2 ? { id: `${field}-persisting`, field, level: "watch" } : null;
  // Past the downtime: any redness or swelling is watched, moderate is a red flag.
  return { id: `${field}-persisting`, field, level: rank >= 2 ? "red-flag" : "watch" };
}

/** Triage of one check-in under the protocol's aftercare timeline. Pure and total. */
export function triageCheckIn(
  answers: CheckInAnswers,
  point: CheckInPoint,
  timeline: readonly AftercareEntry[],
): Triage {
  const hours = CHECK_IN_HOURS[point];
  const w = windows(timeline);
  const flags: TriageFlag[] = [];
  if (answers.warmthOrPus) flags.push({ id: "warmth-or-pus", field: "warmthOrPus", level: "red-flag" });
  if (answers.fever) flags.push({ id: "fever", field: "fever", level: "red-flag" });
  if (answers.blistersOrColdSore)
    flags.push({ id: "blisters-or-cold-sore", field: "blistersOrColdSore", level: "red-flag" });
  if (answers.bumpsOrDarkPatches)
    flags.push({ id: "bumps-or-dark-patches", field: "bumpsOrDarkPatches", level: "red-flag" });
  if (answers.painIncreasing)
    flags.push({ id: "pain-increasing", field: "painIncreasing", level: "red-flag" });
  // A pain score that is not a number in range is read as the worst: never reassure on bad data.
  const pain = Number.isFinite(answers.pain) ? answers.pain : 10;
  if (pain >= SEVERE_PAIN) flags.push({ id: "pain-severe", field: "pain", level: "red-flag" });
  else if (pain >= MODERATE_PAIN)
    flags.push({
      id: "pain-persisting",
      field: "pain",
      level: hours > w.toleratedUntil ? "red-flag" : "watch",
    });
  for (const field of ["redness", "swelling"] as const) {
    const flag = grade(answers[field], hours, w, field);
    if (flag) flags.push(flag);
  }
  const level: TriageLevel = flags.some((f) => f.level === "red-flag")
    ? "red-flag"
    : flags.length > 0
      ? "watch"
      : "expected";
  const warningEntry = timeline.find((e) => e.type === "warning" && e.enabledByDefault !== false) ?? null;
  const expected = timeline
    .filter(
      (e) =>
        e.type === "expectation" &&
        e.enabledByDefault !== false &&
        e.startHours <= hours &&
        (e.endHours === null || e.endHours >= hours - 24),
    )
    .map((e) => ({ id: e.id, text: e.text, source: [...e.source] }));
  return {
    level,
    flags,
    warning: warningEntry
      ? { id: warningEntry.id, text: warningEntry.text, source: [...warningEntry.source] }
      : null,
    expected: level === "expected" ? expected : [],
  };
}

/**
 * Which check-in is open at `elapsedHours` after the session, until the next one's hour. Day 1 is
 * open from the end of the session: a patient worried on the first evening can report at once.
 */
export function openCheckInPoint(elapsedHours: number): CheckInPoint | null {
  if (!(elapsedHours >= 0)) return null;
  if (elapsedHours < CHECK_IN_HOURS["day-3"]) return "day-1";
  if (elapsedHours < CHECK_IN_HOURS["week-1"]) return "day-3";
  // Week 1 stays open through the second week, while the protocol's warning signs still apply.
  if (elapsedHours < 336) return "week-1";
  return null;
}
