/** A consent template version as the owner reads it (contract/consents.ts: `templateView`). */
import type { ConsentTemplateRow } from "../../db/repositories/consent.repository.ts";
import { spanishOf } from "../services/consent-wording.ts";

/** The version with the Spanish patients are shown: its own, or the built-in wording of its kind. */
export function presentConsentTemplate(t: ConsentTemplateRow): ConsentTemplateRow {
  return { ...t, ...(spanishOf(t) ?? { titleEs: null, bodyEs: null }) };
}
