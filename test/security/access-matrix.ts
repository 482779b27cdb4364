/**
 * The declared access matrix: for every /api and /fhir route, which roles may call it and what
 * record its path addresses. test/security/access-matrix.test.ts calls each route as every role
 * against the caller's own record, another patient's of the same clinic and another clinic's,
 * and checks the answer against this file. A route missing here fails that test by name: adding
 * a route means declaring who may call it, reviewed like code.
 *
 * roles: "public" (anyone, signed in or not), "signed-in" (any role), or the roles allowed.
 * target: what `:id` in the path is —
 *   "patient": a patient of the caller's clinic (staff reach any of them; another clinic's is 404);
 *   { table, patientColumn }: a row belonging to a patient (a patient reaches only their own);
 *   { table }: a clinic-owned row that belongs to no patient (another clinic's is 404);
 *   `where` narrows the rows the fixture picks from (SQL, e.g. only providers).
 * params: fixed values for other path parameters. body: fields laid over the sample body made
 * from the route's schema (where a cross-field rule needs them). fresh: the call ends the
 * caller's session, so it runs on a session of its own (and last). forgetsBrowsers: the call also
 * revokes the caller's trusted browsers, so the next sign-in of that account would need a new
 * authenticator code (one code signs in once): it runs after every other fresh call.
 * secondRecord: the path names a second record the fixture does not have, so a 404 on the
 * caller's own clinic still counts as past access control.
 * otherClinic: "empty-list" when the route answers another clinic's patient with an empty list
 * (row-level security hides every row) rather than 404; anything in the list fails the test.
 */
import type { Role } from "../../src/db/repositories/user.repository.ts";

export type Target = "patient" | { table: string; patientColumn?: string; where?: string };

export interface MatrixEntry {
  roles: "public" | "signed-in" | readonly Role[];
  target?: Target;
  params?: Record<string, string>;
  fresh?: boolean;
  forgetsBrowsers?: boolean;
  body?: Record<string, unknown>;
  secondRecord?: boolean;
  otherClinic?: "empty-list";
}

/** A staff member no caller of the matrix signs in as (resetting or deactivating ends their sessions). */
const STAFF_TARGET =
  "(role = 'provider' and credential = 'aesthetician') or clinic_id <> (select id from clinics where slug = 'demo')";

