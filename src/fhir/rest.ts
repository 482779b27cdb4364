/**
 * The FHIR REST interactions Remodel serves (read, search-type, Patient/$everything,
 * capabilities), independent of the HTTP framework and of the database: the server passes a
 * FhirContext (the clinic-scoped reads of source.ts, the base URL, the reader's role, "now") and
 * sends what comes back. Each resource type registers its search in RESOURCES.
 */
import { addDays, isCalendarDate } from "../domain/calendar.ts";
import type { Protocol } from "../domain/protocol/types.ts";
import { intakeQuestionnaire } from "../domain/record/intake.ts";
import { mayRead, type RecordKind } from "../domain/record-access.ts";
import type { ByPatientSearch, DateFilter, Found, ObservationSearch, Page } from "../domain/record-search.ts";
import { MAX_SLOT_DAYS, providerSlots } from "../domain/scheduling/provider-slots.ts";
import { type Bundle, FHIR_VERSION, type FhirResource, PREGNANCY_STATUS_LOINC } from "./fhir-types.ts";
import type { FhirReadSource } from "./source.ts";
import {
  FITZPATRICK_CODE,
  INTAKE_QUESTIONNAIRE_ID,
  parseSlotId,
  type SlotRecord,
  toFhirAllergyIntolerance,
  toFhirAppointment,
  toFhirAuditEvent,
  toFhirCarePlan,
  toFhirCondition,
  toFhirConsent,
  toFhirDocumentReference,
  toFhirLocation,
  toFhirMedicationStatement,
  toFhirObservation,
  toFhirOrganization,
  toFhirPatient,
  toFhirPractitioner,
  toFhirPractitionerRole,
  toFhirProcedure,
  toFhirQuestionnaire,
  toFhirQuestionnaireResponse,
  toFhirSchedule,
  toFhirSlot,
} from "./to-fhir.ts";

/** An error the FHIR API answers with an OperationOutcome; `field` names what was wrong. */
export class FhirError extends Error {
  readonly status: number;
  readonly code: string;
  readonly field: string | null;
  constructor(status: number, code: string, message: string, field: string | null = null) {
    super(message);
    this.status = status;
    this.code = code;
    this.field = field;
  }
}

export function operationOutcome(
  severity: "fatal" | "error" | "warning" | "information",
  code: string,
  diagnostics: string,
  expression?: string[],
): FhirResource {
  return {
    resourceType: "OperationOutcome",
    issue: [{ severity, code, diagnostics, ...(expression && expression.length > 0 ? { expression } : {}) }],
  };
}

/** Everything a FHIR interaction needs from its caller. */
export interface FhirContext {
  source: FhirReadSource;
  /** The FHIR base URL ("https://clinic.example/fhir/r4"), for links and attachment URLs. */
  base: string;
  /** The reader's role: what it may read is decided in domain/record-access.ts. */
  role: string;
  clinicId: string;
  now: Date;
  /** The clinic's protocol in force (the intake Questionnaire and outcome scales come from it). */
  protocol(): Promise<{ protocol: Protocol; version: string }>;
}

export const DEFAULT_COUNT = 50;
export const MAX_COUNT = 200;
/** Days of Slots a search covers when `start` gives no end. */
export const DEFAULT_SLOT_DAYS = 14;

/** Search parameters every type takes, handled here rather than per type. */
const COMMON_PARAMS = new Set(["_id", "_count", "_offset", "_format", "_pretty", "_summary", "_total"]);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const FHIR_ID = /^[A-Za-z0-9\-.]{1,64}$/;

export type Query = Record<string, string | string[] | undefined>;

function single(q: Query, name: string): string | null {
  const v = q[name];
  if (v === undefined) return null;
  if (Array.isArray(v)) {
    if (v.length > 1) throw new FhirError(400, "invalid", `${name}: give the parameter once`, name);
    return v[0] ?? null;
  }
  return v;
}

function rawIds(q: Query): string[] | null {
  const raw = single(q, "_id");
  return raw === null ? null : raw.split(",");
}

