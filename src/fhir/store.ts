/**
 * The queries behind the FHIR API, import and export: one function, one query, run inside the
 * caller's clinic-scoped transaction (row-level security keeps every query to one clinic).
 */
import type { Tx } from "../db/pool.ts";
import type {
  AppointmentRecord,
  ChartRecord,
  ClinicRecord,
  ConditionRecord,
  ConsentRecord,
  LocationRecord,
  MedicationRecord,
  PatientRecord,
  PractitionerRecord,
} from "./to-fhir.ts";

export interface Page {
  limit: number;
  offset: number;
}

export interface Found<T> {
  rows: T[];
  total: number;
}

function paged<T>(rows: (T & { total?: number })[]): Found<T> {
  const total = rows[0]?.total ?? 0;
  return { rows: rows.map(({ total: _t, ...r }) => r as T), total: Number(total) };
}

/** A date comparison from a FHIR search value: prefix (eq, ge, le, gt, lt) and day. */
export interface DateFilter {
  op: "eq" | "ge" | "le" | "gt" | "lt" | "ne";
  day: string;
}

const PATIENT_COLUMNS = `p.id, p.given_name as "givenName", p.family_name as "familyName", p.date_of_birth as "dateOfBirth",
  p.sex, p.email, p.phone, p.fitzpatrick, p.pregnant, p.breastfeeding, p.delivery_date as "deliveryDate",
  p.updated_at as "updatedAt",
  coalesce((select json_agg(json_build_object('system', i.system, 'value', i.value) order by i.created_at, i.system, i.value)
            from patient_identifiers i where i.patient_id = p.id), '[]') as identifiers`;

// The date filters are written out once here and reused by each search (same operators everywhere).
const dateSql = (column: string, n: number) =>
  `($${n}::text is null or case $${n}::text
     when 'eq' then ${column} = $${n + 1}::date when 'ne' then ${column} <> $${n + 1}::date
     when 'ge' then ${column} >= $${n + 1}::date when 'le' then ${column} <= $${n + 1}::date
     when 'gt' then ${column} > $${n + 1}::date when 'lt' then ${column} < $${n + 1}::date end)`;

export interface PatientSearch {
  ids: string[] | null;
  name: string | null;
  birthdate: DateFilter | null;
  identifierSystem: string | null;
  identifierValue: string | null;
}

export async function searchPatientRecords(
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
    [
      q.ids,
      name,
      q.birthdate?.op ?? null,
      q.birthdate?.day ?? null,
      q.identifierValue,
      q.identifierSystem,
      page.limit,
      page.offset,
    ],
  );
  return paged(rows);
}

export async function getPatientRecord(tx: Tx, id: string): Promise<PatientRecord | null> {
  const { rows } = await tx.query<PatientRecord>(
    `select ${PATIENT_COLUMNS} from patients p where p.id = $1`,
    [id],
  );
  return rows[0] ?? null;
}

export async function listPractitionerRecords(
  tx: Tx,
  ids: string[] | null,
  page: Page,
): Promise<Found<PractitionerRecord>> {
  const { rows } = await tx.query<PractitionerRecord & { total: number }>(
    `select id, name, email, role, credential, max_needle_depth_mm as "maxNeedleDepthMm", disabled_at is null as active,
            count(*) over () as total
     from users where role in ('provider', 'owner') and ($1::uuid[] is null or id = any ($1))
     order by name, id limit $2 offset $3`,
    [ids, page.limit, page.offset],
  );
  return paged(rows);
}

export async function getClinicRecord(tx: Tx): Promise<ClinicRecord | null> {
  const { rows } = await tx.query<ClinicRecord>(
    "select id, name, phone, email from clinics where id = app_clinic_id()",
  );
  return rows[0] ?? null;
}

