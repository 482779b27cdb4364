/**
 * Validation of one screening input, derived from the loaded protocol: condition, indication, zone
 * and route ids come from the protocol (a protocol that adds ids accepts them), as do the
 * conditional requirements (severity where a rule grades it, onset where a washout counts from it,
 * zones per indication, grades where a series is chosen by grade). Then the contract's date checks:
 * real calendar days, requestedAppointment not before screeningDate, and lastTaken, started, onset,
 * resolved and deliveryDate not after it.
 *
 * Errors name the field path: `medications[1].lastTaken: "2025-02-30" is not a calendar date`.
 */
import { z } from "zod";
import { isCalendarDate } from "../calendar.ts";
import type { ConditionInput, MedicationInput, Protocol, ScreeningInput, Trigger } from "./types.ts";

export interface InputError {
  /** Path of the offending member, e.g. `medications[1].lastTaken`; `input` for the whole input. */
  field: string;
  message: string;
}

export type ValidationResult = { ok: true; value: ScreeningInput } | { ok: false; error: InputError };

/** The scale and vocabularies the contract fixes (not protocol data). */
const FITZPATRICK = ["I", "II", "III", "IV", "V", "VI"] as const;
const SEX = ["female", "male", "other", "unknown"] as const;
const STATUS = ["active", "resolved", "history"] as const;
const SEVERITY = ["mild", "moderate", "severe"] as const;
const DATE_SHAPE = /^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$/;
const RXNORM = /^[0-9]+$/;
const ICD10CM = /^[A-Z][0-9][0-9A-Z](\.[0-9A-Z-]{1,4})?$/;

