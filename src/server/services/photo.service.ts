/**
 * Clinical photographs. An upload is decoded and re-encoded (no metadata survives), checked
 * against the patient's current photo consent, written to the photo storage and recorded in one
 * transaction; when anything fails the files written are removed again, so a refusal leaves
 * neither a file nor a row. Photos are served only through signed-in routes, each view audited,
 * and only within the scope of the consent they were taken under.
 *
 * A clinician may remove a photo with a reason: the row becomes a tombstone (who, when, why) in
 * the same audited transaction, and the files leave the photo store once that has committed, so a
 * failed removal never leaves a record pointing at a deleted file.
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
  markPhotoRemoved,
  type PhotoRow,
} from "../../db/repositories/photo.repository.ts";
import { DomainError, notFound } from "../../domain/errors.ts";
import { isOwnRecord } from "../../domain/patient-access.ts";
import type { PhotoScope } from "../../domain/record/consent-rules.ts";
import {
  type PhotoContext,
  type PhotoLimits,
  type PhotoView,
  photoShownIn,
  scopeForNewPhoto,
} from "../../domain/record/photo-rules.ts";
import { type PhotoSummary, presentPhoto } from "../presenters/photos.ts";
import { type PhotoStorage, PhotoStoreError } from "../storage/photo-storage.ts";
import type { Principal } from "./auth.service.ts";
import { clinicalTx } from "./clinical-tx.ts";
import { hasCurrentConsent } from "./consent.service.ts";
import { processPhoto } from "./photo-image.ts";
import { clinicToday, ownPatientId } from "./record-context.ts";
import { accessorOf, type RequestContext } from "./request-context.ts";

export type { PhotoSummary };

export interface UploadInput {
  view: PhotoView;
  chartId: string | null;
}

/** The store is down or refused: a 503 the client may retry, with the store's own reason. */
function storeUnavailable(error: unknown): unknown {
  if (!(error instanceof PhotoStoreError)) return error;
  return new DomainError(
    "unavailable",
    "photo_store_unavailable",
    `the photo store is not available; try again (${error.message})`,
  );
}

