// Treatment plans: built from a consultation, read by the clinic and the patient, accepted by the
// patient.
import { z } from "zod";
import { instant } from "./codecs.ts";
import { endpoint } from "./endpoint.ts";

export const idParams = z.strictObject({ id: z.uuid() });
const depth = z.number().min(0.1).max(3);

export const planBody = z.strictObject({
  zones: z
    .array(z.strictObject({ zone: z.string().min(1).max(80), minMm: depth, maxMm: depth }))
    .min(1)
    .max(20)
    .nullable()
    .default(null),
  sessions: z.number().int().min(1).max(24).nullable().default(null),
  intervalWeeks: z.number().int().min(1).max(52).nullable().default(null),
  maintenanceMonths: z.number().int().min(1).max(60).nullable().default(null),
  priceCents: z.number().int().min(0).max(100_000_000).nullable().default(null),
});

export const planView = z.object({
  id: z.uuid(),
  patientId: z.uuid(),
  consultationId: z.uuid(),
  concerns: z.array(
    z.object({
      indication: z.string(),
      zones: z.array(z.string()),
      goodmanBaronGrade: z.number().nullable(),
    }),
  ),
  zones: z.array(z.object({ zone: z.string(), minMm: z.number(), maxMm: z.number() })),
  sessions: z.number().int(),
  intervalWeeks: z.number().int(),
  maintenanceMonths: z.number().int().nullable(),
  priceCents: z.number().int(),
  protocolVersion: z.string(),
  status: z.enum(["proposed", "accepted", "withdrawn"]),
  acceptedAt: instant.nullable(),
  createdAt: instant,
});

export type TreatmentPlan = z.output<typeof planView>;

export const onePlan = z.object({ plan: planView });
export const planList = z.object({ plans: z.array(planView) });

// Endpoints the web reads and calls.
export const patientPlans = endpoint("GET", "/api/patients/:id/plans", planList);
export const buildPlan = endpoint("POST", "/api/consultations/:id/plans", onePlan);
export const ownPlans = endpoint("GET", "/api/portal/plans", planList);
export const acceptPlan = endpoint("POST", "/api/portal/plans/:id/accept", onePlan);
