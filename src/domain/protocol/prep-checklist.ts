/**
 * The dated preparation checklist for one appointment: which of the protocol's `prepSteps` apply
 * to this patient and from which calendar day ("Stop ibuprofen from Thu, 3 Dec 2026").
 *
 * Safety rule: a medication whose class needs a prescriber's or physician's decision (the classes
 * of any physician-clearance rule, and of any rule that a standing "do not stop" step points at) is
 * never given a stop instruction, whatever the protocol's washout steps list. It gets the standing
 * keep-taking step and the clearance rule instead, or is sent to clinician review.
 */
import { Temporal } from "temporal-polyfill";
import {
  appliesWhenOf,
  findRule,
  PathwayInputError,
  type PathwayProtocol,
  type PrepStep,
  parseIsoDate,
  protocolLabel,
  sourceIds,
  triggerClassIds,
} from "./pathway-types.ts";
import { protectedMedicationClasses } from "./protocol-core.ts";

/**
 * One medicine the patient takes or took, with its protocol medication class(es) already resolved.
 * A medicine in several classes (e.g. aspirin whose prescription status is unknown) is matched by
 * all of them, and a protected class among them always wins: never a stop instruction.
 */
export interface PrepMedication {
  name: string;
  /** e.g. "nsaid", "anticoagulant"; null or absent when unknown (then `resolveMedicationClass` is asked). */
  classId?: string | null;
  /** Several classes at once; used together with `classId`. */
  classIds?: string[];
  ongoing: boolean;
  /** Last dose, for a stopped medication. */
  lastTaken?: string | null;
  /**
   * Prescribed by a doctor: a stop step then says to ask the prescriber first, never "stop" alone
   * (a prescribed NSAID or retinoid may be treating something that matters more).
   */
  prescribed?: boolean;
}

export interface PrepChecklistInput {
  appointmentDate: string;
  /** The day the checklist is read; items whose start day is before it are marked `tooLate`. */
  today?: string;
  /** Used as "today" when `today` is absent. */
  screeningDate?: string;
  medications?: PrepMedication[];
  /** Conditions present (protocol condition ids) that make condition-based steps apply. */
  conditionIds?: string[];
  /** Contraindication and caution ids the screening triggered (e.g. a cold-sore history caution). */
  firedRuleIds?: string[];
  /** The screening's `prepInstructions`; each listed step is included. */
  prepInstructionIds?: string[];
  /** BCP 47 locale for the dates inside texts; default en-GB. */
  locale?: string;
  /** Optional medication resolver (name -> class id(s) or null) for medications given without a class. */
  resolveMedicationClass?: (name: string) => string | readonly string[] | null | undefined;
}

export type PrepItemKind =
  | "stop-medication"
  | "avoid-exposure"
  | "keep-taking"
  | "standing"
  | "conditional"
  | "day-of"
  | "general";

export interface PrepItem {
  /** The prep step id. */
  id: string;
  kind: PrepItemKind;
  /** The day the step starts at the latest (ISO date); the appointment date for day-of steps. */
  date: string;
  /** The protocol's range for starting the step (earliest..latest), null for standing steps. */
  window: { earliest: string; latest: string } | null;
  /** Days between `date` and the appointment; null for standing steps. */
  daysBefore: number | null;
  /** The patient's medicines this item is about, by the name given. */
  medications: string[];
  /** Those of `medications` a doctor prescribed (for a stop step: ask the prescriber first). */
  prescribedMedications: string[];
  /** One dated line for the patient. */
  summary: string;
  /** The protocol's text for the patient. */
  patientText: string;
  /** The protocol's evidence note for the clinician. */
  clinicianText: string;
  source: string[];
  /** True when `date` is before "today": the step can no longer be followed in full. */
  tooLate: boolean;
  /** True when the screening defers an appointment if this step is not followed (a washout). */
  enforced: boolean;
  /** For a standing step tied to a rule: the rule and the action it takes (e.g. physician clearance). */
  clearance: { ruleId: string; action: string | null; label: string | null } | null;
}

