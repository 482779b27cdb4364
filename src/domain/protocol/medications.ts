/**
 * Resolves a recorded medication to protocol medication classes (`medicationClasses[].members[]`):
 * by ingredient, brand name (the protocol's `medicationVocabulary`) or RxNorm code, case and spacing
 * aside, then filtered by route and, for members that say so, by `whenPrescribed`
 * (`medicationClassResolution`: prescribed aspirin is an antiplatelet, self-directed aspirin an
 * NSAID; oral isotretinoin is systemic, topical isotretinoin a topical retinoid).
 *
 * A medication that resolves to nothing is not an error; the screening reports it for review.
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

function applicable(refs: readonly MemberRef[] | undefined, med: MedicationInput, into: Set<string>): void {
  if (!refs) return;
  for (const ref of refs) {
    if (!ref.routes.includes(med.route)) continue;
    if (ref.whenPrescribed !== undefined && ref.whenPrescribed !== med.prescribed) continue;
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
