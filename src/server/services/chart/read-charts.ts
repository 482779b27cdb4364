/** Reading charts, and what charting asks from: checklist steps, re-screen vocabulary, devices, lot recall. */
import type { Db, Tx } from "../../../db/pool.ts";
import {
  chartsByLot,
  getChart,
  listAddenda,
  listCharts,
  listDevices,
} from "../../../db/repositories/chart.repository.ts";
import { notFound } from "../../../domain/errors.ts";
import { clinicalTx } from "../clinical-tx.ts";
import { clinicProtocol } from "../record-context.ts";
import type { RequestContext } from "../request-context.ts";
import { CHECKLIST_STEPS } from "./model.ts";

/** The checklist steps the clinic's protocol asks for, with their texts and timing. */
export function checklistSteps(db: Db, ctx: RequestContext) {
  return clinicalTx(db, ctx, async (tx) => {
    const { protocol } = await clinicProtocol(tx);
    const steps = (protocol.procedureSteps ?? []) as {
      id: string;
      text: string;
      durationMinutes?: { min: number; max: number };
    }[];
    return steps
      .filter((s) => CHECKLIST_STEPS.includes(s.id))
      .map((s) => ({ id: s.id, text: s.text, durationMinutes: s.durationMinutes ?? null }));
  });
}

export function readChart(db: Db, ctx: RequestContext, chartId: string) {
  return clinicalTx(db, ctx, async (tx, audit) => {
    const chart = await getChart(tx, chartId);
    if (!chart) throw notFound("session chart");
    await audit("chart.read", "session_chart", chartId, { patientId: chart.patientId });
    return { chart, addenda: await listAddenda(tx, chartId), warnings: [] as string[] };
  });
}

export function patientCharts(db: Db, ctx: RequestContext, patientId: string) {
  return clinicalTx(db, ctx, async (tx, audit) => {
    const charts = await listCharts(tx, patientId);
    await audit("chart.list", "patient", patientId, { count: charts.length });
    return charts;
  });
}

/**
 * What the day-of re-screen asks from: the protocol's conditions, and its medication classes (for
 * a clinician's review of a medicine it does not recognise).
 */
export function rescreenVocabulary(db: Db, ctx: RequestContext) {
  return clinicalTx(db, ctx, async (tx) => {
    const { protocol } = await clinicProtocol(tx);
    return {
      conditions: protocol.conditions.map((c) => ({ id: c.id, label: c.label ?? c.id })),
      medicationClasses: protocol.medicationClasses.map((c) => ({ id: c.id, label: c.label ?? c.id })),
    };
  });
}

export function chartDevices(db: Db, ctx: RequestContext) {
  return clinicalTx(db, ctx, (tx) => listDevices(tx));
}

export function lotRecall(db: Db, ctx: RequestContext, lot: string) {
  return clinicalTx(db, ctx, async (tx: Tx, audit) => {
    const rows = await chartsByLot(tx, lot);
    await audit("chart.lot_recall", "session_chart", null, {
      count: rows.length,
      patients: [...new Set(rows.map((r) => r.patientId))],
    });
    return rows;
  });
}
