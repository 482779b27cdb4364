/**
 * The protocol's one schema. `loadProtocol` checks a protocol object against it, and the protocol's
 * types (`Protocol`, its rules, prep steps and timelines; `types.ts`) are inferred from it, so what
 * is checked and what the code may read cannot drift apart. Objects are loose: members the engine
 * does not read (codes, claim audit, notes) pass through untouched, typed `unknown`.
 */
import { z } from "zod";

const ids = z.array(z.string().min(1));
const count = z.number().int().min(0);
const sources = ids.optional();

export const ruleActionSchema = z.enum(["decline", "physician-clearance", "defer-until", "caution"]);

const patientStateTrigger = z.looseObject({
  type: z.literal("patientState"),
  field: z.string().min(1),
  equals: z.unknown(),
});
const ageTrigger = z.looseObject({ type: z.literal("age"), lessThan: z.number() });
const fitzpatrickTrigger = z.looseObject({ type: z.literal("fitzpatrick"), in: ids });
const indicationTrigger = z.looseObject({ type: z.literal("indication"), indicationIds: ids });
const medicationTrigger = z.looseObject({
  type: z.literal("medication"),
  classIds: ids.min(1),
  /** When given, only a current medication matches: ongoing, or last taken within N days of the appointment. */
  current: z
    .looseObject({
      ongoing: z.boolean().optional(),
      orLastTakenWithinDaysBeforeAppointment: count.optional(),
    })
    .optional(),
});
const conditionTrigger = z.looseObject({
  type: z.literal("condition"),
  conditionIds: ids.min(1),
  statusIn: ids.optional(),
  severityIn: ids.optional(),
  inTreatmentArea: z.boolean().optional(),
  treatmentIncludesFace: z.boolean().optional(),
});

/** What makes a rule fire; `all` nests triggers. */
export type Trigger =
  | z.infer<typeof patientStateTrigger>
  | z.infer<typeof ageTrigger>
  | z.infer<typeof fitzpatrickTrigger>
  | z.infer<typeof indicationTrigger>
  | z.infer<typeof medicationTrigger>
  | z.infer<typeof conditionTrigger>
  | { type: "all"; of: Trigger[]; [extra: string]: unknown };

// A recursive type cannot be inferred, so the `all` member is written once above and the schema
// is checked against it.
export const triggerSchema: z.ZodType<Trigger> = z.lazy(() =>
  z.discriminatedUnion("type", [
    patientStateTrigger,
    ageTrigger,
    fitzpatrickTrigger,
    indicationTrigger,
    medicationTrigger,
    conditionTrigger,
    z.looseObject({ type: z.literal("all"), of: z.array(triggerSchema).min(1) }),
  ]),
);

const alternativeSchema = z.looseObject({
  id: z.string().min(1),
  action: ruleActionSchema.optional(),
  windowDays: count.optional(),
  rule: z.string().optional(),
  note: z.string().optional(),
});

/** A deferral window: undated (until a state ends) or a number of calendar months or days. */
const windowSchema = z.looseObject({
  basis: z.string().optional(),
  undated: z.boolean().optional(),
  months: count.optional(),
  days: count.optional(),
});

const contraindicationSchema = z.looseObject({
  id: z.string().min(1),
  label: z.string(),
  kind: z.string().optional(),
  action: ruleActionSchema,
  window: windowSchema.optional(),
  /** For dated medication windows: what an ongoing medication means (`undated`, or `screeningDate`). */
  ongoingHandling: z.enum(["undated", "screeningDate"]).optional(),
  trigger: triggerSchema,
  source: sources,
  evidence: z.string().optional(),
  alternatives: z.array(alternativeSchema).optional(),
  enabledByDefault: z.boolean().optional(),
  /** Set by a clinic's choices; overrides enabledByDefault. */
  enabled: z.boolean().optional(),
  /** Optional plain-language text for the patient; otherwise one is composed from the label. */
  patientText: z.string().optional(),
});