/** `_id` values that are uuids (others cannot exist and match nothing). */
function ids(q: Query): string[] | null {
  const raw = rawIds(q);
  return raw === null ? null : raw.filter((id) => UUID.test(id));
}

/** `_id` values `<prefix><uuid>`, the uuids. */
function prefixedIds(q: Query, prefix: string): string[] | null {
  const raw = rawIds(q);
  return raw === null
    ? null
    : raw
        .filter((id) => id.startsWith(prefix) && UUID.test(id.slice(prefix.length)))
        .map((id) => id.slice(prefix.length));
}

function parseDate(raw: string, name: string): DateFilter {
  const m = /^(eq|ne|ge|le|gt|lt)?(\d{4}-\d{2}-\d{2})$/.exec(raw);
  if (!m || !isCalendarDate(m[2]!)) {
    throw new FhirError(
      400,
      "invalid",
      `${name}: not a date (YYYY-MM-DD, optionally prefixed eq, ge, le, gt, lt, ne; got "${raw}")`,
      name,
    );
  }
  return { op: (m[1] ?? "eq") as DateFilter["op"], day: m[2]! };
}

function dateFilter(q: Query, name: string): DateFilter | null {
  const raw = single(q, name);
  return raw === null ? null : parseDate(raw, name);
}

/** A reference parameter (`Type/<id>` or `<id>`); false when it cannot name one of ours. */
function referenceParam(q: Query, name: string, type: string): string | null | false {
  const raw = single(q, name);
  if (raw === null) return null;
  const m = /^(?:.*\/)?([A-Za-z]+)\/([^/]+)$/.exec(raw);
  if (m && m[1] !== type) return false;
  const id = m ? m[2]! : raw;
  return UUID.test(id) ? id.toLowerCase() : false;
}

/** `patient=Patient/<id>` or `patient=<id>` (also `subject`); an id that cannot exist matches nothing. */
function patientParam(q: Query): string | null | false {
  const viaPatient = referenceParam(q, "patient", "Patient");
  return viaPatient !== null ? viaPatient : referenceParam(q, "subject", "Patient");
}

function page(q: Query): Page {
  const count = single(q, "_count");
  const offset = single(q, "_offset");
  const limit = count === null ? DEFAULT_COUNT : Number(count);
  const off = offset === null ? 0 : Number(offset);
  if (!Number.isInteger(limit) || limit < 0 || limit > MAX_COUNT)
    throw new FhirError(
      400,
      "invalid",
      `_count: a whole number from 0 to ${MAX_COUNT} (got "${count}")`,
      "_count",
    );
  if (!Number.isInteger(off) || off < 0 || off > 1_000_000)
    throw new FhirError(400, "invalid", `_offset: a whole number of 0 or more (got "${offset}")`, "_offset");
  return { limit, offset: off };
}

function byPatient(q: Query, dateParam = "date"): ByPatientSearch | null {
  const patient = patientParam(q);
  if (patient === false) return null;
  return { ids: ids(q), patientId: patient, date: dateFilter(q, dateParam), status: single(q, "status") };
}

const codeParam = (q: Query) => single(q, "code")?.replace(/^.*\|/, "") ?? null;

const none = <T>(): Found<T> => ({ rows: [], total: 0 });
const map = <T>(found: Found<T>, f: (row: T) => FhirResource | null): Found<FhirResource> => ({
  rows: found.rows.map(f).filter((r): r is FhirResource => r !== null),
  total: found.total,
});
const slice = (all: FhirResource[], p: Page): Found<FhirResource> => ({
  rows: all.slice(p.offset, p.offset + p.limit),
  total: all.length,
});

type ParamType = "string" | "token" | "date" | "reference" | "uri";

