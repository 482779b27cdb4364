/**
 * Queries behind a patient's data rights: export, restriction of processing, anonymisation.
 * Rows are exported as stored (column names and all), so an export holds everything the
 * database knows about the person, without a mapping that could forget a column.
 */
import type { Tx } from "../pool.ts";

type Row = Record<string, unknown>;

/**
 * Lets this transaction see a patient whose processing is restricted or who was anonymised
 * (migration 062 hides them from every other query). Only the data-rights service calls it.
 */
export async function enterDataRightsScope(tx: Tx): Promise<void> {
  await tx.query("select set_config('app.patient_data_rights', 'on', true)");
}

export interface PatientRightsState {
  id: string;
  processingRestrictedAt: Date | null;
  anonymisedAt: Date | null;
}

export async function getPatientRightsState(tx: Tx, patientId: string): Promise<PatientRightsState | null> {
  const { rows } = await tx.query<PatientRightsState>(
    `select id, processing_restricted_at as "processingRestrictedAt", anonymised_at as "anonymisedAt"
     from patients where id = $1 for update`,
    [patientId],
  );
  return rows[0] ?? null;
}

/**
 * The clinic-local date of the patient's latest clinical record: anything charted, screened,
 * consented, answered, scored or photographed, and any visit that took place. Null when the
 * patient has none (booked but never seen).
 */
export async function lastClinicalRecordOn(
  tx: Tx,
  patientId: string,
  timeZone: string,
): Promise<string | null> {
  const { rows } = await tx.query<{ last: string | null }>(
    `select max(d)::date::text as last from (
       select session_date as d from session_charts where patient_id = $1
       union all select (signed_at at time zone $2)::date from session_charts where patient_id = $1
       union all select (created_at at time zone $2)::date from chart_addenda
         where chart_id in (select id from session_charts where patient_id = $1)
       union all select (created_at at time zone $2)::date from screenings where patient_id = $1
       union all select (submitted_at at time zone $2)::date from intake_submissions where patient_id = $1
       union all select (created_at at time zone $2)::date from consultations where patient_id = $1
       union all select (created_at at time zone $2)::date from treatment_plans where patient_id = $1
       union all select (signed_at at time zone $2)::date from consents where patient_id = $1
       union all select taken_on from photos where patient_id = $1
       union all select recorded_on from outcome_scores where patient_id = $1
       union all select (created_at at time zone $2)::date from check_ins where patient_id = $1
       union all select (updated_at at time zone $2)::date from patient_conditions where patient_id = $1
       union all select (updated_at at time zone $2)::date from patient_medications where patient_id = $1
       union all select (updated_at at time zone $2)::date from patient_allergies where patient_id = $1
       union all select granted_on from clearance_grants where patient_id = $1
       union all select (starts_at at time zone $2)::date from appointments
         where patient_id = $1 and status in ('checked_in', 'completed')
     ) as records`,
    [patientId, timeZone],
  );
  return rows[0]?.last ?? null;
}

export interface PatientExportRows {
  patient: Row;
  identifiers: Row[];
  conditions: Row[];
  medications: Row[];
  allergies: Row[];
  screenings: Row[];
  clearanceGrants: Row[];
  medicationReviews: Row[];
  intakeSubmissions: Row[];
  consultations: Row[];
  treatmentPlans: Row[];
  consents: Row[];
  charts: Row[];
  chartAddenda: Row[];
  photos: Row[];
  outcomeScores: Row[];
  checkIns: Row[];
  appointments: Row[];
  appointmentEvents: Row[];
  appointmentSeries: Row[];
  bookingRequests: Row[];
  recalls: Row[];
  prepTicks: Row[];
  messages: Row[];
  calendarFeeds: Row[];
  portalAccounts: Row[];
}

