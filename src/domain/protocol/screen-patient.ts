/**
 * The screening engine: one validated screening input and a protocol in, one decision out
 * (test/fixtures/spec/README.md). Every id, window, cap and action comes from the protocol; the
 * code knows only the shape of the rules (trigger types, window kinds, outcome precedence).
 *
 * Per protocol object the rules are compiled once (indexes, sets, static texts) and cached in a
 * WeakMap, so screening many patients under one protocol does no protocol work per patient.
 */
import { addDays, addMonths } from "../calendar.ts";
import { depthLimitMm, globalMaxDepthMm } from "./depth-limit.ts";
import { buildMedicationIndex, type MedicationIndex, resolveMedication } from "./medications.ts";
import { isRuleEnabled, protectedMedicationClasses, protocolVersion } from "./protocol-core.ts";
import type {
  ConditionInput,
  ConditionTrigger,
  Deferral,
  Explanation,
  MedicationInput,
  MedicationTrigger,
  Outcome,
  Plan,
  PlanSeries,
  Protocol,
  Range,
  RuleAction,
  ScreeningInput,
  ScreeningOutput,
  SeriesValues,
  Trigger,
} from "./types.ts";

// ---------------------------------------------------------------------------------------------
// Compiled protocol
// ---------------------------------------------------------------------------------------------

/** A window in calendar days or months; `undefined` means undated. */
interface Shift {
  days: number;
  months: number;
}

interface CompiledRule {
  id: string;
  /** What firing does: blocks with this action, or (`caution`) only flags. */
  action: RuleAction;
  trigger: Trigger;
  /** Washout (prep step enforcement) rather than a contraindication. */
  washout: boolean;
  /** For contraindications: a dated window, or undefined for undated / no window. */
  window: Shift | undefined;
  ongoingUndated: boolean;
  label: string;
  patientText: string | undefined;
  prepText: string | undefined;
  clinicianText: string;
  sources: readonly string[];
}

interface CompiledCaution {
  id: string;
  trigger: Trigger;
  suppressedBy: readonly string[];
  label: string;
  patientText: string | undefined;
  clinicianText: string;
  sources: readonly string[];
}

type InstructionTest =
  | { kind: "ongoingMedication"; classIds: ReadonlySet<string> }
  | { kind: "trigger"; trigger: Trigger }
  | { kind: "ruleFired"; ruleId: string };

interface CompiledInstruction {
  id: string;
  test: InstructionTest;
  text: string;
  clinicianText: string;
  sources: readonly string[];
}

interface SeriesChoice {
  id: string;
  values: SeriesValues;
}

interface CompiledProtocol {
  version: string;
  medications: MedicationIndex;
  protectedClasses: ReadonlySet<string>;
  /** Contraindications (any action, `caution` included) and washouts that are enabled. */
  rules: CompiledRule[];
  cautions: CompiledCaution[];
  instructions: CompiledInstruction[];
  zoneById: ReadonlyMap<string, { label: string; face: boolean; prohibited: boolean; capMm: number }>;
  excludedZoneRule: ReadonlyMap<string, { id: string; clinicianText: string; sources: readonly string[] }>;
  depthByIndication: ReadonlyMap<string, { minMm: number; capMm: number; zones: ReadonlySet<string> }>;
  seriesFor: (indication: string, grade: number | null | undefined) => SeriesChoice;
  globalMaxMm: number;
  classSets: WeakMap<MedicationTrigger, ReadonlySet<string>>;
}

const RANK: Record<Exclude<RuleAction, "caution">, number> = {
  "defer-until": 1,
  "physician-clearance": 2,
  decline: 3,
};
const OUTCOME_BY_RANK: readonly Outcome[] = ["eligible", "defer", "needs-physician-clearance", "decline"];

function shiftOf(days: number | undefined, months: number | undefined): Shift | undefined {
  if (days === undefined && months === undefined) return undefined;
  return { days: days ?? 0, months: months ?? 0 };
}