export const ACCESS_MATRIX: Record<string, MatrixEntry> = {
  "GET /api/auth/csrf": { roles: "public" },
  "POST /api/auth/login": { roles: "public" },
  "POST /api/auth/login/verify": { roles: "public" },
  "POST /api/auth/logout": { roles: "signed-in", fresh: true },
  "GET /api/auth/me": { roles: "signed-in" },
  "POST /api/auth/accept-invitation": { roles: "public" },
  "GET /api/public/clinic": { roles: "public" },
  "GET /api/patients": { roles: ["owner", "provider", "front_desk"] },
  "GET /api/patients/:id": { roles: ["owner", "provider", "front_desk"], target: "patient" },
  "POST /api/patients": { roles: ["owner", "provider", "front_desk"] },
  "GET /api/portal/appointments": { roles: ["patient"] },
  "POST /api/staff/invitations": { roles: ["owner"] },
  "GET /api/staff": { roles: ["owner"] },
  "POST /api/staff/invitations/:id/resend": {
    roles: ["owner"],
    target: { table: "invitations" },
    secondRecord: true,
  },
  "PUT /api/staff/:id/active": {
    roles: ["owner"],
    target: { table: "users", where: STAFF_TARGET },
    body: { active: true },
  },
  "POST /api/staff/:id/two-factor/reset": {
    roles: ["owner"],
    target: { table: "users", where: STAFF_TARGET },
  },
  "GET /api/clinic": { roles: ["owner", "provider", "front_desk"] },
  "PUT /api/clinic": {
    roles: ["owner"],
    body: {
      name: "Remodel Skin Clinic (demo)",
      currency: "GBP",
      address: null,
      email: null,
      phone: null,
      alertEmail: null,
      outOfHoursAdvice: null,
    },
  },
  "PUT /api/auth/password": {
    roles: "signed-in",
    body: { currentPassword: "not-the-password", newPassword: "a-new-long-password" },
  },
  "GET /api/first-run": { roles: "public" },
  "POST /api/first-run": { roles: "public" },
  "GET /api/setup": { roles: ["owner", "provider", "front_desk"] },
  "PUT /api/setup/settings": { roles: ["owner"] },
  "PUT /api/setup/locations/:id/opening-hours": { roles: ["owner"], target: { table: "locations" } },
  "POST /api/setup/closures": { roles: ["owner"] },
  "DELETE /api/setup/closures/:id": { roles: ["owner"], target: { table: "closures" } },
  "PUT /api/setup/providers/:id/hours": {
    roles: ["owner"],
    target: { table: "users", where: "role = 'provider'" },
  },
  "POST /api/setup/time-off": { roles: ["owner"] },
  "DELETE /api/setup/time-off/:id": { roles: ["owner"], target: { table: "provider_time_off" } },
  "POST /api/setup/maintenance": { roles: ["owner"] },
  "DELETE /api/setup/maintenance/:id": { roles: ["owner"], target: { table: "device_maintenance" } },
  "POST /api/setup/rooms": { roles: ["owner"] },
  "PATCH /api/setup/rooms/:id": { roles: ["owner"], target: { table: "rooms" } },
  "POST /api/setup/devices": { roles: ["owner"] },
  "PATCH /api/setup/devices/:id": { roles: ["owner"], target: { table: "devices" } },
  "POST /api/setup/appointment-types": { roles: ["owner"] },
  "PUT /api/setup/appointment-types/:id": { roles: ["owner"], target: { table: "appointment_types" } },
  "POST /api/setup/locations": { roles: ["owner"] },
  "PATCH /api/setup/locations/:id": { roles: ["owner"], target: { table: "locations" } },
  "POST /api/setup/locations/:id/retire": { roles: ["owner"], target: { table: "locations" } },
  "POST /api/setup/locations/:id/reopen": { roles: ["owner"], target: { table: "locations" } },
  "PUT /api/setup/providers/:id/licence": {
    roles: ["owner"],
    target: { table: "users", where: "role = 'provider'" },
  },
  "POST /api/screenings/:id/clearance-grants": {
    roles: ["provider"],
    target: { table: "screenings", patientColumn: "patient_id" },
  },
  "POST /api/clearance-grants/:id/withdraw": {
    roles: ["provider"],
    target: { table: "clearance_grants", patientColumn: "patient_id" },
  },
  "GET /api/patients/:id/clearance-grants": { roles: ["owner", "provider", "front_desk"], target: "patient" },
  "GET /api/patients/:id/booking-requests": { roles: ["owner", "provider", "front_desk"], target: "patient" },
  "GET /api/slots": { roles: "signed-in" },
  "POST /api/appointments": { roles: "signed-in" },
  "POST /api/appointment-series": { roles: "signed-in" },
  "GET /api/appointments/:id": {
    roles: "signed-in",
    target: { table: "appointments", patientColumn: "patient_id" },
  },
  "POST /api/appointments/:id/confirm": {
    roles: "signed-in",
    target: { table: "appointments", patientColumn: "patient_id" },
  },
  "POST /api/appointments/:id/reschedule": {
    roles: "signed-in",
    target: { table: "appointments", patientColumn: "patient_id" },
  },
  "POST /api/appointments/:id/cancel": {
    roles: "signed-in",
    target: { table: "appointments", patientColumn: "patient_id" },
  },
  "POST /api/appointments/:id/no-show": {
    roles: ["owner", "provider", "front_desk"],
    target: { table: "appointments", patientColumn: "patient_id" },
  },
  "POST /api/appointments/:id/check-in": {
    roles: ["owner", "provider", "front_desk"],
    target: { table: "appointments", patientColumn: "patient_id" },
  },
  "POST /api/appointments/:id/undo-check-in": {
    roles: ["owner", "provider", "front_desk"],
    target: { table: "appointments", patientColumn: "patient_id" },
  },
  "GET /api/calendar": { roles: ["owner", "provider", "front_desk"] },
  "GET /fhir/r4/metadata": { roles: "public" },
  "POST /fhir/r4": { roles: ["owner", "provider", "front_desk"] },
  "GET /fhir/r4/$export": { roles: ["owner"] },
  "GET /fhir/r4/$export-status/:job": { roles: ["owner"] },
  "DELETE /fhir/r4/$export-status/:job": { roles: ["owner"] },
  "GET /fhir/r4/$export-file/:job/:type/:file": { roles: ["owner"] },
  "GET /fhir/r4/Patient/:id/$everything": { roles: ["owner", "provider", "front_desk"], target: "patient" },
  "GET /fhir/r4/:type": { roles: ["owner", "provider", "front_desk"] },
  "GET /fhir/r4/:type/:id": {
    roles: ["owner", "provider", "front_desk"],
    target: "patient",
    params: { type: "Patient" },
  },
  "GET /fhir/R4/metadata": { roles: "public" },
  "POST /fhir/R4": { roles: ["owner", "provider", "front_desk"] },
  "GET /fhir/R4/$export": { roles: ["owner"] },
  "GET /fhir/R4/$export-status/:job": { roles: ["owner"] },
  "DELETE /fhir/R4/$export-status/:job": { roles: ["owner"] },
  "GET /fhir/R4/$export-file/:job/:type/:file": { roles: ["owner"] },
  "GET /fhir/R4/Patient/:id/$everything": { roles: ["owner", "provider", "front_desk"], target: "patient" },
  "GET /fhir/R4/:type": { roles: ["owner", "provider", "front_desk"] },
  "GET /fhir/R4/:type/:id": {
    roles: ["owner", "provider", "front_desk"],
    target: "patient",
    params: { type: "Patient" },
  },
  "GET /api/auth/sessions": { roles: "signed-in" },
  "DELETE /api/auth/sessions/:id": { roles: "signed-in" },
  "DELETE /api/auth/sessions": { roles: "signed-in", fresh: true, forgetsBrowsers: true },
  "GET /api/auth/two-factor": { roles: "signed-in" },
  "POST /api/auth/two-factor/recovery-codes": { roles: "signed-in" },
  "GET /api/portal/intake": { roles: ["patient"] },
  "POST /api/portal/intake": { roles: ["patient"] },
  "GET /api/patients/:id/intake": { roles: ["owner", "provider", "front_desk"], target: "patient" },
  "POST /api/patients/:id/intake": { roles: ["owner", "provider"], target: "patient" },
  "GET /api/consent-templates": { roles: ["owner", "provider", "front_desk"] },
  "POST /api/consent-templates": { roles: ["owner"] },
  "GET /api/patients/:id/consents": { roles: ["owner", "provider", "front_desk"], target: "patient" },
  "POST /api/patients/:id/consents": { roles: ["owner", "provider", "front_desk"], target: "patient" },
  "GET /api/consents/:id/pdf": {
    roles: ["owner", "provider", "front_desk"],
    target: { table: "consents", patientColumn: "patient_id" },
  },
  "GET /api/portal/consents": { roles: ["patient"] },
  "POST /api/portal/consents": { roles: ["patient"] },
  "GET /api/portal/consents/:id/pdf": {
    roles: ["patient"],
    target: { table: "consents", patientColumn: "patient_id" },
  },
  "GET /api/charts/options": { roles: ["owner", "provider"] },
  "GET /api/charts/devices": { roles: ["owner", "provider"] },
  "GET /api/patients/:id/charts": {
    roles: ["owner", "provider"],
    target: "patient",
    otherClinic: "empty-list",
  },
  // The route admits owners, but only a licensed provider may chart: an owner without a
  // credential is refused by the service.
  "POST /api/patients/:id/charts": { roles: ["provider"], target: "patient" },
  "GET /api/charts/:id": {
    roles: ["owner", "provider"],
    target: { table: "session_charts", patientColumn: "patient_id" },
  },
  "PUT /api/charts/:id": {
    roles: ["owner", "provider"],
    target: { table: "session_charts", patientColumn: "patient_id" },
  },
  "POST /api/charts/:id/sign": {
    roles: ["owner", "provider"],
    target: { table: "session_charts", patientColumn: "patient_id" },
  },
  "POST /api/charts/:id/addenda": {
    roles: ["owner", "provider"],
    target: { table: "session_charts", patientColumn: "patient_id" },
  },
  "GET /api/recalls": { roles: ["owner", "provider"] },
  // Lot recall messages: clinicians read and send them.
  "GET /api/recalls/messages": { roles: ["owner", "provider"] },
  "POST /api/recalls/messages": { roles: ["owner", "provider"] },
  "GET /api/patients/:id/medication-reviews": {
    roles: ["owner", "provider"],
    target: "patient",
    otherClinic: "empty-list",
  },
  // Only a licensed provider reviews a medicine: an owner without a credential is refused.
  "POST /api/patients/:id/medication-reviews": {
    roles: ["provider"],
    target: "patient",
    body: { decision: "not-relevant", classId: null },
  },
  "GET /api/patients/:id/decision": { roles: ["owner", "provider"], target: "patient" },
  "POST /api/patients/:id/consultations": { roles: ["owner", "provider"], target: "patient" },
  "GET /api/patients/:id/consultations": { roles: ["owner", "provider"], target: "patient" },
  "POST /api/consultations/:id/plans": {
    roles: ["owner", "provider"],
    target: { table: "consultations", patientColumn: "patient_id" },
  },
  "GET /api/patients/:id/plans": {
    roles: ["owner", "provider", "front_desk"],
    target: "patient",
    otherClinic: "empty-list",
  },
  "GET /api/portal/plans": { roles: ["patient"] },
  "POST /api/portal/plans/:id/accept": {
    roles: ["patient"],
    target: { table: "treatment_plans", patientColumn: "patient_id" },
  },
  "POST /api/patients/:id/photos": { roles: ["owner", "provider"], target: "patient" },
  "GET /api/patients/:id/photos": { roles: ["owner", "provider"], target: "patient" },
  "GET /api/photos/marketing": { roles: ["owner", "provider"] },
  "GET /api/photos/:id/image": {
    roles: ["owner", "provider"],
    target: { table: "photos", patientColumn: "patient_id" },
  },
  "DELETE /api/photos/:id": {
    roles: ["owner", "provider"],
    target: { table: "photos", patientColumn: "patient_id" },
    body: { reason: "access matrix check" },
  },
  "GET /api/portal/photos": { roles: ["patient"] },
  "GET /api/portal/photos/:id/image": {
    roles: ["patient"],
    target: { table: "photos", patientColumn: "patient_id" },
  },
  "GET /api/outcome-scales": { roles: "signed-in" },
  "GET /api/patients/:id/outcomes": { roles: ["owner", "provider"], target: "patient" },
  "POST /api/patients/:id/outcomes": { roles: ["owner", "provider"], target: "patient" },
  "GET /api/portal/outcomes": { roles: ["patient"] },
  "POST /api/portal/outcomes": { roles: ["patient"] },
  "GET /api/protocol": { roles: ["owner", "provider", "front_desk"] },
  "PUT /api/protocol/choices": { roles: ["owner"] },
  "GET /api/protocol/versions": { roles: ["owner", "provider", "front_desk"] },
  "POST /api/protocol/rescreen": { roles: ["owner"] },
  "POST /api/patients/:id/screenings": { roles: ["owner", "provider", "front_desk"], target: "patient" },
  "GET /api/patients/:id/screenings": { roles: ["owner", "provider", "front_desk"], target: "patient" },
  "GET /api/screenings/:id": {
    roles: ["owner", "provider", "front_desk"],
    target: { table: "screenings", patientColumn: "patient_id" },
  },
  "POST /api/screenings/preview": { roles: "public" },
  "GET /api/patients/:id/clinical-profile": { roles: ["owner", "provider", "front_desk"], target: "patient" },
  "POST /api/patients/:id/conditions": { roles: ["owner", "provider", "front_desk"], target: "patient" },
  "DELETE /api/patients/:id/conditions/:recordId": {
    roles: ["owner", "provider", "front_desk"],
    target: "patient",
    secondRecord: true,
  },
  "POST /api/patients/:id/medications": {
    roles: ["owner", "provider", "front_desk"],
    target: "patient",
    body: { ongoing: true },
  },
  "DELETE /api/patients/:id/medications/:recordId": {
    roles: ["owner", "provider", "front_desk"],
    target: "patient",
    secondRecord: true,
  },
  "GET /api/openapi.json": { roles: "public" },
  "GET /api/outbox": { roles: ["owner", "provider", "front_desk"] },
  "GET /api/public/slots": { roles: "public" },
  "POST /api/public/bookings": { roles: "public" },
  "POST /api/public/bookings/:id/confirm": { roles: "public" },
  "POST /api/public/account-setup": { roles: "public" },
  "GET /api/calendar-feeds": { roles: "signed-in" },
  "POST /api/calendar-feeds": { roles: "signed-in" },
  "DELETE /api/calendar-feeds/:id": { roles: "signed-in" },
  "GET /api/calendar-feeds/:file": { roles: "public" },
  "GET /api/appointments/:id/ics": {
    roles: "signed-in",
    target: { table: "appointments", patientColumn: "patient_id" },
  },
  "GET /api/exports/patients.csv": { roles: ["owner", "provider", "front_desk"] },
  "GET /api/exports/appointments.csv": { roles: ["owner", "provider", "front_desk"] },
  "POST /api/webhooks": { roles: ["owner"] },
  "GET /api/webhooks": { roles: ["owner"] },
  "DELETE /api/webhooks/:id": { roles: ["owner"] },
  "GET /api/webhooks/:id/deliveries": { roles: ["owner"] },
  "GET /api/api-clients": { roles: ["owner"] },
  "POST /api/api-clients": { roles: ["owner"] },
  "DELETE /api/api-clients/:id": { roles: ["owner"] },
  "POST /api/fhir/import": { roles: ["owner", "provider"] },
  "GET /fhir/r4/.well-known/smart-configuration": { roles: "public" },
  "GET /fhir/R4/.well-known/smart-configuration": { roles: "public" },
  "GET /api/portal/booking-options": { roles: ["patient"] },
  "GET /api/patients/:id/export": { roles: ["owner"], target: "patient" },
  "GET /api/patients/:id/data-rights": { roles: ["owner"], target: "patient" },
  "POST /api/patients/:id/restriction": { roles: ["owner"], target: "patient", fresh: true },
  "DELETE /api/patients/:id/restriction": { roles: ["owner"], target: "patient", fresh: true },
  "POST /api/patients/:id/erasure": { roles: ["owner"], target: "patient", fresh: true },
  // Sign-in by e-mailed link: the same answer for every caller; a made-up token is refused
  // before any session is touched.
  "POST /api/portal-auth/link": { roles: "public" },
  "POST /api/portal-auth/redeem": { roles: "public" },
  "GET /api/public/facts": { roles: "public" },
  // The portal's own views: the patient is taken from the session, never from the path.
  "GET /api/portal/overview": { roles: ["patient"] },
  "GET /api/portal/aftercare": { roles: ["patient"] },
  "GET /api/portal/locale": { roles: ["patient"] },
  "POST /api/portal/locale": { roles: ["patient"] },
  "POST /api/portal/check-ins": { roles: ["patient"] },
  // The path names the appointment as :appointmentId, which the fixture does not fill: the service
  // looks it up among the patient's own upcoming appointments (404 otherwise).
  "POST /api/portal/prep/:appointmentId/ticks": { roles: ["patient"] },
  "GET /api/inbox": { roles: ["owner", "provider", "front_desk"] },
  // No check-in in the fixture to point at: the role check still runs on a made-up id (404 for staff).
  "POST /api/inbox/:id/acknowledge": { roles: ["owner", "provider", "front_desk"] },
};