export interface ResourceType {
  type: string;
  /** Search parameters beyond COMMON_PARAMS, with their FHIR type (for the CapabilityStatement). */
  params: Record<string, ParamType>;
  /** The kind of record the type carries: who may read it is decided in domain/record-access.ts. */
  record: RecordKind;
  /** How a Patient/$everything finds this type's resources about a patient (absent: not included). */
  aboutPatient?: Query | ((patientId: string) => Query);
  /** False for types computed on demand rather than stored (Slot): not in the bulk export. */
  exported?: boolean;
  search(ctx: FhirContext, q: Query, page: Page): Promise<Found<FhirResource>>;
}

const CONDITION_STATUS: Record<string, string> = {
  active: "active",
  resolved: "resolved",
  inactive: "history",
};
const APPOINTMENT_STATUS: Record<string, string> = {
  booked: "booked",
  arrived: "checked_in",
  fulfilled: "completed",
  cancelled: "cancelled",
  noshow: "no_show",
};
const PLAN_STATUS: Record<string, string> = { draft: "proposed", active: "accepted", revoked: "withdrawn" };

function identifierParam(q: Query): { system: string | null; value: string } | null {
  const raw = single(q, "identifier");
  if (raw === null) return null;
  const bar = raw.lastIndexOf("|");
  if (bar < 0) return { system: null, value: raw };
  return { system: raw.slice(0, bar) || null, value: raw.slice(bar + 1) };
}

const ALL: Page = { limit: 100_000, offset: 0 };

/** The days a Slot search covers, from its `start` values (at most MAX_SLOT_DAYS). */
function slotDays(q: Query, now: Date): { first: string; last: string } {
  const raw = q.start === undefined ? [] : Array.isArray(q.start) ? q.start : [q.start];
  let first: string | null = null;
  let last: string | null = null;
  for (const value of raw) {
    const f = parseDate(value, "start");
    if (f.op === "eq") [first, last] = [f.day, f.day];
    else if (f.op === "ge") first = f.day;
    else if (f.op === "gt") first = addDays(f.day, 1);
    else if (f.op === "le") last = f.day;
    else if (f.op === "lt") last = addDays(f.day, -1);
    else throw new FhirError(400, "not-supported", "start: 'ne' is not supported for Slot", "start");
  }
  first ??= last ? addDays(last, -(DEFAULT_SLOT_DAYS - 1)) : now.toISOString().slice(0, 10);
  last ??= addDays(first, DEFAULT_SLOT_DAYS - 1);
  const days = (Date.parse(last) - Date.parse(first)) / 86_400_000 + 1;
  if (days > MAX_SLOT_DAYS)
    throw new FhirError(
      400,
      "too-costly",
      `start: at most ${MAX_SLOT_DAYS} days of slots per search (asked ${days}); narrow it with ge and le`,
      "start",
    );
  return { first, last };
}

async function searchSlots(ctx: FhirContext, q: Query, p: Page): Promise<Found<FhirResource>> {
  const schedule = referenceParam(q, "schedule", "Schedule");
  if (schedule === false) return none();
  const status = single(q, "status");
  const wanted = rawIds(q)?.map(parseSlotId);
  let days: { first: string; last: string };
  let providerIds = schedule === null ? null : [schedule];
  if (wanted) {
    const valid = wanted.filter((w): w is NonNullable<typeof w> => w !== null);
    if (valid.length === 0) return none();
    providerIds = [...new Set(valid.map((w) => w.providerId))].filter((id) => !schedule || id === schedule);
    const starts = valid.map((w) => new Date(w.start).toISOString().slice(0, 10)).sort();
    days = { first: addDays(starts[0]!, -1), last: addDays(starts[starts.length - 1]!, 1) };
    if ((Date.parse(days.last) - Date.parse(days.first)) / 86_400_000 + 1 > MAX_SLOT_DAYS)
      throw new FhirError(400, "too-costly", `_id: slots within ${MAX_SLOT_DAYS} days of each other`, "_id");
  } else days = slotDays(q, ctx.now);
  const providers = (await ctx.source.providers(providerIds, true, ALL)).rows;
  if (providers.length === 0) return none();
  const busy = await ctx.source.providerBusy(
    providers.map((x) => x.id),
    new Date(`${addDays(days.first, -1)}T00:00:00Z`),
    new Date(`${addDays(days.last, 2)}T00:00:00Z`),
  );
  const slots: SlotRecord[] = [];
  for (const provider of providers) {
    const mine = busy
      .filter((b) => b.providerId === provider.id)
      .map((b) => ({ start: b.start.getTime(), end: b.end.getTime(), kind: b.kind }));
    for (const s of providerSlots(provider.hours, mine, days.first, days.last))
      slots.push({ ...s, providerId: provider.id });
  }
  const wantedIds = wanted ? new Set(rawIds(q)) : null;
  const all = slots
    .sort((a, b) => a.start - b.start || a.providerId.localeCompare(b.providerId))
    .map(toFhirSlot)
    .filter((s) => (status === null || s.status === status) && (!wantedIds || wantedIds.has(s.id!)));
  return slice(all, p);
}

