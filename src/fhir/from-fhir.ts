/**
 * FHIR R4 Bundle -> an import plan: the patients, conditions, medications and pregnancy evidence
 * Remodel keeps, checked field by field. Pure: nothing here touches the database, so a bundle
 * with any bad resource is refused before anything is written (import.ts applies a plan in one
 * transaction). Resource types Remodel does not keep are counted and reported, never an error;
 * codes it cannot map are kept with condition_id null and reported.
 */

import { isCalendarDate } from "../domain/calendar.ts";
import type { UnmappedCode } from "../domain/import-report.ts";
import { medicationNameKey } from "../domain/protocol/medications.ts";
import type { Protocol } from "../domain/protocol/types.ts";
import { placedInArea, storedZones, treatableZones } from "../domain/record/area.ts";
import type {
  AllergyFields,
  ConditionFields,
  MedicationFields,
  PatientFields,
  PatientIdentifier,
} from "../domain/stored-records.ts";
import { ALLERGY_NAMES, buildCodeIndex, type CodeIndex, matchCodes, ruledConditionIds } from "./code-map.ts";
import {
  BREASTFEEDING_STATUS_LOINC,
  type Coding,
  IN_TREATMENT_AREA_EXTENSION,
  isRecord,
  NOT_PREGNANT_SNOMED,
  PREGNANCY_STATUS_LOINC,
  PREGNANT_SNOMED,
  PRESCRIBED_EXTENSION,
  PROTOCOL_CONDITION_SYSTEM,
  SYSTEMS,
  ZONE_SYSTEM,
} from "./fhir-types.ts";
import { parseMedicationName, routeFromCodings } from "./medication-text.ts";

export interface FieldError {
  /** e.g. `entry[12].resource.birthDate` */
  path: string;
  message: string;
}

export class BundleError extends Error {
  readonly errors: FieldError[];
  constructor(errors: FieldError[]) {
    const first = errors[0];
    super(first ? `${first.path}: ${first.message}` : "invalid bundle");
    this.errors = errors;
  }
}

export interface ImportPatient extends PatientFields {
  entry: number;
  sourceId: string;
  identifiers: PatientIdentifier[];
}

/** Which patient a resource belongs to: one in this bundle, or one imported earlier (by source id). */
export interface PatientKey {
  sourceId: string;
  inBundle: boolean;
  path: string;
}

/** Where a patient's resource came from: its bundle entry, its source reference and its patient. */
interface FromEntry {
  entry: number;
  sourceRef: string;
  patient: PatientKey;
}

export interface ImportCondition extends FromEntry, ConditionFields {
  severity: "mild" | "moderate" | "severe" | null;
  /** The treatment zones it is on or near, as our own export codes them in bodySite; null when none. */
  zones: string[] | null;
}

export interface ImportMedication extends FromEntry, MedicationFields {}

export interface ImportAllergy extends FromEntry, AllergyFields {}

export interface StateEvidence {
  patient: PatientKey;
  state: "pregnant" | "breastfeeding";
  value: boolean;
  /** Date of the evidence (onset, effective); null sorts first. */
  date: string | null;
  source: string;
}

export type { UnmappedCode } from "../domain/import-report.ts";

export interface ImportPlan {
  bundleType: string;
  patients: ImportPatient[];
  conditions: ImportCondition[];
  medications: ImportMedication[];
  allergies: ImportAllergy[];
  states: StateEvidence[];
  /** Resource types present in the bundle that Remodel does not import, with counts. */
  skipped: Record<string, number>;
  unmapped: UnmappedCode[];
  /** Total resources read (every entry with a resource). */
  resourceCount: number;
}

const GOVERNMENT_ID_TYPES = new Set(["SS", "SB", "DL", "PPN", "NI", "NH", "TAX"]);
const BUNDLE_TYPES = new Set(["transaction", "batch", "collection", "searchset", "transaction-response"]);
const MAX_ERRORS = 20;

