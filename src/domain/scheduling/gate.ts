/**
 * Which dates a patient may be booked on at all, before any resource is looked at: the screening
 * (current, not deferred, no clearance pending, not declined) and the series interval. When
 * unsure, the gate blocks: a session is never offered to a patient the screening has not cleared.
 * A physician's granted clearance arrives already read into the screening (see
 * stored-screening.ts): as an eligible or deferred screening that names the grant's date.
 */
import { Temporal } from "temporal-polyfill";
import { addDays } from "../calendar.ts";
import type { Gate, ScreeningGate, SeriesContext } from "./types.ts";
import { dayNumber, isoDay } from "./zone-clock.ts";

/** Day number of a plain ISO date of a year 1000-9999 that exists ("2026-02-30" does not), else null. */
function isoDayNumber(d: string): number | null {
  if (!/^[1-9]\d{3}-\d{2}-\d{2}$/.test(d)) return null;
  const n = dayNumber(d);
  return Number.isFinite(n) && isoDay(n) === d ? n : null;
}
const LAST_DAY = dayNumber("9999-12-31");

/** The ISO date `days` after `date`: on day numbers when both are plain 4-digit-year dates, else by Temporal. */
function plusDays(date: string, day: number | null, days: number): string {
  if (day !== null && Number.isSafeInteger(days) && day + days >= 0 && day + days <= LAST_DAY)
    return isoDay(day + days);
  return Temporal.PlainDate.from(date).add({ days }).toString();
}

const _later = (a: string | null, b: string | null): string | null =>
  a === null ? b : b === null ? a : a > b ? a : b;

export function bookingGate(screening: ScreeningGate, series: SeriesContext | null): Gate {
  const gate: Gate = { earliestDate: null, latestDate: null, seriesCheck: null, blocked: null, notes: [] };
  switch (screening.status) {
    case "not-required":
      break;
    case "missing":
      gate.blocked = {
        code: "screening_required",
        message: "a treatment session needs a current screening first (book a consultation)",
      };
      return gate;
    case "declined":
      gate.blocked = {
        code: "not_eligible",
        message: "the latest screening declined microneedling for this patient",
      };
      return gate;
    case "clearance-pending":
      gate.blocked = {
        code: "clearance_pending",
        message: "the latest screening needs a physician's clearance before a session can be booked",
      };
      return gate;
    case "deferred":
      if (screening.until === null) {
        gate.blocked = {
          code: "deferred",
          message: "treatment is deferred until a condition resolves; screen again once it has",
        };
        return gate;
      }
      gate.earliestDate = screening.until;
      // The day-of screening re-checks the patient; the deferral date is the earliest day.
      gate.notes.push(`deferred until ${screening.until}`);
      break;
    case "eligible":
      gate.latestDate = screening.validUntil;
      break;
  }
  if ((screening.status === "eligible" || screening.status === "deferred") && screening.clearedOn)
    gate.notes.push(`physician clearance granted on ${screening.clearedOn}`);
  if (series && series.sessionDates.length > 0) {
    gate.seriesCheck = seriesCheck(series);
    gate.notes.push(
      `sessions ${series.intervalWeeks.min}-${series.intervalWeeks.max} weeks apart (${series.seriesRuleId})`,
    );
  }
  if (gate.earliestDate !== null && gate.latestDate !== null && gate.earliestDate > gate.latestDate) {
    gate.blocked = {
      code: "screening_expired",
      message: `the screening is current until ${gate.latestDate}, before the earliest possible date ${gate.earliestDate}; screen again`,
    };
  }
  return gate;
}

/**
 * A session on `date` must be at least the minimum interval from every other session of the
 * patient, before or after it (a session may be slotted between two booked ones); it is past the
 * maximum when the session before it is longer ago than the maximum interval.
 */
export function seriesCheck(series: SeriesContext): (date: string) => { allowed: boolean; pastMax: boolean } {
  const { min, max } = series.intervalWeeks;
  // Whole weeks are whole days: counted on day numbers, as Temporal counts them.
  const spans = series.sessionDates.map((d) => {
    const day = isoDayNumber(d);
    return {
      date: d,
      notBefore: plusDays(d, day, 7 * min),
      notAfter: plusDays(d, day, -7 * min),
      maxUntil: plusDays(d, day, 7 * max),
    };
  });
  return (date) => {
    let allowed = true;
    let previous: (typeof spans)[number] | null = null;
    for (const s of spans) {
      if (date < s.notBefore && date > s.notAfter) allowed = false;
      if (s.date < date && (previous === null || s.date > previous.date)) previous = s;
    }
    return { allowed, pastMax: previous !== null && date > previous.maxUntil };
  };
}

/** The first date on or after `from` that the series allows (for messages), or null past `limit`. */
export function firstSeriesDate(
  check: (date: string) => { allowed: boolean },
  from: string,
  limit: string,
): string | null {
  const first = isoDayNumber(from);
  const last = isoDayNumber(limit);
  if (first !== null && last !== null) {
    for (let n = first; n <= last; n++) {
      const d = isoDay(n);
      if (check(d).allowed) return d;
    }
    return null;
  }
  for (let d = Temporal.PlainDate.from(from); d.toString() <= limit; d = d.add({ days: 1 })) {
    if (check(d.toString()).allowed) return d.toString();
  }
  return null;
}

/** The series rule a treatment session follows when neither its screening nor its type names one. */
export const GENERAL_SERIES_RULE_ID = "SER-GENERAL";
/** The notice, in minutes, an online booking keeps when the clinic has set none. */
export const DEFAULT_MIN_NOTICE_MINUTES = 120;

/**
 * The first date on or after `from` that the gate and the notice (`noticeDate`: the local date of
 * now plus the notice) allow, up to `last`; past `last` (the day after it) when none does. A
 * blocked gate answers `from`: its search stops there and says why.
 */
export function firstOpenDate(gate: Gate, from: string, noticeDate: string, last: string): string {
  if (gate.blocked) return from;
  const notBefore = from > noticeDate ? from : noticeDate;
  const d = gate.earliestDate !== null && gate.earliestDate > notBefore ? gate.earliestDate : notBefore;
  return gate.seriesCheck && d <= last ? (firstSeriesDate(gate.seriesCheck, d, last) ?? addDays(last, 1)) : d;
}
