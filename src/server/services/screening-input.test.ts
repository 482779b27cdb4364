import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { defaultProtocol } from "../../domain/protocol/default-protocol.ts";
import { buildScreeningInput } from "../../domain/record/screening-input.ts";
import { apiField } from "./screening-input.ts";

describe("screening input in the API's field names", () => {
  const patient = {
    id: "p",
    dateOfBirth: "1990-01-01",
    sex: "female" as const,
    fitzpatrick: null,
    pregnant: false,
    breastfeeding: null,
    deliveryDate: null,
  };
  const condition = (id: string, conditionId: string | null) => ({
    id,
    conditionId,
    label: `label ${id}`,
    icd10cm: null,
    status: "active" as const,
    inTreatmentArea: true,
    zones: null,
    site: null,
    severity: null,
    onset: null,
    resolved: null,
    source: "staff",
    createdAt: new Date(),
  });

  test("answers asked today override the record; conditions the protocol does not name become review notes", () => {
    const built = buildScreeningInput(
      defaultProtocol(),
      {
        patient,
        conditions: [
          condition("a", "keloid"),
          condition("b", null),
          condition("c", "not-a-protocol-condition"),
        ],
        medications: [],
      },
      {
        screeningDate: "2026-01-10",
        asked: { breastfeeding: true, fitzpatrick: "IV" },
        requestedAppointment: "2026-02-01",
        request: {},
      },
    );
    const p = built.input.patient as Record<string, unknown>;
    assert.deepEqual([p.age, p.pregnant, p.breastfeeding, p.fitzpatrick], [36, false, true, "IV"]);
    assert.equal(built.input.screeningDate, "2026-01-10");
    assert.equal((built.input.conditions as unknown[]).length, 1);
    assert.deepEqual(
      built.reviewNotes.map((n) => n.recordId),
      ["b", "c"],
    );
  });

  test("an error in a stored record names the record, one in the request names the body", () => {
    const built = buildScreeningInput(
      defaultProtocol(),
      { patient, conditions: [condition("b", null), condition("a", "keloid")], medications: [] },
      { screeningDate: "2026-01-10", requestedAppointment: undefined, request: undefined },
    );
    assert.deepEqual(apiField(built, "conditions[0].severity"), {
      where: "profile",
      field: "profile.conditions.a.severity",
    });
    assert.equal(apiField(built, "request.concerns[0].zones[1]").field, "body.request.concerns[0].zones[1]");
    assert.equal(apiField(built, "patient.fitzpatrick").field, "body.patient.fitzpatrick");
    assert.equal(apiField(built, "patient.age").field, "body.screeningDate");
  });
});