const cautionSchema = z.looseObject({
  id: z.string().min(1),
  label: z.string(),
  action: z.string().optional(),
  trigger: triggerSchema,
  source: sources,
  evidence: z.string().optional(),
  suppressedBy: ids.optional(),
  enabledByDefault: z.boolean().optional(),
  enabled: z.boolean().optional(),
  patientText: z.string().optional(),
});

const ruleReferenceSchema = z.looseObject({ type: z.literal("rule"), ruleId: z.string().min(1) });

const washoutSchema = z.looseObject({
  type: z.literal("washout"),
  windowDays: count.optional(),
  windowMonths: count.optional(),
  basis: z.string().optional(),
  onViolation: ruleActionSchema.exclude(["caution"]).optional(),
});

const dayRange = z.looseObject({ min: z.number().min(0), max: z.number().min(0) });

const prepStepSchema = z.looseObject({
  id: z.string().min(1),
  text: z.string(),
  /** How many days before the appointment the step starts; null for a step with no date. */
  daysBefore: dayRange.nullable().optional(),
  appliesWhen: z.union([z.literal("always"), ruleReferenceSchema, triggerSchema]),
  enforcement: washoutSchema.nullable(),
  emitInstructionWhen: z.string().optional(),
  source: sources,
  evidence: z.string().optional(),
  fromBlogPosts: z.boolean().optional(),
  alternatives: z.array(alternativeSchema).optional(),
  enabled: z.boolean().optional(),
});

const medicationClassSchema = z.looseObject({
  id: z.string().min(1),
  label: z.string().optional(),
  members: z.array(
    z.looseObject({
      ingredient: z.string().min(1),
      routes: ids.min(1),
      whenPrescribed: z.boolean().optional(),
      rxnorm: z
        .looseObject({ code: z.string().nullable(), status: z.string().optional() })
        .nullable()
        .optional(),
    }),
  ),
});

/** Names that are not ingredients: brand names, and salt words to drop ("naproxen sodium"). */
export const medicationVocabularySchema = z.looseObject({
  brands: z.array(z.looseObject({ name: z.string().min(1), ingredients: ids.min(1) })),
  saltWords: ids.optional(),
});

const zoneSchema = z.looseObject({
  id: z.string().min(1),
  label: z.string(),
  face: z.boolean(),
  prohibited: z.boolean().optional(),
  zoneCapMm: z.number().min(0),
  /** The zone rule that excludes a prohibited zone; otherwise found by name (ZONE-<ID>-PROHIBITED). */
  prohibitedBy: z.string().optional(),
});

const rangeSchema = z.looseObject({ min: z.number().int().min(1), max: z.number().int().min(1) });
const seriesValues = {
  sessions: rangeSchema,
  intervalWeeks: rangeSchema,
  maintenanceMonths: rangeSchema,
};
const seriesValuesPartial = {
  sessions: rangeSchema.optional(),
  intervalWeeks: rangeSchema.optional(),
  maintenanceMonths: rangeSchema.optional(),
};

const seriesRuleSchema = z.looseObject({
  id: z.string().min(1),
  indications: ids,
  ...seriesValues,
  source: sources,
  evidence: z.string().optional(),
  alternatives: z.array(z.looseObject({ indication: z.string().min(1), ...seriesValuesPartial })).optional(),
  /** Set by a clinic's choices: per-indication values replacing the rule's own. */
  byIndication: z.record(z.string(), z.looseObject(seriesValuesPartial)).optional(),
});

/** A clinic's choices over a ruleset (strict: a misspelt choice is refused, not ignored). */
export const clinicChoicesSchema = z.strictObject({
  /** Keyed by contraindication, caution or prep step id. */
  rules: z
    .record(
      z.string(),
      z.strictObject({
        /** Id of one of the rule's recorded `alternatives`. */
        alternative: z.string().min(1).optional(),
        enabled: z.boolean().optional(),
        /** The clinic's own values. */
        action: ruleActionSchema.optional(),
        windowDays: count.optional(),
        windowMonths: count.optional(),
      }),
    )
    .optional(),
  /** A key of planAlgorithm.depthCapModes. */
  depthCapMode: z.string().min(1).optional(),
  /** Indications whose recorded series alternative the clinic uses (seriesRules[].alternatives). */
  seriesAlternatives: ids.optional(),
  /** The clinic's own (lower or higher) per-zone caps in mm; the depth-cap mode still applies. */
  zoneCapsMm: z.record(z.string(), z.number().positive()).optional(),
});

