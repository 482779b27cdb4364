/**
 * Rules of a session chart: depth per zone against the protocol and the provider's licence,
 * the single-use cartridge, post-procedure products, and the prefill of a new chart.
 */
import { daysBetween } from "../calendar.ts";
import { zoneDepthLimitMm } from "../protocol/depth-limit.ts";
import type { Protocol } from "../protocol/types.ts";

export const PATTERNS = ["horizontal", "vertical", "diagonal", "crosshatch", "circular"] as const;
export type Pattern = (typeof PATTERNS)[number];

export interface ZoneTreatment {
  zone: string;
  depthMm: number;
  passes: number;
  pattern: Pattern;
}

export interface ZoneProblem {
  index: number;
  zone: string;
  field: "zone" | "depthMm";
  message: string;
}

/** Zones and depths the protocol itself refuses: unknown or prohibited zones, depth above the zone's effective limit. */
export function protocolDepthProblems(zones: readonly ZoneTreatment[], protocol: Protocol): ZoneProblem[] {
  const byId = new Map(protocol.zones.map((z) => [z.id, z]));
  const problems: ZoneProblem[] = [];
  const seen = new Set<string>();
  zones.forEach((t, index) => {
    const zone = byId.get(t.zone);
    if (!zone) {
      problems.push({ index, zone: t.zone, field: "zone", message: "is not a zone of the protocol" });
    } else if (zone.prohibited) {
      problems.push({ index, zone: t.zone, field: "zone", message: "is never needled (prohibited zone)" });
    } else if (seen.has(t.zone)) {
      problems.push({ index, zone: t.zone, field: "zone", message: "is charted twice" });
    } else {
      const limit = zoneDepthLimitMm(protocol, t.zone) ?? 0;
      if (t.depthMm > limit) {
        problems.push({
          index,
          zone: t.zone,
          field: "depthMm",
          message: `${t.depthMm} mm is above the protocol's ${limit} mm cap for ${zone.label}`,
        });
      }
    }
    seen.add(t.zone);
  });
  return problems;
}

/** Zones whose depth is deeper than the provider's licence allows. */
export function zonesAboveLicence(zones: readonly ZoneTreatment[], licenceMaxMm: number): ZoneTreatment[] {
  // Depths are recorded to 0.05 mm; compare in hundredths so 1.5 is never "above" 1.50.
  const cap = Math.round(licenceMaxMm * 100);
  return zones.filter((z) => Math.round(z.depthMm * 100) > cap);
}

export type CartridgeCheck = { ok: true } | { ok: false; message: string };

/** A cartridge used on or after its expiry date is refused (expiry = last day it may be used). */
export function checkCartridge(expiry: string, sessionDate: string): CartridgeCheck {
  if (daysBetween(expiry, sessionDate) > 0) {
    return { ok: false, message: `the cartridge expired on ${expiry}; open a new one` };
  }
  return { ok: true };
}

export interface PostProduct {
  id: string;
  label: string;
  /** Linked by the evidence to granulomatous reactions when put on freshly needled skin. */
  granulomaRisk: boolean;
  /** Use only under a physician-led protocol. */
  physicianLed: boolean;
}

/**
 * Post-procedure products. Which ones carry the granuloma warning follows the protocol's
 * post-product step (PROC-POST-PRODUCT): vitamin C serums are implicated in most reported
 * granulomas and growth-factor cosmetics are off by default; only sterile products approved for
 * needled skin are the default.
 */
export const POST_PRODUCTS: readonly PostProduct[] = [
  {
    id: "ha-hydrogel",
    label: "Sterile hyaluronic acid hydrogel (device kit)",
    granulomaRisk: false,
    physicianLed: false,
  },
  { id: "vitamin-c-serum", label: "Vitamin C serum", granulomaRisk: true, physicianLed: false },
  {
    id: "growth-factor-serum",
    label: "Growth-factor cosmetic serum",
    granulomaRisk: true,
    physicianLed: false,
  },
  { id: "prp", label: "Platelet-rich plasma (PRP)", granulomaRisk: false, physicianLed: true },
  {
    id: "other-cosmetic",
    label: "Other cosmetic product not approved for needled skin",
    granulomaRisk: true,
    physicianLed: false,
  },
];

export interface ProductWarning {
  productId: string;
  message: string;
  sources: string[];
}

/** The warning a product carries, with the protocol's sources for it; null when none. */
export function postProductWarning(
  productId: string,
  protocol: Protocol,
  providerIsPhysician: boolean,
): ProductWarning | null {
  const product = POST_PRODUCTS.find((p) => p.id === productId);
  const step = (protocol.procedureSteps as { id: string; source?: string[] }[] | undefined)?.find(
    (s) => s.id === "PROC-POST-PRODUCT",
  );
  const sources = step?.source ?? [];
  if (!product)
    return { productId, message: "unknown product: check it is approved for needled skin", sources };
  if (product.granulomaRisk) {
    return {
      productId,
      message: `${product.label} on freshly needled skin is linked to granulomatous reactions; use a sterile product approved for needled skin`,
      sources,
    };
  }
  if (product.physicianLed && !providerIsPhysician) {
    return { productId, message: `${product.label} only under a physician-led protocol`, sources };
  }
  return null;
}

export interface PlanZone {
  zone: string;
  minMm: number;
  maxMm: number;
}

/**
 * The zones a new chart starts with: the last session's settings where the plan still includes
 * the zone (clamped into the plan's range), otherwise the plan's lower depth, one pass crosshatch
 * being the common starting point.
 */
export function prefillZones(
  planZones: readonly PlanZone[],
  last: readonly ZoneTreatment[],
): ZoneTreatment[] {
  return planZones.map((p) => {
    const prior = last.find((l) => l.zone === p.zone);
    if (prior) {
      return { ...prior, depthMm: Math.min(Math.max(prior.depthMm, p.minMm), p.maxMm) };
    }
    return { zone: p.zone, depthMm: p.minMm, passes: 2, pattern: "crosshatch" };
  });
}
