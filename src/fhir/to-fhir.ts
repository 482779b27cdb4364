/**
 * Remodel rows -> FHIR R4 resources. Pure functions: the caller loads the stored records
 * (src/domain/stored-records.ts, through source.ts) and passes them in. Every resource produced here is checked against the official R4 JSON schema in
 * the tests. References are relative (`Patient/<id>`), ids are Remodel's own uuids.
 */
import type {
  AllergyRecord,
  AppointmentRecord,
  AppointmentStatus,
  AuditRecord,
  ChartRecord,
  ClinicRecord,
  ConditionRecord,
  ConsentRecord,
  DocumentRecord,
  IntakeRecord,
  LocationRecord,
  MedicationRecord,
  ObservationRecord,
  PatientRecord,
  PlanRecord,
  ProviderRecord,
} from "../domain/stored-records.ts";
import {
  type CodeableConcept,
  type Coding,
  DEPTH_RANGE_EXTENSION,
  type FhirResource,
  IN_TREATMENT_AREA_EXTENSION,
  MAX_NEEDLE_DEPTH_EXTENSION,
  NOT_PREGNANT_SNOMED,
  PREGNANCY_STATUS_LOINC,
  PREGNANT_SNOMED,
  PRESCRIBED_EXTENSION,
  PROTOCOL_CONDITION_SYSTEM,
  REMODEL_CANONICAL,
  SYSTEMS,
  ZONE_SYSTEM,
} from "./fhir-types.ts";
import { SNOMED_ROUTE_CODES } from "./medication-text.ts";

/** Kept for callers that only need the Practitioner. */
export type PractitionerRecord = Omit<ProviderRecord, "clinicId" | "hours">;

const ref = (type: string, id: string) => ({ reference: `${type}/${id}` });
const meta = (updatedAt: Date) => ({ lastUpdated: updatedAt.toISOString() });
const compact = <T extends Record<string, unknown>>(o: T): T =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined)) as T;

export function toFhirPatient(p: PatientRecord): FhirResource {
  const telecom = [
    ...(p.phone ? [{ system: "phone", value: p.phone }] : []),
    ...(p.email ? [{ system: "email", value: p.email }] : []),
  ];
  return compact({
    resourceType: "Patient",
    id: p.id,
    meta: meta(p.updatedAt),
    identifier:
      p.identifiers.length > 0 ? p.identifiers.map((i) => ({ system: i.system, value: i.value })) : null,
    active: true,
    name: [{ use: "official", family: p.familyName, given: [p.givenName] }],
    telecom: telecom.length > 0 ? telecom : null,
    gender: p.sex,
    birthDate: p.dateOfBirth,
  });
}

const mm = (value: number) => ({ value, unit: "mm", system: SYSTEMS.ucum, code: "mm" });

/** The licence depth limit, as an extension under Remodel's canonical base (docs/fhir.md). */
function maxDepthExtension(value: number) {
  return { url: MAX_NEEDLE_DEPTH_EXTENSION, valueQuantity: mm(value) };
}

export function toFhirPractitioner(u: PractitionerRecord): FhirResource {
  return compact({
    resourceType: "Practitioner",
    id: u.id,
    active: u.active,
    name: [{ text: u.name }],
    telecom: [{ system: "email", value: u.email, use: "work" }],
    qualification: u.credential
      ? [
          {
            code: {
              coding: [{ system: `${REMODEL_CANONICAL}/CodeSystem/credential`, code: u.credential }],
              text: u.credential,
            },
            // The deepest needle depth the licence allows; a chart deeper than this is refused.
            extension: u.maxNeedleDepthMm === null ? undefined : [maxDepthExtension(u.maxNeedleDepthMm)],
          },
        ]
      : null,
  });
}

export function toFhirOrganization(c: ClinicRecord): FhirResource {
  const telecom = [
    ...(c.phone ? [{ system: "phone", value: c.phone }] : []),
    ...(c.email ? [{ system: "email", value: c.email }] : []),
  ];
  return compact({
    resourceType: "Organization",
    id: c.id,
    active: true,
    name: c.name,
    telecom: telecom.length > 0 ? telecom : null,
  });
}

export function toFhirLocation(l: LocationRecord): FhirResource {
  return compact({
    resourceType: "Location",
    id: l.id,
    status: "active",
    name: l.name,
    address: l.address ? { text: l.address } : null,
    managingOrganization: ref("Organization", l.clinicId),
    extension: [{ url: "http://hl7.org/fhir/StructureDefinition/timezone", valueCode: l.timeZone }],
  });
}

const APPOINTMENT_STATUS: Record<AppointmentStatus, string> = {
  booked: "booked",
  checked_in: "arrived",
  completed: "fulfilled",
  cancelled: "cancelled",
  no_show: "noshow",
};