export interface PrepReviewEntry {
  index: number;
  name: string;
  reason: "unrecognized-medication" | "no-instruction-for-protected-medication";
}

export interface PrepChecklist {
  protocol: string;
  appointmentDate: string;
  /** The "today" the `tooLate` flags were computed against, or null when none was given. */
  asOf: string | null;
  items: PrepItem[];
  /** Days of preparation the applicable steps need before the appointment. */
  leadTimeDays: number;
  /** True when some step can no longer be followed in full (the slot is too soon). */
  tooSoon: boolean;
  /** The first appointment date that leaves time for every step, counted from `asOf`. */
  earliestDateForFullPrep: string | null;
  requiresPhysicianClearance: boolean;
  /** Medicines a clinician must look at because the checklist could not place them. */
  review: PrepReviewEntry[];
}

interface ResolvedMedication {
  index: number;
  name: string;
  /** Empty when not recognised. */
  classIds: string[];
  ongoing: boolean;
  lastTaken: Temporal.PlainDate | null;
  prescribed: boolean;
}

interface StepTiming {
  /** The step must start at least this many days before the appointment. */
  latestStartDays: number;
  /** The protocol's range may start this many days before. */
  earliestStartDays: number;
}

function isGeneric(step: PrepStep): boolean {
  return step.appliesWhen === "always" || /^always\b/i.test(step.emitInstructionWhen ?? "");
}

function stepTiming(step: PrepStep): StepTiming | null {
  if (!step.daysBefore) return null;
  const windowDays = step.enforcement?.windowDays ?? 0;
  // The screening's washout window wins when a clinic chose a longer one than the step's range.
  const latestStartDays = Math.max(step.daysBefore.min, windowDays);
  return { latestStartDays, earliestStartDays: Math.max(step.daysBefore.max, latestStartDays) };
}

function kindOf(step: PrepStep, protectedClasses: Set<string>, protocol: PathwayProtocol): PrepItemKind {
  const when = appliesWhenOf(step);
  if (when?.type === "medication") return "stop-medication";
  if (when?.type === "condition") return "avoid-exposure";
  if (!step.daysBefore) {
    const classes = when?.ruleId ? triggerClassIds(findRule(protocol, when.ruleId)?.trigger) : [];
    return classes.some((id) => protectedClasses.has(id)) ? "keep-taking" : "standing";
  }
  if (when?.type === "rule") return "conditional";
  if (step.daysBefore.max === 0) return "day-of";
  return "general";
}

function resolveMedications(
  input: PrepChecklistInput,
  asOf: Temporal.PlainDate | null,
): ResolvedMedication[] {
  const meds = input.medications ?? [];
  if (!Array.isArray(meds)) throw new PathwayInputError("medications", "not a list");
  return meds.map((med, index) => {
    const field = `medications[${index}]`;
    if (typeof med !== "object" || med === null) throw new PathwayInputError(field, "not a medication");
    if (typeof med.name !== "string" || med.name.trim() === "") {
      throw new PathwayInputError(`${field}.name`, "missing");
    }
    if (typeof med.ongoing !== "boolean")
      throw new PathwayInputError(`${field}.ongoing`, "not true or false");
    let lastTaken: Temporal.PlainDate | null = null;
    if (med.lastTaken !== undefined && med.lastTaken !== null) {
      lastTaken = parseIsoDate(med.lastTaken, `${field}.lastTaken`);
      if (asOf && Temporal.PlainDate.compare(lastTaken, asOf) > 0) {
        throw new PathwayInputError(`${field}.lastTaken`, `${med.lastTaken} is after today (${asOf})`);
      }
    }
    if (med.classIds !== undefined) checkIdList(med.classIds, `${field}.classIds`);
    let classIds = [...(med.classId ? [med.classId] : []), ...(med.classIds ?? [])];
    if (classIds.length === 0 && input.resolveMedicationClass) {
      const resolved = input.resolveMedicationClass(med.name);
      classIds =
        resolved === null || resolved === undefined
          ? []
          : typeof resolved === "string"
            ? [resolved]
            : [...resolved];
    }
    return {
      index,
      name: med.name,
      classIds: [...new Set(classIds)],
      ongoing: med.ongoing,
      lastTaken,
      prescribed: med.prescribed === true,
    };
  });
}

