import { z } from "zod";
import { PHOTO_VIEWS } from "../../../domain/record/photo-rules.ts";

export const view = z.enum(PHOTO_VIEWS);
export const idParams = z.strictObject({ id: z.uuid() });

export const uploadQuery = z.strictObject({
  view,
  chartId: z.uuid().optional(),
});

export const listQuery = z.strictObject({
  view: view.optional(),
  context: z.enum(["clinical", "marketing"]).default("clinical"),
});

export const imageQuery = z.strictObject({
  size: z.enum(["full", "thumb"]).default("full"),
  context: z.enum(["clinical", "marketing"]).default("clinical"),
});

export const photoView = z.object({
  id: z.uuid(),
  patientId: z.uuid(),
  chartId: z.uuid().nullable(),
  view,
  consentScope: z.enum(["clinical", "marketing"]),
  width: z.number().int(),
  height: z.number().int(),
  bytes: z.number().int(),
  takenOn: z.string(),
  createdAt: z.date(),
});

export const photoList = z.object({
  photos: z.array(photoView),
  currentScope: z.enum(["clinical", "marketing"]).nullable(),
});
