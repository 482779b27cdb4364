import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import {
  idParams,
  imageQuery,
  listQuery,
  marketingPhotoList,
  photoList,
  photoView,
  removalBody,
  removalResult,
  uploadQuery,
} from "../../../contract/photos.ts";
import type { Db } from "../../../db/pool.ts";
import { DEFAULT_PHOTO_LIMITS } from "../../../domain/record/photo-rules.ts";
import type { Config } from "../../config.ts";
import { CLINICIANS, ctx, PATIENT, readersOf } from "../../http/access.ts";
import { errorBody, HttpError } from "../../http/errors.ts";
import { PhotoService } from "../../services/photo.service.ts";
import { photoStorageFor } from "../../storage/storage-from-config.ts";

const tooLarge = (max: number) =>
  new HttpError(413, "photo_too_large", `body: larger than ${max} bytes`, {
    body: `larger than the ${max}-byte limit`,
  });

/** Image bytes as they come: private, never cached by a shared cache, never guessed at by a browser. */
const IMAGE_HEADERS = {
  "content-type": "image/jpeg",
  "cache-control": "private, no-store",
  "x-content-type-options": "nosniff",
  "content-disposition": "inline",
};

export const photoRoutes: FastifyPluginAsyncZod<{ db: Db; config: Config }> = async (app, { db, config }) => {
  const maxBytes = config.photos.maxBytes;
  const photos = new PhotoService(db, photoStorageFor(config), {
    ...DEFAULT_PHOTO_LIMITS,
    maxPixels: config.photos.maxPixels,
  });
  const errors = {
    400: errorBody,
    404: errorBody,
    409: errorBody,
    413: errorBody,
    415: errorBody,
    422: errorBody,
  };

  // The photo is the request body (as a phone's <input capture> hands it over); counted as it
  // streams so an oversized upload is refused without being held in memory whole.
  app.addContentTypeParser(/^(image\/[a-z0-9.+-]+|application\/octet-stream)$/i, (req, payload, done) => {
    const declared = Number(req.headers["content-length"]);
    if (Number.isFinite(declared) && declared > maxBytes) {
      payload.resume();
      return done(tooLarge(maxBytes), undefined);
    }
    const chunks: Buffer[] = [];
    let total = 0;
    let failed = false;
    payload.on("data", (chunk: Buffer) => {
      if (failed) return;
      total += chunk.length;
      if (total > maxBytes) {
        failed = true;
        chunks.length = 0;
        done(tooLarge(maxBytes), undefined);
        return;
      }
      chunks.push(chunk);
    });
    payload.on("end", () => {
      if (!failed) done(null, Buffer.concat(chunks));
    });
    payload.on("error", (error) => {
      if (!failed) {
        failed = true;
        done(error, undefined);
      }
    });
  });

  app.post(
    "/api/patients/:id/photos",
    {
      config: { access: CLINICIANS },
      bodyLimit: maxBytes + 1,
      schema: {
        tags: ["photos"],
        description:
          "Upload one photo as the request body (Content-Type image/jpeg, image/png, image/webp or image/heic). " +
          "Metadata (EXIF, GPS, XMP, ICC) is removed and a thumbnail made.",
        params: idParams,
        querystring: uploadQuery,
        response: { 201: z.object({ photo: photoView }), ...errors },
      },
    },
    async (req, reply) => {
      await photos.assertPatient(ctx(req), req.params.id);
      const body = req.body;
      if (!Buffer.isBuffer(body)) {
        throw new HttpError(415, "unsupported_photo", "headers.content-type: send the picture as image/*", {
          "headers.content-type": "must be image/* (or application/octet-stream)",
          body: "not a picture",
        });
      }
      if (body.length === 0) {
        throw new HttpError(400, "invalid_photo", "body: send the picture as the request body", {
          body: "empty; send the picture's bytes with an image/* content type",
        });
      }
      const photo = await photos.upload(
        ctx(req),
        req.params.id,
        { view: req.query.view, chartId: req.query.chartId ?? null },
        body,
      );
      return reply.status(201).send({ photo });
    },
  );

  app.get(
    "/api/patients/:id/photos",
    {
      config: { access: readersOf("photo") },
      schema: {
        tags: ["photos"],
        params: idParams,
        querystring: listQuery,
        response: { 200: photoList, 404: errorBody },
      },
    },
    async (req) => photos.list(ctx(req), req.params.id, req.query.view ?? null, req.query.context),
  );

  app.get(
    "/api/photos/marketing",
    {
      config: { access: CLINICIANS },
      schema: { tags: ["photos"], response: { 200: marketingPhotoList } },
    },
    async (req) => ({ photos: await photos.marketingGallery(ctx(req)) }),
  );

  app.get(
    "/api/photos/:id/image",
    {
      config: { access: readersOf("photo") },
      schema: { tags: ["photos"], params: idParams, querystring: imageQuery },
    },
    async (req, reply) => {
      const bytes = await photos.image(ctx(req), req.params.id, {
        size: req.query.size,
        context: req.query.context,
        ownOnly: false,
      });
      return reply.headers(IMAGE_HEADERS).send(bytes);
    },
  );

  app.delete(
    "/api/photos/:id",
    {
      config: { access: CLINICIANS },
      schema: {
        tags: ["photos"],
        description:
          "Remove a photo, saying why. The picture and its thumbnail are deleted from the photo store; " +
          "the record keeps who removed it, when and why.",
        params: idParams,
        body: removalBody,
        response: { 200: removalResult, 400: errorBody, 404: errorBody, 409: errorBody },
      },
    },
    async (req) =>
      photos.remove(ctx(req), req.params.id, req.body.reason, (message) => req.log.warn(message)),
  );

  app.get(
    "/api/portal/photos",
    { config: { access: PATIENT }, schema: { tags: ["photos"], response: { 200: photoList } } },
    async (req) => photos.ownList(ctx(req)),
  );

  app.get(
    "/api/portal/photos/:id/image",
    {
      config: { access: PATIENT },
      schema: {
        tags: ["photos"],
        params: idParams,
        querystring: imageQuery.pick({ size: true }).strict(),
      },
    },
    async (req, reply) => {
      const bytes = await photos.image(ctx(req), req.params.id, {
        size: req.query.size,
        context: "clinical",
        ownOnly: true,
      });
      return reply.headers(IMAGE_HEADERS).send(bytes);
    },
  );
};
