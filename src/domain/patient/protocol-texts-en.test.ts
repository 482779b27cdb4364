// The English patient paragraphs the e-mails use are the portal's own words, with the protocol
// entry's sources, and never the clinician's text (rule ids, classes).
import assert from "node:assert/strict";
import { test } from "node:test";
import { allEnglish } from "../../web/i18n/all-english.ts";
import { defaultProtocol } from "../protocol/default-protocol.ts";
import { AFTERCARE_TEXTS_EN } from "./aftercare-texts-en.ts";
import { PREP_TEXTS_EN } from "./prep-texts-en.ts";
import { textOf } from "./protocol-text-lookup.ts";
import { prepItemEn } from "./protocol-texts-en.ts";

const protocol = defaultProtocol();
const catalogue = allEnglish as Record<string, string>;

test("each English patient paragraph is the portal's text for it (one copy), for an entry of the protocol", () => {
  const aftercare = protocol.aftercareTimeline as { id: string }[];
  for (const [id, text] of Object.entries(AFTERCARE_TEXTS_EN)) {
    assert.equal(text, catalogue[`aftercare.advice.${id}`], id);
    assert.ok(
      aftercare.some((e) => e.id === id),
      id,
    );
  }
  for (const step of protocol.prepSteps) {
    const own = textOf(PREP_TEXTS_EN, step.id);
    assert.ok(own, `${step.id} has no English patient text`);
    assert.equal(own, catalogue[`prep.${step.id}`], step.id);
  }
});

test("the English e-mail texts carry no rule ids or clinician's words", () => {
  for (const text of [...Object.values(AFTERCARE_TEXTS_EN), ...Object.values(PREP_TEXTS_EN)])
    assert.doesNotMatch(text, /\b(?:CI|CAU|PREP|AC)-[A-Z]|seriesRules|depthTable|\(see |\bNSAID/, text);
});

test("an English preparation line keeps its date and names and says the step in plain words", () => {
  const step = protocol.prepSteps.find((s) => s.id === "PREP-NSAID-STOP");
  assert.ok(step);
  const words = prepItemEn(
    { id: step.id, summary: `Stop Advil from Mon 14 Dec 2026. ${step.text}`, patientText: step.text },
    protocol.prepSteps,
  );
  assert.match(words.summary, /^Stop Advil from Mon 14 Dec 2026\. Pause ibuprofen/);
  assert.doesNotMatch(words.summary, /PREP-|\(see /);
  assert.match(words.text, /3–5 days before your session/);
});
