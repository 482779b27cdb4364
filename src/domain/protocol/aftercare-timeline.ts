/**
 * The aftercare timeline from the end of a session: for each point in time what to do, what to
 * expect and the warning signs that mean "call the clinic", as absolute instants.
 *
 * Time arithmetic: offsets the protocol gives in hours are elapsed time (24 h after 15:30 on the
 * Saturday before the clocks go forward is 16:30 local on Sunday). The next-session window comes
 * from a series rule's interval in weeks and is calendar arithmetic in the clinic's zone (4 weeks
 * after 15:30 is 15:30 four weeks later, whatever the clocks did in between).
 *
 * Entries the protocol marks `enabledByDefault: false` (unsupported claims) are left out unless
 * the caller enables them by id; they are listed under `omitted` so a clinician sees the choice.
 */
import { Temporal } from "temporal-polyfill";
import {
  type AftercareEntry,
  checkTimeZone,
  findSeriesRule,
  PathwayInputError,
  type PathwayProtocol,
  parseInstant,
  protocolLabel,
  seriesRuleFor,
  sourceIds,
} from "./pathway-types.ts";

export interface AftercareInput {
  /** End of the session: an instant with Z or an offset, e.g. 2026-12-10T15:30:00Z. */
  sessionEnd: string;
  /** The clinic's IANA time zone, for local times and the calendar next-session window. */
  timeZone: string;
  /** Series rule for the next-session window (or give `indication`). */
  seriesRuleId?: string;
  indication?: string;
  goodmanBaronGrade?: number;
  /** Entry ids to show although the protocol disables them by default (a clinic's choice). */
  enable?: string[];
}

export interface AftercareAdvice {
  id: string;
  type: string;
  text: string;
  source: string[];
  claimStatus: string | null;
  /** Instant the advice starts to apply. */
  from: string;
  /** Instant it stops applying; null when it has no end. */
  until: string | null;
}

export interface AftercarePoint {
  /** Stable id of the point: `h<hours>` for hour offsets, `w<weeks>` for calendar weeks. */
  id: string;
  /** Elapsed hours since the end of the session (exact). */
  offsetHours: number;
  label: string;
  /** Start instant (UTC, ISO) and the same moment on the clinic's clock. */
  start: string;
  startLocal: string;
  /** Start of the next point; null for the last point. */
  end: string | null;
  endLocal: string | null;
  /** Advice ids that begin at this point, and those that end here (e.g. a restriction lifted). */
  starting: string[];
  ending: string[];
  /** Instructions and restrictions in force from this point. */
  do: AftercareAdvice[];
  /** What to expect. */
  expect: AftercareAdvice[];
  /** Warning signs: call the clinic. */
  redFlags: AftercareAdvice[];
  /** Scheduling (the next-session window). */
  scheduling: AftercareAdvice[];
}

export interface AftercareTimeline {
  protocol: string;
  sessionEnd: string;
  timeZone: string;
  points: AftercarePoint[];
  advice: AftercareAdvice[];
  nextSession: { seriesRuleId: string | null; earliest: string; latest: string } | null;
  omitted: { id: string; reason: "disabled-by-default"; note: string | null }[];
}

interface Boundary {
  instant: Temporal.Instant;
  id: string;
  label: string;
}

function formatHours(hours: number): string {
  if (hours === 0) return "now (end of the session)";
  if (hours < 48 || hours % 24 !== 0) {
    const value = Number.isInteger(hours) ? hours : Number(hours.toFixed(2));
    if (value < 1) {
      const minutes = Math.round(value * 60);
      return `${minutes} ${minutes === 1 ? "minute" : "minutes"} after`;
    }
    return `${value} ${value === 1 ? "hour" : "hours"} after`;
  }
  if (hours % 168 === 0) return `${hours / 168} ${hours === 168 ? "week" : "weeks"} after`;
  return `${hours / 24} days after`;
}

function hoursBetween(from: Temporal.Instant, to: Temporal.Instant): number {
  return from.until(to, { largestUnit: "hours" }).total({ unit: "hours" });
}

