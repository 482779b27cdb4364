/**
 * Types for the protocol data the screening engine reads and for the screening contract
 * (test/fixtures/spec/*.schema.json). Protocol objects carry many more members (codes, claim
 * audit, aftercare...) than listed here; the engine ignores what it does not use.
 */

// ---------------------------------------------------------------------------------------------
// Protocol data
// ---------------------------------------------------------------------------------------------

/** What a blocking rule does when it fires; `caution` makes a rule flag without blocking. */
export type RuleAction = "decline" | "physician-clearance" | "defer-until" | "caution";

export interface PatientStateTrigger {
  type: "patientState";
  field: string;
  equals: unknown;
}
export interface AgeTrigger {
  type: "age";
  lessThan: number;
}
export interface FitzpatrickTrigger {
  type: "fitzpatrick";
  in: string[];
}
export interface IndicationTrigger {
  type: "indication";
  indicationIds: string[];
}
export interface MedicationTrigger {
  type: "medication";
  classIds: string[];
  /** When given, only a current medication matches: ongoing, or last taken within N days of the appointment. */
  current?: { ongoing?: boolean; orLastTakenWithinDaysBeforeAppointment?: number };
}
export interface ConditionTrigger {
  type: "condition";
  conditionIds: string[];
  statusIn?: string[];
  severityIn?: string[];
  inTreatmentArea?: boolean;
  treatmentIncludesFace?: boolean;
}
export interface AllTrigger {
  type: "all";
  of: Trigger[];
}
export type Trigger =
  | PatientStateTrigger
  | AgeTrigger
  | FitzpatrickTrigger
  | IndicationTrigger
  | MedicationTrigger
  | ConditionTrigger
  | AllTrigger;

/** A deferral window: undated (until a state ends) or a number of calendar months or days. */
export interface RuleWindow {
  basis?: string;
  undated?: boolean;
  months?: number;
  days?: number;
  [extra: string]: unknown;
}

export interface RuleAlternative {
  id: string;
  action?: RuleAction;
  windowDays?: number;
  rule?: string;
  note?: string;
  [extra: string]: unknown;
}

export interface Contraindication {
  id: string;
  label: string;
  kind?: string;
  action: RuleAction;
  window?: RuleWindow;
  /** For dated medication windows: what an ongoing medication means (`undated`, or `screeningDate`). */
  ongoingHandling?: string;
  trigger: Trigger;
  source?: string[];
  evidence?: string;
  alternatives?: RuleAlternative[];
  enabledByDefault?: boolean;
  /** Set by a clinic's choices; overrides enabledByDefault. */
  enabled?: boolean;
  /** Optional plain-language text for the patient; otherwise one is composed from the label. */
  patientText?: string;
  [extra: string]: unknown;
}

export interface Caution {
  id: string;
  label: string;
  action?: string;
  trigger: Trigger;
  source?: string[];
  evidence?: string;
  suppressedBy?: string[];
  enabledByDefault?: boolean;
  enabled?: boolean;
  patientText?: string;
  [extra: string]: unknown;
}

export interface RuleReference {
  type: "rule";
  ruleId: string;
}

export interface WashoutEnforcement {
  type: "washout";
  windowDays?: number;
  windowMonths?: number;
  basis?: string;
  onViolation?: string;
  [extra: string]: unknown;
}

export interface PrepStep {
  id: string;
  text: string;
  daysBefore?: { min: number; max: number } | null;
  appliesWhen: Trigger | RuleReference | "always";
  enforcement: WashoutEnforcement | null;
  emitInstructionWhen?: string;
  source?: string[];
  evidence?: string;
  alternatives?: RuleAlternative[];
  enabled?: boolean;
  [extra: string]: unknown;
}

export interface MedicationMember {
  ingredient: string;
  routes: string[];
  whenPrescribed?: boolean;
  rxnorm?: { code: string | null; status?: string } | null;
  [extra: string]: unknown;
}

