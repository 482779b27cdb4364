/**
 * The intake questionnaire: what the patient is asked (built from the protocol's conditions,
 * indications and zones, and its Fitzpatrick guide), how an answer set is checked against the
 * protocol, and how it becomes the profile the engine screens.
 */
import type { ConcernInput, Protocol } from "../protocol/types.ts";
import { validateScreeningInput } from "../protocol/validate-input.ts";
import {
  AREA_ELSEWHERE,
  AREA_NOT_SURE,
  concernZones,
  conditionInArea,
  placementProblems,
  treatableZones,
} from "./area.ts";
import {
  buildScreeningInput,
  type ProfileCondition,
  type ProfileMedication,
  type ProfilePatient,
  sourcePath,
} from "./screening-input.ts";

export interface IntakeCondition {
  conditionId: string;
  status: "active" | "resolved" | "history";
  site: string | null;
  /**
   * Where the condition is, as the treatment zones it is on or near ("not-sure" and "elsewhere"
   * besides); decides inTreatmentArea against the zones a screening asks for. Empty on answers
   * saved before the question was asked, which keep their inTreatmentArea.
   */
  zones: string[];
  /** Said outright when not placed by zones; null when not answered. */
  inTreatmentArea: boolean | null;
  severity: "mild" | "moderate" | "severe" | null;
  onset: string | null;
  resolved: string | null;
}

export interface IntakeMedication {
  ingredient: string;
  product: string | null;
  route: "oral" | "topical" | "subcutaneous" | "intravenous";
  prescribed: boolean;
  ongoing: boolean;
  lastTaken: string | null;
}

export interface IntakeAnswers {
  pregnant: boolean | null;
  breastfeeding: boolean | null;
  deliveryDate: string | null;
  fitzpatrick: "I" | "II" | "III" | "IV" | "V" | "VI";
  conditions: IntakeCondition[];
  medications: IntakeMedication[];
  history: { keloids: boolean; coldSores: boolean };
  concerns: { indication: string; zones: string[] }[];
}

export interface IntakeOption {
  id: string;
  label: string;
}

/** A condition as offered: whether a rule asks where it is, grades its severity, dates its onset. */
export interface IntakeConditionOption extends IntakeOption {
  askArea: boolean;
  graded: boolean;
  askOnset: boolean;
}

export interface IntakeQuestionnaire {
  conditions: IntakeConditionOption[];
  indications: (IntakeOption & { zones: string[] })[];
  zones: (IntakeOption & { face: boolean })[];
  fitzpatrick: { value: string; description: string }[];
}

export { AREA_ELSEWHERE, AREA_NOT_SURE, concernZones, conditionInArea };

const HISTORY_CONDITIONS = { keloids: "keloid", coldSores: "herpes-labialis" } as const;

interface ConditionTrigger {
  type: string;
  conditionIds?: string[];
  inTreatmentArea?: boolean;
  severityIn?: string[];
  of?: ConditionTrigger[];
}

function conditionTriggers(protocol: Protocol): ConditionTrigger[] {
  const out: ConditionTrigger[] = [];
  const walk = (t: ConditionTrigger | undefined) => {
    if (!t || typeof t !== "object") return;
    if (t.type === "condition") out.push(t);
    for (const inner of t.of ?? []) walk(inner);
  };
  for (const r of [...protocol.contraindications, ...protocol.cautions])
    walk((r as { trigger?: ConditionTrigger }).trigger);
  return out;
}

/** The protocol's questions about each condition: where it is, how severe, since when. */
export function conditionQuestions(
  protocol: Protocol,
): Map<string, { askArea: boolean; graded: boolean; askOnset: boolean }> {
  const triggers = conditionTriggers(protocol);
  const onset = new Set<string>();
  for (const step of protocol.prepSteps) {
    const when = step.appliesWhen as { type?: string; conditionIds?: string[] } | string;
    if (typeof when === "object" && when.type === "condition" && step.enforcement)
      for (const id of when.conditionIds ?? []) onset.add(id);
  }
  return new Map(
    protocol.conditions.map((c) => [
      c.id,
      {
        askArea: triggers.some((t) => t.inTreatmentArea !== undefined && t.conditionIds?.includes(c.id)),
        graded: triggers.some((t) => t.severityIn !== undefined && t.conditionIds?.includes(c.id)),
        askOnset: onset.has(c.id),
      },
    ]),
  );
}

/** What the questionnaire offers, from the protocol (prohibited zones are never offered). */
export function intakeQuestionnaire(protocol: Protocol): IntakeQuestionnaire {
  const fitzScale = (protocol.outcomeScales as { id: string; levels?: unknown[] }[] | undefined)?.find(
    (s) => s.id === "fitzpatrick",
  );
  const levels = (fitzScale?.levels ?? []) as { value: string; description: string }[];
  const zones = protocol.zones.filter((z) => !z.prohibited);
  const allowed = new Set(zones.map((z) => z.id));
  const questions = conditionQuestions(protocol);
  return {
    conditions: protocol.conditions.map((c) => ({
      id: c.id,
      label: c.label ?? c.id,
      askArea: questions.get(c.id)?.askArea ?? false,
      graded: questions.get(c.id)?.graded ?? false,
      askOnset: questions.get(c.id)?.askOnset ?? false,
    })),
    indications: protocol.indications.map((i) => ({
      id: i.id,
      label: i.label ?? i.id,
      zones: (protocol.indicationDepth[i.id]?.zones ?? []).filter((z) => allowed.has(z)),
    })),
    zones: zones.map((z) => ({ id: z.id, label: z.label, face: z.face })),
    fitzpatrick: levels.map((l) => ({ value: String(l.value), description: l.description })),
  };
}

