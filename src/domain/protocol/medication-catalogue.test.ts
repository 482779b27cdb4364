// The medicine catalogue is complete enough that common drugs never need a manual review: every
// outpatient member of the classes below is in it, with a US or UK brand and, where confirmed, its
// RxNorm ingredient code; each is screened by ingredient, by brand and by code, and gets its
// class's outcome, never "unrecognised".
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { defaultProtocol } from "./default-protocol.ts";
import { screenPatient } from "./screen-patient.ts";
import { baseInput, medication } from "./screening-test-support.ts";
import type { MedicationInput, ScreeningOutput } from "./types.ts";

type Expectation = (out: ScreeningOutput, what: string) => void;

const clearanceForBloodThinner: Expectation = (out, what) => {
  assert.equal(out.outcome, "needs-physician-clearance", what);
  assert.ok(out.reasons.includes("CI-ANTITHROMBOTIC"), what);
  assert.ok(out.prepInstructions.includes("PREP-ANTITHROMBOTIC-DO-NOT-STOP"), what);
  assert.ok(!out.prepInstructions.includes("PREP-NSAID-STOP"), what);
};
const expectations: Record<string, { route: string; prescribed: boolean; expect: Expectation }> = {
  anticoagulant: { route: "oral", prescribed: true, expect: clearanceForBloodThinner },
  antiplatelet: { route: "oral", prescribed: true, expect: clearanceForBloodThinner },
  "retinoid-systemic-other": {
    route: "oral",
    prescribed: true,
    expect: (out, what) => {
      assert.equal(out.outcome, "defer", what);
      assert.ok(out.reasons.includes("CI-ISOTRETINOIN-6M"), what);
    },
  },
  "isotretinoin-systemic": {
    route: "oral",
    prescribed: true,
    expect: (out, what) => {
      assert.equal(out.outcome, "defer", what);
      assert.ok(out.reasons.includes("CI-ISOTRETINOIN-6M"), what);
    },
  },
  nsaid: {
    route: "oral",
    prescribed: false,
    expect: (out, what) => {
      assert.equal(out.outcome, "eligible", what);
      assert.ok(out.prepInstructions.includes("PREP-NSAID-STOP"), what);
    },
  },
  "retinoid-or-exfoliant-topical": {
    route: "topical",
    prescribed: false,
    expect: (out, what) => {
      assert.equal(out.outcome, "eligible", what);
      assert.ok(out.prepInstructions.includes("PREP-TOPICAL-RETINOID-STOP"), what);
    },
  },
  "antiviral-hsv": {
    route: "oral",
    prescribed: true,
    expect: (out, what) => assert.equal(out.outcome, "eligible", what),
  },
};

/**
 * The list the catalogue is held against: class, ingredient, one brand (US or UK), and the RxNorm
 * ingredient code (null where no code is confirmed: then by name and brand only).
 */