function show(value: unknown): string {
  if (value === undefined) return "nothing";
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

const date = z.string().superRefine((value, ctx) => {
  if (!DATE_SHAPE.test(value))
    ctx.addIssue({ code: "custom", message: `${show(value)} is not a date (YYYY-MM-DD)` });
  else if (!isCalendarDate(value))
    ctx.addIssue({ code: "custom", message: `${show(value)} is not a calendar date` });
});
const optionalDate = date.nullable().optional();
const optionalText = z.string().nullable().optional();

function oneOf(values: readonly string[], what: string) {
  return z.enum(values as [string, ...string[]], {
    error: (iss) =>
      iss.input === undefined ? "is required" : `${show(iss.input)} is not ${what} (${values.join(", ")})`,
  });
}

interface Validator {
  schema: z.ZodType;
  /** conditionId -> statuses for which severity is required. */
  severityRequired: ReadonlyMap<string, ReadonlySet<string>>;
  /** Conditions whose onset a washout counts from. */
  onsetRequired: ReadonlySet<string>;
  zonesByIndication: ReadonlyMap<string, ReadonlySet<string>>;
  prohibitedZones: ReadonlySet<string>;
  gradedIndications: ReadonlySet<string>;
}

function collectTriggers(t: Trigger, into: Trigger[]): void {
  into.push(t);
  if (t.type === "all") for (const sub of t.of) collectTriggers(sub, into);
}

function buildValidator(protocol: Protocol): Validator {
  const conditionIds = protocol.conditions.map((c) => c.id);
  const indicationIds = protocol.indications.map((i) => i.id);
  const zoneIds = protocol.zones.map((z) => z.id);
  const routes = [
    ...new Set(protocol.medicationClasses.flatMap((c) => c.members.flatMap((m) => m.routes))),
  ].sort();
  const ruleset = protocol.ruleset;

  const patient = z.strictObject({
    age: z.number().int().min(0).max(130),
    sex: oneOf(SEX, "a sex code"),
    pregnant: z.boolean().nullable(),
    breastfeeding: z.boolean().nullable(),
    fitzpatrick: oneOf(FITZPATRICK, "a Fitzpatrick type"),
    deliveryDate: optionalDate,
  });
  const condition = z.strictObject({
    conditionId: oneOf(conditionIds, `a condition id of protocol ${ruleset}`),
    label: optionalText,
    icd10cm: z.string().regex(ICD10CM, "is not an ICD-10-CM code").nullable().optional(),
    status: oneOf(STATUS, "a condition status"),
    onset: optionalDate,
    resolved: optionalDate,
    severity: oneOf(SEVERITY, "a severity").nullable().optional(),
    site: optionalText,
    inTreatmentArea: z.boolean(),
  });
  const medication = z.strictObject({
    ingredient: z.string().min(1),
    product: optionalText,
    rxnorm: z.string().regex(RXNORM, "is not an RxNorm code (digits)").nullable().optional(),
    route: oneOf(routes, "a route"),
    prescribed: z.boolean(),
    indication: optionalText,
    started: optionalDate,
    ongoing: z.boolean(),
    lastTaken: optionalDate,
  });
  const concern = z.strictObject({
    indication: oneOf(indicationIds, `an indication of protocol ${ruleset}`),
    zones: z.array(oneOf(zoneIds, `a zone of protocol ${ruleset}`)).min(1),
    goodmanBaronGrade: z.number().int().min(1).max(4).nullable().optional(),
  });
  const schema = z.looseObject({
    id: z.string().min(1).optional(),
    title: z.string().optional(),
    tags: z.array(z.string()).optional(),
    screeningDate: date,
    requestedAppointment: date,
    patient,
    conditions: z.array(condition),
    medications: z.array(medication),
    request: z.strictObject({
      setting: z.literal("clinic", {
        error: (iss) => `${show(iss.input)} is not a screening setting (clinic)`,
      }),
      concerns: z.array(concern).min(1),
    }),
  });

  const severityRequired = new Map<string, Set<string>>();
  const triggers: Trigger[] = [];
  for (const r of [...protocol.contraindications, ...protocol.cautions]) collectTriggers(r.trigger, triggers);
  for (const t of triggers) {
    if (t.type !== "condition" || !t.severityIn) continue;
    for (const id of t.conditionIds) {
      const statuses = severityRequired.get(id) ?? new Set<string>();
      for (const s of t.statusIn ?? STATUS) statuses.add(s);
      severityRequired.set(id, statuses);
    }
  }
  const onsetRequired = new Set<string>();
  for (const step of protocol.prepSteps) {
    if (step.enforcement && typeof step.appliesWhen === "object" && step.appliesWhen.type === "condition") {
      for (const id of step.appliesWhen.conditionIds) onsetRequired.add(id);
    }
  }
  const zonesByIndication = new Map(
    Object.entries(protocol.indicationDepth).map(([ind, d]) => [ind, new Set(d.zones)]),
  );
  const prohibitedZones = new Set(protocol.zones.filter((z) => z.prohibited).map((z) => z.id));
  const gradedIndications = new Set(
    Object.entries(protocol.seriesByIndication)
      .filter(([, sel]) => typeof sel === "object")
      .map(([ind]) => ind),
  );
  return { schema, severityRequired, onsetRequired, zonesByIndication, prohibitedZones, gradedIndications };
}

const validators = new WeakMap<Protocol, Validator>();

function validatorFor(protocol: Protocol): Validator {
  let v = validators.get(protocol);
  if (!v) {
    v = buildValidator(protocol);
    validators.set(protocol, v);
  }
  return v;
}

export function formatFieldPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out || "input";
}

function describeExpected(expected: string): string {
  switch (expected) {
    case "object":
      return "an object";
    case "array":
      return "an array";
    case "int":
      return "a whole number";
    case "boolean":
      return "true or false";
    default:
      return `a ${expected}`;
  }
}

function issueToError(issue: z.core.$ZodIssue): InputError {
  const path = formatFieldPath(issue.path);
  const input = (issue as { input?: unknown }).input;
  switch (issue.code) {
    case "invalid_type":
      return {
        field: path,
        message:
          input === undefined
            ? "is required"
            : `must be ${describeExpected(issue.expected)}, not ${show(input)}`,
      };
    case "unrecognized_keys":
      return {
        field: formatFieldPath([...issue.path, issue.keys[0] ?? ""]),
        message: "is not a member of this object",
      };
    case "too_small":
      if (issue.origin === "array")
        return { field: path, message: `must have at least ${issue.minimum} item(s)` };
      if (issue.origin === "string") return { field: path, message: "must not be empty" };
      return { field: path, message: `must be at least ${issue.minimum}, not ${show(input)}` };
    case "too_big":
      return { field: path, message: `must be at most ${issue.maximum}, not ${show(input)}` };
    case "invalid_format":
      return {
        field: path,
        message: `${show(input)} ${issue.message.startsWith("is ") ? issue.message : "has the wrong format"}`,
      };
    default:
      return { field: path, message: issue.message };
  }
}

