/**
 * Physicians' grants of clearance (migrations 072, 081): append-only, at most one live grant per
 * screening; a withdrawal is written once on the grant row. One query per function.
 */
import type { Tx } from "../pool.ts";

export interface NewClearanceGrant {
  patientId: string;
  screeningId: string;
  grantedBy: string;
  grantedOn: string;
  reasons: string[];
  note: string;
  protocolVersion: string;
  decision: unknown;
}

export interface ClearanceGrantRow {
  id: string;
  patientId: string;
  screeningId: string;
  grantedBy: { id: string; name: string | null };
  grantedAt: Date;
  grantedOn: string;
  reasons: string[];
  note: string;
  protocolVersion: string;
  decision: Record<string, unknown>;
  withdrawn: { at: string; by: { id: string; name: string | null }; reason: string } | null;
}

const SELECT = `select g.id, g.patient_id as "patientId", g.screening_id as "screeningId",
    json_build_object('id', g.granted_by, 'name', u.name) as "grantedBy", g.granted_at as "grantedAt",
    to_char(g.granted_on, 'YYYY-MM-DD') as "grantedOn", g.reasons, g.note,
    g.protocol_version as "protocolVersion", g.decision,
    case when g.withdrawn_at is null then null else json_build_object('at', g.withdrawn_at,
      'by', json_build_object('id', g.withdrawn_by, 'name', w.name), 'reason', g.withdrawn_reason) end as withdrawn
  from clearance_grants g left join users u on u.clinic_id = g.clinic_id and u.id = g.granted_by
    left join users w on w.clinic_id = g.clinic_id and w.id = g.withdrawn_by`;

export async function insertClearanceGrant(tx: Tx, g: NewClearanceGrant): Promise<{ id: string } | null> {
  const { rows } = await tx.query<{ id: string }>(
    `insert into clearance_grants (clinic_id, patient_id, screening_id, granted_by, granted_on, reasons, note,
       protocol_version, decision)
     values (app_clinic_id(), $1, $2, $3, $4, $5, $6, $7, $8)
     on conflict (clinic_id, screening_id) where withdrawn_at is null do nothing
     returning id`,
    [
      g.patientId,
      g.screeningId,
      g.grantedBy,
      g.grantedOn,
      g.reasons,
      g.note,
      g.protocolVersion,
      JSON.stringify(g.decision),
    ],
  );
  return rows[0] ?? null;
}

export async function listClearanceGrants(tx: Tx, patientId: string): Promise<ClearanceGrantRow[]> {
  const { rows } = await tx.query<ClearanceGrantRow>(
    `${SELECT} where g.patient_id = $1 order by g.granted_at desc, g.id`,
    [patientId],
  );
  return rows;
}

/** One grant; null when there is none with that id (in the clinic). */
export async function getClearanceGrant(tx: Tx, id: string): Promise<ClearanceGrantRow | null> {
  const { rows } = await tx.query<ClearanceGrantRow>(`${SELECT} where g.id = $1`, [id]);
  return rows[0] ?? null;
}

/**
 * Writes a withdrawal on a live grant; false when the grant is already withdrawn (or gone). The
 * database stamps the time and checks that the one withdrawing is a physician.
 */
export async function withdrawClearanceGrant(
  tx: Tx,
  id: string,
  w: { withdrawnBy: string; reason: string },
): Promise<boolean> {
  const { rowCount } = await tx.query(
    `update clearance_grants set withdrawn_at = now(), withdrawn_by = $2, withdrawn_reason = $3
     where id = $1 and withdrawn_at is null`,
    [id, w.withdrawnBy, w.reason],
  );
  return (rowCount ?? 0) > 0;
}

/**
 * The live (not withdrawn) grant of one screening, as the stored-screening reader takes it
 * (snake_case JSON); null when there is none, so a withdrawn grant clears nothing.
 */
export async function clearanceGrantJson(
  tx: Tx,
  screeningId: string,
): Promise<Record<string, unknown> | null> {
  const { rows } = await tx.query<{ row: Record<string, unknown> }>(
    `select jsonb_build_object('screening_id', screening_id, 'granted_on', to_char(granted_on, 'YYYY-MM-DD'),
       'reasons', to_jsonb(reasons), 'decision', decision) as row
     from clearance_grants where screening_id = $1 and withdrawn_at is null`,
    [screeningId],
  );
  return rows[0]?.row ?? null;
}
