/**
 * Who may change and sign a session chart, and at which depths. One pure policy that the chart
 * service asks before each save and signature, so that no path (another provider's edit, a save
 * under one licence and a signature under another) records a depth its signer may not needle.
 *
 * - Editing an open chart: its own provider, or a physician (who supervises and co-signs).
 * - Depth on save: every zone within the licence of the chart's provider (who will sign it),
 *   unless a physician's co-signature covers that zone at that depth or deeper.
 * - Signing: only the chart's provider, and every charted depth is re-checked against the
 *   signer's licence and the recorded co-signature.
 */
import { type ZoneTreatment, zonesAboveLicence } from "./chart-rules.ts";

export type ProviderCredential = "physician" | "nurse" | "aesthetician";

export interface ChartActor {
  id: string;
  role: string;
  credential: ProviderCredential | null;
  maxNeedleDepthMm: number | null;
}

export interface CosignedZone {
  zone: string;
  depthMm: number;
}

export interface ChartUnderPolicy {
  providerId: string;
  zones: readonly ZoneTreatment[];
  cosignedZones: readonly CosignedZone[] | null;
}

export interface UncoveredDepth {
  index: number;
  zone: string;
  depthMm: number;
}

export type ChartRefusal =
  | { kind: "not_a_provider" }
  | { kind: "not_the_charting_provider"; action: "edit" | "sign" }
  | { kind: "depth_above_licence"; licenceMm: number; zones: UncoveredDepth[] };

/** A licensed provider's licence, or null for anyone who may not chart at all. */
function licenceOf(actor: ChartActor): number | null {
  return actor.role === "provider" && actor.maxNeedleDepthMm !== null ? actor.maxNeedleDepthMm : null;
}

/** Whether `editor` may change this open chart. */
export function editRefusal(
  chart: Pick<ChartUnderPolicy, "providerId">,
  editor: ChartActor,
): ChartRefusal | null {
  if (licenceOf(editor) === null) return { kind: "not_a_provider" };
  if (editor.id === chart.providerId || editor.credential === "physician") return null;
  return { kind: "not_the_charting_provider", action: "edit" };
}

/**
 * Zones deeper than `licenceMm` that no co-signature covers (same zone, co-signed at this depth
 * or deeper). Compared in hundredths of a millimetre, as depths are recorded.
 */
export function uncoveredDepths(
  zones: readonly ZoneTreatment[],
  licenceMm: number,
  cosigned: readonly CosignedZone[] | null,
): UncoveredDepth[] {
  const above = new Set(zonesAboveLicence(zones, licenceMm));
  const covered = cosigned ?? [];
  return zones
    .map((z, index) => ({ index, zone: z.zone, depthMm: z.depthMm, above: above.has(z) }))
    .filter(
      (z) =>
        z.above &&
        !covered.some((c) => c.zone === z.zone && Math.round(z.depthMm * 100) <= Math.round(c.depthMm * 100)),
    )
    .map(({ index, zone, depthMm }) => ({ index, zone, depthMm }));
}

/** Whether `signer` may sign this chart as it stands: its provider, within licence or co-signed. */
export function signRefusal(chart: ChartUnderPolicy, signer: ChartActor): ChartRefusal | null {
  const licence = licenceOf(signer);
  if (licence === null) return { kind: "not_a_provider" };
  if (signer.id !== chart.providerId) return { kind: "not_the_charting_provider", action: "sign" };
  const zones = uncoveredDepths(chart.zones, licence, chart.cosignedZones);
  return zones.length > 0 ? { kind: "depth_above_licence", licenceMm: licence, zones } : null;
}

/** Why a co-signature given for a save does not stand. */
export type CosignRefusal =
  | { kind: "own_chart" }
  | { kind: "not_a_physician" }
  | { kind: "above_cosigner_licence"; zones: UncoveredDepth[] }
  | Extract<ChartRefusal, { kind: "depth_above_licence" }>;

export interface CosignQuestion {
  /** The zones being saved. */
  zones: readonly ZoneTreatment[];
  /** The licence of the chart's provider (who will sign), whoever saves. */
  chartLicenceMm: number;
  providerId: string;
  /** The co-signature the chart already carries, if any. */
  earlier: readonly CosignedZone[] | null;
  /** The physician whose credentials were verified for this save, when one co-signs now. */
  cosigner: (Omit<ChartActor, "credential"> & { credential: string | null }) | null;
}

export type CosignDecision =
  | { ok: true; cosign: { by: string; zones: CosignedZone[] } | null }
  | { ok: false; refusal: CosignRefusal };

/**
 * The co-signature policy for saving a chart. A depth above the charting provider's licence is
 * saved only when a supervising physician co-signs it now (not the chart's own provider, a
 * physician, licensed to needle that deep) or when an earlier co-signature covers the same zone
 * at that depth or deeper. A new co-signature covers exactly the zones above licence. Within
 * licence nothing is asked and nothing is recorded.
 */
export function decideCosignature(q: CosignQuestion): CosignDecision {
  const above = zonesAboveLicence(q.zones, q.chartLicenceMm);
  if (above.length === 0) return { ok: true, cosign: null };
  const { cosigner } = q;
  if (cosigner) {
    if (cosigner.id === q.providerId) return { ok: false, refusal: { kind: "own_chart" } };
    if (cosigner.role !== "provider" || cosigner.credential !== "physician")
      return { ok: false, refusal: { kind: "not_a_physician" } };
    const beyond = uncoveredDepths(above, cosigner.maxNeedleDepthMm ?? 0, null);
    if (beyond.length > 0) return { ok: false, refusal: { kind: "above_cosigner_licence", zones: beyond } };
    return {
      ok: true,
      cosign: { by: cosigner.id, zones: above.map((z) => ({ zone: z.zone, depthMm: z.depthMm })) },
    };
  }
  const uncovered = uncoveredDepths(q.zones, q.chartLicenceMm, q.earlier);
  if (uncovered.length > 0)
    return {
      ok: false,
      refusal: { kind: "depth_above_licence", licenceMm: q.chartLicenceMm, zones: uncovered },
    };
  return { ok: true, cosign: null };
}