function observationSearch(q: Query): ObservationSearch | null {
  const patient = patientParam(q);
  if (patient === false) return null;
  const rawCode = single(q, "code");
  const system = rawCode?.includes("|") ? rawCode.slice(0, rawCode.lastIndexOf("|")) : null;
  const code = rawCode?.replace(/^.*\|/, "") ?? null;
  let kinds: ObservationSearch["kinds"] = ["pregnancy", "fitzpatrick", "outcome"];
  let scaleId: string | null = null;
  if (code !== null) {
    if (code === PREGNANCY_STATUS_LOINC) kinds = ["pregnancy"];
    else if (code === FITZPATRICK_CODE.code && (system === null || system === FITZPATRICK_CODE.system))
      kinds = system === null ? ["fitzpatrick", "outcome"] : ["fitzpatrick"];
    else kinds = ["outcome"];
    if (kinds.includes("outcome")) scaleId = code;
  }
  const raw = rawIds(q);
  return {
    pregnancyOf: raw === null ? null : (prefixedIds(q, "pregnancy-") ?? []),
    fitzpatrickOf: raw === null ? null : (prefixedIds(q, "fitzpatrick-") ?? []),
    scoreIds: raw === null ? null : (ids(q) ?? []),
    kinds,
    scaleId,
    patientId: patient,
    date: dateFilter(q, "date"),
  };
}

