import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { defaultProtocol } from "./default-protocol.ts";
import { baseInput, condition, medication } from "./screening-test-support.ts";
import type { ScreeningInput } from "./types.ts";
import { formatInputError, validateScreeningInput } from "./validate-input.ts";

const protocol = defaultProtocol();

/** Deep-copies the base input and lets a case break it. */
function broken(edit: (input: Record<string, unknown> & ScreeningInput) => void): unknown {
  const input = structuredClone(baseInput()) as Record<string, unknown> & ScreeningInput;
  edit(input);
  return input;
}

describe("invalid input names the field", () => {
  const cases: [string, unknown, string][] = [
    [
      "impossible lastTaken",
      broken((i) => {
        i.medications = [
          medication("ibuprofen"),
          medication("naproxen", { ongoing: false, lastTaken: "2025-02-30" }),
        ];
      }),
      'medications[1].lastTaken: "2025-02-30" is not a calendar date',
    ],
    [
      "not a leap year",
      broken((i) => (i.screeningDate = "2025-02-29")),
      'screeningDate: "2025-02-29" is not a calendar date',
    ],
    [
      "not a date at all",
      broken((i) => (i.requestedAppointment = "22/01/2026")),
      'requestedAppointment: "22/01/2026" is not a date (YYYY-MM-DD)',
    ],
    [
      "appointment before screening",
      broken((i) => (i.requestedAppointment = "2026-01-07")),
      'requestedAppointment: "2026-01-07" is before screeningDate "2026-01-08"',
    ],
    [
      "unknown condition id",
      broken((i) => (i.conditions = [condition("sunburnt")])),
      'conditions[0].conditionId: "sunburnt" is not a condition id of protocol blog-default',
    ],
    [
      "missing field",
      broken((i) => delete (i.patient as Partial<ScreeningInput["patient"]>).fitzpatrick),
      "patient.fitzpatrick: is required",
    ],
    [
      "missing top-level member",
      broken((i) => delete (i as Partial<ScreeningInput>).medications),
      "medications: is required",
    ],
    [
      "null pregnancy for a woman",
      broken((i) => (i.patient.pregnant = null)),
      'patient.pregnant: must be true or false when sex is "female"',
    ],
    ["age not whole", broken((i) => (i.patient.age = 40.5)), "patient.age: must be a whole number, not 40.5"],
    ["age out of range", broken((i) => (i.patient.age = 131)), "patient.age: must be at most 130, not 131"],
    [
      "lastTaken after screening",
      broken((i) => (i.medications = [medication("ibuprofen", { ongoing: false, lastTaken: "2026-01-09" })])),
      'medications[0].lastTaken: "2026-01-09" is after screeningDate "2026-01-08"',
    ],
    [
      "started after screening",
      broken((i) => (i.medications = [medication("ibuprofen", { started: "2026-02-01" })])),
      'medications[0].started: "2026-02-01" is after screeningDate "2026-01-08"',
    ],
    [
      "onset after screening",
      broken((i) => (i.conditions = [condition("acne-vulgaris", { onset: "2026-01-09" })])),
      'conditions[0].onset: "2026-01-09" is after screeningDate "2026-01-08"',
    ],
    [
      "resolved after screening",
      broken(
        (i) => (i.conditions = [condition("open-wound", { status: "resolved", resolved: "2026-01-10" })]),
      ),
      'conditions[0].resolved: "2026-01-10" is after screeningDate "2026-01-08"',
    ],
    [
      "delivery after screening",
      broken((i) => (i.patient.deliveryDate = "2026-03-01")),
      'patient.deliveryDate: "2026-03-01" is after screeningDate "2026-01-08"',
    ],
    [
      "stopped without lastTaken",
      broken((i) => (i.medications = [medication("ibuprofen", { ongoing: false })])),
      "medications[0].lastTaken: is required when ongoing is false",
    ],
    [
      "ongoing with lastTaken",
      broken((i) => (i.medications = [medication("ibuprofen", { lastTaken: "2026-01-01" })])),
      "medications[0].lastTaken: must be null when ongoing is true",
    ],
    [
      "active eczema without severity",
      broken((i) => (i.conditions = [condition("eczema-dermatitis")])),
      'conditions[0].severity: is required for a active "eczema-dermatitis"',
    ],
    [
      "sunburn without onset",
      broken((i) => (i.conditions = [condition("uv-exposure")])),
      'conditions[0].onset: is required for "uv-exposure" (the date of the exposure)',
    ],
    [
      "a zone the indication does not treat",
      broken((i) => (i.request.concerns = [{ indication: "rhytides", zones: ["cheeks", "scalp"] }])),
      'request.concerns[0].zones[1]: "scalp" is not a zone for indication "rhytides"',
    ],
    [
      "a zone twice",
      broken((i) => (i.request.concerns = [{ indication: "rhytides", zones: ["cheeks", "cheeks"] }])),
      'request.concerns[0].zones[1]: "cheeks" is listed twice',
    ],
    [
      "a grade on an indication that is not graded",
      broken(
        (i) => (i.request.concerns = [{ indication: "rhytides", zones: ["cheeks"], goodmanBaronGrade: 2 }]),
      ),
      'request.concerns[0].goodmanBaronGrade: must be null or absent for indication "rhytides"',
    ],
    [
      "grade out of range",
      broken(
        (i) => (i.request.concerns = [{ indication: "acne-scars", zones: ["cheeks"], goodmanBaronGrade: 5 }]),
      ),
      "request.concerns[0].goodmanBaronGrade: must be at most 4, not 5",
    ],
    [
      "home setting",
      broken((i) => (i.request.setting = "home")),
      'request.setting: "home" is not a screening setting (clinic)',
    ],
    [
      "no concerns",
      broken((i) => (i.request.concerns = [])),
      "request.concerns: must have at least 1 item(s)",
    ],
    [
      "unknown member in patient",
      broken((i) => Object.assign(i.patient, { weight: 70 })),
      "patient.weight: is not a member of this object",
    ],
    ["title not a string", broken((i) => (i.title = 5)), "title: must be a string, not 5"],
    ["empty id", broken((i) => (i.id = "")), "id: must not be empty"],
    ["an array, not an object", [], "input: must be an object, not []"],
    [
      "an unknown route",
      broken((i) => (i.medications = [medication("ibuprofen", { route: "rectal" })])),
      'medications[0].route: "rectal" is not a route (intravenous, oral, subcutaneous, topical)',
    ],
    [
      "an RxNorm code with letters",
      broken((i) => (i.medications = [medication("ibuprofen", { rxnorm: "RX5640" })])),
      "medications[0].rxnorm:",
    ],
  ];
  for (const [name, input, expected] of cases) {
    test(name, () => {
      const result = validateScreeningInput(input, protocol);
      assert.equal(result.ok, false);
      if (!result.ok)
        assert.ok(formatInputError(result.error).startsWith(expected), formatInputError(result.error));
    });
  }
});

describe("valid input", () => {
  test("other top-level members are ignored; eyelid is accepted for any indication", () => {
    const input = {
      ...baseInput({
        request: { setting: "clinic", concerns: [{ indication: "striae", zones: ["body", "eyelid"] }] },
      }),
      notes: "anything",
      tags: ["a"],
      title: "t",
      id: "X1",
    };
    const result = validateScreeningInput(input, protocol);
    assert.equal(result.ok, true);
  });

  test("a male patient may leave pregnancy and breastfeeding null", () => {
    const input = baseInput({
      patient: { age: 30, sex: "male", pregnant: null, breastfeeding: null, fitzpatrick: "I" },
    });
    assert.equal(validateScreeningInput(input, protocol).ok, true);
  });

  test("optional members may be absent or null", () => {
    const input = baseInput({
      conditions: [{ conditionId: "keloid", status: "history", inTreatmentArea: false }],
      medications: [{ ingredient: "metformin", route: "oral", prescribed: true, ongoing: true }],
    });
    assert.equal(validateScreeningInput(input, protocol).ok, true);
  });
});