export interface MedicationClass {
  id: string;
  label?: string;
  members: MedicationMember[];
  [extra: string]: unknown;
}

/** Names that are not ingredients: brand names, and salt words to drop ("naproxen sodium"). */
export interface MedicationVocabulary {
  brands: { name: string; ingredients: string[] }[];
  saltWords?: string[];
}

export interface Zone {
  id: string;
  label: string;
  face: boolean;
  prohibited?: boolean;
  zoneCapMm: number;
  /** The zone rule that excludes a prohibited zone; otherwise found by name (ZONE-<ID>-PROHIBITED). */
  prohibitedBy?: string;
  [extra: string]: unknown;
}

export interface ZoneRule {
  id: string;
  text: string;
  source?: string[];
  evidence?: string;
  [extra: string]: unknown;
}

export interface IndicationDepth {
  minMm: number;
  capMm: number;
  zones: string[];
  source?: string[];
  [extra: string]: unknown;
}

export interface Range {
  min: number;
  max: number;
}

export interface SeriesValues {
  sessions: Range;
  intervalWeeks: Range;
  maintenanceMonths: Range;
}

export interface SeriesRule extends SeriesValues {
  id: string;
  indications: string[];
  source?: string[];
  evidence?: string;
  alternatives?: ({ indication: string } & Partial<SeriesValues> & Record<string, unknown>)[];
  /** Set by a clinic's choices: per-indication values replacing the rule's own. */
  byIndication?: Record<string, Partial<SeriesValues>>;
  [extra: string]: unknown;
}

/** A series id, or one chosen by Goodman & Baron grade: `{ goodmanBaronGrade4: id, otherwise: id }`. */
export type SeriesSelection = string | Record<string, string>;

export interface DepthCapMode {
  globalMaxMm: number;
  source?: string;
  [extra: string]: unknown;
}

export interface PlanAlgorithm {
  depthCapModes: Record<string, DepthCapMode>;
  defaultDepthCapMode: string;
  [extra: string]: unknown;
}

export interface Protocol {
  schemaVersion: string;
  ruleset: string;
  conventions?: Record<string, unknown>;
  sources?: { id: string; citation?: string; [extra: string]: unknown }[];
  conditions: { id: string; label?: string; [extra: string]: unknown }[];
  indications: { id: string; label?: string; [extra: string]: unknown }[];
  medicationClasses: MedicationClass[];
  medicationVocabulary?: MedicationVocabulary;
  contraindications: Contraindication[];
  cautions: Caution[];
  prepSteps: PrepStep[];
  zones: Zone[];
  zoneRules: ZoneRule[];
  indicationDepth: Record<string, IndicationDepth>;
  seriesRules: SeriesRule[];
  seriesByIndication: Record<string, SeriesSelection>;
  planAlgorithm: PlanAlgorithm;
  /** The clinic's recorded choices, when the protocol was derived from a ruleset by applyClinicChoices. */
  clinicChoices?: ClinicChoices;
  [extra: string]: unknown;
}

// ---------------------------------------------------------------------------------------------
// A clinic's choices over a ruleset
// ---------------------------------------------------------------------------------------------

export interface RuleChoice {
  /** Id of one of the rule's recorded `alternatives`. */
  alternative?: string;
  enabled?: boolean;
  /** The clinic's own values. */
  action?: RuleAction;
  windowDays?: number;
  windowMonths?: number;
}

export interface ClinicChoices {
  /** Keyed by contraindication, caution or prep step id. */
  rules?: Record<string, RuleChoice>;
  /** A key of planAlgorithm.depthCapModes. */
  depthCapMode?: string;
  /** Indications whose recorded series alternative the clinic uses (seriesRules[].alternatives). */
  seriesAlternatives?: string[];
  /** The clinic's own (lower or higher) per-zone caps in mm; the depth-cap mode still applies. */
  zoneCapsMm?: Record<string, number>;
}

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
