import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { checkInResult } from "../../../contract/check-ins.ts";
import type { Db } from "../../../db/pool.ts";
import { SEVERITIES } from "../../../domain/patient/triage.ts";
import { DEFAULT_PHOTO_LIMITS } from "../../../domain/record/photo-rules.ts";
import type { Config } from "../../config.ts";
import { ctx, PATIENT } from "../../http/access.ts";
import { errorBody, HttpError } from "../../http/errors.ts";
import { CheckInService } from "../../services/check-in.service.ts";
import { CheckInPhotos } from "../../services/check-in-photo.ts";
import { photoStorageFor } from "../../storage/storage-from-config.ts";

const severity = z.enum(SEVERITIES);
const checkInBody = z.strictObject({
  chartId: z.uuid(),
  answers: z.strictObject({
    redness: severity,
    swelling: severity,
    pain: z.number().int().min(0).max(10),
    painIncreasing: z.boolean(),
    warmthOrPus: z.boolean(),
    fever: z.boolean(),
    blistersOrColdSore: z.boolean(),
    bumpsOrDarkPatches: z.boolean(),
  }),
  // Optional: one picture of how it looks, base64 (JPEG, PNG, WebP or HEIF), cleaned like a clinic photo.
  photo: z
    .string()
    .regex(/^[A-Za-z0-9+/]*={0,2}$/, "must be the picture's bytes in base64")
    .min(4, "must be the picture's bytes in base64")
    .optional(),
});

export const checkInRoutes: FastifyPluginAsyncZod<{
  db: Db;
  publicUrl: string;
  config?: Pick<Config, "photoDir" | "photoS3" | "photos">;
}> = async (app, { db, publicUrl, config }) => {
  const maxBytes = config?.photos.maxBytes ?? 0;
  const service = new CheckInService(
    db,
    publicUrl,
    config
      ? new CheckInPhotos(photoStorageFor(config), {
          ...DEFAULT_PHOTO_LIMITS,
          maxPixels: config.photos.maxPixels,
        })
      : null,
  );
  // A body past the route's limit can only be an oversized photo: say so, naming the field.
  app.setErrorHandler((error, _req, reply) => {
    if ((error as { code?: string }).code === "FST_ERR_CTP_BODY_TOO_LARGE") {
      return reply.status(413).send({
        error: "photo_too_large",
        message: `body.photo: larger than ${maxBytes} bytes`,
        fields: { "body.photo": `larger than the ${maxBytes}-byte limit` },
      });
    }
    throw error;
  });

  app.post(
    "/api/portal/check-ins",
    {
      config: { access: PATIENT },
      // Room for a photo at the size limit in base64 (a third larger), and a margin so that a
      // somewhat larger one gets the 413 that names body.photo.
      bodyLimit: Math.max(1024 * 1024, Math.ceil((maxBytes * 2 * 4) / 3) + 64 * 1024),
      schema: {
        tags: ["portal"],
        description:
          "A check-in after one of the patient's own signed sessions (day 1, day 3 or week 1, chosen by the time since the session). A red flag alerts the clinic at once.",
        body: checkInBody,
        response: {
          201: checkInResult,
          400: errorBody,
          404: errorBody,
          409: errorBody,
          413: errorBody,
          415: errorBody,
          422: errorBody,
        },
      },
    },
    async (req, reply) => {
      let photo: Buffer | null = null;
      if (req.body.photo !== undefined) {
        if (!config) throw new HttpError(400, "invalid_photo", "body.photo: photos are not accepted here");
        photo = Buffer.from(req.body.photo, "base64");
        if (photo.length > maxBytes) {
          throw new HttpError(413, "photo_too_large", `body.photo: larger than ${maxBytes} bytes`, {
            "body.photo": `larger than the ${maxBytes}-byte limit`,
          });
        }
      }
      return reply
        .status(201)
        .send(await service.submit(ctx(req), req.body.chartId, req.body.answers, undefined, photo));
    },
  );
};
