import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { Temporal } from "temporal-polyfill";
import {
  type AftercareTimeline,
  buildAftercareTimeline,
  instantFromLocal,
  lateWarningSignsShown,
  whereAmI,
} from "./aftercare-timeline.ts";
import { type PathwayProtocol, pathwayOf } from "./pathway-types.ts";
import { loadProtocol } from "./protocol.ts";
import defaultProtocol from "./rulesets/blog-default.json" with { type: "json" };

const protocol = pathwayOf(loadProtocol(defaultProtocol));

function point(timeline: AftercareTimeline, id: string) {
  const found = timeline.points.find((p) => p.id === id);
  assert.ok(found, `no point ${id} in ${timeline.points.map((p) => p.id).join(", ")}`);
  return found;
}

describe("buildAftercareTimeline: the points", () => {
  const timeline = buildAftercareTimeline(
    { sessionEnd: "2026-12-10T15:30:00Z", timeZone: "Europe/London", indication: "acne-scars" },
    protocol,
  );

  test("points at now, 24 h, 48 h, 72 h, 1 week, 2 weeks and the next-session window", () => {
    assert.deepEqual(
      timeline.points.map((p) => [p.id, p.startLocal]),
      [
        ["h0", "2026-12-10T15:30:00+00:00[Europe/London]"],
        ["h24", "2026-12-11T15:30:00+00:00[Europe/London]"],
        ["h48", "2026-12-12T15:30:00+00:00[Europe/London]"],
        ["h72", "2026-12-13T15:30:00+00:00[Europe/London]"],
        ["h168", "2026-12-17T15:30:00+00:00[Europe/London]"],
        ["h336", "2026-12-24T15:30:00+00:00[Europe/London]"],
        ["w4", "2027-01-07T15:30:00+00:00[Europe/London]"],
        ["w6", "2027-01-21T15:30:00+00:00[Europe/London]"],
      ],
    );
    assert.deepEqual(timeline.nextSession, {
      seriesRuleId: "SER-SCARS-STRIAE",
      earliest: "2027-01-07",
      latest: "2027-01-21",
    });
  });

  test("now: restrictions, expectations and the warning signs", () => {
    const now = point(timeline, "h0");
    assert.equal(now.label, "now (end of the session)");
    assert.deepEqual(
      now.do.map((a) => a.id),
      ["AC-NO-MAKEUP", "AC-NO-SWEAT-EXERCISE", "AC-GENTLE-SKINCARE", "AC-NO-ACTIVES", "AC-NO-SUN"],
    );
    assert.deepEqual(
      now.expect.map((a) => a.id),
      ["AC-ERYTHEMA-EXPECTED", "AC-DOWNTIME"],
    );
    assert.deepEqual(
      now.redFlags.map((a) => a.id),
      ["AC-WARNING-SIGNS"],
    );
    assert.match(now.redFlags[0]?.text ?? "", /Contact the clinic/);
  });

  test("24 h lifts make-up and exercise limits and starts daily SPF", () => {
    const day = point(timeline, "h24");
    assert.deepEqual(day.ending, ["AC-NO-MAKEUP", "AC-NO-SWEAT-EXERCISE"]);
    assert.ok(day.starting.includes("AC-SPF-DAILY"));
    assert.ok(day.do.some((a) => a.id === "AC-SPF-DAILY"));
  });

  test("1 week ends the 7-day limits and starts the usual routine", () => {
    const week = point(timeline, "h168");
    assert.equal(week.label, "1 week after");
    assert.deepEqual(week.ending, ["AC-GENTLE-SKINCARE", "AC-NO-ACTIVES", "AC-NO-SUN"]);
    assert.ok(week.do.some((a) => a.id === "AC-RESUME-ROUTINE"));
    assert.equal(week.redFlags.length, 1);
  });

  test("the next-session window carries the scheduling advice", () => {
    assert.deepEqual(
      point(timeline, "w4").scheduling.map((a) => a.id),
      ["AC-NEXT-SESSION"],
    );
    assert.deepEqual(point(timeline, "w6").scheduling, []);
  });

  test("entries disabled by default are left out and listed", () => {
    assert.deepEqual(
      timeline.omitted.map((o) => o.id),
      ["AC-ERYTHEMA-HALF-4-6H", "AC-COOLING-MASK"],
    );
    assert.ok(timeline.advice.every((a) => a.id !== "AC-ERYTHEMA-HALF-4-6H"));
  });

  test("a clinic may enable one; it brings its own points", () => {
    const enabled = buildAftercareTimeline(
      { sessionEnd: "2026-12-10T15:30:00Z", timeZone: "Europe/London", enable: ["AC-ERYTHEMA-HALF-4-6H"] },
      protocol,
    );
    assert.deepEqual(
      enabled.points.slice(0, 4).map((p) => [p.id, p.label]),
      [
        ["h0", "now (end of the session)"],
        ["h4", "4 hours after"],
        ["h6", "6 hours after"],
        ["h24", "24 hours after"],
      ],
    );
    assert.deepEqual(
      point(enabled, "h4").expect.map((a) => a.id),
      ["AC-ERYTHEMA-EXPECTED", "AC-ERYTHEMA-HALF-4-6H", "AC-DOWNTIME"],
    );
  });

  test("without a series rule the scheduling entry's own hours are used", () => {
    const plain = buildAftercareTimeline(
      { sessionEnd: "2026-12-10T15:30:00Z", timeZone: "Europe/London" },
      protocol,
    );
    assert.deepEqual(plain.nextSession, { seriesRuleId: null, earliest: "2027-01-07", latest: "2027-01-21" });
    assert.equal(plain.points.at(-2)?.id, "h672");
  });

  test("a clinic's weekly alopecia series moves the window to 1 week", () => {
    const weekly = structuredClone(defaultProtocol) as PathwayProtocol;
    weekly.seriesRules.push({
      id: "SER-ALOPECIA-WEEKLY",
      indications: ["alopecia"],
      sessions: { min: 12, max: 12 },
      intervalWeeks: { min: 1, max: 1 },
      maintenanceMonths: { min: 6, max: 12 },
      source: ["KUMAR-2019-AGA"],
    });
    const t = buildAftercareTimeline(
      { sessionEnd: "2026-12-10T15:30:00Z", timeZone: "Europe/London", seriesRuleId: "SER-ALOPECIA-WEEKLY" },
      weekly,
    );
    assert.deepEqual(t.nextSession, {
      seriesRuleId: "SER-ALOPECIA-WEEKLY",
      earliest: "2026-12-17",
      latest: "2026-12-17",
    });
  });

  test("a clinic's series alternative for the indication times the next session (as the plan did)", () => {
    const chosen = structuredClone(defaultProtocol) as PathwayProtocol;
    const general = chosen.seriesRules.find((s) => s.id === "SER-GENERAL");
    assert.ok(general);
    general.byIndication = { dyschromia: { intervalWeeks: { min: 2, max: 4 } } };
    const end = { sessionEnd: "2026-12-10T15:30:00Z", timeZone: "Europe/London" };
    const dyschromia = buildAftercareTimeline({ ...end, indication: "dyschromia" }, chosen);
    assert.deepEqual(dyschromia.nextSession, {
      seriesRuleId: "SER-GENERAL",
      earliest: "2026-12-24",
      latest: "2027-01-07",
    });
    // Other indications of the same rule keep the rule's own interval.
    const rhytides = buildAftercareTimeline({ ...end, indication: "rhytides" }, chosen);
    assert.equal(rhytides.nextSession?.earliest, "2027-01-07");
  });
});