export function toFhirAppointment(a: AppointmentRecord): FhirResource {
  const participant: Record<string, unknown>[] = [
    { actor: ref("Patient", a.patientId), required: "required", status: "accepted" },
    { actor: ref("Location", a.locationId), required: "required", status: "accepted" },
  ];
  if (a.providerId)
    participant.push({ actor: ref("Practitioner", a.providerId), required: "required", status: "accepted" });
  return {
    resourceType: "Appointment",
    id: a.id,
    status: APPOINTMENT_STATUS[a.status],
    serviceType: [
      {
        coding: [{ system: `${REMODEL_CANONICAL}/CodeSystem/appointment-kind`, code: a.typeKind }],
        text: a.typeName,
      },
    ],
    start: a.startsAt.toISOString(),
    end: a.endsAt.toISOString(),
    minutesDuration: Math.round((a.endsAt.getTime() - a.startsAt.getTime()) / 60_000),
    created: a.createdAt.toISOString(),
    participant,
  };
}

const CLINICAL_STATUS: Record<ConditionRecord["status"], string> = {
  active: "active",
  resolved: "resolved",
  // A condition known only as past history: no longer active, not known to be cured.
  history: "inactive",
};

const SEVERITY: Record<string, Coding> = {
  mild: { system: SYSTEMS.snomed, code: "255604002", display: "Mild" },
  moderate: { system: SYSTEMS.snomed, code: "6736007", display: "Moderate" },
  severe: { system: SYSTEMS.snomed, code: "24484000", display: "Severe" },
};

/**
 * Where a condition is: the treatment zones it was placed on, coded as the intake questionnaire
 * codes them, and the free-text site. "not-sure" and "elsewhere" name no site; whether the
 * condition is in the treatment area travels in its extension.
 */
function conditionSites(c: ConditionRecord): { coding?: Coding[]; text: string }[] | null {
  const zones = (c.zones ?? []).filter((z) => z !== "not-sure" && z !== "elsewhere");
  const sites = [
    ...zones.map((z) => ({ coding: [{ system: ZONE_SYSTEM, code: z }], text: z })),
    ...(c.site ? [{ text: c.site }] : []),
  ];
  return sites.length > 0 ? sites : null;
}

export function toFhirCondition(c: ConditionRecord): FhirResource {
  const coding: Coding[] = [];
  if (c.conditionId) coding.push({ system: PROTOCOL_CONDITION_SYSTEM, code: c.conditionId });
  if (c.icd10cm) coding.push({ system: SYSTEMS.icd10cm, code: c.icd10cm });
  if (c.snomed) coding.push({ system: SYSTEMS.snomed, code: c.snomed });
  const severity = c.severity ? SEVERITY[c.severity] : undefined;
  return compact({
    resourceType: "Condition",
    id: c.id,
    meta: meta(c.updatedAt),
    extension: [{ url: IN_TREATMENT_AREA_EXTENSION, valueBoolean: c.inTreatmentArea }],
    clinicalStatus: { coding: [{ system: SYSTEMS.conditionClinical, code: CLINICAL_STATUS[c.status] }] },
    verificationStatus: { coding: [{ system: SYSTEMS.conditionVerification, code: "confirmed" }] },
    category: [
      {
        coding: [
          {
            system: "http://terminology.hl7.org/CodeSystem/condition-category",
            code: "problem-list-item",
          },
        ],
      },
    ],
    severity: severity ? { coding: [severity], text: c.severity } : null,
    code: { ...(coding.length > 0 ? { coding } : {}), text: c.label },
    bodySite: conditionSites(c),
    subject: ref("Patient", c.patientId),
    onsetDateTime: c.onset,
    abatementDateTime: c.resolved,
  });
}

export function toFhirMedicationStatement(m: MedicationRecord): FhirResource {
  const coding: Coding[] = m.rxnorm ? [{ system: SYSTEMS.rxnorm, code: m.rxnorm }] : [];
  const route = SNOMED_ROUTE_CODES[m.route];
  const medication: CodeableConcept = {
    ...(coding.length > 0 ? { coding } : {}),
    text: m.product ?? m.ingredient,
  };
  const period = compact({ start: m.started, end: m.lastTaken });
  return compact({
    resourceType: "MedicationStatement",
    id: m.id,
    meta: meta(m.updatedAt),
    extension: [{ url: PRESCRIBED_EXTENSION, valueBoolean: m.prescribed }],
    status: m.ongoing ? "active" : "completed",
    medicationCodeableConcept: medication,
    subject: ref("Patient", m.patientId),
    effectivePeriod: Object.keys(period).length > 0 ? period : null,
    reasonCode: m.indication ? [{ text: m.indication }] : null,
    dosage: [
      {
        text: m.ingredient,
        route: route
          ? { coding: [{ system: SYSTEMS.snomed, code: route.code, display: route.display }], text: m.route }
          : { text: m.route },
      },
    ],
  });
}

/** The id of the pregnancy-status Observation derived from a patient's recorded state. */
export const pregnancyObservationId = (patientId: string) => `pregnancy-${patientId}`;

