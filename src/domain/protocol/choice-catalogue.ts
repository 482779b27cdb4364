/**
 * What a clinic may choose over a ruleset, described so that an owner can choose knowingly: each
 * rule that records literature alternatives, with its default and every alternative, their sources
 * and notes; the depth-cap modes; the series alternatives. Also the limits on a clinic's own
 * values: an owner may pick any recorded option, and may set own values only where they are no
 * less safe than the least strict option the literature records.
 */
import type { ClinicChoices, Protocol, RuleAction, SeriesValues } from "./types.ts";

export interface ChoiceOption {
  /** The alternative's id; "default" for the ruleset's own rule. */
  id: string;
  summary: string;
  action?: RuleAction;
  windowDays?: number;
  windowMonths?: number;
  undated?: boolean;
  note?: string;
  sources: string[];
}

export interface ChoosableRule {
  ruleId: string;
  kind: "contraindication" | "prepStep";
  label: string;
  evidence: string | null;
  sources: string[];
  default: ChoiceOption;
  alternatives: ChoiceOption[];
}

export interface ChoosableDepthCapMode {
  id: string;
  globalMaxMm: number;
  source: string | null;
  sources: string[];
  isRulesetDefault: boolean;
}

export interface ChoosableSeriesAlternative {
  indication: string;
  indicationLabel: string;
  seriesRule: string;
  default: SeriesValues;
  alternative: Partial<SeriesValues>;
  source: string | null;
  sources: string[];
}

export interface ChoiceCatalogue {
  ruleset: string;
  rules: ChoosableRule[];
  depthCapModes: ChoosableDepthCapMode[];
  seriesAlternatives: ChoosableSeriesAlternative[];
  /** Every source id named above, with its citation. */
  sources: { id: string; citation: string; url: string | null }[];
}

