import type { Rater } from "../../domain/record/outcome-scales.ts";
import type { Tx } from "../pool.ts";

export interface OutcomeScoreRow {
  id: string;
  patientId: string;
  planId: string | null;
  chartId: string | null;
  scaleId: string;
  rater: Rater;
  value: number;
  recordedOn: string;
  recordedBy: string;
  protocolVersion: string;
  createdAt: Date;
}

const COLUMNS = `id, patient_id as "patientId", plan_id as "planId", chart_id as "chartId", scale_id as "scaleId",
  rater, value, recorded_on as "recordedOn", recorded_by as "recordedBy", protocol_version as "protocolVersion",
  created_at as "createdAt"`;

export async function insertOutcomeScore(
  tx: Tx,
  s: Omit<OutcomeScoreRow, "id" | "createdAt">,
): Promise<OutcomeScoreRow> {
  const { rows } = await tx.query<OutcomeScoreRow>(
    `insert into outcome_scores (clinic_id, patient_id, plan_id, chart_id, scale_id, rater, value, recorded_on,
       recorded_by, protocol_version)
     values (app_clinic_id(), $1, $2, $3, $4, $5, $6, $7, $8, $9) returning ${COLUMNS}`,
    [
      s.patientId,
      s.planId,
      s.chartId,
      s.scaleId,
      s.rater,
      s.value,
      s.recordedOn,
      s.recordedBy,
      s.protocolVersion,
    ],
  );
  return rows[0]!;
}

/** A patient's scores, oldest first; of one plan when planId is given, of one rater when rater is. */
export async function listOutcomeScores(
  tx: Tx,
  patientId: string,
  planId: string | null,
  rater: Rater | null,
): Promise<OutcomeScoreRow[]> {
  const { rows } = await tx.query<OutcomeScoreRow>(
    `select ${COLUMNS} from outcome_scores
     where patient_id = $1 and ($2::uuid is null or plan_id = $2) and ($3::text is null or rater = $3)
     order by recorded_on, created_at, id`,
    [patientId, planId, rater],
  );
  return rows;
}