interface Ctx {
  errors: FieldError[];
  codes: CodeIndex;
  /** Protocol conditions some rule acts on (an allergy is mapped to one only if so). */
  ruled: ReadonlySet<string>;
  memberRoutes: (ingredient: string) => string[] | undefined;
  routes: ReadonlySet<string>;
  /** The zones a condition may be placed on (bodySite codes of our own export). */
  zones: ReadonlySet<string>;
  byFullUrl: Map<string, { index: number; resource: Record<string, unknown> }>;
  byTypeId: Map<string, { index: number; resource: Record<string, unknown> }>;
  recordEnd: string | null;
}

function fail(ctx: Ctx, path: string, message: string): null {
  if (ctx.errors.length < MAX_ERRORS) ctx.errors.push({ path, message });
  return null;
}

const show = (v: unknown) => {
  const s = JSON.stringify(v);
  return s === undefined ? String(v) : s.length > 60 ? `${s.slice(0, 57)}...` : s;
};

/** The calendar day of a FHIR date or dateTime (as written, in its own offset); null for partial dates. */
function dayOf(v: unknown): string | null {
  if (typeof v !== "string") return null;
  const day = v.slice(0, 10);
  return /^\d{4}-\d{2}-\d{2}$/.test(day) && isCalendarDate(day) ? day : null;
}

/** An optional date field: absent is fine; present must be a (possibly partial) FHIR date. */
function optionalDay(ctx: Ctx, v: unknown, path: string): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v !== "string" || !/^\d{4}(-\d{2}(-\d{2}(T.*)?)?)?$/.test(v)) {
    return fail(ctx, path, `not a date (got ${show(v)})`);
  }
  if (v.length >= 10 && !dayOf(v)) return fail(ctx, path, `not a calendar date (got ${show(v)})`);
  return dayOf(v);
}

function codingsOf(v: unknown): Coding[] {
  if (!isRecord(v) || !Array.isArray(v.coding)) return [];
  return v.coding.filter(isRecord).map((c) => ({
    system: typeof c.system === "string" ? c.system : undefined,
    code: typeof c.code === "string" ? c.code : typeof c.code === "number" ? String(c.code) : undefined,
    display: typeof c.display === "string" ? c.display : undefined,
  }));
}

const textOf = (v: unknown): string | undefined =>
  isRecord(v) && typeof v.text === "string" && v.text.trim() ? v.text.trim() : undefined;

function firstCode(v: unknown, system: string): string | undefined {
  return codingsOf(v).find((c) => c.system === system)?.code;
}

function extensionValue(resource: Record<string, unknown>, url: string): unknown {
  if (!Array.isArray(resource.extension)) return undefined;
  const ext = resource.extension.find((e) => isRecord(e) && e.url === url);
  return isRecord(ext) ? (ext.valueBoolean ?? ext.valueString ?? ext.valueCode) : undefined;
}

