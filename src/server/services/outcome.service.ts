/**
 * Outcome scores over a treatment plan: Goodman & Baron (qualitative and quantitative), GAIS by
 * the clinician and by the patient, patient satisfaction. Scales and ranges come from the
 * protocol; each score belongs to a plan or a session of the patient, is dated, records the
 * protocol version, and is never edited (a correction is a new score).
 */
import { type Db, type Tx, withClinic } from "../../db/pool.ts";
import { getChart } from "../../db/repositories/chart.repository.ts";
import { getPlan } from "../../db/repositories/consultation.repository.ts";
import { insertOutcomeScore, listOutcomeScores } from "../../db/repositories/outcome.repository.ts";
import { getPatient } from "../../db/repositories/patient.repository.ts";
import { daysBetween } from "../../domain/calendar.ts";
import { notFound } from "../../domain/errors.ts";
import {
  type OutcomeScale,
  outcomeTrend,
  type Rater,
  recordableScales,
  scoreProblems,
} from "../../domain/record/outcome-scales.ts";
import type { Principal } from "./auth.service.ts";
import { clinicalTx } from "./clinical-tx.ts";
import { clinicProtocol, clinicToday, fieldError, ownPatientId } from "./record-context.ts";
import type { RequestContext } from "./request-context.ts";

export interface ScoreInput {
  scaleId: string;
  rater: Rater;
  value: number;
  planId: string | null;
  chartId: string | null;
  recordedOn: string | null;
}

// Scales read from a protocol version never change, so they are kept by version string.
// Bounded: clinics share few versions in practice.
const scalesByVersion = new Map<string, OutcomeScale[]>();
const SCALES_MAX = 64;

/** The recordable scales of the clinic's current protocol, with its version. */
async function clinicScales(tx: Tx): Promise<{ version: string; scales: OutcomeScale[] }> {
  const { protocol, version } = await clinicProtocol(tx);
  let scales = scalesByVersion.get(version);
  if (!scales) {
    if (scalesByVersion.size >= SCALES_MAX)
      scalesByVersion.delete(scalesByVersion.keys().next().value as string);
    scales = recordableScales(protocol);
    scalesByVersion.set(version, scales);
  }
  return { version, scales };
}

export class OutcomeService {
  readonly #db: Db;
  constructor(db: Db) {
    this.#db = db;
  }

  /** The scales a principal's clinic records, from its current protocol version. */
  scales(principal: Principal): Promise<OutcomeScale[]> {
    return withClinic(this.#db, { clinicId: principal.clinic.id, userId: principal.user.id }, async (tx) => {
      return (await clinicScales(tx)).scales;
    });
  }

  record(ctx: RequestContext, patientId: string, input: ScoreInput) {
    return clinicalTx(this.#db, ctx, async (tx, audit) => {
      if (!(await getPatient(tx, patientId))) throw notFound("patient");
      const { version, scales } = await clinicScales(tx);
      const problems: { field: string; message: string }[] = scoreProblems(scales, input);
      let planId = input.planId;
      const today = clinicToday(ctx.principal);
      if (input.chartId) {
        const chart = await getChart(tx, input.chartId);
        if (!chart || chart.patientId !== patientId) {
          problems.push({ field: "chartId", message: "not a session of this patient" });
        } else if (chart.planId && planId && chart.planId !== planId) {
          problems.push({ field: "planId", message: "the session belongs to another plan" });
        } else {
          planId ??= chart.planId;
        }
      }
      if (input.planId) {
        const plan = await getPlan(tx, input.planId);
        if (!plan || plan.patientId !== patientId) {
          problems.push({ field: "planId", message: "not a treatment plan of this patient" });
        }
      }
      if (!input.planId && !input.chartId) {
        problems.push({ field: "planId", message: "a score belongs to a treatment plan or a session" });
      }
      const recordedOn = input.recordedOn ?? today;
      if (daysBetween(today, recordedOn) > 0) {
        problems.push({ field: "recordedOn", message: "is after today" });
      }
      if (problems.length > 0) throw fieldError("invalid_outcome", problems);
      const score = await insertOutcomeScore(tx, {
        patientId,
        planId,
        chartId: input.chartId,
        scaleId: input.scaleId,
        rater: input.rater,
        value: input.value,
        recordedOn,
        recordedBy: ctx.principal.user.id,
        protocolVersion: version,
      });
      await audit("outcome.record", "outcome_score", score.id, {
        patientId,
        scaleId: score.scaleId,
        rater: score.rater,
        planId,
      });
      return score;
    });
  }

  ownRecord(ctx: RequestContext, input: Omit<ScoreInput, "rater">) {
    return this.record(ctx, ownPatientId(ctx.principal), { ...input, rater: "patient" });
  }

  async #list(tx: Tx, patientId: string, planId: string | null, rater: Rater | null) {
    const scores = await listOutcomeScores(tx, patientId, planId, rater);
    return { scores, trend: outcomeTrend(scores, (await clinicScales(tx)).scales) };
  }

  list(ctx: RequestContext, patientId: string, planId: string | null) {
    return clinicalTx(this.#db, ctx, async (tx, audit) => {
      if (!(await getPatient(tx, patientId))) throw notFound("patient");
      const result = await this.#list(tx, patientId, planId, null);
      await audit("outcome.list", "patient", patientId, { planId, count: result.scores.length });
      return result;
    });
  }

  /** The patient's own self-ratings (the clinician's assessments stay in the clinical record). */
  ownList(ctx: RequestContext, planId: string | null) {
    const patientId = ownPatientId(ctx.principal);
    return clinicalTx(this.#db, ctx, async (tx, audit) => {
      const result = await this.#list(tx, patientId, planId, "patient");
      await audit("outcome.list", "patient", patientId, { planId, count: result.scores.length, own: true });
      return result;
    });
  }
}
