import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { describe, test } from "node:test";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import fc from "fast-check";
import outputSchema from "../../../test/fixtures/spec/screening-output.schema.json" with { type: "json" };
import { addDays } from "../calendar.ts";
import { defaultProtocol } from "./default-protocol.ts";
import { applyClinicChoices } from "./protocol.ts";
import { screenPatient } from "./screen-patient.ts";
import { baseInput, condition, medication, screeningInputArbitrary } from "./screening-test-support.ts";
import type { Protocol, ScreeningInput, ScreeningOutput } from "./types.ts";
import { validateScreeningInput } from "./validate-input.ts";

const protocol = defaultProtocol();

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;
const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats(ajv);
const validOutput = ajv.compile(outputSchema);

function assertSchemaValid(output: unknown): void {
  if (!validOutput(output))
    assert.fail(`output does not match the schema: ${ajv.errorsText(validOutput.errors)}`);
}

/** Validates (the engine's precondition) and screens. */
function screen(input: ScreeningInput, p: Protocol = protocol): ScreeningOutput {
  const checked = validateScreeningInput(input, p);
  if (!checked.ok) assert.fail(`test input is invalid: ${checked.error.field}: ${checked.error.message}`);
  return screenPatient(checked.value, p);
}

const DECISION = [
  "outcome",
  "deferral",
  "deferUntil",
  "reasons",
  "cautions",
  "prepInstructions",
  "plan",
] as const;
const ID_ARRAYS = new Set(["reasons", "cautions", "prepInstructions"]);

describe("spec examples", () => {
  const dir = new URL("../../../test/fixtures/spec/examples/", import.meta.url);
  const files = readdirSync(dir).filter((f) => f.endsWith(".json"));
  assert.ok(files.length >= 12);
  for (const file of files.sort()) {
    test(file, () => {
      const example = JSON.parse(readFileSync(new URL(file, dir), "utf8")) as {
        input: ScreeningInput;
        expected: Record<string, unknown>;
      };
      const output = screen(example.input) as unknown as Record<string, unknown>;
      for (const key of DECISION) {
        const got = output[key];
        const want = example.expected[key];
        if (ID_ARRAYS.has(key)) assert.deepEqual(new Set(got as string[]), new Set(want as string[]), key);
        else assert.deepEqual(got, want, key);
      }
      assertSchemaValid(output);
      assert.equal(output.id, example.input.id);
      assert.match(output.protocolVersion as string, /^blog-default@1\.0\+sha256:[0-9a-f]{12}$/);
      assert.equal(output.requiresReview, false);
      assert.deepEqual(output.unrecognizedMedications, []);
    });
  }
});

/** One row of a boundary table: an input change and the decision members it must produce. */
interface Row {
  name: string;
  input: ScreeningInput;
  expect: Partial<
    Pick<ScreeningOutput, "outcome" | "deferral" | "deferUntil" | "reasons" | "cautions" | "prepInstructions">
  >;
  protocol?: Protocol;
}

function runTable(rows: Row[]): void {
  for (const row of rows) {
    test(row.name, () => {
      const output = screen(row.input, row.protocol);
      for (const [key, want] of Object.entries(row.expect)) {
        assert.deepEqual(output[key as keyof ScreeningOutput], want, `${key}`);
      }
      assertSchemaValid(output);
      if (output.outcome === "eligible") assert.notEqual(output.plan, null);
      else assert.equal(output.plan, null);
    });
  }
}

/** A patient with one medication, screened on `screening` for an appointment on `appointment`. */
function withMedication(
  med: ReturnType<typeof medication>,
  screening: string,
  appointment: string,
  extra: Partial<ScreeningInput> = {},
): ScreeningInput {
  return baseInput({
    screeningDate: screening,
    requestedAppointment: appointment,
    medications: [med],
    ...extra,
  });
}

const isotretinoin = (lastTaken: string | null) =>
  medication("isotretinoin", { prescribed: true, ongoing: lastTaken === null, lastTaken });