describe("buildAftercareTimeline: clocks", () => {
  const table: {
    name: string;
    end: string;
    tz: string;
    at24: string;
    at168: string;
    window: [string, string];
  }[] = [
    {
      name: "London, the day before the clocks go forward (29 Mar 2026)",
      end: "2026-03-28T15:30:00Z",
      tz: "Europe/London",
      at24: "2026-03-29T16:30:00+01:00[Europe/London]",
      at168: "2026-04-04T16:30:00+01:00[Europe/London]",
      window: ["2026-04-25T15:30:00+01:00[Europe/London]", "2026-05-09T15:30:00+01:00[Europe/London]"],
    },
    {
      name: "London, the day before the clocks go back (25 Oct 2026)",
      end: "2026-10-24T15:30:00+01:00",
      tz: "Europe/London",
      at24: "2026-10-25T14:30:00+00:00[Europe/London]",
      at168: "2026-10-31T14:30:00+00:00[Europe/London]",
      window: ["2026-11-21T15:30:00+00:00[Europe/London]", "2026-12-05T15:30:00+00:00[Europe/London]"],
    },
    {
      name: "New York, the day before the clocks go forward (8 Mar 2026)",
      end: "2026-03-07T15:30:00-05:00",
      tz: "America/New_York",
      at24: "2026-03-08T16:30:00-04:00[America/New_York]",
      at168: "2026-03-14T16:30:00-04:00[America/New_York]",
      window: ["2026-04-04T15:30:00-04:00[America/New_York]", "2026-04-18T15:30:00-04:00[America/New_York]"],
    },
    {
      name: "New York, the day before the clocks go back (1 Nov 2026)",
      end: "2026-10-31T15:30:00-04:00",
      tz: "America/New_York",
      at24: "2026-11-01T14:30:00-05:00[America/New_York]",
      at168: "2026-11-07T14:30:00-05:00[America/New_York]",
      window: ["2026-11-28T15:30:00-05:00[America/New_York]", "2026-12-12T15:30:00-05:00[America/New_York]"],
    },
    {
      name: "New York, a session ending at midnight on New Year's Eve",
      end: "2026-12-31T00:00:00-05:00",
      tz: "America/New_York",
      at24: "2027-01-01T00:00:00-05:00[America/New_York]",
      at168: "2027-01-07T00:00:00-05:00[America/New_York]",
      window: ["2027-01-28T00:00:00-05:00[America/New_York]", "2027-02-11T00:00:00-05:00[America/New_York]"],
    },
    {
      name: "UTC, onto a leap day",
      end: "2028-02-28T12:00:00Z",
      tz: "UTC",
      at24: "2028-02-29T12:00:00+00:00[UTC]",
      at168: "2028-03-06T12:00:00+00:00[UTC]",
      window: ["2028-03-27T12:00:00+00:00[UTC]", "2028-04-10T12:00:00+00:00[UTC]"],
    },
  ];
  for (const row of table) {
    test(row.name, () => {
      const t = buildAftercareTimeline(
        { sessionEnd: row.end, timeZone: row.tz, seriesRuleId: "SER-GENERAL" },
        protocol,
      );
      // Hours are elapsed time; the next-session weeks are calendar weeks on the clinic's clock.
      assert.equal(point(t, "h24").startLocal, row.at24);
      assert.equal(point(t, "h24").offsetHours, 24);
      assert.equal(point(t, "h168").startLocal, row.at168);
      assert.equal(point(t, "w4").startLocal, row.window[0]);
      assert.equal(point(t, "w6").startLocal, row.window[1]);
    });
  }

  test("a session ending late in the evening crosses midnight at 24 h", () => {
    const t = buildAftercareTimeline(
      { sessionEnd: "2026-12-31T23:45:00Z", timeZone: "Europe/London" },
      protocol,
    );
    assert.equal(point(t, "h24").startLocal, "2027-01-01T23:45:00+00:00[Europe/London]");
    assert.equal(t.nextSession?.earliest, "2027-01-28");
  });
});

