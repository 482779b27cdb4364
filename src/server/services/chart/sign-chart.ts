/**
 * Use case: sign a session chart, which locks it (the database refuses any later change), and add
 * dated addenda to a signed one.
 */
import type { Db } from "../../../db/pool.ts";
import {
  getChart,
  getChartForUpdate,
  insertAddendum,
  listAddenda,
  signChart as lockSigned,
} from "../../../db/repositories/chart.repository.ts";
import { DomainError, notFound } from "../../../domain/errors.ts";
import { signRefusal } from "../../../domain/record/chart-policy.ts";
import { clinicalTx } from "../clinical-tx.ts";
import { queueAftercareMessages } from "../portal-plan.service.ts";
import { protocolOfRecord } from "../record-context.ts";
import type { RequestContext } from "../request-context.ts";
import { checklistOf, locked, requireProvider } from "./model.ts";
import { refused } from "./refusals.ts";

export function signChart(db: Db, ctx: RequestContext, chartId: string) {
  requireProvider(ctx.principal);
  return clinicalTx(db, ctx, async (tx, audit) => {
    const chart = await getChartForUpdate(tx, chartId);
    if (!chart) throw notFound("session chart");
    if (chart.status !== "open") throw locked(chart);
    // Re-checked at signing, whoever saved the depths: the signer's licence, or a co-signature.
    const signRefused = signRefusal(chart, ctx.principal.user);
    if (signRefused) throw refused(signRefused, "chart.zones");
    const missing: { field: string; message: string }[] = [];
    if (chart.zones.length === 0) missing.push({ field: "zones", message: "no zone charted" });
    if (!chart.deviceId) missing.push({ field: "deviceId", message: "no device recorded" });
    if (!chart.cartridgeLot) missing.push({ field: "cartridgeLot", message: "no cartridge lot recorded" });
    if (!chart.endpoint) missing.push({ field: "endpoint", message: "no endpoint recorded" });
    if (chart.postProduct && !chart.postProduct.lot)
      missing.push({ field: "postProduct.lot", message: "no lot recorded for the post-procedure product" });
    // Every checklist step done, or a written reason why not.
    const checklist = chart.checklist as {
      steps?: Record<string, boolean>;
      incompleteReason?: string | null;
    };
    const undone = checklistOf(await protocolOfRecord(tx, chart.protocolVersionId)).filter(
      (id) => checklist.steps?.[id] !== true,
    );
    if (undone.length > 0 && !checklist.incompleteReason?.trim()) {
      missing.push({
        field: "checklist.incompleteReason",
        message: `checklist not complete (${undone.join(", ")} not done) and no reason written`,
      });
    }
    if (missing.length > 0) {
      const fields = Object.fromEntries(missing.map((m) => [`chart.${m.field}`, m.message]));
      throw new DomainError(
        "conflict",
        "chart_incomplete",
        `the chart is not complete: ${missing.map((m) => m.message).join(", ")}`,
        fields,
      );
    }
    const signed = await lockSigned(tx, chartId, ctx.principal.user.id);
    await queueAftercareMessages(tx, chartId);
    await audit("chart.sign", "session_chart", chartId, { patientId: chart.patientId });
    return { chart: signed, addenda: await listAddenda(tx, chartId), warnings: [] as string[] };
  });
}

export function addAddendum(db: Db, ctx: RequestContext, chartId: string, text: string) {
  return clinicalTx(db, ctx, async (tx, audit) => {
    const chart = await getChart(tx, chartId);
    if (!chart) throw notFound("session chart");
    if (chart.status !== "signed") {
      throw new DomainError(
        "conflict",
        "chart_not_signed",
        "the chart is still open: edit it instead of adding an addendum",
      );
    }
    const addendum = await insertAddendum(tx, chartId, ctx.principal.user.id, text);
    await audit("chart.addendum", "session_chart", chartId, {
      patientId: chart.patientId,
      addendumId: addendum.id,
    });
    return addendum;
  });
}
