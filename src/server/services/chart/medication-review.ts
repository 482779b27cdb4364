/**
 * Use case: a clinician's review of a medicine the protocol does not recognise, kept for the
 * patient and read by the next day-of re-screen.
 */
import type { Db } from "../../../db/pool.ts";
import { insertMedicationReview, listMedicationReviews } from "../../../db/repositories/chart.repository.ts";
import { getProfilePatient } from "../../../db/repositories/clinical-profile.repository.ts";
import { notFound } from "../../../domain/errors.ts";
import { medicationNameKey } from "../../../domain/protocol/medications.ts";
import { clinicalTx } from "../clinical-tx.ts";
import { fieldError, protocolForRecord } from "../record-context.ts";
import type { RequestContext } from "../request-context.ts";
import { type MedicationReviewInput, requireProvider } from "./model.ts";

/**
 * A clinician's review of a medicine the protocol does not recognise, kept for the patient: the
 * next re-screen reads it as not relevant or as a member of the chosen class. Audited.
 */
export function reviewMedication(
  db: Db,
  ctx: RequestContext,
  patientId: string,
  input: MedicationReviewInput,
) {
  requireProvider(ctx.principal);
  return clinicalTx(db, ctx, async (tx, audit) => {
    if (!(await getProfilePatient(tx, patientId))) throw notFound("patient");
    const { protocol, version } = await protocolForRecord(tx, ctx.principal);
    const problems: { field: string; message: string }[] = [];
    const nameKey = medicationNameKey(input.name);
    if (nameKey.length === 0) problems.push({ field: "name", message: "no letters or digits" });
    if (input.decision === "class") {
      if (!input.classId) problems.push({ field: "classId", message: "choose the class to screen it as" });
      else if (!protocol.medicationClasses.some((c) => c.id === input.classId))
        problems.push({
          field: "classId",
          message: `is not a medication class of protocol ${protocol.ruleset}`,
        });
    } else if (input.classId !== null) {
      problems.push({ field: "classId", message: "only with the decision to screen it as a class" });
    }
    if (problems.length > 0) throw fieldError("invalid_review", problems);
    const review = await insertMedicationReview(tx, {
      patientId,
      name: input.name,
      nameKey,
      decision: input.decision,
      classId: input.decision === "class" ? input.classId : null,
      reason: input.reason,
      protocolVersion: version,
      reviewedBy: ctx.principal.user.id,
    });
    await audit("medication.review", "patient", patientId, {
      reviewId: review.id,
      decision: review.decision,
      classId: review.classId,
      protocolVersion: version,
    });
    return review;
  });
}

export function medicationReviews(db: Db, ctx: RequestContext, patientId: string) {
  return clinicalTx(db, ctx, async (tx, audit) => {
    const reviews = await listMedicationReviews(tx, patientId);
    await audit("medication.review_list", "patient", patientId, { count: reviews.length });
    return reviews;
  });
}
