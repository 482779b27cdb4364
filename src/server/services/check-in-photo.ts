/**
 * The optional photo a patient sends with a check-in ("how it looks today"). It goes through the
 * same refusals and clean-up as a clinic photo (decoded and re-encoded: no EXIF, no GPS; size,
 * format and dimensions checked) and into the same photo store, and is recorded as a photo of the
 * clinical record only (view "check-in"), whatever the consent's scope: a healing-skin picture
 * taken at home is never marketing material.
 *
 * It needs a current photo consent. Without one the check-in itself is still taken and triaged
 * (a red flag must never wait for a form); the photo is not stored and the answer says why. The
 * same when the photo store is down: the answers go through, the photo does not.
 */
import { randomUUID } from "node:crypto";
import type { Tx } from "../../db/pool.ts";
import { insertPhoto } from "../../db/repositories/photo.repository.ts";
import { DomainError } from "../../domain/errors.ts";
import type { PhotoLimits } from "../../domain/record/photo-rules.ts";
import { type PhotoStorage, PhotoStoreError } from "../storage/photo-storage.ts";
import type { Principal } from "./auth.service.ts";
import type { Audit } from "./clinical-tx.ts";
import { hasCurrentConsent } from "./consent.service.ts";
import { type ProcessedPhoto, processPhoto } from "./photo-image.ts";
import { clinicToday } from "./record-context.ts";

export type CheckInPhotoOutcome =
  | { stored: true; photoId: string }
  | { stored: false; reason: "no_photo_consent" | "photo_store_unavailable" };

export class CheckInPhotos {
  readonly #storage: PhotoStorage;
  readonly #limits: PhotoLimits;
  constructor(storage: PhotoStorage, limits: PhotoLimits) {
    this.#storage = storage;
    this.#limits = limits;
  }

  /** Decodes and cleans the picture (before any transaction: no connection is held meanwhile). */
  async prepare(bytes: Buffer): Promise<ProcessedPhoto> {
    try {
      return await processPhoto(bytes, this.#limits);
    } catch (error) {
      if (error instanceof DomainError && error.fields?.body) {
        throw new DomainError(error.kind, error.code, `body.photo: ${error.fields.body}`, {
          "body.photo": error.fields.body,
        });
      }
      throw error;
    }
  }

  /**
   * Stores the picture and records it, inside the check-in's transaction. The keys written are
   * pushed to `written` so that the caller removes them if the transaction does not commit.
   */
  async attach(
    tx: Tx,
    audit: Audit,
    principal: Principal,
    input: { patientId: string; chartId: string; image: ProcessedPhoto },
    written: string[],
  ): Promise<CheckInPhotoOutcome> {
    const consent = await hasCurrentConsent(tx, principal, input.patientId, "photo");
    if (!consent.current) return { stored: false, reason: "no_photo_consent" };
    const id = randomUUID();
    const base = `${principal.clinic.id}/${input.patientId}/${id}`;
    const storageKey = `${base}.jpg`;
    const thumbKey = `${base}.thumb.jpg`;
    try {
      written.push(storageKey);
      await this.#storage.put(storageKey, input.image.full.bytes);
      written.push(thumbKey);
      await this.#storage.put(thumbKey, input.image.thumb.bytes);
    } catch (error) {
      if (!(error instanceof PhotoStoreError)) throw error;
      await this.discard(written.splice(0));
      return { stored: false, reason: "photo_store_unavailable" };
    }
    await insertPhoto(tx, {
      id,
      patientId: input.patientId,
      chartId: input.chartId,
      view: "check-in",
      consentScope: "clinical",
      consentId: consent.consentId,
      storageKey,
      thumbKey,
      width: input.image.full.width,
      height: input.image.full.height,
      bytes: input.image.full.bytes.length,
      takenOn: clinicToday(principal),
      createdBy: principal.user.id,
    });
    await audit("photo.upload", "photo", id, {
      patientId: input.patientId,
      view: "check-in",
      scope: "clinical",
      chartId: input.chartId,
    });
    return { stored: true, photoId: id };
  }

  /** Removes files written for a check-in that did not commit. */
  async discard(written: string[]): Promise<void> {
    await Promise.all(written.map((key) => this.#storage.delete(key).catch(() => {})));
  }
}
