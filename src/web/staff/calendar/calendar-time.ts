// Clinic-clock arithmetic for the calendar: days and minutes in the clinic's time zone, whatever
// zone the browser is in, across clock changes.
import { Temporal } from "temporal-polyfill";
import { addDays, todayIn } from "../../../domain/calendar.ts";

export { addDays };

export const DAY_START_HOUR = 8;
export const DAY_END_HOUR = 20;

export function todayInZone(tz: string): string {
  return todayIn(tz, Date.now());
}

/** Monday of the week of `date`. */
export function weekStart(date: string): string {
  const d = Temporal.PlainDate.from(date);
  return d.subtract({ days: d.dayOfWeek - 1 }).toString();
}

/** The instant a local date and "HH:MM" denote in the zone (ISO, UTC). */
export function instantOf(date: string, time: string, tz: string): string {
  return Temporal.PlainDate.from(date)
    .toZonedDateTime({ timeZone: tz, plainTime: Temporal.PlainTime.from(time) })
    .toInstant()
    .toString();
}

export function dayBounds(first: string, days: number, tz: string): { from: string; to: string } {
  return { from: instantOf(first, "00:00", tz), to: instantOf(addDays(first, days), "00:00", tz) };
}

/** Local date and minutes since midnight of an instant. */
export function localOf(instant: Date | string, tz: string): { date: string; minutes: number; time: string } {
  const at =
    typeof instant === "string"
      ? Temporal.Instant.from(instant)
      : Temporal.Instant.fromEpochMilliseconds(instant.getTime());
  const z = at.toZonedDateTimeISO(tz);
  const time = `${String(z.hour).padStart(2, "0")}:${String(z.minute).padStart(2, "0")}`;
  return { date: z.toPlainDate().toString(), minutes: z.hour * 60 + z.minute, time };
}

/** Nearest quarter hour of a pixel offset in a day column. */
export function timeAtOffset(offsetPx: number, pxPerMinute: number): string {
  const minutes = DAY_START_HOUR * 60 + Math.round(offsetPx / pxPerMinute / 15) * 15;
  const clamped = Math.max(DAY_START_HOUR * 60, Math.min(DAY_END_HOUR * 60 - 15, minutes));
  return `${String(Math.floor(clamped / 60)).padStart(2, "0")}:${String(clamped % 60).padStart(2, "0")}`;
}

export function dayLabel(date: string): string {
  return new Intl.DateTimeFormat("en-GB", {
    weekday: "short",
    day: "numeric",
    month: "short",
    timeZone: "UTC",
  }).format(new Date(`${date}T12:00:00Z`));
}
