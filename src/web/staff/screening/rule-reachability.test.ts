/**
 * Rule reachability: every contraindication, caution and preparation step of the shipped protocol
 * fires in the consultation's screening for a patient built only through the forms' own data
 * mappings — the patient's intake (as the portal and the staff intake send it) and the staff
 * screening panel. A rule that no form can trigger fails by name.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { defaultProtocol } from "../../../domain/protocol/default-protocol.ts";
import type { PathwayProtocol } from "../../../domain/protocol/pathway-types.ts";
import { buildPrepChecklist } from "../../../domain/protocol/prep-checklist.ts";
import type { ScreeningOutput } from "../../../domain/protocol/types.ts";
import { concernZones, placedCondition } from "../../../domain/record/area.ts";
import {
  type IntakeAnswers,
  intakeProblems,
  intakeQuestionnaire,
  intakeToProfile,
} from "../../../domain/record/intake.ts";
import {
  EMPTY_INTAKE,
  type IntakeDraft,
  intakeBody,
  newCondition,
  newMedication,
} from "../../../domain/record/intake-form.ts";
import { type ProfilePatient, screenProfile } from "../../../domain/record/screening-input.ts";
import {
  type ConditionDraft,
  conditionBody,
  type MedicationDraft,
  medicationBody,
  NEW_CONDITION,
  NEW_MEDICATION,
} from "./profile-body.ts";

const protocol = defaultProtocol();
const questionnaire = intakeQuestionnaire(protocol);
const TODAY = "2026-03-10";
const ADULT: ProfilePatient = {
  dateOfBirth: "1985-06-01",
  sex: "female",
  pregnant: null,
  breastfeeding: null,
  deliveryDate: null,
  fitzpatrick: null,
};

/**
 * Everything a rule put in the decision, by id, and the preparation steps of the checklist built
 * from that decision (generic steps, e.g. "arrive clean", live in the checklist only).
 */
interface Fired {
  decision: ScreeningOutput;
  ids: Set<string>;
}

function firedIds(d: ScreeningOutput, conditionIds: string[]): Fired {
  const checklist = buildPrepChecklist(
    {
      appointmentDate: "2026-03-31",
      today: TODAY,
      conditionIds,
      firedRuleIds: [...d.reasons, ...d.cautions],
      prepInstructionIds: d.prepInstructions,
    },
    protocol as unknown as PathwayProtocol,
  );
  const ids = new Set([
    ...d.reasons,
    ...d.cautions,
    ...d.prepInstructions,
    ...checklist.items.map((i) => i.id),
  ]);
  return { decision: d, ids };
}

/** The intake's path: the form's draft, the body it sends, what the server checks and stores, the consultation. */
function screenIntake(edit: (d: IntakeDraft) => void, patient: Partial<ProfilePatient> = {}): Fired {
  const draft: IntakeDraft = structuredClone({
    ...EMPTY_INTAKE,
    pregnant: false,
    breastfeeding: false,
    fitzpatrick: "II",
    concerns: [{ indication: "rhytides", zones: ["cheeks", "forehead"] }],
  });
  edit(draft);
  const body = intakeBody(draft, questionnaire) as IntakeAnswers;
  const who = { ...ADULT, ...patient };
  assert.deepEqual(intakeProblems(body, who, protocol, TODAY), [], "the server accepts what the form sends");
  const profile = intakeToProfile(body, who);
  const screened = screenProfile(
    protocol,
    {
      patient: profile.patient,
      conditions: profile.conditions.map((c, i) => ({ ...c, id: `c${i}` })),
      medications: profile.medications.map((m, i) => ({ ...m, id: `m${i}` })),
    },
    body.concerns,
    TODAY,
    TODAY,
  );
  assert.ok(screened.ok, screened.ok ? "" : `${screened.error.field}: ${screened.error.message}`);
  return firedIds(
    screened.decision,
    profile.conditions.flatMap((c) => (c.conditionId ? [c.conditionId] : [])),
  );
}

const DEFAULT_CONCERNS = [{ indication: "rhytides", zones: ["cheeks"] }];

interface PanelPatient {
  conditions: ConditionDraft[];
  medications: MedicationDraft[];
  fitzpatrick?: string;
  pregnant?: boolean;
  breastfeeding?: boolean;
  concerns?: { indication: string; zones: string[] }[];
  patient?: Partial<ProfilePatient>;
}