describe("whereAmI", () => {
  const t = buildAftercareTimeline(
    {
      sessionEnd: "2026-12-10T15:30:00Z",
      timeZone: "Europe/London",
      seriesRuleId: "SER-GENERAL",
      enable: ["AC-ERYTHEMA-HALF-4-6H"],
    },
    protocol,
  );
  const table: { now: string; status: string; current: string | null; next: string | null }[] = [
    { now: "2026-12-10T15:29:59Z", status: "before", current: null, next: "h0" },
    { now: "2026-12-10T15:30:00Z", status: "during", current: "h0", next: "h4" },
    { now: "2026-12-10T20:30:00Z", status: "during", current: "h4", next: "h6" },
    { now: "2026-12-10T21:30:00Z", status: "during", current: "h6", next: "h24" },
    { now: "2026-12-11T15:29:59Z", status: "during", current: "h6", next: "h24" },
    { now: "2026-12-11T15:30:00Z", status: "during", current: "h24", next: "h48" },
    { now: "2027-01-21T15:30:00Z", status: "after", current: "w6", next: null },
    { now: "2030-01-01T00:00:00Z", status: "after", current: "w6", next: null },
  ];
  for (const row of table) {
    test(`at ${row.now}`, () => {
      const here = whereAmI(t, row.now);
      assert.equal(here.status, row.status);
      assert.equal(here.current?.id ?? null, row.current);
      assert.equal(here.next?.id ?? null, row.next);
    });
  }

  test("5 hours after: the summary says the hours and the protocol's words, red flags apart", () => {
    const here = whereAmI(t, "2026-12-10T20:30:00Z");
    assert.equal(here.elapsedHours, 5);
    assert.match(here.summary, /^5 hours after the session: Redness \(like mild sunburn\)/);
    assert.match(here.summary, /Redness halves within 4-6 hours/);
    assert.equal(here.callTheClinicIf.length, 1);
  });

  test("an offset instant is the same moment", () => {
    assert.equal(whereAmI(t, "2026-12-11T16:30:00+01:00").current?.id, "h24");
  });

  test("rejects a time without offset, naming now", () => {
    assert.throws(() => whereAmI(t, "2026-12-11T16:30"), /^PathwayInputError: now: /);
  });
});