describe("month windows (oral isotretinoin, 6 calendar months, clamped)", () => {
  runTable([
    {
      name: "stopped 2025-12-31: the day before 2026-06-30 defers to 2026-06-30",
      input: withMedication(isotretinoin("2025-12-31"), "2026-06-08", "2026-06-29"),
      expect: {
        outcome: "defer",
        deferral: "dated",
        deferUntil: "2026-06-30",
        reasons: ["CI-ISOTRETINOIN-6M"],
      },
    },
    {
      name: "stopped 2025-12-31: on 2026-06-30 it passes",
      input: withMedication(isotretinoin("2025-12-31"), "2026-06-08", "2026-06-30"),
      expect: { outcome: "eligible", reasons: [] },
    },
    {
      name: "stopped 2024-08-31: earliest 2025-02-28 (no leap day)",
      input: withMedication(isotretinoin("2024-08-31"), "2025-02-01", "2025-02-27"),
      expect: { outcome: "defer", deferUntil: "2025-02-28" },
    },
    {
      name: "stopped 2024-08-31: 2025-02-28 passes",
      input: withMedication(isotretinoin("2024-08-31"), "2025-02-01", "2025-02-28"),
      expect: { outcome: "eligible" },
    },
    {
      name: "stopped 2023-08-31: earliest is the leap day 2024-02-29",
      input: withMedication(isotretinoin("2023-08-31"), "2024-02-01", "2024-02-28"),
      expect: { outcome: "defer", deferUntil: "2024-02-29" },
    },
    {
      name: "stopped 2023-08-31: 2024-02-29 passes",
      input: withMedication(isotretinoin("2023-08-31"), "2024-02-01", "2024-02-29"),
      expect: { outcome: "eligible" },
    },
    {
      name: "stopped on a day every month has: 2025-03-15 -> 2025-09-15",
      input: withMedication(isotretinoin("2025-03-15"), "2025-09-01", "2025-09-14"),
      expect: { outcome: "defer", deferUntil: "2025-09-15" },
    },
    {
      name: "still taking it: undated deferral",
      input: withMedication(isotretinoin(null), "2026-01-08", "2026-01-22"),
      expect: { outcome: "defer", deferral: "undated", deferUntil: null, reasons: ["CI-ISOTRETINOIN-6M"] },
    },
    {
      name: "topical isotretinoin is a topical retinoid (7-day washout), not the 6-month rule",
      input: withMedication(
        medication("isotretinoin", { route: "topical", prescribed: true }),
        "2026-01-08",
        "2026-01-10",
      ),
      expect: {
        outcome: "defer",
        deferral: "dated",
        deferUntil: "2026-01-15",
        reasons: ["PREP-TOPICAL-RETINOID-STOP"],
        prepInstructions: ["PREP-TOPICAL-RETINOID-STOP"],
      },
    },
    {
      name: "brand name Accutane by mouth",
      input: withMedication(medication("Accutane", { prescribed: true }), "2026-01-08", "2026-01-22"),
      expect: { outcome: "defer", deferral: "undated", reasons: ["CI-ISOTRETINOIN-6M"] },
    },
    {
      name: "RxNorm code 6064 by mouth, whatever the name says",
      input: withMedication(
        medication("isotretinoin 20 mg capsule", {
          rxnorm: "6064",
          prescribed: true,
          ongoing: false,
          lastTaken: "2025-10-01",
        }),
        "2026-01-08",
        "2026-01-22",
      ),
      expect: { outcome: "defer", deferUntil: "2026-04-01", reasons: ["CI-ISOTRETINOIN-6M"] },
    },
  ]);
});

describe("day windows (washouts and the antithrombotic 7 days)", () => {
  runTable([
    {
      name: "ongoing ibuprofen: stops on the screening date, 3 days -> deferred to screening + 3",
      input: withMedication(medication("ibuprofen"), "2026-11-02", "2026-11-04"),
      expect: {
        outcome: "defer",
        deferUntil: "2026-11-05",
        reasons: ["PREP-NSAID-STOP"],
        prepInstructions: ["PREP-NSAID-STOP"],
      },
    },
    {
      name: "ongoing ibuprofen: screening + 3 passes; the stop instruction stays",
      input: withMedication(medication("ibuprofen"), "2026-11-02", "2026-11-05"),
      expect: { outcome: "eligible", reasons: [], prepInstructions: ["PREP-NSAID-STOP"] },
    },
    {
      name: "ibuprofen stopped 2026-11-01: deferred to 2026-11-04, no instruction (already stopped)",
      input: withMedication(
        medication("ibuprofen", { ongoing: false, lastTaken: "2026-11-01" }),
        "2026-11-02",
        "2026-11-03",
      ),
      expect: { outcome: "defer", deferUntil: "2026-11-04", prepInstructions: [] },
    },
    {
      name: "ibuprofen stopped 2026-11-01: 2026-11-04 passes",
      input: withMedication(
        medication("ibuprofen", { ongoing: false, lastTaken: "2026-11-01" }),
        "2026-11-02",
        "2026-11-04",
      ),
      expect: { outcome: "eligible", prepInstructions: [] },
    },
    {
      name: "retinol stopped 2026-02-01: 7 days -> 2026-02-08",
      input: withMedication(
        medication("retinol", { route: "topical", ongoing: false, lastTaken: "2026-02-01" }),
        "2026-02-02",
        "2026-02-07",
      ),
      expect: { outcome: "defer", deferUntil: "2026-02-08", reasons: ["PREP-TOPICAL-RETINOID-STOP"] },
    },
    {
      name: "washout across the leap day: adapalene until 2024-02-25 -> 2024-03-03",
      input: withMedication(
        medication("adapalene", { route: "topical", ongoing: false, lastTaken: "2024-02-25" }),
        "2024-02-26",
        "2024-03-02",
      ),
      expect: { outcome: "defer", deferUntil: "2024-03-03" },
    },
    {
      name: "sunburn on 2026-10-31: 7 days from onset -> 2026-11-07",
      input: baseInput({
        screeningDate: "2026-11-02",
        requestedAppointment: "2026-11-06",
        conditions: [condition("uv-exposure", { onset: "2026-10-31" })],
      }),
      expect: {
        outcome: "defer",
        deferUntil: "2026-11-07",
        reasons: ["PREP-UV-EXPOSURE"],
        prepInstructions: [],
      },
    },
    {
      name: "sunburn on 2026-10-31: 2026-11-07 passes",
      input: baseInput({
        screeningDate: "2026-11-02",
        requestedAppointment: "2026-11-07",
        conditions: [condition("uv-exposure", { onset: "2026-10-31" })],
      }),
      expect: { outcome: "eligible" },
    },
    {
      name: "warfarin stopped 2026-03-01: within 7 days of 2026-03-07 -> clearance, no do-not-stop (not taking it)",
      input: withMedication(
        medication("warfarin", { prescribed: true, ongoing: false, lastTaken: "2026-03-01" }),
        "2026-03-02",
        "2026-03-07",
      ),
      expect: {
        outcome: "needs-physician-clearance",
        deferral: "none",
        reasons: ["CI-ANTITHROMBOTIC"],
        prepInstructions: [],
      },
    },
    {
      name: "warfarin stopped 2026-03-01: 2026-03-08 is 7 days later and passes",
      input: withMedication(
        medication("warfarin", { prescribed: true, ongoing: false, lastTaken: "2026-03-01" }),
        "2026-03-02",
        "2026-03-08",
      ),
      expect: { outcome: "eligible", reasons: [] },
    },
  ]);
});