/** Pregnancy status (LOINC 82810-3), or null when the patient's state is unknown. */
export function toFhirPregnancyObservation(
  p: Pick<PatientRecord, "id" | "pregnant" | "updatedAt">,
): FhirResource | null {
  if (p.pregnant === null) return null;
  const answer = p.pregnant
    ? { system: SYSTEMS.snomed, code: PREGNANT_SNOMED, display: "Pregnant" }
    : { system: SYSTEMS.snomed, code: NOT_PREGNANT_SNOMED, display: "Not pregnant" };
  return {
    resourceType: "Observation",
    id: pregnancyObservationId(p.id),
    meta: meta(p.updatedAt),
    status: "final",
    category: [{ coding: [{ system: SYSTEMS.observationCategory, code: "social-history" }] }],
    code: { coding: [{ system: SYSTEMS.loinc, code: PREGNANCY_STATUS_LOINC, display: "Pregnancy status" }] },
    subject: ref("Patient", p.id),
    effectiveDateTime: p.updatedAt.toISOString(),
    valueCodeableConcept: { coding: [answer] },
  };
}

export function toFhirConsent(c: ConsentRecord): FhirResource {
  const photo = c.kind === "photo";
  return {
    resourceType: "Consent",
    id: c.id,
    status: "active",
    scope: {
      coding: [{ system: SYSTEMS.consentScope, code: photo ? "patient-privacy" : "treatment" }],
    },
    category: [{ coding: [{ system: SYSTEMS.loinc, code: "59284-0", display: "Patient Consent" }] }],
    patient: ref("Patient", c.patientId),
    dateTime: c.signedAt.toISOString(),
    policyRule: {
      coding: [
        {
          system: `${REMODEL_CANONICAL}/CodeSystem/consent-template`,
          code: photo ? `photo-${c.photoScope ?? "clinical"}` : "microneedling",
        },
      ],
      text: `${c.kind} consent, template version ${c.templateVersion}`,
    },
  };
}

const PROCEDURE_STATUS: Record<string, string> = {
  open: "in-progress",
  stopped: "stopped",
  signed: "completed",
};

/** A session chart as a Procedure: one body site per treated zone, with depth and passes in a note. */
export function toFhirProcedure(c: ChartRecord): FhirResource {
  const zones = Array.isArray(c.zones) ? (c.zones as Record<string, unknown>[]) : [];
  const sites = zones
    .map((z) => (typeof z?.zone === "string" ? z : null))
    .filter((z): z is Record<string, unknown> => z !== null);
  const notes = sites.map((z) => {
    const depth = typeof z.depthMm === "number" ? `${z.depthMm} mm` : "depth not recorded";
    const passes = typeof z.passes === "number" ? `${z.passes} passes` : "passes not recorded";
    return { text: `${String(z.zone)}: ${depth}, ${passes}` };
  });
  return compact({
    resourceType: "Procedure",
    id: c.id,
    status: PROCEDURE_STATUS[c.status] ?? "unknown",
    code: {
      coding: [{ system: `${REMODEL_CANONICAL}/CodeSystem/procedure`, code: "microneedling" }],
      text: "Microneedling (percutaneous collagen induction)",
    },
    subject: ref("Patient", c.patientId),
    performedDateTime: c.sessionDate,
    performer: [{ actor: ref("Practitioner", c.providerId) }],
    bodySite: sites.length > 0 ? sites.map((z) => ({ text: String(z.zone) })) : null,
    focalDevice: c.deviceId ? [{ manipulated: ref("Device", c.deviceId) }] : null,
    outcome: c.endpoint ? { text: `endpoint: ${c.endpoint}` } : null,
    note: notes.length > 0 ? notes : null,
    extension: c.appointmentId
      ? [
          {
            url: `${REMODEL_CANONICAL}/StructureDefinition/appointment`,
            valueReference: ref("Appointment", c.appointmentId),
          },
        ]
      : null,
  });
}

// ---------------------------------------------------------------------------------------------
// PractitionerRole, Schedule, Slot
// ---------------------------------------------------------------------------------------------

const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
const unique = <T>(xs: readonly T[]) => [...new Set(xs)];

