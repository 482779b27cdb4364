import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { defaultProtocol } from "../protocol/default-protocol.ts";
import {
  ageOn,
  buildScreeningInput,
  type Profile,
  type ProfilePatient,
  type RecordedCondition,
  screenProfile,
} from "./screening-input.ts";

const protocol = defaultProtocol();
const TODAY = "2026-01-10";
const concerns = [{ indication: "acne-scars", zones: ["cheeks"] }];

function patient(overrides: Partial<ProfilePatient> = {}): ProfilePatient {
  return {
    dateOfBirth: "1990-01-01",
    sex: "female",
    pregnant: false,
    breastfeeding: false,
    deliveryDate: null,
    fitzpatrick: "II",
    ...overrides,
  };
}

function condition(id: string, conditionId: string | null): RecordedCondition {
  return {
    id,
    conditionId,
    label: `label ${id}`,
    status: "active",
    inTreatmentArea: true,
    site: null,
    severity: null,
    onset: null,
    resolved: null,
  };
}

const profile = (p: Partial<ProfilePatient>, conditions: RecordedCondition[] = []): Profile => ({
  patient: patient(p),
  conditions,
  medications: [],
});

describe("ageOn", () => {
  const cases: [string, string, number][] = [
    ["2008-01-11", "2026-01-10", 17],
    ["2008-01-11", "2026-01-11", 18],
    ["2000-02-29", "2018-02-28", 17], // a leap-day birthday comes on 1 March in other years
    ["2000-02-29", "2018-03-01", 18],
    ["2000-02-29", "2024-02-29", 24],
    ["1990-12-31", "1991-12-30", 0],
    ["1990-12-31", "1991-12-31", 1],
  ];
  for (const [dob, on, age] of cases) {
    test(`${dob} on ${on} is ${age}`, () => assert.equal(ageOn(dob, on), age));
  }
});

describe("the missing-answer policy: a missing answer is asked for or reviewed, never read as eligible", () => {
  // [case, profile state, asked today, expected: "asks <field>" | "review" | "screens"]
  const cases: [string, Partial<ProfilePatient>, object, string][] = [
    ["pregnancy unknown, female", { pregnant: null }, {}, "asks patient.pregnant"],
    ["pregnancy unknown, sex other", { sex: "other", pregnant: null }, {}, "asks patient.pregnant"],
    ["pregnancy unknown, sex unknown", { sex: "unknown", pregnant: null }, {}, "asks patient.pregnant"],
    ["breastfeeding unknown, female", { breastfeeding: null }, {}, "asks patient.breastfeeding"],
    ["pregnancy unknown, answered today", { pregnant: null }, { pregnant: false }, "screens"],
    ["pregnancy unknown, male", { sex: "male", pregnant: null, breastfeeding: null }, {}, "screens"],
    ["skin type unknown", { fitzpatrick: null }, {}, "asks patient.fitzpatrick"],
    ["skin type unknown, answered today", { fitzpatrick: null }, { fitzpatrick: "IV" }, "screens"],
    ["answer on file cleared today", {}, { pregnant: null }, "asks patient.pregnant"],
    ["everything on file", {}, {}, "screens"],
  ];
  for (const [name, state, asked, expected] of cases) {
    test(`${name}: ${expected}`, () => {
      const result = screenProfile(protocol, profile(state), concerns, TODAY, TODAY, asked);
      if (expected === "screens") {
        assert.equal(result.ok, true, JSON.stringify(result));
      } else {
        assert.equal(result.ok, false);
        if (!result.ok) assert.equal(`asks ${result.error.field}`, expected);
      }
    });
  }

  const conditionCases: [string, RecordedCondition[], { review: boolean; notes: string[] }][] = [
    ["a condition the protocol names", [condition("a", "keloid")], { review: false, notes: [] }],
    ["a condition with no protocol id", [condition("b", null)], { review: true, notes: ["b"] }],
    ["an id the protocol does not name", [condition("c", "werewolf")], { review: true, notes: ["c"] }],
  ];
  for (const [name, conditions, expected] of conditionCases) {
    test(`${name}: ${expected.review ? "needs review" : "no review"}`, () => {
      const result = screenProfile(protocol, profile({}, conditions), concerns, TODAY, TODAY);
      assert.equal(result.ok, true);
      if (!result.ok) return;
      assert.deepEqual(
        result.reviewNotes.map((n) => n.recordId),
        expected.notes,
      );
      if (expected.review) assert.equal(result.decision.requiresReview, true);
    });
  }

  test("a medication recorded as ongoing is read as taken now, whatever last-taken date it has", () => {
    const built = buildScreeningInput(
      protocol,
      {
        ...profile({}),
        medications: [
          {
            id: "m",
            ingredient: "isotretinoin",
            product: null,
            route: "oral",
            prescribed: true,
            ongoing: true,
            lastTaken: "2025-01-01",
            started: null,
          },
        ],
      },
      { screeningDate: TODAY, requestedAppointment: TODAY, request: { setting: "clinic", concerns } },
    );
    assert.equal((built.input.medications as { lastTaken: unknown }[])[0]?.lastTaken, null);
  });

  test("property: a missing answer that can matter is always asked, never assumed", () => {
    const keys = ["pregnant", "breastfeeding", "fitzpatrick"] as const;
    fc.assert(
      fc.property(
        fc.constantFrom("female", "other", "unknown", "male") as fc.Arbitrary<ProfilePatient["sex"]>,
        fc.boolean(),
        fc.boolean(),
        fc.constantFrom("I", "III", "VI"),
        fc.subarray([...keys], { minLength: 1 }),
        (sex, pregnant, breastfeeding, fitzpatrick, blank) => {
          const state = { sex, pregnant, breastfeeding, fitzpatrick };
          const missing = screenProfile(
            protocol,
            profile({ ...state, ...Object.fromEntries(blank.map((k) => [k, null])) }),
            concerns,
            TODAY,
            TODAY,
          );
          // Only pregnancy and breastfeeding of a patient recorded as male may stay unanswered.
          const mayScreen = sex === "male" && !blank.includes("fitzpatrick");
          return missing.ok === mayScreen;
        },
      ),
    );
  });
});

describe("where an input error came from", () => {
  test("a record is named by its id, not by its position in the engine's list", () => {
    const built = buildScreeningInput(
      protocol,
      profile({}, [condition("b", null), condition("a", "keloid")]),
      {
        screeningDate: TODAY,
        requestedAppointment: TODAY,
        request: {},
      },
    );
    const source = built.sourceOf("conditions[0].severity");
    assert.equal(source.kind, "condition");
    if (source.kind === "condition") {
      assert.equal(source.record.id, "a");
      assert.equal(source.rest, ".severity");
    }
    assert.deepEqual(built.sourceOf("patient.fitzpatrick"), { kind: "patient", key: "fitzpatrick" });
    assert.deepEqual(built.sourceOf("request.concerns[0].zones[1]"), {
      kind: "request",
      field: "request.concerns[0].zones[1]",
    });
  });
});
