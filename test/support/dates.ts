import { Temporal } from "temporal-polyfill";

/** The demo clinic's time zone. */
export const DEMO_TIME_ZONE = "Europe/London";

/** The date of weekday `dow` (1 = Monday) in the demo clinic, `weeksAhead` weeks after this one's next. */
export function weekday(dow: number, weeksAhead: number): Temporal.PlainDate {
  const today = Temporal.Now.plainDateISO(DEMO_TIME_ZONE);
  return today.add({ days: ((dow - today.dayOfWeek + 7) % 7) + 7 * weeksAhead });
}
