/**
 * Maps clinical codes from other systems to the protocol's ids, so that an imported condition or
 * pregnancy is screened like one recorded at intake.
 *
 * ICD-10-CM codes come from the protocol itself (`conditions[].codes.icd10cm`, `patientStates`);
 * a code ending in "-" ("C44.-") stands for its whole category. The protocol gives no SNOMED CT
 * codes, and EHRs (Synthea among them) code problems in SNOMED CT, so a small crosswalk to the
 * protocol's ids lives here, each entry marked like the protocol marks its own codes: "verified"
 * when the concept and its name were seen in data during development, "unverified" otherwise.
 */
import type { Protocol } from "../domain/protocol/types.ts";
import { type Coding, SYSTEMS } from "./fhir-types.ts";

export type PatientStateId = "pregnant" | "breastfeeding";

export interface SnomedMapping {
  code: string;
  display: string;
  status: "verified" | "unverified";
  /** A protocol condition id, or a patient state the code asserts while the condition is active. */
  conditionId?: string;
  state?: PatientStateId;
}

export const SNOMED_CROSSWALK: readonly SnomedMapping[] = [
  { code: "24079001", display: "Atopic dermatitis", status: "verified", conditionId: "eczema-dermatitis" },
  { code: "40275004", display: "Contact dermatitis", status: "verified", conditionId: "eczema-dermatitis" },
  { code: "43116000", display: "Eczema", status: "unverified", conditionId: "eczema-dermatitis" },
  { code: "182782007", display: "Dermatitis", status: "unverified", conditionId: "eczema-dermatitis" },
  { code: "9014002", display: "Psoriasis", status: "unverified", conditionId: "psoriasis" },
  { code: "88616000", display: "Acne vulgaris", status: "unverified", conditionId: "acne-vulgaris" },
  { code: "398909004", display: "Rosacea", status: "unverified", conditionId: "rosacea" },
  { code: "1475003", display: "Herpes labialis", status: "unverified", conditionId: "herpes-labialis" },
  { code: "33659008", display: "Keloid scar", status: "unverified", conditionId: "keloid" },
  { code: "72892002", display: "Normal pregnancy", status: "verified", state: "pregnant" },
  { code: "77386006", display: "Pregnant", status: "unverified", state: "pregnant" },
];

export interface CodeMatch {
  conditionId: string | null;
  state: PatientStateId | null;
  icd10cm: string | null;
  snomed: string | null;
  /** The coding the match came from, for the import report. */
  matchedBy: string | null;
}

interface IcdEntry {
  key: string;
  prefix: boolean;
  conditionId?: string;
  state?: PatientStateId;
}

export interface CodeIndex {
  icd: IcdEntry[];
  snomed: ReadonlyMap<string, SnomedMapping>;
}

/** ICD-10-CM codes of a protocol condition or state (`codes.icd10cm[].code`). */
function icdCodesOf(entry: Record<string, unknown>): string[] {
  const codes = entry.codes as { icd10cm?: { code?: unknown }[] } | undefined;
  return (codes?.icd10cm ?? [])
    .map((c) => c.code)
    .filter((c): c is string => typeof c === "string" && c !== "");
}

const icdKey = (code: string) => code.toUpperCase().replace(/[.\s]/g, "");

export function buildCodeIndex(protocol: Protocol): CodeIndex {
  const icd: IcdEntry[] = [];
  const add = (code: string, target: { conditionId?: string; state?: PatientStateId }) => {
    const prefix = code.endsWith("-");
    icd.push({ key: icdKey(prefix ? code.slice(0, -1) : code), prefix, ...target });
  };
  for (const c of protocol.conditions) {
    for (const code of icdCodesOf(c)) add(code, { conditionId: c.id });
  }
  const states = (protocol.patientStates ?? []) as { id: string; [k: string]: unknown }[];
  for (const s of states) {
    if (s.id !== "pregnant" && s.id !== "breastfeeding") continue;
    for (const code of icdCodesOf(s)) add(code, { state: s.id });
  }
  // Exact codes before categories, longer categories before shorter ones.
  icd.sort((a, b) => Number(a.prefix) - Number(b.prefix) || b.key.length - a.key.length);
  const conditionIds = new Set(protocol.conditions.map((c) => c.id));
  const snomed = new Map(
    SNOMED_CROSSWALK.filter((m) => !m.conditionId || conditionIds.has(m.conditionId)).map((m) => [m.code, m]),
  );
  return { icd, snomed };
}

