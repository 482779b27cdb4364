import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { addDays } from "../calendar.ts";
import {
  AREAS,
  emptyAnswers,
  GRADED_QUESTIONS,
  HEALTH_QUESTIONS,
  MEDICINE_QUESTIONS,
  type SelfCheckAnswers,
  selfCheckProblems,
  selfCheckToScreeningInput,
} from "../patient/self-check.ts";
import { defaultProtocol, preparedDefaultProtocol } from "./default-protocol.ts";
import { adoptPreparedProtocol, type PreparedProtocol, prepareProtocol } from "./prepared-protocol.ts";
import { applyClinicChoices, canonicalJson, protocolVersion } from "./protocol.ts";
import { screenPatient } from "./screen-patient.ts";
import { screeningInputArbitrary } from "./screening-test-support.ts";
import type { Protocol } from "./types.ts";
import { validateScreeningInput } from "./validate-input.ts";

const server = defaultProtocol();
/** As the browser gets it: written into the page as JSON by the build, then adopted. */
function inBrowser(prepared: PreparedProtocol): Protocol {
  return adoptPreparedProtocol(JSON.parse(JSON.stringify(prepared)) as PreparedProtocol);
}
const browser = inBrowser(preparedDefaultProtocol());

describe("a protocol prepared for the browser", () => {
  test("is smaller than the ruleset yet names the full protocol's version", () => {
    assert.ok(canonicalJson(browser).length < canonicalJson(server).length / 2);
    assert.equal(protocolVersion(browser), protocolVersion(server));
    assert.ok(Object.isFrozen(browser) && Object.isFrozen(browser.contraindications[0]));
  });

  test("screening decides exactly as on the server, for many generated inputs", () => {
    fc.assert(
      fc.property(screeningInputArbitrary(server), (input) => {
        const valid = validateScreeningInput(input, server);
        assert.ok(valid.ok, valid.ok ? "" : `${valid.error.field}: ${valid.error.message}`);
        assert.deepEqual(screenPatient(input, browser), screenPatient(valid.value, server));
      }),
      { numRuns: 2000 },
    );
  });

  test("a clinic's choices survive preparing (alternatives are applied before, not carried)", () => {
    const clinic = applyClinicChoices(server, {
      rules: {
        "CI-ISOTRETINOIN-6M": { alternative: "consensus-no-delay" },
        "CI-KELOID": { alternative: "relative" },
        "PREP-TOPICAL-RETINOID-STOP": { alternative: "3-day" },
      },
      depthCapMode: "skinpenLabeling",
    });
    const prepared = inBrowser(prepareProtocol(clinic));
    assert.equal(protocolVersion(prepared), protocolVersion(clinic));
    assert.notEqual(protocolVersion(prepared), protocolVersion(browser));
    fc.assert(
      fc.property(screeningInputArbitrary(clinic), (input) => {
        assert.deepEqual(screenPatient(input, prepared), screenPatient(input, clinic));
      }),
      { numRuns: 500 },
    );
  });

  test("keeps what the self-check page shows: concerns with their labels, and every cited source", () => {
    assert.deepEqual(
      browser.indications,
      server.indications.map((i) => ({ id: i.id, label: i.label })),
    );
    const citations = new Map(server.sources?.map((s) => [s.id, s.citation]));
    const cited = new Map(browser.sources?.map((s) => [s.id, s.citation]));
    let shown = 0;
    fc.assert(
      fc.property(screeningInputArbitrary(server), (input) => {
        for (const e of screenPatient(input, browser).explanations) {
          for (const id of e.sources) {
            assert.equal(cited.get(id), citations.get(id), `source ${id}`);
            shown++;
          }
        }
      }),
      { numRuns: 500 },
    );
    assert.ok(shown > 0);
  });

  test("is not taken from anything but a prepared protocol", () => {
    assert.throws(() => adoptPreparedProtocol({} as PreparedProtocol), /not a prepared protocol/);
  });
});

