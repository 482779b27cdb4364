/**
 * Fast, exact conversions between a time zone's wall clock and instants for the slot search's
 * inner loops, where Temporal objects per candidate would cost more than the search itself.
 *
 * Calendar days are numbered (days since 1970-01-01, so weekday and ISO date are arithmetic). A
 * zone's history is read from Temporal as spans of constant offset, remembered per zone (the same
 * answer every time: a cache, not state). A wall-clock time is `wall - offset` when that instant
 * lies well inside the span whose offset was used, at least two days from either end: any other
 * reading would be within 26 hours (the widest offset difference), so inside the same span, so the
 * same instant; there is neither a gap nor a fold. Near a transition the answer comes from Temporal
 * itself with its "compatible" choice (a skipped time moves forward, a repeated one takes the
 * earlier instant), exactly as `PlainDate.toZonedDateTime` gives it.
 */
import { Temporal } from "temporal-polyfill";

const MINUTE = 60_000;
const DAY = 86_400_000;
const MARGIN = 2 * DAY;

/** The day number of an ISO date ("2026-03-29"). */
export function dayNumber(iso: string): number {
  return Math.round(Date.parse(`${iso}T00:00:00Z`) / DAY);
}

/** The ISO date of a day number. */
export function isoDay(day: number): string {
  return new Date(day * DAY).toISOString().slice(0, 10);
}

/** ISO weekday (1 = Monday) of a day number: day 0, 1970-01-01, was a Thursday. */
export function weekdayOf(day: number): number {
  return ((((day + 3) % 7) + 7) % 7) + 1;
}

/** Minutes from midnight of "HH:MM" (seconds, if any, are ignored; "24:00" is 1440). */
export function minutesOf(hhmm: string): number {
  const d = [0, 1, 3, 4].map((i) => hhmm.charCodeAt(i) - 48);
  if (hhmm[2] === ":" && d.every((x) => x >= 0 && x <= 9))
    return (d[0]! * 10 + d[1]!) * 60 + d[2]! * 10 + d[3]!;
  const [h, m] = hhmm.split(":").map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

interface Span {
  start: number;
  end: number;
  offset: number;
}

const spans = new Map<string, Span[]>();
const recent = new Map<string, Span>();

/** The span of constant offset containing `instant`. */
function spanAt(timeZone: string, instant: number): Span {
  const list = spans.get(timeZone) ?? [];
  for (const s of list) if (s.start <= instant && instant < s.end) return s;
  const zoned = Temporal.Instant.fromEpochMilliseconds(instant).toZonedDateTimeISO(timeZone);
  // The last transition at or before the instant: "previous" is strictly before its argument.
  const previous = Temporal.Instant.fromEpochMilliseconds(instant + 1)
    .toZonedDateTimeISO(timeZone)
    .getTimeZoneTransition("previous");
  const next = zoned.getTimeZoneTransition("next");
  const span = {
    start: previous ? previous.epochMilliseconds : Number.NEGATIVE_INFINITY,
    end: next ? next.epochMilliseconds : Number.POSITIVE_INFINITY,
    offset: zoned.offsetNanoseconds / 1_000_000,
  };
  if (list.length >= 64) list.length = 0;
  list.push(span);
  spans.set(timeZone, list);
  return span;
}

/** The instant of `minutes` after the start of local day `day` (minutes may reach 1440 and beyond). */
export function zonedInstant(timeZone: string, day: number, minutes: number): number {
  const wall = day * DAY + minutes * MINUTE;
  const guess = recent.get(timeZone) ?? spanAt(timeZone, wall);
  const instant = wall - guess.offset;
  if (instant >= guess.start + MARGIN && instant < guess.end - MARGIN) return instant;
  const whole = Math.floor(minutes / 1440);
  const rest = minutes - whole * 1440;
  const exact = Temporal.PlainDate.from(isoDay(day + whole))
    .toZonedDateTime({ timeZone, plainTime: new Temporal.PlainTime(Math.floor(rest / 60), rest % 60) })
    .toInstant().epochMilliseconds;
  recent.set(timeZone, spanAt(timeZone, exact));
  return exact;
}

/** The local day number and minutes from midnight of an instant. */
export function zonedWallClock(timeZone: string, instant: number): { day: number; minutes: number } {
  let span = recent.get(timeZone);
  if (!span || instant < span.start || instant >= span.end) {
    span = spanAt(timeZone, instant);
    recent.set(timeZone, span);
  }
  const wall = instant + span.offset;
  const day = Math.floor(wall / DAY);
  return { day, minutes: Math.floor((wall - day * DAY) / MINUTE) };
}
