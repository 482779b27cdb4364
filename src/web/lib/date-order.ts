// Dates typed as three numbers (day, month, year) in the order the reader's locale writes them, so
// that "03/04/1980" can never be read the other way round. Which locale: the page's language and,
// in English, the clinic's region when the app knows it (a Europe/ time zone writes dates as the UK
// does), otherwise the browser's own English. The value in and out stays "YYYY-MM-DD".
import type { Locale } from "../i18n/index.ts";

export type DatePart = "day" | "month" | "year";
export type DateBoxes = Record<DatePart, string>;
export type DateProblem = "incomplete" | "invalid" | "early" | "late";

const EMPTY: DateBoxes = { day: "", month: "", year: "" };

function supported(tag: string | undefined): tag is string {
  if (!tag) return false;
  try {
    return Intl.DateTimeFormat.supportedLocalesOf([tag]).length === 1;
  } catch {
    return false;
  }
}

/**
 * The locale a date is typed and read in: Spanish pages follow a Spanish browser's region
 * (es-ES otherwise); English pages a clinic in Europe (en-GB), else the browser's English, else en-GB.
 */
export function dateLocale(
  language: Locale,
  clinicTimeZone: string | null,
  browserLanguages: readonly string[],
): string {
  const browser = browserLanguages.find((tag) => tag.toLowerCase().startsWith(`${language}-`));
  if (language === "en" && clinicTimeZone?.startsWith("Europe/")) return "en-GB";
  if (supported(browser)) return browser;
  return language === "es" ? "es-ES" : "en-GB";
}

const orders = new Map<string, DatePart[]>();

/** The order the locale writes a numeric date in: en-GB and es day-month-year, en-US month-day-year. */
export function dateOrder(locale: string): DatePart[] {
  let order = orders.get(locale);
  if (order === undefined) {
    const parts = new Intl.DateTimeFormat(locale, {
      day: "numeric",
      month: "numeric",
      year: "numeric",
      timeZone: "UTC",
    }).formatToParts(Date.UTC(2026, 11, 8));
    order = parts
      .map((p) => p.type)
      .filter((t): t is DatePart => t === "day" || t === "month" || t === "year");
    if (order.length !== 3) order = ["day", "month", "year"];
    orders.set(locale, order);
  }
  return order;
}

function daysIn(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** The boxes of a "YYYY-MM-DD" value ("8", "12", "2026"); empty for anything else. */
export function boxesOf(value: string): DateBoxes {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return EMPTY;
  return { day: String(Number(m[3])), month: String(Number(m[2])), year: m[1] as string };
}

/** "YYYY-MM-DD" for boxes that make a date that exists, else null (31 April, 29 Feb 2025). */
export function isoOfBoxes(boxes: DateBoxes): string | null {
  const { day, month, year } = boxes;
  if (!/^\d{1,2}$/.test(day.trim()) || !/^\d{1,2}$/.test(month.trim()) || !/^\d{4}$/.test(year.trim())) {
    return null;
  }
  const [d, m, y] = [Number(day), Number(month), Number(year)];
  if (y < 1 || m < 1 || m > 12 || d < 1 || d > daysIn(y, m)) return null;
  return `${year.trim()}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

/** What is wrong with the boxes, if anything (all empty is no date, not a problem). */
export function dateProblem(boxes: DateBoxes, min?: string, max?: string): DateProblem | null {
  if (boxes.day.trim() === "" && boxes.month.trim() === "" && boxes.year.trim() === "") return null;
  if (boxes.day.trim() === "" || boxes.month.trim() === "" || boxes.year.trim().length < 4)
    return "incomplete";
  const value = isoOfBoxes(boxes);
  if (value === null) return "invalid";
  if (min && value < min) return "early";
  if (max && value > max) return "late";
  return null;
}

/** A calendar date in words in the locale: "Tuesday, 8 December 2026" (with the weekday) or "8 December 2026". */
export function dateInWords(value: string, locale: string, weekday = true): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return "";
  const instant = new Date(Date.UTC(2000, Number(m[2]) - 1, Number(m[3])));
  instant.setUTCFullYear(Number(m[1]));
  return new Intl.DateTimeFormat(locale, {
    weekday: weekday ? "long" : undefined,
    day: "numeric",
    month: "long",
    year: "numeric",
    timeZone: "UTC",
  }).format(instant);
}
