import { z } from "zod";
import { PHOTO_VIEWS } from "../domain/record/photo-rules.ts";
import { instant } from "./codecs.ts";
import { endpoint } from "./endpoint.ts";

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
  createdAt: instant,
  removed: z
    .object({ at: instant, by: z.uuid(), byName: z.string().nullable(), reason: z.string() })
    .nullable()
    .describe("Set when the photo was removed: the picture is gone, who removed it, when and why stay."),
});

export const removalBody = z.strictObject({
  reason: z
    .string()
    .trim()
    .min(3, "say why the photo is removed (at least 3 characters)")
    .max(500, "at most 500 characters"),
});

export const removalResult = z.object({
  photo: photoView.extend({ view: z.enum([...PHOTO_VIEWS, "check-in"]) }),
  filesDeleted: z.boolean(),
});

export const photoList = z.object({
  photos: z.array(photoView),
  currentScope: z.enum(["clinical", "marketing"]).nullable(),
});

// Endpoints the web reads and calls.
export const marketingPhotoList = z.object({ photos: z.array(photoView) });
export const patientPhotos = endpoint("GET", "/api/patients/:id/photos", photoList);
export const marketingPhotos = endpoint("GET", "/api/photos/marketing", marketingPhotoList);
export const ownPhotos = endpoint("GET", "/api/portal/photos", photoList);
export const removePhoto = endpoint("DELETE", "/api/photos/:id", removalResult);