export const RESOURCES: readonly ResourceType[] = [
  {
    type: "Patient",
    record: "patient",
    params: { name: "string", family: "string", given: "string", birthdate: "date", identifier: "token" },
    aboutPatient: (id) => ({ _id: id }),
    async search(ctx, q, p) {
      const ident = identifierParam(q);
      const name = single(q, "name") ?? single(q, "family") ?? single(q, "given");
      return map(
        await ctx.source.patients(
          {
            ids: ids(q),
            name: name?.trim() || null,
            birthdate: dateFilter(q, "birthdate"),
            identifierSystem: ident?.system ?? null,
            identifierValue: ident?.value ?? null,
          },
          p,
        ),
        toFhirPatient,
      );
    },
  },
  {
    type: "Practitioner",
    record: "directory",
    params: {},
    search: async (ctx, q, p) => map(await ctx.source.providers(ids(q), false, p), toFhirPractitioner),
  },
  {
    type: "PractitionerRole",
    record: "directory",
    params: { practitioner: "reference" },
    async search(ctx, q, p) {
      const practitioner = referenceParam(q, "practitioner", "Practitioner");
      if (practitioner === false) return none();
      const wanted = ids(q);
      const only =
        practitioner === null ? wanted : (wanted ?? [practitioner]).filter((i) => i === practitioner);
      return map(await ctx.source.providers(only, false, p), toFhirPractitionerRole);
    },
  },
  {
    type: "Organization",
    record: "directory",
    params: {},
    async search(ctx, q, p) {
      const clinic = await ctx.source.clinic();
      const wanted = ids(q);
      const rows =
        clinic && (wanted === null || wanted.includes(clinic.id)) ? [toFhirOrganization(clinic)] : [];
      return slice(rows, p);
    },
  },
  {
    type: "Location",
    record: "directory",
    params: {},
    search: async (ctx, q, p) => map(await ctx.source.locations(ids(q), p), toFhirLocation),
  },
  {
    type: "Schedule",
    record: "directory",
    params: { actor: "reference" },
    async search(ctx, q, p) {
      const raw = single(q, "actor");
      if (raw !== null && /Location\//.test(raw)) {
        const location = referenceParam(q, "actor", "Location");
        if (!location) return none();
        const all = (await ctx.source.providers(ids(q), true, ALL)).rows;
        return slice(
          all.filter((x) => x.hours.some((h) => h.locationId === location)).map(toFhirSchedule),
          p,
        );
      }
      const actor = referenceParam(q, "actor", "Practitioner");
      if (actor === false) return none();
      const wanted = ids(q);
      const only = actor === null ? wanted : (wanted ?? [actor]).filter((i) => i === actor);
      return map(await ctx.source.providers(only, true, p), toFhirSchedule);
    },
  },
  {
    type: "Slot",
    record: "directory",
    params: { schedule: "reference", start: "date", status: "token" },
    exported: false,
    search: searchSlots,
  },
  {
    type: "Appointment",
    record: "appointment",
    params: { patient: "reference", date: "date", status: "token" },
    aboutPatient: (id) => ({ patient: id }),
    async search(ctx, q, p) {
      const s = byPatient(q);
      if (!s) return none();
      const status = s.status === null ? null : (APPOINTMENT_STATUS[s.status] ?? "-");
      return map(await ctx.source.appointments({ ...s, status }, p), toFhirAppointment);
    },
  },
  {
    type: "Condition",
    record: "clinicalProfile",
    params: { patient: "reference", "onset-date": "date", "clinical-status": "token", code: "token" },
    aboutPatient: (id) => ({ patient: id }),
    async search(ctx, q, p) {
      const patient = patientParam(q);
      if (patient === false) return none();
      const status = single(q, "clinical-status");
      return map(
        await ctx.source.conditions(
          {
            ids: ids(q),
            patientId: patient,
            date: dateFilter(q, "onset-date"),
            status: status === null ? null : (CONDITION_STATUS[status] ?? "-"),
            code: codeParam(q),
          },
          p,
        ),
        toFhirCondition,
      );
    },
  },
  {
    type: "MedicationStatement",
    record: "clinicalProfile",
    params: { patient: "reference", effective: "date", status: "token", code: "token" },
    aboutPatient: (id) => ({ patient: id }),
    async search(ctx, q, p) {
      const s = byPatient(q, "effective");
      if (!s) return none();
      return map(await ctx.source.medications({ ...s, code: codeParam(q) }, p), toFhirMedicationStatement);
    },
  },
  {
    type: "AllergyIntolerance",
    record: "clinicalProfile",
    params: { patient: "reference", date: "date", "clinical-status": "token", code: "token" },
    aboutPatient: (id) => ({ patient: id }),
    async search(ctx, q, p) {
      const patient = patientParam(q);
      if (patient === false) return none();
      return map(
        await ctx.source.allergies(
          {
            ids: ids(q),
            patientId: patient,
            date: dateFilter(q, "date"),
            status: single(q, "clinical-status"),
            code: codeParam(q),
          },
          p,
        ),
        toFhirAllergyIntolerance,
      );
    },
  },
  {
    type: "Observation",
    record: "clinicalProfile",
    params: { patient: "reference", code: "token", date: "date" },
    aboutPatient: (id) => ({ patient: id }),
    async search(ctx, q, p) {
      const asked = observationSearch(q);
      if (!asked) return none();
      // Outcome scores are read where the chart is read; pregnancy and skin type with the profile.
      const s = mayRead("outcome", ctx.role)
        ? asked
        : { ...asked, kinds: asked.kinds.filter((k) => k !== "outcome") };
      if (s.kinds.length === 0) return none();
      const found = await ctx.source.observations(s, p);
      const scales = found.rows.some((o) => o.kind === "outcome") ? await scaleNames(ctx) : new Map();
      return map(found, (o) => toFhirObservation(o, scales));
    },
  },
  {
    type: "Questionnaire",
    record: "directory",
    params: { url: "uri" },
    async search(ctx, q, p) {
      const wanted = rawIds(q);
      const url = single(q, "url")?.replace(/\|.*$/, "") ?? null;
      if (wanted !== null && !wanted.includes(INTAKE_QUESTIONNAIRE_ID)) return none();
      const { protocol, version } = await ctx.protocol();
      const questionnaire = toFhirQuestionnaire(intakeQuestionnaire(protocol), version);
      if (url !== null && url !== questionnaire.url) return none();
      return slice([questionnaire], p);
    },
  },
  {
    type: "QuestionnaireResponse",
    record: "intake",
    params: { patient: "reference", authored: "date" },
    aboutPatient: (id) => ({ patient: id }),
    async search(ctx, q, p) {
      const s = byPatient(q, "authored");
      return s ? map(await ctx.source.intakes(s, p), toFhirQuestionnaireResponse) : none();
    },
  },
  {
    type: "CarePlan",
    record: "plan",
    params: { patient: "reference", date: "date", status: "token" },
    aboutPatient: (id) => ({ patient: id }),
    async search(ctx, q, p) {
      const s = byPatient(q);
      if (!s) return none();
      const status = s.status === null ? null : (PLAN_STATUS[s.status] ?? "-");
      return map(await ctx.source.plans({ ...s, status }, p), toFhirCarePlan);
    },
  },
  {
    type: "Consent",
    record: "consent",
    params: { patient: "reference", date: "date" },
    aboutPatient: (id) => ({ patient: id }),
    async search(ctx, q, p) {
      const s = byPatient(q);
      return s ? map(await ctx.source.consents(s, p), toFhirConsent) : none();
    },
  },
  {
    type: "Procedure",
    record: "chart",
    params: { patient: "reference", date: "date" },
    aboutPatient: (id) => ({ patient: id }),
    async search(ctx, q, p) {
      const s = byPatient(q);
      return s ? map(await ctx.source.charts(s, p), toFhirProcedure) : none();
    },
  },
  {
    type: "DocumentReference",
    record: "consent",
    params: { patient: "reference", date: "date" },
    aboutPatient: (id) => ({ patient: id }),
    async search(ctx, q, p) {
      const patient = patientParam(q);
      if (patient === false) return none();
      const appBase = ctx.base.replace(/\/fhir\/r4$/i, "");
      return map(
        await ctx.source.documents(
          {
            photoIds: prefixedIds(q, "photo-"),
            consentIds: prefixedIds(q, "consent-"),
            patientId: patient,
            date: dateFilter(q, "date"),
            // The photo routes serve clinicians only; in the clinical record every photo of the
            // patient may be shown, whatever its consent scope (photoShownIn in domain/record).
            photos: mayRead("photo", ctx.role),
          },
          p,
        ),
        (d) => toFhirDocumentReference(d, appBase),
      );
    },
  },
  {
    type: "AuditEvent",
    record: "audit",
    params: { patient: "reference", date: "date" },
    async search(ctx, q, p) {
      const patient = patientParam(q);
      if (patient === false) return none();
      const raw = rawIds(q);
      const auditIds = raw === null ? null : raw.filter((id) => /^\d{1,15}$/.test(id)).map(Number);
      return map(
        await ctx.source.audit({ ids: auditIds, patientId: patient, date: dateFilter(q, "date") }, p),
        (a) => toFhirAuditEvent(a, ctx.clinicId),
      );
    },
  },
];

