/**
 * Resolves a recorded medication to protocol medication classes (`medicationClasses[].members[]`):
 * by ingredient, brand name (the protocol's `medicationVocabulary`) or RxNorm code, case and spacing
 * aside, then filtered by route and, for members that say so, by `whenPrescribed`
 * (`medicationClassResolution`: prescribed aspirin is an antiplatelet, self-directed aspirin an
 * NSAID; oral isotretinoin is systemic, topical isotretinoin a topical retinoid).
 *
 * A medication that resolves to nothing is not an error; the screening reports it for review.
 *
 * Low-dose aspirin for the heart, a stent or a stroke is usually bought over the counter on a
 * doctor's advice, so "not prescribed" does not make it a painkiller: a medication whose recorded
 * indication names the heart, the blood vessels or a clot counts as prescribed here, and aspirin
 * taken for it resolves to the antiplatelet class (never stopped, physician clearance).
 */
import type { MedicationInput, Protocol } from "./types.ts";

interface MemberRef {
  classId: string;
  routes: readonly string[];
  whenPrescribed: boolean | undefined;
}

export interface MedicationIndex {
  byName: ReadonlyMap<string, readonly MemberRef[]>;
  byRxnorm: ReadonlyMap<string, readonly MemberRef[]>;
  saltWords: ReadonlySet<string>;
}

export interface MedicationResolution {
  /** Class ids, sorted, without duplicates; empty when the medication is not recognised. */
  classIds: string[];
  /** true when name and RxNorm code point at different classes (all of them are used). */
  conflicting: boolean;
}

const SEPARATORS = /[\s\-_.,/®™]+/;

/** Words of a medication name: NFKC, lower case, split on spaces and punctuation. */
function nameWords(name: string): string[] {
  return name
    .normalize("NFKC")
    .toLowerCase()
    .split(SEPARATORS)
    .filter((w) => w.length > 0);
}

/** The lookup key of a name: its words run together ("Retin-A" = "retin a" = "RETINA"). */
export function medicationNameKey(name: string): string {
  return nameWords(name).join("");
}

function push(map: Map<string, MemberRef[]>, key: string, ref: MemberRef): void {
  const list = map.get(key);
  if (list) {
    if (!list.includes(ref)) list.push(ref);
  } else map.set(key, [ref]);
}

export function buildMedicationIndex(protocol: Protocol): MedicationIndex {
  const byName = new Map<string, MemberRef[]>();
  const byRxnorm = new Map<string, MemberRef[]>();
  const byIngredient = new Map<string, MemberRef[]>();
  for (const cls of protocol.medicationClasses) {
    for (const member of cls.members) {
      const ref: MemberRef = {
        classId: cls.id,
        routes: member.routes,
        whenPrescribed: member.whenPrescribed,
      };
      const key = medicationNameKey(member.ingredient);
      push(byName, key, ref);
      push(byIngredient, key, ref);
      const code = member.rxnorm?.code;
      if (code) push(byRxnorm, code, ref);
    }
  }
  const vocabulary = protocol.medicationVocabulary;
  for (const brand of vocabulary?.brands ?? []) {
    const key = medicationNameKey(brand.name);
    for (const ingredient of brand.ingredients) {
      for (const ref of byIngredient.get(medicationNameKey(ingredient)) ?? []) push(byName, key, ref);
    }
  }
  const saltWords = new Set((vocabulary?.saltWords ?? []).map((w) => medicationNameKey(w)));
  return { byName, byRxnorm, saltWords };
}

function lookupName(index: MedicationIndex, name: string): readonly MemberRef[] | undefined {
  const words = nameWords(name);
  const exact = index.byName.get(words.join(""));
  if (exact) return exact;
  // "naproxen sodium", "clopidogrel bisulfate": drop trailing salt words and try again.
  let end = words.length;
  while (end > 1 && index.saltWords.has(words[end - 1] as string)) end--;
  return end < words.length ? index.byName.get(words.slice(0, end).join("")) : undefined;
}

/**
 * Words of an indication that mean the heart, the blood vessels, a stroke or a clot (English and
 * Spanish, as patients and importers write them). Matched as word starts, so "cardiac",
 * "cardiology" and "cardiovascular" all match "cardi".
 */
const CARDIOVASCULAR_WORD_STARTS = [
  "heart",
  "cardi",
  "coronar",
  "stent",
  "stroke",
  "ministroke",
  "tia",
  "transient isch",
  "myocard",
  "infarct",
  "mi",
  "ami",
  "nstemi",
  "stemi",
  "acs",
  "angina",
  "atrial",
  "afib",
  "af",
  "fibrillat",
  "arrhythm",
  "clot",
  "thromb",
  "embol",
  "dvt",
  "pe",
  "vte",
  "bypass",
  "cabg",
  "pci",
  "angioplast",
  "valve",
  "vascular",
  "arter",
  "pad",
  "blood thin",
  "antiplatelet",
  "antithromb",
  "anticoag",
  "cerebrovascular",
  "ischaem",
  "ischem",
  "corazon",
  "corazón",
  "cardíac",
  "infarto",
  "ictus",
  "derrame cerebral",
  "accidente cerebrovascular",
  "coágulo",
  "coagulo",
  "trombo",
  "embolia",
  "válvula",
] as const;

const SHORT_CODES = new Set(["tia", "mi", "ami", "acs", "af", "dvt", "pe", "vte", "pad", "pci", "cabg"]);
const WORD_START_PATTERNS = CARDIOVASCULAR_WORD_STARTS.filter((w) => !SHORT_CODES.has(w)).map(
  (w) => new RegExp(`(?:^|[^\\p{L}\\p{N}])${w.replace(/ /g, "[\\s-]*")}`, "u"),
);

/**
 * true when a recorded indication names the heart, a stent, a stroke, the blood vessels or a
 * clot. Short abbreviations ("MI", "AF", "PE") count only as whole words.
 */
export function isCardiovascularIndication(indication: string | null | undefined): boolean {
  if (!indication) return false;
  const text = indication.normalize("NFC").toLowerCase();
  const words = text.split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 0);
  if (words.some((w) => SHORT_CODES.has(w))) return true;
  return WORD_START_PATTERNS.some((pattern) => pattern.test(text));
}

/** Prescribed, or taken for the heart, the vessels or a clot (which a doctor advised). */
function countsAsPrescribed(med: MedicationInput): boolean {
  return med.prescribed || isCardiovascularIndication(med.indication);
}

function applicable(refs: readonly MemberRef[] | undefined, med: MedicationInput, into: Set<string>): void {
  if (!refs) return;
  const prescribed = countsAsPrescribed(med);
  for (const ref of refs) {
    if (!ref.routes.includes(med.route)) continue;
    if (ref.whenPrescribed !== undefined && ref.whenPrescribed !== prescribed) continue;
    into.add(ref.classId);
  }
}

export function resolveMedication(med: MedicationInput, index: MedicationIndex): MedicationResolution {
  const byName = new Set<string>();
  applicable(lookupName(index, med.ingredient), med, byName);
  const byCode = new Set<string>();
  if (med.rxnorm) applicable(index.byRxnorm.get(med.rxnorm), med, byCode);
  if (byCode.size === 0) return { classIds: [...byName].sort(), conflicting: false };
  if (byName.size === 0) return { classIds: [...byCode].sort(), conflicting: false };
  const all = new Set([...byName, ...byCode]);
  const conflicting = all.size !== byName.size || all.size !== byCode.size;
  return { classIds: [...all].sort(), conflicting };
}