describe("antithrombotics, aspirin and NSAIDs", () => {
  const clearance = {
    outcome: "needs-physician-clearance" as const,
    reasons: ["CI-ANTITHROMBOTIC"],
    prepInstructions: ["PREP-ANTITHROMBOTIC-DO-NOT-STOP"],
  };
  runTable([
    {
      name: "prescribed aspirin is an antiplatelet: clearance and do-not-stop, never a stop instruction",
      input: withMedication(medication("aspirin", { prescribed: true }), "2026-01-08", "2026-01-09"),
      expect: { ...clearance, deferral: "none", deferUntil: null },
    },
    {
      name: "aspirin taken on one's own is an NSAID: washout and stop instruction",
      input: withMedication(medication("aspirin", { prescribed: false }), "2026-01-08", "2026-01-09"),
      expect: { outcome: "defer", reasons: ["PREP-NSAID-STOP"], prepInstructions: ["PREP-NSAID-STOP"] },
    },
    ...["Eliquis", "Xarelto", "Coumadin", "Pradaxa", "  WARFARIN ", "apixaban"].map((name) => ({
      name: `${JSON.stringify(name)} -> anticoagulant`,
      input: withMedication(medication(name, { prescribed: true }), "2026-01-08", "2026-01-22"),
      expect: clearance,
    })),
    {
      name: "Plavix -> antiplatelet",
      input: withMedication(medication("Plavix", { prescribed: true }), "2026-01-08", "2026-01-22"),
      expect: clearance,
    },
    {
      name: "enoxaparin by injection -> anticoagulant",
      input: withMedication(
        medication("Lovenox", { route: "subcutaneous", prescribed: true }),
        "2026-01-08",
        "2026-01-22",
      ),
      expect: clearance,
    },
    {
      name: "RxNorm 11289 (warfarin) with a free-text name",
      input: withMedication(
        medication("blood thinner", { rxnorm: "11289", prescribed: true }),
        "2026-01-08",
        "2026-01-22",
      ),
      expect: clearance,
    },
    {
      name: "naproxen sodium (salt form), Advil, Aleve -> NSAID",
      input: baseInput({
        screeningDate: "2026-01-08",
        requestedAppointment: "2026-01-09",
        medications: [medication("Naproxen Sodium"), medication("Advil"), medication("aleve")],
      }),
      expect: { outcome: "defer", deferUntil: "2026-01-11", reasons: ["PREP-NSAID-STOP"] },
    },
    {
      name: "anticoagulant with a retinoid: clearance keeps the dated washout",
      input: baseInput({
        screeningDate: "2026-03-02",
        requestedAppointment: "2026-03-06",
        medications: [
          medication("Xarelto", { prescribed: true }),
          medication("Retin-A", { route: "topical", prescribed: true }),
        ],
      }),
      expect: {
        outcome: "needs-physician-clearance",
        deferral: "dated",
        deferUntil: "2026-03-09",
        reasons: ["CI-ANTITHROMBOTIC", "PREP-TOPICAL-RETINOID-STOP"],
        prepInstructions: ["PREP-ANTITHROMBOTIC-DO-NOT-STOP", "PREP-TOPICAL-RETINOID-STOP"],
      },
    },
    {
      name: "spacing and case aside: 'Glycolic  ACID' and 'salicylicacid'",
      input: baseInput({
        medications: [
          medication("Glycolic  ACID", { route: "topical" }),
          medication("salicylicacid", { route: "topical" }),
        ],
        requestedAppointment: "2026-01-10",
      }),
      expect: { outcome: "defer", deferUntil: "2026-01-15", reasons: ["PREP-TOPICAL-RETINOID-STOP"] },
    },
  ]);

  test("an unknown medication, or a typo, is listed for review and never ignored", () => {
    const output = screen(
      baseInput({
        medications: [
          medication("metformin", { prescribed: true }),
          medication("warfarn", { prescribed: true }),
        ],
      }),
    );
    assert.equal(output.requiresReview, true);
    assert.deepEqual(output.unrecognizedMedications, [
      { index: 0, name: "metformin" },
      { index: 1, name: "warfarn" },
    ]);
    assertSchemaValid(output);
  });

  test("a catalog ingredient by a route the catalog does not list is for review (topical diclofenac)", () => {
    const output = screen(baseInput({ medications: [medication("diclofenac", { route: "topical" })] }));
    assert.equal(output.requiresReview, true);
    assert.deepEqual(output.unrecognizedMedications, [{ index: 0, name: "diclofenac" }]);
    assert.deepEqual(output.reasons, []);
  });

  test("a name and an RxNorm code that disagree apply both classes and ask for review", () => {
    const output = screen(
      baseInput({ medications: [medication("ibuprofen", { rxnorm: "11289", prescribed: true })] }),
    );
    assert.equal(output.outcome, "needs-physician-clearance");
    assert.equal(output.requiresReview, true);
    // Never a stop instruction for a medicine that may be an anticoagulant.
    assert.ok(!output.prepInstructions.includes("PREP-NSAID-STOP"));
    assert.ok(output.prepInstructions.includes("PREP-ANTITHROMBOTIC-DO-NOT-STOP"));
  });
});