/** The staff panel's path: rows as its forms send them, stored as the API stores them, then screened. */
function screenPanel(p: PanelPatient): Fired {
  const conditions = p.conditions.map((d, i) => {
    // The API places it against the zones the intake's concerns treat, as the intake does.
    const body = placedCondition(conditionBody(d), concernZones(p.concerns ?? DEFAULT_CONCERNS));
    return { ...body, id: `c${i}`, label: d.conditionId };
  });
  const medications = p.medications.map((d, i) => ({ ...medicationBody(d), id: `m${i}` }));
  const screened = screenProfile(
    protocol,
    { patient: { ...ADULT, ...p.patient }, conditions, medications },
    p.concerns ?? DEFAULT_CONCERNS,
    TODAY,
    TODAY,
    {
      pregnant: p.pregnant ?? false,
      breastfeeding: p.breastfeeding ?? false,
      fitzpatrick: p.fitzpatrick ?? "II",
    },
  );
  assert.ok(screened.ok, screened.ok ? "" : `${screened.error.field}: ${screened.error.message}`);
  return firedIds(
    screened.decision,
    p.conditions.map((c) => c.conditionId),
  );
}

const cond = (conditionId: string, patch: Partial<ConditionDraft> = {}): ConditionDraft => ({
  ...NEW_CONDITION,
  conditionId,
  ...patch,
});
const med = (ingredient: string, patch: Partial<MedicationDraft> = {}): MedicationDraft => ({
  ...NEW_MEDICATION,
  ingredient,
  ...patch,
});
const placed = (
  conditionId: string,
  zones: string[],
  patch: Partial<IntakeDraft["conditions"][number]> = {},
) => ({
  ...newCondition(conditionId),
  zones,
  ...patch,
});

/** For each rule: how the intake form and the staff panel make it fire. */
const INTAKE: Record<string, [(d: IntakeDraft) => void, Partial<ProfilePatient>?]> = {
  "CI-PREGNANCY": [(d) => (d.pregnant = true)],
  "CI-BREASTFEEDING": [(d) => (d.breastfeeding = true)],
  "CI-MINOR": [() => {}, { dateOfBirth: "2010-01-01" }],
  "CI-KELOID": [(d) => (d.history.keloids = true)],
  "CI-SKIN-CANCER-AREA": [(d) => d.conditions.push(placed("skin-cancer", ["cheeks"]))],
  "CI-ALLERGY-STEEL-ANESTHETIC": [
    (d) => d.conditions.push(placed("allergy-local-anesthetic", [], { status: "history" })),
  ],
  "CI-BLEEDING-DISORDER": [(d) => d.conditions.push(placed("bleeding-disorder", []))],
  "CI-BLEEDING-TENDENCY": [(d) => d.conditions.push(placed("bleeding-tendency", []))],
  "CI-ANTITHROMBOTIC": [
    (d) => d.medications.push({ ...newMedication(), ingredient: "warfarin", prescribed: true }),
  ],
  "CI-ISOTRETINOIN-6M": [
    (d) =>
      d.medications.push({
        ...newMedication(),
        ingredient: "isotretinoin",
        prescribed: true,
        lastTaken: "2026-01-05",
      }),
  ],
  "CI-RADIOTHERAPY-CURRENT": [(d) => d.conditions.push(placed("radiotherapy", ["elsewhere"]))],
  "CI-RADIOTHERAPY-AREA": [
    (d) => d.conditions.push(placed("radiotherapy", ["forehead"], { status: "history" })),
  ],
  "CI-ACTIVE-ACNE": [(d) => d.conditions.push(placed("acne-vulgaris", ["not-sure"]))],
  "CI-PSORIASIS-ACTIVE": [(d) => d.conditions.push(placed("psoriasis", ["cheeks"]))],
  "CI-ECZEMA-MOD-SEVERE": [
    (d) => d.conditions.push(placed("eczema-dermatitis", ["cheeks"], { severity: "moderate" })),
  ],
  "CI-ROSACEA-SEVERE": [(d) => d.conditions.push(placed("rosacea", ["cheeks"], { severity: "severe" }))],
  "CI-OPEN-WOUND": [(d) => d.conditions.push(placed("open-wound", ["forehead"]))],
  "CI-SKIN-INFECTION": [(d) => d.conditions.push(placed("skin-infection", ["cheeks"]))],
  "CI-HSV-ACTIVE": [(d) => d.conditions.push(placed("herpes-labialis", ["perioral"]))],
  "CAU-FITZPATRICK-IV-VI": [(d) => (d.fitzpatrick = "V")],
  "CAU-HSV-HISTORY": [(d) => (d.history.coldSores = true)],
  "CAU-ECZEMA-MILD-OR-ELSEWHERE": [
    (d) => d.conditions.push(placed("eczema-dermatitis", ["elsewhere"], { severity: "severe" })),
  ],
  "CAU-PSORIASIS-KOEBNER": [(d) => d.conditions.push(placed("psoriasis", ["neck"], { status: "history" }))],
  "CAU-ROSACEA-MILD-MODERATE": [
    (d) => d.conditions.push(placed("rosacea", ["cheeks"], { severity: "mild" })),
  ],
  "CAU-SKINPEN-AGE": [
    (d) => (d.concerns = [{ indication: "acne-scars", zones: ["cheeks"] }]),
    { dateOfBirth: "2005-01-01" },
  ],
  "PREP-NSAID-STOP": [(d) => d.medications.push({ ...newMedication(), ingredient: "ibuprofen" })],
  "PREP-TOPICAL-RETINOID-STOP": [
    (d) => d.medications.push({ ...newMedication(), ingredient: "tretinoin", route: "topical" }),
  ],
  "PREP-UV-EXPOSURE": [
    (d) => d.conditions.push(placed("uv-exposure", ["elsewhere"], { onset: "2026-02-01" })),
  ],
  "PREP-ANTITHROMBOTIC-DO-NOT-STOP": [
    (d) => d.medications.push({ ...newMedication(), ingredient: "apixaban", prescribed: true }),
  ],
  "PREP-HSV-PROPHYLAXIS": [(d) => (d.history.coldSores = true)],
  "PREP-ARRIVE-CLEAN": [() => {}],
};

