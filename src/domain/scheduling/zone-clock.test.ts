import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { Temporal } from "temporal-polyfill";
import { dayNumber, isoDay, minutesOf, weekdayOf, zonedInstant, zonedWallClock } from "./zone-clock.ts";

// Zones with one-hour, half-hour and no daylight saving, midnight transitions, a skipped day
// (Apia, end of 2011) and southern-hemisphere summers.
const ZONES = [
  "Europe/London",
  "America/New_York",
  "Australia/Lord_Howe",
  "America/Sao_Paulo",
  "America/Havana",
  "Pacific/Apia",
  "Asia/Kathmandu",
  "Europe/Dublin",
  "UTC",
];

const temporalInstant = (tz: string, iso: string, minutes: number) =>
  Temporal.PlainDate.from(iso)
    .toZonedDateTime({
      timeZone: tz,
      plainTime: new Temporal.PlainTime(Math.floor(minutes / 60), minutes % 60),
    })
    .toInstant().epochMilliseconds;

/** Every quarter-hour of the days around each of the zone's transitions in a span of years. */
function transitionDays(tz: string, fromYear: number, toYear: number): string[] {
  const days: string[] = [];
  let t: Temporal.ZonedDateTime | null = Temporal.PlainDate.from(`${fromYear}-01-01`).toZonedDateTime(tz);
  while (t && t.year <= toYear) {
    t = t.getTimeZoneTransition("next");
    if (!t || t.year > toYear) break;
    for (let d = -1; d <= 1; d++) days.push(t.toPlainDate().add({ days: d }).toString());
  }
  return days;
}

describe("zone clock", () => {
  test("day numbers, ISO dates and weekdays agree with Temporal", () => {
    fc.assert(
      fc.property(fc.integer({ min: -40_000, max: 60_000 }), (day) => {
        const date = Temporal.PlainDate.from("1970-01-01").add({ days: day });
        assert.equal(isoDay(day), date.toString());
        assert.equal(dayNumber(date.toString()), day);
        assert.equal(weekdayOf(day), date.dayOfWeek);
      }),
    );
    assert.equal(minutesOf("09:30"), 570);
    assert.equal(minutesOf("17:45:00"), 1065);
    assert.equal(minutesOf("24:00"), 1440);
  });

  test("a wall-clock time gives Temporal's instant, gaps and folds included, around every transition", () => {
    for (const tz of ZONES) {
      for (const iso of transitionDays(tz, 2009, 2026)) {
        for (let m = 0; m <= 1440; m += 15) {
          const expected =
            m === 1440
              ? temporalInstant(tz, Temporal.PlainDate.from(iso).add({ days: 1 }).toString(), 0)
              : temporalInstant(tz, iso, m);
          assert.equal(zonedInstant(tz, dayNumber(iso), m), expected, `${tz} ${iso} +${m} min`);
        }
      }
    }
  });

  test("any date and time, in any order across zones, gives Temporal's instant and reads back", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES),
        fc.integer({ min: dayNumber("1950-01-01"), max: dayNumber("2060-12-31") }),
        fc.integer({ min: 0, max: 1439 }),
        (tz, day, m) => {
          const instant = zonedInstant(tz, day, m);
          assert.equal(instant, temporalInstant(tz, isoDay(day), m));
          const zoned = Temporal.Instant.fromEpochMilliseconds(instant).toZonedDateTimeISO(tz);
          const back = zonedWallClock(tz, instant);
          assert.equal(isoDay(back.day), zoned.toPlainDate().toString());
          assert.equal(back.minutes, zoned.hour * 60 + zoned.minute);
        },
      ),
      { numRuns: 2000 },
    );
  });

  test("an instant's local date and time agree with Temporal", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES),
        fc.integer({ min: Date.parse("1950-01-01"), max: Date.parse("2060-12-31") }),
        (tz, instant) => {
          const zoned = Temporal.Instant.fromEpochMilliseconds(instant).toZonedDateTimeISO(tz);
          const local = zonedWallClock(tz, instant);
          assert.equal(isoDay(local.day), zoned.toPlainDate().toString());
          assert.equal(local.minutes, zoned.hour * 60 + zoned.minute);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