export interface RemovalResult {
  photo: PhotoSummary<PhotoRow["view"]>;
  /** False when the store could not delete a file after the removal committed (it is logged). */
  filesDeleted: boolean;
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
  assertPatient(ctx: RequestContext, patientId: string): Promise<void> {
    return clinicalTx(this.#db, ctx, async (tx) => {
      if (!(await getPatient(tx, patientId))) throw notFound("patient");
    });
  }

  async upload(
    ctx: RequestContext,
    patientId: string,
    input: UploadInput,
    bytes: Buffer,
  ): Promise<PhotoSummary> {
    // The CPU work happens before the transaction, so no connection is held while pixels are decoded.
    const image = await processPhoto(bytes, this.#limits);
    const written: string[] = [];
    try {
      return await clinicalTx(this.#db, ctx, async (tx, audit) => {
        if (!(await getPatient(tx, patientId))) throw notFound("patient");
        let takenOn = clinicToday(ctx.principal);
        if (input.chartId) {
          const chart = await getChart(tx, input.chartId);
          if (!chart || chart.patientId !== patientId) {
            throw new DomainError(
              "invalid",
              "invalid_photo",
              "query.chartId: not a session of this patient",
              {
                "query.chartId": "not a session of this patient",
              },
            );
          }
          takenOn = chart.sessionDate;
        }
        const consent = await hasCurrentConsent(tx, ctx.principal, patientId, "photo");
        const scope = scopeForNewPhoto(
          consent.current ? { current: true, photoScope: consent.photoScope } : null,
        );
        if (!consent.current || scope === null) {
          throw new DomainError(
            "conflict",
            "photo_consent_required",
            `the patient has no current photo consent (${consent.current ? "no scope" : consent.reason}); sign it first`,
            { "path.id": "no current photo consent" },
          );
        }
        const id = randomUUID();
        const base = `${ctx.principal.clinic.id}/${patientId}/${id}`;
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
          createdBy: ctx.principal.user.id,
        });
        await audit("photo.upload", "photo", id, {
          patientId,
          view: input.view,
          scope,
          chartId: input.chartId,
        });
        return presentPhoto({ ...row, view: input.view });
      });
    } catch (error) {
      await Promise.all(written.map((key) => this.#storage.delete(key).catch(() => {})));
      throw storeUnavailable(error);
    }
  }

  /** The patient's photos in a context (clinical record, or marketing), oldest first. */
  list(
    ctx: RequestContext,
    patientId: string,
    view: PhotoView | null,
    context: PhotoContext,
    options: { withRemoved: boolean } = { withRemoved: true },
  ) {
    return clinicalTx(this.#db, ctx, async (tx, audit) => {
      if (!(await getPatient(tx, patientId))) throw notFound("patient");
      const current = await currentPhotoScope(tx, ctx.principal, patientId);
      // Tombstones belong to the clinical record only: never in marketing, not in the patient's gallery.
      const keepRemoved = options.withRemoved && context === "clinical";
      const photos = (await listPatientPhotos(tx, patientId, view)).filter(
        (p) => (keepRemoved || !p.removedAt) && photoShownIn(p.consentScope, context, current),
      );
      await audit("photo.list", "patient", patientId, { context, view, count: photos.length });
      return { photos: photos.map(presentPhoto), currentScope: current };
    });
  }

  ownList(ctx: RequestContext) {
    return this.list(ctx, ownPatientId(ctx.principal), null, "clinical", { withRemoved: false });
  }

  /** Photos released for marketing, across patients, whose consent still allows it. */
  marketingGallery(ctx: RequestContext, limit = 200) {
    return clinicalTx(this.#db, ctx, async (tx, audit) => {
      const scopes = new Map<string, PhotoScope | null>();
      const out: PhotoSummary[] = [];
      for (const p of await listMarketingScopedPhotos(tx, limit)) {
        if (!scopes.has(p.patientId))
          scopes.set(p.patientId, await currentPhotoScope(tx, ctx.principal, p.patientId));
        if (photoShownIn(p.consentScope, "marketing", scopes.get(p.patientId) ?? null))
          out.push(presentPhoto(p));
      }
      await audit("photo.gallery", "photo", null, { context: "marketing", count: out.length });
      return out;
    });
  }

  /**
   * Removes a photo: the tombstone and its audit row commit first, then the picture and its
   * thumbnail are deleted from the store. Another clinic's photo is "not found"; a photo already
   * removed is a conflict (the first removal's reason stands).
   */
  async remove(
    ctx: RequestContext,
    photoId: string,
    reason: string,
    log: (message: string) => void = () => {},
  ): Promise<RemovalResult> {
    const removed = await clinicalTx(this.#db, ctx, async (tx, audit) => {
      const photo = await getPhoto(tx, photoId);
      if (!photo) throw notFound("photo");
      if (photo.removedAt) {
        throw new DomainError("conflict", "photo_already_removed", "this photo was already removed", {
          "path.id": "already removed",
        });
      }
      const row = await markPhotoRemoved(tx, photoId, ctx.principal.user.id, reason);
      if (!row) throw new DomainError("conflict", "photo_already_removed", "this photo was already removed");
      // The reason is the clinician's words about the patient: it stays in the record, not the audit.
      await audit("photo.remove", "photo", photoId, {
        patientId: photo.patientId,
        view: photo.view,
        scope: photo.consentScope,
        chartId: photo.chartId,
      });
      return row;
    });
    let filesDeleted = true;
    for (const key of [removed.storageKey, removed.thumbKey]) {
      try {
        await this.#storage.delete(key);
      } catch (error) {
        filesDeleted = false;
        log(`photo ${photoId}: a file was not deleted from the photo store: ${(error as Error).message}`);
      }
    }
    return { photo: presentPhoto(removed), filesDeleted };
  }

  /**
   * The bytes of one photo (or its thumbnail). Outside its scope, another patient's, or another
   * clinic's photo are all "not found": the answer never tells that a photo exists.
   */
  image(
    ctx: RequestContext,
    photoId: string,
    options: { size: "full" | "thumb"; context: PhotoContext; ownOnly: boolean },
  ) {
    return clinicalTx(this.#db, ctx, async (tx, audit) => {
      const photo = await getPhoto(tx, photoId);
      if (
        !photo ||
        photo.removedAt ||
        (options.ownOnly && !isOwnRecord(accessorOf(ctx.principal), photo.patientId))
      )
        throw notFound("photo");
      const current = await currentPhotoScope(tx, ctx.principal, photo.patientId);
      if (!photoShownIn(photo.consentScope, options.context, current)) throw notFound("photo");
      const bytes = await this.#storage
        .get(options.size === "thumb" ? photo.thumbKey : photo.storageKey)
        .catch((error: unknown) => {
          throw storeUnavailable(error);
        });
      if (!bytes)
        throw new DomainError("gone", "photo_missing", "the photo file is missing from the photo storage");
      await audit("photo.view", "photo", photoId, {
        patientId: photo.patientId,
        size: options.size,
        context: options.context,
      });
      return bytes;
    });
  }
}
