/**
 * The reads behind the FHIR API, $everything and the bulk export: one function, one query, each
 * run in the caller's clinic-scoped transaction (row-level security keeps it to one clinic).
 * Searches return one page and the total (a window count in the same query).
 */
import type {
  AuditSearch,
  ByPatientSearch,
  CodedSearch,
  DateFilter,
  DocumentSearch,
  Found,
  ObservationSearch,
  Page,
  PatientSearch,
} from "../../domain/record-search.ts";
import type {
  AllergyRecord,
  AppointmentRecord,
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
  ProviderBusyRecord,
  ProviderRecord,
} from "../../domain/stored-records.ts";
import type { Tx } from "../pool.ts";

function paged<T>(rows: (T & { total?: number })[]): Found<T> {
  const total = rows[0]?.total ?? 0;
  return { rows: rows.map(({ total: _t, ...r }) => r as T), total: Number(total) };
}

// The date filters are written out once here and reused by each search (same operators everywhere).
const dateSql = (column: string, n: number) =>
  `($${n}::text is null or case $${n}::text
     when 'eq' then ${column} = $${n + 1}::date when 'ne' then ${column} <> $${n + 1}::date
     when 'ge' then ${column} >= $${n + 1}::date when 'le' then ${column} <= $${n + 1}::date
     when 'gt' then ${column} > $${n + 1}::date when 'lt' then ${column} < $${n + 1}::date end)`;

const dateArgs = (d: DateFilter | null) => [d?.op ?? null, d?.day ?? null];

/** A timestamptz as a calendar day in the clinic's time zone. */
const clinicDay = (column: string) =>
  `(${column} at time zone (select c.time_zone from clinics c where c.id = app_clinic_id()))::date`;

// ---------------------------------------------------------------------------------------------
// Patients, staff, clinic, locations
// ---------------------------------------------------------------------------------------------

const PATIENT_COLUMNS = `p.id, p.given_name as "givenName", p.family_name as "familyName", p.date_of_birth as "dateOfBirth",
  p.sex, p.email, p.phone, p.fitzpatrick, p.pregnant, p.breastfeeding, p.delivery_date as "deliveryDate",
  p.updated_at as "updatedAt",
  coalesce((select json_agg(json_build_object('system', i.system, 'value', i.value) order by i.created_at, i.system, i.value)
            from patient_identifiers i where i.patient_id = p.id), '[]') as identifiers`;

