/**
 * Types for the protocol data and for the screening contract (test/fixtures/spec/*.schema.json).
 * The protocol's types are inferred from its one zod schema (schema.ts), the same schema that
 * loadProtocol checks a protocol against; members the schema does not name pass through as
 * `unknown`. The screening input and output are written out below.
 */

// ---------------------------------------------------------------------------------------------
// Protocol data: every type is inferred from the one schema (schema.ts) that loadProtocol checks
// ---------------------------------------------------------------------------------------------

import type { z } from "zod";
import type {
  clinicChoicesSchema,
  medicationVocabularySchema,
  protocolSchema,
  ruleActionSchema,
  Trigger,
} from "./schema.ts";

export type { Trigger } from "./schema.ts";

export type Protocol = z.infer<typeof protocolSchema>;

/** What a blocking rule does when it fires; `caution` makes a rule flag without blocking. */
export type RuleAction = z.infer<typeof ruleActionSchema>;

type TriggerOf<T extends Trigger["type"]> = Extract<Trigger, { type: T }>;
export type PatientStateTrigger = TriggerOf<"patientState">;
export type AgeTrigger = TriggerOf<"age">;
export type FitzpatrickTrigger = TriggerOf<"fitzpatrick">;
export type IndicationTrigger = TriggerOf<"indication">;
export type MedicationTrigger = TriggerOf<"medication">;
export type ConditionTrigger = TriggerOf<"condition">;
export type AllTrigger = TriggerOf<"all">;

export type Contraindication = Protocol["contraindications"][number];
/** A deferral window: undated (until a state ends) or a number of calendar months or days. */
export type RuleWindow = NonNullable<Contraindication["window"]>;
export type RuleAlternative = NonNullable<Contraindication["alternatives"]>[number];
export type Caution = Protocol["cautions"][number];

export type PrepStep = Protocol["prepSteps"][number];
export type RuleReference = Extract<PrepStep["appliesWhen"], { type: "rule" }>;
export type WashoutEnforcement = NonNullable<PrepStep["enforcement"]>;

export type MedicationClass = Protocol["medicationClasses"][number];
export type MedicationMember = MedicationClass["members"][number];
/** Names that are not ingredients: brand names, and salt words to drop ("naproxen sodium"). */
export type MedicationVocabulary = z.infer<typeof medicationVocabularySchema>;

export type Zone = Protocol["zones"][number];
export type ZoneRule = Protocol["zoneRules"][number];
export type IndicationDepth = Protocol["indicationDepth"][string];

export type SeriesRule = Protocol["seriesRules"][number];
export type Range = SeriesRule["sessions"];
export interface SeriesValues {
  sessions: Range;
  intervalWeeks: Range;
  maintenanceMonths: Range;
}
/** A series id, or one chosen by Goodman & Baron grade: `{ goodmanBaronGrade4: id, otherwise: id }`. */
export type SeriesSelection = Protocol["seriesByIndication"][string];

export type PlanAlgorithm = Protocol["planAlgorithm"];
export type DepthCapMode = PlanAlgorithm["depthCapModes"][string];

export type ProcedureStep = NonNullable<Protocol["procedureSteps"]>[number];
export type AftercareEntry = NonNullable<Protocol["aftercareTimeline"]>[number];
export type HealingPhase = NonNullable<Protocol["healingPhases"]>[number];
export type PhaseDays = HealingPhase["blogDefault"];
export type ResultMilestone = NonNullable<Protocol["resultsTimeline"]>[number];

// ---------------------------------------------------------------------------------------------
// A clinic's choices over a ruleset
// ---------------------------------------------------------------------------------------------

export type ClinicChoices = z.infer<typeof clinicChoicesSchema>;
export type RuleChoice = NonNullable<ClinicChoices["rules"]>[string];

// ---------------------------------------------------------------------------------------------
// Screening input (see screening-input.schema.json)
// ---------------------------------------------------------------------------------------------

export interface PatientInput {
  age: number;
  sex: string;
  pregnant: boolean | null;
  breastfeeding: boolean | null;
  fitzpatrick: string;
  deliveryDate?: string | null;
}

export interface ConditionInput {
  conditionId: string;
  status: string;
  inTreatmentArea: boolean;
  onset?: string | null;
  resolved?: string | null;
  severity?: string | null;
  label?: string | null;
  icd10cm?: string | null;
  site?: string | null;
}

export interface MedicationInput {
  ingredient: string;
  route: string;
  prescribed: boolean;
  ongoing: boolean;
  lastTaken?: string | null;
  product?: string | null;
  rxnorm?: string | null;
  indication?: string | null;
  started?: string | null;
}

export interface ConcernInput {
  indication: string;
  zones: string[];
  goodmanBaronGrade?: number | null;
}

export interface ScreeningInput {
  id?: string;
  screeningDate: string;
  requestedAppointment: string;
  patient: PatientInput;
  conditions: ConditionInput[];
  medications: MedicationInput[];
  request: { setting: string; concerns: ConcernInput[] };
}

// ---------------------------------------------------------------------------------------------
// Screening output (see screening-output.schema.json)
// ---------------------------------------------------------------------------------------------

export type Outcome = "eligible" | "defer" | "needs-physician-clearance" | "decline";
export type Deferral = "none" | "dated" | "undated";

export interface PlanSeries extends SeriesValues {
  indication: string;
  seriesRule: string;
}

export interface Plan {
  series: PlanSeries[];
  combined: SeriesValues;
  maxDepthMmByZone: Record<string, number>;
  excludedZones: { zone: string; reason: string }[];
}

export type ExplanationKind = "reason" | "caution" | "prepInstruction" | "excludedZone";

export interface Explanation {
  id: string;
  kind: ExplanationKind;
  patientText: string;
  clinicianText: string;
  sources: string[];
  /** For a dated reason: the first date on which this rule passes. */
  earliestEligible?: string;
  /** For an excluded zone: the zone. */
  zone?: string;
}

export interface UnrecognizedMedication {
  index: number;
  name: string;
}

export interface ScreeningOutput {
  id?: string;
  outcome: Outcome;
  deferral: Deferral;
  deferUntil: string | null;
  reasons: string[];
  cautions: string[];
  prepInstructions: string[];
  plan: Plan | null;
  protocolVersion: string;
  requiresReview: boolean;
  unrecognizedMedications: UnrecognizedMedication[];
  explanations: Explanation[];
}
