/**
 * ISO calendar dates (YYYY-MM-DD, clinic-local, no time) as plain strings, with the two pieces of
 * arithmetic the protocol needs: N calendar days, and N calendar months clamped to the end of a
 * shorter month (2025-12-31 + 6 months = 2026-06-30).
 *
 * Integer arithmetic on the proleptic Gregorian calendar, not Temporal: the screening hot path
 * parses and shifts several dates per patient, and the Temporal polyfill costs about 6 µs per
 * from+add+toString, which alone would cap screening near the 50,000/s target. The tests check
 * these functions against Temporal.PlainDate on generated dates.
 *
 * Valid ISO date strings of four-digit years compare chronologically as strings, so callers
 * compare with `<` directly.
 */

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** true for a real calendar day written YYYY-MM-DD ("2025-02-29" is false, "2024-02-29" true). */
export function isCalendarDate(value: string): boolean {
  const m = DATE_PATTERN.exec(value);
  if (!m) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function formatDate(year: number, month: number, day: number): string {
  const y =
    year < 0
      ? `-${String(-year).padStart(6, "0")}`
      : year < 10000
        ? String(year).padStart(4, "0")
        : `+${year}`;
  return `${y}-${pad2(month)}-${pad2(day)}`;
}

// Days since 1970-01-01 from a civil date and back (H. Hinnant's algorithms, 400-year eras).
function toEpochDay(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function fromEpochDay(epochDay: number): string {
  const z = epochDay + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return formatDate(year, month, day);
}

function parts(date: string): [number, number, number] {
  // Callers pass validated dates; the fixed layout makes slicing safe and fast.
  return [Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10))];
}

/** date + n calendar days. */
export function addDays(date: string, n: number): string {
  const [y, m, d] = parts(date);
  return fromEpochDay(toEpochDay(y, m, d) + n);
}

/** date + n calendar months; a day missing from the target month becomes its last day. */
export function addMonths(date: string, n: number): string {
  const [y, m, d] = parts(date);
  const monthIndex = y * 12 + (m - 1) + n;
  const year = Math.floor(monthIndex / 12);
  const month = monthIndex - year * 12 + 1;
  return formatDate(year, month, Math.min(d, daysInMonth(year, month)));
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  const [y1, m1, d1] = parts(from);
  const [y2, m2, d2] = parts(to);
  return toEpochDay(y2, m2, d2) - toEpochDay(y1, m1, d1);
}

/**
 * The local calendar date, in `timeZone`, of the instant `now` (milliseconds since 1970). Through
 * Intl, not Temporal, so the public pages that show dates do not download the Temporal polyfill;
 * one formatter per zone is kept, as building one is the costly part.
 */
export function todayIn(timeZone: string, now: number): string {
  let format = dayFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-CA", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
    });
    dayFormats.set(timeZone, format);
  }
  return format.format(now);
}
const dayFormats = new Map<string, Intl.DateTimeFormat>();
