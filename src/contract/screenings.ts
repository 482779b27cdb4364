import { z } from "zod";
import { isCalendarDate } from "../domain/calendar.ts";
import { instant } from "./codecs.ts";
import { action, endpoint } from "./endpoint.ts";

const calendarDate = z
  .string()
  .refine((d) => /^\d{4}-\d{2}-\d{2}$/.test(d) && isCalendarDate(d), "not a calendar date (YYYY-MM-DD)");
const text = (max: number) => z.string().trim().min(1).max(max);

/** The Fitzpatrick skin types. */
export const FITZPATRICK_TYPES = ["I", "II", "III", "IV", "V", "VI"] as const;

/** How severe a recorded condition is. */
export const CONDITION_SEVERITIES = ["mild", "moderate", "severe"] as const;

export const patientParams = z.strictObject({ id: z.uuid() });
export const recordParams = z.strictObject({ id: z.uuid(), recordId: z.uuid() });
export const screeningParams = z.strictObject({ id: z.uuid() });

export const listQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

export const previewQuery = z.strictObject({ clinic: z.string().min(1).max(63).optional() });

/**
 * The request and the patient's state where asked today. Its members mirror the engine's input, so
 * the engine's own validation names the field (`body.request.concerns[0].zones[1]`).
 */
export const screeningBody = z
  .strictObject({
    screeningDate: z
      .unknown()
      .optional()
      .meta({ description: "YYYY-MM-DD; default today in the clinic's time zone" }),
    requestedAppointment: z.unknown().meta({ description: "YYYY-MM-DD" }),
    request: z.unknown().meta({
      description:
        '{"setting": "clinic", "concerns": [{"indication": "acne-scars", "zones": ["cheeks"], "goodmanBaronGrade": 3}]}',
    }),
    patient: z
      .strictObject({
        pregnant: z.boolean().nullable().optional(),
        breastfeeding: z.boolean().nullable().optional(),
        deliveryDate: calendarDate.nullable().optional(),
        fitzpatrick: z.enum(FITZPATRICK_TYPES).nullable().optional(),
      })
      .optional()
      .meta({ description: "Answers asked today; they override the record for this screening" }),
  })
  .meta({ id: "ScreeningRequest" });

const explanation = z.object({
  id: z.string(),
  kind: z.enum(["reason", "caution", "prepInstruction", "excludedZone"]),
  patientText: z.string(),
  clinicianText: z.string(),
  sources: z.array(z.string()),
  earliestEligible: z.string().optional(),
  zone: z.string().optional(),
});

const range = z.object({ min: z.number(), max: z.number() });
const seriesValues = { sessions: range, intervalWeeks: range, maintenanceMonths: range };
const plan = z.object({
  series: z.array(z.object({ indication: z.string(), seriesRule: z.string(), ...seriesValues })),
  combined: z.object(seriesValues),
  maxDepthMmByZone: z.record(z.string(), z.number()),
  excludedZones: z.array(z.object({ zone: z.string(), reason: z.string() })),
});

export const screeningOutput = z
  .object({
    id: z.string().optional(),
    outcome: z.enum(["eligible", "defer", "needs-physician-clearance", "decline"]),
    deferral: z.enum(["none", "dated", "undated"]),
    deferUntil: z.string().nullable(),
    reasons: z.array(z.string()),
    cautions: z.array(z.string()),
    prepInstructions: z.array(z.string()),
    plan: plan.nullable(),
    protocolVersion: z.string(),
    requiresReview: z.boolean(),
    unrecognizedMedications: z.array(z.object({ index: z.number(), name: z.string() })),
    explanations: z.array(explanation),
  })
  .meta({ id: "ScreeningOutput" });

export const screeningView = z
  .object({
    id: z.uuid(),
    patientId: z.uuid(),
    kind: z.enum(["screening", "rescreen"]),
    rescreenOf: z.uuid().nullable(),
    protocolVersion: z.string(),
    screeningDate: z.string(),
    requestedAppointment: z.string(),
    outcome: screeningOutput.shape.outcome,
    deferral: z.string(),
    deferUntil: z.string().nullable(),
    requiresReview: z.boolean(),
    reviewNotes: z.array(z.object({ kind: z.string(), recordId: z.string(), label: z.string() })),
    input: z.record(z.string(), z.unknown()),
    output: screeningOutput,
    screenedBy: z.object({ id: z.uuid(), name: z.string().nullable() }),
    createdAt: instant,
  })
  .meta({ id: "Screening" });

export const conditionBody = z.strictObject({
  conditionId: text(100),
  label: text(200).optional(),
  icd10cm: z
    .string()
    .regex(/^[A-Z][0-9][0-9A-Z](\.[0-9A-Z-]{1,4})?$/, "not an ICD-10-CM code")
    .nullable()
    .default(null),
  status: z.enum(["active", "resolved", "history"]),
  // Where it is: treatment zones, or "not-sure" / "elsewhere" alone. The zones then decide whether
  // it is in the area to be treated; inTreatmentArea is for a condition not placed by zone.
  zones: z.array(text(80)).max(20).nullable().default(null),
  inTreatmentArea: z.boolean().optional(),
  site: text(200).nullable().default(null),
  severity: z.enum(CONDITION_SEVERITIES).nullable().default(null),
  onset: calendarDate.nullable().default(null),
  resolved: calendarDate.nullable().default(null),
});