export async function listLocationRecords(
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

export interface ByPatientSearch {
  ids: string[] | null;
  patientId: string | null;
  date: DateFilter | null;
  status: string | null;
}

export async function searchAppointmentRecords(
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
     where (to_jsonb(a) ->> 'held_until') is null
       and ($1::uuid[] is null or a.id = any ($1))
       and ($2::uuid is null or a.patient_id = $2)
       and ${dateSql("(a.starts_at at time zone l.time_zone)::date", 3)}
       and ($5::text is null or a.status = $5)
     order by a.starts_at, a.id
     limit $6 offset $7`,
    [q.ids, q.patientId, q.date?.op ?? null, q.date?.day ?? null, q.status, page.limit, page.offset],
  );
  return paged(rows);
}

const CONDITION_COLUMNS = `c.id, c.patient_id as "patientId", c.condition_id as "conditionId", c.label, c.icd10cm, c.snomed,
  c.status, c.in_treatment_area as "inTreatmentArea", c.site, c.severity, c.onset, c.resolved, c.updated_at as "updatedAt"`;

export async function searchConditionRecords(
  tx: Tx,
  q: ByPatientSearch & { code: string | null },
  page: Page,
): Promise<Found<ConditionRecord>> {
  const { rows } = await tx.query<ConditionRecord & { total: number }>(
    `select ${CONDITION_COLUMNS}, count(*) over () as total
     from patient_conditions c
     where ($1::uuid[] is null or c.id = any ($1))
       and ($2::uuid is null or c.patient_id = $2)
       and ${dateSql("c.onset", 3)}
       and ($5::text is null or c.status = $5)
       and ($6::text is null or $6 in (c.condition_id, c.icd10cm, c.snomed))
     order by c.patient_id, c.onset nulls first, c.id
     limit $7 offset $8`,
    [q.ids, q.patientId, q.date?.op ?? null, q.date?.day ?? null, q.status, q.code, page.limit, page.offset],
  );
  return paged(rows);
}

const MEDICATION_COLUMNS = `m.id, m.patient_id as "patientId", m.ingredient, m.product, m.rxnorm, m.route, m.prescribed,
  m.ongoing, m.last_taken as "lastTaken", m.started, m.indication, m.updated_at as "updatedAt"`;

export async function searchMedicationRecords(
  tx: Tx,
  q: ByPatientSearch & { code: string | null },
  page: Page,
): Promise<Found<MedicationRecord>> {
  const { rows } = await tx.query<MedicationRecord & { total: number }>(
    `select ${MEDICATION_COLUMNS}, count(*) over () as total
     from patient_medications m
     where ($1::uuid[] is null or m.id = any ($1))
       and ($2::uuid is null or m.patient_id = $2)
       and ${dateSql("coalesce(m.started, m.last_taken)", 3)}
       and ($5::text is null or (case when m.ongoing then 'active' else 'completed' end) = $5)
       and ($6::text is null or m.rxnorm = $6)
     order by m.patient_id, m.started nulls first, m.id
     limit $7 offset $8`,
    [q.ids, q.patientId, q.date?.op ?? null, q.date?.day ?? null, q.status, q.code, page.limit, page.offset],
  );
  return paged(rows);
}

/** Whether a table of the clinical record exists yet (Consent and Procedure map onto them). */
export async function tableExists(tx: Tx, table: string): Promise<boolean> {
  const { rows } = await tx.query<{ ok: boolean }>("select to_regclass($1) is not null as ok", [table]);
  return rows[0]?.ok ?? false;
}

export async function searchConsentRecords(
  tx: Tx,
  q: ByPatientSearch,
  page: Page,
): Promise<Found<ConsentRecord>> {
  const { rows } = await tx.query<ConsentRecord & { total: number }>(
    `select c.id, c.patient_id as "patientId", c.kind, c.photo_scope as "photoScope",
            c.template_version as "templateVersion", c.signed_at as "signedAt", count(*) over () as total
     from consents c
     where ($1::uuid[] is null or c.id = any ($1)) and ($2::uuid is null or c.patient_id = $2)
     order by c.signed_at, c.id limit $3 offset $4`,
    [q.ids, q.patientId, page.limit, page.offset],
  );
  return paged(rows);
}

export async function searchChartRecords(
  tx: Tx,
  q: ByPatientSearch,
  page: Page,
): Promise<Found<ChartRecord>> {
  const { rows } = await tx.query<ChartRecord & { total: number }>(
    `select c.id, c.patient_id as "patientId", c.provider_id as "providerId", c.appointment_id as "appointmentId",
            c.status, c.session_date as "sessionDate", c.device_id as "deviceId", c.zones, c.endpoint,
            count(*) over () as total
     from session_charts c
     where ($1::uuid[] is null or c.id = any ($1)) and ($2::uuid is null or c.patient_id = $2)
       and ${dateSql("c.session_date", 3)}
     order by c.session_date, c.id limit $5 offset $6`,
    [q.ids, q.patientId, q.date?.op ?? null, q.date?.day ?? null, page.limit, page.offset],
  );
  return paged(rows);
}

// ---------------------------------------------------------------------------------------------
// Import
// ---------------------------------------------------------------------------------------------

export async function findPatientByIdentifier(tx: Tx, system: string, value: string): Promise<string | null> {
  const { rows } = await tx.query<{ patientId: string }>(
    `select patient_id as "patientId" from patient_identifiers where system = $1 and value = $2`,
    [system, value],
  );
  return rows[0]?.patientId ?? null;
}

export interface PatientFields {
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  sex: string;
  email: string | null;
  phone: string | null;
}

export async function insertImportedPatient(tx: Tx, p: PatientFields): Promise<string> {
  const { rows } = await tx.query<{ id: string }>(
    `insert into patients (clinic_id, given_name, family_name, date_of_birth, sex, email, phone)
     values (app_clinic_id(), $1, $2, $3, $4, $5, $6) returning id`,
    [p.givenName, p.familyName, p.dateOfBirth, p.sex, p.email, p.phone],
  );
  return rows[0]!.id;
}

/** Updates the demographics an import carries; false when nothing changed. */
export async function updateImportedPatient(tx: Tx, id: string, p: PatientFields): Promise<boolean> {
  const { rowCount } = await tx.query(
    `update patients set given_name = $2, family_name = $3, date_of_birth = $4, sex = $5,
            email = coalesce($6, email), phone = coalesce($7, phone), updated_at = now()
     where id = $1 and (given_name, family_name, date_of_birth, sex, email, phone)
       is distinct from ($2, $3, $4::date, $5, coalesce($6, email)::citext, coalesce($7, phone))`,
    [id, p.givenName, p.familyName, p.dateOfBirth, p.sex, p.email, p.phone],
  );
  return (rowCount ?? 0) > 0;
}

/** Adds an identifier; returns the patient it names (another patient's when it was taken). */
export async function claimIdentifier(
  tx: Tx,
  patientId: string,
  system: string,
  value: string,
): Promise<string> {
  const { rows } = await tx.query<{ patientId: string }>(
    `with ins as (
       insert into patient_identifiers (clinic_id, patient_id, system, value) values (app_clinic_id(), $1, $2, $3)
       on conflict (clinic_id, system, value) do nothing returning patient_id)
     select patient_id as "patientId" from ins
     union all
     select patient_id from patient_identifiers where system = $2 and value = $3
     limit 1`,
    [patientId, system, value],
  );
  return rows[0]!.patientId;
}

export type UpsertResult = "created" | "updated" | "unchanged";

const upsertResult = (rows: { inserted: boolean }[]): UpsertResult =>
  rows.length === 0 ? "unchanged" : rows[0]!.inserted ? "created" : "updated";

export interface ConditionFields {
  conditionId: string | null;
  label: string;
  icd10cm: string | null;
  snomed: string | null;
  status: string;
  inTreatmentArea: boolean;
  site: string | null;
  severity: string | null;
  onset: string | null;
  resolved: string | null;
}

export async function upsertImportedCondition(
  tx: Tx,
  patientId: string,
  sourceRef: string,
  c: ConditionFields,
): Promise<UpsertResult> {
  const { rows } = await tx.query<{ inserted: boolean }>(
    `insert into patient_conditions as t (clinic_id, patient_id, condition_id, label, icd10cm, snomed, status,
       in_treatment_area, site, severity, onset, resolved, source, source_ref)
     values (app_clinic_id(), $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'fhir', $12)
     on conflict (clinic_id, patient_id, source, source_ref) do update set
       condition_id = excluded.condition_id, label = excluded.label, icd10cm = excluded.icd10cm,
       snomed = excluded.snomed, status = excluded.status, in_treatment_area = excluded.in_treatment_area,
       site = excluded.site, severity = excluded.severity, onset = excluded.onset, resolved = excluded.resolved,
       updated_at = now()
     where (t.condition_id, t.label, t.icd10cm, t.snomed, t.status, t.in_treatment_area, t.site, t.severity,
            t.onset, t.resolved)
       is distinct from (excluded.condition_id, excluded.label, excluded.icd10cm, excluded.snomed, excluded.status,
            excluded.in_treatment_area, excluded.site, excluded.severity, excluded.onset, excluded.resolved)
     returning (xmax = 0) as inserted`,
    [
      patientId,
      c.conditionId,
      c.label,
      c.icd10cm,
      c.snomed,
      c.status,
      c.inTreatmentArea,
      c.site,
      c.severity,
      c.onset,
      c.resolved,
      sourceRef,
    ],
  );
  return upsertResult(rows);
}

export interface MedicationFields {
  ingredient: string;
  product: string | null;
  rxnorm: string | null;
  route: string;
  prescribed: boolean;
  ongoing: boolean;
  lastTaken: string | null;
  started: string | null;
  indication: string | null;
}

export async function upsertImportedMedication(
  tx: Tx,
  patientId: string,
  sourceRef: string,
  m: MedicationFields,
): Promise<UpsertResult> {
  const { rows } = await tx.query<{ inserted: boolean }>(
    `insert into patient_medications as t (clinic_id, patient_id, ingredient, product, rxnorm, route, prescribed,
       ongoing, last_taken, started, indication, source, source_ref)
     values (app_clinic_id(), $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'fhir', $11)
     on conflict (clinic_id, patient_id, source, source_ref) do update set
       ingredient = excluded.ingredient, product = excluded.product, rxnorm = excluded.rxnorm,
       route = excluded.route, prescribed = excluded.prescribed, ongoing = excluded.ongoing,
       last_taken = excluded.last_taken, started = excluded.started, indication = excluded.indication,
       updated_at = now()
     where (t.ingredient, t.product, t.rxnorm, t.route, t.prescribed, t.ongoing, t.last_taken, t.started, t.indication)
       is distinct from (excluded.ingredient, excluded.product, excluded.rxnorm, excluded.route, excluded.prescribed,
            excluded.ongoing, excluded.last_taken, excluded.started, excluded.indication)
     returning (xmax = 0) as inserted`,
    [
      patientId,
      m.ingredient,
      m.product,
      m.rxnorm,
      m.route,
      m.prescribed,
      m.ongoing,
      m.lastTaken,
      m.started,
      m.indication,
      sourceRef,
    ],
  );
  return upsertResult(rows);
}

/**
 * Records a pregnancy or breastfeeding state from imported evidence. `true` always applies (the
 * safer reading); `false` only fills an unknown state, never overrides what the clinic recorded.
 */
export async function applyImportedState(
  tx: Tx,
  patientId: string,
  state: "pregnant" | "breastfeeding",
  value: boolean,
): Promise<boolean> {
  const column = state === "pregnant" ? "pregnant" : "breastfeeding";
  const { rowCount } = await tx.query(
    `update patients set ${column} = $2, updated_at = now()
     where id = $1 and (case when $2 then ${column} is distinct from true else ${column} is null end)`,
    [patientId, value],
  );
  return (rowCount ?? 0) > 0;
}
