import type { ZoneTreatment } from "../../domain/record/chart-rules.ts";
import type { Tx } from "../pool.ts";

export type ChartStatus = "open" | "stopped" | "signed";

export interface ChartRow {
  id: string;
  patientId: string;
  planId: string | null;
  appointmentId: string | null;
  consentId: string;
  providerId: string;
  status: ChartStatus;
  sessionDate: string;
  protocolVersion: string;
  /** The stored protocol version row (null on charts started before the record named it). */
  protocolVersionId: string | null;
  rescreen: Record<string, unknown>;
  rescreenOutcome: string;
  checklist: Record<string, unknown>;
  zones: ZoneTreatment[];
  deviceId: string | null;
  cartridgeLot: string | null;
  cartridgeExpiry: string | null;
  postProduct: { productId: string; lot: string | null } | null;
  endpoint: string | null;
  /** The action is null once the patient's record is anonymised. */
  adverseEvents: { kind: string; severity: "mild" | "moderate" | "severe"; action: string | null }[];
  cosignedBy: string | null;
  cosignedAt: Date | null;
  cosignedZones: { zone: string; depthMm: number }[] | null;
  signedBy: string | null;
  signedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

const COLUMNS = `id, patient_id as "patientId", plan_id as "planId", appointment_id as "appointmentId",
  consent_id as "consentId", provider_id as "providerId", status, session_date as "sessionDate",
  protocol_version as "protocolVersion", protocol_version_id as "protocolVersionId", rescreen, rescreen_outcome as "rescreenOutcome", checklist, zones,
  device_id as "deviceId", cartridge_lot as "cartridgeLot", cartridge_expiry as "cartridgeExpiry",
  post_product as "postProduct", endpoint, adverse_events as "adverseEvents", cosigned_by as "cosignedBy",
  cosigned_at as "cosignedAt", cosigned_zones as "cosignedZones", signed_by as "signedBy",
  signed_at as "signedAt", created_at as "createdAt", updated_at as "updatedAt"`;

export async function insertChart(
  tx: Tx,
  c: {
    patientId: string;
    planId: string | null;
    appointmentId: string | null;
    consentId: string;
    providerId: string;
    status: "open" | "stopped";
    sessionDate: string;
    protocolVersion: string;
    protocolVersionId: string;
    rescreen: unknown;
    rescreenOutcome: string;
    zones: ZoneTreatment[];
  },
): Promise<ChartRow> {
  const { rows } = await tx.query<ChartRow>(
    `insert into session_charts (clinic_id, patient_id, plan_id, appointment_id, consent_id, provider_id, status,
       session_date, protocol_version, rescreen, rescreen_outcome, zones, protocol_version_id)
     values (app_clinic_id(), $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) returning ${COLUMNS}`,
    [
      c.patientId,
      c.planId,
      c.appointmentId,
      c.consentId,
      c.providerId,
      c.status,
      c.sessionDate,
      c.protocolVersion,
      JSON.stringify(c.rescreen),
      c.rescreenOutcome,
      JSON.stringify(c.zones),
      c.protocolVersionId,
    ],
  );
  return rows[0]!;
}

/** The chart, locked for this transaction so two saves of one chart queue rather than interleave. */
export async function getChartForUpdate(tx: Tx, id: string): Promise<ChartRow | null> {
  const { rows } = await tx.query<ChartRow>(
    `select ${COLUMNS} from session_charts where id = $1 for update`,
    [id],
  );
  return rows[0] ?? null;
}

export async function getChart(tx: Tx, id: string): Promise<ChartRow | null> {
  const { rows } = await tx.query<ChartRow>(`select ${COLUMNS} from session_charts where id = $1`, [id]);
  return rows[0] ?? null;
}

export async function listCharts(tx: Tx, patientId: string): Promise<ChartRow[]> {
  const { rows } = await tx.query<ChartRow>(
    `select ${COLUMNS} from session_charts where patient_id = $1 order by session_date desc, created_at desc`,
    [patientId],
  );
  return rows;
}

/** Zones of the patient's most recent signed session. */
export async function lastSignedZones(tx: Tx, patientId: string): Promise<ZoneTreatment[]> {
  const { rows } = await tx.query<{ zones: ZoneTreatment[] }>(
    `select zones from session_charts where patient_id = $1 and status = 'signed'
     order by session_date desc, signed_at desc limit 1`,
    [patientId],
  );
  return rows[0]?.zones ?? [];
}

export async function updateChartBody(
  tx: Tx,
  id: string,
  c: {
    checklist: unknown;
    zones: ZoneTreatment[];
    deviceId: string | null;
    cartridgeLot: string | null;
    cartridgeExpiry: string | null;
    postProduct: unknown;
    endpoint: string | null;
    adverseEvents: unknown[];
    cosign: { by: string; zones: { zone: string; depthMm: number }[] } | null;
  },
): Promise<ChartRow> {
  const { rows } = await tx.query<ChartRow>(
    `update session_charts set checklist = $2, zones = $3, device_id = $4, cartridge_lot = $5, cartridge_expiry = $6,
       post_product = $7, endpoint = $8, adverse_events = $9,
       cosigned_by = case when $10::uuid is null then cosigned_by else $10::uuid end,
       cosigned_at = case when $10::uuid is null then cosigned_at else now() end,
       cosigned_zones = case when $10::uuid is null then cosigned_zones else $11::jsonb end,
       updated_at = now()
     where id = $1 returning ${COLUMNS}`,
    [
      id,
      JSON.stringify(c.checklist),
      JSON.stringify(c.zones),
      c.deviceId,
      c.cartridgeLot,
      c.cartridgeExpiry,
      c.postProduct === null ? null : JSON.stringify(c.postProduct),
      c.endpoint,
      JSON.stringify(c.adverseEvents),
      c.cosign?.by ?? null,
      c.cosign ? JSON.stringify(c.cosign.zones) : null,
    ],
  );
  return rows[0]!;
}

export async function signChart(tx: Tx, id: string, userId: string): Promise<ChartRow> {
  const { rows } = await tx.query<ChartRow>(
    `update session_charts set status = 'signed', signed_by = $2, signed_at = now(), updated_at = now()
     where id = $1 returning ${COLUMNS}`,
    [id, userId],
  );
  return rows[0]!;
}

export interface AddendumRow {
  id: string;
  chartId: string;
  authorId: string;
  text: string;
  createdAt: Date;
}

export async function insertAddendum(
  tx: Tx,
  chartId: string,
  authorId: string,
  text: string,
): Promise<AddendumRow> {
  const { rows } = await tx.query<AddendumRow>(
    `insert into chart_addenda (clinic_id, chart_id, author_id, text) values (app_clinic_id(), $1, $2, $3)
     returning id, chart_id as "chartId", author_id as "authorId", text, created_at as "createdAt"`,
    [chartId, authorId, text],
  );
  return rows[0]!;
}

export async function listAddenda(tx: Tx, chartId: string): Promise<AddendumRow[]> {
  const { rows } = await tx.query<AddendumRow>(
    `select id, chart_id as "chartId", author_id as "authorId", text, created_at as "createdAt"
     from chart_addenda where chart_id = $1 order by created_at, id`,
    [chartId],
  );
  return rows;
}

export async function listDevices(tx: Tx): Promise<{ id: string; name: string }[]> {
  const { rows } = await tx.query("select id, name from devices order by name, id");
  return rows;
}

export async function deviceExists(tx: Tx, id: string): Promise<boolean> {
  const { rows } = await tx.query("select 1 from devices where id = $1", [id]);
  return rows.length > 0;
}

/** Whether an appointment of this clinic (row-level security decides) is this patient's. */
export async function appointmentOfPatient(
  tx: Tx,
  appointmentId: string,
  patientId: string,
): Promise<boolean> {
  const { rows } = await tx.query("select 1 from appointments where id = $1 and patient_id = $2", [
    appointmentId,
    patientId,
  ]);
  return rows.length > 0;
}

/** A co-signer candidate: an active account of this clinic, with what a co-signature needs. */
export async function getCosigner(
  tx: Tx,
  email: string,
): Promise<{
  id: string;
  role: string;
  credential: string | null;
  maxNeedleDepthMm: number | null;
  passwordHash: string | null;
} | null> {
  const { rows } = await tx.query(
    `select id, role, credential, max_needle_depth_mm as "maxNeedleDepthMm", password_hash as "passwordHash"
     from users where email = $1 and disabled_at is null`,
    [email],
  );
  return rows[0] ?? null;
}

/** Every chart that used a cartridge lot or a post-procedure product lot (lot recall). */
export async function chartsByLot(
  tx: Tx,
  lot: string,
): Promise<
  {
    chartId: string;
    patientId: string;
    sessionDate: string;
    match: "cartridge" | "product";
    patient: { givenName: string; familyName: string; email: string | null; phone: string | null } | null;
  }[]
> {
  // The patient's name and contact come along: the recall screen writes to each patient.
  const { rows } = await tx.query(
    `select c.id as "chartId", c.patient_id as "patientId", c.session_date as "sessionDate",
            case when c.cartridge_lot = $1 then 'cartridge' else 'product' end as match,
            case when p.id is null then null else json_build_object('givenName', p.given_name,
              'familyName', p.family_name, 'email', p.email, 'phone', p.phone) end as patient
     from session_charts c left join patients p on p.id = c.patient_id
     where c.cartridge_lot = $1 or c.post_product->>'lot' = $1
     order by c.session_date, c.id`,
    [lot],
  );
  return rows;
}

/** A treatment-session appointment a chart may be linked to. */
export interface ChartAppointment {
  id: string;
  patientId: string;
  kind: string;
  status: string;
  startsAt: Date;
}

export async function getChartAppointment(tx: Tx, id: string): Promise<ChartAppointment | null> {
  const { rows } = await tx.query<ChartAppointment>(
    `select a.id, a.patient_id as "patientId", t.kind, a.status, a.starts_at as "startsAt"
     from appointments a join appointment_types t on t.id = a.type_id where a.id = $1`,
    [id],
  );
  return rows[0] ?? null;
}

/** The patient's live treatment-session appointment starting in [from, to) with no chart yet. */
export async function sessionAppointmentBetween(
  tx: Tx,
  patientId: string,
  from: Date,
  to: Date,
): Promise<ChartAppointment | null> {
  const { rows } = await tx.query<ChartAppointment>(
    `select a.id, a.patient_id as "patientId", t.kind, a.status, a.starts_at as "startsAt"
     from appointments a join appointment_types t on t.id = a.type_id
     where a.patient_id = $1 and t.kind = 'microneedling' and a.status in ('booked', 'checked_in', 'completed')
       and a.held_until is null and a.starts_at >= $2 and a.starts_at < $3
       and not exists (select 1 from session_charts c where c.appointment_id = a.id and c.status <> 'stopped')
     order by a.starts_at limit 1`,
    [patientId, from, to],
  );
  return rows[0] ?? null;
}

/** Whether an appointment already has a chart that went ahead (open or signed). */
export async function appointmentCharted(tx: Tx, appointmentId: string): Promise<boolean> {
  const { rows } = await tx.query(
    "select 1 from session_charts where appointment_id = $1 and status <> 'stopped' limit 1",
    [appointmentId],
  );
  return rows.length > 0;
}

/** Sessions charted on a plan that went ahead (open or signed). */
export async function chartedSessionsOnPlan(tx: Tx, planId: string): Promise<number> {
  const { rows } = await tx.query<{ n: number }>(
    "select count(*)::int as n from session_charts where plan_id = $1 and status <> 'stopped'",
    [planId],
  );
  return rows[0]?.n ?? 0;
}

/** The patient's plan a new session belongs to: the latest accepted one, else the latest proposed. */
export async function currentPlanId(tx: Tx, patientId: string): Promise<string | null> {
  const { rows } = await tx.query<{ id: string }>(
    `select id from treatment_plans where patient_id = $1 and status <> 'withdrawn'
     order by (status = 'accepted') desc, created_at desc limit 1`,
    [patientId],
  );
  return rows[0]?.id ?? null;
}

export interface MedicationReviewRow {
  id: string;
  patientId: string;
  name: string;
  nameKey: string;
  decision: "not-relevant" | "class";
  classId: string | null;
  reason: string;
  protocolVersion: string;
  reviewedBy: string;
  reviewedAt: Date;
}

const REVIEW_COLUMNS = `id, patient_id as "patientId", name, name_key as "nameKey", decision, class_id as "classId",
  reason, protocol_version as "protocolVersion", reviewed_by as "reviewedBy", reviewed_at as "reviewedAt"`;

export async function insertMedicationReview(
  tx: Tx,
  r: Omit<MedicationReviewRow, "id" | "reviewedAt">,
): Promise<MedicationReviewRow> {
  const { rows } = await tx.query<MedicationReviewRow>(
    `insert into medication_reviews (clinic_id, patient_id, name, name_key, decision, class_id, reason, protocol_version, reviewed_by)
     values (app_clinic_id(), $1, $2, $3, $4, $5, $6, $7, $8) returning ${REVIEW_COLUMNS}`,
    [r.patientId, r.name, r.nameKey, r.decision, r.classId, r.reason, r.protocolVersion, r.reviewedBy],
  );
  return rows[0]!;
}

/** The patient's medication reviews, oldest first (so the latest of a name is applied last). */
export async function listMedicationReviews(tx: Tx, patientId: string): Promise<MedicationReviewRow[]> {
  const { rows } = await tx.query<MedicationReviewRow>(
    `select ${REVIEW_COLUMNS} from medication_reviews where patient_id = $1 order by reviewed_at, id`,
    [patientId],
  );
  return rows;
}
