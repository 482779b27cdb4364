// The Spanish patient paragraphs the e-mails use stand for the protocol entries they translate:
// one for every entry a patient can be sent, with the entry's own sources, in plain words.
import assert from "node:assert/strict";
import { test } from "node:test";
import { defaultProtocol } from "../protocol/default-protocol.ts";
import { AFTERCARE_TEXTS_ES } from "./aftercare-texts-es.ts";
import { PREP_TEXTS_ES } from "./prep-texts-es.ts";
import { textOf } from "./protocol-text-lookup.ts";
import { prepItemEs } from "./protocol-texts-es.ts";

const protocol = defaultProtocol();
const aftercare = protocol.aftercareTimeline as {
  id: string;
  source: string[];
  enabledByDefault?: boolean;
}[];

test("every aftercare entry shown by default has a Spanish text, and each text is for an entry of the protocol", () => {
  for (const entry of aftercare.filter((e) => e.enabledByDefault !== false))
    assert.ok(textOf(AFTERCARE_TEXTS_ES, entry.id), `${entry.id} has no Spanish text`);
  for (const id of Object.keys(AFTERCARE_TEXTS_ES))
    assert.ok(
      aftercare.some((e) => e.id === id),
      id,
    );
});

test("every preparation step has a Spanish text", () => {
  for (const step of protocol.prepSteps)
    assert.ok(textOf(PREP_TEXTS_ES, step.id), `${step.id} has no Spanish text`);
});

test("the Spanish texts carry no rule ids, codes or the clinician's words", () => {
  for (const text of [...Object.values(AFTERCARE_TEXTS_ES), ...Object.values(PREP_TEXTS_ES)]) {
    assert.doesNotMatch(text, /\b(?:CI|CAU|PREP|AC)-[A-Z]|seriesRules|Fitzpatrick|\bSPF\b|\bNSAID/, text);
  }
});

test("a Spanish preparation line is dated in Spanish and never says to stop a prescribed medicine", () => {
  const words = prepItemEs(
    {
      id: "PREP-NSAID-STOP",
      kind: "stop-medication",
      date: "2026-12-14",
      medications: ["Advil", "Celebrex"],
      prescribedMedications: ["Celebrex"],
      patientText: "English",
    },
    protocol.prepSteps,
  );
  assert.match(words.text, /^Deja el ibuprofeno.*, 3–5 días antes de tu sesión\. Nunca dejes la aspirina/);
  assert.match(words.summary, /^Deja Advil desde el lun, 14 dic 2026\./);
  assert.match(words.summary, /Celebrex: te lo recetó un médico, así que pregúntale antes de dejarlo/);
  assert.doesNotMatch(words.summary, /Deja [^.]*Celebrex/);
  const unknown = prepItemEs(
    {
      id: "CLINIC-OWN",
      kind: "general",
      date: "2026-12-14",
      medications: [],
      prescribedMedications: [],
      patientText: "Own words",
    },
    protocol.prepSteps,
  );
  assert.equal(unknown.text, "Own words");
});
