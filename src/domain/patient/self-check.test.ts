import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { defaultProtocol } from "../protocol/default-protocol.ts";
import { screenPatient } from "../protocol/screen-patient.ts";
import { validateScreeningInput } from "../protocol/validate-input.ts";
import {
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