describe("input checks", () => {
  const bad: {
    name: string;
    input: { sessionEnd: string; timeZone: string; seriesRuleId?: string };
    field: string;
  }[] = [
    { name: "no offset", input: { sessionEnd: "2026-12-10T15:30", timeZone: "UTC" }, field: "sessionEnd" },
    {
      name: "impossible date",
      input: { sessionEnd: "2026-02-30T15:30Z", timeZone: "UTC" },
      field: "sessionEnd",
    },
    {
      name: "unknown zone",
      input: { sessionEnd: "2026-12-10T15:30Z", timeZone: "Mars/Base" },
      field: "timeZone",
    },
    {
      name: "unknown series rule",
      input: { sessionEnd: "2026-12-10T15:30Z", timeZone: "UTC", seriesRuleId: "SER-NONE" },
      field: "seriesRuleId",
    },
  ];
  for (const b of bad) {
    test(`rejects ${b.name}, naming ${b.field}`, () => {
      assert.throws(
        () => buildAftercareTimeline(b.input, protocol),
        (err: unknown) => err instanceof Error && "field" in err && err.field === b.field,
      );
    });
  }

  const local: { value: string; tz: string; instant?: string; error?: RegExp }[] = [
    { value: "2026-12-10T15:30", tz: "Europe/London", instant: "2026-12-10T15:30:00Z" },
    { value: "2026-07-10T15:30", tz: "Europe/London", instant: "2026-07-10T14:30:00Z" },
    { value: "2026-12-10T00:00", tz: "America/New_York", instant: "2026-12-10T05:00:00Z" },
    { value: "2026-03-29T01:30", tz: "Europe/London", error: /does not exist or happens twice/ },
    { value: "2026-10-25T01:30", tz: "Europe/London", error: /does not exist or happens twice/ },
    { value: "2026-10-25T01:30+01:00", tz: "Europe/London", instant: "2026-10-25T00:30:00Z" },
    { value: "2026-10-25T01:30Z", tz: "Europe/London", instant: "2026-10-25T01:30:00Z" },
    { value: "2026-03-08T02:30", tz: "America/New_York", error: /does not exist or happens twice/ },
    { value: "2026-12-10", tz: "Europe/London", error: /not a local date-time/ },
    { value: "2026-02-29T10:00", tz: "Europe/London", error: /not a local date-time/ },
  ];
  for (const l of local) {
    test(`local ${l.value} in ${l.tz}`, () => {
      if (l.instant) assert.equal(instantFromLocal(l.value, l.tz, "end"), l.instant);
      else assert.throws(() => instantFromLocal(l.value, l.tz, "end"), l.error ?? /./);
    });
  }
});

