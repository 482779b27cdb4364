/**
 * The public "Am I a candidate?" self-check: a few plain questions, turned into the protocol
 * engine's screening input, so the browser can run the same engine the clinic runs.
 *
 * The answers are a person's own account, not a record: the mapping never guesses in the
 * person's favour. A medicine is stood for by its class's first member in the protocol (so the
 * engine applies exactly that class's rules), and contradictory answers are refused with a
 * message rather than screened.
 */
import type {
  ConcernInput,
  ConditionInput,
  MedicationInput,
  Protocol,
  ScreeningInput,
} from "../protocol/types.ts";

export const AREAS = ["face", "neck", "scalp", "body"] as const;
export type Area = (typeof AREAS)[number];
export type Extent = "none" | "mild" | "moderate" | "severe";

/** Yes/no health questions; each names the protocol condition it stands for. */
export const HEALTH_QUESTIONS = {
  keloid: { conditionId: "keloid", status: "history", inTreatmentArea: false },
  coldSoreNow: { conditionId: "herpes-labialis", status: "active", inTreatmentArea: true },
  coldSoreHistory: { conditionId: "herpes-labialis", status: "history", inTreatmentArea: false },
  bleedingDisorder: { conditionId: "bleeding-disorder", status: "history", inTreatmentArea: false },
  easyBruising: { conditionId: "bleeding-tendency", status: "active", inTreatmentArea: false },
  skinCancerInArea: { conditionId: "skin-cancer", status: "active", inTreatmentArea: true },
  allergySteel: { conditionId: "allergy-stainless-steel", status: "history", inTreatmentArea: false },
  allergyAnaesthetic: { conditionId: "allergy-local-anesthetic", status: "history", inTreatmentArea: false },
  radiotherapyNow: { conditionId: "radiotherapy", status: "active", inTreatmentArea: false },
  radiotherapyPastInArea: { conditionId: "radiotherapy", status: "history", inTreatmentArea: true },
  activeAcneInArea: { conditionId: "acne-vulgaris", status: "active", inTreatmentArea: true },
  psoriasisInArea: { conditionId: "psoriasis", status: "active", inTreatmentArea: true },
  infectionInArea: { conditionId: "skin-infection", status: "active", inTreatmentArea: true },
  woundInArea: { conditionId: "open-wound", status: "active", inTreatmentArea: true },
} as const;
export type HealthQuestion = keyof typeof HEALTH_QUESTIONS;

/** Questions answered with an extent (the protocol grades these conditions by severity). */
export const GRADED_QUESTIONS = {
  eczemaInArea: "eczema-dermatitis",
  rosaceaInArea: "rosacea",
} as const;
export type GradedQuestion = keyof typeof GRADED_QUESTIONS;

/** Medicine questions; each names the protocol medication class it stands for. */
export const MEDICINE_QUESTIONS = {
  bloodThinner: { classId: "anticoagulant", prescribed: true },
  topicalRetinoid: { classId: "retinoid-or-exfoliant-topical", prescribed: false },
  painkillerNsaid: { classId: "nsaid", prescribed: false },
  // Aspirin is asked on its own, with why it is taken (`aspirinReason`): mapped below.
  aspirin: { classId: null, prescribed: false },
} as const;
export type MedicineQuestion = keyof typeof MEDICINE_QUESTIONS;

/**
 * Why aspirin is taken. Low-dose aspirin for the heart, a stent or a stroke is usually bought
 * over the counter, yet it is an antiplatelet that must never be stopped for this treatment; a
 * person who is not sure is taken to be in that group (never guessed in their favour).
 */
export const ASPIRIN_REASONS = ["pain", "heart", "unsure"] as const;
export type AspirinReason = (typeof ASPIRIN_REASONS)[number];

/**
 * The indication recorded for aspirin from each answer: the same words the clinic would record,
 * so the engine (which reads the indication) decides as it does for a clinic's own record.
 */
export const ASPIRIN_INDICATION: Record<AspirinReason, { indication: string; prescribed: boolean }> = {
  pain: { indication: "pain, fever or headache", prescribed: false },
  heart: { indication: "heart, stent or stroke prevention", prescribed: false },
  // Unsure: counted as taken on a doctor's advice, so it is never told to stop.
  unsure: { indication: "reason not known", prescribed: true },
};

