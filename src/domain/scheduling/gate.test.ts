import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { Temporal } from "temporal-polyfill";
import { firstSeriesDate, seriesCheck } from "./gate.ts";
import type { SeriesContext } from "./types.ts";
import { dayNumber, isoDay } from "./zone-clock.ts";

/** The series check counted with Temporal dates throughout: what the gate must answer. */
function temporalSeriesCheck(series: SeriesContext) {
  const spans = series.sessionDates.map((d) => {
    const day = Temporal.PlainDate.from(d);
    return {
      date: d,
      notBefore: day.add({ weeks: series.intervalWeeks.min }).toString(),
      notAfter: day.subtract({ weeks: series.intervalWeeks.min }).toString(),
      maxUntil: day.add({ weeks: series.intervalWeeks.max }).toString(),
    };
  });
  return (date: string) => {
    let allowed = true;
    let previous: (typeof spans)[number] | null = null;
    for (const s of spans) {
      if (date < s.notBefore && date > s.notAfter) allowed = false;
      if (s.date < date && (previous === null || s.date > previous.date)) previous = s;
    }
    return { allowed, pastMax: previous !== null && date > previous.maxUntil };
  };
}

function temporalFirstSeriesDate(
  check: (date: string) => { allowed: boolean },
  from: string,
  limit: string,
): string | null {
  for (let d = Temporal.PlainDate.from(from); d.toString() <= limit; d = d.add({ days: 1 })) {
    if (check(d.toString()).allowed) return d.toString();
  }
  return null;
}

const date = (min: string, max: string) =>
  fc.integer({ min: dayNumber(min), max: dayNumber(max) }).map((n) => isoDay(n));

describe("series gate on day numbers", () => {
  test("allowed and past-the-maximum agree with Temporal's dates, for any sessions, interval and date", () => {
    fc.assert(
      fc.property(
        fc.array(date("1990-01-01", "2060-12-31"), { maxLength: 8 }),
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: 0, max: 60 }),
        date("1989-01-01", "2062-12-31"),
        (sessionDates, min, extra, on) => {
          const series = {
            sessionDates,
            intervalWeeks: { min, max: min + extra },
            seriesRuleId: "SER-GENERAL",
          };
          assert.deepEqual(seriesCheck(series)(on), temporalSeriesCheck(series)(on));
        },
      ),
      { numRuns: 2000 },
    );
  });

  test("every date of a span, and the first allowed one, agree with Temporal", () => {
    fc.assert(
      fc.property(
        fc.array(date("2020-01-01", "2030-12-31"), { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 0, max: 26 }),
        fc.integer({ min: 0, max: 26 }),
        date("2019-06-01", "2031-06-30"),
        fc.integer({ min: -3, max: 400 }),
        (sessionDates, min, extra, from, days) => {
          const series = {
            sessionDates,
            intervalWeeks: { min, max: min + extra },
            seriesRuleId: "SER-GENERAL",
          };
          const fast = seriesCheck(series);
          const slow = temporalSeriesCheck(series);
          const limit = isoDay(dayNumber(from) + days);
          for (let n = dayNumber(from); n <= dayNumber(limit); n++)
            assert.deepEqual(fast(isoDay(n)), slow(isoDay(n)), isoDay(n));
          assert.equal(firstSeriesDate(fast, from, limit), temporalFirstSeriesDate(slow, from, limit));
        },
      ),
      { numRuns: 300 },
    );
  });

  test("dates day numbers do not count (other years, other forms) still get Temporal's answer", () => {
    const series = {
      sessionDates: ["0999-12-30", "9999-12-01", "2026-03-29"],
      intervalWeeks: { min: 4, max: 12 },
      seriesRuleId: "SER-GENERAL",
    };
    const fast = seriesCheck(series);
    const slow = temporalSeriesCheck(series);
    for (const d of ["0999-12-31", "1000-02-01", "2026-04-20", "2026-04-26", "9999-12-31"])
      assert.deepEqual(fast(d), slow(d), d);
    assert.equal(firstSeriesDate(fast, "2026-03-01", "2026-12-31"), "2026-03-01");
    assert.equal(
      firstSeriesDate(fast, "2026-04-01", "2026-12-31"),
      temporalFirstSeriesDate(slow, "2026-04-01", "2026-12-31"),
    );
    assert.equal(
      firstSeriesDate(fast, "0999-12-31", "1000-01-02"),
      temporalFirstSeriesDate(slow, "0999-12-31", "1000-01-02"),
    );
    // Invalid dates and fractional weeks fail as Temporal fails.
    assert.throws(() => seriesCheck({ ...series, sessionDates: ["2026-02-30"] }), RangeError);
    assert.throws(() => seriesCheck({ ...series, intervalWeeks: { min: 2.5, max: 6 } }), RangeError);
    assert.throws(() => firstSeriesDate(fast, "2026-13-01", "2026-12-31"), RangeError);
  });
});
