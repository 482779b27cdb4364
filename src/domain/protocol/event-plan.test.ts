import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { Temporal } from "temporal-polyfill";
import { type EventPlan, type EventPlanInput, planForEvent } from "./event-plan.ts";
import { type PathwayProtocol, pathwayOf } from "./pathway-types.ts";
import { loadProtocol } from "./protocol.ts";
import defaultProtocol from "./rulesets/blog-default.json" with { type: "json" };

const protocol = pathwayOf(loadProtocol(defaultProtocol));

function feasible(plan: EventPlan) {
  assert.ok(plan.feasible, plan.statement);
  return plan;
}

function infeasible(plan: EventPlan) {
  assert.ok(!plan.feasible, "expected no plan");
  return plan;
}

describe("planForEvent: a plan that fits", () => {
  test("acne scars for a wedding on 2027-06-12, from 2026-12-01", () => {
    const plan = feasible(
      planForEvent(
        { eventDate: "2027-06-12", earliestStart: "2026-12-01", concerns: ["acne-scars"] },
        protocol,
      ),
    );
    assert.deepEqual(plan.series.seriesRuleIds, ["SER-SCARS-STRIAE"]);
    assert.deepEqual(plan.sessionDates, ["2026-12-01", "2026-12-29", "2027-01-26"]);
    assert.equal(plan.intervalWeeks, 4);
    assert.deepEqual(
      plan.milestones.map((m) => [m.id, m.from, m.to, m.beforeEvent]),
      [
        ["RES-GLOW", "2027-01-29", "2027-02-09", true],
        ["RES-VISIBLE", "2027-02-09", "2027-03-09", true],
        ["RES-FULL", "2027-04-26", "2027-07-25", false],
      ],
    );
    assert.equal(plan.latestFirstSession, "2027-03-06");
    assert.equal(plan.maxSessionsBeforeEvent, 6);
    assert.match(
      plan.statement,
      /^3 sessions 4 weeks apart on 2026-12-01, 2026-12-29 and 2027-01-26: first visible/,
    );
  });

  test("the boundary: visible window ending on the event day fits, one day later does not", () => {
    // 3 sessions from 2026-12-01 at 4 weeks: last 2027-01-26; + 42 days = 2027-03-09.
    const onTheDay = planForEvent(
      { eventDate: "2027-03-09", earliestStart: "2026-12-01", concerns: ["rhytides"] },
      protocol,
    );
    assert.equal(feasible(onTheDay).latestFirstSession, "2026-12-01");
    const dayBefore = infeasible(
      planForEvent(
        { eventDate: "2027-03-08", earliestStart: "2026-12-01", concerns: ["rhytides"] },
        protocol,
      ),
    );
    assert.equal(dayBefore.reason, "not-enough-time");
    assert.equal(dayBefore.possible.sessionsThatFit, 2);
    assert.equal(dayBefore.possible.earliestMilestoneDate, "2027-03-09");
    assert.equal(dayBefore.possible.latestStartNeeded, "2026-11-30");
  });

  test("window-start assurance needs only the start of the window before the event", () => {
    const plan = feasible(
      planForEvent(
        {
          eventDate: "2027-02-09",
          earliestStart: "2026-12-01",
          concerns: ["rhytides"],
          assurance: "window-start",
        },
        protocol,
      ),
    );
    assert.equal(plan.sessionDates.at(-1), "2027-01-26");
  });

  test("combined concerns: deep acne scars with lines take the stricter series", () => {
    const plan = feasible(
      planForEvent(
        {
          eventDate: "2028-01-01",
          earliestStart: "2027-01-04",
          concerns: ["rhytides", { indication: "acne-scars", goodmanBaronGrade: 4 }],
        },
        protocol,
      ),
    );
    assert.deepEqual(plan.series.seriesRuleIds, ["SER-GENERAL", "SER-ACNE-DEEP"]);
    assert.deepEqual(plan.series.sessions, { min: 6, max: 8 });
    assert.deepEqual(plan.series.intervalWeeks, { min: 4, max: 6 });
    assert.equal(plan.sessionDates.length, 6);
  });

  test("asked count and interval are kept", () => {
    const plan = feasible(
      planForEvent(
        {
          eventDate: "2027-12-01",
          earliestStart: "2027-01-04",
          seriesRuleId: "SER-GENERAL",
          sessions: 5,
          intervalWeeks: 6,
        },
        protocol,
      ),
    );
    assert.deepEqual(plan.sessionDates, [
      "2027-01-04",
      "2027-02-15",
      "2027-03-29",
      "2027-05-10",
      "2027-06-21",
    ]);
  });

  test("weeks are calendar weeks across month ends and a leap day", () => {
    const plan = feasible(
      planForEvent(
        { eventDate: "2028-12-31", earliestStart: "2028-01-31", concerns: ["striae"], sessions: 4 },
        protocol,
      ),
    );
    assert.deepEqual(plan.sessionDates, ["2028-01-31", "2028-02-28", "2028-03-27", "2028-04-24"]);
    const leap = feasible(
      planForEvent({ eventDate: "2028-12-31", earliestStart: "2028-02-01", concerns: ["striae"] }, protocol),
    );
    assert.deepEqual(leap.sessionDates, ["2028-02-01", "2028-02-29", "2028-03-28"]);
  });
});