export async function searchFhirPatients(
  tx: Tx,
  q: PatientSearch,
  page: Page,
): Promise<Found<PatientRecord>> {
  const name = q.name === null ? null : `${q.name.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const { rows } = await tx.query<PatientRecord & { total: number }>(
    `select ${PATIENT_COLUMNS}, count(*) over () as total
     from patients p
     where ($1::uuid[] is null or p.id = any ($1))
       and ($2::text is null or p.given_name ilike $2 or p.family_name ilike $2
            or (p.given_name || ' ' || p.family_name) ilike $2)
       and ${dateSql("p.date_of_birth", 3)}
       and ($5::text is null or exists (select 1 from patient_identifiers i where i.patient_id = p.id
              and i.value = $5 and ($6::text is null or i.system = $6)))
     order by p.family_name, p.given_name, p.id
     limit $7 offset $8`,
    [q.ids, name, ...dateArgs(q.birthdate), q.identifierValue, q.identifierSystem, page.limit, page.offset],
  );
  return paged(rows);
}

/** Providers and owners with their working hours (`withHoursOnly`: those who have any). */
export async function searchFhirProviders(
  tx: Tx,
  ids: string[] | null,
  withHoursOnly: boolean,
  page: Page,
): Promise<Found<ProviderRecord>> {
  const { rows } = await tx.query<ProviderRecord & { total: number }>(
    `select u.id, u.clinic_id as "clinicId", u.name, u.email, u.role, u.credential,
            u.max_needle_depth_mm as "maxNeedleDepthMm", u.disabled_at is null as active,
            coalesce((select json_agg(json_build_object('locationId', h.location_id, 'weekday', h.weekday,
                        'starts', h.starts, 'ends', h.ends, 'timeZone', l.time_zone) order by h.weekday, h.starts, h.id)
                      from provider_hours h join locations l on l.id = h.location_id
                      where h.provider_id = u.id), '[]') as hours,
            count(*) over () as total
     from users u
     where u.role in ('provider', 'owner') and ($1::uuid[] is null or u.id = any ($1))
       and (not $2 or exists (select 1 from provider_hours h where h.provider_id = u.id))
     order by u.name, u.id limit $3 offset $4`,
    [ids, withHoursOnly, page.limit, page.offset],
  );
  return paged(rows);
}

export async function getFhirClinic(tx: Tx): Promise<ClinicRecord | null> {
  const { rows } = await tx.query<ClinicRecord>(
    "select id, name, phone, email from clinics where id = app_clinic_id()",
  );
  return rows[0] ?? null;
}

export async function searchFhirLocations(
  tx: Tx,
  ids: string[] | null,
  page: Page,
): Promise<Found<LocationRecord>> {
  const { rows } = await tx.query<LocationRecord & { total: number }>(
    `select id, clinic_id as "clinicId", name, address, time_zone as "timeZone", count(*) over () as total
     from locations where ($1::uuid[] is null or id = any ($1)) order by name, id limit $2 offset $3`,
    [ids, page.limit, page.offset],
  );
  return paged(rows);
}

// ---------------------------------------------------------------------------------------------
// Scheduling
// ---------------------------------------------------------------------------------------------

export async function searchFhirAppointments(
  tx: Tx,
  q: ByPatientSearch,
  page: Page,
): Promise<Found<AppointmentRecord>> {
  const { rows } = await tx.query<AppointmentRecord & { total: number }>(
    `select a.id, a.patient_id as "patientId", a.provider_id as "providerId", a.location_id as "locationId",
            t.name as "typeName", t.kind as "typeKind", a.status, a.starts_at as "startsAt", a.ends_at as "endsAt",
            a.created_at as "createdAt", count(*) over () as total
     from appointments a
     join appointment_types t on t.id = a.type_id
     join locations l on l.id = a.location_id
     where a.held_until is null
       and ($1::uuid[] is null or a.id = any ($1))
       and ($2::uuid is null or a.patient_id = $2)
       and ${dateSql("(a.starts_at at time zone l.time_zone)::date", 3)}
       and ($5::text is null or a.status = $5)
     order by a.starts_at, a.id
     limit $6 offset $7`,
    [q.ids, q.patientId, ...dateArgs(q.date), q.status, page.limit, page.offset],
  );
  return paged(rows);
}

/** Appointments (held ones too: the slot is taken) and time off of these providers within [from, to). */
export async function listProviderBusy(
  tx: Tx,
  providerIds: string[],
  from: Date,
  to: Date,
): Promise<ProviderBusyRecord[]> {
  const { rows } = await tx.query<ProviderBusyRecord>(
    `select a.provider_id as "providerId", lower(coalesce(a.provider_span, tstzrange(a.starts_at, a.ends_at))) as start,
            upper(coalesce(a.provider_span, tstzrange(a.starts_at, a.ends_at))) as "end", 'appointment' as kind
     from appointments a
     where a.provider_id = any ($1) and a.status not in ('cancelled', 'no_show')
       and coalesce(a.provider_span, tstzrange(a.starts_at, a.ends_at)) && tstzrange($2, $3)
       and (a.held_until is null or a.held_until > now())
     union all
     select o.provider_id, o.starts_at, o.ends_at, 'time-off'
     from provider_time_off o
     where o.provider_id = any ($1) and tstzrange(o.starts_at, o.ends_at) && tstzrange($2, $3)
     order by 2, 3`,
    [providerIds, from, to],
  );
  return rows;
}

// ---------------------------------------------------------------------------------------------
// The clinical profile
// ---------------------------------------------------------------------------------------------

export async function searchFhirConditions(
  tx: Tx,
  q: CodedSearch,
  page: Page,
): Promise<Found<ConditionRecord>> {
  const { rows } = await tx.query<ConditionRecord & { total: number }>(
    `select c.id, c.patient_id as "patientId", c.condition_id as "conditionId", c.label, c.icd10cm, c.snomed,
            c.status, c.in_treatment_area as "inTreatmentArea", c.zones, c.site, c.severity, c.onset, c.resolved,
            c.updated_at as "updatedAt", count(*) over () as total
     from patient_conditions c
     where ($1::uuid[] is null or c.id = any ($1))
       and ($2::uuid is null or c.patient_id = $2)
       and ${dateSql("c.onset", 3)}
       and ($5::text is null or c.status = $5)
       and ($6::text is null or $6 in (c.condition_id, c.icd10cm, c.snomed))
     order by c.patient_id, c.onset nulls first, c.id
     limit $7 offset $8`,
    [q.ids, q.patientId, ...dateArgs(q.date), q.status, q.code, page.limit, page.offset],
  );
  return paged(rows);
}

export async function searchFhirMedications(
  tx: Tx,
  q: CodedSearch,
  page: Page,
): Promise<Found<MedicationRecord>> {
  const { rows } = await tx.query<MedicationRecord & { total: number }>(
    `select m.id, m.patient_id as "patientId", m.ingredient, m.product, m.rxnorm, m.route, m.prescribed,
            m.ongoing, m.last_taken as "lastTaken", m.started, m.indication, m.updated_at as "updatedAt",
            count(*) over () as total
     from patient_medications m
     where ($1::uuid[] is null or m.id = any ($1))
       and ($2::uuid is null or m.patient_id = $2)
       and ${dateSql("coalesce(m.started, m.last_taken)", 3)}
       and ($5::text is null or (case when m.ongoing then 'active' else 'completed' end) = $5)
       and ($6::text is null or m.rxnorm = $6)
     order by m.patient_id, m.started nulls first, m.id
     limit $7 offset $8`,
    [q.ids, q.patientId, ...dateArgs(q.date), q.status, q.code, page.limit, page.offset],
  );
  return paged(rows);
}

/** `code` matches any coding's code or the protocol condition id; `date` is the onset (else recorded). */
export async function searchFhirAllergies(tx: Tx, q: CodedSearch, page: Page): Promise<Found<AllergyRecord>> {
  const { rows } = await tx.query<AllergyRecord & { total: number }>(
    `select a.id, a.patient_id as "patientId", a.condition_id as "conditionId", a.label, a.codings, a.category,
            a.kind, a.criticality, a.clinical_status as "clinicalStatus",
            a.verification_status as "verificationStatus", a.onset, a.recorded_on as "recordedOn",
            a.updated_at as "updatedAt", count(*) over () as total
     from patient_allergies a
     where ($1::uuid[] is null or a.id = any ($1))
       and ($2::uuid is null or a.patient_id = $2)
       and ${dateSql("coalesce(a.onset, a.recorded_on)", 3)}
       and ($5::text is null or a.clinical_status = $5)
       and ($6::text is null or a.condition_id = $6
            or exists (select 1 from jsonb_array_elements(a.codings) c where c ->> 'code' = $6))
     order by a.patient_id, a.onset nulls first, a.id
     limit $7 offset $8`,
    [q.ids, q.patientId, ...dateArgs(q.date), q.status, q.code, page.limit, page.offset],
  );
  return paged(rows);
}

// ---------------------------------------------------------------------------------------------
// The clinical record
// ---------------------------------------------------------------------------------------------

export async function searchFhirConsents(
  tx: Tx,
  q: ByPatientSearch,
  page: Page,
): Promise<Found<ConsentRecord>> {
  const { rows } = await tx.query<ConsentRecord & { total: number }>(
    `select c.id, c.patient_id as "patientId", c.kind, c.photo_scope as "photoScope",
            c.template_version as "templateVersion", c.signed_at as "signedAt", count(*) over () as total
     from consents c
     where ($1::uuid[] is null or c.id = any ($1)) and ($2::uuid is null or c.patient_id = $2)
       and ${dateSql(clinicDay("c.signed_at"), 3)}
     order by c.signed_at, c.id limit $5 offset $6`,
    [q.ids, q.patientId, ...dateArgs(q.date), page.limit, page.offset],
  );
  return paged(rows);
}

export async function searchFhirCharts(tx: Tx, q: ByPatientSearch, page: Page): Promise<Found<ChartRecord>> {
  const { rows } = await tx.query<ChartRecord & { total: number }>(
    `select c.id, c.patient_id as "patientId", c.provider_id as "providerId", c.appointment_id as "appointmentId",
            c.status, c.session_date as "sessionDate", c.device_id as "deviceId", c.zones, c.endpoint,
            count(*) over () as total
     from session_charts c
     where ($1::uuid[] is null or c.id = any ($1)) and ($2::uuid is null or c.patient_id = $2)
       and ${dateSql("c.session_date", 3)}
     order by c.session_date, c.id limit $5 offset $6`,
    [q.ids, q.patientId, ...dateArgs(q.date), page.limit, page.offset],
  );
  return paged(rows);
}

export async function searchFhirIntakes(
  tx: Tx,
  q: ByPatientSearch,
  page: Page,
): Promise<Found<IntakeRecord>> {
  const { rows } = await tx.query<IntakeRecord & { total: number }>(
    `select s.id, s.patient_id as "patientId", s.version, s.answers, s.protocol_version as "protocolVersion",
            s.submitted_at as "submittedAt", s.submitted_by as "submittedBy",
            case when u.role = 'patient' then u.patient_id end as "submitterPatientId",
            count(*) over () as total
     from intake_submissions s
     join users u on u.id = s.submitted_by
     where ($1::uuid[] is null or s.id = any ($1)) and ($2::uuid is null or s.patient_id = $2)
       and ${dateSql(clinicDay("s.submitted_at"), 3)}
     order by s.submitted_at, s.id limit $5 offset $6`,
    [q.ids, q.patientId, ...dateArgs(q.date), page.limit, page.offset],
  );
  return paged(rows);
}

export async function searchFhirPlans(tx: Tx, q: ByPatientSearch, page: Page): Promise<Found<PlanRecord>> {
  const { rows } = await tx.query<PlanRecord & { total: number }>(
    `select t.id, t.patient_id as "patientId", t.created_by as "createdBy", t.concerns, t.zones, t.sessions,
            t.interval_weeks as "intervalWeeks", t.maintenance_months as "maintenanceMonths",
            t.price_cents as "priceCents", t.protocol_version as "protocolVersion", t.status,
            t.created_at as "createdAt", t.accepted_at as "acceptedAt", count(*) over () as total
     from treatment_plans t
     where ($1::uuid[] is null or t.id = any ($1)) and ($2::uuid is null or t.patient_id = $2)
       and ${dateSql(clinicDay("t.created_at"), 3)}
       and ($5::text is null or t.status = $5)
     order by t.created_at, t.id limit $6 offset $7`,
    [q.ids, q.patientId, ...dateArgs(q.date), q.status, page.limit, page.offset],
  );
  return paged(rows);
}

/**
 * The observations Remodel keeps, in one list: pregnancy status and Fitzpatrick type (derived
 * from the patient's record, present only when known) and outcome scores. `date` is the day the
 * observation was made (the record's last change for derived ones, in the clinic's time zone).
 */
export async function searchFhirObservations(
  tx: Tx,
  q: ObservationSearch,
  page: Page,
): Promise<Found<ObservationRecord>> {
  const { rows } = await tx.query<ObservationRecord & { total: number }>(
    `with obs as (
       select 'pregnancy' as kind, p.id::text as id, p.id as patient_id, p.pregnant, null::text as fitzpatrick,
              null::text as scale_id, null::text as rater, null::numeric as value, null::date as recorded_on,
              null::uuid as recorded_by, null::uuid as plan_id, null::uuid as chart_id, p.updated_at,
              ${clinicDay("p.updated_at")} as day, 1 as ord
       from patients p
       where 'pregnancy' = any ($1) and p.pregnant is not null and ($2::uuid[] is null or p.id = any ($2))
       union all
       select 'fitzpatrick', p.id::text, p.id, null, p.fitzpatrick, null, null, null, null, null, null, null,
              p.updated_at, ${clinicDay("p.updated_at")}, 2
       from patients p
       where 'fitzpatrick' = any ($1) and p.fitzpatrick is not null and ($3::uuid[] is null or p.id = any ($3))
       union all
       select 'outcome', s.id::text, s.patient_id, null, null, s.scale_id, s.rater, s.value, s.recorded_on,
              s.recorded_by, s.plan_id, s.chart_id, s.created_at, s.recorded_on, 3
       from outcome_scores s
       where 'outcome' = any ($1) and ($4::uuid[] is null or s.id = any ($4))
         and ($5::text is null or s.scale_id = $5))
     select kind, id, patient_id as "patientId", pregnant, fitzpatrick, scale_id as "scaleId", rater, value,
            recorded_on as "recordedOn", recorded_by as "recordedBy", plan_id as "planId", chart_id as "chartId",
            updated_at as "updatedAt", count(*) over () as total
     from obs
     where ($6::uuid is null or patient_id = $6) and ${dateSql("day", 7)}
     order by patient_id, ord, day, id limit $9 offset $10`,
    [
      q.kinds,
      q.pregnancyOf,
      q.fitzpatrickOf,
      q.scoreIds,
      q.scaleId,
      q.patientId,
      ...dateArgs(q.date),
      page.limit,
      page.offset,
    ],
  );
  return paged(rows);
}

/** Photos (when `photos`) and signed consent PDFs; `date` is the day taken or signed. */
export async function searchFhirDocuments(
  tx: Tx,
  q: DocumentSearch,
  page: Page,
): Promise<Found<DocumentRecord>> {
  const { rows } = await tx.query<DocumentRecord & { total: number }>(
    `with docs as (
       select 'photo' as kind, ph.id, ph.patient_id, ph.created_at, ph.view as label, ph.consent_scope as scope,
              ph.consent_id, ph.taken_on as day, ph.chart_id, null::int as template_version
       from photos ph
       -- A removed photo (042) is a tombstone whose files are gone: nothing to link to.
       where $1 and ($2::uuid[] is null or ph.id = any ($2)) and (to_jsonb(ph) ->> 'removed_at') is null
       union all
       select 'consent', c.id, c.patient_id, c.signed_at, c.kind, c.photo_scope, c.id,
              ${clinicDay("c.signed_at")}, null, c.template_version
       from consents c
       where ($3::uuid[] is null or c.id = any ($3)))
     select kind, id, patient_id as "patientId", created_at as "createdAt", label, scope,
            consent_id as "consentId", day::text as day, chart_id as "chartId",
            template_version as "templateVersion", count(*) over () as total
     from docs
     where ($4::uuid is null or patient_id = $4) and ${dateSql("day", 5)}
     order by created_at, id limit $7 offset $8`,
    [q.photos, q.photoIds, q.consentIds, q.patientId, ...dateArgs(q.date), page.limit, page.offset],
  );
  return paged(rows);
}

/**
 * The clinic's audit log, newest first. The patient an entry is about is the resource itself
 * (resource_type 'patient') or the `patientId` its detail names.
 */
export async function searchFhirAudit(tx: Tx, q: AuditSearch, page: Page): Promise<Found<AuditRecord>> {
  const { rows } = await tx.query<AuditRecord & { total: number }>(
    `select a.id, a.at, a.actor_user_id as "actorUserId", a.actor_role as "actorRole", a.action,
            a.resource_type as "resourceType", a.resource_id as "resourceId", a.patient_id as "patientId",
            host(a.ip) as ip, a.user_agent as "userAgent", count(*) over () as total
     from (select l.*, case when l.resource_type = 'patient' and l.resource_id ~* '^[0-9a-f-]{36}$' then l.resource_id
                            when l.detail ->> 'patientId' ~* '^[0-9a-f-]{36}$' then l.detail ->> 'patientId' end as patient_id
           from audit_log l) a
     where ($1::bigint[] is null or a.id = any ($1))
       and ($2::text is null or a.patient_id = $2)
       and ${dateSql(clinicDay("a.at"), 3)}
     order by a.id desc limit $5 offset $6`,
    [q.ids, q.patientId, ...dateArgs(q.date), page.limit, page.offset],
  );
  return paged(rows);
}
