/**
 * Builders and generators of screening inputs for the tests of the screening engine (pure: no I/O).
 */
import fc from "fast-check";
import { addDays } from "../calendar.ts";
import type { ConditionInput, MedicationInput, Protocol, ScreeningInput } from "./types.ts";

/** A healthy adult asking for lines on the cheeks, screened two weeks before the appointment. */
export function baseInput(overrides: Partial<ScreeningInput> = {}): ScreeningInput {
  return {
    screeningDate: "2026-01-08",
    requestedAppointment: "2026-01-22",
    patient: { age: 40, sex: "female", pregnant: false, breastfeeding: false, fitzpatrick: "II" },
    conditions: [],
    medications: [],
    request: { setting: "clinic", concerns: [{ indication: "rhytides", zones: ["cheeks"] }] },
    ...overrides,
  };
}

export function medication(ingredient: string, overrides: Partial<MedicationInput> = {}): MedicationInput {
  return { ingredient, route: "oral", prescribed: false, ongoing: true, lastTaken: null, ...overrides };
}

export function condition(conditionId: string, overrides: Partial<ConditionInput> = {}): ConditionInput {
  return {
    conditionId,
    status: "active",
    inTreatmentArea: true,
    onset: null,
    resolved: null,
    severity: null,
    ...overrides,
  };
}

const SEVERITIES = ["mild", "moderate", "severe"] as const;

/**
 * Valid screening inputs for a protocol: ids, zones and routes drawn from the protocol; medication
 * names from its catalog and vocabulary plus a few it does not know; dates consistent with the
 * contract (events on or before the screening date, appointment on or after it).
 */
export function screeningInputArbitrary(protocol: Protocol): fc.Arbitrary<ScreeningInput> {
  const conditionIds = protocol.conditions.map((c) => c.id);
  const ingredients = [
    ...new Set([
      ...protocol.medicationClasses.flatMap((c) => c.members.map((m) => m.ingredient)),
      ...(protocol.medicationVocabulary?.brands.map((b) => b.name) ?? []),
      "metformin",
      "levothyroxine",
      "warfarn",
    ]),
  ];
  const routes = [...new Set(protocol.medicationClasses.flatMap((c) => c.members.flatMap((m) => m.routes)))];
  const prohibited = protocol.zones.filter((z) => z.prohibited).map((z) => z.id);
  const indications = Object.keys(protocol.indicationDepth);
  const graded = new Set(
    Object.entries(protocol.seriesByIndication)
      .filter(([, s]) => typeof s === "object")
      .map(([i]) => i),
  );

  const concern = fc.constantFrom(...indications).chain((indication) => {
    const zones = [...(protocol.indicationDepth[indication]?.zones ?? []), ...prohibited];
    return fc.record({
      indication: fc.constant(indication),
      zones: fc.shuffledSubarray(zones, { minLength: 1, maxLength: Math.min(3, zones.length) }),
      goodmanBaronGrade: graded.has(indication)
        ? fc.option(fc.integer({ min: 1, max: 4 }))
        : fc.constant(null),
    });
  });

  return fc
    .record({
      screening: fc.integer({ min: 0, max: 3650 }).map((d) => addDays("2022-01-01", d)),
      waitDays: fc.integer({ min: 0, max: 200 }),
      age: fc.integer({ min: 12, max: 90 }),
      sex: fc.constantFrom("female", "male", "other", "unknown"),
      pregnant: fc.boolean(),
      breastfeeding: fc.boolean(),
      fitzpatrick: fc.constantFrom("I", "II", "III", "IV", "V", "VI"),
      conditions: fc.array(
        fc.record({
          conditionId: fc.constantFrom(...conditionIds),
          status: fc.constantFrom("active", "resolved", "history"),
          inTreatmentArea: fc.boolean(),
          onsetDaysAgo: fc.integer({ min: 0, max: 400 }),
          severity: fc.constantFrom(...SEVERITIES),
        }),
        { maxLength: 3 },
      ),
      medications: fc.array(
        fc.record({
          ingredient: fc.constantFrom(...ingredients),
          route: fc.constantFrom(...routes),
          prescribed: fc.boolean(),
          ongoing: fc.boolean(),
          lastTakenDaysAgo: fc.integer({ min: 0, max: 400 }),
        }),
        { maxLength: 3 },
      ),
      concerns: fc.array(concern, { minLength: 1, maxLength: 3 }),
    })
    .map((r): ScreeningInput => {
      const male = r.sex === "male";
      return {
        screeningDate: r.screening,
        requestedAppointment: addDays(r.screening, r.waitDays),
        patient: {
          age: r.age,
          sex: r.sex,
          pregnant: male ? null : r.pregnant && r.age >= 14,
          breastfeeding: male ? null : r.breastfeeding && r.age >= 14,
          fitzpatrick: r.fitzpatrick,
        },
        conditions: r.conditions.map((c) => ({
          conditionId: c.conditionId,
          status: c.status,
          inTreatmentArea: c.inTreatmentArea,
          onset: addDays(r.screening, -c.onsetDaysAgo),
          resolved: c.status === "resolved" ? r.screening : null,
          severity: c.severity,
        })),
        medications: r.medications.map((m) => ({
          ingredient: m.ingredient,
          route: m.route,
          prescribed: m.prescribed,
          ongoing: m.ongoing,
          lastTaken: m.ongoing ? null : addDays(r.screening, -m.lastTakenDaysAgo),
        })),
        request: { setting: "clinic", concerns: r.concerns },
      };
    });
}