describe("planForEvent: when it cannot", () => {
  test("deep acne scars need 6 sessions: says how many fit and when it would have had to start", () => {
    const plan = infeasible(
      planForEvent(
        {
          eventDate: "2027-02-12",
          earliestStart: "2026-12-01",
          concerns: [{ indication: "acne-scars", goodmanBaronGrade: 4 }],
        },
        protocol,
      ),
    );
    assert.equal(plan.reason, "not-enough-time");
    assert.deepEqual(plan.possible, {
      sessionsThatFit: 2,
      scheduleThatFits: ["2026-12-01", "2026-12-29"],
      earliestMilestoneDate: "2027-06-01",
      latestStartNeeded: "2026-08-14",
    });
    assert.match(plan.statement, /^Not possible: 6 sessions at least 4 weeks apart from 2026-12-01/);
    assert.match(plan.statement, /Only 2 sessions fit in time, fewer than the 6 the series needs\./);
  });

  test("not even one session", () => {
    const plan = infeasible(
      planForEvent(
        { eventDate: "2027-01-10", earliestStart: "2026-12-20", concerns: ["rhytides"] },
        protocol,
      ),
    );
    assert.equal(plan.possible.sessionsThatFit, 0);
    assert.deepEqual(plan.possible.scheduleThatFits, []);
    assert.match(plan.statement, /Not even one session fits in time\./);
  });

  test("only the asked interval is too long: the shortest one fits", () => {
    const plan = infeasible(
      planForEvent(
        { eventDate: "2027-03-09", earliestStart: "2026-12-01", concerns: ["rhytides"], intervalWeeks: 5 },
        protocol,
      ),
    );
    assert.equal(plan.possible.sessionsThatFit, 3);
    assert.match(plan.statement, /^Not possible with 5 weeks between sessions/);
    assert.match(plan.statement, /4 weeks apart fits: 2026-12-01, 2026-12-29 and 2027-01-26\.$/);
  });

  test("event on or before the earliest start", () => {
    for (const eventDate of ["2026-12-01", "2026-11-30"]) {
      const plan = infeasible(
        planForEvent({ eventDate, earliestStart: "2026-12-01", concerns: ["rhytides"] }, protocol),
      );
      assert.equal(plan.reason, "event-not-after-start");
    }
  });

  test("concerns whose intervals do not overlap", () => {
    const clinic = structuredClone(defaultProtocol) as PathwayProtocol;
    clinic.seriesRules.push({
      id: "SER-ALOPECIA-WEEKLY",
      indications: ["alopecia"],
      sessions: { min: 12, max: 12 },
      intervalWeeks: { min: 1, max: 1 },
      maintenanceMonths: { min: 6, max: 12 },
      source: ["KUMAR-2019-AGA"],
    });
    clinic.seriesByIndication.alopecia = "SER-ALOPECIA-WEEKLY";
    const plan = infeasible(
      planForEvent(
        { eventDate: "2028-01-01", earliestStart: "2027-01-04", concerns: ["alopecia", "rhytides"] },
        clinic,
      ),
    );
    assert.equal(plan.reason, "no-common-interval");
    assert.match(plan.statement, /separate series/);
  });
});

