import assert from "node:assert/strict";
import { test } from "node:test";
import { defaultProtocol } from "../domain/protocol/default-protocol.ts";
import type { Protocol } from "../domain/protocol/types.ts";
import { ruledConditionIds } from "./code-map.ts";
import { planImport } from "./from-fhir.ts";

const bundle = (allergies: Record<string, unknown>[]) => ({
  resourceType: "Bundle",
  type: "collection",
  entry: [
    {
      resource: {
        resourceType: "Patient",
        id: "p",
        name: [{ family: "A", given: ["B"] }],
        birthDate: "1990-01-01",
      },
    },
    ...allergies.map((a, i) => ({
      resource: {
        resourceType: "AllergyIntolerance",
        id: `a${i}`,
        patient: { reference: "Patient/p" },
        ...a,
      },
    })),
  ],
});

const mapped = (protocol: Protocol, code: Record<string, unknown>) =>
  planImport(bundle([{ code }]), protocol).allergies[0]?.conditionId ?? null;

test("allergies the protocol has a rule for are named by code, own coding or substance name", () => {
  const p = defaultProtocol();
  const cases: [Record<string, unknown>, string | null][] = [
    [{ text: "Lidocaine" }, "allergy-local-anesthetic"],
    [{ text: "Allergy to topical anaesthetic" }, "allergy-local-anesthetic"],
    [
      { coding: [{ system: "http://hl7.org/fhir/sid/icd-10-cm", code: "Z88.4" }] },
      "allergy-local-anesthetic",
    ],
    [{ text: "Nickel" }, "allergy-stainless-steel"],
    [{ text: "Stainless steel" }, "allergy-stainless-steel"],
    [
      {
        coding: [
          {
            system: "https://remodel.health/fhir/CodeSystem/protocol-condition",
            code: "allergy-stainless-steel",
          },
        ],
      },
      "allergy-stainless-steel",
    ],
    [
      { coding: [{ system: "http://snomed.info/sct", code: "91935009", display: "Allergy to peanuts" }] },
      null,
    ],
    [{ text: "Penicillin" }, null],
  ];
  for (const [code, expected] of cases) assert.equal(mapped(p, code), expected, JSON.stringify(code));
});

test("without a protocol rule about an allergy, it is kept for the record but names no condition", () => {
  const p = defaultProtocol();
  assert.ok(ruledConditionIds(p).has("allergy-local-anesthetic"));
  const withoutRule = {
    ...p,
    contraindications: p.contraindications.filter(
      (c) => !JSON.stringify(c).includes("allergy-local-anesthetic"),
    ),
    cautions: (p.cautions ?? []).filter((c) => !JSON.stringify(c).includes("allergy-local-anesthetic")),
  } as Protocol;
  assert.ok(!ruledConditionIds(withoutRule).has("allergy-local-anesthetic"));
  const plan = planImport(bundle([{ code: { text: "Lidocaine" } }]), withoutRule);
  assert.equal(plan.allergies[0]!.conditionId, null);
  assert.equal(plan.unmapped[0]!.resourceType, "AllergyIntolerance");
});

test("refuted allergies are left out; missing statuses read as active and unconfirmed; bad dates are named", () => {
  const refuted = {
    coding: [
      { system: "http://terminology.hl7.org/CodeSystem/allergyintolerance-verification", code: "refuted" },
    ],
  };
  const plan = planImport(
    bundle([{ code: { text: "Nickel" }, verificationStatus: refuted }, { code: { text: "Latex" } }]),
    defaultProtocol(),
  );
  assert.deepEqual(
    plan.allergies.map((a) => [a.label, a.clinicalStatus, a.verificationStatus, a.sourceRef]),
    [["Latex", "active", "unconfirmed", "AllergyIntolerance/a1"]],
  );
  assert.throws(
    () => planImport(bundle([{ code: { text: "Latex" }, recordedDate: "2020-02-30" }]), defaultProtocol()),
    /entry\[1\]\.resource\.recordedDate: not a calendar date/,
  );
});
