import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { type ChartActor, editRefusal, signRefusal, uncoveredDepths } from "./chart-policy.ts";

const z = (zone: string, depthMm: number) => ({ zone, depthMm, passes: 2, pattern: "crosshatch" as const });
const aesthetician: ChartActor = {
  id: "a",
  role: "provider",
  credential: "aesthetician",
  maxNeedleDepthMm: 0.5,
};
const nurse: ChartActor = { id: "n", role: "provider", credential: "nurse", maxNeedleDepthMm: 1.5 };
const physician: ChartActor = { id: "p", role: "provider", credential: "physician", maxNeedleDepthMm: 2.5 };
const desk: ChartActor = { id: "d", role: "front_desk", credential: null, maxNeedleDepthMm: null };

test("editing: the chart's provider or a physician; another nurse or aesthetician is refused", () => {
  const chart = { providerId: aesthetician.id };
  assert.equal(editRefusal(chart, aesthetician), null);
  assert.equal(editRefusal(chart, physician), null);
  assert.deepEqual(editRefusal(chart, nurse), { kind: "not_the_charting_provider", action: "edit" });
  assert.deepEqual(editRefusal(chart, desk), { kind: "not_a_provider" });
  assert.deepEqual(editRefusal({ providerId: nurse.id }, aesthetician), {
    kind: "not_the_charting_provider",
    action: "edit",
  });
});

test("signing re-checks every depth against the signer's licence, co-signed zones excepted", () => {
  const cases: [string, Parameters<typeof signRefusal>[0], ChartActor, string | null][] = [
    [
      "within licence",
      { providerId: "a", zones: [z("cheeks", 0.5)], cosignedZones: null },
      aesthetician,
      null,
    ],
    [
      "1.0 mm charted by someone else, signed by a 0.5 mm provider",
      { providerId: "a", zones: [z("cheeks", 1.0)], cosignedZones: null },
      aesthetician,
      "depth_above_licence",
    ],
    [
      "co-signed at that depth",
      { providerId: "a", zones: [z("cheeks", 1.0)], cosignedZones: [{ zone: "cheeks", depthMm: 1.0 }] },
      aesthetician,
      null,
    ],
    [
      "co-signed shallower than charted",
      { providerId: "a", zones: [z("cheeks", 1.05)], cosignedZones: [{ zone: "cheeks", depthMm: 1.0 }] },
      aesthetician,
      "depth_above_licence",
    ],
    [
      "co-signed for another zone",
      { providerId: "a", zones: [z("forehead", 1.0)], cosignedZones: [{ zone: "cheeks", depthMm: 1.0 }] },
      aesthetician,
      "depth_above_licence",
    ],
    [
      "someone else's chart",
      { providerId: "a", zones: [z("cheeks", 0.5)], cosignedZones: null },
      physician,
      "not_the_charting_provider",
    ],
    ["front desk", { providerId: "d", zones: [], cosignedZones: null }, desk, "not_a_provider"],
  ];
  for (const [name, chart, signer, expected] of cases) {
    assert.equal(signRefusal(chart, signer)?.kind ?? null, expected, name);
  }
  const refusal = signRefusal(
    { providerId: "a", zones: [z("cheeks", 0.5), z("forehead", 1.0)], cosignedZones: null },
    aesthetician,
  );
  assert.deepEqual(refusal, {
    kind: "depth_above_licence",
    licenceMm: 0.5,
    zones: [{ index: 1, zone: "forehead", depthMm: 1.0 }],
  });
});

test("property: a chart the policy lets its provider sign never holds an uncovered depth above that licence", () => {
  const depth = fc.integer({ min: 5, max: 250 }).map((n) => n / 100);
  const zoneId = fc.constantFrom("cheeks", "forehead", "chin", "neck");
  fc.assert(
    fc.property(
      fc.array(fc.tuple(zoneId, depth), { maxLength: 4 }),
      fc.option(fc.array(fc.tuple(zoneId, depth), { maxLength: 4 }), { nil: null }),
      fc.constantFrom(0.5, 1.0, 1.5, 2.5),
      (zones, cosigned, licence) => {
        const signer: ChartActor = {
          id: "s",
          role: "provider",
          credential: "nurse",
          maxNeedleDepthMm: licence,
        };
        const chart = {
          providerId: "s",
          zones: zones.map(([zone, d]) => z(zone, d)),
          cosignedZones: cosigned?.map(([zone, depthMm]) => ({ zone, depthMm })) ?? null,
        };
        const allowed = signRefusal(chart, signer) === null;
        const everyDepthCovered = chart.zones.every(
          (t) =>
            Math.round(t.depthMm * 100) <= Math.round(licence * 100) ||
            (chart.cosignedZones ?? []).some(
              (c) => c.zone === t.zone && Math.round(c.depthMm * 100) >= Math.round(t.depthMm * 100),
            ),
        );
        assert.equal(allowed, everyDepthCovered);
        assert.equal(
          uncoveredDepths(chart.zones, licence, chart.cosignedZones).length === 0,
          everyDepthCovered,
        );
      },
    ),
  );
});
