import { z } from "zod";
import { instant } from "./codecs.ts";
import { endpoint } from "./endpoint.ts";

const calendarDate = z.iso
  .date()
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)), "not a calendar date");

const shortText = z.string().trim().min(1).max(200);

export const intakeAnswersBody = z.strictObject({
  pregnant: z.boolean().nullable(),
  breastfeeding: z.boolean().nullable(),
  deliveryDate: calendarDate.nullable().default(null),
  fitzpatrick: z.enum(["I", "II", "III", "IV", "V", "VI"]),
  conditions: z
    .array(
      z.strictObject({
        conditionId: z.string().min(1).max(80),
        status: z.enum(["active", "resolved", "history"]),
        site: shortText.nullable().default(null),
        // Where it is, by treatment zone ("not-sure", "elsewhere" besides): decides inTreatmentArea.
        zones: z.array(z.string().min(1).max(80)).max(20).default([]),
        // Said outright (staff, API clients) when not placed by zones; null: not answered.
        inTreatmentArea: z.boolean().nullable().default(null),
        severity: z.enum(["mild", "moderate", "severe"]).nullable().default(null),
        onset: calendarDate.nullable().default(null),
        resolved: calendarDate.nullable().default(null),
      }),
    )
    .max(50),
  medications: z
    .array(
      z.strictObject({
        ingredient: shortText,
        product: shortText.nullable().default(null),
        route: z.enum(["oral", "topical", "subcutaneous", "intravenous"]),
        prescribed: z.boolean(),
        ongoing: z.boolean(),
        lastTaken: calendarDate.nullable().default(null),
      }),
    )
    .max(50),
  history: z.strictObject({ keloids: z.boolean(), coldSores: z.boolean() }),
  concerns: z
    .array(
      z.strictObject({
        indication: z.string().min(1).max(80),
        zones: z.array(z.string().min(1).max(80)).min(1).max(20),
      }),
    )
    .min(1)
    .max(10),
});

const option = z.object({ id: z.string(), label: z.string() });
const conditionOption = option.extend({ askArea: z.boolean(), graded: z.boolean(), askOnset: z.boolean() });

export const intakeFormView = z.object({
  questionnaire: z.object({
    conditions: z.array(conditionOption),
    indications: z.array(option.extend({ zones: z.array(z.string()) })),
    zones: z.array(option.extend({ face: z.boolean() })),
    fitzpatrick: z.array(z.object({ value: z.string(), description: z.string() })),
  }),
  protocolVersion: z.string(),
  sex: z.string(),
  last: z
    .object({
      version: z.number().int(),
      submittedAt: instant,
      enteredBy: z.enum(["patient", "staff"]),
      answers: z.unknown(),
    })
    .nullable(),
  /** The self-check answers sent with the latest online booking, while there is no intake yet. */
  selfCheck: z.unknown().nullable(),
});

export const intakeSubmitted = z.object({
  id: z.uuid(),
  version: z.number().int(),
  submittedAt: instant,
});

export const patientParams = z.strictObject({ id: z.uuid() });

// Endpoints the web reads.
export const ownIntake = endpoint("GET", "/api/portal/intake", intakeFormView);
export const patientIntake = endpoint("GET", "/api/patients/:id/intake", intakeFormView);
