import type { IntakeAnswers } from "../../domain/record/intake.ts";
import type { Tx } from "../pool.ts";

export interface IntakeSubmissionRow {
  id: string;
  patientId: string;
  version: number;
  answers: IntakeAnswers;
  protocolVersion: string;
  /** The stored protocol version row (null on submissions made before the record named it). */
  protocolVersionId: string | null;
  submittedBy: string;
  submittedAt: Date;
  /** The patient in the portal, or staff on the patient's behalf. */
  enteredBy: "patient" | "staff";
}

const COLUMNS = `id, patient_id as "patientId", version, answers, protocol_version as "protocolVersion",
  protocol_version_id as "protocolVersionId", submitted_by as "submittedBy", submitted_at as "submittedAt",
  case when exists (select 1 from users u where u.id = submitted_by and u.patient_id = intake_submissions.patient_id)
       then 'patient' else 'staff' end as "enteredBy"`;

/**
 * The answers of the public self-check the patient sent with their latest online booking (their own
 * account, to start the intake from), or null.
 */
export async function latestSelfCheckAnswers(tx: Tx, patientId: string): Promise<unknown | null> {
  const { rows } = await tx.query<{ answers: unknown }>(
    `select self_check->'answers' as answers from booking_requests
     where patient_id = $1 and self_check ? 'answers'
     order by created_at desc limit 1`,
    [patientId],
  );
  return rows[0]?.answers ?? null;
}

export async function latestIntake(tx: Tx, patientId: string): Promise<IntakeSubmissionRow | null> {
  const { rows } = await tx.query<IntakeSubmissionRow>(
    `select ${COLUMNS} from intake_submissions where patient_id = $1 order by version desc limit 1`,
    [patientId],
  );
  return rows[0] ?? null;
}

/** Next version for the patient; two concurrent submissions collide on the unique version. */
export async function insertIntake(
  tx: Tx,
  s: {
    patientId: string;
    answers: IntakeAnswers;
    protocolVersion: string;
    protocolVersionId: string;
    submittedBy: string;
  },
): Promise<IntakeSubmissionRow> {
  const { rows } = await tx.query<IntakeSubmissionRow>(
    `insert into intake_submissions (clinic_id, patient_id, version, answers, protocol_version, submitted_by,
       protocol_version_id)
     values (app_clinic_id(), $1,
             coalesce((select max(version) from intake_submissions where patient_id = $1), 0) + 1, $2, $3, $4, $5)
     returning ${COLUMNS}`,
    [s.patientId, JSON.stringify(s.answers), s.protocolVersion, s.submittedBy, s.protocolVersionId],
  );
  return rows[0]!;
}
