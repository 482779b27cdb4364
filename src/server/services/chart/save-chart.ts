/**
 * Use case: save a session chart's body (checklist, depth/passes/pattern per zone, device and
 * cartridge, post-procedure product, endpoint, adverse events). Depth above the licence of the
 * provider who charts needs a physician's co-signature, given now or earlier for these depths.
 */
import type { Db } from "../../../db/pool.ts";
import {
  deviceExists,
  getChartForUpdate,
  listAddenda,
  updateChartBody,
} from "../../../db/repositories/chart.repository.ts";
import { getUser } from "../../../db/repositories/user.repository.ts";
import { DomainError, notFound } from "../../../domain/errors.ts";
import { decideCosignature, editRefusal } from "../../../domain/record/chart-policy.ts";
import {
  checkCartridge,
  postProductWarning,
  protocolDepthProblems,
  zonesAboveLicence,
} from "../../../domain/record/chart-rules.ts";
import type { SecondFactor } from "../../security/second-factor.ts";
import { clinicalTx } from "../clinical-tx.ts";
import { fieldError, protocolOfRecord } from "../record-context.ts";
import type { RequestContext } from "../request-context.ts";
import { type Lockout, recordCosignFailure, verifyCosigner } from "./cosign.ts";
import { CHECKLIST_STEPS, type ChartBody, locked, requireProvider } from "./model.ts";
import { CosignFailure, cosignRefused, refused } from "./refusals.ts";

export async function saveChart(
  db: Db,
  lockout: Lockout,
  ctx: RequestContext,
  chartId: string,
  body: ChartBody,
) {
  try {
    return await saveIn(db, ctx, chartId, body);
  } catch (err) {
    if (err instanceof CosignFailure) await recordCosignFailure(db, lockout, ctx, chartId, err);
    throw err;
  }
}

function saveIn(db: Db, ctx: RequestContext, chartId: string, body: ChartBody) {
  const licence = requireProvider(ctx.principal);
  return clinicalTx(db, ctx, async (tx, audit) => {
    const chart = await getChartForUpdate(tx, chartId);
    if (!chart) throw notFound("session chart");
    if (chart.status !== "open") throw locked(chart);
    const editRefused = editRefusal(chart, ctx.principal.user);
    if (editRefused) throw refused(editRefused, "body.zones");
    // Depths are held to the licence of the provider who charts (and will sign) the session,
    // whoever saves: a supervising physician's own licence does not widen it.
    const ownChart = chart.providerId === ctx.principal.user.id;
    const chartLicence = ownChart ? licence : ((await getUser(tx, chart.providerId))?.maxNeedleDepthMm ?? 0);
    const protocol = await protocolOfRecord(tx, chart.protocolVersionId);

    const depthProblems = protocolDepthProblems(body.zones, protocol);
    const problems = depthProblems.map((p) => ({
      field: `zones[${p.index}].${p.field}`,
      message: p.message,
    }));
    const stepIds = new Set(CHECKLIST_STEPS);
    for (const id of Object.keys(body.checklist.steps)) {
      if (!stepIds.has(id))
        problems.push({ field: `checklist.steps.${id}`, message: "is not a checklist step" });
    }
    const a = body.checklist.anaesthetic;
    if (a && a.endedAt <= a.startedAt) {
      problems.push({ field: "checklist.anaesthetic.endedAt", message: "must be after startedAt" });
    }
    if (body.deviceId && !(await deviceExists(tx, body.deviceId))) {
      problems.push({ field: "deviceId", message: "no such device in this clinic" });
    }
    if ((body.cartridgeLot === null) !== (body.cartridgeExpiry === null)) {
      problems.push({ field: "cartridgeExpiry", message: "lot and expiry are recorded together" });
    }
    if (problems.length > 0) throw fieldError("invalid_chart", problems);
    if (body.cartridgeExpiry) {
      const cartridge = checkCartridge(body.cartridgeExpiry, chart.sessionDate);
      if (!cartridge.ok) {
        throw new DomainError("invalid", "cartridge_expired", `body.cartridgeExpiry: ${cartridge.message}`, {
          "body.cartridgeExpiry": cartridge.message,
        });
      }
    }

    // Depth above the provider's licence: only with a supervising physician's co-signature,
    // given now (password and second factor typed by the physician) or earlier for at least
    // these depths.
    const needsCosign = zonesAboveLicence(body.zones, chartLicence).length > 0;
    let cosignFactor: SecondFactor | null = null;
    let cosigner: Awaited<ReturnType<typeof verifyCosigner>>["cosigner"] | null = null;
    if (needsCosign && body.cosign) {
      const verified = await verifyCosigner(tx, body.cosign);
      cosigner = verified.cosigner;
      cosignFactor = verified.factor;
    }
    const decided = decideCosignature({
      zones: body.zones,
      chartLicenceMm: chartLicence,
      providerId: chart.providerId,
      earlier: chart.cosignedZones,
      cosigner,
    });
    if (!decided.ok) throw cosignRefused(decided.refusal, ownChart);
    const { cosign } = decided;

    const warnings: string[] = [];
    if (body.postProduct) {
      const w = postProductWarning(
        body.postProduct.productId,
        protocol,
        ctx.principal.user.credential === "physician",
      );
      if (w) warnings.push(w.message);
    }
    const saved = await updateChartBody(tx, chartId, {
      checklist: body.checklist,
      zones: body.zones,
      deviceId: body.deviceId,
      cartridgeLot: body.cartridgeLot,
      cartridgeExpiry: body.cartridgeExpiry,
      postProduct: body.postProduct,
      endpoint: body.endpoint,
      adverseEvents: body.adverseEvents,
      cosign,
    });
    await audit("chart.update", "session_chart", chartId, {
      patientId: chart.patientId,
      zones: body.zones.map((z) => ({ zone: z.zone, depthMm: z.depthMm, passes: z.passes })),
      cartridgeLot: body.cartridgeLot,
      adverseEvents: body.adverseEvents.length,
      cosignedBy: cosign?.by ?? null,
      cosignFactor,
      warnings: warnings.length,
    });
    return { chart: saved, addenda: await listAddenda(tx, chartId), warnings };
  });
}