describe("conditions: in the treatment area or elsewhere, active or resolved", () => {
  const at = (conditionId: string, over: Parameters<typeof condition>[1]) =>
    baseInput({ conditions: [condition(conditionId, over)] });
  runTable([
    {
      name: "active acne in the area",
      input: at("acne-vulgaris", {}),
      expect: { outcome: "defer", deferral: "undated", reasons: ["CI-ACTIVE-ACNE"] },
    },
    {
      name: "active acne elsewhere",
      input: at("acne-vulgaris", { inTreatmentArea: false }),
      expect: { outcome: "eligible" },
    },
    {
      name: "acne history in the area",
      input: at("acne-vulgaris", { status: "history" }),
      expect: { outcome: "eligible" },
    },
    {
      name: "active psoriasis in the area: contraindication, Koebner caution suppressed",
      input: at("psoriasis", {}),
      expect: { outcome: "defer", reasons: ["CI-PSORIASIS-ACTIVE"], cautions: [] },
    },
    {
      name: "active psoriasis elsewhere: caution only",
      input: at("psoriasis", { inTreatmentArea: false }),
      expect: { outcome: "eligible", cautions: ["CAU-PSORIASIS-KOEBNER"] },
    },
    {
      name: "psoriasis in remission in the area: caution only",
      input: at("psoriasis", { status: "resolved", resolved: "2025-06-01" }),
      expect: { outcome: "eligible", cautions: ["CAU-PSORIASIS-KOEBNER"] },
    },
    {
      name: "moderate eczema in the area: contraindication, caution suppressed",
      input: at("eczema-dermatitis", { severity: "moderate" }),
      expect: { outcome: "defer", reasons: ["CI-ECZEMA-MOD-SEVERE"], cautions: [] },
    },
    {
      name: "mild eczema in the area: caution",
      input: at("eczema-dermatitis", { severity: "mild" }),
      expect: { outcome: "eligible", cautions: ["CAU-ECZEMA-MILD-OR-ELSEWHERE"] },
    },
    {
      name: "severe eczema elsewhere: caution",
      input: at("eczema-dermatitis", { severity: "severe", inTreatmentArea: false }),
      expect: { outcome: "eligible", cautions: ["CAU-ECZEMA-MILD-OR-ELSEWHERE"] },
    },
    {
      name: "severe rosacea in the area",
      input: at("rosacea", { severity: "severe" }),
      expect: { outcome: "defer", reasons: ["CI-ROSACEA-SEVERE"], cautions: [] },
    },
    {
      name: "moderate rosacea in the area: caution",
      input: at("rosacea", { severity: "moderate" }),
      expect: { outcome: "eligible", cautions: ["CAU-ROSACEA-MILD-MODERATE"] },
    },
    {
      name: "severe rosacea elsewhere: caution",
      input: at("rosacea", { severity: "severe", inTreatmentArea: false }),
      expect: { outcome: "eligible", cautions: ["CAU-ROSACEA-MILD-MODERATE"] },
    },
    {
      name: "active skin cancer in the area: decline",
      input: at("skin-cancer", {}),
      expect: { outcome: "decline", reasons: ["CI-SKIN-CANCER-AREA"] },
    },
    {
      name: "active skin cancer elsewhere",
      input: at("skin-cancer", { inTreatmentArea: false }),
      expect: { outcome: "eligible" },
    },
    {
      name: "treated skin cancer in the area",
      input: at("skin-cancer", { status: "resolved", resolved: "2024-01-01" }),
      expect: { outcome: "eligible" },
    },
    {
      name: "radiotherapy now, anywhere: undated deferral",
      input: at("radiotherapy", { inTreatmentArea: false }),
      expect: { outcome: "defer", deferral: "undated", reasons: ["CI-RADIOTHERAPY-CURRENT"] },
    },
    {
      name: "past radiotherapy to the area: clearance",
      input: at("radiotherapy", { status: "history" }),
      expect: { outcome: "needs-physician-clearance", deferral: "none", reasons: ["CI-RADIOTHERAPY-AREA"] },
    },
    {
      name: "past radiotherapy elsewhere",
      input: at("radiotherapy", { status: "history", inTreatmentArea: false }),
      expect: { outcome: "eligible" },
    },
    {
      name: "open wound in the area",
      input: at("open-wound", {}),
      expect: { outcome: "defer", reasons: ["CI-OPEN-WOUND"] },
    },
    {
      name: "healed wound in the area",
      input: at("open-wound", { status: "resolved", resolved: "2026-01-01" }),
      expect: { outcome: "eligible" },
    },
    {
      name: "skin infection in the area",
      input: at("skin-infection", {}),
      expect: { outcome: "defer", reasons: ["CI-SKIN-INFECTION"] },
    },
    {
      name: "skin infection elsewhere",
      input: at("skin-infection", { inTreatmentArea: false }),
      expect: { outcome: "eligible" },
    },
    {
      name: "keloid history anywhere: decline",
      input: at("keloid", { status: "history", inTreatmentArea: false }),
      expect: { outcome: "decline", reasons: ["CI-KELOID"] },
    },
    {
      name: "nickel allergy: decline",
      input: at("allergy-stainless-steel", { inTreatmentArea: false }),
      expect: { outcome: "decline", reasons: ["CI-ALLERGY-STEEL-ANESTHETIC"] },
    },
    {
      name: "diagnosed bleeding disorder: decline",
      input: at("bleeding-disorder", { status: "history" }),
      expect: { outcome: "decline", reasons: ["CI-BLEEDING-DISORDER"] },
    },
    {
      name: "bleeding tendency: clearance",
      input: at("bleeding-tendency", { inTreatmentArea: false }),
      expect: { outcome: "needs-physician-clearance", reasons: ["CI-BLEEDING-TENDENCY"] },
    },
  ]);
});

