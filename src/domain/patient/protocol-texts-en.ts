/**
 * The protocol's patient paragraphs in English as the server's e-mails use them. The texts are kept
 * once, in aftercare-texts-en.ts and prep-texts-en.ts (the web's English catalogue takes the same);
 * their sources are the protocol entry's. The protocol's own `text` is written for clinicians (it
 * names rule ids and classes); an entry a clinic added itself has no text here and is sent in the
 * clinic's own words.
 */
import { AFTERCARE_TEXTS_EN } from "./aftercare-texts-en.ts";
import { PREP_TEXTS_EN } from "./prep-texts-en.ts";
import { fillDays, textOf } from "./protocol-text-lookup.ts";

/** An aftercare entry's English patient text; the protocol's own words when it has none. */
export function aftercareTextEn(id: string, protocolText: string): string {
  return textOf(AFTERCARE_TEXTS_EN, id) ?? protocolText;
}

/**
 * A checklist item's summary and text for an English e-mail: the checklist's dated line with the
 * step's patient text in place of the protocol's clinician words.
 */
export function prepItemEn(
  item: { id: string; summary: string; patientText: string },
  steps: readonly { id: string; daysBefore?: { min: number; max: number } | null }[],
): { summary: string; text: string } {
  const own = textOf(PREP_TEXTS_EN, item.id);
  if (own === undefined) return { summary: item.summary, text: item.patientText };
  const text = fillDays(own, steps.find((s) => s.id === item.id)?.daysBefore);
  return { summary: item.summary.replace(item.patientText, text), text };
}