describe("planForEvent: input checks", () => {
  const bad: { name: string; input: EventPlanInput; field: string }[] = [
    {
      name: "impossible event date",
      input: { eventDate: "2027-02-29", earliestStart: "2026-12-01", concerns: ["rhytides"] },
      field: "eventDate",
    },
    {
      name: "bad start",
      input: { eventDate: "2027-06-12", earliestStart: "tomorrow", concerns: ["rhytides"] },
      field: "earliestStart",
    },
    {
      name: "no concern",
      input: { eventDate: "2027-06-12", earliestStart: "2026-12-01" },
      field: "concerns",
    },
    {
      name: "unknown indication",
      input: { eventDate: "2027-06-12", earliestStart: "2026-12-01", concerns: ["tattoo"] },
      field: "concerns[0]",
    },
    {
      name: "bad grade",
      input: {
        eventDate: "2027-06-12",
        earliestStart: "2026-12-01",
        concerns: [{ indication: "acne-scars", goodmanBaronGrade: 5 }],
      },
      field: "concerns[0].goodmanBaronGrade",
    },
    {
      name: "too few sessions",
      input: { eventDate: "2027-06-12", earliestStart: "2026-12-01", concerns: ["rhytides"], sessions: 2 },
      field: "sessions",
    },
    {
      name: "too many sessions",
      input: { eventDate: "2027-06-12", earliestStart: "2026-12-01", concerns: ["rhytides"], sessions: 7 },
      field: "sessions",
    },
    {
      name: "interval too short",
      input: {
        eventDate: "2027-06-12",
        earliestStart: "2026-12-01",
        concerns: ["rhytides"],
        intervalWeeks: 3,
      },
      field: "intervalWeeks",
    },
    {
      name: "unknown series rule",
      input: { eventDate: "2027-06-12", earliestStart: "2026-12-01", seriesRuleId: "SER-X" },
      field: "seriesRuleId",
    },
    {
      name: "unknown milestone",
      input: {
        eventDate: "2027-06-12",
        earliestStart: "2026-12-01",
        concerns: ["rhytides"],
        milestoneId: "RES-X",
      },
      field: "milestoneId",
    },
  ];
  for (const b of bad) {
    test(`rejects ${b.name}, naming ${b.field}`, () => {
      assert.throws(
        () => planForEvent(b.input, protocol),
        (err: unknown) => err instanceof Error && "field" in err && err.field === b.field,
      );
    });
  }
});

