/**
 * The intake questionnaire: what the patient is asked (built from the protocol's conditions,
 * indications and zones, and its Fitzpatrick guide), how an answer set is checked against the
 * protocol, and how it becomes the profile the engine screens.
 */
import type { ConcernInput, Protocol } from "../protocol/types.ts";
import { validateScreeningInput } from "../protocol/validate-input.ts";
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

/** What the answers say about the patient, as the record writes it. */
export interface IntakeProfile {
  patient: ProfilePatient;
  conditions: ProfileCondition[];
  medications: ProfileMedication[];
}

/** The profile the answers describe (history answers become history conditions). */
export function intakeToProfile(answers: IntakeAnswers, patient: ProfilePatient): IntakeProfile {
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