const PANEL: Record<string, PanelPatient> = {
  "CI-PREGNANCY": { conditions: [], medications: [], pregnant: true },
  "CI-BREASTFEEDING": { conditions: [], medications: [], breastfeeding: true },
  "CI-MINOR": { conditions: [], medications: [], patient: { dateOfBirth: "2010-01-01" } },
  "CI-KELOID": { conditions: [cond("keloid", { status: "history" })], medications: [] },
  "CI-SKIN-CANCER-AREA": {
    conditions: [cond("skin-cancer", { zones: ["cheeks"], site: "left cheek", icd10cm: "C44.309" })],
    medications: [],
  },
  "CI-ALLERGY-STEEL-ANESTHETIC": {
    conditions: [cond("allergy-stainless-steel", { status: "history" })],
    medications: [],
  },
  "CI-BLEEDING-DISORDER": { conditions: [cond("bleeding-disorder", { icd10cm: "D68.0" })], medications: [] },
  "CI-BLEEDING-TENDENCY": { conditions: [cond("bleeding-tendency")], medications: [] },
  "CI-ANTITHROMBOTIC": {
    conditions: [],
    medications: [med("clopidogrel", { rxnorm: "32968", indication: "stent", started: "2024-01-01" })],
  },
  "CI-ISOTRETINOIN-6M": {
    conditions: [],
    medications: [med("isotretinoin", { ongoing: false, lastTaken: "2026-01-05" })],
  },
  "CI-RADIOTHERAPY-CURRENT": { conditions: [cond("radiotherapy")], medications: [] },
  "CI-RADIOTHERAPY-AREA": {
    conditions: [cond("radiotherapy", { status: "resolved", resolved: "2024-05-01", zones: ["cheeks"] })],
    medications: [],
  },
  "CI-ACTIVE-ACNE": { conditions: [cond("acne-vulgaris", { zones: ["cheeks"] })], medications: [] },
  "CI-PSORIASIS-ACTIVE": { conditions: [cond("psoriasis", { zones: ["cheeks"] })], medications: [] },
  "CI-ECZEMA-MOD-SEVERE": {
    conditions: [cond("eczema-dermatitis", { zones: ["cheeks"], severity: "severe" })],
    medications: [],
  },
  "CI-ROSACEA-SEVERE": {
    conditions: [cond("rosacea", { zones: ["cheeks"], severity: "severe" })],
    medications: [],
  },
  "CI-OPEN-WOUND": { conditions: [cond("open-wound", { zones: ["cheeks"] })], medications: [] },
  "CI-SKIN-INFECTION": { conditions: [cond("skin-infection", { zones: ["cheeks"] })], medications: [] },
  "CI-HSV-ACTIVE": { conditions: [cond("herpes-labialis")], medications: [] },
  "CAU-FITZPATRICK-IV-VI": { conditions: [], medications: [], fitzpatrick: "VI" },
  "CAU-HSV-HISTORY": { conditions: [cond("herpes-labialis", { status: "history" })], medications: [] },
  "CAU-ECZEMA-MILD-OR-ELSEWHERE": {
    conditions: [cond("eczema-dermatitis", { severity: "mild", zones: ["cheeks"] })],
    medications: [],
  },
  "CAU-PSORIASIS-KOEBNER": { conditions: [cond("psoriasis", { status: "history" })], medications: [] },
  "CAU-ROSACEA-MILD-MODERATE": {
    conditions: [cond("rosacea", { severity: "moderate", zones: ["cheeks"] })],
    medications: [],
  },
  "CAU-SKINPEN-AGE": {
    conditions: [],
    medications: [],
    patient: { dateOfBirth: "2005-01-01" },
    concerns: [{ indication: "acne-scars", zones: ["cheeks"] }],
  },
  "PREP-NSAID-STOP": { conditions: [], medications: [med("naproxen", { prescribed: false })] },
  "PREP-TOPICAL-RETINOID-STOP": {
    conditions: [],
    medications: [med("adapalene", { route: "topical", product: "Differin gel" })],
  },
  "PREP-UV-EXPOSURE": { conditions: [cond("uv-exposure", { onset: "2026-02-01" })], medications: [] },
  "PREP-ANTITHROMBOTIC-DO-NOT-STOP": { conditions: [], medications: [med("warfarin")] },
  "PREP-HSV-PROPHYLAXIS": { conditions: [cond("herpes-labialis", { status: "history" })], medications: [] },
  "PREP-ARRIVE-CLEAN": { conditions: [], medications: [] },
};

