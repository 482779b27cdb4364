/**
 * iCalendar (RFC 5545) for appointments: one VEVENT per appointment with a stable UID, a UTC
 * DTSTAMP, and local times with TZID backed by a VTIMEZONE, so calendar apps show the clinic's
 * wall-clock time across clock changes.
 */
import { ICalCalendar, ICalEventStatus } from "ical-generator";
import { Temporal } from "temporal-polyfill";
import { tzlib_get_ical_block } from "timezones-ical-library";

export interface IcsAppointment {
  id: string;
  startsAt: Date;
  endsAt: Date;
  timeZone: string;
  title: string;
  status: string;
  location: string | null;
  description: string | null;
  updatedAt: Date;
}

const localString = (d: Date, tz: string) =>
  Temporal.Instant.fromEpochMilliseconds(d.getTime())
    .toZonedDateTimeISO(tz)
    .toPlainDateTime()
    .toString({ smallestUnit: "second" });

// A zone's VTIMEZONE block, made once per zone: building it costs more than the rest of a file.
const zoneBlocks = new Map<string, string | null>();
const zoneBlock = (tz: string) => {
  if (!zoneBlocks.has(tz)) zoneBlocks.set(tz, tzlib_get_ical_block(tz)[0] ?? null);
  return zoneBlocks.get(tz) ?? null;
};

export function appointmentsToIcs(name: string, items: IcsAppointment[], host: string): string {
  const cal = new ICalCalendar({ prodId: { company: "Remodel", product: "Remodel", language: "EN" }, name });
  cal.timezone({ name: null, generator: zoneBlock });
  for (const a of items) {
    cal.createEvent({
      id: `${a.id}@${host}`,
      stamp: a.updatedAt,
      start: localString(a.startsAt, a.timeZone),
      end: localString(a.endsAt, a.timeZone),
      timezone: a.timeZone,
      summary: a.title,
      location: a.location,
      description: a.description,
      status:
        a.status === "cancelled" || a.status === "no_show"
          ? ICalEventStatus.CANCELLED
          : ICalEventStatus.CONFIRMED,
    });
  }
  return cal.toString();
}