function lookupIcd(index: CodeIndex, code: string): IcdEntry | undefined {
  const key = icdKey(code);
  return index.icd.find((e) => (e.prefix ? key.startsWith(e.key) : key === e.key));
}

/** The protocol meaning of a CodeableConcept's codings: the first coding that maps wins. */
export function matchCodes(index: CodeIndex, codings: readonly Coding[]): CodeMatch {
  const icd10cm = codings.find((c) => c.system === SYSTEMS.icd10cm && c.code)?.code ?? null;
  const snomed = codings.find((c) => c.system === SYSTEMS.snomed && c.code)?.code ?? null;
  for (const c of codings) {
    if (!c.code) continue;
    if (c.system === SYSTEMS.icd10cm) {
      const hit = lookupIcd(index, c.code);
      if (hit)
        return {
          conditionId: hit.conditionId ?? null,
          state: hit.state ?? null,
          icd10cm,
          snomed,
          matchedBy: `ICD-10-CM ${c.code}`,
        };
    } else if (c.system === SYSTEMS.snomed) {
      const hit = index.snomed.get(c.code);
      if (hit)
        return {
          conditionId: hit.conditionId ?? null,
          state: hit.state ?? null,
          icd10cm,
          snomed,
          matchedBy: `SNOMED CT ${c.code}`,
        };
    }
  }
  return { conditionId: null, state: null, icd10cm, snomed, matchedBy: null };
}

/** The ICD-10-CM code the protocol gives for a condition id (first listed, categories skipped). */
export function icdForCondition(protocol: Protocol, conditionId: string): string | null {
  const c = protocol.conditions.find((x) => x.id === conditionId);
  return (c ? icdCodesOf(c) : []).find((code) => !code.endsWith("-")) ?? null;
}

/**
 * Allergies the protocol can act on, recognised by the substance's name when no code maps: the
 * protocol names these conditions without SNOMED CT codes, and EHRs code allergies by substance
 * or by disorder in many ways. A name match is kept only when the protocol has a rule (a
 * contraindication or caution) about that condition; every match is reported with what matched.
 */
export const ALLERGY_NAMES: readonly { conditionId: string; pattern: RegExp }[] = [
  {
    conditionId: "allergy-stainless-steel",
    pattern: /\b(nickel|stainless[\s-]+steel|surgical[\s-]+steel|metals?)\b/i,
  },
  {
    conditionId: "allergy-local-anesthetic",
    pattern:
      /\b(lidocaine|lignocaine|benzocaine|tetracaine|amethocaine|prilocaine|articaine|bupivacaine|levobupivacaine|mepivacaine|ropivacaine|procaine|chloroprocaine|(local|topical)\s+an(a)?esthetics?|an(a)?esthetic\s+agents?)\b/i,
  },
];

/** Condition ids that some contraindication or caution of the protocol is triggered by. */
export function ruledConditionIds(protocol: Protocol): Set<string> {
  const out = new Set<string>();
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (typeof v === "object" && v !== null) {
      for (const [k, x] of Object.entries(v)) {
        if (k === "conditionIds" && Array.isArray(x)) {
          for (const id of x) if (typeof id === "string") out.add(id);
        } else walk(x);
      }
    }
  };
  const p = protocol as unknown as { contraindications?: unknown; cautions?: unknown };
  walk(p.contraindications);
  walk(p.cautions);
  return out;
}
