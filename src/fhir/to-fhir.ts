/**
 * Remodel rows -> FHIR R4 resources. Pure functions: the caller loads the stored records
 * (src/domain/stored-records.ts, through source.ts) and passes them in. Every resource produced here is checked against the official R4 JSON schema in
 * the tests. References are relative (`Patient/<id>`), ids are Remodel's own uuids.
 *
 * One file per group of resources under to-fhir/; this module gathers their exports.
 */

export {
  FITZPATRICK_CODE,
  fitzpatrickObservationId,
  OUTCOME_SCALE_SYSTEM,
  toFhirCarePlan,
  toFhirObservation,
} from "./to-fhir/care-plan.ts";
export {
  pregnancyObservationId,
  toFhirAllergyIntolerance,
  toFhirCondition,
  toFhirConsent,
  toFhirMedicationStatement,
  toFhirPregnancyObservation,
  toFhirProcedure,
} from "./to-fhir/clinical.ts";
export {
  type PractitionerRecord,
  toFhirLocation,
  toFhirOrganization,
  toFhirPatient,
  toFhirPractitioner,
} from "./to-fhir/directory.ts";
export {
  consentDocumentId,
  photoDocumentId,
  toFhirAuditEvent,
  toFhirDocumentReference,
} from "./to-fhir/documents.ts";
export {
  INTAKE_QUESTIONNAIRE_ID,
  INTAKE_QUESTIONNAIRE_URL,
  type IntakeQuestionnaireDefinition,
  toFhirQuestionnaire,
  toFhirQuestionnaireResponse,
} from "./to-fhir/questionnaire.ts";
export {
  parseSlotId,
  type SlotRecord,
  slotId,
  toFhirAppointment,
  toFhirPractitionerRole,
  toFhirSchedule,
  toFhirSlot,
} from "./to-fhir/scheduling.ts";
