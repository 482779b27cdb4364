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
import type { Principal, RequestOrigin } from "./auth.service.ts";
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
  checklistSteps(principal: Principal, origin: RequestOrigin) {
    return checklistSteps(this.#db, principal, origin);
  }

  start(principal: Principal, origin: RequestOrigin, patientId: string, input: StartChartInput) {
    return startChart(this.#db, principal, origin, patientId, input);
  }

  save(principal: Principal, origin: RequestOrigin, chartId: string, body: ChartBody) {
    return saveChart(this.#db, this.#lockout, principal, origin, chartId, body);
  }

  sign(principal: Principal, origin: RequestOrigin, chartId: string) {
    return signChart(this.#db, principal, origin, chartId);
  }

  addAddendum(principal: Principal, origin: RequestOrigin, chartId: string, text: string) {
    return addAddendum(this.#db, principal, origin, chartId, text);
  }

  get(principal: Principal, origin: RequestOrigin, chartId: string) {
    return readChart(this.#db, principal, origin, chartId);
  }

  list(principal: Principal, origin: RequestOrigin, patientId: string) {
    return patientCharts(this.#db, principal, origin, patientId);
  }

  /** What the day-of re-screen asks from: the protocol's conditions and medication classes. */
  rescreenVocabulary(principal: Principal, origin: RequestOrigin) {
    return rescreenVocabulary(this.#db, principal, origin);
  }

  /** A clinician's review of a medicine the protocol does not recognise; audited. */
  reviewMedication(
    principal: Principal,
    origin: RequestOrigin,
    patientId: string,
    input: MedicationReviewInput,
  ) {
    return reviewMedication(this.#db, principal, origin, patientId, input);
  }

  listMedicationReviews(principal: Principal, origin: RequestOrigin, patientId: string) {
    return medicationReviews(this.#db, principal, origin, patientId);
  }

  devices(principal: Principal, origin: RequestOrigin) {
    return chartDevices(this.#db, principal, origin);
  }

  recall(principal: Principal, origin: RequestOrigin, lot: string) {
    return lotRecall(this.#db, principal, origin, lot);
  }
}