const ACTION_WORDS: Record<RuleAction, string> = {
  decline: "Decline treatment",
  "physician-clearance": "Treat only after a physician's clearance",
  "defer-until": "Defer",
  caution: "No deferral: flag as a caution for the clinician",
};

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** Source ids named in a free-text source note ("BLOG-SEEDS (002: '2-3 days prior')"). */
function sourceIdsIn(text: unknown, known: ReadonlySet<string>): string[] {
  if (typeof text !== "string") return [];
  return [...new Set(text.match(/[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+/g) ?? [])].filter((id) => known.has(id));
}

function describeRuleDefault(rule: Protocol["contraindications"][number]): string {
  if (rule.action !== "defer-until") return ACTION_WORDS[rule.action];
  const w = rule.window;
  if (w?.months !== undefined) return `Defer until ${plural(w.months, "month")} after the last dose`;
  if (w?.days !== undefined) return `Defer until ${plural(w.days, "day")} after the last dose`;
  return "Defer until the condition has ended (no date)";
}

function washoutSummary(days: number | undefined, months: number | undefined): string {
  if (months !== undefined) return `Stop ${plural(months, "month")} before treatment`;
  if (days === 0) return "No washout: the product need not be stopped";
  return `Stop ${plural(days ?? 0, "day")} before treatment`;
}

export function choiceCatalogue(base: Protocol): ChoiceCatalogue {
  const known = new Set((base.sources ?? []).map((s) => s.id));
  const named = new Set<string>();
  const use = (ids: string[]) => {
    for (const id of ids) named.add(id);
    return ids;
  };
  const rules: ChoosableRule[] = [];
  for (const rule of base.contraindications) {
    if (!rule.alternatives?.length) continue;
    const sources = use((rule.source ?? []).filter((id) => known.has(id)));
    rules.push({
      ruleId: rule.id,
      kind: "contraindication",
      label: rule.label,
      evidence: rule.evidence ?? null,
      sources,
      default: {
        id: "default",
        summary: describeRuleDefault(rule),
        action: rule.action,
        ...(rule.window?.months !== undefined ? { windowMonths: rule.window.months } : {}),
        ...(rule.window?.days !== undefined ? { windowDays: rule.window.days } : {}),
        ...(rule.window?.undated ? { undated: true } : {}),
        sources,
      },
      alternatives: rule.alternatives.map((alt) => ({
        id: alt.id,
        summary:
          typeof alt.rule === "string"
            ? alt.rule.charAt(0).toUpperCase() + alt.rule.slice(1)
            : alt.action
              ? ACTION_WORDS[alt.action]
              : alt.id,
        ...(alt.action ? { action: alt.action } : {}),
        ...(alt.windowDays !== undefined ? { windowDays: alt.windowDays } : {}),
        ...(typeof alt.note === "string" ? { note: alt.note } : {}),
        sources: use(sourceIdsIn(alt.source, known)),
      })),
    });
  }
  for (const step of base.prepSteps) {
    if (!step.alternatives?.length || !step.enforcement) continue;
    const sources = use((step.source ?? []).filter((id) => known.has(id)));
    const e = step.enforcement;
    rules.push({
      ruleId: step.id,
      kind: "prepStep",
      label: step.text,
      evidence: step.evidence ?? null,
      sources,
      default: {
        id: "default",
        summary: washoutSummary(e.windowDays, e.windowMonths),
        ...(e.windowDays !== undefined ? { windowDays: e.windowDays } : {}),
        ...(e.windowMonths !== undefined ? { windowMonths: e.windowMonths } : {}),
        sources,
      },
      alternatives: step.alternatives.map((alt) => ({
        id: alt.id,
        summary: washoutSummary(alt.windowDays, undefined),
        ...(alt.windowDays !== undefined ? { windowDays: alt.windowDays } : {}),
        ...(typeof alt.note === "string" ? { note: alt.note } : {}),
        sources: use(sourceIdsIn(alt.source, known)),
      })),
    });
  }
  const modes = base.planAlgorithm.depthCapModes;
  const depthCapModes: ChoosableDepthCapMode[] = Object.entries(modes).map(([id, mode]) => ({
    id,
    globalMaxMm: mode.globalMaxMm,
    source: typeof mode.source === "string" ? mode.source : null,
    sources: use(sourceIdsIn(mode.source, known)),
    isRulesetDefault: id === base.planAlgorithm.defaultDepthCapMode,
  }));
  const labels = new Map(base.indications.map((i) => [i.id, i.label ?? i.id]));
  const seriesAlternatives: ChoosableSeriesAlternative[] = [];
  for (const series of base.seriesRules) {
    for (const alt of series.alternatives ?? []) {
      const { indication, source, sessions, intervalWeeks, maintenanceMonths } = alt;
      seriesAlternatives.push({
        indication,
        indicationLabel: labels.get(indication) ?? indication,
        seriesRule: series.id,
        default: {
          sessions: series.sessions,
          intervalWeeks: series.intervalWeeks,
          maintenanceMonths: series.maintenanceMonths,
        },
        alternative: {
          ...(sessions ? { sessions } : {}),
          ...(intervalWeeks ? { intervalWeeks } : {}),
          ...(maintenanceMonths ? { maintenanceMonths } : {}),
        },
        source: typeof source === "string" ? source : null,
        sources: use(sourceIdsIn(source, known)),
      });
    }
  }
  const sources = (base.sources ?? [])
    .filter((s) => named.has(s.id))
    .map((s) => ({
      id: s.id,
      citation: s.citation ?? s.id,
      url: typeof s.url === "string" ? s.url : null,
    }));
  return { ruleset: base.ruleset, rules, depthCapModes, seriesAlternatives, sources };
}

const STRICTNESS: Record<RuleAction, number> = {
  caution: 0,
  "defer-until": 1,
  "physician-clearance": 2,
  decline: 3,
};

export interface ChoiceProblem {
  /** Path inside the choices, e.g. `rules.PREP-UV-EXPOSURE.windowDays`. */
  field: string;
  message: string;
}

/**
 * The limits a clinic's own values must respect (recorded alternatives are always allowed):
 * no switching a rule off, no action less strict than the rule's default, no washout or deferral
 * window shorter than the shortest option the literature records for that rule.
 */
export function checkOwnValues(base: Protocol, choices: ClinicChoices): ChoiceProblem | null {
  for (const [ruleId, choice] of Object.entries(choices.rules ?? {})) {
    const at = `rules.${ruleId}`;
    const ci = base.contraindications.find((r) => r.id === ruleId);
    const prep = base.prepSteps.find((r) => r.id === ruleId);
    if (choice.enabled === false) {
      return {
        field: `${at}.enabled`,
        message: "a rule cannot be switched off; choose a recorded alternative",
      };
    }
    if (choice.action && ci && STRICTNESS[choice.action] < STRICTNESS[ci.action]) {
      return {
        field: `${at}.action`,
        message: `"${choice.action}" is less strict than the rule's "${ci.action}"; choose a recorded alternative instead`,
      };
    }
    const days = choice.windowDays;
    const months = choice.windowMonths;
    if (days === undefined && months === undefined) continue;
    // The shortest recorded option, in days (a month counted as 28 days: the shortest a month can be).
    const options: number[] = [];
    if (ci) {
      if (ci.window?.months !== undefined) options.push(ci.window.months * 28);
      if (ci.window?.days !== undefined) options.push(ci.window.days);
      // Worded alternatives (current use only, no delay) allow any window.
      if (ci.alternatives?.some((a) => a.windowDays === undefined && a.action !== "physician-clearance"))
        options.push(0);
    }
    if (prep?.enforcement) {
      if (prep.enforcement.windowDays !== undefined) options.push(prep.enforcement.windowDays);
      if (prep.enforcement.windowMonths !== undefined) options.push(prep.enforcement.windowMonths * 28);
    }
    for (const alt of (ci ?? prep)?.alternatives ?? []) {
      if (alt.windowDays !== undefined) options.push(alt.windowDays);
    }
    if (options.length === 0) continue;
    const shortest = Math.min(...options);
    const field = days !== undefined ? `${at}.windowDays` : `${at}.windowMonths`;
    const asDays = days ?? (months ?? 0) * 28;
    if (asDays < shortest) {
      return {
        field,
        message: `is shorter than the shortest window the literature records for this rule (${plural(shortest, "day")})`,
      };
    }
  }
  return null;
}