async function scaleNames(ctx: FhirContext): Promise<Map<string, string>> {
  const { protocol } = await ctx.protocol();
  const scales = (protocol.outcomeScales ?? []) as { id?: unknown; name?: unknown }[];
  return new Map(
    scales
      .filter((s) => typeof s.id === "string" && typeof s.name === "string")
      .map((s) => [s.id as string, s.name as string]),
  );
}

export function resourceType(type: string): ResourceType {
  const r = RESOURCES.find((x) => x.type === type);
  if (!r) throw new FhirError(404, "not-supported", `resource type ${type} is not served here`, null);
  return r;
}

function allowedFor(r: ResourceType, ctx: FhirContext): ResourceType {
  if (!mayRead(r.record, ctx.role))
    throw new FhirError(403, "forbidden", `${r.type}: not readable with the ${ctx.role} role`, null);
  return r;
}

/** The parameters a search may carry; anything else is refused with its name (not ignored silently). */
export function checkParams(r: ResourceType, q: Query): void {
  for (const name of Object.keys(q)) {
    if (COMMON_PARAMS.has(name) || name in r.params || (name === "subject" && "patient" in r.params))
      continue;
    const known = [...Object.keys(r.params), ...COMMON_PARAMS].join(", ");
    throw new FhirError(
      400,
      "not-supported",
      `${name}: not a search parameter of ${r.type} here (${known})`,
      name,
    );
  }
}