function shift(date: string, by: Shift): string {
  const moved = by.months !== 0 ? addMonths(date, by.months) : date;
  return by.days !== 0 ? addDays(moved, by.days) : moved;
}

function compile(protocol: Protocol): CompiledProtocol {
  const rules: CompiledRule[] = [];
  for (const ci of protocol.contraindications) {
    if (!isRuleEnabled(ci)) continue;
    const w = ci.window;
    rules.push({
      id: ci.id,
      action: ci.action,
      trigger: ci.trigger,
      washout: false,
      window: w && w.undated !== true ? shiftOf(w.days, w.months) : undefined,
      ongoingUndated: ci.ongoingHandling !== "screeningDate",
      label: ci.label,
      patientText: ci.patientText,
      prepText: undefined,
      clinicianText: ci.evidence ?? ci.label,
      sources: ci.source ?? [],
    });
  }
  for (const step of protocol.prepSteps) {
    if (!step.enforcement || !isRuleEnabled(step) || typeof step.appliesWhen !== "object") continue;
    if (step.appliesWhen.type === "rule") continue;
    const e = step.enforcement;
    rules.push({
      id: step.id,
      action: (e.onViolation as RuleAction | undefined) ?? "defer-until",
      trigger: step.appliesWhen,
      washout: true,
      window: shiftOf(e.windowDays ?? (e.windowMonths === undefined ? 0 : undefined), e.windowMonths),
      ongoingUndated: false,
      label: step.id,
      patientText: undefined,
      prepText: step.text,
      clinicianText: step.evidence ?? step.text,
      sources: step.source ?? [],
    });
  }

  const cautions: CompiledCaution[] = protocol.cautions.filter(isRuleEnabled).map((c) => ({
    id: c.id,
    trigger: c.trigger,
    suppressedBy: c.suppressedBy ?? [],
    label: c.label,
    patientText: c.patientText,
    clinicianText: c.evidence ?? c.label,
    sources: c.source ?? [],
  }));

  const triggerById = new Map<string, Trigger>();
  for (const r of protocol.contraindications) triggerById.set(r.id, r.trigger);
  for (const r of protocol.cautions) triggerById.set(r.id, r.trigger);
  const instructions: CompiledInstruction[] = [];
  for (const step of protocol.prepSteps) {
    if (!isRuleEnabled(step) || step.appliesWhen === "always") continue;
    // Generic instructions ("always ...") belong to the checklist, not to the decision.
    if (step.emitInstructionWhen?.trimStart().toLowerCase().startsWith("always")) continue;
    const when = step.appliesWhen;
    let test: InstructionTest;
    if (when.type === "rule") {
      const target = triggerById.get(when.ruleId);
      test =
        target?.type === "medication"
          ? { kind: "ongoingMedication", classIds: new Set(target.classIds) }
          : { kind: "ruleFired", ruleId: when.ruleId };
    } else if (when.type === "medication") {
      // A zero-day washout asks nothing of the patient.
      const e = step.enforcement;
      if (e && !e.windowDays && !e.windowMonths) continue;
      test = { kind: "ongoingMedication", classIds: new Set(when.classIds) };
    } else test = { kind: "trigger", trigger: when };
    instructions.push({
      id: step.id,
      test,
      text: step.text,
      clinicianText: step.evidence ?? step.text,
      sources: step.source ?? [],
    });
  }

  const zoneById = new Map(
    protocol.zones.map((z) => [
      z.id,
      { label: z.label, face: z.face, prohibited: z.prohibited === true, capMm: z.zoneCapMm },
    ]),
  );
  const excludedZoneRule = new Map<
    string,
    { id: string; clinicianText: string; sources: readonly string[] }
  >();
  for (const zone of protocol.zones) {
    if (!zone.prohibited) continue;
    const byName = `ZONE-${zone.id.toUpperCase()}-PROHIBITED`;
    const rule =
      protocol.zoneRules.find((r) => r.id === (zone.prohibitedBy ?? byName)) ??
      (protocol.zoneRules.length === 1 ? protocol.zoneRules[0] : undefined);
    excludedZoneRule.set(zone.id, {
      id: rule?.id ?? byName,
      clinicianText: rule
        ? [rule.text, rule.evidence].filter(Boolean).join(" ")
        : `${zone.label}: prohibited zone.`,
      sources: rule?.source ?? [],
    });
  }

  const depthByIndication = new Map(
    Object.entries(protocol.indicationDepth).map(([ind, d]) => [
      ind,
      { minMm: d.minMm, capMm: d.capMm, zones: new Set(d.zones) },
    ]),
  );

  const seriesById = new Map(protocol.seriesRules.map((s) => [s.id, s]));
  const seriesCache = new Map<string, SeriesChoice>();
  const seriesFor = (indication: string, grade: number | null | undefined): SeriesChoice => {
    const key = `${indication}|${grade ?? ""}`;
    const hit = seriesCache.get(key);
    if (hit) return hit;
    const sel = protocol.seriesByIndication[indication];
    const id =
      typeof sel === "string"
        ? sel
        : ((grade != null ? sel?.[`goodmanBaronGrade${grade}`] : undefined) ?? sel?.otherwise ?? "");
    const rule = seriesById.get(id);
    if (!rule) throw new Error(`protocol has no series rule for indication "${indication}"`);
    const own = rule.byIndication?.[indication];
    const choice: SeriesChoice = {
      id,
      values: {
        sessions: own?.sessions ?? rule.sessions,
        intervalWeeks: own?.intervalWeeks ?? rule.intervalWeeks,
        maintenanceMonths: own?.maintenanceMonths ?? rule.maintenanceMonths,
      },
    };
    seriesCache.set(key, choice);
    return choice;
  };

  return {
    version: protocolVersion(protocol),
    medications: buildMedicationIndex(protocol),
    protectedClasses: protectedMedicationClasses(protocol),
    rules,
    cautions,
    instructions,
    zoneById,
    excludedZoneRule,
    depthByIndication,
    seriesFor,
    // A protocol without a valid mode gets the strictest cap any mode names.
    globalMaxMm: globalMaxDepthMm(protocol.planAlgorithm),
    classSets: new WeakMap(),
  };
}