/** Builds the ordered aftercare points for one session. */
export function buildAftercareTimeline(input: AftercareInput, protocol: PathwayProtocol): AftercareTimeline {
  if (typeof input !== "object" || input === null) throw new PathwayInputError("input", "not an object");
  const end = parseInstant(input.sessionEnd, "sessionEnd");
  const timeZone = checkTimeZone(input.timeZone, "timeZone");
  const enable = new Set(input.enable ?? []);
  const zonedEnd = end.toZonedDateTimeISO(timeZone);

  // By indication, the clinic's chosen series alternative counts (the plan used the same values).
  const series =
    input.seriesRuleId != null
      ? findSeriesRule(protocol, input.seriesRuleId, "seriesRuleId")
      : input.indication !== undefined
        ? seriesRuleFor(protocol, input.indication, input.goodmanBaronGrade, "indication")
        : null;
  const seriesRuleId = series?.id ?? null;

  const omitted: AftercareTimeline["omitted"] = [];
  const entries: AftercareEntry[] = [];
  protocol.aftercareTimeline.forEach((entry, index) => {
    if (entry.endHours !== null && entry.endHours < entry.startHours) {
      throw new PathwayInputError(`protocol.aftercareTimeline[${index}]`, "ends before it starts");
    }
    if (entry.enabledByDefault === false && !enable.has(entry.id)) {
      omitted.push({ id: entry.id, reason: "disabled-by-default", note: entry.note ?? null });
    } else {
      entries.push(entry);
    }
  });

  const boundaries = new Map<string, Boundary>();
  const addHours = (hours: number): Temporal.Instant => {
    const instant = end.add({ milliseconds: Math.round(hours * 3_600_000) });
    const key = instant.epochNanoseconds.toString();
    if (!boundaries.has(key)) boundaries.set(key, { instant, id: `h${hours}`, label: formatHours(hours) });
    return instant;
  };
  const addWeeks = (weeks: number, what: string): Temporal.Instant => {
    const instant = zonedEnd.add({ weeks }).toInstant();
    const key = instant.epochNanoseconds.toString();
    const label = `${weeks} ${weeks === 1 ? "week" : "weeks"} after (${what})`;
    const existing = boundaries.get(key);
    if (!existing || existing.id.startsWith("h")) boundaries.set(key, { instant, id: `w${weeks}`, label });
    return instant;
  };

  addHours(0);
  const advice: AftercareAdvice[] = entries.map((entry) => {
    let from: Temporal.Instant;
    let until: Temporal.Instant | null;
    if (entry.type === "scheduling" && series) {
      from = addWeeks(series.intervalWeeks.min, "next session window opens");
      until = addWeeks(series.intervalWeeks.max, "next session window closes");
    } else {
      from = addHours(entry.startHours);
      until = entry.endHours === null ? null : addHours(entry.endHours);
    }
    return {
      id: entry.id,
      type: entry.type,
      text: entry.text,
      source: sourceIds(entry.source),
      claimStatus: entry.claimStatus ?? null,
      from: from.toString(),
      until: until?.toString() ?? null,
    };
  });

  const ordered = [...boundaries.values()].sort((a, b) => Temporal.Instant.compare(a.instant, b.instant));
  const points: AftercarePoint[] = ordered.map((boundary, i) => {
    const next = ordered[i + 1];
    const at = boundary.instant;
    const active = advice.filter((a) => {
      const from = Temporal.Instant.from(a.from);
      const until = a.until === null ? null : Temporal.Instant.from(a.until);
      return (
        Temporal.Instant.compare(from, at) <= 0 && (until === null || Temporal.Instant.compare(until, at) > 0)
      );
    });
    const byType = (types: string[]) => active.filter((a) => types.includes(a.type));
    const known = ["instruction", "restriction", "expectation", "warning", "scheduling"];
    return {
      id: boundary.id,
      offsetHours: hoursBetween(end, at),
      label: boundary.label,
      start: at.toString(),
      startLocal: at.toZonedDateTimeISO(timeZone).toString(),
      end: next ? next.instant.toString() : null,
      endLocal: next ? next.instant.toZonedDateTimeISO(timeZone).toString() : null,
      starting: advice
        .filter((a) => Temporal.Instant.compare(Temporal.Instant.from(a.from), at) === 0)
        .map((a) => a.id),
      ending: advice
        .filter((a) => a.until !== null && Temporal.Instant.compare(Temporal.Instant.from(a.until), at) === 0)
        .map((a) => a.id),
      // Advice of a type this code does not know is shown as something to do rather than dropped.
      do: [...byType(["instruction", "restriction"]), ...active.filter((a) => !known.includes(a.type))],
      expect: byType(["expectation"]),
      redFlags: byType(["warning"]),
      scheduling: byType(["scheduling"]),
    };
  });

  const schedulingAdvice = advice.filter((a) => a.type === "scheduling");
  let nextSession: AftercareTimeline["nextSession"] = null;
  const firstScheduling = schedulingAdvice[0];
  if (firstScheduling) {
    const earliest = Temporal.Instant.from(firstScheduling.from).toZonedDateTimeISO(timeZone).toPlainDate();
    const latestInstant = firstScheduling.until ?? firstScheduling.from;
    const latest = Temporal.Instant.from(latestInstant).toZonedDateTimeISO(timeZone).toPlainDate();
    nextSession = { seriesRuleId, earliest: earliest.toString(), latest: latest.toString() };
  }

  return {
    protocol: protocolLabel(protocol),
    sessionEnd: end.toString(),
    timeZone,
    points,
    advice,
    nextSession,
    omitted,
  };
}