const REQUIRED: [string, string, string, string | null][] = [
  // vitamin K antagonists
  ["anticoagulant", "warfarin", "Coumadin", "11289"],
  ["anticoagulant", "acenocoumarol", "Sinthrome", "154"],
  ["anticoagulant", "phenprocoumon", "Marcoumar", "8150"],
  ["anticoagulant", "phenindione", "Dindevan", null],
  // heparins and heparinoids
  ["anticoagulant", "heparin", "Monoparin", "5224"],
  ["anticoagulant", "enoxaparin", "Lovenox", "67108"],
  ["anticoagulant", "dalteparin", "Fragmin", "67109"],
  ["anticoagulant", "tinzaparin", "Innohep", "69528"],
  ["anticoagulant", "fondaparinux", "Arixtra", "321208"],
  // direct thrombin and factor Xa inhibitors
  ["anticoagulant", "dabigatran", "Pradaxa", "1037042"],
  ["anticoagulant", "apixaban", "Eliquis", "1364430"],
  ["anticoagulant", "rivaroxaban", "Xarelto", "1114195"],
  ["anticoagulant", "edoxaban", "Lixiana", "1599538"],
  // platelet aggregation inhibitors
  ["antiplatelet", "aspirin", "Durlaza", "1191"],
  ["antiplatelet", "clopidogrel", "Plavix", "32968"],
  ["antiplatelet", "prasugrel", "Efient", "613391"],
  ["antiplatelet", "ticagrelor", "Brilinta", "1116632"],
  ["antiplatelet", "cilostazol", "Pletal", "21107"],
  ["antiplatelet", "dipyridamole", "Persantin", "3521"],
  ["antiplatelet", "ticlopidine", "Ticlid", "10594"],
  ["antiplatelet", "vorapaxar", "Zontivity", "1537034"],
  // systemic retinoids
  ["isotretinoin-systemic", "isotretinoin", "Accutane", "6064"],
  ["retinoid-systemic-other", "acitretin", "Soriatane", "16818"],
  ["retinoid-systemic-other", "alitretinoin", "Toctino", null],
  ["retinoid-systemic-other", "bexarotene", "Targretin", "233272"],
  // common oral NSAIDs
  ["nsaid", "ibuprofen", "Advil", "5640"],
  ["nsaid", "naproxen", "Aleve", "7258"],
  ["nsaid", "diclofenac", "Voltaren", "3355"],
  ["nsaid", "celecoxib", "Celebrex", "140587"],
  ["nsaid", "meloxicam", "Mobic", "41493"],
  ["nsaid", "indomethacin", "Indocin", "5781"],
  ["nsaid", "nabumetone", "Relafen", "31448"],
  ["nsaid", "piroxicam", "Feldene", "8356"],
  ["nsaid", "flurbiprofen", "Froben", "4502"],
  ["nsaid", "aceclofenac", "Preservex", "16689"],
  ["nsaid", "etodolac", "Lodine", "24605"],
  ["nsaid", "ketorolac", "Toradol", "35827"],
  ["nsaid", "ketoprofen", "Oruvail", "6142"],
  ["nsaid", "mefenamic acid", "Ponstan", "6736"],
  ["nsaid", "sulindac", "Clinoril", "10237"],
  ["nsaid", "oxaprozin", "Daypro", "32613"],
  ["nsaid", "diflunisal", "Dolobid", "3393"],
  ["nsaid", "etoricoxib", "Arcoxia", "307296"],
  ["nsaid", "aspirin", "Disprin", "1191"],
  // HSV antivirals
  ["antiviral-hsv", "acyclovir", "Zovirax", "281"],
  ["antiviral-hsv", "valacyclovir", "Valtrex", "73645"],
  ["antiviral-hsv", "famciclovir", "Famvir", "68099"],
  // topical retinoids and acids
  ["retinoid-or-exfoliant-topical", "tretinoin", "Retin-A", "10753"],
  ["retinoid-or-exfoliant-topical", "adapalene", "Differin", null],
  ["retinoid-or-exfoliant-topical", "tazarotene", "Tazorac", null],
  ["retinoid-or-exfoliant-topical", "trifarotene", "Aklief", null],
  ["retinoid-or-exfoliant-topical", "azelaic acid", "Finacea", null],
  ["retinoid-or-exfoliant-topical", "mandelic acid", "mandelic acid", null],
  ["retinoid-or-exfoliant-topical", "glycolic acid", "glycolic acid", null],
  ["retinoid-or-exfoliant-topical", "salicylic acid", "salicylic acid", null],
];

const protocol = defaultProtocol();

function screenWith(med: MedicationInput): ScreeningOutput {
  return screenPatient(baseInput({ medications: [med] }), protocol);
}

describe("the medicine catalogue", () => {
  test("holds every listed medicine in its class, with its RxNorm code", () => {
    for (const [classId, ingredient, , rxnorm] of REQUIRED) {
      const member = protocol.medicationClasses
        .find((c) => c.id === classId)
        ?.members.find((m) => m.ingredient === ingredient);
      assert.ok(member, `${ingredient} is not in ${classId}`);
      assert.equal(member.rxnorm?.code ?? null, rxnorm, `${ingredient}: RxNorm`);
    }
  });

  test("an RxNorm code names one ingredient only", () => {
    const byCode = new Map<string, string>();
    for (const c of protocol.medicationClasses)
      for (const m of c.members) {
        const code = m.rxnorm?.code;
        if (!code) continue;
        const seen = byCode.get(code);
        assert.ok(seen === undefined || seen === m.ingredient, `${code}: ${seen} and ${m.ingredient}`);
        byCode.set(code, m.ingredient);
      }
  });

  for (const [classId, ingredient, brand, rxnorm] of REQUIRED) {
    const { prescribed, expect } = expectations[classId] as (typeof expectations)[string];
    // As the medicine is taken: heparins by injection, the others by mouth or on the skin.
    const route =
      protocol.medicationClasses
        .find((c) => c.id === classId)
        ?.members.find((m) => m.ingredient === ingredient)?.routes[0] ??
      (expectations[classId] as (typeof expectations)[string]).route;
    test(`${ingredient} (${classId}) by ingredient, by ${brand} and by RxNorm code`, () => {
      const ways: [string, MedicationInput][] = [
        ["ingredient", medication(ingredient, { route, prescribed })],
        [`brand ${brand}`, medication(brand, { route, prescribed })],
      ];
      if (rxnorm !== null)
        ways.push(["RxNorm code", medication("name not known", { route, prescribed, rxnorm })]);
      for (const [way, med] of ways) {
        const out = screenWith(med);
        const what = `${ingredient} by ${way}`;
        assert.deepEqual(out.unrecognizedMedications, [], `${what} is unrecognised`);
        expect(out, what);
      }
    });
  }
});
