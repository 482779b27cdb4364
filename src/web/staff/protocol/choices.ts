// Pure helpers of the protocol settings page: what is chosen now, and the choices a form makes.
import type { ClinicChoices, ProtocolOverview } from "../../../contract/protocol.ts";

export interface ChoiceForm {
  /** ruleId -> "default" or an alternative id. */
  rules: Record<string, string>;
  depthCapMode: string;
  seriesAlternatives: string[];
}

export function formFromChoices(overview: ProtocolOverview): ChoiceForm {
  const chosen = overview.current.choices;
  const rules: Record<string, string> = {};
  for (const rule of overview.catalogue.rules)
    rules[rule.ruleId] = chosen.rules?.[rule.ruleId]?.alternative ?? "default";
  const defaultMode = overview.catalogue.depthCapModes.find((m) => m.isRulesetDefault)?.id ?? "";
  return {
    rules,
    depthCapMode: chosen.depthCapMode ?? defaultMode,
    seriesAlternatives: [...(chosen.seriesAlternatives ?? [])],
  };
}

/**
 * The complete choices to save: the form's picks, plus any own values set earlier through the API
 * (the page does not edit them, so it must not drop them). The ruleset's defaults are left out, so
 * choosing every default returns to the shipped version.
 */
export function choicesFromForm(form: ChoiceForm, overview: ProtocolOverview): ClinicChoices {
  const previous = overview.current.choices;
  const rules: NonNullable<ClinicChoices["rules"]> = {};
  for (const [ruleId, rest] of Object.entries(previous.rules ?? {})) {
    const { alternative: _ignored, ...own } = rest;
    if (Object.keys(own).length > 0) rules[ruleId] = own;
  }
  for (const [ruleId, pick] of Object.entries(form.rules)) {
    if (pick !== "default") rules[ruleId] = { ...rules[ruleId], alternative: pick };
  }
  const out: ClinicChoices = {};
  if (Object.keys(rules).length > 0) out.rules = rules;
  const defaultMode = overview.catalogue.depthCapModes.find((m) => m.isRulesetDefault)?.id;
  if (form.depthCapMode && form.depthCapMode !== defaultMode) out.depthCapMode = form.depthCapMode;
  if (form.seriesAlternatives.length > 0) out.seriesAlternatives = [...form.seriesAlternatives].sort();
  if (previous.zoneCapsMm && Object.keys(previous.zoneCapsMm).length > 0)
    out.zoneCapsMm = previous.zoneCapsMm;
  return out;
}

/** One line per choice, for the history table. */
export function describeChoices(choices: ClinicChoices): string[] {
  const lines: string[] = [];
  for (const [ruleId, c] of Object.entries(choices.rules ?? {})) {
    const parts: string[] = [];
    if (c.alternative) parts.push(c.alternative);
    if (c.windowDays !== undefined) parts.push(`${c.windowDays} days`);
    if (c.windowMonths !== undefined) parts.push(`${c.windowMonths} months`);
    if (c.action) parts.push(c.action);
    lines.push(`${ruleId}: ${parts.join(", ")}`);
  }
  if (choices.depthCapMode) lines.push(`Depth cap: ${choices.depthCapMode}`);
  for (const s of choices.seriesAlternatives ?? []) lines.push(`Series alternative: ${s}`);
  for (const [zone, mm] of Object.entries(choices.zoneCapsMm ?? {})) lines.push(`Zone cap ${zone}: ${mm} mm`);
  return lines;
}
