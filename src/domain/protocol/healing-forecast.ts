/**
 * The healing forecast for a series of session dates: for each session the wound-healing phases
 * (inflammation, proliferation, remodeling) as calendar date ranges, once with the articles'
 * durations and once with the literature's, both as `healingPhases` gives them; and the result
 * milestones of `resultsTimeline` for each session and for the series.
 *
 * A milestone for the series is given twice: counted from the first session (the earliest it may
 * show) and counted from the last one (what the whole series is expected to give). Quoting the
 * later one never over-promises, which is why event planning uses it.
 */
import { Temporal } from "temporal-polyfill";
import {
  PathwayInputError,
  type PathwayProtocol,
  type PhaseDays,
  parseIsoDate,
  protocolLabel,
  sourceIds,
} from "./pathway-types.ts";

export interface HealingForecastInput {
  /** Session dates (YYYY-MM-DD), in order, one session a day at most. */
  sessionDates: string[];
}

export interface PhaseSpan {
  startDay: number;
  peakDay: number | null;
  endDay: number | null;
  start: string;
  /** Null when the source names no peak. */
  peak: string | null;
  /** Null when the source gives no end (the phase runs on). */
  end: string | null;
}

export interface PhaseForecast {
  id: string;
  /** The articles' durations (the default ruleset). */
  blogDefault: PhaseSpan;
  /** The literature's durations. */
  literature: PhaseSpan;
  note: string | null;
  source: string[];
}

export interface DateRange {
  from: string;
  to: string;
}

export interface MilestoneForecast {
  id: string;
  text: string;
  claimStatus: string | null;
  source: string[];
  from: string;
  to: string;
}

export interface SessionForecast {
  /** 1-based position in the series. */
  session: number;
  date: string;
  phases: PhaseForecast[];
  milestones: MilestoneForecast[];
}

export interface SeriesMilestone {
  id: string;
  text: string;
  claimStatus: string | null;
  note: string | null;
  source: string[];
  /** Counted from the first session: the earliest the milestone may show. */
  afterFirstSession: DateRange;
  /** Counted from the last session: what the whole series is expected to give. */
  afterSeries: DateRange;
}

export interface HealingForecast {
  protocol: string;
  firstSession: string;
  lastSession: string;
  sessions: SessionForecast[];
  milestones: SeriesMilestone[];
}

function span(date: Temporal.PlainDate, days: PhaseDays): PhaseSpan {
  const at = (n: number | null) => (n === null ? null : date.add({ days: n }).toString());
  return {
    startDay: days.startDay,
    peakDay: days.peakDay,
    endDay: days.endDay,
    start: date.add({ days: days.startDay }).toString(),
    peak: at(days.peakDay),
    end: at(days.endDay),
  };
}

function range(date: Temporal.PlainDate, startDays: number, endDays: number): DateRange {
  return { from: date.add({ days: startDays }).toString(), to: date.add({ days: endDays }).toString() };
}

/** Checks and parses the session dates: at least one, real dates, strictly increasing. */
export function parseSessionDates(value: unknown, field = "sessionDates"): Temporal.PlainDate[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new PathwayInputError(field, "give at least one session date");
  }
  const dates = value.map((d, i) => parseIsoDate(d, `${field}[${i}]`));
  dates.forEach((date, i) => {
    const previous = dates[i - 1];
    if (previous && Temporal.PlainDate.compare(date, previous) <= 0) {
      throw new PathwayInputError(`${field}[${i}]`, `${date} is not after ${field}[${i - 1}] (${previous})`);
    }
  });
  return dates;
}

/** The phases and result milestones for every session of a series, as calendar dates. */
export function forecastHealing(input: HealingForecastInput, protocol: PathwayProtocol): HealingForecast {
  if (typeof input !== "object" || input === null) throw new PathwayInputError("input", "not an object");
  const dates = parseSessionDates(input.sessionDates);
  const first = dates[0]!;
  const last = dates[dates.length - 1]!;

  const sessions: SessionForecast[] = dates.map((date, i) => ({
    session: i + 1,
    date: date.toString(),
    phases: protocol.healingPhases.map((phase) => ({
      id: phase.id,
      blogDefault: span(date, phase.blogDefault),
      literature: span(date, phase.literature),
      note: phase.note ?? null,
      source: sourceIds(phase.source),
    })),
    milestones: protocol.resultsTimeline.map((m) => ({
      id: m.id,
      text: m.text,
      claimStatus: m.claimStatus ?? null,
      source: sourceIds(m.source),
      ...range(date, m.startDays, m.endDays),
    })),
  }));

  const milestones: SeriesMilestone[] = protocol.resultsTimeline.map((m) => ({
    id: m.id,
    text: m.text,
    claimStatus: m.claimStatus ?? null,
    note: m.note ?? null,
    source: sourceIds(m.source),
    afterFirstSession: range(first, m.startDays, m.endDays),
    afterSeries: range(last, m.startDays, m.endDays),
  }));

  return {
    protocol: protocolLabel(protocol),
    firstSession: first.toString(),
    lastSession: last.toString(),
    sessions,
    milestones,
  };
}
