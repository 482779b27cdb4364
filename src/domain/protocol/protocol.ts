/**
 * The protocol as data: load and check a protocol object, derive a clinic's protocol from a ruleset
 * and the clinic's choices, and name the exact data with a version.
 *
 * Protocols returned from here are deep-frozen, so that anything computed from one (its version,
 * the screening engine's indexes) can be cached against the object itself.
 */
import { cloneJson, deepFreeze, ProtocolError, protectedMedicationClasses } from "./protocol-core.ts";
import { clinicChoicesSchema, protocolSchema } from "./schema.ts";
import type {
  ClinicChoices,
  Contraindication,
  MedicationVocabulary,
  PrepStep,
  Protocol,
  RuleAlternative,
  Trigger,
} from "./types.ts";

// The schema-free parts live in protocol-core.ts (the screening engine imports them from there).
export {
  canonicalJson,
  isRuleEnabled,
  ProtocolError,
  protectedMedicationClasses,
  protocolVersion,
} from "./protocol-core.ts";

function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out || "(protocol)";
}

// ---------------------------------------------------------------------------------------------
// Cross-references: every id a rule names must exist, and no rule may tell a patient to stop a
// medication that another rule says must never be stopped (prescribed antithrombotics).
// ---------------------------------------------------------------------------------------------

function checkReferences(p: Protocol): string[] {
  const problems: string[] = [];
  const conditionIds = new Set(p.conditions.map((c) => c.id));
  const indicationIds = new Set(p.indications.map((i) => i.id));
  const classIds = new Set(p.medicationClasses.map((c) => c.id));
  const zoneIds = new Set(p.zones.map((z) => z.id));
  const seriesIds = new Set(p.seriesRules.map((s) => s.id));
  const stateIds = Array.isArray(p.patientStates)
    ? new Set((p.patientStates as { id: string }[]).map((s) => s.id))
    : null;
  const blockingIds = new Set<string>();
  const allRuleIds = new Set<string>();

  const unique = (kind: string, list: { id: string }[]) => {
    const seen = new Set<string>();
    list.forEach((item, i) => {
      if (seen.has(item.id)) problems.push(`${kind}[${i}].id: duplicate id "${item.id}"`);
      seen.add(item.id);
    });
  };
  unique("conditions", p.conditions);
  unique("indications", p.indications);
  unique("medicationClasses", p.medicationClasses);
  unique("zones", p.zones);
  unique("seriesRules", p.seriesRules);
  [...p.contraindications, ...p.cautions, ...p.prepSteps].forEach((rule) => {
    if (allRuleIds.has(rule.id)) problems.push(`rule id "${rule.id}" is used twice`);
    allRuleIds.add(rule.id);
  });
  for (const r of p.contraindications) blockingIds.add(r.id);
  for (const s of p.prepSteps) if (s.enforcement) blockingIds.add(s.id);

  const checkTrigger = (t: Trigger, at: string): void => {
    switch (t.type) {
      case "condition":
        t.conditionIds.forEach((id, i) => {
          if (!conditionIds.has(id)) problems.push(`${at}.conditionIds[${i}]: unknown condition "${id}"`);
        });
        return;
      case "medication":
        t.classIds.forEach((id, i) => {
          if (!classIds.has(id)) problems.push(`${at}.classIds[${i}]: unknown medication class "${id}"`);
        });
        return;
      case "indication":
        t.indicationIds.forEach((id, i) => {
          if (!indicationIds.has(id)) problems.push(`${at}.indicationIds[${i}]: unknown indication "${id}"`);
        });
        return;
      case "patientState":
        if (stateIds && !stateIds.has(t.field))
          problems.push(`${at}.field: unknown patient state "${t.field}"`);
        return;
      case "all":
        t.of.forEach((sub, i) => {
          checkTrigger(sub, `${at}.of[${i}]`);
        });
        return;
      default:
        return;
    }
  };

  p.contraindications.forEach((rule, i) => {
    const at = `contraindications[${i}]`;
    checkTrigger(rule.trigger, `${at}.trigger`);
    const w = rule.window;
    if (
      rule.action === "defer-until" &&
      !(w && (w.undated === true || w.months !== undefined || w.days !== undefined))
    ) {
      problems.push(`${at}.window: a defer-until rule needs window.undated, window.months or window.days`);
    }
  });
  p.cautions.forEach((rule, i) => {
    checkTrigger(rule.trigger, `cautions[${i}].trigger`);
    rule.suppressedBy?.forEach((id, j) => {
      if (!allRuleIds.has(id)) problems.push(`cautions[${i}].suppressedBy[${j}]: unknown rule "${id}"`);
    });
  });
  p.prepSteps.forEach((step, i) => {
    const at = `prepSteps[${i}]`;
    if (typeof step.appliesWhen === "object") {
      if (step.appliesWhen.type === "rule") {
        if (!allRuleIds.has(step.appliesWhen.ruleId)) {
          problems.push(`${at}.appliesWhen.ruleId: unknown rule "${step.appliesWhen.ruleId}"`);
        }
      } else checkTrigger(step.appliesWhen, `${at}.appliesWhen`);
    }
    if (step.enforcement && (typeof step.appliesWhen !== "object" || step.appliesWhen.type === "rule")) {
      problems.push(`${at}.appliesWhen: a washout needs a medication or condition trigger`);
    }
  });
  const protectedClasses = protectedMedicationClasses(p);
  p.prepSteps.forEach((step, i) => {
    if (!step.enforcement || typeof step.appliesWhen !== "object" || step.appliesWhen.type !== "medication")
      return;
    for (const c of step.appliesWhen.classIds) {
      if (protectedClasses.has(c)) {
        problems.push(`prepSteps[${i}].appliesWhen.classIds: "${c}" must never be stopped by the patient`);
      }
    }
  });

  for (const zone of p.zones) {
    if (zone.prohibitedBy && !p.zoneRules.some((r) => r.id === zone.prohibitedBy)) {
      problems.push(`zones.${zone.id}.prohibitedBy: unknown zone rule "${zone.prohibitedBy}"`);
    }
  }
  for (const ind of indicationIds) {
    const depth = p.indicationDepth[ind];
    if (!depth) problems.push(`indicationDepth: no entry for indication "${ind}"`);
    else {
      depth.zones.forEach((z, i) => {
        if (!zoneIds.has(z)) problems.push(`indicationDepth.${ind}.zones[${i}]: unknown zone "${z}"`);
      });
    }
    const sel = p.seriesByIndication[ind];
    if (sel === undefined) problems.push(`seriesByIndication: no entry for indication "${ind}"`);
    else {
      for (const id of typeof sel === "string" ? [sel] : Object.values(sel)) {
        if (!seriesIds.has(id)) problems.push(`seriesByIndication.${ind}: unknown series rule "${id}"`);
      }
      if (typeof sel === "object" && sel.otherwise === undefined) {
        problems.push(`seriesByIndication.${ind}: a graded selection needs "otherwise"`);
      }
    }
  }
  if (!p.planAlgorithm.depthCapModes[p.planAlgorithm.defaultDepthCapMode]) {
    problems.push(`planAlgorithm.defaultDepthCapMode: unknown mode "${p.planAlgorithm.defaultDepthCapMode}"`);
  }
  return problems;
}