describe("properties", () => {
  const base = Temporal.PlainDate.from("2024-01-01");
  const indications = Object.keys(defaultProtocol.seriesByIndication);
  const arb = fc.record({
    start: fc.integer({ min: 0, max: 3 * 366 }),
    gap: fc.integer({ min: -10, max: 500 }),
    concerns: fc.uniqueArray(fc.constantFrom(...indications), { minLength: 1, maxLength: 3 }),
    grade4: fc.boolean(),
    extraSessions: fc.integer({ min: 0, max: 5 }),
    extraWeeks: fc.integer({ min: 0, max: 2 }),
    milestone: fc.constantFrom("RES-GLOW", "RES-VISIBLE", "RES-FULL"),
    assurance: fc.constantFrom("window-end" as const, "window-start" as const),
  });

  type Scenario = {
    start: number;
    gap: number;
    concerns: string[];
    grade4: boolean;
    extraSessions: number;
    extraWeeks: number;
    milestone: string;
    assurance: "window-end" | "window-start";
  };

  function inputOf(s: Scenario): EventPlanInput {
    const start = base.add({ days: s.start });
    const rules = s.concerns.map((c) => {
      const choice = defaultProtocol.seriesByIndication[c as keyof typeof defaultProtocol.seriesByIndication];
      const id =
        typeof choice === "string" ? choice : s.grade4 ? choice.goodmanBaronGrade4 : choice.otherwise;
      return defaultProtocol.seriesRules.find((r) => r.id === id)!;
    });
    const minSessions = Math.max(...rules.map((r) => r.sessions.min));
    const maxSessions = Math.max(...rules.map((r) => r.sessions.max));
    const minWeeks = Math.max(...rules.map((r) => r.intervalWeeks.min));
    const maxWeeks = Math.min(...rules.map((r) => r.intervalWeeks.max));
    return {
      eventDate: start.add({ days: s.gap }).toString(),
      earliestStart: start.toString(),
      concerns: s.concerns.map((indication) => ({ indication, goodmanBaronGrade: s.grade4 ? 4 : 2 })),
      sessions: Math.min(maxSessions, minSessions + s.extraSessions),
      intervalWeeks: Math.min(maxWeeks, minWeeks + s.extraWeeks),
      milestoneId: s.milestone,
      assurance: s.assurance,
    };
  }

  test("a plan keeps every interval within the rule, the count within the rule, and the milestone before the event", () => {
    fc.assert(
      fc.property(arb, (s) => {
        const input = inputOf(s);
        const plan = planForEvent(input, protocol);
        if (!plan.feasible) return;
        const { sessions, intervalWeeks } = plan.series;
        assert.ok(plan.sessionDates.length >= sessions.min && plan.sessionDates.length <= sessions.max);
        assert.equal(plan.sessionDates[0], input.earliestStart);
        plan.sessionDates.forEach((d, i) => {
          const previous = plan.sessionDates[i - 1];
          if (!previous) return;
          const days = Temporal.PlainDate.from(previous).until(d, { largestUnit: "days" }).days;
          assert.ok(days >= intervalWeeks.min * 7 && days <= intervalWeeks.max * 7, `${days} days`);
        });
        const target = plan.milestones.find((m) => m.id === input.milestoneId);
        assert.ok(target);
        const reached = input.assurance === "window-start" ? target.from : target.to;
        assert.ok(reached <= input.eventDate, `${reached} after ${input.eventDate}`);
        assert.ok(plan.latestFirstSession >= input.earliestStart);
      }),
      { numRuns: 500 },
    );
  });

  test("when it cannot, what it offers instead still respects the rules and misses the event", () => {
    fc.assert(
      fc.property(arb, (s) => {
        const input = inputOf(s);
        const plan = planForEvent(input, protocol);
        if (plan.feasible || plan.reason !== "not-enough-time") return;
        const { intervalWeeks } = plan.series;
        const fits = plan.possible.scheduleThatFits;
        assert.equal(fits.length, plan.possible.sessionsThatFit);
        fits.forEach((d, i) => {
          const previous = fits[i - 1];
          if (!previous) return;
          const days = Temporal.PlainDate.from(previous).until(d, { largestUnit: "days" }).days;
          assert.equal(days, intervalWeeks.min * 7);
        });
        if (plan.possible.sessionsThatFit < (input.sessions ?? 0)) {
          assert.ok((plan.possible.earliestMilestoneDate ?? "") > input.eventDate);
          assert.ok((plan.possible.latestStartNeeded ?? "") < input.earliestStart);
        }
      }),
      { numRuns: 500 },
    );
  });

  test("a later event never turns a plan into no plan", () => {
    fc.assert(
      fc.property(arb, fc.integer({ min: 1, max: 400 }), (s, later) => {
        const input = inputOf(s);
        if (!planForEvent(input, protocol).feasible) return;
        const moved = {
          ...input,
          eventDate: Temporal.PlainDate.from(input.eventDate).add({ days: later }).toString(),
        };
        assert.ok(planForEvent(moved, protocol).feasible);
      }),
      { numRuns: 300 },
    );
  });
});