const compiledCache = new WeakMap<Protocol, CompiledProtocol>();

function compiled(protocol: Protocol): CompiledProtocol {
  let c = compiledCache.get(protocol);
  if (!c) {
    c = compile(protocol);
    compiledCache.set(protocol, c);
  }
  return c;
}

// ---------------------------------------------------------------------------------------------
// Evaluating triggers against one patient
// ---------------------------------------------------------------------------------------------

interface Context {
  input: ScreeningInput;
  protocol: CompiledProtocol;
  /** Resolved class ids per medication (by index). */
  medClasses: readonly (readonly string[])[];
  /** Whether the medication belongs to a class that must never be stopped. */
  medProtected: readonly boolean[];
  faceRequested: boolean;
}

function classSet(c: CompiledProtocol, t: MedicationTrigger): ReadonlySet<string> {
  let s = c.classSets.get(t);
  if (!s) {
    s = new Set(t.classIds);
    c.classSets.set(t, s);
  }
  return s;
}

function medicationInClasses(ctx: Context, index: number, classes: ReadonlySet<string>): boolean {
  const own = ctx.medClasses[index];
  if (!own) return false;
  for (const c of own) if (classes.has(c)) return true;
  return false;
}

function isCurrent(t: MedicationTrigger, med: MedicationInput, appointment: string): boolean {
  if (!t.current || med.ongoing) return true;
  const days = t.current.orLastTakenWithinDaysBeforeAppointment;
  if (days === undefined || !med.lastTaken) return false;
  return appointment < addDays(med.lastTaken, days);
}