function resolveReference(
  ctx: Ctx,
  ref: unknown,
  path: string,
  wantType: string,
): { index: number; resource: Record<string, unknown> } | { external: string } | null {
  if (!isRecord(ref) || typeof ref.reference !== "string" || ref.reference === "") {
    return fail(ctx, path, `a reference to a ${wantType} is required`);
  }
  const r = ref.reference;
  const local = ctx.byFullUrl.get(r) ?? ctx.byTypeId.get(r);
  if (local) {
    if (local.resource.resourceType !== wantType)
      return fail(
        ctx,
        `${path}.reference`,
        `points to a ${String(local.resource.resourceType)}, not a ${wantType}`,
      );
    return local;
  }
  const m = /(?:^|\/)([A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[^/]+)?$/.exec(r);
  if (m && m[1] === wantType) {
    const tail = ctx.byTypeId.get(`${m[1]}/${m[2]}`);
    if (tail) return tail;
    return { external: m[2]! };
  }
  return fail(ctx, `${path}.reference`, `points to no ${wantType} in this bundle (got ${show(r)})`);
}

function patientKeyFor(
  ctx: Ctx,
  resource: Record<string, unknown>,
  path: string,
  field: string,
): PatientKey | null {
  const found = resolveReference(ctx, resource[field], `${path}.${field}`, "Patient");
  if (!found) return null;
  if ("external" in found) return { sourceId: found.external, inBundle: false, path: `${path}.${field}` };
  const id = found.resource.id;
  return typeof id === "string" ? { sourceId: id, inBundle: true, path: `${path}.${field}` } : null;
}

function parsePatient(
  ctx: Ctx,
  r: Record<string, unknown>,
  path: string,
  entry: number,
): ImportPatient | null {
  const before = ctx.errors.length;
  const id = r.id;
  if (typeof id !== "string" || !/^[A-Za-z0-9\-.]{1,64}$/.test(id))
    fail(ctx, `${path}.id`, `a Patient needs its id (1-64 letters, digits, '-' or '.'; got ${show(id)})`);
  const names = Array.isArray(r.name) ? r.name.filter(isRecord) : [];
  const name = names.find((n) => n.use === "official") ?? names.find((n) => n.use !== "old") ?? names[0];
  const nameIndex = name ? names.indexOf(name) : 0;
  const family = typeof name?.family === "string" ? name.family.trim() : "";
  const given = Array.isArray(name?.given)
    ? name.given
        .filter((g): g is string => typeof g === "string")
        .join(" ")
        .trim()
    : "";
  if (!name) fail(ctx, `${path}.name`, "a Patient needs a name (given and family)");
  else {
    if (!family || family.length > 100)
      fail(ctx, `${path}.name[${nameIndex}].family`, "required, 1-100 characters");
    if (!given || given.length > 100)
      fail(ctx, `${path}.name[${nameIndex}].given`, "required, 1-100 characters");
  }
  let dateOfBirth = "";
  if (
    typeof r.birthDate !== "string" ||
    !/^\d{4}-\d{2}-\d{2}$/.test(r.birthDate) ||
    !isCalendarDate(r.birthDate)
  ) {
    fail(
      ctx,
      `${path}.birthDate`,
      r.birthDate === undefined
        ? "required (YYYY-MM-DD)"
        : `not a date (YYYY-MM-DD; got ${show(r.birthDate)})`,
    );
  } else dateOfBirth = r.birthDate;
  const gender = r.gender ?? "unknown";
  if (gender !== "female" && gender !== "male" && gender !== "other" && gender !== "unknown")
    fail(ctx, `${path}.gender`, `not a FHIR gender (male, female, other, unknown; got ${show(gender)})`);
  const telecom = Array.isArray(r.telecom) ? r.telecom.filter(isRecord) : [];
  const email = telecom.find((t) => t.system === "email" && typeof t.value === "string")?.value as
    | string
    | undefined;
  const phone = telecom.find((t) => t.system === "phone" && typeof t.value === "string")?.value as
    | string
    | undefined;
  const identifiers: { system: string; value: string }[] = [];
  for (const ident of Array.isArray(r.identifier) ? r.identifier.filter(isRecord) : []) {
    if (typeof ident.system !== "string" || typeof ident.value !== "string") continue;
    if (!ident.system || !ident.value || ident.system.length > 500 || ident.value.length > 500) continue;
    // Government numbers (social security, passport, driving licence) are not Remodel's to keep.
    const type = firstCode(ident.type, SYSTEMS.v2IdentifierType);
    if (type && GOVERNMENT_ID_TYPES.has(type)) continue;
    if (/ssn|passport|driver|nhs-number|national/i.test(ident.system)) continue;
    if (!identifiers.some((i) => i.system === ident.system && i.value === ident.value))
      identifiers.push({ system: ident.system, value: ident.value });
  }
  if (ctx.errors.length > before) return null;
  return {
    entry,
    sourceId: id as string,
    givenName: given,
    familyName: family,
    dateOfBirth,
    sex: gender as ImportPatient["sex"],
    email: email && /^[^\s@]+@[^\s@]+$/.test(email) ? email : null,
    phone: phone ? phone.slice(0, 40) : null,
    identifiers,
  };
}

function clinicalStatusOf(r: Record<string, unknown>): "active" | "resolved" | "history" {
  const code = firstCode(r.clinicalStatus, SYSTEMS.conditionClinical) ?? codingsOf(r.clinicalStatus)[0]?.code;
  switch (code) {
    case "active":
    case "recurrence":
    case "relapse":
      return "active";
    case "resolved":
    case "remission":
      return "resolved";
    case "inactive":
      return "history";
    default:
      // No status: an abated condition is over; otherwise assume it goes on (the safer reading).
      return r.abatementDateTime !== undefined || r.abatementPeriod !== undefined ? "resolved" : "active";
  }
}

const SEVERITY_CODES: Record<string, "mild" | "moderate" | "severe"> = {
  "255604002": "mild",
  "6736007": "moderate",
  "24484000": "severe",
};

/** Whether the resource's verification status (in its resource type's `system`) withdraws it. */
function isRefuted(r: Record<string, unknown>, system: string): boolean {
  const v = firstCode(r.verificationStatus, system);
  return v === "refuted" || v === "entered-in-error";
}

function parseCondition(
  ctx: Ctx,
  r: Record<string, unknown>,
  path: string,
  entry: number,
  plan: ImportPlan,
): void {
  if (isRefuted(r, SYSTEMS.conditionVerification)) return;
  const before = ctx.errors.length;
  const patient = patientKeyFor(ctx, r, path, "subject");
  if (typeof r.id !== "string" || r.id === "") fail(ctx, `${path}.id`, "a Condition needs its id");
  if (!isRecord(r.code)) fail(ctx, `${path}.code`, "required (the condition's code)");
  const codings = codingsOf(r.code);
  // Our own export names the protocol condition directly.
  const own = codings.find((c) => c.system === PROTOCOL_CONDITION_SYSTEM)?.code;
  const match = matchCodes(ctx.codes, codings);
  const conditionId = own ?? match.conditionId;
  const onset = optionalDay(ctx, r.onsetDateTime ?? r.recordedDate, `${path}.onsetDateTime`);
  const resolved = optionalDay(ctx, r.abatementDateTime, `${path}.abatementDateTime`);
  const label = (
    textOf(r.code) ??
    codings.find((c) => c.display)?.display ??
    match.snomed ??
    match.icd10cm ??
    ""
  )
    .replace(/\s+/g, " ")
    .slice(0, 500);
  if (!label && isRecord(r.code)) fail(ctx, `${path}.code`, "has neither text, display nor code");
  if (ctx.errors.length > before || !patient) return;
  const status = clinicalStatusOf(r);
  if (match.state) {
    plan.states.push({
      patient,
      state: match.state,
      value: status === "active",
      date: status === "active" ? onset : (resolved ?? onset),
      source: `Condition/${String(r.id)}`,
    });
  }
  if (!conditionId && !match.state) {
    plan.unmapped.push({
      entry,
      resourceType: "Condition",
      codes: codings.map((c) => `${c.system ?? "?"}|${c.code ?? "?"}`).join(", "),
      reason: "no protocol condition for this code; kept for the record with condition_id null",
    });
  }
  const severityCode = codingsOf(r.severity).find((c) => c.code && SEVERITY_CODES[c.code])?.code;
  const bodySites = Array.isArray(r.bodySite) ? r.bodySite : [];
  // A site coded as one of the protocol's zones (as our export writes it) is a placement; any other
  // site is kept as the words it came with.
  const zoneOf = (b: unknown) =>
    codingsOf(b).find((c) => c.system === ZONE_SYSTEM && c.code && ctx.zones.has(c.code))?.code;
  const zones = storedZones([...new Set(bodySites.map(zoneOf).filter((z): z is string => !!z))]);
  const site =
    bodySites
      .filter((b) => !zoneOf(b))
      .map((b) => textOf(b) ?? codingsOf(b)[0]?.display)
      .find((s): s is string => !!s) ?? null;
  const areaFlag = extensionValue(r, IN_TREATMENT_AREA_EXTENSION);
  plan.conditions.push({
    entry,
    sourceRef: `Condition/${String(r.id)}`,
    patient,
    conditionId,
    label: label || "condition",
    icd10cm: match.icd10cm,
    snomed: match.snomed,
    status,
    // Where the condition is was not recorded: it cannot be ruled out of the treatment area, so a
    // mapped skin condition counts as in it until a clinician says otherwise.
    inTreatmentArea:
      typeof areaFlag === "boolean"
        ? areaFlag
        : zones
          ? placedInArea(zones, null)
          : conditionId !== null && site === null,
    zones,
    site: site ? site.slice(0, 200) : null,
    severity: severityCode ? (SEVERITY_CODES[severityCode] ?? null) : null,
    onset,
    resolved: status === "active" ? null : resolved,
  });
}

function medicationCodeOf(
  ctx: Ctx,
  r: Record<string, unknown>,
  path: string,
): { codings: Coding[]; text: string | undefined; path: string } | null {
  if (r.medicationCodeableConcept !== undefined) {
    const cc = r.medicationCodeableConcept;
    return { codings: codingsOf(cc), text: textOf(cc), path: `${path}.medicationCodeableConcept` };
  }
  if (r.medicationReference !== undefined) {
    const found = resolveReference(ctx, r.medicationReference, `${path}.medicationReference`, "Medication");
    if (!found) return null;
    if ("external" in found)
      return fail(ctx, `${path}.medicationReference.reference`, "points to no Medication in this bundle");
    return { codings: codingsOf(found.resource.code), text: textOf(found.resource.code), path };
  }
  return fail(ctx, `${path}.medicationCodeableConcept`, "required (or medicationReference)");
}

function parseMedication(
  ctx: Ctx,
  r: Record<string, unknown>,
  path: string,
  entry: number,
  plan: ImportPlan,
): void {
  const type = r.resourceType as "MedicationRequest" | "MedicationStatement";
  const status = r.status;
  if (status === "entered-in-error" || status === "not-taken" || status === "cancelled") return;
  const before = ctx.errors.length;
  if (typeof r.id !== "string" || r.id === "") fail(ctx, `${path}.id`, `a ${type} needs its id`);
  const patient = patientKeyFor(ctx, r, path, "subject");
  const code = medicationCodeOf(ctx, r, path);
  const request = type === "MedicationRequest";
  const started = optionalDay(
    ctx,
    request
      ? r.authoredOn
      : ((isRecord(r.effectivePeriod) ? r.effectivePeriod.start : undefined) ?? r.effectiveDateTime),
    request ? `${path}.authoredOn` : `${path}.effectivePeriod.start`,
  );
  const periodEnd = request
    ? isRecord(r.dispenseRequest) && isRecord(r.dispenseRequest.validityPeriod)
      ? optionalDay(ctx, r.dispenseRequest.validityPeriod.end, `${path}.dispenseRequest.validityPeriod.end`)
      : null
    : isRecord(r.effectivePeriod)
      ? optionalDay(ctx, r.effectivePeriod.end, `${path}.effectivePeriod.end`)
      : null;
  if (typeof status !== "string") fail(ctx, `${path}.status`, "required");
  if (ctx.errors.length > before || !patient || !code) return;
  const ongoing = request
    ? status === "active" || status === "on-hold" || status === "draft" || status === "unknown"
    : status === "active" || status === "intended" || status === "on-hold" || status === "unknown";
  // A stopped medication without an end date may have been taken until the record ends: use the
  // last date the bundle knows (never earlier than the start), the cautious reading for washouts.
  let lastTaken: string | null = null;
  if (!ongoing) {
    lastTaken = periodEnd ?? (request ? null : dayOf(r.effectiveDateTime)) ?? ctx.recordEnd ?? started;
    if (lastTaken && started && lastTaken < started) lastTaken = started;
    if (!lastTaken) {
      fail(ctx, `${path}.status`, `a ${status} medication needs a date (authoredOn or an end)`);
      return;
    }
  }
  const rxnorm =
    code.codings.find((c) => c.system === SYSTEMS.rxnorm && c.code && /^\d+$/.test(c.code))?.code ?? null;
  const name = code.text ?? code.codings.find((c) => c.display)?.display;
  if (!name) {
    fail(ctx, code.path, "has no name (text or display); Remodel screens medications by ingredient");
    return;
  }
  const parsed = parseMedicationName(name);
  const dosage = request ? r.dosageInstruction : r.dosage;
  const firstDosage = Array.isArray(dosage) ? dosage.find(isRecord) : undefined;
  const dosageRoute = firstDosage
    ? routeFromCodings(codingsOf(firstDosage.route), textOf(firstDosage.route))
    : null;
  const prescribedFlag = extensionValue(r, PRESCRIBED_EXTENSION);
  const reason = Array.isArray(r.reasonCode) ? r.reasonCode.map(textOf).find((t) => t) : undefined;
  parsed.ingredients.forEach((ingredient, i) => {
    // The screening engine knows the protocol's routes only. A route outside them (an inhaler, a
    // patch) is recorded as the ingredient's protocol route when it has one (the stricter reading),
    // else as oral; the product name keeps the dose form as written.
    const stated = dosageRoute ?? parsed.route;
    const route = stated && ctx.routes.has(stated) ? stated : (ctx.memberRoutes(ingredient)?.[0] ?? "oral");
    plan.medications.push({
      entry,
      sourceRef: i === 0 ? `${type}/${String(r.id)}` : `${type}/${String(r.id)}|${ingredient}`,
      patient,
      ingredient: ingredient.slice(0, 200),
      product: name.slice(0, 300),
      // A product code names the whole combination; keep it on the first ingredient only.
      rxnorm: i === 0 ? rxnorm : null,
      route,
      prescribed: typeof prescribedFlag === "boolean" ? prescribedFlag : request,
      ongoing,
      lastTaken,
      started: started && lastTaken && started > lastTaken ? lastTaken : started,
      indication: reason ? reason.slice(0, 200) : null,
    });
  });
}

const ALLERGY_CATEGORIES = new Set(["food", "medication", "environment", "biologic"]);
const ALLERGY_CLINICAL = new Set(["active", "inactive", "resolved"]);
const oneOf = (v: unknown, allowed: ReadonlySet<string>) =>
  typeof v === "string" && allowed.has(v) ? v : null;

/**
 * An allergy or intolerance. Refuted or entered-in-error ones are left out; one without a status
 * counts as active and unconfirmed (the safer reading). It names a protocol condition by our own
 * code, by an ICD-10-CM code the protocol lists (Z88.4), or by the substance's name, and only when
 * a protocol rule is about that condition; any other allergy is kept for the record and reported.
 */
function parseAllergy(
  ctx: Ctx,
  r: Record<string, unknown>,
  path: string,
  entry: number,
  plan: ImportPlan,
): void {
  if (isRefuted(r, SYSTEMS.allergyVerification)) return;
  const before = ctx.errors.length;
  const patient = patientKeyFor(ctx, r, path, "patient");
  if (typeof r.id !== "string" || r.id === "") fail(ctx, `${path}.id`, "an AllergyIntolerance needs its id");
  if (!isRecord(r.code)) fail(ctx, `${path}.code`, "required (what the patient is allergic to)");
  const codings = codingsOf(r.code);
  const label = (textOf(r.code) ?? codings.find((c) => c.display)?.display ?? codings[0]?.code ?? "")
    .replace(/\s+/g, " ")
    .slice(0, 500);
  if (!label && isRecord(r.code)) fail(ctx, `${path}.code`, "has neither text, display nor code");
  const onset = optionalDay(ctx, r.onsetDateTime, `${path}.onsetDateTime`);
  const recordedOn = optionalDay(ctx, r.recordedDate, `${path}.recordedDate`);
  if (ctx.errors.length > before || !patient) return;
  const own = codings.find((c) => c.system === PROTOCOL_CONDITION_SYSTEM)?.code ?? null;
  const byCode = matchCodes(ctx.codes, codings).conditionId;
  const byName = ALLERGY_NAMES.find((n) =>
    [label, ...codings.map((c) => c.display ?? "")].some((t) => n.pattern.test(t)),
  );
  const candidate = own ?? byCode ?? byName?.conditionId ?? null;
  const conditionId = candidate && ctx.ruled.has(candidate) ? candidate : null;
  if (!conditionId) {
    plan.unmapped.push({
      entry,
      resourceType: "AllergyIntolerance",
      codes: codings.map((c) => `${c.system ?? "?"}|${c.code ?? "?"}`).join(", ") || label,
      reason: "no protocol rule is about this allergy; kept for the record",
    });
  }
  const clinical = firstCode(r.clinicalStatus, SYSTEMS.allergyClinical);
  const category = Array.isArray(r.category)
    ? r.category.find((c) => oneOf(c, ALLERGY_CATEGORIES))
    : undefined;
  plan.allergies.push({
    entry,
    sourceRef: `AllergyIntolerance/${String(r.id)}`,
    patient,
    conditionId,
    label: label || "allergy",
    codings: codings.map((c) => ({
      system: c.system ?? null,
      code: c.code ?? null,
      display: c.display ?? null,
    })),
    category: (category as string | undefined) ?? null,
    kind: oneOf(r.type, new Set(["allergy", "intolerance"])),
    criticality: oneOf(r.criticality, new Set(["low", "high", "unable-to-assess"])),
    clinicalStatus: (oneOf(clinical, ALLERGY_CLINICAL) ?? "active") as ImportAllergy["clinicalStatus"],
    verificationStatus:
      firstCode(r.verificationStatus, SYSTEMS.allergyVerification) === "confirmed"
        ? "confirmed"
        : "unconfirmed",
    onset,
    recordedOn,
  });
}

function parseObservation(ctx: Ctx, r: Record<string, unknown>, path: string, plan: ImportPlan): boolean {
  const loinc = firstCode(r.code, SYSTEMS.loinc);
  if (loinc !== PREGNANCY_STATUS_LOINC && loinc !== BREASTFEEDING_STATUS_LOINC) return false;
  if (r.status === "entered-in-error" || r.status === "cancelled") return true;
  const patient = patientKeyFor(ctx, r, path, "subject");
  const date = optionalDay(ctx, r.effectiveDateTime ?? r.issued, `${path}.effectiveDateTime`);
  const answer = codingsOf(r.valueCodeableConcept).map((c) => c.code);
  if (!patient) return true;
  if (loinc === PREGNANCY_STATUS_LOINC) {
    const value = answer.includes(PREGNANT_SNOMED)
      ? true
      : answer.includes(NOT_PREGNANT_SNOMED)
        ? false
        : null;
    if (value === null) return true;
    plan.states.push({ patient, state: "pregnant", value, date, source: `Observation/${String(r.id)}` });
  } else {
    // LOINC 63895-7 answers: LA29251-5 "Fully breastfeeding", LA29252-3 "Partially", LA29253-1 "Not".
    const value = answer.some((a) => a === "LA29251-5" || a === "LA29252-3")
      ? true
      : answer.includes("LA29253-1")
        ? false
        : null;
    if (value === null) return true;
    plan.states.push({ patient, state: "breastfeeding", value, date, source: `Observation/${String(r.id)}` });
  }
  return true;
}

const DATE_FIELDS = [
  "authoredOn",
  "effectiveDateTime",
  "onsetDateTime",
  "abatementDateTime",
  "recordedDate",
  "issued",
  "occurrenceDateTime",
];

function latestDate(resources: Record<string, unknown>[]): string | null {
  let latest: string | null = null;
  const see = (v: unknown) => {
    const d = dayOf(v);
    if (d && (latest === null || d > latest)) latest = d;
  };
  for (const r of resources) {
    for (const f of DATE_FIELDS) see(r[f]);
    for (const f of ["period", "effectivePeriod", "billablePeriod", "performedPeriod"]) {
      const p = r[f];
      if (isRecord(p)) {
        see(p.start);
        see(p.end);
      }
    }
  }
  return latest;
}

function medicationRoutesIndex(protocol: Protocol): (ingredient: string) => string[] | undefined {
  const map = new Map<string, string[]>();
  for (const cls of protocol.medicationClasses)
    for (const m of cls.members) {
      const key = medicationNameKey(m.ingredient);
      map.set(key, [...new Set([...(map.get(key) ?? []), ...m.routes])]);
    }
  const salts = new Set((protocol.medicationVocabulary?.saltWords ?? []).map(medicationNameKey));
  return (ingredient) => {
    const words = ingredient.toLowerCase().split(/\s+/).filter(Boolean);
    while (words.length > 1 && salts.has(medicationNameKey(words[words.length - 1]!))) words.pop();
    return map.get(medicationNameKey(words.join(" ")));
  };
}

/** Reads a bundle into an import plan; throws BundleError naming every bad field (up to 20). */
export function planImport(raw: unknown, protocol: Protocol): ImportPlan {
  const errors: FieldError[] = [];
  if (!isRecord(raw)) throw new BundleError([{ path: "(bundle)", message: "not a JSON object" }]);
  if (raw.resourceType !== "Bundle")
    throw new BundleError([
      { path: "resourceType", message: `must be "Bundle" (got ${show(raw.resourceType)})` },
    ]);
  if (typeof raw.type !== "string" || !BUNDLE_TYPES.has(raw.type))
    throw new BundleError([
      { path: "type", message: `must be one of ${[...BUNDLE_TYPES].join(", ")} (got ${show(raw.type)})` },
    ]);
  if (raw.entry !== undefined && !Array.isArray(raw.entry))
    throw new BundleError([{ path: "entry", message: "must be an array" }]);
  const entries = (raw.entry ?? []) as unknown[];
  const ctx: Ctx = {
    errors,
    codes: buildCodeIndex(protocol),
    ruled: ruledConditionIds(protocol),
    memberRoutes: medicationRoutesIndex(protocol),
    routes: new Set(protocol.medicationClasses.flatMap((c) => c.members.flatMap((m) => m.routes))),
    zones: new Set(treatableZones(protocol)),
    byFullUrl: new Map(),
    byTypeId: new Map(),
    recordEnd: null,
  };
  const resources: Record<string, unknown>[] = [];
  for (const [index, e] of entries.entries()) {
    const path = `entry[${index}]`;
    if (!isRecord(e)) {
      fail(ctx, path, "not an object");
      continue;
    }
    const r = e.resource;
    if (!isRecord(r)) {
      fail(ctx, `${path}.resource`, "required (an entry without a resource)");
      continue;
    }
    if (typeof r.resourceType !== "string" || !/^[A-Z][A-Za-z]+$/.test(r.resourceType)) {
      fail(ctx, `${path}.resource.resourceType`, `not a resource type (got ${show(r.resourceType)})`);
      continue;
    }
    resources.push(r);
    if (typeof e.fullUrl === "string") {
      if (ctx.byFullUrl.has(e.fullUrl)) fail(ctx, `${path}.fullUrl`, `duplicate fullUrl ${show(e.fullUrl)}`);
      ctx.byFullUrl.set(e.fullUrl, { index, resource: r });
    }
    if (typeof r.id === "string") {
      const key = `${r.resourceType}/${r.id}`;
      if (ctx.byTypeId.has(key)) fail(ctx, `${path}.resource.id`, `duplicate ${key}`);
      ctx.byTypeId.set(key, { index, resource: r });
    }
  }
  ctx.recordEnd = latestDate(resources);
  const plan: ImportPlan = {
    bundleType: raw.type,
    patients: [],
    conditions: [],
    medications: [],
    allergies: [],
    states: [],
    skipped: {},
    unmapped: [],
    resourceCount: resources.length,
  };
  entries.forEach((e, index) => {
    if (!isRecord(e) || !isRecord(e.resource) || typeof e.resource.resourceType !== "string") return;
    const r = e.resource;
    const path = `entry[${index}].resource`;
    switch (r.resourceType) {
      case "Patient": {
        const p = parsePatient(ctx, r, path, index);
        if (p) plan.patients.push(p);
        break;
      }
      case "Condition":
        parseCondition(ctx, r, path, index, plan);
        break;
      case "MedicationRequest":
      case "MedicationStatement":
        parseMedication(ctx, r, path, index, plan);
        break;
      case "Medication":
        break;
      case "AllergyIntolerance":
        parseAllergy(ctx, r, path, index, plan);
        break;
      case "Observation":
        if (!parseObservation(ctx, r, path, plan))
          plan.skipped.Observation = (plan.skipped.Observation ?? 0) + 1;
        break;
      default:
        plan.skipped[r.resourceType as string] = (plan.skipped[r.resourceType as string] ?? 0) + 1;
    }
  });
  if (errors.length > 0) throw new BundleError(errors);
  return plan;
}
