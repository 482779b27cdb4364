/**
 * The FHIR REST interactions Remodel serves (read, search-type, capabilities), independent of the
 * HTTP framework: the server route passes the clinic-scoped transaction, the query and the base
 * URL, and sends what comes back. Each resource type registers its search here; a type added later
 * (the record's Consent and Procedure, for example) is one more entry in RESOURCES.
 */
import type { Tx } from "../db/pool.ts";
import { isCalendarDate } from "../domain/protocol/calendar-date.ts";
import { type Bundle, FHIR_VERSION, type FhirResource, PREGNANCY_STATUS_LOINC } from "./fhir-types.ts";
import {
  type ByPatientSearch,
  type DateFilter,
  type Found,
  getClinicRecord,
  listLocationRecords,
  listPractitionerRecords,
  type Page,
  searchAppointmentRecords,
  searchChartRecords,
  searchConditionRecords,
  searchConsentRecords,
  searchMedicationRecords,
  searchPatientRecords,
  tableExists,
} from "./store.ts";
import {
  toFhirAppointment,
  toFhirCondition,
  toFhirConsent,
  toFhirLocation,
  toFhirMedicationStatement,
  toFhirOrganization,
  toFhirPatient,
  toFhirPractitioner,
  toFhirPregnancyObservation,
  toFhirProcedure,
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

export const DEFAULT_COUNT = 50;
export const MAX_COUNT = 200;

/** Search parameters every type takes, handled here rather than per type. */
const COMMON_PARAMS = new Set(["_id", "_count", "_offset", "_format", "_pretty", "_summary", "_total"]);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

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

function ids(q: Query): string[] | null {
  const raw = single(q, "_id");
  if (raw === null) return null;
  return raw.split(",").filter((id) => UUID.test(id));
}

function dateFilter(q: Query, name: string): DateFilter | null {
  const raw = single(q, name);
  if (raw === null) return null;
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

/** `patient=Patient/<id>` or `patient=<id>` (also `subject`); an id that cannot exist matches nothing. */
function patientParam(q: Query): string | null | false {
  const raw = single(q, "patient") ?? single(q, "subject");
  if (raw === null) return null;
  const id = raw.replace(/^.*Patient\//, "");
  return UUID.test(id) ? id : false;
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

function byPatient(q: Query): ByPatientSearch | null {
  const patient = patientParam(q);
  if (patient === false) return null;
  return { ids: ids(q), patientId: patient, date: dateFilter(q, "date"), status: single(q, "status") };
}

const none = <T>(): Found<T> => ({ rows: [], total: 0 });

export interface ResourceType {
  type: string;
  /** Search parameters beyond COMMON_PARAMS, with their FHIR type (for the CapabilityStatement). */
  params: Record<string, "string" | "token" | "date" | "reference">;
  /** Whether the type can be served on this database (its tables exist). */
  available(tx: Tx): Promise<boolean>;
  search(tx: Tx, q: Query, page: Page): Promise<Found<FhirResource>>;
}

const always = async () => true;
const map = <T>(found: Found<T>, f: (row: T) => FhirResource): Found<FhirResource> => ({
  rows: found.rows.map(f),
  total: found.total,
});

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

function identifierParam(q: Query): { system: string | null; value: string } | null {
  const raw = single(q, "identifier");
  if (raw === null) return null;
  const bar = raw.lastIndexOf("|");
  if (bar < 0) return { system: null, value: raw };
  return { system: raw.slice(0, bar) || null, value: raw.slice(bar + 1) };
}

export const RESOURCES: readonly ResourceType[] = [
  {
    type: "Patient",
    params: { name: "string", family: "string", given: "string", birthdate: "date", identifier: "token" },
    available: always,
    async search(tx, q, p) {
      const ident = identifierParam(q);
      const name = single(q, "name") ?? single(q, "family") ?? single(q, "given");
      return map(
        await searchPatientRecords(
          tx,
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
    params: {},
    available: always,
    search: async (tx, q, p) => map(await listPractitionerRecords(tx, ids(q), p), toFhirPractitioner),
  },
  {
    type: "Organization",
    params: {},
    available: always,
    async search(tx, q, p) {
      const clinic = await getClinicRecord(tx);
      const wanted = ids(q);
      const rows = clinic && (wanted === null || wanted.includes(clinic.id)) ? [clinic] : [];
      return { rows: rows.slice(p.offset, p.offset + p.limit).map(toFhirOrganization), total: rows.length };
    },
  },
  {
    type: "Location",
    params: {},
    available: always,
    search: async (tx, q, p) => map(await listLocationRecords(tx, ids(q), p), toFhirLocation),
  },
  {
    type: "Appointment",
    params: { patient: "reference", date: "date", status: "token" },
    available: always,
    async search(tx, q, p) {
      const s = byPatient(q);
      if (!s) return none();
      const status = s.status === null ? null : (APPOINTMENT_STATUS[s.status] ?? "-");
      return map(await searchAppointmentRecords(tx, { ...s, status }, p), toFhirAppointment);
    },
  },
  {
    type: "Condition",
    params: { patient: "reference", "onset-date": "date", "clinical-status": "token", code: "token" },
    available: always,
    async search(tx, q, p) {
      const patient = patientParam(q);
      if (patient === false) return none();
      const status = single(q, "clinical-status");
      const code = single(q, "code");
      return map(
        await searchConditionRecords(
          tx,
          {
            ids: ids(q),
            patientId: patient,
            date: dateFilter(q, "onset-date"),
            status: status === null ? null : (CONDITION_STATUS[status] ?? "-"),
            code: code === null ? null : code.replace(/^.*\|/, ""),
          },
          p,
        ),
        toFhirCondition,
      );
    },
  },
  {
    type: "MedicationStatement",
    params: { patient: "reference", effective: "date", status: "token", code: "token" },
    available: always,
    async search(tx, q, p) {
      const patient = patientParam(q);
      if (patient === false) return none();
      const code = single(q, "code");
      return map(
        await searchMedicationRecords(
          tx,
          {
            ids: ids(q),
            patientId: patient,
            date: dateFilter(q, "effective"),
            status: single(q, "status"),
            code: code === null ? null : code.replace(/^.*\|/, ""),
          },
          p,
        ),
        toFhirMedicationStatement,
      );
    },
  },
  {
    type: "Observation",
    params: { patient: "reference", code: "token" },
    available: always,
    async search(tx, q, p) {
      // Only the pregnancy status is kept as an observation, derived from the patient's record.
      const patient = patientParam(q);
      const code = single(q, "code");
      if (patient === false || (code !== null && code.replace(/^.*\|/, "") !== PREGNANCY_STATUS_LOINC))
        return none();
      const idParam = single(q, "_id");
      const fromIds =
        idParam === null
          ? null
          : idParam
              .split(",")
              .map((id) => id.replace(/^pregnancy-/, ""))
              .filter((id) => UUID.test(id));
      if (fromIds !== null && fromIds.length === 0) return none();
      const found = await searchPatientRecords(
        tx,
        {
          ids: fromIds ?? (patient ? [patient] : null),
          name: null,
          birthdate: null,
          identifierSystem: null,
          identifierValue: null,
        },
        { limit: 100_000, offset: 0 },
      );
      const all = found.rows
        .filter((r) => patient === null || r.id === patient)
        .map(toFhirPregnancyObservation)
        .filter((o): o is FhirResource => o !== null);
      return { rows: all.slice(p.offset, p.offset + p.limit), total: all.length };
    },
  },
  {
    type: "Consent",
    params: { patient: "reference" },
    available: (tx) => tableExists(tx, "consents"),
    async search(tx, q, p) {
      const s = byPatient(q);
      return s ? map(await searchConsentRecords(tx, s, p), toFhirConsent) : none();
    },
  },
  {
    type: "Procedure",
    params: { patient: "reference", date: "date" },
    available: (tx) => tableExists(tx, "session_charts"),
    async search(tx, q, p) {
      const s = byPatient(q);
      return s ? map(await searchChartRecords(tx, s, p), toFhirProcedure) : none();
    },
  },
];

export function resourceType(type: string): ResourceType {
  const r = RESOURCES.find((x) => x.type === type);
  if (!r) throw new FhirError(404, "not-supported", `resource type ${type} is not served here`, null);
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
export async function readResource(tx: Tx, type: string, id: string): Promise<FhirResource | null> {
  const r = resourceType(type);
  if (!(await r.available(tx))) return null;
  if (!/^[A-Za-z0-9\-.]{1,64}$/.test(id)) return null;
  if (!UUID.test(id.replace(/^pregnancy-/, ""))) return null;
  const found = await r.search(tx, { _id: id }, { limit: 1, offset: 0 });
  return found.rows[0] ?? null;
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

/** GET [base]/[type]?params: a searchset Bundle with self/first/previous/next links. */
export async function searchResources(tx: Tx, type: string, q: Query, base: string): Promise<Bundle> {
  const r = resourceType(type);
  checkParams(r, q);
  const p = page(q);
  const found = (await r.available(tx)) ? await r.search(tx, q, p) : none<FhirResource>();
  const url = (offset: number) =>
    `${base}/${type}?${queryString(q, { _count: String(p.limit), _offset: String(offset) })}`;
  const link = [
    { relation: "self", url: url(p.offset) },
    { relation: "first", url: url(0) },
  ];
  if (p.offset > 0) link.push({ relation: "previous", url: url(Math.max(0, p.offset - p.limit)) });
  if (p.limit > 0 && p.offset + p.limit < found.total)
    link.push({ relation: "next", url: url(p.offset + p.limit) });
  if (p.limit > 0 && found.total > 0)
    link.push({ relation: "last", url: url(Math.floor((found.total - 1) / p.limit) * p.limit) });
  return {
    resourceType: "Bundle",
    type: "searchset",
    total: found.total,
    link,
    entry: found.rows.map((resource) => ({
      fullUrl: `${base}/${type}/${resource.id}`,
      resource,
      search: { mode: "match" as const },
    })),
  };
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
            "Staff of one clinic, signed in with a Remodel session; every read is audited. Bulk export ($export) needs the owner role.",
        },
        resource: RESOURCES.map((r) => ({
          type: r.type,
          interaction: [{ code: "read" }, { code: "search-type" }],
          searchParam: [
            { name: "_id", type: "token" },
            ...Object.entries(r.params).map(([name, type]) => ({ name, type })),
          ],
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