describe("cold sores and the face", () => {
  const lip = (status: string, zones: string[], indication = "rhytides") =>
    baseInput({
      conditions: [condition("herpes-labialis", { status, inTreatmentArea: false })],
      request: { setting: "clinic", concerns: [{ indication, zones }] },
    });
  runTable([
    {
      name: "active cold sore, forehead planned (away from the lip)",
      input: lip("active", ["forehead"]),
      expect: { outcome: "defer", deferral: "undated", reasons: ["CI-HSV-ACTIVE"] },
    },
    {
      name: "active cold sore, only the neck planned (not a face zone)",
      input: lip("active", ["neck"]),
      expect: { outcome: "eligible", cautions: [] },
    },
    {
      name: "past cold sores, face planned: caution and prophylaxis",
      input: lip("history", ["cheeks"]),
      expect: {
        outcome: "eligible",
        cautions: ["CAU-HSV-HISTORY"],
        prepInstructions: ["PREP-HSV-PROPHYLAXIS"],
      },
    },
    {
      name: "past cold sores, body only",
      input: lip("history", ["body"], "striae"),
      expect: { outcome: "eligible", cautions: [], prepInstructions: [] },
    },
    {
      name: "eyelid alone counts as a face zone",
      input: lip("active", ["eyelid", "neck"]),
      expect: { outcome: "defer", reasons: ["CI-HSV-ACTIVE"] },
    },
  ]);
});

describe("patient state, age and skin type", () => {
  const patient = (
    over: Partial<ScreeningInput["patient"]>,
    concerns?: ScreeningInput["request"]["concerns"],
  ) =>
    baseInput({
      patient: { ...baseInput().patient, ...over },
      ...(concerns ? { request: { setting: "clinic", concerns } } : {}),
    });
  const acneScars = [{ indication: "acne-scars", zones: ["cheeks"] }];
  runTable([
    {
      name: "pregnant: undated deferral",
      input: patient({ pregnant: true }),
      expect: { outcome: "defer", deferral: "undated", reasons: ["CI-PREGNANCY"] },
    },
    {
      name: "breastfeeding: undated deferral",
      input: patient({ breastfeeding: true }),
      expect: { outcome: "defer", deferral: "undated", reasons: ["CI-BREASTFEEDING"] },
    },
    {
      name: "male with null pregnancy fields",
      input: patient({ sex: "male", pregnant: null, breastfeeding: null }),
      expect: { outcome: "eligible" },
    },
    {
      name: "age 17: decline",
      input: patient({ age: 17 }),
      expect: { outcome: "decline", reasons: ["CI-MINOR"] },
    },
    {
      name: "age 18: no age rule",
      input: patient({ age: 18 }),
      expect: { outcome: "eligible", cautions: [] },
    },
    {
      name: "age 21 with acne scars: SkinPen age caution",
      input: patient({ age: 21 }, acneScars),
      expect: { outcome: "eligible", cautions: ["CAU-SKINPEN-AGE"] },
    },
    {
      name: "age 22 with acne scars: no caution",
      input: patient({ age: 22 }, acneScars),
      expect: { cautions: [] },
    },
    { name: "age 21 with lines only: no caution", input: patient({ age: 21 }), expect: { cautions: [] } },
    { name: "Fitzpatrick III: no caution", input: patient({ fitzpatrick: "III" }), expect: { cautions: [] } },
    {
      name: "Fitzpatrick IV: caution",
      input: patient({ fitzpatrick: "IV" }),
      expect: { cautions: ["CAU-FITZPATRICK-IV-VI"] },
    },
  ]);
});

