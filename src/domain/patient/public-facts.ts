/**
 * The numbers the public pages quote (FAQ, comparison), read from the clinic's protocol so that a
 * clinic that changes its protocol changes what its site says. Each fact carries its source ids.
 */
import type { Protocol } from "../protocol/types.ts";

export interface Range {
  min: number;
  max: number;
}

export interface Sourced<T> {
  value: T;
  source: string[];
}

export interface PublicFacts {
  protocolVersion: string;
  /** Series per kind of concern: sessions, weeks apart, maintenance months. */
  series: {
    general: Sourced<{ sessions: Range; intervalWeeks: Range; maintenanceMonths: Range }> | null;
    scars: Sourced<{ sessions: Range; intervalWeeks: Range; maintenanceMonths: Range }> | null;
    deepScars: Sourced<{ sessions: Range; intervalWeeks: Range; maintenanceMonths: Range }> | null;
  };
  /** Deepest depth per concern (mm) and the depth-cap mode's overall limit. */
  depthMm: Sourced<{
    fineLines: number | null;
    scars: number | null;
    overall: number | null;
    homeUse: number | null;
  }>;
  numbingMinutes: Sourced<Range> | null;
  needlingMinutes: Sourced<Range> | null;
  /** Hours: redness expected, make-up/sweat limits, actives and sun, downtime. */
  aftercareHours: Sourced<{
    redness: number | null;
    /** The longest redness lasts, as the aftercare text says ("up to 72 h"). */
    rednessUpTo: number | null;
    makeUp: number | null;
    actives: number | null;
    downtime: number | null;
  }>;
  /**
   * Days after the last session until the full effect, and the end of remodelling in the
   * literature (days). Only these are quoted: the protocol marks the earlier milestones (glow,
   * first visible change) unsupported, so the site does not promise them.
   */
  resultsDays: Sourced<{ full: Range | null; remodelingEndDay: number | null }>;
  /**
   * Every enabled rule that postpones or rules out treatment, by id and action, each with its own
   * sources: the site writes a patient text per rule (never the clinician's label).
   */
  contraindications: Sourced<{ id: string; action: string; source: string[] }[]>;
  /** Late reactions to watch for (lumps, dark patches): the warning signs' sources. */
  lateReactions: Sourced<boolean>;
  /** At-home rollers: the shallow depth is a convention the protocol marks unsupported. */
  homeUse: Sourced<{ claimStatus: "unsupported" }>;
  /** Products pushed into needle channels and granulomas (the post-procedure product rule). */
  granuloma: Sourced<boolean>;
  pregnancy: Sourced<string | null>;
  darkerSkinCaution: Sourced<string | null>;
  /** Sources cited anywhere above, with their citations. */
  citations: { id: string; citation: string }[];
}

interface RuleLike {
  id: string;
  label?: string;
  action?: string;
  enabled?: boolean;
  source?: string[] | string;
}

const ids = (s: unknown): string[] =>
  Array.isArray(s) ? [...new Set(s.map(String))] : typeof s === "string" ? [s] : [];
const uniq = (xs: string[]) => [...new Set(xs)];