function formatDate(date: Temporal.PlainDate, locale: string): string {
  return date.toLocaleString(locale, { weekday: "short", day: "numeric", month: "short", year: "numeric" });
}

function checkIdList(value: unknown, field: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.some((id) => typeof id !== "string")) {
    throw new PathwayInputError(field, "not a list of ids");
  }
  return value as string[];
}

interface ParsedInput {
  appointment: Temporal.PlainDate;
  asOf: Temporal.PlainDate | null;
  meds: ResolvedMedication[];
  conditionIds: Set<string>;
  firedRuleIds: Set<string>;
  prepInstructionIds: Set<string>;
}

function parseInput(input: PrepChecklistInput, requireAppointment: boolean): ParsedInput {
  if (typeof input !== "object" || input === null) throw new PathwayInputError("input", "not an object");
  const appointment = requireAppointment
    ? parseIsoDate(input.appointmentDate, "appointmentDate")
    : Temporal.PlainDate.from("2000-01-01");
  const screening =
    input.screeningDate === undefined ? null : parseIsoDate(input.screeningDate, "screeningDate");
  const today = input.today === undefined ? null : parseIsoDate(input.today, "today");
  const asOf = today ?? screening;
  if (requireAppointment && asOf && Temporal.PlainDate.compare(appointment, asOf) < 0) {
    const field = today ? "today" : "screeningDate";
    throw new PathwayInputError("appointmentDate", `${appointment} is before ${field} (${asOf})`);
  }
  return {
    appointment,
    asOf,
    meds: resolveMedications(input, asOf),
    conditionIds: new Set(checkIdList(input.conditionIds, "conditionIds")),
    firedRuleIds: new Set(checkIdList(input.firedRuleIds, "firedRuleIds")),
    prepInstructionIds: new Set(checkIdList(input.prepInstructionIds, "prepInstructionIds")),
  };
}

interface Applicable {
  step: PrepStep;
  kind: PrepItemKind;
  timing: StepTiming | null;
  meds: ResolvedMedication[];
}

/** The steps that apply to this input, with the medicines each is about. */
function applicableSteps(
  parsed: ParsedInput,
  protocol: PathwayProtocol,
  protectedClasses: Set<string>,
  appointmentKnown: boolean,
): Applicable[] {
  const result: Applicable[] = [];
  for (const step of protocol.prepSteps) {
    const when = appliesWhenOf(step);
    const kind = kindOf(step, protectedClasses, protocol);
    const timing = stepTiming(step);
    let applies = isGeneric(step) || parsed.prepInstructionIds.has(step.id);
    let meds: ResolvedMedication[] = [];
    if (when?.type === "medication") {
      const classes = new Set((when.classIds ?? []).filter((id) => !protectedClasses.has(id)));
      const latestStart =
        timing && appointmentKnown ? parsed.appointment.subtract({ days: timing.latestStartDays }) : null;
      meds = parsed.meds.filter((med) => {
        if (!med.classIds.some((id) => classes.has(id))) return false;
        // One protected class is enough to rule out any stop instruction for this medicine.
        if (med.classIds.some((id) => protectedClasses.has(id))) return false;
        if (med.ongoing) return true;
        // A stopped medicine still matters when its last dose falls inside the window.
        return (
          med.lastTaken !== null &&
          latestStart !== null &&
          Temporal.PlainDate.compare(med.lastTaken, latestStart) > 0
        );
      });
      if (meds.length > 0) applies = true;
    } else if (when?.type === "condition") {
      if ((when.conditionIds ?? []).some((id) => parsed.conditionIds.has(id))) applies = true;
    } else if (when?.type === "rule" && when.ruleId) {
      if (parsed.firedRuleIds.has(when.ruleId)) applies = true;
      const classes = new Set(triggerClassIds(findRule(protocol, when.ruleId)?.trigger));
      meds = parsed.meds.filter((med) => med.ongoing && med.classIds.some((id) => classes.has(id)));
      if (meds.length > 0) applies = true;
    }
    if (applies) result.push({ step, kind, timing, meds });
  }
  return result;
}