describe("outcome precedence", () => {
  runTable([
    {
      name: "decline outranks clearance and deferrals; deferral none, reasons keep every rule",
      input: baseInput({
        patient: { age: 40, sex: "female", pregnant: true, breastfeeding: false, fitzpatrick: "II" },
        conditions: [condition("keloid", { status: "history" })],
        medications: [medication("warfarin", { prescribed: true }), medication("ibuprofen")],
        requestedAppointment: "2026-01-09",
      }),
      expect: {
        outcome: "decline",
        deferral: "none",
        deferUntil: null,
        reasons: ["CI-ANTITHROMBOTIC", "CI-KELOID", "CI-PREGNANCY", "PREP-NSAID-STOP"],
        prepInstructions: ["PREP-ANTITHROMBOTIC-DO-NOT-STOP", "PREP-NSAID-STOP"],
      },
    },
    {
      name: "clearance with an undated deferral keeps deferral undated",
      input: baseInput({
        patient: { age: 40, sex: "female", pregnant: true, breastfeeding: false, fitzpatrick: "II" },
        medications: [medication("clopidogrel", { prescribed: true })],
      }),
      expect: { outcome: "needs-physician-clearance", deferral: "undated", deferUntil: null },
    },
    {
      name: "two dated rules: the latest date wins",
      input: baseInput({
        screeningDate: "2026-01-08",
        requestedAppointment: "2026-01-09",
        medications: [
          medication("ibuprofen"),
          medication("isotretinoin", { prescribed: true, ongoing: false, lastTaken: "2025-08-01" }),
        ],
      }),
      expect: {
        outcome: "defer",
        deferral: "dated",
        deferUntil: "2026-02-01",
        reasons: ["CI-ISOTRETINOIN-6M", "PREP-NSAID-STOP"],
      },
    },
    {
      name: "undated outranks dated",
      input: baseInput({
        requestedAppointment: "2026-01-09",
        conditions: [condition("open-wound")],
        medications: [medication("ibuprofen")],
      }),
      expect: { outcome: "defer", deferral: "undated", deferUntil: null },
    },
  ]);
});

describe("plan", () => {
  test("series by indication and grade; combined ranges", () => {
    const output = screen(
      baseInput({
        request: {
          setting: "clinic",
          concerns: [
            { indication: "acne-scars", zones: ["cheeks"] },
            { indication: "acne-scars", zones: ["nose"], goodmanBaronGrade: 3 },
            { indication: "acne-scars", zones: ["forehead"], goodmanBaronGrade: 4 },
            { indication: "dyschromia", zones: ["cheeks"] },
          ],
        },
      }),
    );
    assert.deepEqual(
      output.plan?.series.map((s) => s.seriesRule),
      ["SER-SCARS-STRIAE", "SER-SCARS-STRIAE", "SER-ACNE-DEEP", "SER-GENERAL"],
    );
    assert.deepEqual(output.plan?.combined, {
      sessions: { min: 6, max: 8 },
      intervalWeeks: { min: 4, max: 6 },
      maintenanceMonths: { min: 6, max: 12 },
    });
    // cheeks: acne-scars 2.0 beats dyschromia 0.5
    assert.deepEqual(output.plan?.maxDepthMmByZone, { cheeks: 2, forehead: 0.75, nose: 0.5 });
  });

  test("eyelid requested twice is excluded once, never planned", () => {
    const output = screen(
      baseInput({
        request: {
          setting: "clinic",
          concerns: [
            { indication: "rhytides", zones: ["eyelid", "periorbital"] },
            { indication: "dyschromia", zones: ["eyelid"] },
          ],
        },
      }),
    );
    assert.deepEqual(output.plan?.excludedZones, [{ zone: "eyelid", reason: "ZONE-EYELID-PROHIBITED" }]);
    assert.deepEqual(output.plan?.maxDepthMmByZone, { periorbital: 0.5 });
    const explanation = output.explanations.find((e) => e.kind === "excludedZone");
    assert.equal(explanation?.id, "ZONE-EYELID-PROHIBITED");
    assert.ok(explanation?.sources.includes("SKINPEN-LABELING"));
  });

  test("alopecia on the scalp", () => {
    const output = screen(
      baseInput({ request: { setting: "clinic", concerns: [{ indication: "alopecia", zones: ["scalp"] }] } }),
    );
    assert.deepEqual(output.plan?.maxDepthMmByZone, { scalp: 1.5 });
    assert.equal(output.plan?.series[0]?.seriesRule, "SER-GENERAL");
  });

  test("the depth-cap mode applies to every zone (skinpenLabeling 1.5 mm, homeUse 0.25 mm)", () => {
    const input = baseInput({
      request: { setting: "clinic", concerns: [{ indication: "acne-scars", zones: ["cheeks", "nose"] }] },
    });
    assert.deepEqual(screen(input).plan?.maxDepthMmByZone, { cheeks: 2, nose: 0.5 });
    const skinpen = applyClinicChoices(protocol, { depthCapMode: "skinpenLabeling" });
    assert.deepEqual(screen(input, skinpen).plan?.maxDepthMmByZone, { cheeks: 1.5, nose: 0.5 });
    const home = applyClinicChoices(protocol, { depthCapMode: "homeUse" });
    assert.deepEqual(screen(input, home).plan?.maxDepthMmByZone, { cheeks: 0.25, nose: 0.25 });
  });
});