export const medicationBody = z
  .strictObject({
    ingredient: text(200),
    product: text(200).nullable().default(null),
    rxnorm: z
      .string()
      .regex(/^[0-9]+$/, "not an RxNorm code (digits)")
      .nullable()
      .default(null),
    route: text(40).default("oral"),
    prescribed: z.boolean(),
    ongoing: z.boolean(),
    lastTaken: calendarDate.nullable().default(null),
    started: calendarDate.nullable().default(null),
    indication: text(200).nullable().default(null),
  })
  .superRefine((m, ctx) => {
    if (m.ongoing && m.lastTaken !== null)
      ctx.addIssue({ code: "custom", path: ["lastTaken"], message: "must be null when ongoing is true" });
    if (!m.ongoing && m.lastTaken === null)
      ctx.addIssue({ code: "custom", path: ["lastTaken"], message: "is required when ongoing is false" });
  });

export const conditionView = z.object({
  id: z.uuid(),
  conditionId: z.string().nullable(),
  label: z.string(),
  icd10cm: z.string().nullable(),
  status: z.string(),
  inTreatmentArea: z.boolean(),
  zones: z.array(z.string()).nullable(),
  site: z.string().nullable(),
  severity: z.string().nullable(),
  onset: z.string().nullable(),
  resolved: z.string().nullable(),
  source: z.string(),
  createdAt: instant,
});

export const medicationView = z.object({
  id: z.uuid(),
  ingredient: z.string(),
  product: z.string().nullable(),
  rxnorm: z.string().nullable(),
  route: z.string(),
  prescribed: z.boolean(),
  ongoing: z.boolean(),
  lastTaken: z.string().nullable(),
  started: z.string().nullable(),
  indication: z.string().nullable(),
  source: z.string(),
  createdAt: instant,
});

export const profileView = z.object({
  patient: z.object({
    id: z.uuid(),
    dateOfBirth: z.string(),
    sex: z.string(),
    fitzpatrick: z.string().nullable(),
    pregnant: z.boolean().nullable(),
    breastfeeding: z.boolean().nullable(),
    deliveryDate: z.string().nullable(),
  }),
  conditions: z.array(conditionView),
  medications: z.array(medicationView),
  protocolVersion: z.string(),
  vocabulary: z.object({
    conditions: z.array(z.object({ id: z.string(), label: z.string() })),
    indications: z.array(
      z.object({ id: z.string(), label: z.string(), zones: z.array(z.string()), graded: z.boolean() }),
    ),
    zones: z.array(z.object({ id: z.string(), label: z.string(), prohibited: z.boolean() })),
    routes: z.array(z.string()),
  }),
});

// Endpoints the web reads.
export const screeningList = z.object({ screenings: z.array(screeningView), total: z.number().int() });
export const patientScreenings = endpoint("GET", "/api/patients/:id/screenings", screeningList);
export const clinicalProfile = endpoint("GET", "/api/patients/:id/clinical-profile", profileView);

/** A public preview screens a full input (screening-input.schema.json); the engine validates it. */
export const previewBody = z.unknown();
export const previewAnswer = z.object({ decision: screeningOutput });

// Writes the screening panel makes.
/** A screening just run and stored (answered 201). */
export const oneScreening = z.object({ screening: screeningView });
export const runScreening = action("POST", "/api/patients/:id/screenings", screeningBody, oneScreening);
export const addedCondition = z.object({ condition: conditionView });
export const addCondition = action("POST", "/api/patients/:id/conditions", conditionBody, addedCondition);
export const addedMedication = z.object({ medication: medicationView });
export const addMedication = action("POST", "/api/patients/:id/medications", medicationBody, addedMedication);
/** A removal answers 204, no content. */
export const removedRecord = z.null();
export const removeCondition = endpoint("DELETE", "/api/patients/:id/conditions/:recordId", removedRecord);
export const removeMedication = endpoint("DELETE", "/api/patients/:id/medications/:recordId", removedRecord);

export type Explanation = z.output<typeof explanation>;
export type ScreeningOutput = z.output<typeof screeningOutput>;
export type ScreeningBody = z.input<typeof screeningBody>;
export type ConditionBody = z.input<typeof conditionBody>;
export type MedicationBody = z.input<typeof medicationBody>;
export type Fitzpatrick = (typeof FITZPATRICK_TYPES)[number];
export type Screening = z.output<typeof screeningView>;
export type ClinicalProfile = z.output<typeof profileView>;
export type ProfileCondition = ClinicalProfile["conditions"][number];
export type ProfileMedication = ClinicalProfile["medications"][number];
