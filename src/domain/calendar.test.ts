import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { Temporal } from "temporal-polyfill";
import { addDays, addMonths, daysBetween, isCalendarDate, todayIn } from "./calendar.ts";

describe("isCalendarDate", () => {
  const cases: [string, boolean][] = [
    ["2024-02-29", true],
    ["2025-02-29", false],
    ["2000-02-29", true],
    ["1900-02-29", false],
    ["2025-02-30", false],
    ["2025-04-31", false],
    ["2025-04-30", true],
    ["2025-12-31", true],
    ["2025-13-01", false],
    ["2025-00-10", false],
    ["2025-01-00", false],
    ["2025-1-01", false],
    ["2025-01-01T00:00", false],
    ["", false],
  ];
  for (const [value, expected] of cases) {
    test(`${JSON.stringify(value)} -> ${expected}`, () => assert.equal(isCalendarDate(value), expected));
  }
});

describe("addMonths clamps to the end of a shorter month", () => {
  const cases: [string, number, string][] = [
    ["2025-12-31", 6, "2026-06-30"],
    ["2024-08-31", 6, "2025-02-28"],
    ["2023-08-31", 6, "2024-02-29"],
    ["2024-02-29", 12, "2025-02-28"],
    ["2024-02-29", 48, "2028-02-29"],
    ["2025-01-31", 1, "2025-02-28"],
    ["2025-03-31", -1, "2025-02-28"],
    ["2025-06-15", 6, "2025-12-15"],
    ["2025-07-31", 6, "2026-01-31"],
    ["2025-12-01", 0, "2025-12-01"],
  ];
  for (const [date, months, expected] of cases) {
    test(`${date} + ${months} months = ${expected}`, () => assert.equal(addMonths(date, months), expected));
  }
});

describe("addDays", () => {
  const cases: [string, number, string][] = [
    ["2026-02-09", 7, "2026-02-16"],
    ["2024-02-28", 1, "2024-02-29"],
    ["2025-02-28", 1, "2025-03-01"],
    ["2025-12-31", 1, "2026-01-01"],
    ["2026-03-01", -1, "2026-02-28"],
    ["2026-10-31", 7, "2026-11-07"],
  ];
  for (const [date, days, expected] of cases) {
    test(`${date} + ${days} days = ${expected}`, () => assert.equal(addDays(date, days), expected));
  }
});

const isoDate = fc
  .date({ min: new Date("1900-01-01T00:00:00Z"), max: new Date("2399-12-31T00:00:00Z"), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

describe("agrees with Temporal.PlainDate", () => {
  test("addMonths (constrain overflow)", () => {
    fc.assert(
      fc.property(isoDate, fc.integer({ min: -60, max: 60 }), (date, months) => {
        const expected = Temporal.PlainDate.from(date).add({ months }, { overflow: "constrain" }).toString();
        assert.equal(addMonths(date, months), expected);
      }),
      { numRuns: 2000 },
    );
  });
  test("addDays and daysBetween", () => {
    fc.assert(
      fc.property(isoDate, fc.integer({ min: -3000, max: 3000 }), (date, days) => {
        const expected = Temporal.PlainDate.from(date).add({ days }).toString();
        assert.equal(addDays(date, days), expected);
        assert.equal(daysBetween(date, expected), days);
      }),
      { numRuns: 2000 },
    );
  });
  test("isCalendarDate accepts exactly what Temporal accepts", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1900, max: 2400 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 31 }),
        (y, m, d) => {
          const text = `${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
          let real = true;
          try {
            Temporal.PlainDate.from(text, { overflow: "reject" });
          } catch {
            real = false;
          }
          assert.equal(isCalendarDate(text), real);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe("todayIn", () => {
  const zones = ["Europe/London", "America/Los_Angeles", "Pacific/Kiritimati", "Pacific/Pago_Pago", "UTC"];
  test("is the zone's local date of the instant, as Temporal gives it", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.integer({ min: Date.UTC(1970, 0, 1), max: Date.UTC(2199, 11, 31) }),
        (zone, now) => {
          const expected = Temporal.Instant.fromEpochMilliseconds(now).toZonedDateTimeISO(zone).toPlainDate();
          assert.equal(todayIn(zone, now), expected.toString());
        },
      ),
      { numRuns: 500 },
    );
  });
});
