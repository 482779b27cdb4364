import { z } from "zod";
import { instant } from "./codecs.ts";
import { action, endpoint } from "./endpoint.ts";

export const rater = z.enum(["clinician", "patient"]);
export const idParams = z.strictObject({ id: z.uuid() });
export const planQuery = z.strictObject({ planId: z.uuid().optional() });

const common = {
  scaleId: z.string().min(1).max(80),
  value: z.number().min(0).max(1000),
  planId: z.uuid().nullable().default(null),
  chartId: z.uuid().nullable().default(null),
  recordedOn: z.iso.date().nullable().default(null),
};

export const recordBody = z.strictObject({ ...common, rater });
export const ownRecordBody = z.strictObject(common);

export const scoreView = z.object({
  id: z.uuid(),
  patientId: z.uuid(),
  planId: z.uuid().nullable(),
  chartId: z.uuid().nullable(),
  scaleId: z.string(),
  rater,
  value: z.number(),
  recordedOn: z.string(),
  protocolVersion: z.string(),
  createdAt: instant,
});

export const scaleView = z.object({
  id: z.string(),
  name: z.string(),
  sources: z.array(z.string()),
  min: z.number(),
  max: z.number(),
  levels: z.array(z.object({ value: z.number(), label: z.string(), description: z.string() })).nullable(),
  raters: z.array(rater),
  better: z.enum(["lower", "higher"]),
  fromProtocol: z.boolean(),
  caveat: z.string().nullable(),
});

export const trendView = z.object({
  scaleId: z.string(),
  rater,
  points: z.array(z.object({ recordedOn: z.string(), value: z.number(), chartId: z.uuid().nullable() })),
  change: z.number().nullable(),
  direction: z.enum(["better", "worse", "same"]).nullable(),
});

export const scoresView = z.object({ scores: z.array(scoreView), trend: z.array(trendView) });

export const oneScore = z.object({ score: scoreView });

// Endpoints the web reads and calls.
export const scaleList = z.object({ scales: z.array(scaleView) });
export const outcomeScales = endpoint("GET", "/api/outcome-scales", scaleList);
export const patientOutcomes = endpoint("GET", "/api/patients/:id/outcomes", scoresView);
export const ownOutcomes = endpoint("GET", "/api/portal/outcomes", scoresView);
/** The patient rates their own progress (201). */
export const rateOwnOutcome = action("POST", "/api/portal/outcomes", ownRecordBody, oneScore);
export const recordOutcome = endpoint("POST", "/api/patients/:id/outcomes", oneScore);