/** GET [base]/[type]/[id]; null when there is no such resource in this clinic. */
export async function readResource(ctx: FhirContext, type: string, id: string): Promise<FhirResource | null> {
  const r = allowedFor(resourceType(type), ctx);
  if (!FHIR_ID.test(id)) return null;
  const found = await r.search(ctx, { _id: id }, { limit: 1, offset: 0 });
  const resource = found.rows[0];
  return resource && resource.id === id ? resource : null;
}

function queryString(q: Query, override: Record<string, string>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) {
    if (v === undefined || k in override) continue;
    for (const one of Array.isArray(v) ? v : [v]) params.append(k, one);
  }
  for (const [k, v] of Object.entries(override)) params.set(k, v);
  return params.toString();
}

function pagingLinks(path: string, q: Query, p: Page, total: number) {
  const url = (offset: number) =>
    `${path}?${queryString(q, { _count: String(p.limit), _offset: String(offset) })}`;
  const link = [
    { relation: "self", url: url(p.offset) },
    { relation: "first", url: url(0) },
  ];
  if (p.offset > 0) link.push({ relation: "previous", url: url(Math.max(0, p.offset - p.limit)) });
  if (p.limit > 0 && p.offset + p.limit < total)
    link.push({ relation: "next", url: url(p.offset + p.limit) });
  if (p.limit > 0 && total > 0)
    link.push({ relation: "last", url: url(Math.floor((total - 1) / p.limit) * p.limit) });
  return link;
}

function searchset(base: string, path: string, q: Query, p: Page, found: Found<FhirResource>): Bundle {
  return {
    resourceType: "Bundle",
    type: "searchset",
    total: found.total,
    link: pagingLinks(path, q, p, found.total),
    entry: found.rows.map((resource) => ({
      fullUrl: `${base}/${resource.resourceType}/${resource.id}`,
      resource,
      search: { mode: "match" as const },
    })),
  };
}

/** GET [base]/[type]?params: a searchset Bundle with self/first/previous/next/last links. */
export async function searchResources(ctx: FhirContext, type: string, q: Query): Promise<Bundle> {
  const r = allowedFor(resourceType(type), ctx);
  checkParams(r, q);
  const p = page(q);
  return searchset(ctx.base, `${ctx.base}/${type}`, q, p, await r.search(ctx, q, p));
}

const PAGE = 500;

/** Every resource of one search, page by page (the export and $everything read whole lists). */
export async function* allResources(
  ctx: FhirContext,
  r: ResourceType,
  q: Query,
): AsyncGenerator<FhirResource> {
  for (let offset = 0; ; offset += PAGE) {
    const found = await r.search(ctx, q, { limit: PAGE, offset });
    yield* found.rows;
    if (found.rows.length < PAGE || offset + PAGE >= found.total) break;
  }
}

