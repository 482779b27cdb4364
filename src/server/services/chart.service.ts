/**
 * The session chart. Starting one needs a current consent and a day-of re-screen that the engine
 * still calls eligible (otherwise the chart records the stop and goes no further). The provider
 * then charts the checklist, depth/passes/pattern per zone, device and cartridge, post-procedure
 * product, endpoint and adverse events; depth above the licence needs a physician's co-signature,
 * given on the spot with the physician's password and second factor. Signing locks the chart (the
 * database refuses any later change); after that, addenda only. The re-screen runs under the
 * clinic's current protocol, and the chart names that stored version; later saves are checked
 * against the same version.
 */
import type { Db } from "../../db/pool.ts";
import type { Lockout } from "./chart/cosign.ts";
import { medicationReviews, reviewMedication } from "./chart/medication-review.ts";
import type { ChartBody, MedicationReviewInput, StartChartInput } from "./chart/model.ts";
import {
  chartDevices,
  checklistSteps,
  lotRecall,
  patientCharts,
  readChart,
  rescreenVocabulary,
} from "./chart/read-charts.ts";
import { saveChart } from "./chart/save-chart.ts";
import { addAddendum, signChart } from "./chart/sign-chart.ts";
import { startChart } from "./chart/start-chart.ts";
import type { RequestContext } from "./request-context.ts";

export type {
  ChartBody,
  CosignInput,
  DayOfChanges,
  MedicationReviewInput,
  StartChartInput,
} from "./chart/model.ts";

/** The session chart's use cases (in `./chart/`), gathered for the routes. */
export class ChartService {
  readonly #db: Db;
  readonly #lockout: Lockout;
  constructor(db: Db, lockout: Lockout) {
    this.#db = db;
    this.#lockout = lockout;
  }

  /** The checklist steps the clinic's protocol asks for, with their texts and timing. */
  checklistSteps(ctx: RequestContext) {
    return checklistSteps(this.#db, ctx);
  }

  start(ctx: RequestContext, patientId: string, input: StartChartInput) {
    return startChart(this.#db, ctx, patientId, input);
  }

  save(ctx: RequestContext, chartId: string, body: ChartBody) {
    return saveChart(this.#db, this.#lockout, ctx, chartId, body);
  }

  sign(ctx: RequestContext, chartId: string) {
    return signChart(this.#db, ctx, chartId);
  }

  addAddendum(ctx: RequestContext, chartId: string, text: string) {
    return addAddendum(this.#db, ctx, chartId, text);
  }

  get(ctx: RequestContext, chartId: string) {
    return readChart(this.#db, ctx, chartId);
  }

  list(ctx: RequestContext, patientId: string) {
    return patientCharts(this.#db, ctx, patientId);
  }

  /** What the day-of re-screen asks from: the protocol's conditions and medication classes. */
  rescreenVocabulary(ctx: RequestContext) {
    return rescreenVocabulary(this.#db, ctx);
  }

  /** A clinician's review of a medicine the protocol does not recognise; audited. */
  reviewMedication(ctx: RequestContext, patientId: string, input: MedicationReviewInput) {
    return reviewMedication(this.#db, ctx, patientId, input);
  }

  listMedicationReviews(ctx: RequestContext, patientId: string) {
    return medicationReviews(this.#db, ctx, patientId);
  }

  devices(ctx: RequestContext) {
    return chartDevices(this.#db, ctx);
  }

  recall(ctx: RequestContext, lot: string) {
    return lotRecall(this.#db, ctx, lot);
  }
}