/** One PractitionerRole per provider: where and when they work, and their licence depth limit. */
export function toFhirPractitionerRole(p: ProviderRecord): FhirResource {
  const byTime = new Map<string, { days: string[]; starts: string; ends: string }>();
  for (const h of [...p.hours].sort((a, b) => a.weekday - b.weekday)) {
    const key = `${h.starts}-${h.ends}`;
    const slot = byTime.get(key) ?? { days: [], starts: h.starts, ends: h.ends };
    const day = WEEKDAYS[h.weekday - 1];
    if (day && !slot.days.includes(day)) slot.days.push(day);
    byTime.set(key, slot);
  }
  return compact({
    resourceType: "PractitionerRole",
    id: p.id,
    extension: p.maxNeedleDepthMm === null ? null : [maxDepthExtension(p.maxNeedleDepthMm)],
    active: p.active,
    practitioner: { ...ref("Practitioner", p.id), display: p.name },
    organization: ref("Organization", p.clinicId),
    code: [
      {
        coding: [{ system: `${REMODEL_CANONICAL}/CodeSystem/staff-role`, code: p.role }],
        ...(p.credential ? { text: p.credential } : {}),
      },
    ],
    specialty: p.credential
      ? [{ coding: [{ system: `${REMODEL_CANONICAL}/CodeSystem/credential`, code: p.credential }] }]
      : null,
    location:
      p.hours.length > 0 ? unique(p.hours.map((h) => h.locationId)).map((l) => ref("Location", l)) : null,
    telecom: [{ system: "email", value: p.email, use: "work" }],
    availableTime:
      byTime.size > 0
        ? [...byTime.values()].map((t) => ({
            daysOfWeek: t.days,
            availableStartTime: t.starts,
            availableEndTime: t.ends,
          }))
        : null,
  });
}

/** A provider's Schedule: the Slots of their working hours at each location they work at. */
export function toFhirSchedule(p: ProviderRecord): FhirResource {
  return {
    resourceType: "Schedule",
    id: p.id,
    active: p.active,
    actor: [
      { ...ref("Practitioner", p.id), display: p.name },
      ...unique(p.hours.map((h) => h.locationId)).map((l) => ref("Location", l)),
    ],
    comment: "Working hours of the provider, split into free and busy slots",
  };
}

export interface SlotRecord {
  providerId: string;
  locationId: string;
  start: number;
  end: number;
  status: "free" | "busy" | "busy-unavailable";
}

/** A slot's id names its schedule and start minute, so that a read can compute it again. */
export const slotId = (providerId: string, start: number) => `${providerId}-${Math.floor(start / 60_000)}`;

export function parseSlotId(id: string): { providerId: string; start: number } | null {
  const m = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})-(\d{1,10})$/i.exec(id);
  return m ? { providerId: m[1]!.toLowerCase(), start: Number(m[2]) * 60_000 } : null;
}

export function toFhirSlot(s: SlotRecord): FhirResource {
  return {
    resourceType: "Slot",
    id: slotId(s.providerId, s.start),
    schedule: ref("Schedule", s.providerId),
    status: s.status,
    start: new Date(s.start).toISOString(),
    end: new Date(s.end).toISOString(),
    extension: [
      {
        url: "http://hl7.org/fhir/StructureDefinition/event-location",
        valueReference: ref("Location", s.locationId),
      },
    ],
  };
}

// ---------------------------------------------------------------------------------------------
// AllergyIntolerance
// ---------------------------------------------------------------------------------------------

export function toFhirAllergyIntolerance(a: AllergyRecord): FhirResource {
  const coding: Coding[] = a.codings
    .filter((c) => c.code)
    .map((c) => compact({ system: c.system, code: c.code, display: c.display }) as Coding);
  if (a.conditionId) coding.unshift({ system: PROTOCOL_CONDITION_SYSTEM, code: a.conditionId });
  return compact({
    resourceType: "AllergyIntolerance",
    id: a.id,
    meta: meta(a.updatedAt),
    clinicalStatus: { coding: [{ system: SYSTEMS.allergyClinical, code: a.clinicalStatus }] },
    verificationStatus: { coding: [{ system: SYSTEMS.allergyVerification, code: a.verificationStatus }] },
    type: a.kind,
    category: a.category ? [a.category] : null,
    criticality: a.criticality,
    code: { ...(coding.length > 0 ? { coding } : {}), text: a.label },
    patient: ref("Patient", a.patientId),
    onsetDateTime: a.onset,
    recordedDate: a.recordedOn,
  });
}

// ---------------------------------------------------------------------------------------------
// Questionnaire and QuestionnaireResponse (the intake)
// ---------------------------------------------------------------------------------------------

export const INTAKE_QUESTIONNAIRE_ID = "intake";
export const INTAKE_QUESTIONNAIRE_URL = `${REMODEL_CANONICAL}/Questionnaire/${INTAKE_QUESTIONNAIRE_ID}`;

export interface IntakeQuestionnaireDefinition {
  conditions: { id: string; label: string }[];
  indications: { id: string; label: string; zones: string[] }[];
  zones: { id: string; label: string; face: boolean }[];
  fitzpatrick: { value: string; description: string }[];
}

const option = (system: string, code: string, display?: string) => ({
  valueCoding: compact({ system, code, display }),
});
const LOCAL = (name: string) => `${REMODEL_CANONICAL}/CodeSystem/${name}`;
const CONDITION_STATUSES = ["active", "resolved", "history"];
const SEVERITIES = ["mild", "moderate", "severe"];
const ROUTES = ["oral", "topical", "subcutaneous", "intravenous"];

