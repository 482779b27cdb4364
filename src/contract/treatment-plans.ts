// A treatment plan as staff and the patient read it: its concerns, zones and depths, the series,
// the price, and whether the patient has accepted it.
import { z } from "zod";
import { instant } from "./codecs.ts";
import { endpoint } from "./endpoint.ts";

export const planView = z
  .object({
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
  })
  .meta({ id: "TreatmentPlan" });

export const planList = z.object({ plans: z.array(planView) });
export const onePlan = z.object({ plan: planView });

// Endpoints the web calls.
export const ownPlans = endpoint("GET", "/api/portal/plans", planList);
export const acceptPlan = endpoint("POST", "/api/portal/plans/:id/accept", onePlan);