/**
 * Checks a protocol object (as parsed from JSON) and returns a frozen copy. Throws ProtocolError
 * naming the first problem's path.
 */
export function loadProtocol(raw: unknown): Protocol {
  const parsed = protocolSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ProtocolError(
      `invalid protocol: ${formatPath(issue?.path ?? [])}: ${issue?.message ?? "invalid"}`,
    );
  }
  // Validate the shape, but keep every member of the original (zod drops nothing with looseObject,
  // yet the original is what gets hashed and frozen, so clone it rather than trust a parse output).
  const protocol = cloneJson(raw) as Protocol;
  const problems = checkReferences(protocol);
  if (problems.length > 0) throw new ProtocolError(`invalid protocol: ${problems[0]}`);
  return deepFreeze(protocol);
}

/** Adds a medication vocabulary (brand names, salt words) to a protocol that has none. */
export function withMedicationVocabulary(protocol: Protocol, vocabulary: MedicationVocabulary): Protocol {
  if (protocol.medicationVocabulary) return protocol;
  return loadProtocol({ ...cloneJson(protocol), medicationVocabulary: cloneJson(vocabulary) });
}

// ---------------------------------------------------------------------------------------------
// A clinic's choices
// ---------------------------------------------------------------------------------------------

/**
 * Alternatives the protocol records only in words (`rule`), with the structured change each means.
 * Alternatives that carry `action` or `windowDays` need no entry here.
 */
const WORDED_ALTERNATIVES: Record<string, (rule: Contraindication) => void> = {
  // "defer only while taking it; eligible from the day after the last dose"
  "labeling-current-use-only": (rule) => {
    rule.window = { basis: "medication.lastTaken", days: 1 };
    rule.ongoingHandling = "undated";
  },
  // "no deferral; caution flag and documented discussion"
  "consensus-no-delay": (rule) => {
    rule.action = "caution";
  },
};

function applyAlternative(
  rule: Contraindication | PrepStep,
  isPrep: boolean,
  alt: RuleAlternative,
  fail: (m: string) => never,
): void {
  let applied = false;
  if (alt.action !== undefined) {
    if (isPrep) fail(`alternative "${alt.id}" changes an action, which a prep step does not have`);
    (rule as Contraindication).action = alt.action;
    applied = true;
  }
  if (alt.windowDays !== undefined) {
    setWindowDays(rule, isPrep, alt.windowDays);
    applied = true;
  }
  const worded = WORDED_ALTERNATIVES[alt.id];
  if (!applied && worded && !isPrep) {
    worded(rule as Contraindication);
    applied = true;
  }
  if (!applied) fail(`alternative "${alt.id}" has no form this engine can apply`);
}