/** Everything stored about one patient, one table per key, in one statement (one snapshot). */
export async function readPatientExport(tx: Tx, patientId: string): Promise<PatientExportRows | null> {
  const list = (sql: string) =>
    `coalesce((select jsonb_agg(to_jsonb(t) - 'clinic_id') from (${sql}) t), '[]')`;
  const { rows } = await tx.query<{ data: PatientExportRows | null }>(
    `select case when p.id is null then null else jsonb_build_object(
       'patient', to_jsonb(p) - 'clinic_id',
       'identifiers', ${list("select * from patient_identifiers where patient_id = $1 order by created_at, id")},
       'conditions', ${list("select * from patient_conditions where patient_id = $1 order by created_at, id")},
       'medications', ${list("select * from patient_medications where patient_id = $1 order by created_at, id")},
       'allergies', ${list("select * from patient_allergies where patient_id = $1 order by created_at, id")},
       'screenings', ${list("select * from screenings where patient_id = $1 order by created_at, id")},
       'clearanceGrants', ${list("select * from clearance_grants where patient_id = $1 order by granted_at, id")},
       'medicationReviews', ${list("select * from medication_reviews where patient_id = $1 order by reviewed_at, id")},
       'intakeSubmissions', ${list("select * from intake_submissions where patient_id = $1 order by version")},
       'consultations', ${list("select * from consultations where patient_id = $1 order by created_at, id")},
       'treatmentPlans', ${list("select * from treatment_plans where patient_id = $1 order by created_at, id")},
       'consents', ${list(
         `select id, template_id, kind, template_version, photo_scope, typed_name, signed_via, signed_at,
                 recorded_by, encode(signature_png, 'base64') as signature_png_base64,
                 encode(pdf, 'base64') as pdf_base64
          from consents where patient_id = $1 order by signed_at, id`,
       )},
       'charts', ${list("select * from session_charts where patient_id = $1 order by session_date, created_at, id")},
       'chartAddenda', ${list(
         "select a.* from chart_addenda a join session_charts c on c.id = a.chart_id where c.patient_id = $1 order by a.created_at, a.id",
       )},
       'photos', ${list("select * from photos where patient_id = $1 order by taken_on, created_at, id")},
       'outcomeScores', ${list("select * from outcome_scores where patient_id = $1 order by recorded_on, created_at")},
       'checkIns', ${list("select * from check_ins where patient_id = $1 order by created_at, id")},
       'appointments', ${list(
         `select id, location_id, type_id, provider_id, room_id, device_id, starts_at, ends_at, status,
                 status_reason, segments, provider_span::text as provider_span, room_span::text as room_span,
                 device_span::text as device_span, held_until, series_id, series_index, booked_via,
                 checked_in_at, created_at, updated_at
          from appointments where patient_id = $1 order by starts_at, id`,
       )},
       'appointmentEvents', ${list(
         "select e.* from appointment_events e join appointments a on a.id = e.appointment_id where a.patient_id = $1 order by e.at, e.id",
       )},
       'appointmentSeries', ${list("select * from appointment_series where patient_id = $1 order by created_at, id")},
       'bookingRequests', ${list("select * from booking_requests where patient_id = $1 order by created_at, id")},
       'recalls', ${list("select * from recalls where patient_id = $1 order by due_on, id")},
       'prepTicks', ${list("select * from prep_ticks where patient_id = $1 order by ticked_at")},
       'messages', ${list("select * from outbox where patient_id = $1 order by created_at, id")},
       'calendarFeeds', ${list(
         "select id, created_by, created_at, revoked_at from calendar_feeds where patient_id = $1 order by created_at",
       )},
       'portalAccounts', ${list(
         `select id, email, name, role, created_at, disabled_at, totp_enabled_at
          from users where patient_id = $1 order by created_at`,
       )}
     ) end as data
     from (select 1) as one left join patients p on p.id = $1`,
    [patientId],
  );
  return rows[0]?.data ?? null;
}

/**
 * Audit entries about the patient: those naming the patient or one of their records, and the
 * list reads that showed them. Entries carry ids and actions only, never names or free text.
 */
export async function listAuditAboutPatient(tx: Tx, patientId: string, recordIds: string[]): Promise<Row[]> {
  const { rows } = await tx.query<Row>(
    `select id, seq, at, actor_user_id, actor_role, action, resource_type, resource_id, host(ip) as ip, detail
     from audit_log
     where resource_id = any ($2::text[]) or (detail -> 'ids') ? $1
     order by seq nulls last, id`,
    [patientId, [patientId, ...recordIds]],
  );
  return rows;
}

export async function setProcessingRestricted(tx: Tx, patientId: string, restricted: boolean): Promise<void> {
  await tx.query(
    `update patients set processing_restricted_at = case when $2 then coalesce(processing_restricted_at, now()) end,
            updated_at = now()
     where id = $1`,
    [patientId, restricted],
  );
}

/** Cancels the patient's visits still to come (holds included), with a history row each. */
export async function cancelUpcomingAppointments(
  tx: Tx,
  patientId: string,
  actorUserId: string | null,
): Promise<string[]> {
  const { rows } = await tx.query<{ id: string }>(
    `with cancelled as (
       update appointments set status = 'cancelled', status_reason = 'patient-request', held_until = null,
              updated_at = now()
       where patient_id = $1 and status = 'booked' and starts_at > now()
       returning id, clinic_id, starts_at
     ), history as (
       insert into appointment_events (clinic_id, appointment_id, actor_user_id, action, reason, from_starts_at)
       select clinic_id, id, $2, 'cancelled', 'patient-request', starts_at from cancelled
     )
     select id from cancelled order by starts_at`,
    [patientId, actorUserId],
  );
  return rows.map((r) => r.id);
}

/** Unsent messages to the patient are withdrawn; recalls due are dismissed (no marketing). */
export async function withdrawPatientMessages(tx: Tx, patientId: string): Promise<number> {
  const { rows } = await tx.query<{ n: number }>(
    `with withdrawn as (
       update outbox set withdrawn_at = now(), withdrawn_reason = 'patient processing restricted'
       where patient_id = $1 and sent_at is null and withdrawn_at is null
       returning 1
     ), dismissed as (
       update recalls set status = 'dismissed' where patient_id = $1 and status in ('due', 'sent')
       returning 1
     )
     select (select count(*) from withdrawn)::int + (select count(*) from dismissed)::int as n`,
    [patientId],
  );
  return rows[0]?.n ?? 0;
}

/** Anonymises the patient in this transaction; returns the photo files to delete after commit. */
export async function anonymisePatient(tx: Tx, patientId: string): Promise<string[]> {
  const { rows } = await tx.query<{ key: string }>("select file_key as key from patient_data_anonymise($1)", [
    patientId,
  ]);
  return rows.map((r) => r.key);
}
