/**
 * Planning a series for a date the patient cares about (a wedding): the session dates that respect
 * the series rule (number of sessions, weeks between sessions) and put a result milestone (by
 * default the protocol's first-visible-improvement milestone) before the event; or a plain
 * statement that it cannot, with what is possible instead.
 *
 * Conservative by design: the milestone is counted from the LAST session of the series and must be
 * reached by the END of its window (by default) on or before the event date, so a plan never
 * promises results that the protocol only says may come.
 */
import { Temporal } from "temporal-polyfill";
import {
  findSeriesRule,
  type NumberRange,
  PathwayInputError,
  type PathwayProtocol,
  parseIsoDate,
  protocolLabel,
  type ResultMilestone,
  type SeriesRule,
  seriesRuleFor,
} from "./pathway-types.ts";

/** The milestone an event plan aims at unless the caller names another `resultsTimeline` id. */
export const DEFAULT_EVENT_MILESTONE_ID = "RES-VISIBLE";

export interface EventConcern {
  indication: string;
  goodmanBaronGrade?: number;
}

export interface EventPlanInput {
  eventDate: string;
  /** First day a session can be booked (e.g. after screening deferrals and prep). */
  earliestStart: string;
  /** The concerns to treat (indication ids, or with a Goodman & Baron grade). */
  concerns?: (string | EventConcern)[];
  /** Or one series rule id directly. */
  seriesRuleId?: string;
  /** Number of sessions wanted; default the series minimum. */
  sessions?: number;
  /** Weeks between sessions; default the shortest the series allows. */
  intervalWeeks?: number;
  /** `resultsTimeline` id to reach before the event; default DEFAULT_EVENT_MILESTONE_ID. */
  milestoneId?: string;
  /** "window-end" (default): reached by the end of the milestone's window; "window-start": may begin. */
  assurance?: "window-end" | "window-start";
}

export interface MilestoneAtEvent {
  id: string;
  text: string;
  from: string;
  to: string;
  /** True when the whole window ends on or before the event date. */
  beforeEvent: boolean;
}

export interface SeriesUsed {
  seriesRuleIds: string[];
  sessions: NumberRange;
  intervalWeeks: NumberRange;
  maintenanceMonths: NumberRange;
}

interface PlanBase {
  protocol: string;
  eventDate: string;
  earliestStart: string;
  milestoneId: string;
  assurance: "window-end" | "window-start";
  series: SeriesUsed;
  /** One sentence for patient and front desk. */
  statement: string;
}

export interface FeasibleEventPlan extends PlanBase {
  feasible: true;
  sessionDates: string[];
  intervalWeeks: number;
  /** Each result milestone counted from the last session, and whether it falls before the event. */
  milestones: MilestoneAtEvent[];
  /** The latest first session that still reaches the milestone with this count and interval. */
  latestFirstSession: string;
  /** The most sessions (up to the series maximum) that fit before the event at the shortest interval. */
  maxSessionsBeforeEvent: number;
}

export interface InfeasibleEventPlan extends PlanBase {
  feasible: false;
  reason: "event-not-after-start" | "not-enough-time" | "no-common-interval";
  possible: {
    /** Sessions (up to the count asked for) that fit at the shortest interval with the milestone before the event. */
    sessionsThatFit: number;
    /** Those sessions' dates. Fewer than the series needs is not a plan, only what fits. */
    scheduleThatFits: string[];
    /** The earliest date the milestone is reached with the full minimum series started on the earliest start. */
    earliestMilestoneDate: string | null;
    /** The first session would have had to be on or before this date. */
    latestStartNeeded: string | null;
  };
}

export type EventPlan = FeasibleEventPlan | InfeasibleEventPlan;

function combineSeries(rules: SeriesRule[]): SeriesUsed {
  // planAlgorithm.combined: sessions = max of mins .. max of maxes; interval = intersection.
  return {
    seriesRuleIds: [...new Set(rules.map((r) => r.id))],
    sessions: {
      min: Math.max(...rules.map((r) => r.sessions.min)),
      max: Math.max(...rules.map((r) => r.sessions.max)),
    },
    intervalWeeks: {
      min: Math.max(...rules.map((r) => r.intervalWeeks.min)),
      max: Math.min(...rules.map((r) => r.intervalWeeks.max)),
    },
    maintenanceMonths: {
      min: Math.max(...rules.map((r) => r.maintenanceMonths.min)),
      max: Math.min(...rules.map((r) => r.maintenanceMonths.max)),
    },
  };
}

