import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { defaultProtocol } from "../protocol/default-protocol.ts";
import type { AftercareEntry } from "../protocol/pathway-types.ts";
import {
  CHECK_IN_POINTS,
  type CheckInAnswers,
  type CheckInPoint,
  openCheckInPoint,
  SEVERE_PAIN,
  SEVERITIES,
  triageCheckIn,
} from "./triage.ts";

const timeline = defaultProtocol().aftercareTimeline as readonly AftercareEntry[];
const calm: CheckInAnswers = {
  redness: "none",
  swelling: "none",
  pain: 0,
  painIncreasing: false,
  warmthOrPus: false,
  fever: false,
  blistersOrColdSore: false,
  bumpsOrDarkPatches: false,
};

const answers = fc.record({
  redness: fc.constantFrom(...SEVERITIES),
  swelling: fc.constantFrom(...SEVERITIES),
  pain: fc.integer({ min: 0, max: 10 }),
  painIncreasing: fc.boolean(),
  warmthOrPus: fc.boolean(),
  fever: fc.boolean(),
  blistersOrColdSore: fc.boolean(),
  bumpsOrDarkPatches: fc.boolean(),
});
const point = fc.constantFrom<CheckInPoint>(...CHECK_IN_POINTS);

/** The answers that are a warning sign of the protocol whatever the day. */
function hasWarningSign(a: CheckInAnswers): boolean {
  return (
    a.warmthOrPus ||
    a.fever ||
    a.blistersOrColdSore ||
    a.bumpsOrDarkPatches ||
    a.painIncreasing ||
    a.pain >= SEVERE_PAIN ||
    a.redness === "severe" ||
    a.swelling === "severe"
  );
}

describe("check-in triage", () => {
  test("any warning-sign answer is a red flag, on any day, whatever else is answered", () => {
    fc.assert(
      fc.property(answers, point, (a, p) => {
        if (!hasWarningSign(a)) return;
        const t = triageCheckIn(a, p, timeline);
        assert.equal(t.level, "red-flag");
        assert.deepEqual(t.expected, [], "no reassurance beside a red flag");
        assert.ok(t.warning, "the protocol's warning signs are shown");
      }),
      { numRuns: 2000 },
    );
  });

  test("reassurance only when nothing at all is flagged", () => {
    fc.assert(
      fc.property(answers, point, (a, p) => {
        const t = triageCheckIn(a, p, timeline);
        assert.equal(t.level === "expected", t.flags.length === 0);
        if (t.level !== "expected") assert.deepEqual(t.expected, []);
      }),
    );
  });

  test("a worse answer never gives a milder triage", () => {
    const rank = { expected: 0, watch: 1, "red-flag": 2 } as const;
    fc.assert(
      fc.property(
        answers,
        point,
        fc.constantFrom("warmthOrPus", "fever", "blistersOrColdSore", "painIncreasing"),
        (a, p, key) => {
          const before = triageCheckIn(a, p, timeline).level;
          const after = triageCheckIn({ ...a, [key]: true }, p, timeline).level;
          assert.ok(rank[after] >= rank[before]);
        },
      ),
    );
  });

  test("a pain score that is not a number is read as the worst", () => {
    assert.equal(triageCheckIn({ ...calm, pain: Number.NaN }, "day-1", timeline).level, "red-flag");
  });

  const table: [string, Partial<CheckInAnswers>, CheckInPoint, string][] = [
    ["nothing at day 1", {}, "day-1", "expected"],
    [
      "moderate redness and swelling at day 1 (mild sunburn)",
      { redness: "moderate", swelling: "moderate", pain: 3 },
      "day-1",
      "expected",
    ],
    [
      "moderate redness at day 3 (past 48 h, within the 72 h downtime)",
      { redness: "moderate" },
      "day-3",
      "watch",
    ],
    ["mild redness at day 3", { redness: "mild" }, "day-3", "expected"],
    ["mild redness at week 1", { redness: "mild" }, "week-1", "watch"],
    ["moderate redness at week 1", { redness: "moderate" }, "week-1", "red-flag"],
    ["pain 6 at day 1", { pain: 6 }, "day-1", "watch"],
    ["pain 4 at week 1", { pain: 4 }, "week-1", "red-flag"],
    ["pain 7 at day 1", { pain: 7 }, "day-1", "red-flag"],
    ["a cold sore at day 3", { blistersOrColdSore: true }, "day-3", "red-flag"],
  ];
  for (const [name, change, p, expected] of table) {
    test(`${name}: ${expected}`, () => {
      assert.equal(triageCheckIn({ ...calm, ...change }, p, timeline).level, expected);
    });
  }

  test("the expected course quotes the protocol's expectation with its sources", () => {
    const t = triageCheckIn(calm, "day-1", timeline);
    assert.ok(t.expected.some((e) => e.id === "AC-ERYTHEMA-EXPECTED" && e.source.length > 0));
  });

  test("which check-in is open", () => {
    assert.equal(openCheckInPoint(-1), null);
    assert.equal(openCheckInPoint(2), "day-1");
    assert.equal(openCheckInPoint(71.9), "day-1");
    assert.equal(openCheckInPoint(72), "day-3");
    assert.equal(openCheckInPoint(168), "week-1");
    assert.equal(openCheckInPoint(336), null);
  });
});