function dateNotAfter(
  value: string | null | undefined,
  screeningDate: string,
  field: string,
): InputError | null {
  if (value && value > screeningDate) {
    return { field, message: `${show(value)} is after screeningDate ${show(screeningDate)}` };
  }
  return null;
}

function checkCondition(c: ConditionInput, i: number, sd: string, v: Validator): InputError | null {
  const at = `conditions[${i}]`;
  const statuses = v.severityRequired.get(c.conditionId);
  if (statuses?.has(c.status) && c.severity == null) {
    return { field: `${at}.severity`, message: `is required for a ${c.status} "${c.conditionId}"` };
  }
  if (v.onsetRequired.has(c.conditionId) && c.onset == null) {
    return { field: `${at}.onset`, message: `is required for "${c.conditionId}" (the date of the exposure)` };
  }
  return dateNotAfter(c.onset, sd, `${at}.onset`) ?? dateNotAfter(c.resolved, sd, `${at}.resolved`);
}

function checkMedication(m: MedicationInput, i: number, sd: string): InputError | null {
  const at = `medications[${i}]`;
  if (!m.ongoing && m.lastTaken == null)
    return { field: `${at}.lastTaken`, message: "is required when ongoing is false" };
  if (m.ongoing && m.lastTaken != null)
    return { field: `${at}.lastTaken`, message: "must be null when ongoing is true" };
  return dateNotAfter(m.lastTaken, sd, `${at}.lastTaken`) ?? dateNotAfter(m.started, sd, `${at}.started`);
}

function checkRules(input: ScreeningInput, v: Validator): InputError | null {
  const sd = input.screeningDate;
  if (input.requestedAppointment < sd) {
    return {
      field: "requestedAppointment",
      message: `${show(input.requestedAppointment)} is before screeningDate ${show(sd)}`,
    };
  }
  const p = input.patient;
  if (p.sex !== "male") {
    for (const key of ["pregnant", "breastfeeding"] as const) {
      if (p[key] === null)
        return { field: `patient.${key}`, message: `must be true or false when sex is "${p.sex}"` };
    }
  }
  const delivery = dateNotAfter(p.deliveryDate, sd, "patient.deliveryDate");
  if (delivery) return delivery;
  for (let i = 0; i < input.conditions.length; i++) {
    const e = checkCondition(input.conditions[i] as ConditionInput, i, sd, v);
    if (e) return e;
  }
  for (let i = 0; i < input.medications.length; i++) {
    const e = checkMedication(input.medications[i] as MedicationInput, i, sd);
    if (e) return e;
  }
  const concerns = input.request.concerns;
  for (let i = 0; i < concerns.length; i++) {
    const c = concerns[i];
    if (!c) continue;
    const at = `request.concerns[${i}]`;
    const allowed = v.zonesByIndication.get(c.indication);
    for (let j = 0; j < c.zones.length; j++) {
      const zone = c.zones[j] as string;
      if (c.zones.indexOf(zone) !== j)
        return { field: `${at}.zones[${j}]`, message: `${show(zone)} is listed twice` };
      if (!allowed?.has(zone) && !v.prohibitedZones.has(zone)) {
        return {
          field: `${at}.zones[${j}]`,
          message: `${show(zone)} is not a zone for indication ${show(c.indication)}`,
        };
      }
    }
    if (c.goodmanBaronGrade != null && !v.gradedIndications.has(c.indication)) {
      return {
        field: `${at}.goodmanBaronGrade`,
        message: `must be null or absent for indication ${show(c.indication)}`,
      };
    }
  }
  return null;
}

/** Validates one parsed JSON value as a screening input for this protocol. */
export function validateScreeningInput(raw: unknown, protocol: Protocol): ValidationResult {
  const v = validatorFor(protocol);
  const parsed = v.schema.safeParse(raw, { reportInput: true });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, error: issue ? issueToError(issue) : { field: "input", message: "is not valid" } };
  }
  const value = parsed.data as ScreeningInput;
  const error = checkRules(value, v);
  return error ? { ok: false, error } : { ok: true, value };
}

export function formatInputError(error: InputError): string {
  return `${error.field}: ${error.message}`;
}
