/**
 * The small part of FHIR R4 JSON that Remodel reads and writes. Hand-written rather than generated:
 * inbound data is `unknown` and checked field by field (so every error can name its path), and
 * outbound resources are plain objects validated against the official R4 JSON schema in the tests.
 */

export const FHIR_VERSION = "4.0.1";
export const FHIR_JSON = "application/fhir+json";

/** Canonical base of Remodel's own code systems, extensions and identifier systems. */
export const REMODEL_CANONICAL = "https://remodel.health/fhir";
/** Our code system for the protocol's treatment zones (a condition's bodySite). */
export const ZONE_SYSTEM = `${REMODEL_CANONICAL}/CodeSystem/zone`;
export const PRESCRIBED_EXTENSION = `${REMODEL_CANONICAL}/StructureDefinition/prescribed`;
export const IN_TREATMENT_AREA_EXTENSION = `${REMODEL_CANONICAL}/StructureDefinition/in-treatment-area`;
/** The deepest needle depth (mm) a provider's licence allows: on Practitioner.qualification and PractitionerRole. */
export const MAX_NEEDLE_DEPTH_EXTENSION = `${REMODEL_CANONICAL}/StructureDefinition/max-needle-depth`;
/** A needle depth range (mm) for one zone of a treatment plan, on CarePlan.activity.detail. */
export const DEPTH_RANGE_EXTENSION = `${REMODEL_CANONICAL}/StructureDefinition/needle-depth-range`;
export const PROTOCOL_CONDITION_SYSTEM = `${REMODEL_CANONICAL}/CodeSystem/protocol-condition`;
export const REMODEL_ID_SYSTEM = "urn:remodel:id";
/** The system under which an imported resource's own id is kept, per origin. */
export const sourceIdSystem = (origin: string, resourceType: string) =>
  `urn:remodel:fhir-source:${origin}:${resourceType}`;

export interface Coding {
  system?: string;
  code?: string;
  display?: string;
}

export interface CodeableConcept {
  coding?: Coding[];
  text?: string;
}

export interface Reference {
  reference?: string;
  display?: string;
}

export interface Identifier {
  system?: string;
  value?: string;
  use?: string;
  type?: CodeableConcept;
}

export interface FhirResource {
  resourceType: string;
  id?: string;
  meta?: { lastUpdated?: string; versionId?: string; profile?: string[] };
  [key: string]: unknown;
}

export interface BundleEntry {
  fullUrl?: string;
  resource?: FhirResource;
  search?: { mode: "match" | "include" };
  request?: { method: string; url: string };
  response?: { status: string; location?: string };
}

export interface Bundle extends FhirResource {
  resourceType: "Bundle";
  type: string;
  total?: number;
  link?: { relation: string; url: string }[];
  entry?: BundleEntry[];
}

export const SYSTEMS = {
  snomed: "http://snomed.info/sct",
  icd10cm: "http://hl7.org/fhir/sid/icd-10-cm",
  rxnorm: "http://www.nlm.nih.gov/research/umls/rxnorm",
  loinc: "http://loinc.org",
  conditionClinical: "http://terminology.hl7.org/CodeSystem/condition-clinical",
  conditionVerification: "http://terminology.hl7.org/CodeSystem/condition-ver-status",
  observationCategory: "http://terminology.hl7.org/CodeSystem/observation-category",
  consentScope: "http://terminology.hl7.org/CodeSystem/consentscope",
  consentCategory: "http://loinc.org",
  v2IdentifierType: "http://terminology.hl7.org/CodeSystem/v2-0203",
  ucum: "http://unitsofmeasure.org",
  allergyClinical: "http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical",
  allergyVerification: "http://terminology.hl7.org/CodeSystem/allergyintolerance-verification",
  auditEventType: "http://terminology.hl7.org/CodeSystem/audit-event-type",
  dicomDcid: "http://dicom.nema.org/resources/ontology/DCM",
} as const;

/** LOINC 82810-3 "Pregnancy status"; SNOMED answers. */
export const PREGNANCY_STATUS_LOINC = "82810-3";
export const PREGNANT_SNOMED = "77386006";
export const NOT_PREGNANT_SNOMED = "60001007";
/** LOINC 63895-7 "Breastfeeding status". */
export const BREASTFEEDING_STATUS_LOINC = "63895-7";

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
