import { z } from "zod";
import { instant } from "./codecs.ts";
import { action, endpoint } from "./endpoint.ts";

const range = z.object({ min: z.number(), max: z.number() });
const seriesValues = z.object({ sessions: range, intervalWeeks: range, maintenanceMonths: range });

const ruleChoice = z.strictObject({
  alternative: z.string().min(1).max(100).optional(),
  enabled: z.boolean().optional(),
  action: z.enum(["decline", "physician-clearance", "defer-until", "caution"]).optional(),
  windowDays: z.number().int().min(0).max(365).optional(),
  windowMonths: z.number().int().min(0).max(24).optional(),
});

/** The complete set of a clinic's choices (PUT replaces them); `{}` returns to the shipped default. */
export const clinicChoicesBody = z
  .strictObject({
    rules: z.record(z.string().min(1).max(100), ruleChoice).optional(),
    depthCapMode: z.string().min(1).max(100).optional(),
    seriesAlternatives: z.array(z.string().min(1).max(100)).max(50).optional(),
    zoneCapsMm: z.record(z.string().min(1).max(100), z.number().positive().max(3)).optional(),
  })
  .meta({ id: "ClinicChoices" });

const choiceOption = z.object({
  id: z.string(),
  summary: z.string(),
  action: z.string().optional(),
  windowDays: z.number().optional(),
  windowMonths: z.number().optional(),
  undated: z.boolean().optional(),
  note: z.string().optional(),
  sources: z.array(z.string()),
});

export const catalogueView = z.object({
  ruleset: z.string(),
  rules: z.array(
    z.object({
      ruleId: z.string(),
      kind: z.enum(["contraindication", "prepStep"]),
      label: z.string(),
      evidence: z.string().nullable(),
      sources: z.array(z.string()),
      default: choiceOption,
      alternatives: z.array(choiceOption),
    }),
  ),
  depthCapModes: z.array(
    z.object({
      id: z.string(),
      globalMaxMm: z.number(),
      source: z.string().nullable(),
      sources: z.array(z.string()),
      isRulesetDefault: z.boolean(),
    }),
  ),
  seriesAlternatives: z.array(
    z.object({
      indication: z.string(),
      indicationLabel: z.string(),
      seriesRule: z.string(),
      default: seriesValues,
      alternative: seriesValues.partial(),
      source: z.string().nullable(),
      sources: z.array(z.string()),
    }),
  ),
  sources: z.array(z.object({ id: z.string(), citation: z.string(), url: z.string().nullable() })),
});

export const protocolOverview = z.object({
  current: z.object({
    version: z.string(),
    isDefault: z.boolean(),
    ruleset: z.string(),
    choices: clinicChoicesBody,
    since: instant.nullable(),
  }),
  defaultVersion: z.string(),
  catalogue: catalogueView,
});

export const chooseResult = z.object({
  version: z.string(),
  changed: z.boolean(),
  choices: clinicChoicesBody,
});

export const historyQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

export const historyView = z.object({
  defaultVersion: z.string(),
  total: z.number().int(),
  versions: z.array(
    z.object({
      version: z.string(),
      choices: clinicChoicesBody,
      selectedAt: instant,
      selectedBy: z.object({ id: z.uuid(), name: z.string().nullable() }),
    }),
  ),
});

export const rescreenQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(100),
  after: z.uuid().optional(),
});

const decision = z.object({
  outcome: z.string(),
  deferral: z.string(),
  deferUntil: z.string().nullable(),
  protocolVersion: z.string(),
});

export const rescreenView = z.object({
  protocolVersion: z.string(),
  examined: z.number().int(),
  rescreened: z.number().int(),
  alreadyCurrent: z.number().int(),
  unchanged: z.number().int(),
  changes: z.array(
    z.object({
      patientId: z.uuid(),
      screeningId: z.uuid(),
      rescreenId: z.uuid(),
      from: decision,
      to: decision,
      changed: z.boolean(),
    }),
  ),
  failed: z.array(
    z.object({ patientId: z.uuid(), screeningId: z.uuid(), field: z.string(), message: z.string() }),
  ),
  nextAfter: z.uuid().nullable(),
});

// Endpoints the web reads.
export const protocol = endpoint("GET", "/api/protocol", protocolOverview);
export const protocolVersions = endpoint("GET", "/api/protocol/versions", historyView);

// Writes the owner makes on the protocol page.
export const saveProtocolChoices = action("PUT", "/api/protocol/choices", clinicChoicesBody, chooseResult);
/** One page of a re-screen (query: limit, after); nothing is sent in the body. */
export const rescreenPatients = endpoint("POST", "/api/protocol/rescreen", rescreenView);

export type ClinicChoices = z.output<typeof clinicChoicesBody>;
export type RuleChoice = NonNullable<ClinicChoices["rules"]>[string];
export type ChoosableRule = z.output<typeof catalogueView>["rules"][number];
export type ChoiceOption = ChoosableRule["default"];
export type SeriesValues = z.output<typeof catalogueView>["seriesAlternatives"][number]["default"];
export type Range = SeriesValues["sessions"];
export type ProtocolOverview = z.output<typeof protocolOverview>;
export type ProtocolHistory = z.output<typeof historyView>;
export type RescreenResult = z.output<typeof rescreenView>;
