import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { defaultProtocol } from "../protocol/default-protocol.ts";
import {
  checkCartridge,
  postProductWarning,
  prefillZones,
  protocolDepthProblems,
  zonesAboveLicence,
} from "./chart-rules.ts";

const z = (zone: string, depthMm: number) => ({ zone, depthMm, passes: 2, pattern: "crosshatch" as const });

test("licence limit: equal is allowed, a hundredth above is not", () => {
  const cases: [number, number, boolean][] = [
    [0.5, 0.5, false],
    [0.51, 0.5, true],
    [1.5, 1.5, false],
    [1.55, 1.5, true],
    [2.0, 2.5, false],
  ];
  for (const [depth, licence, above] of cases) {
    assert.equal(
      zonesAboveLicence([z("cheeks", depth)], licence).length > 0,
      above,
      `${depth} vs ${licence}`,
    );
  }
});

test("no zone deeper than the licence ever passes the licence check", () => {
  fc.assert(
    fc.property(fc.integer({ min: 10, max: 300 }), fc.integer({ min: 10, max: 300 }), (d, l) => {
      const above = zonesAboveLicence([z("cheeks", d / 100)], l / 100).length > 0;
      return above === d > l;
    }),
  );
});

test("protocol caps per zone, prohibited and unknown zones, duplicates", () => {
  const p = defaultProtocol();
  assert.deepEqual(protocolDepthProblems([z("forehead", 0.75), z("cheeks", 2.0)], p), []);
  const problems = protocolDepthProblems(
    [z("forehead", 0.8), z("eyelid", 0.25), z("ear", 0.5), z("cheeks", 1), z("cheeks", 1)],
    p,
  );
  assert.deepEqual(
    problems.map((x) => [x.index, x.field]),
    [
      [0, "depthMm"],
      [1, "zone"],
      [2, "zone"],
      [4, "zone"],
    ],
  );
});

test("cartridge: usable on its expiry date, refused the day after", () => {
  assert.equal(checkCartridge("2025-03-31", "2025-03-31").ok, true);
  assert.equal(checkCartridge("2025-03-31", "2025-04-01").ok, false);
  assert.equal(checkCartridge("2024-02-29", "2024-03-01").ok, false);
});

test("post-procedure products: vitamin C warns with the protocol's sources, the hydrogel does not", () => {
  const p = defaultProtocol();
  const w = postProductWarning("vitamin-c-serum", p, true);
  assert.match(w?.message ?? "", /granulomatous/);
  assert.ok(w?.sources.includes("SOLTANI-2014"));
  assert.equal(postProductWarning("ha-hydrogel", p, false), null);
  assert.notEqual(postProductWarning("prp", p, false), null);
  assert.equal(postProductWarning("prp", p, true), null);
});

test("prefill: last session's settings clamped into the plan's range, plan minimum otherwise", () => {
  const plan = [
    { zone: "cheeks", minMm: 0.5, maxMm: 1.5 },
    { zone: "forehead", minMm: 0.25, maxMm: 0.5 },
  ];
  assert.deepEqual(prefillZones(plan, [{ zone: "cheeks", depthMm: 2, passes: 4, pattern: "vertical" }]), [
    { zone: "cheeks", depthMm: 1.5, passes: 4, pattern: "vertical" },
    { zone: "forehead", depthMm: 0.25, passes: 2, pattern: "crosshatch" },
  ]);
});
