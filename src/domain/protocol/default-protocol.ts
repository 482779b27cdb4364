/**
 * The ruleset that ships with Remodel (`blog-default`: the source articles' rules with the safety
 * overrides marked), with the bundled medication vocabulary (brand names, salt words).
 */

import { type PreparedProtocol, prepareProtocol } from "./prepared-protocol.ts";
import { loadProtocol, withMedicationVocabulary } from "./protocol.ts";
import blogDefault from "./rulesets/blog-default.json" with { type: "json" };
import medicationVocabulary from "./rulesets/medication-vocabulary.json" with { type: "json" };
import type { MedicationVocabulary, Protocol } from "./types.ts";

export const bundledMedicationVocabulary: MedicationVocabulary = medicationVocabulary;

let cached: Protocol | undefined;

/** The default protocol, loaded and checked once. */
export function defaultProtocol(): Protocol {
  cached ??= withMedicationVocabulary(loadProtocol(blogDefault), bundledMedicationVocabulary);
  return cached;
}

/**
 * The default protocol, checked here and prepared for the public self-check in a browser (the web
 * build writes this into the page, so the browser neither parses the ruleset nor carries a schema).
 */
export function preparedDefaultProtocol(): PreparedProtocol {
  return prepareProtocol(defaultProtocol());
}
