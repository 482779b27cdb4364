/**
 * Remodel rows -> FHIR R4 resources. Pure functions: the caller loads the rows (store.ts) and
 * passes them in. Every resource produced here is checked against the official R4 JSON schema in
 * the tests. References are relative (`Patient/<id>`), ids are Remodel's own uuids.
 */
import {
  type CodeableConcept,
  type Coding,
  type FhirResource,
  IN_TREATMENT_AREA_EXTENSION,
  NOT_PREGNANT_SNOMED,
  PREGNANCY_STATUS_LOINC,
  PREGNANT_SNOMED,
  PRESCRIBED_EXTENSION,
  PROTOCOL_CONDITION_SYSTEM,
  REMODEL_CANONICAL,
  SYSTEMS,
} from "./fhir-types.ts";
import { SNOMED_ROUTE_CODES } from "./medication-text.ts";

export interface PatientRecord {
  id: string;
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  sex: "female" | "male" | "other" | "unknown";
  email: string | null;
  phone: string | null;
  fitzpatrick: string | null;
  pregnant: boolean | null;
  breastfeeding: boolean | null;
  deliveryDate: string | null;
  updatedAt: Date;
  identifiers: { system: string; value: string }[];
}

export interface PractitionerRecord {
  id: string;
  name: string;
  email: string;
  role: string;
  credential: string | null;
  maxNeedleDepthMm: number | null;
  active: boolean;
}

export interface ClinicRecord {
  id: string;
  name: string;
  phone: string | null;
  email: string | null;
}

export interface LocationRecord {
  id: string;
  clinicId: string;
  name: string;
  address: string | null;
  timeZone: string;
}

export type AppointmentStatus = "booked" | "checked_in" | "completed" | "cancelled" | "no_show";

export interface AppointmentRecord {
  id: string;
  patientId: string;
  providerId: string | null;
  locationId: string;
  typeName: string;
  typeKind: string;
  status: AppointmentStatus;
  startsAt: Date;
  endsAt: Date;
  createdAt: Date;
}

export interface ConditionRecord {
  id: string;
  patientId: string;
  conditionId: string | null;
  label: string;
  icd10cm: string | null;
  snomed: string | null;
  status: "active" | "resolved" | "history";
  inTreatmentArea: boolean;
  site: string | null;
  severity: string | null;
  onset: string | null;
  resolved: string | null;
  updatedAt: Date;
}

export interface MedicationRecord {
  id: string;
  patientId: string;
  ingredient: string;
  product: string | null;
  rxnorm: string | null;
  route: string;
  prescribed: boolean;
  ongoing: boolean;
  lastTaken: string | null;
  started: string | null;
  indication: string | null;
  updatedAt: Date;
}

export interface ConsentRecord {
  id: string;
  patientId: string;
  kind: string;
  photoScope: string | null;
  templateVersion: number;
  signedAt: Date;
}

export interface ChartRecord {
  id: string;
  patientId: string;
  providerId: string;
  appointmentId: string | null;
  status: string;
  sessionDate: string;
  deviceId: string | null;
  zones: unknown;
  endpoint: string | null;
}

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
            extension:
              u.maxNeedleDepthMm === null
                ? undefined
                : [
                    {
                      url: `${REMODEL_CANONICAL}/StructureDefinition/max-needle-depth`,
                      valueQuantity: {
                        value: u.maxNeedleDepthMm,
                        unit: "mm",
                        system: "http://unitsofmeasure.org",
                        code: "mm",
                      },
                    },
                  ],
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
    bodySite: c.site ? [{ text: c.site }] : null,
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
export function toFhirPregnancyObservation(p: PatientRecord): FhirResource | null {
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