const procedureStepSchema = z.looseObject({
  id: z.string().min(1),
  text: z.string(),
  durationMinutes: z.looseObject({ min: z.number(), max: z.number() }).optional(),
  source: sources,
});

const aftercareEntrySchema = z.looseObject({
  id: z.string().min(1),
  startHours: z.number(),
  endHours: z.number().nullable(),
  type: z.string(),
  text: z.string(),
  source: ids,
  claimStatus: z.string().optional(),
  enabledByDefault: z.boolean().optional(),
  note: z.string().optional(),
});

const phaseDays = z.looseObject({
  startDay: z.number(),
  peakDay: z.number().nullable(),
  endDay: z.number().nullable(),
});

const healingPhaseSchema = z.looseObject({
  id: z.string().min(1),
  blogDefault: phaseDays,
  literature: phaseDays,
  source: ids,
  note: z.string().optional(),
});

const resultMilestoneSchema = z.looseObject({
  id: z.string().min(1),
  startDays: z.number(),
  endDays: z.number(),
  text: z.string(),
  source: ids,
  claimStatus: z.string().optional(),
  note: z.string().optional(),
});

export const protocolSchema = z.looseObject({
  schemaVersion: z.string().regex(/^1\.\d+$/, "this engine reads protocol schemaVersion 1.x"),
  ruleset: z.string().min(1),
  conventions: z.record(z.string(), z.unknown()).optional(),
  sources: z.array(z.looseObject({ id: z.string().min(1), citation: z.string().optional() })).optional(),
  patientStates: z.array(z.looseObject({ id: z.string().min(1) })).optional(),
  conditions: z.array(z.looseObject({ id: z.string().min(1), label: z.string().optional() })),
  indications: z.array(z.looseObject({ id: z.string().min(1), label: z.string().optional() })),
  medicationClasses: z.array(medicationClassSchema),
  medicationVocabulary: medicationVocabularySchema.optional(),
  contraindications: z.array(contraindicationSchema),
  cautions: z.array(cautionSchema),
  prepSteps: z.array(prepStepSchema),
  zones: z.array(zoneSchema),
  zoneRules: z.array(
    z.looseObject({
      id: z.string().min(1),
      text: z.string(),
      source: sources,
      evidence: z.string().optional(),
    }),
  ),
  indicationDepth: z.record(
    z.string(),
    z.looseObject({ minMm: z.number().min(0), capMm: z.number().positive(), zones: ids, source: sources }),
  ),
  seriesRules: z.array(seriesRuleSchema),
  /** Per indication: a series id, or one chosen by Goodman & Baron grade (`{ goodmanBaronGrade4: id, otherwise: id }`). */
  seriesByIndication: z.record(
    z.string(),
    z.union([z.string().min(1), z.record(z.string(), z.string().min(1))]),
  ),
  planAlgorithm: z.looseObject({
    depthCapModes: z.record(
      z.string(),
      z.looseObject({ globalMaxMm: z.number().positive(), source: z.string().optional() }),
    ),
    defaultDepthCapMode: z.string().min(1),
  }),
  procedureSteps: z.array(procedureStepSchema).optional(),
  aftercareTimeline: z.array(aftercareEntrySchema).optional(),
  healingPhases: z.array(healingPhaseSchema).optional(),
  resultsTimeline: z.array(resultMilestoneSchema).optional(),
  /**
   * The clinic's recorded choices, when the protocol was derived from a ruleset by applyClinicChoices
   * (which checks them against `clinicChoicesSchema` before applying them).
   */
  clinicChoices: z
    .custom<z.infer<typeof clinicChoicesSchema>>((v) => typeof v === "object" && v !== null)
    .optional(),
});