export interface SelfCheckAnswers {
  concerns: string[];
  areas: Area[];
  age: number | null;
  sex: "female" | "male" | "other" | null;
  pregnant: boolean | null;
  breastfeeding: boolean | null;
  fitzpatrick: "I" | "II" | "III" | "IV" | "V" | "VI" | null;
  health: Partial<Record<HealthQuestion, boolean>>;
  graded: Partial<Record<GradedQuestion, Extent>>;
  isotretinoin: "never" | "now" | "stopped";
  /** Last dose (YYYY-MM-DD) when `isotretinoin` is "stopped". */
  isotretinoinLastDose: string | null;
  medicines: Partial<Record<MedicineQuestion, boolean>>;
  /** Why aspirin is taken, when `medicines.aspirin` is ticked. */
  aspirinReason: AspirinReason | null;
  /** When the person would like to start (YYYY-MM-DD); null = as soon as possible (today). */
  startDate: string | null;
}

export function emptyAnswers(): SelfCheckAnswers {
  return {
    concerns: [],
    areas: [],
    age: null,
    sex: null,
    pregnant: null,
    breastfeeding: null,
    fitzpatrick: null,
    health: {},
    graded: {},
    isotretinoin: "never",
    isotretinoinLastDose: null,
    medicines: {},
    aspirinReason: null,
    startDate: null,
  };
}

