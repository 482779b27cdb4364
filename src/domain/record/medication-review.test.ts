import assert from "node:assert/strict";
import { test } from "node:test";
import { defaultProtocol } from "../protocol/default-protocol.ts";
import { medicationNameKey } from "../protocol/medications.ts";
import { applyMedicationReviews } from "./medication-review.ts";
import { type RecordedMedication, screenProfile } from "./screening-input.ts";

const protocol = defaultProtocol();
const pill: RecordedMedication = {
  id: "m1",
  ingredient: "Microgynon 30",
  product: null,
  route: "oral",
  prescribed: true,
  ongoing: true,
  lastTaken: null,
  started: null,
};
const profile = (medications: RecordedMedication[]) => ({
  patient: {
    dateOfBirth: "1990-01-01",
    sex: "female" as const,
    pregnant: false,
    breastfeeding: false,
    deliveryDate: null,
    fitzpatrick: "II",
  },
  conditions: [],
  medications,
});
const concerns = [{ indication: "acne-scars", zones: ["cheeks"] }];

test("an unrecognised medicine needs review; reviewed as not relevant, the screening goes on", () => {
  const before = screenProfile(protocol, profile([pill]), concerns, "2026-01-10", "2026-01-10");
  assert.ok(before.ok);
  assert.equal(before.decision.requiresReview, true);
  assert.deepEqual(
    before.decision.unrecognizedMedications.map((m) => m.name),
    ["Microgynon 30"],
  );
  const { medications, applied } = applyMedicationReviews(
    [pill],
    [{ nameKey: medicationNameKey("microgynon-30"), decision: "not-relevant", classId: null }],
    protocol,
  );
  assert.deepEqual(medications, []);
  assert.deepEqual(applied, [
    { recordId: "m1", name: "Microgynon 30", decision: "not-relevant", classId: null },
  ]);
  const after = screenProfile(protocol, profile(medications), concerns, "2026-01-10", "2026-01-10");
  assert.ok(after.ok);
  assert.equal(after.decision.requiresReview, false);
  assert.equal(after.decision.outcome, "eligible");
});

test("reviewed as a class, the medicine is screened as that class (an anticoagulant stays protected)", () => {
  const med = { ...pill, ingredient: "Brandnewxaban" };
  const { medications } = applyMedicationReviews(
    [med],
    [{ nameKey: medicationNameKey("Brandnewxaban"), decision: "class", classId: "anticoagulant" }],
    protocol,
  );
  assert.equal(medications.length, 1);
  assert.equal(medications[0]!.product, "Brandnewxaban");
  const screened = screenProfile(protocol, profile(medications), concerns, "2026-01-10", "2026-01-10");
  assert.ok(screened.ok);
  assert.equal(screened.decision.requiresReview, false);
  assert.notEqual(screened.decision.outcome, "eligible");
});

test("the latest review of a name wins; a class the protocol no longer has leaves the medicine for review", () => {
  const key = medicationNameKey("Microgynon 30");
  const latest = applyMedicationReviews(
    [pill],
    [
      { nameKey: key, decision: "not-relevant", classId: null },
      { nameKey: key, decision: "class", classId: "nsaid" },
    ],
    protocol,
  );
  assert.equal(latest.applied[0]!.classId, "nsaid");
  const gone = applyMedicationReviews(
    [pill],
    [{ nameKey: key, decision: "class", classId: "no-such" }],
    protocol,
  );
  assert.deepEqual(gone.medications, [pill]);
  assert.deepEqual(gone.applied, []);
});