/** The intake questionnaire as the protocol builds it: linkIds are the answer fields' names. */
export function toFhirQuestionnaire(q: IntakeQuestionnaireDefinition, protocolVersion: string): FhirResource {
  const choice = (linkId: string, text: string, options: object[], extra: object = {}) => ({
    linkId,
    text,
    type: "choice",
    answerOption: options,
    ...extra,
  });
  return {
    resourceType: "Questionnaire",
    id: INTAKE_QUESTIONNAIRE_ID,
    url: INTAKE_QUESTIONNAIRE_URL,
    version: protocolVersion,
    name: "RemodelIntake",
    title: "Microneedling intake questionnaire",
    status: "active",
    subjectType: ["Patient"],
    publisher: "Remodel",
    description: "What a patient is asked before a consultation, built from the clinic's protocol.",
    item: [
      { linkId: "pregnant", text: "Are you pregnant?", type: "boolean" },
      { linkId: "breastfeeding", text: "Are you breastfeeding?", type: "boolean" },
      { linkId: "deliveryDate", text: "Date of delivery, if you gave birth recently", type: "date" },
      choice(
        "fitzpatrick",
        "Skin type (Fitzpatrick)",
        q.fitzpatrick.map((f) => option(LOCAL("fitzpatrick"), f.value, f.description)),
        { required: true },
      ),
      {
        linkId: "conditions",
        text: "Conditions",
        type: "group",
        repeats: true,
        item: [
          choice(
            "conditions.conditionId",
            "Condition",
            q.conditions.map((c) => option(PROTOCOL_CONDITION_SYSTEM, c.id, c.label)),
            { required: true },
          ),
          choice(
            "conditions.status",
            "Status",
            CONDITION_STATUSES.map((s) => option(LOCAL("condition-status"), s)),
          ),
          { linkId: "conditions.site", text: "Where", type: "string" },
          { linkId: "conditions.inTreatmentArea", text: "In the area to be treated", type: "boolean" },
          choice(
            "conditions.severity",
            "Severity",
            SEVERITIES.map((s) => option(LOCAL("severity"), s)),
          ),
          { linkId: "conditions.onset", text: "Since", type: "date" },
          { linkId: "conditions.resolved", text: "Resolved on", type: "date" },
        ],
      },
      {
        linkId: "medications",
        text: "Medications",
        type: "group",
        repeats: true,
        item: [
          { linkId: "medications.ingredient", text: "Medication", type: "string", required: true },
          { linkId: "medications.product", text: "Product name", type: "string" },
          choice(
            "medications.route",
            "Taken how",
            ROUTES.map((r) => option(LOCAL("route"), r)),
          ),
          { linkId: "medications.prescribed", text: "Prescribed", type: "boolean" },
          { linkId: "medications.ongoing", text: "Still taking it", type: "boolean" },
          { linkId: "medications.lastTaken", text: "Last taken", type: "date" },
        ],
      },
      {
        linkId: "history",
        text: "History",
        type: "group",
        item: [
          { linkId: "history.keloids", text: "Have you had keloid scars?", type: "boolean" },
          { linkId: "history.coldSores", text: "Do you get cold sores?", type: "boolean" },
        ],
      },
      {
        linkId: "concerns",
        text: "What would you like treated?",
        type: "group",
        repeats: true,
        item: [
          choice(
            "concerns.indication",
            "Concern",
            q.indications.map((i) => option(LOCAL("indication"), i.id, i.label)),
            { required: true },
          ),
          choice(
            "concerns.zones",
            "Areas",
            q.zones.map((z) => option(ZONE_SYSTEM, z.id, z.label)),
            { repeats: true },
          ),
        ],
      },
    ],
  };
}

type Answer = Record<string, unknown>;

/** One answer of the right type for a value as stored, or none for null/unknown shapes. */
function answerOf(v: unknown, kind: "boolean" | "date" | "string" | "coding", system?: string): Answer[] {
  if (v === null || v === undefined) return [];
  if (kind === "boolean") return typeof v === "boolean" ? [{ valueBoolean: v }] : [];
  if (kind === "date")
    return typeof v === "string" && /^\d{4}-\d{2}-\d{2}$/.test(v) ? [{ valueDate: v }] : [];
  if (kind === "string") return typeof v === "string" && v.trim() ? [{ valueString: v }] : [];
  return typeof v === "string" || typeof v === "number" ? [{ valueCoding: { system, code: String(v) } }] : [];
}

function answered(linkId: string, answer: Answer[]) {
  return answer.length > 0 ? [{ linkId, answer }] : [];
}

const records = (v: unknown): Record<string, unknown>[] =>
  Array.isArray(v) ? v.filter((x): x is Record<string, unknown> => typeof x === "object" && x !== null) : [];

