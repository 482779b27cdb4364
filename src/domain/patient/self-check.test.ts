import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { defaultProtocol } from "../protocol/default-protocol.ts";
import { screenPatient } from "../protocol/screen-patient.ts";
import { validateScreeningInput } from "../protocol/validate-input.ts";
import {
  type AspirinReason,
  decodeAnswers,
  emptyAnswers,
  encodeAnswers,
  type SelfCheckAnswers,
  selfCheckProblems,
  selfCheckToScreeningInput,
  zonesFor,
} from "./self-check.ts";

const protocol = defaultProtocol();
const today = "2026-03-02";
const base: SelfCheckAnswers = {
  ...emptyAnswers(),
  concerns: ["acne-scars"],
  areas: ["face"],
  age: 34,
  sex: "female",
  pregnant: false,
  breastfeeding: false,
  fitzpatrick: "II",
};

function screen(a: SelfCheckAnswers) {
  assert.deepEqual(selfCheckProblems(a, protocol, today), []);
  const input = selfCheckToScreeningInput(a, protocol, today);
  const valid = validateScreeningInput(input, protocol);
  assert.ok(valid.ok, valid.ok ? "" : `${valid.error.field}: ${valid.error.message}`);
  return screenPatient(valid.value, protocol);
}

describe("self-check", () => {
  test("plain answers are eligible, with a plan", () => {
    const out = screen(base);
    assert.equal(out.outcome, "eligible");
    assert.ok(out.plan);
  });

  test("a man who says he is pregnant gets a clear problem, not a decision", () => {
    const problems = selfCheckProblems({ ...base, sex: "male", pregnant: true }, protocol, today);
    assert.deepEqual(
      problems.map((p) => p.code),
      ["male-pregnant"],
    );
  });

  test("unanswered pregnancy is asked, not assumed", () => {
    const problems = selfCheckProblems({ ...base, pregnant: null }, protocol, today);
    assert.deepEqual(
      problems.map((p) => [p.field, p.code]),
      [["pregnant", "missing"]],
    );
  });

  test("a concern no chosen area allows is named", () => {
    const problems = selfCheckProblems({ ...base, concerns: ["alopecia"], areas: ["face"] }, protocol, today);
    assert.deepEqual(problems, [{ field: "areas", code: "area-not-treated", detail: "alopecia" }]);
  });

  test("the eyelids are never among the zones", () => {
    for (const i of protocol.indications) assert.ok(!zonesFor(i.id, ["face"], protocol).includes("eyelid"));
  });

  test("dates: a last dose in the future and a start in the past are refused", () => {
    const p = selfCheckProblems(
      { ...base, isotretinoin: "stopped", isotretinoinLastDose: "2026-04-01", startDate: "2026-02-01" },
      protocol,
      today,
    );
    assert.deepEqual(
      p.map((x) => x.code),
      ["date-future", "date-past"],
    );
    assert.equal(
      selfCheckProblems(
        { ...base, isotretinoin: "stopped", isotretinoinLastDose: "2026-02-30" },
        protocol,
        today,
      )[0]?.code,
      "date-invalid",
    );
  });

  const outcomes: [string, Partial<SelfCheckAnswers>, string][] = [
    ["pregnancy defers", { pregnant: true }, "defer"],
    ["a keloid history declines", { health: { keloid: true } }, "decline"],
    ["under 18 declines", { age: 16 }, "decline"],
    [
      "a blood thinner needs a physician's clearance",
      { medicines: { bloodThinner: true } },
      "needs-physician-clearance",
    ],
    ["isotretinoin now defers", { isotretinoin: "now" }, "defer"],
    ["an active cold sore with the face defers", { health: { coldSoreNow: true } }, "defer"],
    ["moderate eczema in the area defers", { graded: { eczemaInArea: "moderate" } }, "defer"],
    ["mild eczema is a caution only", { graded: { eczemaInArea: "mild" } }, "eligible"],
  ];
  for (const [name, change, outcome] of outcomes) {
    test(name, () => assert.equal(screen({ ...base, ...change }).outcome, outcome));
  }

  test("isotretinoin stopped two months ago defers to a date six months after the last dose", () => {
    const out = screen({ ...base, isotretinoin: "stopped", isotretinoinLastDose: "2026-01-02" });
    assert.equal(out.outcome, "defer");
    assert.equal(out.deferUntil, "2026-07-02");
  });

  test("a blood thinner is never told to stop", () => {
    const out = screen({ ...base, medicines: { bloodThinner: true, painkillerNsaid: true } });
    const texts = out.explanations.map((e) => e.patientText.toLowerCase()).join(" | ");
    assert.ok(!/stop (taking )?(your )?(warfarin|blood thinner)/.test(texts));
  });

  test("answers survive the trip to booking; garbage does not decode", () => {
    const a = { ...base, health: { keloid: true }, startDate: "2026-04-01" };
    assert.deepEqual(decodeAnswers(encodeAnswers(a)), a);
    assert.equal(decodeAnswers("%%%"), null);
  });
});

