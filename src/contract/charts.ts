import { z } from "zod";
import { PATTERNS } from "../domain/record/chart-rules.ts";
import { instant } from "./codecs.ts";
import { action, endpoint } from "./endpoint.ts";

const calendarDate = z.iso
  .date()
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)), "not a calendar date");
const clockTime = z.string().regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$/, "not a time (HH:MM)");

export const startChartBody = z.strictObject({
  planId: z.uuid().nullable().default(null),
  appointmentId: z.uuid().nullable().default(null),
  changes: z
    .strictObject({
      newMedications: z
        .array(
          z.strictObject({
            ingredient: z.string().trim().min(1).max(200),
            route: z.enum(["oral", "topical", "subcutaneous", "intravenous"]),
            prescribed: z.boolean(),
            ongoing: z.boolean(),
            lastTaken: calendarDate.nullable().default(null),
          }),
        )
        .max(20)
        .default([]),
      newConditions: z
        .array(
          z.strictObject({
            conditionId: z.string().min(1).max(80),
            status: z.enum(["active", "resolved", "history"]),
            // Where it is (zones, or "not-sure" / "elsewhere" alone): then the zones of the plan
            // screened today decide whether it is in the area; else inTreatmentArea as said.
            zones: z.array(z.string().trim().min(1).max(80)).max(20).nullable().default(null),
            inTreatmentArea: z.boolean().optional(),
            severity: z.enum(["mild", "moderate", "severe"]).nullable().default(null),
            onset: calendarDate.nullable().default(null),
          }),
        )
        .max(20)
        .default([]),
      pregnant: z.boolean().nullable().default(null),
      breastfeeding: z.boolean().nullable().default(null),
    })
    .default({ newMedications: [], newConditions: [], pregnant: null, breastfeeding: null }),
});

export const zoneTreatment = z.strictObject({
  zone: z.string().min(1).max(80),
  depthMm: z
    .number()
    .min(0.1)
    .max(3)
    .refine((d) => Math.abs(d * 100 - Math.round(d * 100)) < 1e-6, "at most two decimals"),
  passes: z.number().int().min(1).max(8),
  pattern: z.enum(PATTERNS),
});

export const saveChartBody = z.strictObject({
  checklist: z.strictObject({
    steps: z.record(z.string().max(80), z.boolean()),
    anaesthetic: z
      .strictObject({ product: z.string().trim().min(1).max(200), startedAt: clockTime, endedAt: clockTime })
      .nullable()
      .default(null),
    // Why a step was not done: signing an incomplete checklist needs it.
    incompleteReason: z.string().trim().min(10).max(2000).nullable().default(null),
  }),
  zones: z.array(zoneTreatment).max(20),
  deviceId: z.uuid().nullable().default(null),
  cartridgeLot: z.string().trim().min(1).max(80).nullable().default(null),
  cartridgeExpiry: calendarDate.nullable().default(null),
  postProduct: z
    .strictObject({
      productId: z.string().min(1).max(80),
      lot: z.string().trim().min(1).max(80).nullable().default(null),
    })
    .nullable()
    .default(null),
  endpoint: z.enum(["erythema", "erythema-pinpoint-bleeding", "not-reached"]).nullable().default(null),
  adverseEvents: z
    .array(
      z.strictObject({
        kind: z.string().trim().min(1).max(200),
        severity: z.enum(["mild", "moderate", "severe"]),
        action: z.string().trim().max(1000),
      }),
    )
    .max(20)
    .default([]),
  // The supervising physician types password and second factor: an authenticator code or a
  // recovery code, exactly one.
  cosign: z
    .strictObject({
      email: z.email().max(320),
      password: z.string().min(1).max(200),
      code: z
        .string()
        .regex(/^\d{6}$/, "six digits from the authenticator app")
        .optional(),
      recoveryCode: z.string().min(16).max(40).optional(),
    })
    .refine((c) => (c.code === undefined) !== (c.recoveryCode === undefined), {
      path: ["code"],
      message: "the co-signer's authenticator code, or one of their recovery codes",
    })
    .nullable()
    .default(null),
});

