import assert from "node:assert/strict";
import { test } from "node:test";
import { placedCondition } from "../../../domain/record/area.ts";
import { conditionBody, NEW_CONDITION } from "./profile-body.ts";

const row = (zones: string[]) => ({ ...NEW_CONDITION, conditionId: "skin-infection", zones });

test("the staff panel sends where a condition is, and nothing placed as not placed", () => {
  assert.deepEqual(conditionBody(row(["cheeks", "neck"])).zones, ["cheeks", "neck"]);
  assert.deepEqual(conditionBody(row(["not-sure"])).zones, ["not-sure"]);
  assert.equal(conditionBody(row([])).zones, null);
  assert.equal("inTreatmentArea" in conditionBody(row(["cheeks"])), false);
});

test("what the panel sends is placed as the intake places it: not sure counts as in the area", () => {
  const treated = ["cheeks", "forehead"];
  const area = (zones: string[], t: string[] | null) =>
    placedCondition(conditionBody(row(zones)), t).inTreatmentArea;
  assert.equal(area(["cheeks"], treated), true);
  assert.equal(area(["neck"], treated), false);
  assert.equal(area(["elsewhere"], treated), false);
  assert.equal(area(["not-sure"], treated), true);
  assert.equal(area([], treated), false);
  // Before an intake names the zones to treat, a condition placed on any zone may be in the area.
  assert.equal(area(["neck"], null), true);
  assert.equal(area(["not-sure"], null), true);
  assert.equal(area(["elsewhere"], null), false);
});
