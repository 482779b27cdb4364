import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { checkOwnValues, choiceCatalogue } from "./choice-catalogue.ts";
import { defaultProtocol } from "./default-protocol.ts";
import { applyClinicChoices } from "./protocol.ts";

describe("choiceCatalogue", () => {
  const catalogue = choiceCatalogue(defaultProtocol());

  test("lists every rule with recorded alternatives, and each alternative applies", () => {
    const ids = catalogue.rules.map((r) => r.ruleId);
    for (const id of ["CI-ISOTRETINOIN-6M", "CI-KELOID", "PREP-NSAID-STOP", "PREP-UV-EXPOSURE"]) {
      assert.ok(ids.includes(id), id);
    }
    for (const rule of catalogue.rules) {
      for (const alt of rule.alternatives) {
        assert.doesNotThrow(() =>
          applyClinicChoices(defaultProtocol(), { rules: { [rule.ruleId]: { alternative: alt.id } } }),
        );
      }
    }
    for (const mode of catalogue.depthCapModes) {
      assert.doesNotThrow(() => applyClinicChoices(defaultProtocol(), { depthCapMode: mode.id }));
    }
  });

  test("every source id named has its citation", () => {
    const cited = new Set(catalogue.sources.map((s) => s.id));
    const named = [
      ...catalogue.rules.flatMap((r) => [...r.sources, ...r.alternatives.flatMap((a) => a.sources)]),
      ...catalogue.depthCapModes.flatMap((m) => m.sources),
      ...catalogue.seriesAlternatives.flatMap((s) => s.sources),
    ];
    for (const id of named) assert.ok(cited.has(id), id);
  });
});

describe("checkOwnValues", () => {
  const base = defaultProtocol();
  const cases: [string, Parameters<typeof checkOwnValues>[1], string | null][] = [
    ["a recorded alternative", { rules: { "CI-KELOID": { alternative: "relative" } } }, null],
    ["switching a rule off", { rules: { "CI-PREGNANCY": { enabled: false } } }, "rules.CI-PREGNANCY.enabled"],
    ["a stricter action", { rules: { "CI-BLEEDING-TENDENCY": { action: "decline" } } }, null],
    ["a laxer action", { rules: { "CI-KELOID": { action: "caution" } } }, "rules.CI-KELOID.action"],
    [
      "a UV window below the recorded 7 days",
      { rules: { "PREP-UV-EXPOSURE": { windowDays: 6 } } },
      "rules.PREP-UV-EXPOSURE.windowDays",
    ],
    ["a UV window of the recorded 7 days", { rules: { "PREP-UV-EXPOSURE": { windowDays: 7 } } }, null],
    [
      "a retinoid window of 3 days (recorded)",
      { rules: { "PREP-TOPICAL-RETINOID-STOP": { windowDays: 3 } } },
      null,
    ],
    [
      "a retinoid window of 2 days",
      { rules: { "PREP-TOPICAL-RETINOID-STOP": { windowDays: 2 } } },
      "rules.PREP-TOPICAL-RETINOID-STOP.windowDays",
    ],
    ["an isotretinoin window of 4 months", { rules: { "CI-ISOTRETINOIN-6M": { windowMonths: 4 } } }, null],
  ];
  for (const [name, choices, field] of cases) {
    test(name, () => assert.equal(checkOwnValues(base, choices)?.field ?? null, field));
  }
});