function setWindowDays(rule: Contraindication | PrepStep, isPrep: boolean, days: number): void {
  if (isPrep) {
    const step = rule as PrepStep;
    if (!step.enforcement) throw new ProtocolError(`${rule.id}: has no washout window to change`);
    step.enforcement.windowDays = days;
    delete step.enforcement.windowMonths;
  } else {
    const ci = rule as Contraindication;
    ci.window = { basis: ci.window?.basis, days };
  }
}

function setWindowMonths(rule: Contraindication | PrepStep, isPrep: boolean, months: number): void {
  if (isPrep) {
    const step = rule as PrepStep;
    if (!step.enforcement) throw new ProtocolError(`${rule.id}: has no washout window to change`);
    step.enforcement.windowMonths = months;
    delete step.enforcement.windowDays;
  } else {
    const ci = rule as Contraindication;
    ci.window = { basis: ci.window?.basis, months };
  }
}

/**
 * Derives a clinic's protocol from a ruleset and the clinic's choices: recorded literature
 * alternatives, a depth-cap mode, enabling or disabling rules and the clinic's own values. The
 * choices are recorded in the result (`clinicChoices`), so the result has its own version.
 */
export function applyClinicChoices(base: Protocol, choices: ClinicChoices): Protocol {
  const parsed = clinicChoicesSchema.safeParse(choices);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ProtocolError(`invalid clinic choices: ${formatPath(issue?.path ?? [])}: ${issue?.message}`);
  }
  const p = cloneJson(base);
  for (const [ruleId, choice] of Object.entries(parsed.data.rules ?? {})) {
    const fail = (message: string): never => {
      throw new ProtocolError(`invalid clinic choices: rules.${ruleId}: ${message}`);
    };
    const ci = p.contraindications.find((r) => r.id === ruleId);
    const caution = p.cautions.find((r) => r.id === ruleId);
    const prep = p.prepSteps.find((r) => r.id === ruleId);
    const rule = ci ?? prep;
    if (!rule && !caution) fail("no such rule in the protocol");
    if (choice.enabled !== undefined)
      (rule ?? caution ?? ({} as { enabled?: boolean })).enabled = choice.enabled;
    if (!rule) {
      if (
        choice.alternative ||
        choice.action ||
        choice.windowDays !== undefined ||
        choice.windowMonths !== undefined
      ) {
        fail("a caution can only be enabled or disabled");
      }
      continue;
    }
    const isPrep = !ci;
    if (choice.alternative) {
      const alt = rule.alternatives?.find((a) => a.id === choice.alternative);
      if (!alt) {
        const known = (rule.alternatives ?? []).map((a) => a.id).join(", ") || "none";
        fail(`unknown alternative "${choice.alternative}" (recorded: ${known})`);
      } else {
        applyAlternative(rule, isPrep, alt, fail);
        rule.chosenAlternative = alt.id;
      }
    }
    if (choice.action) {
      if (isPrep) fail("a prep step has no action to change");
      (rule as Contraindication).action = choice.action;
    }
    if (choice.windowDays !== undefined) setWindowDays(rule, isPrep, choice.windowDays);
    if (choice.windowMonths !== undefined) setWindowMonths(rule, isPrep, choice.windowMonths);
  }
  if (parsed.data.depthCapMode !== undefined) {
    if (!p.planAlgorithm.depthCapModes[parsed.data.depthCapMode]) {
      const known = Object.keys(p.planAlgorithm.depthCapModes).join(", ");
      throw new ProtocolError(
        `invalid clinic choices: depthCapMode: unknown mode "${parsed.data.depthCapMode}" (${known})`,
      );
    }
    p.planAlgorithm.defaultDepthCapMode = parsed.data.depthCapMode;
  }
  for (const indication of parsed.data.seriesAlternatives ?? []) {
    const owner = p.seriesRules.find((s) => s.alternatives?.some((a) => a.indication === indication));
    const alt = owner?.alternatives?.find((a) => a.indication === indication);
    if (!owner || !alt) {
      throw new ProtocolError(
        `invalid clinic choices: seriesAlternatives: no series alternative for "${indication}"`,
      );
    }
    const values: Record<string, unknown> = {};
    for (const key of ["sessions", "intervalWeeks", "maintenanceMonths"] as const) {
      if (alt[key]) values[key] = alt[key];
    }
    owner.byIndication = { ...owner.byIndication, [indication]: values };
  }
  for (const [zoneId, cap] of Object.entries(parsed.data.zoneCapsMm ?? {})) {
    const zone = p.zones.find((z) => z.id === zoneId);
    if (!zone || zone.prohibited) {
      throw new ProtocolError(`invalid clinic choices: zoneCapsMm.${zoneId}: not a zone that can be treated`);
    }
    zone.zoneCapMm = cap;
  }
  const previous = p.clinicChoices ?? {};
  p.clinicChoices = {
    ...previous,
    ...parsed.data,
    rules: { ...previous.rules, ...parsed.data.rules },
  } as ClinicChoices;
  return loadProtocol(p);
}
