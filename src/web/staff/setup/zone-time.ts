import { Temporal } from "temporal-polyfill";

/** A `datetime-local` value read on the clinic's clock, as an ISO instant (the API takes instants). */
export function localToInstant(local: string, timeZone: string): string | null {
  try {
    return Temporal.PlainDateTime.from(local).toZonedDateTime(timeZone).toInstant().toString();
  } catch {
    return null;
  }
}

/** An instant as "21 Nov 2026, 09:00" on the clinic's clock. */
export function instantLabel(instant: Date | string, timeZone: string): string {
  return new Intl.DateTimeFormat("en-GB", {
    timeZone,
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
  }).format(new Date(instant));
}
