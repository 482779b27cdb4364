/**
 * The effective depth limit for a zone: the deepest a needle may go there under the protocol. It is
 * the smallest of the zone's own cap, the cap of the indication treated (when one is named; a zone
 * the indication does not list is not treated for it at all) and the global maximum of the
 * protocol's depth-cap mode. A prohibited or unknown zone has no limit to plan to: it is never
 * needled. The screening engine's plan, the consultation's plan check and the chart's depth check
 * all ask here, so the three cannot disagree.
 */
import type { Protocol } from "./types.ts";

/** The global maximum of the protocol's default depth-cap mode; without a valid mode, the strictest any mode names. */
export function globalMaxDepthMm(planAlgorithm: Protocol["planAlgorithm"]): number {
  const mode = planAlgorithm.depthCapModes[planAlgorithm.defaultDepthCapMode];
  return (
    mode?.globalMaxMm ?? Math.min(...Object.values(planAlgorithm.depthCapModes).map((m) => m.globalMaxMm))
  );
}

/**
 * The limit from its parts, or null when nothing may be needled (a limit of zero or less). The
 * engine's hot path calls this with its precompiled caps.
 */
export function depthLimitMm(
  zoneCapMm: number,
  globalMaxMm: number,
  indicationCapMm?: number,
): number | null {
  const max =
    indicationCapMm === undefined
      ? Math.min(zoneCapMm, globalMaxMm)
      : Math.min(zoneCapMm, indicationCapMm, globalMaxMm);
  return max > 0 ? max : null;
}

/**
 * The effective depth limit for `zoneId` under `protocol`, for `indication` when given; null when
 * the zone is unknown or prohibited, or the indication does not treat it.
 */
export function zoneDepthLimitMm(protocol: Protocol, zoneId: string, indication?: string): number | null {
  const zone = protocol.zones.find((z) => z.id === zoneId);
  if (!zone || zone.prohibited) return null;
  const global = globalMaxDepthMm(protocol.planAlgorithm);
  if (indication === undefined) return depthLimitMm(zone.zoneCapMm, global);
  const depth = protocol.indicationDepth[indication];
  if (!depth?.zones.includes(zoneId)) return null;
  return depthLimitMm(zone.zoneCapMm, global, depth.capMm);
}
