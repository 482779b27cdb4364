/**
 * Physicians' grants of clearance (migration 072): append-only, one per screening. One query per
 * function.
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
}

const SELECT = `select g.id, g.patient_id as "patientId", g.screening_id as "screeningId",
    json_build_object('id', g.granted_by, 'name', u.name) as "grantedBy", g.granted_at as "grantedAt",
    to_char(g.granted_on, 'YYYY-MM-DD') as "grantedOn", g.reasons, g.note,
    g.protocol_version as "protocolVersion", g.decision
  from clearance_grants g left join users u on u.clinic_id = g.clinic_id and u.id = g.granted_by`;

export async function insertClearanceGrant(tx: Tx, g: NewClearanceGrant): Promise<{ id: string } | null> {
  const { rows } = await tx.query<{ id: string }>(
    `insert into clearance_grants (clinic_id, patient_id, screening_id, granted_by, granted_on, reasons, note,
       protocol_version, decision)
     values (app_clinic_id(), $1, $2, $3, $4, $5, $6, $7, $8)
     on conflict (clinic_id, screening_id) do nothing
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

/** The grant of one screening, as the stored-screening reader takes it (snake_case JSON). */
export async function clearanceGrantJson(
  tx: Tx,
  screeningId: string,
): Promise<Record<string, unknown> | null> {
  const { rows } = await tx.query<{ row: Record<string, unknown> }>(
    `select jsonb_build_object('screening_id', screening_id, 'granted_on', to_char(granted_on, 'YYYY-MM-DD'),
       'reasons', to_jsonb(reasons), 'decision', decision) as row
     from clearance_grants where screening_id = $1`,
    [screeningId],
  );
  return rows[0]?.row ?? null;
}
