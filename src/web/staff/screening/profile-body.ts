/**
 * What the screening panel's forms send: a condition or medication as typed, as the API's body
 * (every fact the form holds, blanks as null), and the concerns it starts from (the intake's).
 * Pure, so the rule reachability test builds a patient exactly as the panel does.
 */
import type { CONDITION_SEVERITIES, ConditionBody, MedicationBody } from "../../../contract/screenings.ts";

export interface ConditionDraft {
  conditionId: string;
  status: "active" | "resolved" | "history";
  /** Where it is, as the intake asks: treatment zones, "elsewhere" or "not-sure"; none when not said. */
  zones: string[];
  severity: (typeof CONDITION_SEVERITIES)[number] | null;
  onset: string;
  resolved: string;
  site: string;
  icd10cm: string;
}

export interface MedicationDraft {
  ingredient: string;
  product: string;
  rxnorm: string;
  route: string;
  prescribed: boolean;
  ongoing: boolean;
  lastTaken: string;
  started: string;
  indication: string;
}

export const NEW_CONDITION: Omit<ConditionDraft, "conditionId"> = {
  status: "active",
  zones: [],
  severity: null,
  onset: "",
  resolved: "",
  site: "",
  icd10cm: "",
};

export const NEW_MEDICATION: MedicationDraft = {
  ingredient: "",
  product: "",
  rxnorm: "",
  route: "oral",
  prescribed: true,
  ongoing: true,
  lastTaken: "",
  started: "",
  indication: "",
};

const orNull = (s: string) => (s.trim() === "" ? null : s.trim());

/**
 * A condition as the API takes it: placed by its zones (none said: not placed), and the server
 * decides from them whether it is in the area to be treated, as the intake does.
 */
export function conditionBody(d: ConditionDraft) {
  return {
    conditionId: d.conditionId,
    status: d.status,
    zones: d.zones.length > 0 ? [...d.zones] : null,
    severity: d.severity,
    onset: orNull(d.onset),
    // A clear-up date belongs to a condition that cleared up.
    resolved: d.status === "resolved" ? orNull(d.resolved) : null,
    site: orNull(d.site),
    icd10cm: orNull(d.icd10cm)?.toUpperCase() ?? null,
  } satisfies ConditionBody;
}

export function medicationBody(d: MedicationDraft) {
  return {
    ingredient: d.ingredient.trim(),
    product: orNull(d.product),
    rxnorm: orNull(d.rxnorm),
    route: d.route,
    prescribed: d.prescribed,
    ongoing: d.ongoing,
    lastTaken: d.ongoing ? null : orNull(d.lastTaken),
    started: orNull(d.started),
    indication: orNull(d.indication),
  } satisfies MedicationBody;
}

export interface ConcernDraft {
  key: number;
  indication: string | null;
  zones: string[];
  grade: string | null;
}

/** The concerns a screening starts from: the intake's, else one empty row. */
export function concernsFromIntake(
  intake: { indication: string; zones: string[] }[] | null | undefined,
): ConcernDraft[] {
  if (!intake || intake.length === 0) return [{ key: 0, indication: null, zones: [], grade: null }];
  return intake.map((c, key) => ({ key, indication: c.indication, zones: [...c.zones], grade: null }));
}
