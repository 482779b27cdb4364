import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { defaultProtocol } from "../protocol/default-protocol.ts";
import { zoneDepthLimitMm } from "../protocol/depth-limit.ts";
import { checkPlan, FALLBACK_INTERVAL_WEEKS, FALLBACK_SESSIONS, planLimits } from "./plan-rules.ts";

const protocol = defaultProtocol();
const zoneIds = protocol.zones.map((z) => z.id);
const indications = Object.keys(protocol.indicationDepth);
const concerns = fc.array(
  fc.record({
    indication: fc.constantFrom(...indications),
    zones: fc.uniqueArray(fc.constantFrom(...zoneIds), { minLength: 1, maxLength: 4 }),
  }),
  { minLength: 1, maxLength: 3 },
);
const overridden = { plan: null };
/** The deepest any of the concerns may treat the zone, or null when none treats it. */
const limitFor = (cs: { indication: string; zones: string[] }[], zone: string) => {
  const limits = cs
    .filter((c) => c.zones.includes(zone))
    .map((c) => zoneDepthLimitMm(protocol, zone, c.indication))
    .filter((l): l is number => l !== null);
  return limits.length > 0 ? Math.max(...limits) : null;
};
const globalMax =
  protocol.planAlgorithm.depthCapModes[protocol.planAlgorithm.defaultDepthCapMode]!.globalMaxMm;

test("after an override, each zone's cap is its effective depth limit for the concerns, never more", () => {
  fc.assert(
    fc.property(concerns, (cs) => {
      const { caps, zones } = planLimits(protocol, overridden, cs);
      for (const zone of zoneIds) assert.equal(caps[zone] ?? null, limitFor(cs, zone), zone);
      for (const z of zones) {
        assert.ok(z.maxMm <= globalMax);
        assert.ok(z.minMm <= z.maxMm);
        assert.ok(!protocol.zones.find((p) => p.id === z.zone)?.prohibited);
      }
    }),
  );
});

test("an accepted plan never exceeds the zone's effective depth limit", () => {
  const depth = fc.integer({ min: 1, max: 60 }).map((n) => n * 0.05);
  const requested = fc.array(fc.record({ zone: fc.constantFrom(...zoneIds), minMm: depth, maxMm: depth }), {
    maxLength: 4,
  });
  fc.assert(
    fc.property(concerns, fc.option(requested, { nil: null }), (cs, zones) => {
      const checked = checkPlan(planLimits(protocol, overridden, cs), overridden, {
        zones,
        sessions: null,
        intervalWeeks: null,
        maintenanceMonths: null,
      });
      if (!checked.ok) return;
      for (const z of checked.plan.zones) {
        const limit = limitFor(cs, z.zone);
        assert.ok(limit !== null && z.maxMm <= limit, `${z.zone} ${z.maxMm} mm above ${limit}`);
        assert.ok(z.minMm <= z.maxMm);
      }
      assert.equal(checked.plan.sessions, FALLBACK_SESSIONS);
      assert.equal(checked.plan.intervalWeeks, FALLBACK_INTERVAL_WEEKS);
    }),
  );
});

test("with the engine's plan, sessions, interval and maintenance stay within its ranges", () => {
  const decision = {
    plan: {
      series: [],
      combined: {
        sessions: { min: 3, max: 6 },
        intervalWeeks: { min: 4, max: 6 },
        maintenanceMonths: { min: 6, max: 12 },
      },
      maxDepthMmByZone: { cheeks: 0.5 },
      excludedZones: [],
    },
  };
  const limits = planLimits(protocol, decision, [{ indication: "rhytides", zones: ["cheeks"] }]);
  const n = fc.option(fc.integer({ min: 0, max: 20 }), { nil: null });
  fc.assert(
    fc.property(n, n, n, (sessions, intervalWeeks, maintenanceMonths) => {
      const checked = checkPlan(limits, decision, {
        zones: null,
        sessions,
        intervalWeeks,
        maintenanceMonths,
      });
      const inside = (v: number | null, r: { min: number; max: number }) =>
        v === null || (v >= r.min && v <= r.max);
      const c = decision.plan.combined;
      assert.equal(
        checked.ok,
        inside(sessions, c.sessions) &&
          inside(intervalWeeks, c.intervalWeeks) &&
          inside(maintenanceMonths, c.maintenanceMonths),
      );
      if (checked.ok) {
        assert.equal(checked.plan.sessions, sessions ?? 3);
        assert.deepEqual(checked.plan.zones, [{ zone: "cheeks", minMm: 0.25, maxMm: 0.5 }]);
      }
    }),
  );
});

test("the depth limit: the smallest of zone cap, indication cap and global maximum; none where not treated", () => {
  assert.equal(zoneDepthLimitMm(protocol, "cheeks"), 2);
  assert.equal(zoneDepthLimitMm(protocol, "cheeks", "rhytides"), 0.5);
  assert.equal(zoneDepthLimitMm(protocol, "forehead", "acne-scars"), 0.75);
  assert.equal(zoneDepthLimitMm(protocol, "scalp", "rhytides"), null);
  assert.equal(zoneDepthLimitMm(protocol, "eyelid"), null);
  assert.equal(zoneDepthLimitMm(protocol, "elbow"), null);
  const labelling = {
    ...protocol,
    planAlgorithm: { ...protocol.planAlgorithm, defaultDepthCapMode: "skinpenLabeling" },
  };
  assert.equal(zoneDepthLimitMm(labelling, "cheeks", "acne-scars"), 1.5);
  assert.equal(zoneDepthLimitMm(labelling, "cheeks"), 1.5);
});