function resolveSeries(input: EventPlanInput, protocol: PathwayProtocol): SeriesRule[] {
  if (input.seriesRuleId !== undefined) return [findSeriesRule(protocol, input.seriesRuleId, "seriesRuleId")];
  const concerns = input.concerns ?? [];
  if (!Array.isArray(concerns) || concerns.length === 0) {
    throw new PathwayInputError("concerns", "give at least one indication or a series rule id");
  }
  return concerns.map((concern, i) => {
    const field = `concerns[${i}]`;
    const c: EventConcern = typeof concern === "string" ? { indication: concern } : concern;
    if (typeof c !== "object" || c === null || typeof c.indication !== "string") {
      throw new PathwayInputError(field, "not an indication");
    }
    const grade = c.goodmanBaronGrade;
    if (grade !== undefined && (!Number.isInteger(grade) || grade < 1 || grade > 4)) {
      throw new PathwayInputError(
        `${field}.goodmanBaronGrade`,
        `${JSON.stringify(grade)} is not a grade 1-4`,
      );
    }
    // The clinic's chosen series alternative for the indication counts, as in plans and aftercare.
    return seriesRuleFor(protocol, c.indication, grade, field);
  });
}

function wholeNumberIn(
  value: number | undefined,
  range: NumberRange,
  fallback: number,
  field: string,
): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < range.min || value > range.max) {
    throw new PathwayInputError(field, `${JSON.stringify(value)} is outside ${range.min}-${range.max}`);
  }
  return value;
}