function conditionMatches(t: ConditionTrigger, cond: ConditionInput, ctx: Context): boolean {
  if (!t.conditionIds.includes(cond.conditionId)) return false;
  if (t.statusIn && !t.statusIn.includes(cond.status)) return false;
  if (t.severityIn && !(cond.severity != null && t.severityIn.includes(cond.severity))) return false;
  if (t.inTreatmentArea !== undefined && cond.inTreatmentArea !== t.inTreatmentArea) return false;
  if (t.treatmentIncludesFace !== undefined && ctx.faceRequested !== t.treatmentIncludesFace) return false;
  return true;
}

function holds(t: Trigger, ctx: Context): boolean {
  const input = ctx.input;
  switch (t.type) {
    case "patientState":
      return (input.patient as unknown as Record<string, unknown>)[t.field] === t.equals;
    case "age":
      return input.patient.age < t.lessThan;
    case "fitzpatrick":
      return t.in.includes(input.patient.fitzpatrick);
    case "indication":
      return input.request.concerns.some((c) => t.indicationIds.includes(c.indication));
    case "medication": {
      const classes = classSet(ctx.protocol, t);
      return input.medications.some(
        (med, i) => medicationInClasses(ctx, i, classes) && isCurrent(t, med, input.requestedAppointment),
      );
    }
    case "condition":
      return input.conditions.some((cond) => conditionMatches(t, cond, ctx));
    case "all":
      return t.of.every((sub) => holds(sub, ctx));
    default:
      // A trigger type this engine does not know matches, so that it blocks rather than passes.
      return true;
  }
}

interface Firing {
  undated: boolean;
  /** Latest earliestEligible over the events that fired the rule, when dated. */
  earliest: string | null;
}

/** Records one event with its earliestEligible date; returns the updated firing or null. */
function datedEvent(f: Firing | null, earliest: string, appointment: string): Firing | null {
  if (!(appointment < earliest)) return f;
  if (!f) return { undated: false, earliest };
  if (f.earliest === null || f.earliest < earliest) f.earliest = earliest;
  return f;
}

function undatedEvent(f: Firing | null): Firing {
  if (!f) return { undated: true, earliest: null };
  f.undated = true;
  return f;
}

function evaluateRule(rule: CompiledRule, ctx: Context): Firing | null {
  const input = ctx.input;
  const appointment = input.requestedAppointment;
  const t = rule.trigger;
  if (rule.washout) {
    // Washouts: event = lastTaken, or the screening date for an ongoing product (the patient stops
    // then), or a condition's onset; a protected medication is never part of a "stop" rule.
    const window = rule.window ?? { days: 0, months: 0 };
    let f: Firing | null = null;
    if (t.type === "medication") {
      const classes = classSet(ctx.protocol, t);
      const meds = input.medications;
      for (let i = 0; i < meds.length; i++) {
        const med = meds[i] as MedicationInput;
        if (ctx.medProtected[i] || !medicationInClasses(ctx, i, classes)) continue;
        const event = med.ongoing ? input.screeningDate : (med.lastTaken ?? input.screeningDate);
        f = datedEvent(f, shift(event, window), appointment);
      }
    } else if (t.type === "condition") {
      for (const cond of input.conditions) {
        if (!conditionMatches(t, cond, ctx)) continue;
        const event = cond.onset ?? cond.resolved ?? input.screeningDate;
        f = datedEvent(f, shift(event, window), appointment);
      }
    } else if (holds(t, ctx)) {
      f = datedEvent(f, shift(input.screeningDate, window), appointment);
    }
    return f;
  }

  const window = rule.window;
  if (!window) return holds(t, ctx) ? { undated: true, earliest: null } : null;

  // Dated window: each matching event gives an earliestEligible date.
  let f: Firing | null = null;
  if (t.type === "medication") {
    const classes = classSet(ctx.protocol, t);
    const meds = input.medications;
    for (let i = 0; i < meds.length; i++) {
      const med = meds[i] as MedicationInput;
      if (!medicationInClasses(ctx, i, classes) || !isCurrent(t, med, appointment)) continue;
      if (med.ongoing) {
        if (rule.ongoingUndated) f = undatedEvent(f);
        else f = datedEvent(f, shift(input.screeningDate, window), appointment);
      } else if (med.lastTaken) f = datedEvent(f, shift(med.lastTaken, window), appointment);
      else f = undatedEvent(f);
    }
  } else if (t.type === "condition") {
    for (const cond of input.conditions) {
      if (!conditionMatches(t, cond, ctx)) continue;
      const event = cond.status === "active" ? null : (cond.resolved ?? cond.onset ?? null);
      f = event ? datedEvent(f, shift(event, window), appointment) : undatedEvent(f);
    }
  } else if (holds(t, ctx)) f = undatedEvent(f);
  return f;
}

