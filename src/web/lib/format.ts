// Formatting for people. Instants are shown in the clinic's own time zone (a patient abroad still
// sees the time on the clinic's clock); calendar dates such as a birth date never shift by zone.

import { todayIn as calendarToday } from "../../domain/calendar.ts";
import { currentLocale, intlLocale } from "../i18n/index.ts";

// One date format per language, through Intl: English keeps its "Tue 14 Oct 2025"; Spanish reads
// "mar, 14 oct 2025" as Intl writes it for es-ES.
const english = () => currentLocale() === "en";

function part(parts: Intl.DateTimeFormatPart[], type: Intl.DateTimeFormatPartTypes): string {
  return parts.find((p) => p.type === type)?.value ?? "";
}

/** "Tue 14 Oct 2025" for an instant, in the given time zone. */
export function formatDate(instant: string | Date, timeZone: string): string {
  const format = new Intl.DateTimeFormat(intlLocale(), {
    weekday: "short",
    day: "numeric",
    month: "short",
    year: "numeric",
    timeZone,
  });
  if (!english()) return format.format(new Date(instant));
  const parts = format.formatToParts(new Date(instant));
  return `${part(parts, "weekday")} ${part(parts, "day")} ${part(parts, "month")} ${part(parts, "year")}`;
}

/** "10:30" for an instant, in the given time zone. */
export function formatTime(instant: string | Date, timeZone: string): string {
  return new Intl.DateTimeFormat(intlLocale(), {
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
    timeZone,
  }).format(new Date(instant));
}

/** "Tue 14 Oct 2025, 10:30–11:30" for an appointment, in the given time zone. */
export function formatSlot(startsAt: string | Date, endsAt: string | Date, timeZone: string): string {
  return `${formatDate(startsAt, timeZone)}, ${formatTime(startsAt, timeZone)}–${formatTime(endsAt, timeZone)}`;
}

/** "Tue 14 Oct, 10:30" — short form for lists. */
export function formatShortDateTime(instant: string | Date, timeZone: string): string {
  const format = new Intl.DateTimeFormat(intlLocale(), {
    weekday: "short",
    day: "numeric",
    month: "short",
    timeZone,
  });
  if (!english()) return `${format.format(new Date(instant))}, ${formatTime(instant, timeZone)}`;
  const parts = format.formatToParts(new Date(instant));
  return `${part(parts, "weekday")} ${part(parts, "day")} ${part(parts, "month")}, ${formatTime(instant, timeZone)}`;
}

/** The short name of a zone at an instant, e.g. "GMT+1" or "BST". */
export function zoneName(instant: string | Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat(intlLocale(), { timeZone, timeZoneName: "short" }).formatToParts(
    new Date(instant),
  );
  return parts.find((part) => part.type === "timeZoneName")?.value ?? timeZone;
}

function parseCalendarDate(date: string): { year: number; month: number; day: number } | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(date);
  if (!match) return null;
  return { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
}

/** "3 Mar 1990" for a calendar date "1990-03-03". */
export function formatCalendarDate(date: string): string {
  const parts = parseCalendarDate(date);
  if (parts === null) return date;
  return new Intl.DateTimeFormat(intlLocale(), {
    day: "numeric",
    month: "short",
    year: "numeric",
    timeZone: "UTC",
  }).format(new Date(Date.UTC(parts.year, parts.month - 1, parts.day)));
}

/** "Tue 8 Dec" for a calendar date "2026-12-08": a day to pick, when the year goes without saying. */
export function formatDayChoice(date: string): string {
  const parts = parseCalendarDate(date);
  if (parts === null) return date;
  return new Intl.DateTimeFormat(intlLocale(), {
    weekday: "short",
    day: "numeric",
    month: "short",
    timeZone: "UTC",
  }).format(new Date(Date.UTC(parts.year, parts.month - 1, parts.day)));
}

/** Today's calendar date ("YYYY-MM-DD") in a time zone. */
export function todayIn(timeZone: string, now: Date): string {
  return calendarToday(timeZone, now.getTime());
}

/** Age in whole years on `today` (both "YYYY-MM-DD"); someone born on 29 Feb turns a year older on 1 Mar. */
export function ageOn(dateOfBirth: string, today: string): number | null {
  const born = parseCalendarDate(dateOfBirth);
  const now = parseCalendarDate(today);
  if (born === null || now === null) return null;
  const hadBirthday = now.month > born.month || (now.month === born.month && now.day >= born.day);
  return now.year - born.year - (hadBirthday ? 0 : 1);
}

/** A `tel:` link target: digits and a leading plus only. */
export function telHref(phone: string): string {
  return `tel:${phone.replace(/[^\d+]/g, "")}`;
}

export function fullName(person: { givenName: string; familyName: string }): string {
  return `${person.givenName} ${person.familyName}`;
}

const TITLES = new Set(["dr", "mr", "mrs", "ms", "mx", "miss", "prof"]);

/** "SA" for "Dr Sara Ahmed": the first two parts of a name, titles left out. */
export function initials(name: string): string {
  return name
    .split(/\s+/)
    .filter((part) => part !== "" && !TITLES.has(part.replace(/\.$/, "").toLowerCase()))
    .slice(0, 2)
    .map((part) => part[0]?.toUpperCase() ?? "")
    .join("");
}

/**
 * A price in the clinic's currency, as the page's language writes it: "£250", "£62.50",
 * "250 €". Whole amounts go without decimals, as price lists write them.
 */
export function formatMoney(cents: number, currency: string): string {
  const digits = cents % 100 === 0 ? 0 : 2;
  return new Intl.NumberFormat(intlLocale(), {
    style: "currency",
    currency,
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(cents / 100);
}
