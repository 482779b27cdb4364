/** The clinical profile and the session record as FHIR: Condition, MedicationStatement, the pregnancy Observation, Consent, Procedure, AllergyIntolerance. */
import type {
  AllergyRecord,
  ChartRecord,
  ConditionRecord,
  ConsentRecord,
  MedicationRecord,
  PatientRecord,
} from "../../domain/stored-records.ts";
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
  ZONE_SYSTEM,
} from "../fhir-types.ts";
import { SNOMED_ROUTE_CODES } from "../medication-text.ts";
import { compact, meta, ref } from "./shared.ts";

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
