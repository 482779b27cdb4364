import { z } from "zod";
import { instant } from "./codecs.ts";
import { endpoint } from "./endpoint.ts";
import { screeningOutput } from "./screenings.ts";

const outcome = z.enum(["eligible", "defer", "needs-physician-clearance", "decline"]);

export const consultationBody = z.strictObject({
  overrideOutcome: outcome.nullable().default(null),
  justification: z.string().trim().min(1).max(5000).nullable().default(null),
  goodmanBaronGrade: z.number().int().min(1).max(4).nullable().default(null),
});

export const consultationView = z.object({
  id: z.uuid(),
  patientId: z.uuid(),
  providerId: z.uuid(),
  decision: screeningOutput,
  decisionSource: z.enum(["screening-store", "engine"]),
  engineOutcome: outcome,
  protocolVersion: z.string(),
  protocolVersionId: z.uuid().nullable(),
  overrideOutcome: outcome.nullable(),
  overrideJustification: z.string().nullable(),
  goodmanBaronGrade: z.number().nullable(),
  createdAt: instant,
});

export const idParams = z.strictObject({ id: z.uuid() });

export type Consultation = z.output<typeof consultationView>;

/** The decision a consultation starts from, and the zones and depths a plan may use. */
export const decisionView = z.object({
  decision: screeningOutput,
  source: z.enum(["screening-store", "engine"]),
  planZones: z.array(z.object({ zone: z.string(), minMm: z.number(), maxMm: z.number(), capMm: z.number() })),
});

export const oneConsultation = z.object({ consultation: consultationView });
export const consultationList = z.object({ consultations: z.array(consultationView) });

// Endpoints the web reads and calls.
export const patientDecision = endpoint("GET", "/api/patients/:id/decision", decisionView);
export const patientConsultations = endpoint("GET", "/api/patients/:id/consultations", consultationList);
export const recordConsultation = endpoint("POST", "/api/patients/:id/consultations", oneConsultation);