// The public self-check screens in the browser without the schema check; its answers, once free
// of problems, always make an input the server's check accepts unchanged, with the same decision.
const today = "2026-03-02";
const selfCheckAnswers: fc.Arbitrary<SelfCheckAnswers> = fc
  .record({
    concerns: fc.subarray(
      server.indications.map((i) => i.id),
      { minLength: 1 },
    ),
    areas: fc.subarray([...AREAS], { minLength: 1 }),
    age: fc.integer({ min: 1, max: 120 }),
    sex: fc.constantFrom("female", "male", "other"),
    pregnant: fc.boolean(),
    breastfeeding: fc.boolean(),
    fitzpatrick: fc.constantFrom("I", "II", "III", "IV", "V", "VI"),
    health: fc.record(
      Object.fromEntries(Object.keys(HEALTH_QUESTIONS).map((k) => [k, fc.boolean()])) as Record<
        keyof typeof HEALTH_QUESTIONS,
        fc.Arbitrary<boolean>
      >,
      { requiredKeys: [] },
    ),
    graded: fc.record(
      Object.fromEntries(
        Object.keys(GRADED_QUESTIONS).map((k) => [k, fc.constantFrom("none", "mild", "moderate", "severe")]),
      ) as Record<keyof typeof GRADED_QUESTIONS, fc.Arbitrary<"none" | "mild" | "moderate" | "severe">>,
      { requiredKeys: [] },
    ),
    isotretinoin: fc.constantFrom("never", "now", "stopped"),
    lastDoseDaysAgo: fc.integer({ min: 0, max: 400 }),
    medicines: fc.record(
      Object.fromEntries(Object.keys(MEDICINE_QUESTIONS).map((k) => [k, fc.boolean()])) as Record<
        keyof typeof MEDICINE_QUESTIONS,
        fc.Arbitrary<boolean>
      >,
      { requiredKeys: [] },
    ),
    aspirinReason: fc.constantFrom("pain", "heart", "unsure"),
    startInDays: fc.option(fc.integer({ min: 0, max: 300 })),
  })
  .map(
    (r): SelfCheckAnswers => ({
      ...emptyAnswers(),
      concerns: r.concerns,
      areas: r.areas,
      age: r.age,
      sex: r.sex,
      pregnant: r.sex === "male" ? null : r.pregnant,
      breastfeeding: r.sex === "male" ? null : r.breastfeeding,
      fitzpatrick: r.fitzpatrick,
      health: r.health,
      graded: r.graded,
      isotretinoin: r.isotretinoin,
      isotretinoinLastDose: r.isotretinoin === "stopped" ? addDays(today, -r.lastDoseDaysAgo) : null,
      medicines: r.medicines,
      aspirinReason: r.medicines.aspirin ? r.aspirinReason : null,
      startDate: r.startInDays === null ? null : addDays(today, r.startInDays),
    }),
  );

describe("the self-check in the browser", () => {
  test("answers without problems screen as the server screens them, after its full check", () => {
    let screened = 0;
    fc.assert(
      fc.property(selfCheckAnswers, (answers) => {
        const problems = selfCheckProblems(answers, browser, today);
        assert.deepEqual(problems, selfCheckProblems(answers, server, today));
        if (problems.length > 0) return;
        screened++;
        const input = selfCheckToScreeningInput(answers, browser, today);
        assert.deepEqual(input, selfCheckToScreeningInput(answers, server, today));
        const valid = validateScreeningInput(input, server);
        assert.ok(valid.ok, valid.ok ? "" : `${valid.error.field}: ${valid.error.message}`);
        assert.deepEqual(valid.value, input);
        assert.deepEqual(screenPatient(input, browser), screenPatient(valid.value, server));
      }),
      { numRuns: 1500 },
    );
    assert.ok(screened > 500, `only ${screened} generated answers were free of problems`);
  });
});