/** One intake submission, answers under the questionnaire's linkIds. */
export function toFhirQuestionnaireResponse(r: IntakeRecord): FhirResource {
  const a = (typeof r.answers === "object" && r.answers !== null ? r.answers : {}) as Record<string, unknown>;
  const history = (typeof a.history === "object" && a.history !== null ? a.history : {}) as Record<
    string,
    unknown
  >;
  const item: Record<string, unknown>[] = [
    ...answered("pregnant", answerOf(a.pregnant, "boolean")),
    ...answered("breastfeeding", answerOf(a.breastfeeding, "boolean")),
    ...answered("deliveryDate", answerOf(a.deliveryDate, "date")),
    ...answered("fitzpatrick", answerOf(a.fitzpatrick, "coding", LOCAL("fitzpatrick"))),
    ...records(a.conditions).map((c) => ({
      linkId: "conditions",
      item: [
        ...answered("conditions.conditionId", answerOf(c.conditionId, "coding", PROTOCOL_CONDITION_SYSTEM)),
        ...answered("conditions.status", answerOf(c.status, "coding", LOCAL("condition-status"))),
        ...answered("conditions.site", answerOf(c.site, "string")),
        ...answered("conditions.inTreatmentArea", answerOf(c.inTreatmentArea, "boolean")),
        ...answered("conditions.severity", answerOf(c.severity, "coding", LOCAL("severity"))),
        ...answered("conditions.onset", answerOf(c.onset, "date")),
        ...answered("conditions.resolved", answerOf(c.resolved, "date")),
      ],
    })),
    ...records(a.medications).map((m) => ({
      linkId: "medications",
      item: [
        ...answered("medications.ingredient", answerOf(m.ingredient, "string")),
        ...answered("medications.product", answerOf(m.product, "string")),
        ...answered("medications.route", answerOf(m.route, "coding", LOCAL("route"))),
        ...answered("medications.prescribed", answerOf(m.prescribed, "boolean")),
        ...answered("medications.ongoing", answerOf(m.ongoing, "boolean")),
        ...answered("medications.lastTaken", answerOf(m.lastTaken, "date")),
      ],
    })),
    {
      linkId: "history",
      item: [
        ...answered("history.keloids", answerOf(history.keloids, "boolean")),
        ...answered("history.coldSores", answerOf(history.coldSores, "boolean")),
      ],
    },
    ...records(a.concerns).map((c) => ({
      linkId: "concerns",
      item: [
        ...answered("concerns.indication", answerOf(c.indication, "coding", LOCAL("indication"))),
        ...answered(
          "concerns.zones",
          (Array.isArray(c.zones) ? c.zones : []).flatMap((z) => answerOf(z, "coding", ZONE_SYSTEM)),
        ),
      ],
    })),
  ].filter((i) => !("item" in i) || i.item.length > 0);
  return {
    resourceType: "QuestionnaireResponse",
    id: r.id,
    meta: meta(r.submittedAt),
    questionnaire: `${INTAKE_QUESTIONNAIRE_URL}|${r.protocolVersion}`,
    status: "completed",
    subject: ref("Patient", r.patientId),
    authored: r.submittedAt.toISOString(),
    author: r.submitterPatientId ? ref("Patient", r.submitterPatientId) : ref("Practitioner", r.submittedBy),
    extension: [{ url: `${REMODEL_CANONICAL}/StructureDefinition/intake-version`, valueInteger: r.version }],
    ...(item.length > 0 ? { item } : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// CarePlan (the treatment series)
// ---------------------------------------------------------------------------------------------

const PLAN_STATUS: Record<PlanRecord["status"], string> = {
  proposed: "draft",
  accepted: "active",
  withdrawn: "revoked",
};

/** A treatment plan: the session series (count and interval), and each zone with its depth range. */
export function toFhirCarePlan(p: PlanRecord): FhirResource {
  const zones = records(p.zones).filter((z) => typeof z.zone === "string");
  const concerns = records(p.concerns)
    .map((c) => (typeof c.indication === "string" ? c.indication : null))
    .filter((c): c is string => c !== null);
  const series = {
    detail: {
      kind: "ServiceRequest",
      code: {
        coding: [{ system: `${REMODEL_CANONICAL}/CodeSystem/procedure`, code: "microneedling" }],
        text: "Microneedling session",
      },
      status: p.status === "withdrawn" ? "cancelled" : "not-started",
      scheduledTiming: {
        repeat: { count: p.sessions, frequency: 1, period: p.intervalWeeks, periodUnit: "wk" },
      },
      description: `${p.sessions} sessions, ${p.intervalWeeks} weeks apart${
        p.maintenanceMonths ? `; maintenance every ${p.maintenanceMonths} months` : ""
      }`,
    },
  };
  const perZone = zones.map((z) => {
    const min = typeof z.minMm === "number" ? z.minMm : null;
    const max = typeof z.maxMm === "number" ? z.maxMm : null;
    return {
      detail: compact({
        kind: "ServiceRequest",
        extension:
          min !== null && max !== null
            ? [{ url: DEPTH_RANGE_EXTENSION, valueRange: { low: mm(min), high: mm(max) } }]
            : null,
        code: {
          coding: [{ system: `${REMODEL_CANONICAL}/CodeSystem/zone`, code: String(z.zone) }],
          text: String(z.zone),
        },
        status: p.status === "withdrawn" ? "cancelled" : "not-started",
        description:
          min !== null && max !== null ? `${String(z.zone)}: ${min}–${max} mm` : `${String(z.zone)}`,
      }),
    };
  });
  return compact({
    resourceType: "CarePlan",
    id: p.id,
    meta: meta(p.acceptedAt ?? p.createdAt),
    status: PLAN_STATUS[p.status],
    intent: "plan",
    title: "Microneedling treatment series",
    description: concerns.length > 0 ? `For: ${concerns.join(", ")}` : null,
    subject: ref("Patient", p.patientId),
    created: p.createdAt.toISOString(),
    author: ref("Practitioner", p.createdBy),
    extension: [
      { url: `${REMODEL_CANONICAL}/StructureDefinition/protocol-version`, valueString: p.protocolVersion },
      {
        url: `${REMODEL_CANONICAL}/StructureDefinition/price`,
        valueMoney: { value: p.priceCents / 100 },
      },
    ],
    activity: [series, ...perZone],
  });
}

// ---------------------------------------------------------------------------------------------
// Observation: pregnancy status, Fitzpatrick skin type, outcome scores
// ---------------------------------------------------------------------------------------------

/**
 * No LOINC or SNOMED CT code for the Fitzpatrick skin type could be confirmed in a terminology
 * browser while this was written, so it is coded locally (as the protocol asks for unverified
 * codes); a confirmed standard code can be added beside it later without breaking readers.
 */
export const FITZPATRICK_CODE = {
  system: `${REMODEL_CANONICAL}/CodeSystem/observation`,
  code: "fitzpatrick",
};
export const OUTCOME_SCALE_SYSTEM = `${REMODEL_CANONICAL}/CodeSystem/outcome-scale`;
export const fitzpatrickObservationId = (patientId: string) => `fitzpatrick-${patientId}`;

export function toFhirObservation(
  o: ObservationRecord,
  scaleNames: ReadonlyMap<string, string> = new Map(),
): FhirResource | null {
  if (o.kind === "pregnancy") {
    return toFhirPregnancyObservation({ id: o.patientId, pregnant: o.pregnant, updatedAt: o.updatedAt });
  }
  if (o.kind === "fitzpatrick") {
    if (o.fitzpatrick === null) return null;
    return {
      resourceType: "Observation",
      id: fitzpatrickObservationId(o.patientId),
      meta: meta(o.updatedAt),
      status: "final",
      category: [{ coding: [{ system: SYSTEMS.observationCategory, code: "exam" }] }],
      code: {
        coding: [{ ...FITZPATRICK_CODE, display: "Fitzpatrick skin type" }],
        text: "Fitzpatrick skin type",
      },
      subject: ref("Patient", o.patientId),
      effectiveDateTime: o.updatedAt.toISOString(),
      valueCodeableConcept: {
        coding: [{ system: `${REMODEL_CANONICAL}/CodeSystem/fitzpatrick`, code: o.fitzpatrick }],
        text: `Type ${o.fitzpatrick}`,
      },
    };
  }
  const scale = o.scaleId ?? "unknown";
  return compact({
    resourceType: "Observation",
    id: o.id,
    meta: meta(o.updatedAt),
    status: "final",
    category: [
      { coding: [{ system: SYSTEMS.observationCategory, code: o.rater === "patient" ? "survey" : "exam" }] },
    ],
    code: {
      coding: [
        {
          system: OUTCOME_SCALE_SYSTEM,
          code: scale,
          ...(scaleNames.has(scale) ? { display: scaleNames.get(scale) } : {}),
        },
      ],
      text: scaleNames.get(scale) ?? scale,
    },
    subject: ref("Patient", o.patientId),
    effectiveDateTime: o.recordedOn,
    issued: o.updatedAt.toISOString(),
    performer: o.recordedBy ? [ref("Practitioner", o.recordedBy)] : null,
    valueQuantity:
      o.value === null ? null : { value: o.value, system: SYSTEMS.ucum, code: "{score}", unit: "score" },
    method: o.rater ? { coding: [{ system: `${REMODEL_CANONICAL}/CodeSystem/rater`, code: o.rater }] } : null,
    partOf: o.chartId ? [ref("Procedure", o.chartId)] : null,
    basedOn: o.planId ? [ref("CarePlan", o.planId)] : null,
  });
}

// ---------------------------------------------------------------------------------------------
// DocumentReference: photos and signed consent PDFs, as links to the signed-in routes
// ---------------------------------------------------------------------------------------------

export const photoDocumentId = (id: string) => `photo-${id}`;
export const consentDocumentId = (id: string) => `consent-${id}`;

/**
 * `appBase` is the site's origin (the FHIR base without /fhir/r4). The bytes stay behind the
 * signed-in routes: a photo link opens in the clinical context, which the photo routes allow
 * for every photo of the patient and for clinicians only.
 */
export function toFhirDocumentReference(d: DocumentRecord, appBase: string): FhirResource {
  if (d.kind === "photo") {
    return compact({
      resourceType: "DocumentReference",
      id: photoDocumentId(d.id),
      meta: meta(d.createdAt),
      status: "current",
      type: {
        coding: [{ system: `${REMODEL_CANONICAL}/CodeSystem/document-type`, code: "clinical-photo" }],
        text: "Clinical photograph",
      },
      category: [
        {
          coding: [
            { system: `${REMODEL_CANONICAL}/CodeSystem/photo-consent-scope`, code: d.scope ?? "clinical" },
          ],
          text: `taken under a ${d.scope ?? "clinical"} photo consent`,
        },
      ],
      subject: ref("Patient", d.patientId),
      date: d.createdAt.toISOString(),
      description: `Photo, ${d.label} view`,
      content: [
        {
          attachment: {
            contentType: "image/jpeg",
            url: `${appBase}/api/photos/${d.id}/image?context=clinical`,
            title: `${d.label} ${d.day}`,
            creation: d.day,
          },
        },
      ],
      context: compact({
        related: [
          ...(d.consentId ? [ref("Consent", d.consentId)] : []),
          ...(d.chartId ? [ref("Procedure", d.chartId)] : []),
        ],
        period: { start: d.day },
      }),
    });
  }
  return compact({
    resourceType: "DocumentReference",
    id: consentDocumentId(d.id),
    meta: meta(d.createdAt),
    status: "current",
    type: { coding: [{ system: SYSTEMS.loinc, code: "59284-0", display: "Patient Consent" }] },
    subject: ref("Patient", d.patientId),
    date: d.createdAt.toISOString(),
    description: `Signed ${d.label} consent${d.templateVersion ? `, template version ${d.templateVersion}` : ""}`,
    content: [
      {
        attachment: {
          contentType: "application/pdf",
          url: `${appBase}/api/consents/${d.id}/pdf`,
          title: `${d.label} consent ${d.day}`,
          creation: d.createdAt.toISOString(),
        },
      },
    ],
    context: { related: [ref("Consent", d.id)] },
  });
}

// ---------------------------------------------------------------------------------------------
// AuditEvent
// ---------------------------------------------------------------------------------------------

/** C, R, U, D or E from Remodel's action names (`patient.read`, `chart.sign`, `fhir.search`). */
function auditAction(action: string): string {
  const verb = action.split(".").pop() ?? "";
  if (/^(create|import|book|upload|sign|add|record|submit|start)/.test(verb)) return "C";
  if (/^(read|list|view|search|gallery|download|deliveries)/.test(verb)) return "R";
  if (/^(update|reimport|cancel|reschedule|accept|withdraw|edit|change)/.test(verb)) return "U";
  if (/^(delete|remove|anonymise)/.test(verb)) return "D";
  return "E";
}

export function toFhirAuditEvent(a: AuditRecord, clinicId: string): FhirResource {
  const entity: Record<string, unknown>[] = [];
  if (a.patientId)
    entity.push({
      what: ref("Patient", a.patientId),
      type: { code: "1", system: "http://terminology.hl7.org/CodeSystem/audit-entity-type" },
    });
  if (a.resourceId && !(a.resourceType === "patient" && a.resourceId === a.patientId))
    entity.push({
      what: {
        identifier: { system: `${REMODEL_CANONICAL}/audit-resource/${a.resourceType}`, value: a.resourceId },
      },
    });
  return {
    resourceType: "AuditEvent",
    id: String(a.id),
    type: { system: SYSTEMS.dicomDcid, code: "110110", display: "Patient Record" },
    subtype: [{ system: `${REMODEL_CANONICAL}/CodeSystem/audit-action`, code: a.action }],
    action: auditAction(a.action),
    recorded: a.at.toISOString(),
    outcome: "0",
    agent: [
      compact({
        type: a.actorRole
          ? { coding: [{ system: `${REMODEL_CANONICAL}/CodeSystem/staff-role`, code: a.actorRole }] }
          : null,
        who:
          a.actorUserId && a.actorRole !== "patient"
            ? ref("Practitioner", a.actorUserId)
            : a.actorUserId
              ? {
                  identifier: { system: `${REMODEL_CANONICAL}/user`, value: a.actorUserId },
                  display: "patient portal user",
                }
              : { display: a.userAgent ?? "system" },
        requestor: true,
        network: a.ip ? { address: a.ip, type: "2" } : null,
      }),
    ],
    source: {
      observer: ref("Organization", clinicId),
      type: [{ system: "http://terminology.hl7.org/CodeSystem/security-source-type", code: "4" }],
    },
    ...(entity.length > 0 ? { entity } : {}),
  };
}
