/**
 * The intake questionnaire: the patient answers in the portal (prefilled from last time), the
 * answers are checked against the protocol, kept as a new version, and written into the shared
 * profile with source 'intake' so every screening sees them.
 */
import type { Db, Tx } from "../../db/pool.ts";
import {
  deleteIntakeProfileRows,
  getProfilePatient,
  insertProfileConditions,
  insertProfileMedications,
  updatePatientStates,
} from "../../db/repositories/clinical-profile.repository.ts";
import {
  insertIntake,
  latestIntake,
  latestSelfCheckAnswers,
} from "../../db/repositories/intake.repository.ts";
import { notFound } from "../../domain/errors.ts";
import {
  type IntakeAnswers,
  intakeProblems,
  intakeQuestionnaire,
  intakeToProfile,
} from "../../domain/record/intake.ts";
import type { ProfileCondition } from "../../domain/record/screening-input.ts";
import type { Principal } from "./auth.service.ts";
import { type Audit, clinicalTx } from "./clinical-tx.ts";
import {
  clinicProtocol,
  clinicToday,
  fieldError,
  ownPatientId,
  protocolForRecord,
} from "./record-context.ts";
import type { RequestContext } from "./request-context.ts";

export class IntakeService {
  readonly #db: Db;
  constructor(db: Db) {
    this.#db = db;
  }

  /** The questions, and the last answers to start from. */
  form(ctx: RequestContext, patientId: string) {
    return clinicalTx(this.#db, ctx, async (tx, audit) => {
      const patient = await getProfilePatient(tx, patientId);
      if (!patient) throw notFound("patient");
      const last = await latestIntake(tx, patientId);
      // Before a first intake, the self-check sent with a booking is where the form starts.
      const selfCheck = last ? null : await latestSelfCheckAnswers(tx, patientId);
      await audit("intake.read", "patient", patientId, { version: last?.version ?? null });
      const { protocol, version } = await clinicProtocol(tx);
      return {
        questionnaire: intakeQuestionnaire(protocol),
        protocolVersion: version,
        sex: patient.sex,
        last: last
          ? {
              version: last.version,
              submittedAt: last.submittedAt,
              enteredBy: last.enteredBy,
              answers: last.answers,
            }
          : null,
        selfCheck,
      };
    });
  }

  ownForm(ctx: RequestContext) {
    return this.form(ctx, ownPatientId(ctx.principal));
  }

  submit(ctx: RequestContext, patientId: string, answers: IntakeAnswers) {
    return clinicalTx(this.#db, ctx, (tx, audit) =>
      this.#submit(tx, audit, ctx.principal, patientId, answers),
    );
  }

  ownSubmit(ctx: RequestContext, answers: IntakeAnswers) {
    return this.submit(ctx, ownPatientId(ctx.principal), answers);
  }

  async #submit(tx: Tx, audit: Audit, principal: Principal, patientId: string, answers: IntakeAnswers) {
    const patient = await getProfilePatient(tx, patientId);
    if (!patient) throw notFound("patient");
    // Checked against the clinic's current protocol, and the submission names that version.
    const { protocol, version, versionId } = await protocolForRecord(tx, principal);
    const problems = intakeProblems(answers, patient, protocol, clinicToday(principal));
    if (problems.length > 0) throw fieldError("invalid_intake", problems);

    const submission = await insertIntake(tx, {
      patientId,
      answers,
      protocolVersion: version,
      protocolVersionId: versionId,
      submittedBy: principal.user.id,
    });
    const profile = intakeToProfile(answers, patient);
    await updatePatientStates(tx, patientId, {
      pregnant: answers.pregnant,
      breastfeeding: answers.breastfeeding,
      deliveryDate: answers.deliveryDate,
      fitzpatrick: answers.fitzpatrick,
    });
    await deleteIntakeProfileRows(tx, patientId);
    const labels = new Map(protocol.conditions.map((c) => [c.id, c.label ?? c.id]));
    await insertProfileConditions(
      tx,
      patientId,
      "intake",
      `intake:${submission.id}`,
      principal.user.id,
      profile.conditions
        .filter((c): c is ProfileCondition & { conditionId: string } => c.conditionId !== null)
        .map((c) => ({ ...c, label: labels.get(c.conditionId) ?? c.conditionId })),
    );
    await insertProfileMedications(
      tx,
      patientId,
      "intake",
      `intake:${submission.id}`,
      principal.user.id,
      profile.medications,
    );
    await audit("intake.submit", "intake_submission", submission.id, {
      patientId,
      enteredBy: submission.enteredBy,
      version: submission.version,
      conditions: profile.conditions.length,
      medications: profile.medications.length,
      protocolVersion: version,
    });
    return { id: submission.id, version: submission.version, submittedAt: submission.submittedAt };
  }
}
