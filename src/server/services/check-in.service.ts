/**
 * A patient's check-in after a session: checked against their own signed session, triaged by the
 * protocol's warning signs (src/domain/patient/triage.ts), stored with the protocol version, and,
 * on a red flag, sent to the clinic at once (the staff inbox lists it first; an e-mail goes to the
 * clinic's address through the outbox) while the patient is told what to do now.
 */

import type { Db } from "../../db/pool.ts";
import { clinicOpenAt, outOfHoursAdvice } from "../../db/repositories/clinic-hours.repository.ts";
import {
  clinicContact,
  getSignedSession,
  insertCheckIn,
  queuePatientSideMessage,
} from "../../db/repositories/patient-side.repository.ts";
import { DomainError, notFound } from "../../domain/errors.ts";
import { type CheckInAnswers, openCheckInPoint, triageCheckIn } from "../../domain/patient/triage.ts";
import type { CheckInPhotoOutcome, CheckInPhotos } from "./check-in-photo.ts";
import { clinicalTx } from "./clinical-tx.ts";
import { asPathway, ownPatientId, protocolForRecord } from "./record-context.ts";
import type { RequestContext } from "./request-context.ts";

export class CheckInService {
  readonly #db: Db;
  readonly #publicUrl: string;
  readonly #photos: CheckInPhotos | null;
  constructor(db: Db, publicUrl: string, photos: CheckInPhotos | null = null) {
    this.#db = db;
    this.#publicUrl = publicUrl;
    this.#photos = photos;
  }

  async submit(
    ctx: RequestContext,
    chartId: string,
    answers: CheckInAnswers,
    now = new Date(),
    photo: Buffer | null = null,
  ) {
    const patientId = ownPatientId(ctx.principal);
    if (photo && !this.#photos) throw new Error("check-in photos are not set up");
    // The optional photo: cleaned before the transaction, its files removed if it does not commit.
    const image = photo && this.#photos ? await this.#photos.prepare(photo) : null;
    const written: string[] = [];
    let photoOutcome: CheckInPhotoOutcome | null = null;
    return clinicalTx(this.#db, ctx, async (tx, audit) => {
      const session = await getSignedSession(tx, chartId);
      // Another patient's session looks exactly like one that does not exist.
      if (!session || session.patientId !== patientId) throw notFound("session");
      const elapsedHours = (now.getTime() - session.endedAt.getTime()) / 3_600_000;
      const point = openCheckInPoint(elapsedHours);
      if (!point) {
        throw new DomainError(
          "conflict",
          "check_in_closed",
          elapsedHours < 0
            ? "this session has not ended yet"
            : "check-ins for this session are closed; if something worries you, call the clinic",
        );
      }
      // Triaged by the clinic's current protocol, and stored with that version (the stored row).
      const { protocol, version } = await protocolForRecord(tx, ctx.principal);
      const triage = triageCheckIn(answers, point, asPathway(protocol).aftercareTimeline);
      if (image && this.#photos) {
        photoOutcome = await this.#photos.attach(
          tx,
          audit,
          ctx.principal,
          { patientId, chartId, image },
          written,
        );
      }
      const row = await insertCheckIn(tx, {
        patientId,
        chartId,
        point,
        answers: { ...answers },
        triage: triage.level,
        flags: triage.flags,
        protocolVersion: version,
        photoId: photoOutcome?.stored ? photoOutcome.photoId : null,
        submittedBy: ctx.principal.user.id,
      });
      await audit("check_in.create", "check_in", row.id, {
        patientId,
        chartId,
        point,
        triage: triage.level,
        flags: triage.flags.map((f) => f.id),
      });
      const clinic = await clinicContact(tx);
      if (triage.level === "red-flag" && clinic.alertEmail) {
        // No name or answers in the e-mail: it says where to look, the record says what.
        await queuePatientSideMessage(tx, {
          kind: "check-in-alert",
          patientId,
          toAddress: clinic.alertEmail,
          subject: "Red flag in a patient check-in: please call the patient now",
          bodyText:
            `A patient's ${point} check-in after their session on ${session.sessionDate} has red flags: ` +
            `${triage.flags
              .filter((f) => f.level === "red-flag")
              .map((f) => f.id)
              .join(", ")}.\n\n` +
            `Open the inbox: ${this.#publicUrl}/app/inbox\n`,
          dedupeKey: `check-in-alert:${row.id}`,
          sendAfter: now,
        });
      }
      return {
        id: row.id,
        chartId,
        point,
        triage: triage.level,
        flags: triage.flags,
        warning: triage.warning,
        expected: triage.expected,
        protocolVersion: version,
        clinicPhone: clinic.phone,
        // A red flag while the clinic is closed: its out-of-hours advice instead of "call them now".
        clinicOpen: triage.level === "red-flag" ? await clinicOpenAt(tx, new Date(now)) : true,
        outOfHoursAdvice: triage.level === "red-flag" ? await outOfHoursAdvice(tx) : null,
        createdAt: row.createdAt.toISOString(),
        photoId: row.photoId,
        photoNotStored: photoOutcome && !photoOutcome.stored ? photoOutcome.reason : null,
      };
    }).catch(async (error: unknown) => {
      await this.#photos?.discard(written);
      throw error;
    });
  }
}
