/**
 * Wires the FHIR layer to the database: the reads (FhirReadSource) and import writes
 * (FhirImportTarget) that src/fhir asks for, each one repository function in the caller's
 * clinic-scoped transaction. src/fhir never imports src/db; this is where the two meet.
 */
import type { Tx } from "../../db/pool.ts";
import {
  applyImportedState,
  claimIdentifier,
  findPatientByIdentifier,
  insertImportedPatient,
  updateImportedPatient,
  upsertImportedAllergy,
  upsertImportedCondition,
  upsertImportedMedication,
} from "../../db/repositories/fhir-import.repository.ts";
import {
  getFhirClinic,
  listProviderBusy,
  searchFhirAllergies,
  searchFhirAppointments,
  searchFhirAudit,
  searchFhirCharts,
  searchFhirConditions,
  searchFhirConsents,
  searchFhirDocuments,
  searchFhirIntakes,
  searchFhirLocations,
  searchFhirMedications,
  searchFhirObservations,
  searchFhirPatients,
  searchFhirPlans,
  searchFhirProviders,
} from "../../db/repositories/fhir-read.repository.ts";
import type { FhirContext } from "../../fhir/rest.ts";
import type { FhirImportTarget, FhirReadSource } from "../../fhir/source.ts";
import { clinicProtocol } from "./record-context.ts";

export function fhirReadSource(tx: Tx): FhirReadSource {
  return {
    patients: (q, p) => searchFhirPatients(tx, q, p),
    providers: (ids, withHours, p) => searchFhirProviders(tx, ids, withHours, p),
    clinic: () => getFhirClinic(tx),
    locations: (ids, p) => searchFhirLocations(tx, ids, p),
    appointments: (q, p) => searchFhirAppointments(tx, q, p),
    conditions: (q, p) => searchFhirConditions(tx, q, p),
    medications: (q, p) => searchFhirMedications(tx, q, p),
    allergies: (q, p) => searchFhirAllergies(tx, q, p),
    consents: (q, p) => searchFhirConsents(tx, q, p),
    charts: (q, p) => searchFhirCharts(tx, q, p),
    intakes: (q, p) => searchFhirIntakes(tx, q, p),
    plans: (q, p) => searchFhirPlans(tx, q, p),
    observations: (q, p) => searchFhirObservations(tx, q, p),
    documents: (q, p) => searchFhirDocuments(tx, q, p),
    audit: (q, p) => searchFhirAudit(tx, q, p),
    providerBusy: (ids, from, to) => listProviderBusy(tx, ids, from, to),
  };
}

export function fhirImportTarget(tx: Tx): FhirImportTarget {
  return {
    findPatientByIdentifier: (system, value) => findPatientByIdentifier(tx, system, value),
    insertPatient: (p) => insertImportedPatient(tx, p),
    updatePatient: (id, p) => updateImportedPatient(tx, id, p),
    claimIdentifier: (patientId, system, value) => claimIdentifier(tx, patientId, system, value),
    upsertCondition: (patientId, ref, c) => upsertImportedCondition(tx, patientId, ref, c),
    upsertMedication: (patientId, ref, m) => upsertImportedMedication(tx, patientId, ref, m),
    upsertAllergy: (patientId, ref, a) => upsertImportedAllergy(tx, patientId, ref, a),
    applyState: (patientId, state, value) => applyImportedState(tx, patientId, state, value),
  };
}

/**
 * The context of one FHIR interaction in `tx`. `role` is the reader's: "owner", "provider" and
 * "front_desk" for staff, "cli" for the command line (the clinic's administrator, who exports
 * everything). A bearer token reads under the provider's rules, or the owner's when its scopes
 * name AuditEvent (src/server/services/api-fhir.service.ts).
 */
export function fhirContext(
  tx: Tx,
  reader: { clinicId: string; role: string; base: string; now?: Date },
): FhirContext {
  let protocol: ReturnType<FhirContext["protocol"]> | null = null;
  return {
    source: fhirReadSource(tx),
    base: reader.base,
    role: reader.role === "cli" ? "owner" : reader.role,
    clinicId: reader.clinicId,
    now: reader.now ?? new Date(),
    protocol: () => {
      protocol ??= clinicProtocol(tx);
      return protocol;
    },
  };
}