function list(dates: string[]): string {
  if (dates.length <= 1) return dates.join("");
  return `${dates.slice(0, -1).join(", ")} and ${dates[dates.length - 1]}`;
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Proposes the series for an event date, or says plainly that it cannot and what is possible. */
export function planForEvent(input: EventPlanInput, protocol: PathwayProtocol): EventPlan {
  if (typeof input !== "object" || input === null) throw new PathwayInputError("input", "not an object");
  const event = parseIsoDate(input.eventDate, "eventDate");
  const start = parseIsoDate(input.earliestStart, "earliestStart");
  const assurance = input.assurance ?? "window-end";
  if (assurance !== "window-end" && assurance !== "window-start") {
    throw new PathwayInputError(
      "assurance",
      `${JSON.stringify(assurance)} is not window-end or window-start`,
    );
  }
  const milestoneId = input.milestoneId ?? DEFAULT_EVENT_MILESTONE_ID;
  const milestone: ResultMilestone | undefined = protocol.resultsTimeline.find((m) => m.id === milestoneId);
  if (!milestone) {
    const known = protocol.resultsTimeline.map((m) => m.id).join(", ");
    throw new PathwayInputError(
      "milestoneId",
      `unknown milestone ${JSON.stringify(milestoneId)} (known: ${known})`,
    );
  }
  const series = combineSeries(resolveSeries(input, protocol));
  const base = {
    protocol: protocolLabel(protocol),
    eventDate: event.toString(),
    earliestStart: start.toString(),
    milestoneId,
    assurance,
    series,
  };
  const milestoneName = milestone.text.replace(/\.$/, "").toLowerCase();
  const noPossibility = {
    sessionsThatFit: 0,
    scheduleThatFits: [],
    earliestMilestoneDate: null,
    latestStartNeeded: null,
  };

  if (series.intervalWeeks.min > series.intervalWeeks.max) {
    return {
      ...base,
      feasible: false,
      reason: "no-common-interval",
      statement:
        `The series for these concerns have no interval in common (${series.seriesRuleIds.join(", ")}): ` +
        "plan them as separate series.",
      possible: noPossibility,
    };
  }
  const sessions = wholeNumberIn(input.sessions, series.sessions, series.sessions.min, "sessions");
  const weeks = wholeNumberIn(
    input.intervalWeeks,
    series.intervalWeeks,
    series.intervalWeeks.min,
    "intervalWeeks",
  );
  const minWeeks = series.intervalWeeks.min;
  const reachDays = assurance === "window-end" ? milestone.endDays : milestone.startDays;
  // The last session must fall on or before this date for the milestone to be reached by the event.
  const lastSessionBy = event.subtract({ days: reachDays });
  const onOrBefore = (a: Temporal.PlainDate, b: Temporal.PlainDate) => Temporal.PlainDate.compare(a, b) <= 0;

  const fitAtShortest = (max: number): number => {
    let k = 0;
    while (k < max && onOrBefore(start.add({ weeks: k * minWeeks }), lastSessionBy)) k++;
    return k;
  };

  if (!onOrBefore(start, event) || start.equals(event)) {
    return {
      ...base,
      feasible: false,
      reason: "event-not-after-start",
      statement: `The event (${event}) is not after the earliest possible first session (${start}).`,
      possible: noPossibility,
    };
  }

  const dates = Array.from({ length: sessions }, (_, i) => start.add({ weeks: i * weeks }));
  const last = dates[dates.length - 1]!;
  if (onOrBefore(last, lastSessionBy)) {
    const milestones: MilestoneAtEvent[] = protocol.resultsTimeline.map((m) => {
      const to = last.add({ days: m.endDays });
      return {
        id: m.id,
        text: m.text,
        from: last.add({ days: m.startDays }).toString(),
        to: to.toString(),
        beforeEvent: onOrBefore(to, event),
      };
    });
    const reached = last.add({ days: reachDays });
    const sessionDates = dates.map((d) => d.toString());
    return {
      ...base,
      feasible: true,
      sessionDates,
      intervalWeeks: weeks,
      milestones,
      latestFirstSession: lastSessionBy.subtract({ weeks: (sessions - 1) * weeks }).toString(),
      maxSessionsBeforeEvent: fitAtShortest(series.sessions.max),
      statement:
        `${plural(sessions, "session", "sessions")}${sessions > 1 ? ` ${plural(weeks, "week", "weeks")} apart` : ""} ` +
        `on ${list(sessionDates)}: ${milestoneName} expected by ${reached}, ` +
        `before the event on ${event}.`,
    };
  }

  const sessionsThatFit = fitAtShortest(sessions);
  const fastestLast = start.add({ weeks: (sessions - 1) * minWeeks });
  const earliestMilestoneDate = fastestLast.add({ days: reachDays });
  const latestStartNeeded = lastSessionBy.subtract({ weeks: (sessions - 1) * minWeeks });
  const scheduleThatFits = Array.from({ length: sessionsThatFit }, (_, i) =>
    start.add({ weeks: i * minWeeks }).toString(),
  );
  let statement: string;
  if (sessionsThatFit === sessions) {
    // Only the requested interval is too long; the shortest the series allows would do.
    statement =
      `Not possible with ${plural(weeks, "week", "weeks")} between sessions: ${milestoneName} would come after ` +
      `the event on ${event}. ${plural(minWeeks, "week", "weeks")} apart fits: ${list(scheduleThatFits)}.`;
  } else {
    const fits =
      sessionsThatFit === 0
        ? "Not even one session fits in time."
        : `Only ${plural(sessionsThatFit, "session fits", "sessions fit")} in time, fewer than the ${sessions} the series needs.`;
    statement =
      `Not possible: ${plural(sessions, "session", "sessions")} at least ${plural(minWeeks, "week", "weeks")} apart ` +
      `from ${start} give ${milestoneName} by ${earliestMilestoneDate} at the earliest, after the event on ${event}. ` +
      `${fits} To be ready for the event the series would have had to start by ${latestStartNeeded}.`;
  }
  return {
    ...base,
    feasible: false,
    reason: "not-enough-time",
    statement,
    possible: {
      sessionsThatFit,
      scheduleThatFits,
      earliestMilestoneDate: earliestMilestoneDate.toString(),
      latestStartNeeded: latestStartNeeded.toString(),
    },
  };
}
