import { z } from "zod";
import { instant } from "./codecs.ts";

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
  decision: z.record(z.string(), z.unknown()),
  decisionSource: z.enum(["screening-store", "engine"]),
  engineOutcome: z.string(),
  protocolVersion: z.string(),
  protocolVersionId: z.uuid().nullable(),
  overrideOutcome: z.string().nullable(),
  overrideJustification: z.string().nullable(),
  goodmanBaronGrade: z.number().nullable(),
  createdAt: instant,
});

export const idParams = z.strictObject({ id: z.uuid() });