// ---------------------------------------------------------------------------------------------
// Texts
// ---------------------------------------------------------------------------------------------

function reasonPatientText(rule: CompiledRule, firing: Firing): string {
  if (rule.patientText) return rule.patientText;
  const dated = !firing.undated && firing.earliest !== null;
  if (rule.prepText) {
    return dated
      ? `${rule.prepText} The earliest date for your treatment is ${firing.earliest}.`
      : rule.prepText;
  }
  switch (rule.action) {
    case "decline":
      return `${rule.label}: we cannot offer you microneedling.`;
    case "physician-clearance":
      return `${rule.label}: a doctor needs to clear you for treatment before we can book it.`;
    default:
      return dated
        ? `${rule.label}: treatment has to wait. The earliest date for your treatment is ${firing.earliest}.`
        : `${rule.label}: treatment has to wait. We will check again when this no longer applies.`;
  }
}

function cautionPatientText(label: string): string {
  return `${label}: your provider will take extra care and talk this through with you.`;
}

// ---------------------------------------------------------------------------------------------
// The plan
// ---------------------------------------------------------------------------------------------

function range(r: Range): Range {
  return { min: r.min, max: r.max };
}

/** Intersection of ranges; when they do not overlap, the longest minimum (more healing time). */
function intersect(ranges: Range[]): { range: Range; disjoint: boolean } {
  let min = 0;
  let max = Number.POSITIVE_INFINITY;
  for (const r of ranges) {
    if (r.min > min) min = r.min;
    if (r.max < max) max = r.max;
  }
  return max >= min ? { range: { min, max }, disjoint: false } : { range: { min, max: min }, disjoint: true };
}

function buildPlan(input: ScreeningInput, c: CompiledProtocol): { plan: Plan; disjoint: boolean } {
  const series: PlanSeries[] = [];
  const depth = new Map<string, number>();
  const excluded: string[] = [];
  for (const concern of input.request.concerns) {
    const choice = c.seriesFor(concern.indication, concern.goodmanBaronGrade);
    series.push({
      indication: concern.indication,
      seriesRule: choice.id,
      sessions: range(choice.values.sessions),
      intervalWeeks: range(choice.values.intervalWeeks),
      maintenanceMonths: range(choice.values.maintenanceMonths),
    });
    const indicationDepth = c.depthByIndication.get(concern.indication);
    for (const zoneId of concern.zones) {
      const zone = c.zoneById.get(zoneId);
      if (!zone) continue;
      if (zone.prohibited) {
        if (!excluded.includes(zoneId)) excluded.push(zoneId);
        continue;
      }
      // A zone not listed for an indication is not planned for it.
      if (!indicationDepth?.zones.has(zoneId)) continue;
      const max = depthLimitMm(zone.capMm, c.globalMaxMm, indicationDepth.capMm);
      if (max === null) continue;
      const prev = depth.get(zoneId);
      if (prev === undefined || max > prev) depth.set(zoneId, max);
    }
  }
  let sessionsMin = 0;
  let sessionsMax = 0;
  for (const s of series) {
    if (s.sessions.min > sessionsMin) sessionsMin = s.sessions.min;
    if (s.sessions.max > sessionsMax) sessionsMax = s.sessions.max;
  }
  const interval = intersect(series.map((s) => s.intervalWeeks));
  const maintenance = intersect(series.map((s) => s.maintenanceMonths));
  const maxDepthMmByZone: Record<string, number> = {};
  for (const zoneId of [...depth.keys()].sort()) maxDepthMmByZone[zoneId] = depth.get(zoneId) as number;
  return {
    plan: {
      series,
      combined: {
        sessions: { min: sessionsMin, max: sessionsMax },
        intervalWeeks: interval.range,
        maintenanceMonths: maintenance.range,
      },
      maxDepthMmByZone,
      excludedZones: excluded.map((zone) => ({
        zone,
        reason: c.excludedZoneRule.get(zone)?.id ?? `ZONE-${zone.toUpperCase()}-PROHIBITED`,
      })),
    },
    disjoint: interval.disjoint || maintenance.disjoint,
  };
}

