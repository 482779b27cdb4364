import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { type CosignedZone, decideCosignature, uncoveredDepths } from "./chart-policy.ts";
import { type ZoneTreatment, zonesAboveLicence } from "./chart-rules.ts";

const ZONES = ["cheeks", "forehead", "chin", "neck", "scalp"];
// Depths as recorded: steps of 0.05 mm.
const depth = fc.integer({ min: 5, max: 60 }).map((n) => n * 0.05);
const zones = fc
  .uniqueArray(fc.constantFrom(...ZONES), { minLength: 1, maxLength: ZONES.length })
  .chain((ids) =>
    fc.tuple(
      ...ids.map((id) =>
        depth.map((d) => ({ zone: id, depthMm: d, passes: 2, pattern: "crosshatch" as const })),
      ),
    ),
  )
  .map((zs): ZoneTreatment[] => zs);
const earlier = fc.option(
  fc.array(fc.record({ zone: fc.constantFrom(...ZONES), depthMm: depth }), { maxLength: 5 }),
  { nil: null },
) as fc.Arbitrary<CosignedZone[] | null>;
const physician = (maxNeedleDepthMm: number) => ({
  id: "physician",
  role: "provider",
  credential: "physician",
  maxNeedleDepthMm,
});

test("without a co-signer now, a save is refused exactly when a depth above licence is not covered earlier", () => {
  fc.assert(
    fc.property(zones, depth, earlier, (zs, licence, before) => {
      const decided = decideCosignature({
        zones: zs,
        chartLicenceMm: licence,
        providerId: "nurse",
        earlier: before,
        cosigner: null,
      });
      const uncovered = uncoveredDepths(zs, licence, before);
      assert.equal(decided.ok, uncovered.length === 0);
      if (decided.ok) assert.equal(decided.cosign, null);
      else
        assert.deepEqual(decided.refusal, {
          kind: "depth_above_licence",
          licenceMm: licence,
          zones: uncovered,
        });
    }),
  );
});

test("a co-signature is recorded exactly when a depth is above licence, and covers exactly those zones", () => {
  fc.assert(
    fc.property(zones, depth, earlier, (zs, licence, before) => {
      const decided = decideCosignature({
        zones: zs,
        chartLicenceMm: licence,
        providerId: "nurse",
        earlier: before,
        cosigner: physician(3),
      });
      assert.ok(decided.ok);
      const above = zonesAboveLicence(zs, licence);
      if (above.length === 0) assert.equal(decided.cosign, null);
      else
        assert.deepEqual(decided.cosign, {
          by: "physician",
          zones: above.map((z) => ({ zone: z.zone, depthMm: z.depthMm })),
        });
    }),
  );
});

test("a co-signer never widens beyond their own licence, and is never the chart's provider or a non-physician", () => {
  fc.assert(
    fc.property(zones, depth, depth, (zs, licence, cosignerLicence) => {
      const ask = (cosigner: Parameters<typeof decideCosignature>[0]["cosigner"], providerId = "nurse") =>
        decideCosignature({ zones: zs, chartLicenceMm: licence, providerId, earlier: null, cosigner });
      const above = zonesAboveLicence(zs, licence);
      const decided = ask(physician(cosignerLicence));
      if (above.length === 0) {
        assert.deepEqual(decided, { ok: true, cosign: null });
        return;
      }
      const beyond = zonesAboveLicence(above, cosignerLicence);
      assert.equal(decided.ok, beyond.length === 0);
      if (!decided.ok) assert.equal(decided.refusal.kind, "above_cosigner_licence");
      assert.deepEqual(ask(physician(3), "physician"), { ok: false, refusal: { kind: "own_chart" } });
      assert.deepEqual(ask({ ...physician(3), credential: "nurse" }), {
        ok: false,
        refusal: { kind: "not_a_physician" },
      });
      assert.deepEqual(ask({ ...physician(3), role: "front_desk" }), {
        ok: false,
        refusal: { kind: "not_a_physician" },
      });
    }),
  );
});

test("boundaries: at the licence nothing is asked; 0.05 mm above needs a co-signature", () => {
  const z = (d: number): ZoneTreatment[] => [
    { zone: "cheeks", depthMm: d, passes: 2, pattern: "crosshatch" },
  ];
  const ask = (d: number, before: CosignedZone[] | null) =>
    decideCosignature({ zones: z(d), chartLicenceMm: 1.5, providerId: "n", earlier: before, cosigner: null });
  assert.deepEqual(ask(1.5, null), { ok: true, cosign: null });
  assert.equal(ask(1.55, null).ok, false);
  assert.deepEqual(ask(1.55, [{ zone: "cheeks", depthMm: 1.55 }]), { ok: true, cosign: null });
  assert.equal(ask(1.6, [{ zone: "cheeks", depthMm: 1.55 }]).ok, false);
  assert.equal(ask(1.55, [{ zone: "forehead", depthMm: 2 }]).ok, false);
});
