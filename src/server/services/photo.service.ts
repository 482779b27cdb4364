/**
 * Clinical photographs. An upload is decoded and re-encoded (no metadata survives), checked
 * against the patient's current photo consent, written to the photo storage and recorded in one
 * transaction; when anything fails the files written are removed again, so a refusal leaves
 * neither a file nor a row. Photos are served only through signed-in routes, each view audited,
 * and only within the scope of the consent they were taken under.
 */
import { randomUUID } from "node:crypto";
import type { Db, Tx } from "../../db/pool.ts";
import { getChart } from "../../db/repositories/chart.repository.ts";
import { getPatient } from "../../db/repositories/patient.repository.ts";
import {
  getPhoto,
  insertPhoto,
  listMarketingScopedPhotos,
  listPatientPhotos,
  type PhotoRow,
} from "../../db/repositories/photo.repository.ts";
import type { PhotoScope } from "../../domain/record/consent-rules.ts";
import {
  type PhotoContext,
  type PhotoLimits,
  type PhotoView,
  photoShownIn,
  scopeForNewPhoto,
} from "../../domain/record/photo-rules.ts";
import { HttpError, notFound } from "../http/errors.ts";
import type { PhotoStorage } from "../storage/photo-storage.ts";
import type { Principal, RequestOrigin } from "./auth.service.ts";
import { clinicalTx } from "./clinical-tx.ts";
import { hasCurrentConsent } from "./consent.service.ts";
import { processPhoto } from "./photo-image.ts";
import { clinicToday, ownPatientId } from "./record-context.ts";

export interface UploadInput {
  view: PhotoView;
  chartId: string | null;
}

export type PhotoSummary = Omit<PhotoRow, "storageKey" | "thumbKey" | "consentId">;

function present(row: PhotoRow): PhotoSummary {
  const { storageKey: _s, thumbKey: _t, consentId: _c, ...rest } = row;
  return rest;
}

async function currentPhotoScope(
  tx: Tx,
  principal: Principal,
  patientId: string,
): Promise<PhotoScope | null> {
  const consent = await hasCurrentConsent(tx, principal, patientId, "photo");
  return consent.current ? consent.photoScope : null;
}

export class PhotoService {
  readonly #db: Db;
  readonly #storage: PhotoStorage;
  readonly #limits: PhotoLimits;
  constructor(db: Db, storage: PhotoStorage, limits: PhotoLimits) {
    this.#db = db;
    this.#storage = storage;
    this.#limits = limits;
  }

  get limits(): PhotoLimits {
    return this.#limits;
  }

