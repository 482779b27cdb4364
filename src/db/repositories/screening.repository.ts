import type { Tx } from "../pool.ts";

export interface ScreeningRow {
  id: string;
  patientId: string;
  kind: "screening" | "rescreen";
  rescreenOf: string | null;
  protocolVersionId: string;
  protocolVersion: string;
  screeningDate: string;
  requestedAppointment: string;
  /** The column's check allows these four only. */
  outcome: "eligible" | "defer" | "needs-physician-clearance" | "decline";
  deferral: string;
  deferUntil: string | null;
  requiresReview: boolean;
  input: unknown;
  output: unknown;
  reviewNotes: unknown;
  screenedBy: string;
  screenedByName: string | null;
  createdAt: Date;
}

export interface NewScreening {
  patientId: string;
  kind: "screening" | "rescreen";
  rescreenOf: string | null;
  protocolVersionId: string;
  protocolVersion: string;
  screeningDate: string;
  requestedAppointment: string;
  outcome: string;
  deferral: string;
  deferUntil: string | null;
  requiresReview: boolean;
  input: unknown;
  output: unknown;
  reviewNotes: unknown;
  screenedBy: string;
}

const COLUMNS = `s.id, s.patient_id as "patientId", s.kind, s.rescreen_of as "rescreenOf",
  s.protocol_version_id as "protocolVersionId", s.protocol_version as "protocolVersion",
  s.screening_date as "screeningDate", s.requested_appointment as "requestedAppointment", s.outcome, s.deferral,
  s.defer_until as "deferUntil", s.requires_review as "requiresReview", s.input, s.output,
  s.review_notes as "reviewNotes", s.screened_by as "screenedBy", u.name as "screenedByName", s.created_at as "createdAt"`;
const FROM = "screenings s left join users u on u.clinic_id = s.clinic_id and u.id = s.screened_by";

export async function insertScreening(tx: Tx, s: NewScreening): Promise<string> {
  const { rows } = await tx.query<{ id: string }>(
    `insert into screenings (clinic_id, patient_id, kind, rescreen_of, protocol_version_id, protocol_version,
       screening_date, requested_appointment, outcome, deferral, defer_until, requires_review, input, output,
       review_notes, screened_by)
     values (app_clinic_id(), $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
     returning id`,
    [
      s.patientId,
      s.kind,
      s.rescreenOf,
      s.protocolVersionId,
      s.protocolVersion,
      s.screeningDate,
      s.requestedAppointment,
      s.outcome,
      s.deferral,
      s.deferUntil,
      s.requiresReview,
      JSON.stringify(s.input),
      JSON.stringify(s.output),
      JSON.stringify(s.reviewNotes),
      s.screenedBy,
    ],
  );
  return rows[0]!.id;
}

export async function getScreening(tx: Tx, id: string): Promise<ScreeningRow | null> {
  const { rows } = await tx.query<ScreeningRow>(`select ${COLUMNS} from ${FROM} where s.id = $1`, [id]);
  return rows[0] ?? null;
}

/** A patient's screenings, newest first. */
export async function listScreeningsForPatient(
  tx: Tx,
  patientId: string,
  limit: number,
  offset: number,
): Promise<{ rows: ScreeningRow[]; total: number }> {
  const { rows } = await tx.query<ScreeningRow & { total: number }>(
    `select ${COLUMNS}, count(*) over () as total from ${FROM}
     where s.patient_id = $1 order by s.created_at desc, s.id desc limit $2 offset $3`,
    [patientId, limit, offset],
  );
  return { rows: rows.map(({ total: _t, ...r }) => r), total: rows[0]?.total ?? 0 };
}

/**
 * The latest first-hand screening of each patient whose id sorts after `afterPatientId`, in patient
 * id order (a stable cursor for re-screening a clinic page by page).
 */
export async function listLatestScreeningsAfter(
  tx: Tx,
  afterPatientId: string | null,
  limit: number,
): Promise<ScreeningRow[]> {
  const { rows } = await tx.query<ScreeningRow>(
    `select distinct on (s.patient_id) ${COLUMNS} from ${FROM}
     where s.kind = 'screening' and ($1::uuid is null or s.patient_id > $1::uuid)
     order by s.patient_id, s.created_at desc, s.id desc
     limit $2`,
    [afterPatientId, limit],
  );
  return rows;
}

/** The version of the latest re-screen of each of these screenings. */
export async function latestRescreenVersions(tx: Tx, screeningIds: string[]): Promise<Map<string, string>> {
  if (screeningIds.length === 0) return new Map();
  const { rows } = await tx.query<{ rescreenOf: string; protocolVersion: string }>(
    `select distinct on (rescreen_of) rescreen_of as "rescreenOf", protocol_version as "protocolVersion"
     from screenings where rescreen_of = any($1::uuid[])
     order by rescreen_of, created_at desc, id desc`,
    [screeningIds],
  );
  return new Map(rows.map((r) => [r.rescreenOf, r.protocolVersion]));
}