describe("properties", () => {
  const zones = ["Europe/London", "America/New_York", "UTC", "Australia/Lord_Howe", "Asia/Kolkata"];
  const start = Temporal.Instant.from("2024-01-01T00:00:00Z").epochMilliseconds;
  const arb = fc.record({
    ms: fc.integer({ min: 0, max: 4 * 365 * 24 * 3600 * 1000 }),
    tz: fc.constantFrom(...zones),
    series: fc.constantFrom(undefined, "SER-GENERAL", "SER-SCARS-STRIAE"),
    probe: fc.integer({ min: -3600 * 1000, max: 60 * 24 * 3600 * 1000 }),
  });

  test("points are in strict time order and tile the timeline; advice never ends before it starts", () => {
    fc.assert(
      fc.property(arb, ({ ms, tz, series }) => {
        const sessionEnd = Temporal.Instant.fromEpochMilliseconds(start + ms).toString();
        const t = buildAftercareTimeline({ sessionEnd, timeZone: tz, seriesRuleId: series }, protocol);
        t.points.forEach((p, i) => {
          const next = t.points[i + 1];
          if (next) {
            assert.ok(
              Temporal.Instant.compare(Temporal.Instant.from(p.start), Temporal.Instant.from(next.start)) < 0,
            );
            assert.equal(p.end, next.start);
            assert.ok(p.offsetHours < next.offsetHours);
          } else {
            assert.equal(p.end, null);
          }
        });
        assert.equal(t.points[0]?.start, sessionEnd);
        for (const a of t.advice) {
          if (a.until)
            assert.ok(
              Temporal.Instant.compare(Temporal.Instant.from(a.from), Temporal.Instant.from(a.until)) <= 0,
            );
        }
        assert.ok(t.nextSession && t.nextSession.earliest <= t.nextSession.latest);
      }),
      { numRuns: 200 },
    );
  });

  test("whereAmI picks the point that contains now", () => {
    fc.assert(
      fc.property(arb, ({ ms, tz, series, probe }) => {
        const sessionEnd = Temporal.Instant.fromEpochMilliseconds(start + ms).toString();
        const t = buildAftercareTimeline({ sessionEnd, timeZone: tz, seriesRuleId: series }, protocol);
        const now = Temporal.Instant.fromEpochMilliseconds(start + ms + probe);
        const here = whereAmI(t, now.toString());
        if (probe < 0) {
          assert.equal(here.status, "before");
          return;
        }
        assert.ok(here.current);
        assert.ok(Temporal.Instant.compare(Temporal.Instant.from(here.current.start), now) <= 0);
        if (here.next) assert.ok(Temporal.Instant.compare(now, Temporal.Instant.from(here.next.start)) < 0);
      }),
      { numRuns: 200 },
    );
  });
});

describe("late warning signs", () => {
  test("stay in view through the series and three calendar months after the last session", () => {
    const end = "2026-01-31T15:00:00Z";
    assert.equal(lateWarningSignsShown(end, "2026-02-14T16:00:00Z", "Europe/London"), true);
    assert.equal(lateWarningSignsShown(end, "2026-04-30T13:59:00Z", "Europe/London"), true);
    // 31 January + 3 months clamps to 30 April, 15:00 London (BST, 14:00Z).
    assert.equal(lateWarningSignsShown(end, "2026-04-30T14:00:00Z", "Europe/London"), false);
    assert.equal(lateWarningSignsShown(end, "2026-06-01T00:00:00Z", "Europe/London"), false);
  });

  test("a point a minute after the session says one minute", () => {
    const timeline = buildAftercareTimeline(
      { sessionEnd: "2026-03-02T10:00:00Z", timeZone: "Europe/London", seriesRuleId: "SER-GENERAL" },
      protocol,
    );
    assert.ok(timeline.points.every((p) => !/\b1 minutes\b/.test(p.label)));
    assert.match(whereAmI(timeline, "2026-03-02T10:01:30Z").summary, /^1 minute after the session/);
  });
});
