import { Temporal } from "temporal-polyfill";

/** The demo clinic's time zone. */
export const DEMO_TIME_ZONE = "Europe/London";

/** The date of weekday `dow` (1 = Monday) in the demo clinic, `weeksAhead` weeks after this one's next. */
export function weekday(dow: number, weeksAhead: number): Temporal.PlainDate {
  const today = Temporal.Now.plainDateISO(DEMO_TIME_ZONE);
  return today.add({ days: ((dow - today.dayOfWeek + 7) % 7) + 7 * weeksAhead });
}

/** The instant (ISO, UTC) of a wall-clock time on a date in the demo clinic. */
export function demoInstant(date: Temporal.PlainDate, hhmm: string): string {
  return date
    .toZonedDateTime({ timeZone: DEMO_TIME_ZONE, plainTime: Temporal.PlainTime.from(hhmm) })
    .toInstant()
    .toString();
}

/** The first day, at least two weeks from today, on which the demo clinic's clocks change. */
export function nextClockChange(): Temporal.PlainDate {
  const offsetOn = (d: Temporal.PlainDate) =>
    d.toZonedDateTime({ timeZone: DEMO_TIME_ZONE, plainTime: Temporal.PlainTime.from("12:00") }).offset;
  let change = Temporal.Now.plainDateISO(DEMO_TIME_ZONE).add({ weeks: 2 });
  while (offsetOn(change) === offsetOn(change.subtract({ days: 1 }))) change = change.add({ days: 1 });
  return change;
}