export interface WhereAmI {
  /** "before" the session ended, "during" the timeline, or "after" its last point began. */
  status: "before" | "during" | "after";
  elapsedHours: number;
  current: AftercarePoint | null;
  next: AftercarePoint | null;
  /** e.g. "6 hours after the session: Redness (like mild sunburn) ... expected; ..." */
  summary: string;
  /** Warning signs in force now: call the clinic if any of these happens. */
  callTheClinicIf: string[];
}

function elapsedLabel(hours: number): string {
  if (hours < 1) {
    const minutes = Math.floor(hours * 60);
    return `${minutes} ${minutes === 1 ? "minute" : "minutes"} after the session`;
  }
  if (hours < 48)
    return `${Math.floor(hours)} ${Math.floor(hours) === 1 ? "hour" : "hours"} after the session`;
  const days = Math.floor(hours / 24);
  if (days < 14) return `${days} days after the session`;
  return `${Math.floor(days / 7)} weeks after the session`;
}

/** Where a patient is on the timeline at instant `now`, and what comes next. */
export function whereAmI(timeline: AftercareTimeline, now: string): WhereAmI {
  const at = parseInstant(now, "now");
  const end = Temporal.Instant.from(timeline.sessionEnd);
  const elapsedHours = hoursBetween(end, at);
  const first = timeline.points[0] ?? null;
  if (Temporal.Instant.compare(at, end) < 0 || first === null) {
    return {
      status: "before",
      elapsedHours,
      current: null,
      next: first,
      summary: first
        ? `The session has not ended yet. From the end of the session: ${first.expect.map((a) => a.text).join(" ")}`
        : "The session has not ended yet.",
      callTheClinicIf: [],
    };
  }
  let index = 0;
  timeline.points.forEach((point, i) => {
    if (Temporal.Instant.compare(Temporal.Instant.from(point.start), at) <= 0) index = i;
  });
  const current = timeline.points[index] ?? first;
  const next = timeline.points[index + 1] ?? null;
  const said = [...current.expect, ...current.do, ...current.scheduling].map((a) => a.text);
  return {
    status: next ? "during" : "after",
    elapsedHours,
    current,
    next,
    summary: `${elapsedLabel(elapsedHours)}: ${said.join(" ")}`.trim(),
    callTheClinicIf: current.redFlags.map((a) => a.text),
  };
}

/**
 * The instant of a local wall-clock time in a zone (a value with Z or an offset is taken as it is),
 * refusing local times that do not exist or happen twice (the clock change): the caller must then
 * give an explicit offset.
 */
export function instantFromLocal(local: string, timeZone: string, field: string): string {
  const zone = checkTimeZone(timeZone, "timeZone");
  if (/T.*(?:[zZ]|[+-]\d{2}(?::?\d{2})?)$/.test(local)) return parseInstant(local, field).toString();
  let dateTime: Temporal.PlainDateTime;
  try {
    if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?$/.test(local)) throw new Error("format");
    dateTime = Temporal.PlainDateTime.from(local, { overflow: "reject" });
  } catch {
    throw new PathwayInputError(
      field,
      `${JSON.stringify(local)} is not a local date-time (YYYY-MM-DDTHH:MM)`,
    );
  }
  try {
    return dateTime.toZonedDateTime(zone, { disambiguation: "reject" }).toInstant().toString();
  } catch {
    throw new PathwayInputError(
      field,
      `${local} does not exist or happens twice in ${zone} (clock change); give an offset, e.g. ${local}+01:00`,
    );
  }
}

/** How long after the last session the warning signs of late reactions stay in view. */
export const LATE_WARNING_MONTHS = 3;

/**
 * Whether the warning signs of late reactions (lumps that do not go away, granulomas, dark
 * patches) are still shown: from the first session, through the series, until three calendar
 * months after the last session ended (on the clinic's calendar). Granulomas and dark patches
 * appear weeks to months later, so the 14-day warning window of one session is not enough.
 */
export function lateWarningSignsShown(lastSessionEnd: string, now: string, timeZone: string): boolean {
  const end = parseInstant(lastSessionEnd, "lastSessionEnd").toZonedDateTimeISO(timeZone);
  const until = end.add({ months: LATE_WARNING_MONTHS }).toInstant();
  return Temporal.Instant.compare(parseInstant(now, "now"), until) < 0;
}
