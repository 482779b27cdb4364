/**
 * The protocol's patient paragraphs in Spanish as the server's e-mails use them. The texts are kept
 * once, in aftercare-texts-es.ts and prep-texts-es.ts (the web's Spanish catalogue takes the same);
 * their sources are the protocol entry's. An entry a clinic added itself has no Spanish text here:
 * it stays in the clinic's own words.
 */

import { AFTERCARE_TEXTS_ES } from "./aftercare-texts-es.ts";
import { PREP_TEXTS_ES } from "./prep-texts-es.ts";
import { fillDays, textOf } from "./protocol-text-lookup.ts";

/** An aftercare entry's Spanish text; the protocol's own words when it has none. */
export function aftercareTextEs(id: string, english: string): string {
  return textOf(AFTERCARE_TEXTS_ES, id) ?? english;
}

/** A preparation step's Spanish text with its days filled in; the protocol's own words when it has none. */
export function prepTextEs(
  id: string,
  english: string,
  daysBefore: { min: number; max: number } | null | undefined,
): string {
  const text = textOf(PREP_TEXTS_ES, id);
  return text === undefined ? english : fillDays(text, daysBefore);
}

/**
 * The dated line of a preparation step in Spanish ("Desde el lun, 1 dic 2026: …"), the
 * counterpart of the checklist's English summary. `own` are the medicines the patient takes on
 * their own, `prescribed` those a doctor prescribed (ask them before stopping).
 */
export function prepSummaryEs(v: {
  kind: string;
  text: string;
  own: readonly string[];
  prescribed: readonly string[];
  date: string;
}): string {
  const all = [...v.own, ...v.prescribed];
  switch (v.kind) {
    case "stop-medication": {
      if (all.length === 0) return `Desde el ${v.date}: ${v.text}`;
      const parts = [
        v.own.length > 0 ? `Deja ${v.own.join(", ")} desde el ${v.date}.` : null,
        v.prescribed.length > 0
          ? `${v.prescribed.join(", ")}: te lo recetó un médico, así que pregúntale antes de dejarlo (desde el ${v.date} si está de acuerdo).`
          : null,
      ];
      return `${parts.filter((p) => p !== null).join(" ")} ${v.text}`;
    }
    case "keep-taking":
    case "standing":
      return all.length > 0 ? `${all.join(", ")}: ${v.text}` : v.text;
    case "day-of":
      return `El ${v.date}: ${v.text}`;
    default:
      return `Desde el ${v.date}: ${v.text}`;
  }
}

/** A checklist item's summary and text for a Spanish e-mail (dates through `Intl`, es-ES). */
export function prepItemEs(
  item: {
    id: string;
    kind: string;
    date: string;
    medications: readonly string[];
    prescribedMedications: readonly string[];
    patientText: string;
  },
  steps: readonly { id: string; daysBefore?: { min: number; max: number } | null }[],
): { summary: string; text: string } {
  const step = steps.find((s) => s.id === item.id);
  const text = prepTextEs(item.id, item.patientText, step?.daysBefore ?? null);
  const [y, m, d] = item.date.split("-").map(Number);
  const date = new Intl.DateTimeFormat("es-ES", {
    weekday: "short",
    day: "numeric",
    month: "short",
    year: "numeric",
    timeZone: "UTC",
  }).format(new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1)));
  const prescribed = item.prescribedMedications;
  const own = item.medications.filter((n) => !prescribed.includes(n));
  return { summary: prepSummaryEs({ kind: item.kind, text, own, prescribed, date }), text };
}