/** The types a Patient/$everything gathers (those about one patient that this reader may see). */
export function everythingTypes(ctx: FhirContext): ResourceType[] {
  return RESOURCES.filter((r) => r.aboutPatient && mayRead(r.record, ctx.role));
}

/**
 * GET [base]/Patient/[id]/$everything: the patient and every resource about them, as one
 * searchset, ordered by type then as each search orders. `_count`/`_offset` page the whole list
 * (default: all of it, with no next link); null when there is no such patient.
 */
export async function patientEverything(
  ctx: FhirContext,
  patientId: string,
  q: Query,
  /** Which of the gathered types to include (an API client's scopes); the Patient must be one. */
  include: (type: string) => boolean = () => true,
): Promise<Bundle | null> {
  for (const name of Object.keys(q)) {
    if (name !== "_count" && name !== "_offset" && !COMMON_PARAMS.has(name))
      throw new FhirError(400, "not-supported", `${name}: $everything takes _count and _offset here`, name);
  }
  if (!UUID.test(patientId)) return null;
  const all: FhirResource[] = [];
  for (const r of everythingTypes(ctx).filter((t) => t.type === "Patient" || include(t.type))) {
    const about = typeof r.aboutPatient === "function" ? r.aboutPatient(patientId) : r.aboutPatient!;
    for await (const resource of allResources(ctx, r, about)) all.push(resource);
    if (r.type === "Patient" && all.length === 0) return null;
  }
  const path = `${ctx.base}/Patient/${patientId}/$everything`;
  if (single(q, "_count") !== null) {
    const p = page(q);
    return searchset(ctx.base, path, q, p, slice(all, p));
  }
  // No _count: the whole list in one Bundle (what one patient has is bounded by their record).
  const bundle = searchset(
    ctx.base,
    path,
    q,
    { limit: all.length, offset: 0 },
    slice(all, { limit: all.length, offset: 0 }),
  );
  return { ...bundle, link: [{ relation: "self", url: path }] };
}

/** The CapabilityStatement of GET [base]/metadata. */
export function capabilityStatement(
  base: string,
  software: { name: string; version?: string },
): FhirResource {
  return {
    resourceType: "CapabilityStatement",
    status: "active",
    date: "2025-01-01",
    publisher: "Remodel",
    kind: "instance",
    software,
    implementation: { description: "Remodel clinic FHIR R4 API", url: base },
    fhirVersion: FHIR_VERSION,
    format: ["application/fhir+json", "json"],
    rest: [
      {
        mode: "server",
        security: {
          description:
            "Staff of one clinic signed in with a Remodel session (bulk export: the owner), or API clients with OAuth 2 client-credentials tokens and SMART system scopes; every read is audited.",
        },
        resource: RESOURCES.map((r) => ({
          type: r.type,
          interaction: [{ code: "read" }, { code: "search-type" }],
          searchParam: [
            { name: "_id", type: "token" },
            ...Object.entries(r.params).map(([name, type]) => ({ name, type })),
          ],
          ...(r.type === "Patient"
            ? {
                operation: [
                  {
                    name: "everything",
                    definition: "http://hl7.org/fhir/OperationDefinition/Patient-everything",
                  },
                ],
              }
            : {}),
          ...(r.type === "AuditEvent"
            ? { documentation: "The clinic's audit log; the owner role only." }
            : r.type === "Slot"
              ? {
                  documentation: `Computed from providers' working hours and bookings: at most ${MAX_SLOT_DAYS} days per search (default ${DEFAULT_SLOT_DAYS} from today); not in the bulk export.`,
                }
              : r.type === "DocumentReference"
                ? {
                    documentation:
                      "Photos (clinicians only) and signed consent PDFs, as links to the signed-in routes.",
                  }
                : {}),
        })),
        interaction: [{ code: "transaction" }, { code: "batch" }],
        operation: [
          {
            name: "export",
            definition: "http://hl7.org/fhir/uv/bulkdata/OperationDefinition/export",
          },
        ],
      },
    ],
  };
}