/** A problem with the answers: the step and field to go back to, and a message key with values. */
export interface SelfCheckProblem {
  field: string;
  code:
    | "missing"
    | "male-pregnant"
    | "male-breastfeeding"
    | "cold-sore-both"
    | "age-range"
    | "date-invalid"
    | "date-future"
    | "date-past"
    | "area-not-treated"
    | "unknown-concern";
  /** e.g. the concern that no chosen area allows. */
  detail?: string;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
function isDate(value: string): boolean {
  if (!ISO_DATE.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

/** The zones an indication may treat inside the chosen areas (prohibited zones never). */
export function zonesFor(indication: string, areas: readonly Area[], protocol: Protocol): string[] {
  const allowed = new Set(protocol.indicationDepth[indication]?.zones ?? []);
  return protocol.zones
    .filter((z) => allowed.has(z.id) && !z.prohibited)
    .filter((z) =>
      areas.some((a) =>
        a === "face"
          ? z.face
          : a === "neck"
            ? z.id === "neck"
            : a === "scalp"
              ? z.id === "scalp"
              : z.id === "body",
      ),
    )
    .map((z) => z.id);
}

/** Everything that keeps the answers from being screened, in the order of the questions. */
export function selfCheckProblems(
  a: SelfCheckAnswers,
  protocol: Protocol,
  today: string,
): SelfCheckProblem[] {
  const problems: SelfCheckProblem[] = [];
  const indications = new Set(protocol.indications.map((i) => i.id));
  if (a.concerns.length === 0) problems.push({ field: "concerns", code: "missing" });
  for (const c of a.concerns)
    if (!indications.has(c)) problems.push({ field: "concerns", code: "unknown-concern", detail: c });
  if (a.areas.length === 0) problems.push({ field: "areas", code: "missing" });
  else
    for (const c of a.concerns)
      if (indications.has(c) && zonesFor(c, a.areas, protocol).length === 0)
        problems.push({ field: "areas", code: "area-not-treated", detail: c });
  if (a.age === null) problems.push({ field: "age", code: "missing" });
  else if (!Number.isInteger(a.age) || a.age < 1 || a.age > 120)
    problems.push({ field: "age", code: "age-range" });
  if (a.sex === null) problems.push({ field: "sex", code: "missing" });
  if (a.sex === "male" && a.pregnant === true) problems.push({ field: "pregnant", code: "male-pregnant" });
  if (a.sex === "male" && a.breastfeeding === true)
    problems.push({ field: "breastfeeding", code: "male-breastfeeding" });
  if (a.sex !== "male") {
    if (a.pregnant === null) problems.push({ field: "pregnant", code: "missing" });
    if (a.breastfeeding === null) problems.push({ field: "breastfeeding", code: "missing" });
  }
  if (a.fitzpatrick === null) problems.push({ field: "fitzpatrick", code: "missing" });
  if (a.health.coldSoreNow && a.health.coldSoreHistory === false)
    problems.push({ field: "health.coldSoreHistory", code: "cold-sore-both" });
  if (a.isotretinoin === "stopped") {
    if (!a.isotretinoinLastDose) problems.push({ field: "isotretinoinLastDose", code: "missing" });
    else if (!isDate(a.isotretinoinLastDose))
      problems.push({ field: "isotretinoinLastDose", code: "date-invalid" });
    else if (a.isotretinoinLastDose > today)
      problems.push({ field: "isotretinoinLastDose", code: "date-future" });
  }
  if (a.medicines.aspirin && (a.aspirinReason === null || !ASPIRIN_REASONS.includes(a.aspirinReason)))
    problems.push({ field: "aspirinReason", code: "missing" });
  if (a.startDate !== null) {
    if (!isDate(a.startDate)) problems.push({ field: "startDate", code: "date-invalid" });
    else if (a.startDate < today) problems.push({ field: "startDate", code: "date-past" });
  }
  return problems;
}

function representative(protocol: Protocol, classId: string): { ingredient: string; route: string } | null {
  const member = protocol.medicationClasses.find((c) => c.id === classId)?.members[0];
  if (!member) return null;
  return { ingredient: member.ingredient, route: member.routes?.[0] ?? "oral" };
}

/**
 * The engine's input for answers without problems (call `selfCheckProblems` first). The screening
 * date is `today`; the appointment is the chosen start, or today.
 */
export function selfCheckToScreeningInput(
  a: SelfCheckAnswers,
  protocol: Protocol,
  today: string,
): ScreeningInput {
  const conditions: ConditionInput[] = [];
  for (const [key, q] of Object.entries(HEALTH_QUESTIONS) as [
    HealthQuestion,
    (typeof HEALTH_QUESTIONS)[HealthQuestion],
  ][]) {
    if (!a.health[key]) continue;
    // "Cold sore now" already says the history; one active entry is the stricter reading.
    if (key === "coldSoreHistory" && a.health.coldSoreNow) continue;
    conditions.push({ conditionId: q.conditionId, status: q.status, inTreatmentArea: q.inTreatmentArea });
  }
  for (const [key, conditionId] of Object.entries(GRADED_QUESTIONS) as [GradedQuestion, string][]) {
    const extent = a.graded[key];
    if (extent && extent !== "none")
      conditions.push({ conditionId, status: "active", inTreatmentArea: true, severity: extent });
  }
  const medications: MedicationInput[] = [];
  const iso = representative(protocol, "isotretinoin-systemic");
  if (iso && a.isotretinoin !== "never") {
    medications.push({
      ingredient: iso.ingredient,
      route: iso.route,
      prescribed: true,
      ongoing: a.isotretinoin === "now",
      lastTaken: a.isotretinoin === "stopped" ? a.isotretinoinLastDose : null,
    });
  }
  for (const [key, q] of Object.entries(MEDICINE_QUESTIONS) as [
    MedicineQuestion,
    (typeof MEDICINE_QUESTIONS)[MedicineQuestion],
  ][]) {
    const med = a.medicines[key] && q.classId !== null ? representative(protocol, q.classId) : null;
    if (med) medications.push({ ...med, prescribed: q.prescribed, ongoing: true, lastTaken: null });
  }
  if (a.medicines.aspirin) {
    const why = ASPIRIN_INDICATION[a.aspirinReason ?? "unsure"] ?? ASPIRIN_INDICATION.unsure;
    medications.push({
      ingredient: "aspirin",
      route: "oral",
      prescribed: why.prescribed,
      indication: why.indication,
      ongoing: true,
      lastTaken: null,
    });
  }
  const concerns: ConcernInput[] = a.concerns.map((indication) => ({
    indication,
    zones: zonesFor(indication, a.areas, protocol),
  }));
  const male = a.sex === "male";
  return {
    screeningDate: today,
    requestedAppointment: a.startDate ?? today,
    patient: {
      age: a.age ?? 0,
      sex: a.sex ?? "unknown",
      pregnant: male ? (a.pregnant ?? null) : (a.pregnant ?? true),
      breastfeeding: male ? (a.breastfeeding ?? null) : (a.breastfeeding ?? true),
      fitzpatrick: a.fitzpatrick ?? "VI",
    },
    conditions,
    medications,
    request: { setting: "clinic", concerns },
  };
}

/** The answers as a short, URL-safe string (carried to booking), and back; null when unreadable. */
export function encodeAnswers(a: SelfCheckAnswers): string {
  const json = JSON.stringify(a);
  const bytes = new TextEncoder().encode(json);
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export function decodeAnswers(encoded: string): SelfCheckAnswers | null {
  try {
    const binary = atob(encoded.replace(/-/g, "+").replace(/_/g, "/"));
    const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
    const value = JSON.parse(new TextDecoder().decode(bytes)) as unknown;
    if (typeof value !== "object" || value === null) return null;
    const base = emptyAnswers();
    const merged = { ...base, ...(value as Partial<SelfCheckAnswers>) };
    if (!Array.isArray(merged.concerns) || !Array.isArray(merged.areas)) return null;
    return merged;
  } catch {
    return null;
  }
}