export function publicFacts(protocol: Protocol, version: string): PublicFacts {
  const series = (id: string) => {
    const r = protocol.seriesRules.find((s) => s.id === id) as
      | (Protocol["seriesRules"][number] & { source?: unknown })
      | undefined;
    return r
      ? {
          value: {
            sessions: r.sessions,
            intervalWeeks: r.intervalWeeks,
            maintenanceMonths: r.maintenanceMonths,
          },
          source: ids(r.source),
        }
      : null;
  };
  const depth = (indication: string) => protocol.indicationDepth[indication] ?? null;
  const modes = protocol.planAlgorithm.depthCapModes as Record<string, { globalMaxMm?: number }> | undefined;
  const mode = (protocol.clinicChoices?.depthCapMode ?? "blogDefault") as string;
  const steps = (protocol.procedureSteps ?? []) as {
    id: string;
    durationMinutes?: Range;
    source?: string[];
  }[];
  const step = (id: string) => {
    const s = steps.find((x) => x.id === id);
    return s?.durationMinutes ? { value: s.durationMinutes, source: ids(s.source) } : null;
  };
  const aftercare = (protocol.aftercareTimeline ?? []) as {
    id: string;
    endHours: number | null;
    source: string[];
  }[];
  const endOf = (id: string) => aftercare.find((e) => e.id === id)?.endHours ?? null;
  const rednessText = (
    aftercare.find((e) => e.id === "AC-ERYTHEMA-EXPECTED") as { text?: string } | undefined
  )?.text;
  const upTo = /up to (\d+) ?h/i.exec(rednessText ?? "");
  const results = (protocol.resultsTimeline ?? []) as {
    id: string;
    startDays: number;
    endDays: number;
    source: string[];
    claimStatus?: string;
  }[];
  const fullEffect = results.find((x) => x.id === "RES-FULL" && x.claimStatus !== "unsupported");
  const remodeling = (
    (protocol.healingPhases ?? []) as {
      id: string;
      literature?: { endDay: number | null };
      source?: string[];
    }[]
  ).find((p) => p.id === "remodeling");
  const warning = aftercare.find((e) => e.id === "AC-WARNING-SIGNS");
  const postProduct = steps.find((s) => s.id === "PROC-POST-PRODUCT");
  const rules = protocol.contraindications as unknown as RuleLike[];
  const enabled = rules.filter((r) => r.enabled !== false);
  const pregnancy = rules.find((r) => r.id === "CI-PREGNANCY");
  const caution = (protocol.cautions as unknown as RuleLike[]).find((c) => c.id === "CAU-FITZPATRICK-IV-VI");
  const aftercareIds = ["AC-ERYTHEMA-EXPECTED", "AC-NO-MAKEUP", "AC-NO-ACTIVES", "AC-DOWNTIME"];
  const facts: Omit<PublicFacts, "citations"> = {
    protocolVersion: version,
    series: {
      general: series("SER-GENERAL"),
      scars: series("SER-SCARS-STRIAE"),
      deepScars: series("SER-ACNE-DEEP"),
    },
    depthMm: {
      value: {
        fineLines: depth("rhytides")?.capMm ?? null,
        scars: depth("acne-scars")?.capMm ?? null,
        overall: modes?.[mode]?.globalMaxMm ?? null,
        homeUse: modes?.homeUse?.globalMaxMm ?? null,
      },
      source: uniq([...ids(depth("rhytides")?.source), ...ids(depth("acne-scars")?.source)]),
    },
    numbingMinutes: step("PROC-TOPICAL-ANESTHETIC"),
    needlingMinutes: step("PROC-NEEDLING"),
    aftercareHours: {
      value: {
        redness: endOf("AC-ERYTHEMA-EXPECTED"),
        rednessUpTo: upTo ? Number(upTo[1]) : endOf("AC-ERYTHEMA-EXPECTED"),
        makeUp: endOf("AC-NO-MAKEUP"),
        actives: endOf("AC-NO-ACTIVES"),
        downtime: endOf("AC-DOWNTIME"),
      },
      source: uniq(aftercare.filter((e) => aftercareIds.includes(e.id)).flatMap((e) => e.source)),
    },
    resultsDays: {
      value: {
        full: fullEffect ? { min: fullEffect.startDays, max: fullEffect.endDays } : null,
        remodelingEndDay: remodeling?.literature?.endDay ?? null,
      },
      source: uniq([...(fullEffect?.source ?? []), ...ids(remodeling?.source)]),
    },
    contraindications: {
      value: enabled
        .filter((r) => r.action !== "caution")
        .map((r) => ({ id: r.id, action: r.action ?? "decline", source: ids(r.source) })),
      source: uniq(enabled.filter((r) => r.action !== "caution").flatMap((r) => ids(r.source))),
    },
    lateReactions: { value: warning !== undefined, source: ids(warning?.source) },
    homeUse: {
      value: { claimStatus: "unsupported" },
      source: protocol.sources?.some((s) => s.id === "FDA-MN-GUIDANCE-2020") ? ["FDA-MN-GUIDANCE-2020"] : [],
    },
    granuloma: {
      value: postProduct !== undefined,
      source: ids(postProduct?.source).filter((id) => id === "SOLTANI-2014" || id === "FRIEDMANN-2024"),
    },
    pregnancy: { value: pregnancy?.action ?? null, source: ids(pregnancy?.source) },
    darkerSkinCaution: { value: caution?.label ?? null, source: ids(caution?.source) },
  };
  const cited = new Set<string>();
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === "object") {
      for (const [k, x] of Object.entries(v)) {
        if (k === "source" && Array.isArray(x)) for (const id of x) cited.add(String(id));
        else walk(x);
      }
    }
  };
  walk(facts);
  const citations = (protocol.sources ?? [])
    .filter((s) => cited.has(s.id))
    .map((s) => ({ id: s.id, citation: s.citation ?? s.id }));
  return { ...facts, citations };
}