  /** 404 before anything else: another clinic's patient learns nothing from the body checks. */
  assertPatient(principal: Principal, origin: RequestOrigin, patientId: string): Promise<void> {
    return clinicalTx(this.#db, principal, origin, async (tx) => {
      if (!(await getPatient(tx, patientId))) throw notFound("patient");
    });
  }

  async upload(
    principal: Principal,
    origin: RequestOrigin,
    patientId: string,
    input: UploadInput,
    bytes: Buffer,
  ): Promise<PhotoSummary> {
    // The CPU work happens before the transaction, so no connection is held while pixels are decoded.
    const image = await processPhoto(bytes, this.#limits);
    const written: string[] = [];
    try {
      return await clinicalTx(this.#db, principal, origin, async (tx, audit) => {
        if (!(await getPatient(tx, patientId))) throw notFound("patient");
        let takenOn = clinicToday(principal);
        if (input.chartId) {
          const chart = await getChart(tx, input.chartId);
          if (!chart || chart.patientId !== patientId) {
            throw new HttpError(400, "invalid_photo", "query.chartId: not a session of this patient", {
              "query.chartId": "not a session of this patient",
            });
          }
          takenOn = chart.sessionDate;
        }
        const consent = await hasCurrentConsent(tx, principal, patientId, "photo");
        const scope = scopeForNewPhoto(
          consent.current ? { current: true, photoScope: consent.photoScope } : null,
        );
        if (!consent.current || scope === null) {
          throw new HttpError(
            409,
            "photo_consent_required",
            `the patient has no current photo consent (${consent.current ? "no scope" : consent.reason}); sign it first`,
            { "path.id": "no current photo consent" },
          );
        }
        const id = randomUUID();
        const base = `${principal.clinic.id}/${patientId}/${id}`;
        const storageKey = `${base}.jpg`;
        const thumbKey = `${base}.thumb.jpg`;
        written.push(storageKey);
        await this.#storage.put(storageKey, image.full.bytes);
        written.push(thumbKey);
        await this.#storage.put(thumbKey, image.thumb.bytes);
        const row = await insertPhoto(tx, {
          id,
          patientId,
          chartId: input.chartId,
          view: input.view,
          consentScope: scope,
          consentId: consent.consentId,
          storageKey,
          thumbKey,
          width: image.full.width,
          height: image.full.height,
          bytes: image.full.bytes.length,
          takenOn,
          createdBy: principal.user.id,
        });
        await audit("photo.upload", "photo", id, {
          patientId,
          view: input.view,
          scope,
          chartId: input.chartId,
        });
        return present(row);
      });
    } catch (error) {
      await Promise.all(written.map((key) => this.#storage.delete(key).catch(() => {})));
      throw error;
    }
  }

  /** The patient's photos in a context (clinical record, or marketing), oldest first. */
  list(
    principal: Principal,
    origin: RequestOrigin,
    patientId: string,
    view: PhotoView | null,
    context: PhotoContext,
  ) {
    return clinicalTx(this.#db, principal, origin, async (tx, audit) => {
      if (!(await getPatient(tx, patientId))) throw notFound("patient");
      const current = await currentPhotoScope(tx, principal, patientId);
      const photos = (await listPatientPhotos(tx, patientId, view)).filter((p) =>
        photoShownIn(p.consentScope, context, current),
      );
      await audit("photo.list", "patient", patientId, { context, view, count: photos.length });
      return { photos: photos.map(present), currentScope: current };
    });
  }

  ownList(principal: Principal, origin: RequestOrigin) {
    return this.list(principal, origin, ownPatientId(principal), null, "clinical");
  }

  /** Photos released for marketing, across patients, whose consent still allows it. */
  marketingGallery(principal: Principal, origin: RequestOrigin, limit = 200) {
    return clinicalTx(this.#db, principal, origin, async (tx, audit) => {
      const scopes = new Map<string, PhotoScope | null>();
      const out: PhotoSummary[] = [];
      for (const p of await listMarketingScopedPhotos(tx, limit)) {
        if (!scopes.has(p.patientId))
          scopes.set(p.patientId, await currentPhotoScope(tx, principal, p.patientId));
        if (photoShownIn(p.consentScope, "marketing", scopes.get(p.patientId) ?? null)) out.push(present(p));
      }
      await audit("photo.gallery", "photo", null, { context: "marketing", count: out.length });
      return out;
    });
  }

  /**
   * The bytes of one photo (or its thumbnail). Outside its scope, another patient's, or another
   * clinic's photo are all "not found": the answer never tells that a photo exists.
   */
  image(
    principal: Principal,
    origin: RequestOrigin,
    photoId: string,
    options: { size: "full" | "thumb"; context: PhotoContext; ownOnly: boolean },
  ) {
    return clinicalTx(this.#db, principal, origin, async (tx, audit) => {
      const photo = await getPhoto(tx, photoId);
      if (!photo || (options.ownOnly && photo.patientId !== principal.user.patientId))
        throw notFound("photo");
      const current = await currentPhotoScope(tx, principal, photo.patientId);
      if (!photoShownIn(photo.consentScope, options.context, current)) throw notFound("photo");
      const bytes = await this.#storage.get(options.size === "thumb" ? photo.thumbKey : photo.storageKey);
      if (!bytes)
        throw new HttpError(410, "photo_missing", "the photo file is missing from the photo storage");
      await audit("photo.view", "photo", photoId, {
        patientId: photo.patientId,
        size: options.size,
        context: options.context,
      });
      return bytes;
    });
  }
}