export interface FieldProblem {
  field: string;
  message: string;
}

/** What the answers say about the patient, as the record writes it. */
export interface IntakeProfile {
  patient: ProfilePatient;
  conditions: ProfileCondition[];
  medications: ProfileMedication[];
}

/**
 * The profile the answers describe (history answers become history conditions). A condition the
 * patient placed is in the treatment area when it is on or near a zone of their concerns, or they
 * are not sure; the zones go with it so a screening for other zones can decide again.
 */
export function intakeToProfile(answers: IntakeAnswers, patient: ProfilePatient): IntakeProfile {
  const treated = concernZones(answers.concerns);
  const conditions: ProfileCondition[] = answers.conditions.map((c) => ({
    ...c,
    zones: c.zones ?? [],
    // Not placed and not answered: only a condition no rule places gets here (the check asks).
    inTreatmentArea:
      c.zones && c.zones.length > 0 ? conditionInArea(c.zones, treated) : (c.inTreatmentArea ?? false),
    label: c.conditionId,
  }));
  for (const [key, conditionId] of Object.entries(HISTORY_CONDITIONS) as [
    keyof typeof HISTORY_CONDITIONS,
    string,
  ][]) {
    if (answers.history[key] && !conditions.some((c) => c.conditionId === conditionId)) {
      conditions.push({
        conditionId,
        status: "history",
        inTreatmentArea: false,
        zones: [],
        site: null,
        severity: null,
        onset: null,
        resolved: null,
        label: conditionId,
      });
    }
  }
  const medications: ProfileMedication[] = answers.medications.map((m) => ({
    ...m,
    lastTaken: m.ongoing ? null : m.lastTaken,
    started: null,
  }));
  return {
    patient: {
      ...patient,
      pregnant: answers.pregnant,
      breastfeeding: answers.breastfeeding,
      deliveryDate: answers.deliveryDate,
      fitzpatrick: answers.fitzpatrick,
    },
    conditions,
    medications,
  };
}

/**
 * Checks answers against the protocol: every id is one the loaded protocol knows, and the answers
 * make a screening input the engine accepts (severity where a rule grades it, zones an indication
 * may treat, dates not after today). Returns every problem found, each with its field path.
 */
export function intakeProblems(
  answers: IntakeAnswers,
  patient: ProfilePatient,
  protocol: Protocol,
  today: string,
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const conditionIds = new Set(protocol.conditions.map((c) => c.id));
  const indicationIds = new Set(protocol.indications.map((i) => i.id));
  const zoneById = new Map(protocol.zones.map((z) => [z.id, z]));
  const questions = conditionQuestions(protocol);
  const treatable = treatableZones(protocol);
  answers.conditions.forEach((c, i) => {
    if (!conditionIds.has(c.conditionId))
      problems.push({ field: `conditions[${i}].conditionId`, message: "is not a condition of the protocol" });
    problems.push(...placementProblems(c.zones ?? [], treatable, `conditions[${i}].zones`));
    // Where it is decides a rule for this condition: it has to be answered ("not sure" is an answer).
    if (questions.get(c.conditionId)?.askArea && (c.zones ?? []).length === 0 && c.inTreatmentArea == null)
      problems.push({
        field: `conditions[${i}].zones`,
        message: "needs an answer: where it is, or not sure",
      });
  });
  answers.concerns.forEach((c, i) => {
    if (!indicationIds.has(c.indication))
      problems.push({ field: `concerns[${i}].indication`, message: "is not an indication of the protocol" });
    c.zones.forEach((z, j) => {
      const zone = zoneById.get(z);
      if (!zone)
        problems.push({ field: `concerns[${i}].zones[${j}]`, message: "is not a zone of the protocol" });
      else if (zone.prohibited)
        problems.push({ field: `concerns[${i}].zones[${j}]`, message: "is never treated (prohibited zone)" });
    });
  });
  if (patient.sex !== "male" && (answers.pregnant === null || answers.breastfeeding === null)) {
    if (answers.pregnant === null) problems.push({ field: "pregnant", message: "needs an answer" });
    if (answers.breastfeeding === null) problems.push({ field: "breastfeeding", message: "needs an answer" });
  }
  answers.medications.forEach((m, i) => {
    if (!m.ongoing && !m.lastTaken)
      problems.push({ field: `medications[${i}].lastTaken`, message: "is required when no longer taken" });
  });
  if (problems.length > 0) return problems;

  // The engine's own validation adds the protocol's conditional rules and the date checks.
  const concerns: ConcernInput[] = answers.concerns.map((c) => ({
    indication: c.indication,
    zones: c.zones,
  }));
  // Each record is named by the answer it came from, so an engine error points at that answer.
  const profile = intakeToProfile(answers, patient);
  const built = buildScreeningInput(
    protocol,
    {
      patient: profile.patient,
      conditions: profile.conditions.map((c, i) => ({
        ...c,
        id: i < answers.conditions.length ? `conditions[${i}]` : "history",
      })),
      medications: profile.medications.map((m, i) => ({ ...m, id: `medications[${i}]` })),
    },
    { screeningDate: today, requestedAppointment: today, request: { setting: "clinic", concerns } },
  );
  const result = validateScreeningInput(built.input, protocol);
  if (!result.ok) {
    const source = built.sourceOf(result.error.field);
    const field =
      source.kind === "condition" || source.kind === "medication"
        ? `${source.record.id}${source.rest}`
        : source.kind === "patient"
          ? source.key
          : sourcePath(source).replace(/^request\./, "");
    problems.push({ field, message: result.error.message });
  }
  return problems;
}
