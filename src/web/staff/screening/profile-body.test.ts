import assert from "node:assert/strict";
import { test } from "node:test";
import { conditionBody, NEW_CONDITION } from "./profile-body.ts";

const row = (zones: string[]) => ({ ...NEW_CONDITION, conditionId: "skin-infection", zones });

test("the staff panel places a condition by zone as the intake does: not sure counts as in the area", () => {
  const treated = ["cheeks", "forehead"];
  assert.equal(conditionBody(row(["cheeks"]), treated).inTreatmentArea, true);
  assert.equal(conditionBody(row(["neck"]), treated).inTreatmentArea, false);
  assert.equal(conditionBody(row(["elsewhere"]), treated).inTreatmentArea, false);
  assert.equal(conditionBody(row(["not-sure"]), treated).inTreatmentArea, true);
  assert.equal(conditionBody(row([]), treated).inTreatmentArea, false);
});

test("before an intake names the zones to treat, a condition placed on any zone may be in the area", () => {
  assert.equal(conditionBody(row(["neck"]), null).inTreatmentArea, true);
  assert.equal(conditionBody(row(["not-sure"]), null).inTreatmentArea, true);
  assert.equal(conditionBody(row(["elsewhere"]), null).inTreatmentArea, false);
});