describe("explanations", () => {
  test("one per reason, caution, prep instruction and excluded zone, with texts and sources", () => {
    const output = screen(
      baseInput({
        patient: { age: 21, sex: "female", pregnant: false, breastfeeding: false, fitzpatrick: "V" },
        medications: [medication("Retin-A", { route: "topical", prescribed: true })],
        conditions: [condition("herpes-labialis", { status: "history", inTreatmentArea: false })],
        requestedAppointment: "2026-01-10",
      }),
    );
    const ids = output.explanations.map((e) => `${e.kind}:${e.id}`);
    assert.deepEqual(ids, [
      "reason:PREP-TOPICAL-RETINOID-STOP",
      "caution:CAU-FITZPATRICK-IV-VI",
      "caution:CAU-HSV-HISTORY",
      "prepInstruction:PREP-HSV-PROPHYLAXIS",
      "prepInstruction:PREP-TOPICAL-RETINOID-STOP",
    ]);
    for (const e of output.explanations) {
      assert.ok(e.patientText.length > 0 && e.clinicianText.length > 0 && e.sources.length > 0, e.id);
    }
    const reason = output.explanations[0];
    assert.equal(reason?.earliestEligible, "2026-01-15");
    assert.match(reason?.patientText ?? "", /2026-01-15/);
    const sourceIds = new Set(protocol.sources?.map((s) => s.id));
    for (const e of output.explanations)
      for (const s of e.sources) assert.ok(sourceIds.has(s), `${e.id} cites ${s}`);
  });

  test("no patient text ever tells the patient to stop a prescribed anticoagulant", () => {
    const output = screen(baseInput({ medications: [medication("warfarin", { prescribed: true })] }));
    const text = output.explanations.map((e) => e.patientText).join(" ");
    assert.match(text, /Do not stop it/);
    assert.doesNotMatch(text.replace(/Do not stop/gi, ""), /\bstop\b/i);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------

const RANK = { eligible: 0, defer: 1, "needs-physician-clearance": 2, decline: 3 } as const;
const inputs = screeningInputArbitrary(protocol);

/** Additions that each trigger a blocking rule of the default protocol. */
const ADDITIONS: [string, (i: ScreeningInput) => ScreeningInput][] = [
  ["keloid", (i) => ({ ...i, conditions: [...i.conditions, condition("keloid", { status: "history" })] })],
  ["active acne in the area", (i) => ({ ...i, conditions: [...i.conditions, condition("acne-vulgaris")] })],
  ["skin infection", (i) => ({ ...i, conditions: [...i.conditions, condition("skin-infection")] })],
  ["bleeding tendency", (i) => ({ ...i, conditions: [...i.conditions, condition("bleeding-tendency")] })],
  [
    "ongoing warfarin",
    (i) => ({ ...i, medications: [...i.medications, medication("warfarin", { prescribed: true })] }),
  ],
  [
    "ongoing oral isotretinoin",
    (i) => ({ ...i, medications: [...i.medications, medication("Accutane", { prescribed: true })] }),
  ],
  ["minor", (i) => ({ ...i, patient: { ...i.patient, age: Math.min(i.patient.age, 16) } })],
  [
    "pregnancy",
    (i) => ({
      ...i,
      patient: {
        ...i.patient,
        sex: "female",
        pregnant: true,
        breastfeeding: i.patient.breastfeeding ?? false,
      },
    }),
  ],
  [
    "sunburn today",
    (i) => ({ ...i, conditions: [...i.conditions, condition("uv-exposure", { onset: i.screeningDate })] }),
  ],
];

function stricterOrEqual(before: ScreeningOutput, after: ScreeningOutput): boolean {
  if (RANK[after.outcome] !== RANK[before.outcome]) return RANK[after.outcome] > RANK[before.outcome];
  if (after.outcome === "decline" || after.outcome === "eligible") return true;
  if (before.deferral === "undated") return after.deferral === "undated";
  if (before.deferral === "dated") {
    return (
      after.deferral === "undated" ||
      (after.deferUntil !== null && after.deferUntil >= (before.deferUntil as string))
    );
  }
  return true;
}

describe("properties", () => {
  test("every generated input validates, and every output validates against the output schema", () => {
    fc.assert(
      fc.property(inputs, (input) => {
        assertSchemaValid(screen(input));
      }),
      { numRuns: 1500 },
    );
  });

  test("adding a contraindication never makes the outcome less strict, and keeps earlier reasons", () => {
    fc.assert(
      fc.property(inputs, fc.constantFrom(...ADDITIONS), (input, [name, add]) => {
        const before = screen(input);
        const after = screen(add(input));
        assert.ok(stricterOrEqual(before, after), `${name}: ${before.outcome} -> ${after.outcome}`);
        // A sunburn blocks only within its 7 days; every other addition always blocks.
        if (name !== "sunburn today" || input.requestedAppointment < addDays(input.screeningDate, 7)) {
          assert.notEqual(after.outcome, "eligible", name);
        }
        for (const r of before.reasons) assert.ok(after.reasons.includes(r), `${name} dropped ${r}`);
      }),
      { numRuns: 1500 },
    );
  });

  test("a contraindicated patient is never eligible; an eligible one always has a plan", () => {
    fc.assert(
      fc.property(inputs, (input) => {
        const output = screen(input);
        assert.equal(output.reasons.length > 0, output.outcome !== "eligible");
        assert.equal(output.plan !== null, output.outcome === "eligible");
      }),
      { numRuns: 1000 },
    );
  });

  test("a deferral date is never before the requested date (it is after it)", () => {
    fc.assert(
      fc.property(inputs, (input) => {
        const output = screen(input);
        if (output.deferUntil !== null) assert.ok(output.deferUntil > input.requestedAppointment);
        for (const e of output.explanations) {
          if (e.earliestEligible) assert.ok(e.earliestEligible > input.requestedAppointment);
        }
      }),
      { numRuns: 1500 },
    );
  });

  for (const mode of Object.keys(protocol.planAlgorithm.depthCapModes)) {
    test(`a plan never exceeds any cap (depth-cap mode ${mode})`, () => {
      const p = applyClinicChoices(protocol, { depthCapMode: mode });
      const globalMax = p.planAlgorithm.depthCapModes[mode]?.globalMaxMm as number;
      const zones = new Map(p.zones.map((z) => [z.id, z]));
      fc.assert(
        fc.property(screeningInputArbitrary(p), (input) => {
          const plan = screen(input, p).plan;
          if (!plan) return;
          for (const [zone, depth] of Object.entries(plan.maxDepthMmByZone)) {
            const z = zones.get(zone);
            assert.ok(z && !z.prohibited, `${zone} is planned`);
            assert.ok(depth > 0 && depth <= globalMax && depth <= z.zoneCapMm, `${zone} ${depth}`);
            const treating = input.request.concerns.filter((c) => c.zones.includes(zone));
            const indicationCap = Math.max(
              ...treating.map((c) => p.indicationDepth[c.indication]?.capMm ?? 0),
            );
            assert.ok(depth <= indicationCap, `${zone} ${depth} > indication cap ${indicationCap}`);
          }
          for (const { zone } of plan.excludedZones) assert.ok(zones.get(zone)?.prohibited);
        }),
        { numRuns: 500 },
      );
    });
  }

  test("deterministic: same input and protocol give byte-identical output, whatever the object identity", () => {
    const reloaded = applyClinicChoices(protocol, {});
    const again = applyClinicChoices(reloaded, {});
    fc.assert(
      fc.property(inputs, (input) => {
        const a = JSON.stringify(screen(input));
        assert.equal(JSON.stringify(screen(structuredClone(input))), a);
        assert.equal(
          JSON.stringify(screen(input, again)).replace(/"protocolVersion":"[^"]*"/, ""),
          a.replace(/"protocolVersion":"[^"]*"/, ""),
        );
        const o = JSON.parse(a) as ScreeningOutput;
        for (const ids of [o.reasons, o.cautions, o.prepInstructions]) assert.deepEqual(ids, [...ids].sort());
      }),
      { numRuns: 500 },
    );
  });

  test("a prescribed antithrombotic never gets a stop instruction", () => {
    fc.assert(
      fc.property(
        inputs,
        fc.constantFrom("warfarin", "Eliquis", "aspirin", "Plavix", "heparin"),
        (input, name) => {
          const route = name === "heparin" ? "intravenous" : "oral";
          const onlyThis = { ...input, medications: [medication(name, { prescribed: true, route })] };
          const output = screen(onlyThis);
          assert.ok(output.prepInstructions.includes("PREP-ANTITHROMBOTIC-DO-NOT-STOP"));
          assert.ok(!output.prepInstructions.includes("PREP-NSAID-STOP"));
          assert.ok(!output.reasons.includes("PREP-NSAID-STOP"));
          assert.notEqual(output.outcome, "eligible");
        },
      ),
      { numRuns: 300 },
    );
  });
});
