/**
 * The intake form's data, as the screens hold it and send it: new rows as the "Add" buttons make
 * them, the pre-fill from a booking's self-check, and the body a form sends. Pure, so the rule
 * reachability test builds a patient exactly as the patient's and the staff member's screens do.
 */
import {
  GRADED_QUESTIONS,
  type GradedQuestion,
  HEALTH_QUESTIONS,
  type HealthQuestion,
  type SelfCheckAnswers,
} from "../patient/self-check.ts";
import { AREA_NOT_SURE, concernZones, conditionInArea } from "./area.ts";
import type { IntakeAnswers, IntakeCondition, IntakeMedication, IntakeQuestionnaire } from "./intake.ts";

/** The form before anything is answered (skin type "" until one is picked). */
export interface IntakeDraft extends Omit<IntakeAnswers, "fitzpatrick"> {
  fitzpatrick: IntakeAnswers["fitzpatrick"] | "";
}

export const EMPTY_INTAKE: IntakeDraft = {
  pregnant: null,
  breastfeeding: null,
  deliveryDate: null,
  fitzpatrick: "",
  conditions: [],
  medications: [],
  history: { keloids: false, coldSores: false },
  concerns: [],
};

/** The row "Add a condition" makes: where it is is left to answer. */
export function newCondition(conditionId: string): IntakeCondition {
  return {
    conditionId,
    status: "active",
    site: null,
    zones: [],
    inTreatmentArea: null,
    severity: null,
    onset: null,
    resolved: null,
  };
}

/** The row "Add a medicine" makes. */
export function newMedication(): IntakeMedication {
  return { ingredient: "", product: null, route: "oral", prescribed: false, ongoing: true, lastTaken: null };
}

/** A saved answer set as the form holds it (answers saved before "where" was asked have no zones). */
export function draftFromAnswers(answers: IntakeAnswers): IntakeDraft {
  return {
    ...EMPTY_INTAKE,
    ...answers,
    conditions: answers.conditions.map((c) => ({ ...c, zones: c.zones ?? [] })),
  };
}

/** The zones of the questionnaire an indication may treat inside the self-check's broad areas. */
function zonesInAreas(
  indication: IntakeQuestionnaire["indications"][number],
  areas: readonly string[],
  questionnaire: IntakeQuestionnaire,
): string[] {
  return indication.zones.filter((id) => {
    const zone = questionnaire.zones.find((z) => z.id === id);
    if (!zone) return false;
    return areas.some((a) => (a === "face" ? zone.face : a === zone.id));
  });
}

/**
 * What the public self-check answered, as a start for the intake (so the patient does not answer
 * twice): pregnancy, breastfeeding, skin type, the concerns in the zones of the areas chosen, the
 * health answers as conditions (one said to be "in the area to be treated" is placed on the
 * concerns' zones), isotretinoin as a medicine, and the other medicine answers as rows to name.
 * Nothing is assumed in the patient's favour; every pre-filled answer is shown to check.
 */
export function draftFromSelfCheck(
  selfCheck: SelfCheckAnswers,
  questionnaire: IntakeQuestionnaire,
): IntakeDraft {
  const known = new Set(questionnaire.conditions.map((c) => c.id));
  const concerns = selfCheck.concerns.flatMap((id) => {
    const indication = questionnaire.indications.find((i) => i.id === id);
    const zones = indication ? zonesInAreas(indication, selfCheck.areas, questionnaire) : [];
    return indication && zones.length > 0 ? [{ indication: id, zones }] : [];
  });
  const treated = concernZones(concerns);
  const placed = (inArea: boolean) => (inArea ? (treated.length > 0 ? treated : [AREA_NOT_SURE]) : []);
  const conditions: IntakeCondition[] = [];
  const history = { keloids: false, coldSores: false };
  for (const [key, q] of Object.entries(HEALTH_QUESTIONS) as [
    HealthQuestion,
    (typeof HEALTH_QUESTIONS)[HealthQuestion],
  ][]) {
    if (!selfCheck.health[key]) continue;
    if (key === "keloid") history.keloids = true;
    else if (key === "coldSoreHistory") history.coldSores = true;
    else if (known.has(q.conditionId))
      conditions.push({
        ...newCondition(q.conditionId),
        status: q.status,
        zones: placed(q.inTreatmentArea),
        inTreatmentArea: q.inTreatmentArea,
      });
  }
  for (const [key, conditionId] of Object.entries(GRADED_QUESTIONS) as [GradedQuestion, string][]) {
    const extent = selfCheck.graded[key];
    if (extent && extent !== "none" && known.has(conditionId))
      conditions.push({
        ...newCondition(conditionId),
        severity: extent,
        zones: placed(true),
        inTreatmentArea: true,
      });
  }
  const medications: IntakeMedication[] = [];
  if (selfCheck.isotretinoin !== "never")
    medications.push({
      ingredient: "isotretinoin",
      product: null,
      route: "oral",
      prescribed: true,
      ongoing: selfCheck.isotretinoin === "now",
      lastTaken: selfCheck.isotretinoin === "stopped" ? selfCheck.isotretinoinLastDose : null,
    });
  // "A blood thinner", "a retinoid cream": the patient names which one; the route is the class's.
  if (selfCheck.medicines.bloodThinner) medications.push({ ...newMedication(), prescribed: true });
  if (selfCheck.medicines.topicalRetinoid) medications.push({ ...newMedication(), route: "topical" });
  if (selfCheck.medicines.painkillerNsaid) medications.push(newMedication());
  return {
    ...EMPTY_INTAKE,
    pregnant: selfCheck.sex === "male" ? null : selfCheck.pregnant,
    breastfeeding: selfCheck.sex === "male" ? null : selfCheck.breastfeeding,
    fitzpatrick: selfCheck.fitzpatrick ?? "",
    conditions,
    medications,
    history,
    concerns,
  };
}

/**
 * The body the form sends: a severity only where a rule grades the condition, a clear-up date only
 * for a condition that cleared up, "in the treatment area" from where it was placed against the
 * concerns, a medicine with a last-taken date as stopped.
 */
export function intakeBody(draft: IntakeDraft, questionnaire: IntakeQuestionnaire): IntakeDraft {
  const graded = new Set(questionnaire.conditions.filter((c) => c.graded).map((c) => c.id));
  const treated = concernZones(draft.concerns);
  return {
    ...draft,
    deliveryDate: draft.deliveryDate || null,
    conditions: draft.conditions.map((c) => ({
      ...c,
      site: c.site?.trim() || null,
      // Placed by zones, or (an answer saved before zones were asked) as it was said.
      inTreatmentArea: c.zones.length > 0 ? conditionInArea(c.zones, treated) : c.inTreatmentArea,
      severity: graded.has(c.conditionId) ? c.severity : null,
      onset: c.onset || null,
      resolved: c.status === "resolved" ? c.resolved || null : null,
    })),
    medications: draft.medications.map((m) => ({
      ...m,
      ingredient: m.ingredient.trim(),
      product: m.product?.trim() || null,
      lastTaken: m.lastTaken || null,
      ongoing: !m.lastTaken,
    })),
  };
}
