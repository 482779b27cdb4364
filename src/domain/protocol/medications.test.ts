import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { defaultProtocol } from "./default-protocol.ts";
import { buildMedicationIndex, medicationNameKey, resolveMedication } from "./medications.ts";
import { loadProtocol } from "./protocol.ts";
import blogDefault from "./rulesets/blog-default.json" with { type: "json" };
import { medication } from "./screening-test-support.ts";
import type { MedicationInput } from "./types.ts";

const index = buildMedicationIndex(defaultProtocol());

describe("resolveMedication", () => {
  const cases: [string, MedicationInput, string[]][] = [
    ["ingredient", medication("warfarin"), ["anticoagulant"]],
    [
      "case and spacing",
      medication("  Glycolic   ACID ", { route: "topical" }),
      ["retinoid-or-exfoliant-topical"],
    ],
    ["spacing removed", medication("glycolicacid", { route: "topical" }), ["retinoid-or-exfoliant-topical"]],
    ["brand with a hyphen", medication("Retin-A", { route: "topical" }), ["retinoid-or-exfoliant-topical"]],
    [
      "brand spaced differently",
      medication("retin a micro", { route: "topical" }),
      ["retinoid-or-exfoliant-topical"],
    ],
    ["brand, upper case", medication("ELIQUIS"), ["anticoagulant"]],
    ["brand Coumadin", medication("Coumadin"), ["anticoagulant"]],
    ["brand Plavix", medication("Plavix"), ["antiplatelet"]],
    ["brand Advil", medication("Advil"), ["nsaid"]],
    ["salt form", medication("clopidogrel bisulfate"), ["antiplatelet"]],
    ["oral isotretinoin", medication("isotretinoin"), ["isotretinoin-systemic"]],
    [
      "topical isotretinoin",
      medication("isotretinoin", { route: "topical" }),
      ["retinoid-or-exfoliant-topical"],
    ],
    ["Accutane by mouth", medication("Accutane"), ["isotretinoin-systemic"]],
    ["aspirin prescribed", medication("aspirin", { prescribed: true }), ["antiplatelet"]],
    ["aspirin on one's own", medication("aspirin", { prescribed: false }), ["nsaid"]],
    [
      "aspirin bought for the heart",
      medication("aspirin", { prescribed: false, indication: "heart attack prevention" }),
      ["antiplatelet"],
    ],
    [
      "aspirin bought after a stent, by RxNorm",
      medication("ASA 81", { rxnorm: "1191", prescribed: false, indication: "coronary stent" }),
      ["antiplatelet"],
    ],
    [
      "aspirin after a stroke (TIA)",
      medication("Disprin", { prescribed: false, indication: "TIA" }),
      ["antiplatelet"],
    ],
    [
      "aspirin for a headache",
      medication("aspirin", { prescribed: false, indication: "headache" }),
      ["nsaid"],
    ],
    [
      "aspirin by RxNorm, prescribed",
      medication("ASA 81", { rxnorm: "1191", prescribed: true }),
      ["antiplatelet"],
    ],
    ["RxNorm code alone", medication("unknown name", { rxnorm: "1364430" }), ["anticoagulant"]],
    ["heparin intravenous", medication("heparin", { route: "intravenous" }), ["anticoagulant"]],
    ["unknown", medication("metformin"), []],
    ["typo", medication("warfarn"), []],
    ["known ingredient, unlisted route", medication("ibuprofen", { route: "topical" }), []],
  ];
  for (const [name, med, classes] of cases) {
    test(name, () => assert.deepEqual(resolveMedication(med, index).classIds, classes));
  }

  test("a protocol without a vocabulary does not know brand names (they go to review)", () => {
    const bare = buildMedicationIndex(loadProtocol(blogDefault));
    assert.deepEqual(resolveMedication(medication("Eliquis"), bare).classIds, []);
    assert.deepEqual(resolveMedication(medication("apixaban"), bare).classIds, ["anticoagulant"]);
  });

  test("name keys", () => {
    assert.equal(medicationNameKey(" Retin-A  Micro "), "retinamicro");
    assert.equal(medicationNameKey("GLYCOLIC acid"), medicationNameKey("glycolicacid"));
  });
});