// What the day-of re-screen stored on the chart: the changes as sent (startChartBody) and the
// engine's decision. Charts started under earlier versions may lack a field, so every field is
// optional and keys the web does not read pass through unchanged.
const rescreenChanges = z.looseObject({
  newMedications: z
    .array(
      z.looseObject({
        ingredient: z.string(),
        route: z.string(),
        prescribed: z.boolean(),
        ongoing: z.boolean(),
        lastTaken: z.string().nullable().optional(),
      }),
    )
    .optional(),
  newConditions: z
    .array(
      z.looseObject({
        conditionId: z.string(),
        status: z.string(),
        zones: z.array(z.string()).nullable().optional(),
        inTreatmentArea: z.boolean().optional(),
        severity: z.string().nullable().optional(),
        onset: z.string().nullable().optional(),
      }),
    )
    .optional(),
  pregnant: z.boolean().nullable().optional(),
  breastfeeding: z.boolean().nullable().optional(),
});

const rescreenDecision = z.looseObject({
  outcome: z.string().optional(),
  requiresReview: z.boolean().optional(),
  explanations: z
    .array(z.looseObject({ id: z.string(), kind: z.string(), clinicianText: z.string() }))
    .optional(),
  // A name is cleared (null) when the patient's record is anonymised.
  unrecognizedMedications: z
    .array(z.looseObject({ index: z.number(), name: z.string().nullable() }))
    .optional(),
});

// The checklist as saved (saveChartBody); a chart just started has none of it yet.
const savedChecklist = z.looseObject({
  steps: z.record(z.string(), z.boolean()).optional(),
  anaesthetic: z
    .object({ product: z.string(), startedAt: z.string(), endedAt: z.string() })
    .nullable()
    .optional(),
  incompleteReason: z.string().nullable().optional(),
});

export const chartView = z
  .object({
    id: z.uuid(),
    patientId: z.uuid(),
    planId: z.uuid().nullable(),
    appointmentId: z.uuid().nullable(),
    consentId: z.uuid(),
    providerId: z.uuid(),
    status: z.enum(["open", "stopped", "signed"]),
    sessionDate: z.string(),
    protocolVersion: z.string(),
    protocolVersionId: z.uuid().nullable(),
    rescreen: z.looseObject({ changes: rescreenChanges.optional(), decision: rescreenDecision.optional() }),
    rescreenOutcome: z.string(),
    checklist: savedChecklist,
    zones: z.array(
      z.object({ zone: z.string(), depthMm: z.number(), passes: z.number(), pattern: z.string() }),
    ),
    deviceId: z.uuid().nullable(),
    cartridgeLot: z.string().nullable(),
    cartridgeExpiry: z.string().nullable(),
    postProduct: z.object({ productId: z.string(), lot: z.string().nullable() }).nullable(),
    endpoint: z.string().nullable(),
    // The action taken is free text: cleared (null) when the patient's record is anonymised.
    adverseEvents: z.array(
      z.object({
        kind: z.string(),
        severity: z.enum(["mild", "moderate", "severe"]),
        action: z.string().nullable(),
      }),
    ),
    cosignedBy: z.uuid().nullable(),
    cosignedAt: instant.nullable(),
    signedBy: z.uuid().nullable(),
    signedAt: instant.nullable(),
    createdAt: instant,
    updatedAt: instant,
  })
  .meta({ id: "SessionChart" });

export const addendumView = z.object({
  id: z.uuid(),
  chartId: z.uuid(),
  authorId: z.uuid(),
  text: z.string(),
  createdAt: instant,
});

export const chartResponse = z.object({
  chart: chartView,
  addenda: z.array(addendumView),
  warnings: z.array(z.string()),
});

export const addendumAnswer = z.object({ addendum: addendumView });

export const addendumBody = z.strictObject({ text: z.string().trim().min(1).max(10_000) });
export const idParams = z.strictObject({ id: z.uuid() });
/** A lot recall names the cartridge or post-procedure product lot. */
const recallLot = z.string().trim().min(1).max(80);
export const recallQuery = z.strictObject({ lot: recallLot });
export const recallBody = z.strictObject({ lot: recallLot });