function summaryFor(
  kind: PrepItemKind,
  text: string,
  names: string[],
  prescribedNames: string[],
  dateText: string,
): string {
  const list = names.join(", ");
  switch (kind) {
    case "stop-medication": {
      if (names.length === 0) return `From ${dateText}: ${text}`;
      const own = names.filter((n) => !prescribedNames.includes(n));
      const parts = [
        own.length > 0 ? `Stop ${own.join(", ")} from ${dateText}.` : null,
        prescribedNames.length > 0
          ? `${prescribedNames.join(", ")}: a doctor prescribed this, so ask them before you stop it (from ${dateText} if they agree).`
          : null,
      ];
      return `${parts.filter((p) => p !== null).join(" ")} ${text}`;
    }
    case "keep-taking":
    case "standing":
      return names.length > 0 ? `${list}: ${text}` : text;
    case "day-of":
      return `On ${dateText}: ${text}`;
    default:
      return `From ${dateText}: ${text}`;
  }
}

/**
 * The dated checklist for `appointmentDate`: generic steps, and conditional ones for the patient's
 * medicines, conditions and triggered rules, ordered by date then protocol order.
 */
export function buildPrepChecklist(input: PrepChecklistInput, protocol: PathwayProtocol): PrepChecklist {
  const parsed = parseInput(input, true);
  const locale = input.locale ?? "en-GB";
  const protectedClasses = protectedMedicationClasses(protocol);
  const applicable = applicableSteps(parsed, protocol, protectedClasses, true);
  const { appointment, asOf } = parsed;

  const datedStarts = applicable.flatMap((a) =>
    a.timing ? [appointment.subtract({ days: a.timing.latestStartDays })] : [],
  );
  const earliestDated = datedStarts.reduce<Temporal.PlainDate | null>(
    (min, d) => (min === null || Temporal.PlainDate.compare(d, min) < 0 ? d : min),
    null,
  );
  const standingDate = asOf ?? earliestDated ?? appointment;

  const items: PrepItem[] = applicable.map(({ step, kind, timing, meds }) => {
    const date = timing ? appointment.subtract({ days: timing.latestStartDays }) : standingDate;
    const when = appliesWhenOf(step);
    const rule = !step.daysBefore && when?.ruleId ? findRule(protocol, when.ruleId) : undefined;
    const names = meds.map((med) => med.name);
    const prescribedNames = meds.filter((med) => med.prescribed).map((med) => med.name);
    const tookTooRecently = meds.some(
      (med) => !med.ongoing && med.lastTaken !== null && Temporal.PlainDate.compare(med.lastTaken, date) > 0,
    );
    return {
      id: step.id,
      kind,
      date: date.toString(),
      window: timing
        ? {
            earliest: appointment.subtract({ days: timing.earliestStartDays }).toString(),
            latest: date.toString(),
          }
        : null,
      daysBefore: timing ? timing.latestStartDays : null,
      medications: names,
      prescribedMedications: prescribedNames,
      summary: summaryFor(kind, step.text, names, prescribedNames, formatDate(date, locale)),
      patientText: step.text,
      clinicianText: step.evidence ?? "",
      source: sourceIds(step.source),
      tooLate:
        timing !== null && ((asOf !== null && Temporal.PlainDate.compare(date, asOf) < 0) || tookTooRecently),
      enforced: step.enforcement?.type === "washout",
      clearance:
        rule && when?.ruleId
          ? { ruleId: when.ruleId, action: rule.action ?? null, label: rule.label ?? null }
          : null,
    };
  });
  const order = new Map(protocol.prepSteps.map((step, i) => [step.id, i]));
  items.sort((a, b) => a.date.localeCompare(b.date) || (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));

  const leadTimeDays = Math.max(0, ...applicable.map((a) => a.timing?.latestStartDays ?? 0));
  return {
    protocol: protocolLabel(protocol),
    appointmentDate: appointment.toString(),
    asOf: asOf?.toString() ?? null,
    items,
    leadTimeDays,
    tooSoon: items.some((item) => item.tooLate),
    earliestDateForFullPrep: asOf ? asOf.add({ days: leadTimeDays }).toString() : null,
    requiresPhysicianClearance: items.some((item) => item.clearance?.action === "physician-clearance"),
    review: reviewEntries(parsed.meds, protocol, protectedClasses, items),
  };
}

