import assert from "node:assert/strict";
import { test } from "node:test";
import { defaultProtocol } from "../protocol/default-protocol.ts";
import { outcomeTrend, rangeFromText, recordableScales, scoreProblems } from "./outcome-scales.ts";

const scales = recordableScales(defaultProtocol());
const byId = (id: string) => scales.find((s) => s.id === id);

test("the recordable scales and their ranges come from the protocol", () => {
  assert.deepEqual(
    { min: byId("goodman-baron-qualitative")?.min, max: byId("goodman-baron-qualitative")?.max },
    { min: 1, max: 4 },
  );
  assert.deepEqual(
    { min: byId("goodman-baron-quantitative")?.min, max: byId("goodman-baron-quantitative")?.max },
    { min: 0, max: 84 },
  );
  assert.deepEqual(byId("gais")?.raters, ["clinician", "patient"]);
  assert.equal(byId("fitzpatrick"), undefined, "a skin type is not an outcome");
  assert.equal(byId("patient-satisfaction")?.fromProtocol, false);
  assert.match(byId("goodman-baron-quantitative")?.caveat ?? "", /verify/);
});

test("ranges written as text", () => {
  assert.deepEqual(rangeFromText("0-13 (higher = worse)"), { min: 0, max: 13 });
  assert.deepEqual(rangeFromText("Sum over grades A-C of points x multiplier; maximum 84."), {
    min: 0,
    max: 84,
  });
  assert.equal(rangeFromText("no numbers"), null);
});

test("a score is checked against its scale, at each boundary", () => {
  const cases: [string, "clinician" | "patient", number, string[]][] = [
    ["gais", "clinician", 1, []],
    ["gais", "patient", 5, []],
    ["gais", "patient", 0, ["value"]],
    ["gais", "patient", 6, ["value"]],
    ["gais", "clinician", 2.5, ["value"]],
    ["goodman-baron-qualitative", "patient", 2, ["rater"]],
    ["goodman-baron-quantitative", "clinician", 84, []],
    ["goodman-baron-quantitative", "clinician", 85, ["value"]],
    ["goodman-baron-quantitative", "clinician", 12.5, ["value"]],
    ["patient-satisfaction", "clinician", 4, ["rater"]],
    ["no-such-scale", "clinician", 1, ["scaleId"]],
  ];
  for (const [scaleId, rater, value, fields] of cases) {
    assert.deepEqual(
      scoreProblems(scales, { scaleId, rater, value }).map((p) => p.field),
      fields,
      `${scaleId} ${rater} ${value}`,
    );
  }
});

test("the trend says which way the scores went, in the scale's own direction", () => {
  const trend = outcomeTrend(
    [
      { scaleId: "gais", rater: "clinician", value: 2, recordedOn: "2025-03-01", chartId: null },
      { scaleId: "gais", rater: "clinician", value: 4, recordedOn: "2025-01-01", chartId: null },
      {
        scaleId: "patient-satisfaction",
        rater: "patient",
        value: 3,
        recordedOn: "2025-01-01",
        chartId: null,
      },
      {
        scaleId: "patient-satisfaction",
        rater: "patient",
        value: 5,
        recordedOn: "2025-03-01",
        chartId: null,
      },
      { scaleId: "gais", rater: "patient", value: 3, recordedOn: "2025-03-01", chartId: null },
    ],
    scales,
  );
  const of = (id: string, rater: string) => trend.find((t) => t.scaleId === id && t.rater === rater);
  assert.deepEqual(
    of("gais", "clinician")?.points.map((p) => p.value),
    [4, 2],
  );
  assert.equal(of("gais", "clinician")?.direction, "better");
  assert.equal(of("patient-satisfaction", "patient")?.direction, "better");
  assert.equal(of("gais", "patient")?.direction, null);
});