// ---------------------------------------------------------------------------------------------
// Screening
// ---------------------------------------------------------------------------------------------

/**
 * Screens one patient under a protocol. The input must have passed validateScreeningInput for the
 * same protocol; the result is deterministic (id arrays sorted, no clock, no randomness).
 */
export function screenPatient(input: ScreeningInput, protocol: Protocol): ScreeningOutput {
  const c = compiled(protocol);

  const medClasses: string[][] = [];
  const medProtected: boolean[] = [];
  const unrecognizedMedications: { index: number; name: string }[] = [];
  const reviewNotes: string[] = [];
  input.medications.forEach((med, index) => {
    const resolved = resolveMedication(med, c.medications);
    medClasses.push(resolved.classIds);
    medProtected.push(resolved.classIds.some((id) => c.protectedClasses.has(id)));
    if (resolved.classIds.length === 0) unrecognizedMedications.push({ index, name: med.ingredient });
    if (resolved.conflicting) {
      reviewNotes.push(
        `medications[${index}]: name and RxNorm code point at different classes (${resolved.classIds.join(", ")}); all are applied`,
      );
    }
  });
  let faceRequested = false;
  for (const concern of input.request.concerns) {
    for (const z of concern.zones) if (c.zoneById.get(z)?.face) faceRequested = true;
  }
  const ctx: Context = { input, protocol: c, medClasses, medProtected, faceRequested };

  // Blocking rules and rules that only flag.
  let rank = 0;
  let undated = false;
  let latest: string | null = null;
  const fired: { rule: CompiledRule; firing: Firing }[] = [];
  const flagged: { rule: CompiledRule; firing: Firing }[] = [];
  const firedIds = new Set<string>();
  for (const rule of c.rules) {
    const firing = evaluateRule(rule, ctx);
    if (!firing) continue;
    firedIds.add(rule.id);
    if (rule.action === "caution") {
      flagged.push({ rule, firing });
      continue;
    }
    fired.push({ rule, firing });
    const r = RANK[rule.action];
    if (r > rank) rank = r;
    if (rule.action === "defer-until") {
      if (firing.undated) undated = true;
      if (firing.earliest !== null && (latest === null || firing.earliest > latest)) latest = firing.earliest;
    }
  }
  const outcome = OUTCOME_BY_RANK[rank] as Outcome;
  let deferral: Deferral = "none";
  let deferUntil: string | null = null;
  if (outcome !== "decline") {
    if (undated) deferral = "undated";
    else if (latest !== null) {
      deferral = "dated";
      deferUntil = latest;
    }
  }

  // Cautions (after suppression), including rules a clinic turned into flags.
  const cautionHits: {
    id: string;
    label: string;
    patientText?: string;
    clinicianText: string;
    sources: readonly string[];
  }[] = [];
  for (const caution of c.cautions) {
    if (!holds(caution.trigger, ctx)) continue;
    if (caution.suppressedBy.some((id) => firedIds.has(id))) continue;
    cautionHits.push(caution);
  }
  for (const { rule } of flagged) cautionHits.push(rule);
  const cautionIds = new Set(cautionHits.map((h) => h.id));

  // Conditional preparation instructions.
  const instructionHits = c.instructions.filter((ins) => {
    const test = ins.test;
    switch (test.kind) {
      case "ongoingMedication":
        return input.medications.some(
          (med, i) =>
            med.ongoing &&
            medicationInClasses(ctx, i, test.classIds) &&
            // A "stop" instruction never applies to a medication that must not be stopped; the
            // do-not-stop instruction itself targets exactly those classes.
            (!medProtected[i] || [...test.classIds].every((id) => c.protectedClasses.has(id))),
        );
      case "ruleFired":
        return firedIds.has(test.ruleId) || cautionIds.has(test.ruleId);
      default:
        return holds(test.trigger, ctx);
    }
  });

  let plan: Plan | null = null;
  if (outcome === "eligible") {
    const built = buildPlan(input, c);
    plan = built.plan;
    if (built.disjoint)
      reviewNotes.push("plan.combined: the concerns' intervals do not overlap; the longest minimum is used");
  }

  const reasons = fired.map((f) => f.rule.id).sort();
  const cautions = [...cautionIds].sort();
  const prepInstructions = instructionHits.map((i) => i.id).sort();

  const explanations: Explanation[] = [];
  for (const { rule, firing } of [...fired].sort((a, b) => (a.rule.id < b.rule.id ? -1 : 1))) {
    const e: Explanation = {
      id: rule.id,
      kind: "reason",
      patientText: reasonPatientText(rule, firing),
      clinicianText: rule.clinicianText,
      sources: [...rule.sources],
    };
    if (!firing.undated && firing.earliest !== null && rule.action === "defer-until")
      e.earliestEligible = firing.earliest;
    explanations.push(e);
  }
  for (const hit of [...cautionHits].sort((a, b) => (a.id < b.id ? -1 : 1))) {
    explanations.push({
      id: hit.id,
      kind: "caution",
      patientText: hit.patientText ?? cautionPatientText(hit.label),
      clinicianText: hit.clinicianText,
      sources: [...hit.sources],
    });
  }
  for (const ins of [...instructionHits].sort((a, b) => (a.id < b.id ? -1 : 1))) {
    explanations.push({
      id: ins.id,
      kind: "prepInstruction",
      patientText: ins.text,
      clinicianText: ins.clinicianText,
      sources: [...ins.sources],
    });
  }
  for (const ex of plan?.excludedZones ?? []) {
    const zoneRule = c.excludedZoneRule.get(ex.zone);
    const label = c.zoneById.get(ex.zone)?.label ?? ex.zone;
    explanations.push({
      id: ex.reason,
      kind: "excludedZone",
      zone: ex.zone,
      patientText: `${label}: this area cannot be treated with microneedling, so it is left out of your plan.`,
      clinicianText: zoneRule?.clinicianText ?? ex.reason,
      sources: [...(zoneRule?.sources ?? [])],
    });
  }

  const output: ScreeningOutput =
    input.id !== undefined ? ({ id: input.id } as ScreeningOutput) : ({} as ScreeningOutput);
  output.outcome = outcome;
  output.deferral = deferral;
  output.deferUntil = deferUntil;
  output.reasons = reasons;
  output.cautions = cautions;
  output.prepInstructions = prepInstructions;
  output.plan = plan;
  output.protocolVersion = c.version;
  output.requiresReview = unrecognizedMedications.length > 0 || reviewNotes.length > 0;
  output.unrecognizedMedications = unrecognizedMedications;
  if (reviewNotes.length > 0)
    (output as ScreeningOutput & { reviewNotes: string[] }).reviewNotes = reviewNotes;
  output.explanations = explanations;
  return output;
}
