/**
 * A provider's working hours over a few days, cut into free and busy stretches: the Slots of
 * their FHIR Schedule. Busy is a booked appointment (or a hold); unavailable is time off. Pure:
 * the caller loads the hours and the busy times for the same days.
 */
import { Temporal } from "temporal-polyfill";
import { localInstant } from "./slots.ts";

export interface ProviderHoursInput {
  locationId: string;
  /** ISO weekday, 1 = Monday. */
  weekday: number;
  /** Clinic-local wall-clock "HH:MM" or "HH:MM:SS". */
  starts: string;
  ends: string;
  timeZone: string;
}

export interface BusyTime {
  start: number;
  end: number;
  kind: "appointment" | "time-off";
}

export interface ProviderSlot {
  locationId: string;
  start: number;
  end: number;
  status: "free" | "busy" | "busy-unavailable";
}

/** At most this many days are cut into slots per request, so a search stays bounded. */
export const MAX_SLOT_DAYS = 31;

interface Merged {
  start: number;
  end: number;
  timeOff: boolean;
}

function merge(busy: readonly BusyTime[]): Merged[] {
  const out: Merged[] = [];
  for (const b of [...busy].filter((x) => x.end > x.start).sort((a, c) => a.start - c.start)) {
    const last = out[out.length - 1];
    if (last && b.start < last.end) {
      last.end = Math.max(last.end, b.end);
      last.timeOff ||= b.kind === "time-off";
    } else out.push({ start: b.start, end: b.end, timeOff: b.kind === "time-off" });
  }
  return out;
}

/**
 * Slots from `firstDay` to `lastDay` (calendar dates, inclusive; at most MAX_SLOT_DAYS), earliest
 * first: each stretch of working hours becomes free slots between busy ones.
 */
export function providerSlots(
  hours: readonly ProviderHoursInput[],
  busy: readonly BusyTime[],
  firstDay: string,
  lastDay: string,
): ProviderSlot[] {
  const first = Temporal.PlainDate.from(firstDay);
  const last = Temporal.PlainDate.from(lastDay);
  if (Temporal.PlainDate.compare(first, last) > 0) return [];
  if (first.until(last).days >= MAX_SLOT_DAYS) throw new RangeError(`at most ${MAX_SLOT_DAYS} days of slots`);
  const blocks = merge(busy);
  const out: ProviderSlot[] = [];
  for (let date = first; Temporal.PlainDate.compare(date, last) <= 0; date = date.add({ days: 1 })) {
    for (const h of hours) {
      if (h.weekday !== date.dayOfWeek) continue;
      const start = localInstant(date, h.starts, h.timeZone);
      const end = localInstant(date, h.ends, h.timeZone);
      let cursor = start;
      for (const b of blocks) {
        if (b.end <= cursor || b.start >= end) continue;
        if (b.start > cursor)
          out.push({ locationId: h.locationId, start: cursor, end: b.start, status: "free" });
        const busyEnd = Math.min(b.end, end);
        out.push({
          locationId: h.locationId,
          start: Math.max(b.start, cursor),
          end: busyEnd,
          status: b.timeOff ? "busy-unavailable" : "busy",
        });
        cursor = busyEnd;
      }
      if (cursor < end) out.push({ locationId: h.locationId, start: cursor, end, status: "free" });
    }
  }
  return out.sort((a, b) => a.start - b.start || a.end - b.end);
}