/** A session charted with the recalled lot, and its patient (null once erased). */
export const recallChart = z.object({
  chartId: z.uuid(),
  patientId: z.uuid(),
  sessionDate: z.string(),
  match: z.enum(["cartridge", "product"]),
  patient: z
    .object({
      givenName: z.string(),
      familyName: z.string(),
      email: z.string().nullable(),
      phone: z.string().nullable(),
    })
    .nullable(),
});
export const recallCharts = z.object({ charts: z.array(recallChart) });

/** The recall's message to one patient, in their language: drafted, or queued and sent. */
export const recallMessage = z.object({
  patientId: z.uuid(),
  toAddress: z.string().nullable(),
  subject: z.string(),
  bodyText: z.string(),
  queuedAt: instant.nullable(),
  sentAt: instant.nullable(),
});
export const recallMessages = z.object({ messages: z.array(recallMessage) });
/** The messages after sending: how many were queued now, and every patient's message. */
export const recallSent = z.object({ queued: z.number().int(), messages: z.array(recallMessage) });

export const medicationReviewBody = z.strictObject({
  name: z.string().trim().min(1).max(200),
  decision: z.enum(["not-relevant", "class"]),
  classId: z.string().min(1).max(80).nullable().default(null),
  reason: z.string().trim().min(10, "at least 10 characters: why").max(2000),
});

export const medicationReviewView = z.object({
  id: z.uuid(),
  patientId: z.uuid(),
  name: z.string(),
  nameKey: z.string(),
  decision: z.enum(["not-relevant", "class"]),
  classId: z.string().nullable(),
  reason: z.string(),
  protocolVersion: z.string(),
  reviewedBy: z.uuid(),
  reviewedAt: instant,
});

export const medicationReviews = z.object({ reviews: z.array(medicationReviewView) });
/** A medication review just recorded (answered 201). */
export const medicationReviewed = z.object({ review: medicationReviewView });

export const chartOptionsView = z.object({
  checklistSteps: z.array(
    z.object({
      id: z.string(),
      text: z.string(),
      durationMinutes: z.object({ min: z.number(), max: z.number() }).nullable(),
    }),
  ),
  postProducts: z.array(
    z.object({
      id: z.string(),
      label: z.string(),
      granulomaRisk: z.boolean(),
      physicianLed: z.boolean(),
    }),
  ),
  conditions: z.array(z.object({ id: z.string(), label: z.string() })),
  medicationClasses: z.array(z.object({ id: z.string(), label: z.string() })),
});

export const chartList = z.object({ charts: z.array(chartView) });
export const deviceList = z.object({ devices: z.array(z.object({ id: z.uuid(), name: z.string() })) });

// Endpoints the web reads.
export const patientCharts = endpoint("GET", "/api/patients/:id/charts", chartList);
export const chartOptions = endpoint("GET", "/api/charts/options", chartOptionsView);
export const chartDevices = endpoint("GET", "/api/charts/devices", deviceList);
export const sessionChart = endpoint("GET", "/api/charts/:id", chartResponse);
export const startChart = endpoint("POST", "/api/patients/:id/charts", chartResponse);
export const saveChart = endpoint("PUT", "/api/charts/:id", chartResponse);
export const signChart = endpoint("POST", "/api/charts/:id/sign", chartResponse);
export const addAddendum = endpoint("POST", "/api/charts/:id/addenda", addendumAnswer);
export const reviewMedication = action(
  "POST",
  "/api/patients/:id/medication-reviews",
  medicationReviewBody,
  medicationReviewed,
);
export const recalls = endpoint("GET", "/api/recalls", recallCharts);
export const recallMessageDrafts = endpoint("GET", "/api/recalls/messages", recallMessages);
export const sendRecallMessages = action("POST", "/api/recalls/messages", recallBody, recallSent);

/** A session chart with its addenda, and the warnings of the save that answered it. */
export type ChartAnswer = z.output<typeof chartResponse>;
export type SessionChart = z.output<typeof chartView>;
export type ZoneRow = SessionChart["zones"][number];
export type AdverseEvent = SessionChart["adverseEvents"][number];
export type ChartOptions = z.output<typeof chartOptionsView>;
export type RecallChart = z.output<typeof recallChart>;
export type RecallMessage = z.output<typeof recallMessage>;