/**
 * The FHIR API by resource type: who may read and search each one. It must match the REST route
 * that shows the same record (FHIR_REST_TWIN): the chart behind a Procedure is for clinicians
 * whichever API asks. test/security/access-matrix-fhir.test.ts calls every type as every role.
 */
const STAFF_ROLES: readonly Role[] = ["owner", "provider", "front_desk"];
export const FHIR_TYPE_READERS: Record<string, readonly Role[]> = {
  Patient: STAFF_ROLES,
  Practitioner: STAFF_ROLES,
  PractitionerRole: STAFF_ROLES,
  Organization: STAFF_ROLES,
  Location: STAFF_ROLES,
  Schedule: STAFF_ROLES,
  Slot: STAFF_ROLES,
  Appointment: STAFF_ROLES,
  Condition: STAFF_ROLES,
  MedicationStatement: STAFF_ROLES,
  AllergyIntolerance: STAFF_ROLES,
  // Pregnancy and skin type for every staff role; outcome scores only for clinicians (checked apart).
  Observation: STAFF_ROLES,
  Questionnaire: STAFF_ROLES,
  QuestionnaireResponse: STAFF_ROLES,
  CarePlan: STAFF_ROLES,
  Consent: STAFF_ROLES,
  // Signed consents for every staff role; photos only for clinicians (checked apart).
  DocumentReference: STAFF_ROLES,
  Procedure: ["owner", "provider"],
  AuditEvent: ["owner"],
};

/** The REST route that shows the same record as a FHIR type: both must admit the same roles. */
export const FHIR_REST_TWIN: Record<string, string> = {
  Patient: "GET /api/patients/:id",
  Appointment: "GET /api/calendar",
  Condition: "GET /api/patients/:id/clinical-profile",
  MedicationStatement: "GET /api/patients/:id/clinical-profile",
  AllergyIntolerance: "GET /api/patients/:id/clinical-profile",
  QuestionnaireResponse: "GET /api/patients/:id/intake",
  CarePlan: "GET /api/patients/:id/plans",
  Consent: "GET /api/patients/:id/consents",
  Procedure: "GET /api/charts/:id",
};