const RULES = [
  ...protocol.contraindications.map((r) => r.id),
  ...protocol.cautions.map((r) => r.id),
  ...protocol.prepSteps.map((r) => r.id),
];

describe("every rule of the shipped protocol can be triggered from the forms", () => {
  for (const id of RULES) {
    test(`${id} fires from the intake form`, () => {
      const how = INTAKE[id];
      assert.ok(how, `${id}: no intake answer triggers this rule`);
      const { ids } = screenIntake(how[0], how[1]);
      assert.ok(ids.has(id), `${id}: not in ${[...ids].join(", ")}`);
    });
    test(`${id} fires from the staff screening panel`, () => {
      const how = PANEL[id];
      assert.ok(how, `${id}: no screening-panel entry triggers this rule`);
      const { ids } = screenPanel(how);
      assert.ok(ids.has(id), `${id}: not in ${[...ids].join(", ")}`);
    });
  }
});

describe("where a condition is decides against the treated zones", () => {
  test("an active skin infection on the cheeks defers a cheek treatment", () => {
    const { decision: d } = screenIntake((x) => x.conditions.push(placed("skin-infection", ["cheeks"])));
    assert.equal(d.outcome, "defer");
    assert.ok(d.reasons.includes("CI-SKIN-INFECTION"));
  });
  test("the same infection on the cheeks does not stop a neck treatment", () => {
    const { decision: d } = screenIntake((x) => {
      x.concerns = [{ indication: "rhytides", zones: ["neck"] }];
      x.conditions.push(placed("skin-infection", ["cheeks"]));
    });
    assert.ok(!d.reasons.includes("CI-SKIN-INFECTION"));
  });
  test("not sure where it is counts as in the area", () => {
    const { decision: d } = screenIntake((x) => x.conditions.push(placed("open-wound", ["not-sure"])));
    assert.equal(d.outcome, "defer");
  });
  test("a condition a rule places must be placed: the server names the field", () => {
    const draft: IntakeDraft = {
      ...EMPTY_INTAKE,
      pregnant: false,
      breastfeeding: false,
      fitzpatrick: "II",
      concerns: [{ indication: "rhytides", zones: ["cheeks"] }],
      conditions: [newCondition("skin-infection")],
    };
    const problems = intakeProblems(
      intakeBody(draft, questionnaire) as IntakeAnswers,
      ADULT,
      protocol,
      TODAY,
    );
    assert.deepEqual(
      problems.map((p) => p.field),
      ["conditions[0].zones"],
    );
  });
  test("the form's question list says which conditions are placed, graded and dated", () => {
    const byId = new Map(questionnaire.conditions.map((c) => [c.id, c]));
    assert.equal(byId.get("skin-infection")?.askArea, true);
    assert.equal(byId.get("rosacea")?.graded, true);
    assert.equal(byId.get("eczema-dermatitis")?.graded, true);
    assert.equal(byId.get("uv-exposure")?.askOnset, true);
    assert.equal(byId.get("keloid")?.askArea, false);
  });
});
