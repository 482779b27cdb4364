/**
 * Reads an RxNorm clinical-drug name ("Warfarin Sodium 5 MG Oral Tablet", "Amoxicillin 250 MG /
 * Clavulanate 125 MG Oral Tablet", "Clonazepam [Klonopin]", "heparin sodium, porcine") into its
 * ingredients and route. EHRs send product codes (SCD/SBD), while the protocol names ingredients,
 * so the ingredient words are what the screening engine matches on (it drops salt words itself).
 */
import type { Coding } from "./fhir-types.ts";

/** Dose-form words -> route, longest phrase first. */
const FORM_ROUTES: readonly [RegExp, string][] = [
  [/\bprefilled syringe\b|\bsubcutaneous\b/i, "subcutaneous"],
  [/\binjectable\b|\binjection\b|\bintravenous\b/i, "intravenous"],
  [/\btopical\b|\bcream\b|\bointment\b|\bgel\b|\blotion\b|\bshampoo\b/i, "topical"],
  [/\btransdermal\b/i, "transdermal"],
  [/\binhaler\b|\binhalant\b|\binhalation\b/i, "inhalation"],
  [/\bmucosal\b|\bsublingual\b/i, "mucosal"],
  [/\bophthalmic\b/i, "ophthalmic"],
  [/\bnasal\b/i, "nasal"],
  [/\boral\b|\btablet\b|\bcapsule\b|\bday pack\b|\bchewable\b/i, "oral"],
];

/** SNOMED CT route concepts (Dosage.route) -> route. */
const SNOMED_ROUTES: Readonly<Record<string, string>> = {
  "26643006": "oral",
  "6064005": "topical",
  "34206005": "subcutaneous",
  "47625008": "intravenous",
  "78421000": "intramuscular",
  "45890007": "transdermal",
  "447694001": "inhalation",
  "18679011000001101": "inhalation",
  "46713006": "nasal",
  "37161004": "rectal",
};

/** Leading package quantities: "120 ACTUAT", "24 HR", "0.65 ML", "28 Day". */
const LEADING_QUANTITY = /^\s*\d+(\.\d+)?\s+(ACTUAT|HR|ML|MG|DAY)\b\s*/i;

export interface ParsedMedicationName {
  /** Ingredient names, lower case, in the order written; never empty. */
  ingredients: string[];
  /** The route the dose form states, or null when the name has none. */
  route: string | null;
}

export function parseMedicationName(name: string): ParsedMedicationName {
  let text = name.trim();
  while (LEADING_QUANTITY.test(text)) text = text.replace(LEADING_QUANTITY, "");
  text = text.replace(/\[[^\]]*\]/g, " ");
  const ingredients: string[] = [];
  for (const part of text.split(/\s\/\s/)) {
    // The ingredient is the words before the first strength ("5 MG") and before any comma
    // ("heparin sodium, porcine").
    const beforeComma = part.split(",")[0] ?? part;
    const words: string[] = [];
    for (const w of beforeComma.trim().split(/\s+/)) {
      if (/^\d/.test(w)) break;
      words.push(w);
    }
    const ingredient = words.join(" ").toLowerCase().trim();
    if (ingredient && !ingredients.includes(ingredient)) ingredients.push(ingredient);
  }
  const route = FORM_ROUTES.find(([re]) => re.test(name))?.[1] ?? null;
  return { ingredients: ingredients.length > 0 ? ingredients : [name.trim().toLowerCase()], route };
}

export function routeFromCodings(codings: readonly Coding[], text: string | undefined): string | null {
  for (const c of codings) {
    const r = c.code ? SNOMED_ROUTES[c.code] : undefined;
    if (r) return r;
  }
  const words = [text, ...codings.map((c) => c.display)].filter((x): x is string => !!x).join(" ");
  return words ? (FORM_ROUTES.find(([re]) => re.test(words))?.[1] ?? null) : null;
}

export const SNOMED_ROUTE_CODES: Readonly<Record<string, { code: string; display: string }>> = {
  oral: { code: "26643006", display: "Oral route" },
  topical: { code: "6064005", display: "Topical route" },
  subcutaneous: { code: "34206005", display: "Subcutaneous route" },
  intravenous: { code: "47625008", display: "Intravenous route" },
  intramuscular: { code: "78421000", display: "Intramuscular route" },
  transdermal: { code: "45890007", display: "Transdermal route" },
  nasal: { code: "46713006", display: "Nasal route" },
  rectal: { code: "37161004", display: "Rectal route" },
};
