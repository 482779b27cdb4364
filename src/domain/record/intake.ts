/**
 * The intake questionnaire: what the patient is asked (built from the protocol's conditions,
 * indications and zones, and its Fitzpatrick guide), how an answer set is checked against the
 * protocol, and how it becomes the profile the engine screens.
 */
import type { ConcernInput, Protocol } from "../protocol/types.ts";
import { validateScreeningInput } from "../protocol/validate-input.ts";
import {
  type Profile,
  type ProfileCondition,
  type ProfileMedication,
  profileToScreeningInput,
} from "./screening-input.ts";

export interface IntakeCondition {
  conditionId: string;
  status: "active" | "resolved" | "history";
  site: string | null;
  inTreatmentArea: boolean;
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

export interface IntakeQuestionnaire {
  conditions: IntakeOption[];
  indications: (IntakeOption & { zones: string[] })[];
  zones: (IntakeOption & { face: boolean })[];
  fitzpatrick: { value: string; description: string }[];
}

const HISTORY_CONDITIONS = { keloids: "keloid", coldSores: "herpes-labialis" } as const;

/** What the questionnaire offers, from the protocol (prohibited zones are never offered). */
export function intakeQuestionnaire(protocol: Protocol): IntakeQuestionnaire {
  const fitzScale = (protocol.outcomeScales as { id: string; levels?: unknown[] }[] | undefined)?.find(
    (s) => s.id === "fitzpatrick",
  );
  const levels = (fitzScale?.levels ?? []) as { value: string; description: string }[];
  const zones = protocol.zones.filter((z) => !z.prohibited);
  const allowed = new Set(zones.map((z) => z.id));
  return {
    conditions: protocol.conditions.map((c) => ({ id: c.id, label: c.label ?? c.id })),
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

/** The profile the answers describe (history answers become history conditions). */
export function intakeToProfile(answers: IntakeAnswers, patient: Profile["patient"]): Profile {
  const conditions: ProfileCondition[] = answers.conditions.map((c) => ({ ...c, label: c.conditionId }));
  for (const [key, conditionId] of Object.entries(HISTORY_CONDITIONS) as [
    keyof typeof HISTORY_CONDITIONS,
    string,
  ][]) {
    if (answers.history[key] && !conditions.some((c) => c.conditionId === conditionId)) {
      conditions.push({
        conditionId,
        status: "history",
        inTreatmentArea: false,
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

function engineFieldToIntake(field: string): string {
  if (field.startsWith("patient.")) return field.slice("patient.".length);
  if (field.startsWith("request.concerns")) return field.slice("request.".length);
  return field;
}

/**
 * Checks answers against the protocol: every id is one the loaded protocol knows, and the answers
 * make a screening input the engine accepts (severity where a rule grades it, zones an indication
 * may treat, dates not after today). Returns every problem found, each with its field path.
 */
export function intakeProblems(
  answers: IntakeAnswers,
  patient: Profile["patient"],
  protocol: Protocol,
  today: string,
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const conditionIds = new Set(protocol.conditions.map((c) => c.id));
  const indicationIds = new Set(protocol.indications.map((i) => i.id));
  const zoneById = new Map(protocol.zones.map((z) => [z.id, z]));
  answers.conditions.forEach((c, i) => {
    if (!conditionIds.has(c.conditionId))
      problems.push({ field: `conditions[${i}].conditionId`, message: "is not a condition of the protocol" });
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
  const input = profileToScreeningInput(intakeToProfile(answers, patient), concerns, today, today);
  const result = validateScreeningInput(input, protocol);
  if (!result.ok)
    problems.push({ field: engineFieldToIntake(result.error.field), message: result.error.message });
  return problems;
}