function reviewEntries(
  meds: ResolvedMedication[],
  protocol: PathwayProtocol,
  protectedClasses: Set<string>,
  items: PrepItem[],
): PrepReviewEntry[] {
  const review: PrepReviewEntry[] = [];
  const known = new Set<string>();
  for (const rule of [...(protocol.contraindications ?? []), ...(protocol.cautions ?? [])]) {
    for (const id of triggerClassIds(rule.trigger)) known.add(id);
  }
  for (const step of protocol.prepSteps) for (const id of appliesWhenOf(step)?.classIds ?? []) known.add(id);
  const covered = new Set(items.flatMap((item) => item.medications));
  for (const med of meds) {
    const isProtected = med.classIds.some((id) => protectedClasses.has(id));
    if (isProtected && med.ongoing && !covered.has(med.name)) {
      review.push({ index: med.index, name: med.name, reason: "no-instruction-for-protected-medication" });
    } else if (!med.classIds.some((id) => known.has(id) || protectedClasses.has(id))) {
      // A class id the protocol does not know is as good as no class: a person must look.
      review.push({ index: med.index, name: med.name, reason: "unrecognized-medication" });
    }
  }
  return review;
}

/** Input for the scheduling helpers: the checklist input without the appointment. */
export type PrepNeedsInput = Omit<PrepChecklistInput, "appointmentDate" | "locale">;

/**
 * How many days before an appointment the applicable prep steps must start, for a patient's
 * current medicines, conditions and triggered rules (generic steps included).
 */
export function prepLeadTimeDays(input: PrepNeedsInput, protocol: PathwayProtocol): number {
  const parsed = parseInput({ ...input, appointmentDate: "2000-01-01" }, false);
  const applicable = applicableSteps(parsed, protocol, protectedMedicationClasses(protocol), false);
  return Math.max(0, ...applicable.map((a) => a.timing?.latestStartDays ?? 0));
}

/** True when an appointment on `appointmentDate` leaves too little time, from `today`, for some step. */
export function isTooSoonForPrep(
  input: PrepNeedsInput & { appointmentDate: string; today: string },
  protocol: PathwayProtocol,
): boolean {
  return buildPrepChecklist(input, protocol).tooSoon;
}

/** The first appointment date that leaves time for every applicable step, counted from `today`. */
export function earliestAppointmentForPrep(
  input: PrepNeedsInput & { today: string },
  protocol: PathwayProtocol,
): string {
  const parsed = parseInput({ ...input, appointmentDate: "2000-01-01" }, false);
  const today = parseIsoDate(input.today, "today");
  const protectedClasses = protectedMedicationClasses(protocol);
  let earliest = today.add({ days: prepLeadTimeDays(input, protocol) });
  // A medicine already stopped must also be clear of its washout: last dose + the step's days.
  for (const step of protocol.prepSteps) {
    const when = appliesWhenOf(step);
    const timing = stepTiming(step);
    if (when?.type !== "medication" || !timing) continue;
    const classes = new Set((when.classIds ?? []).filter((id) => !protectedClasses.has(id)));
    for (const med of parsed.meds) {
      if (med.ongoing || med.lastTaken === null || !med.classIds.some((id) => classes.has(id))) continue;
      if (med.classIds.some((id) => protectedClasses.has(id))) continue;
      const clear = med.lastTaken.add({ days: timing.latestStartDays });
      if (Temporal.PlainDate.compare(clear, earliest) > 0) earliest = clear;
    }
  }
  return earliest.toString();
}
