/** The clinic's directory as FHIR: Patient, Practitioner, Organization, Location. */
import type {
  ClinicRecord,
  LocationRecord,
  PatientRecord,
  ProviderRecord,
} from "../../domain/stored-records.ts";
import { type FhirResource, REMODEL_CANONICAL } from "../fhir-types.ts";
import { compact, maxDepthExtension, meta, ref } from "./shared.ts";

/** Kept for callers that only need the Practitioner. */
export type PractitionerRecord = Omit<ProviderRecord, "clinicId" | "hours">;

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