describe("aspirin: asked why it is taken", () => {
  const withAspirin = (reason: SelfCheckAnswers["aspirinReason"]) =>
    screen({ ...base, medicines: { aspirin: true }, aspirinReason: reason });

  test("aspirin for the heart, a stent or a stroke needs a doctor and is never told to stop", () => {
    for (const reason of ["heart", "unsure"] as const) {
      const out = withAspirin(reason);
      assert.equal(out.outcome, "needs-physician-clearance", reason);
      assert.ok(out.reasons.includes("CI-ANTITHROMBOTIC"), reason);
      assert.ok(out.prepInstructions.includes("PREP-ANTITHROMBOTIC-DO-NOT-STOP"), reason);
      assert.ok(!out.prepInstructions.includes("PREP-NSAID-STOP"), reason);
    }
  });

  test("aspirin for pain is a painkiller to pause 3-5 days before", () => {
    const out = withAspirin("pain");
    assert.equal(out.outcome, "defer");
    assert.ok(!out.reasons.includes("CI-ANTITHROMBOTIC"));
    assert.ok(out.prepInstructions.includes("PREP-NSAID-STOP"));
  });

  test("ticking aspirin without saying why is asked, not assumed", () => {
    const problems = selfCheckProblems({ ...base, medicines: { aspirin: true } }, protocol, today);
    assert.deepEqual(
      problems.map((p) => [p.field, p.code]),
      [["aspirinReason", "missing"]],
    );
  });
});

describe("aspirin: the self-check and the clinic's screening agree on why it is taken", () => {
  // How people and records say why they take aspirin; each phrase with the self-check answer
  // that says the same.
  const indications: [string, AspirinReason][] = [
    ["heart", "heart"],
    ["Heart attack prevention", "heart"],
    ["after my stent", "heart"],
    ["coronary stent", "heart"],
    ["stroke", "heart"],
    ["mini-stroke (TIA)", "heart"],
    ["post MI", "heart"],
    ["AF", "heart"],
    ["atrial fibrillation", "heart"],
    ["angina", "heart"],
    ["cardiovascular prevention", "heart"],
    ["cardiologist advised", "heart"],
    ["blood clots", "heart"],
    ["DVT history", "heart"],
    ["peripheral arterial disease", "heart"],
    ["bypass surgery", "heart"],
    ["para el corazón", "heart"],
    ["después de un ictus", "heart"],
    ["headache", "pain"],
    ["period pain", "pain"],
    ["back pain", "pain"],
    ["fever", "pain"],
    ["hangover", "pain"],
    ["toothache", "pain"],
    ["migraine", "pain"],
    ["arthritis pain", "pain"],
    ["dolor de cabeza", "pain"],
  ];
  const names = ["aspirin", "Aspirin", "acetylsalicylic acid", "Bayer Aspirin", "Ecotrin", "Disprin"];

  test("for every indication and profile, the self-check decides as the server does", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...indications),
        fc.constantFrom(...names),
        fc.boolean(),
        fc.constantFrom("I", "III", "V"),
        fc.integer({ min: 18, max: 90 }),
        fc.boolean(),
        ([phrase, reason], name, withRxnorm, fitzpatrick, age, alsoNsaid) => {
          const answers: SelfCheckAnswers = {
            ...base,
            age,
            fitzpatrick: fitzpatrick as SelfCheckAnswers["fitzpatrick"],
            medicines: { aspirin: true, painkillerNsaid: alsoNsaid },
            aspirinReason: reason,
          };
          const browser = screen(answers);
          const input = selfCheckToScreeningInput(answers, protocol, today);
          input.medications = input.medications.map((m) =>
            m.ingredient === "aspirin"
              ? {
                  ...m,
                  ingredient: name,
                  prescribed: false,
                  indication: phrase,
                  rxnorm: withRxnorm ? "1191" : null,
                }
              : m,
          );
          const valid = validateScreeningInput(input, protocol);
          assert.ok(valid.ok, valid.ok ? "" : `${valid.error.field}: ${valid.error.message}`);
          const server = screenPatient(valid.value, protocol);
          assert.equal(server.outcome, browser.outcome, phrase);
          assert.deepEqual(server.reasons, browser.reasons, phrase);
          assert.deepEqual(server.prepInstructions, browser.prepInstructions, phrase);
          const cardiac = reason === "heart";
          assert.equal(server.reasons.includes("CI-ANTITHROMBOTIC"), cardiac, phrase);
          assert.equal(server.prepInstructions.includes("PREP-ANTITHROMBOTIC-DO-NOT-STOP"), cardiac, phrase);
        },
      ),
      { numRuns: 400 },
    );
  });
});
