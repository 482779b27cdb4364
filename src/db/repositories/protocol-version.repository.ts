import type { Tx } from "../pool.ts";

export interface ProtocolVersionRow {
  id: string;
  version: string;
  ruleset: string;
  choices: Record<string, unknown>;
  createdBy: string | null;
  createdAt: Date;
}

export interface StoredProtocolVersion extends ProtocolVersionRow {
  protocol: unknown;
}

export interface ProtocolSelectionRow {
  id: number;
  versionId: string;
  version: string;
  choices: Record<string, unknown>;
  selectedBy: string;
  selectedByName: string | null;
  selectedAt: Date;
}

const VERSION_COLUMNS = `v.id, v.version, v.ruleset, v.choices, v.created_by as "createdBy", v.created_at as "createdAt"`;

/** The clinic's current version (the latest selection) with its protocol data, or null (default). */
export async function findCurrentProtocolVersion(tx: Tx): Promise<StoredProtocolVersion | null> {
  const { rows } = await tx.query<StoredProtocolVersion>(
    `select ${VERSION_COLUMNS}, v.protocol
     from protocol_selections s join protocol_versions v on v.clinic_id = s.clinic_id and v.id = s.version_id
     order by s.id desc limit 1`,
  );
  return rows[0] ?? null;
}

export async function findProtocolVersionId(tx: Tx, version: string): Promise<string | null> {
  const { rows } = await tx.query<{ id: string }>("select id from protocol_versions where version = $1", [
    version,
  ]);
  return rows[0]?.id ?? null;
}

export async function getProtocolVersionById(tx: Tx, id: string): Promise<StoredProtocolVersion | null> {
  const { rows } = await tx.query<StoredProtocolVersion>(
    `select ${VERSION_COLUMNS}, v.protocol from protocol_versions v where v.id = $1`,
    [id],
  );
  return rows[0] ?? null;
}

/** Stores a version unless the clinic already has it (versions are content-addressed); returns its id. */
export async function insertProtocolVersion(
  tx: Tx,
  v: { version: string; ruleset: string; choices: unknown; protocol: unknown; createdBy: string | null },
): Promise<string> {
  const { rows } = await tx.query<{ id: string }>(
    `with inserted as (
       insert into protocol_versions (clinic_id, version, ruleset, choices, protocol, created_by)
       values (app_clinic_id(), $1, $2, $3, $4, $5)
       on conflict (clinic_id, version) do nothing
       returning id
     )
     select id from inserted union all select id from protocol_versions where version = $1
     limit 1`,
    [v.version, v.ruleset, JSON.stringify(v.choices), JSON.stringify(v.protocol), v.createdBy],
  );
  if (rows[0]) return rows[0].id;
  // A concurrent transaction stored the same version first: its row committed after this
  // statement's snapshot was taken, so only a new statement sees it.
  const again = await tx.query<{ id: string }>("select id from protocol_versions where version = $1", [
    v.version,
  ]);
  return again.rows[0]!.id;
}

export async function insertProtocolSelection(tx: Tx, versionId: string, selectedBy: string): Promise<void> {
  await tx.query(
    "insert into protocol_selections (clinic_id, version_id, selected_by) values (app_clinic_id(), $1, $2)",
    [versionId, selectedBy],
  );
}

/** Every selection, newest first, with who made it. */
export async function listProtocolSelections(
  tx: Tx,
  limit: number,
  offset: number,
): Promise<{ rows: ProtocolSelectionRow[]; total: number }> {
  const { rows } = await tx.query<ProtocolSelectionRow & { total: number }>(
    `select s.id, s.version_id as "versionId", v.version, v.choices, s.selected_by as "selectedBy",
            u.name as "selectedByName", s.selected_at as "selectedAt", count(*) over () as total
     from protocol_selections s
     join protocol_versions v on v.clinic_id = s.clinic_id and v.id = s.version_id
     left join users u on u.clinic_id = s.clinic_id and u.id = s.selected_by
     order by s.id desc limit $1 offset $2`,
    [limit, offset],
  );
  return { rows: rows.map(({ total: _t, ...r }) => r), total: rows[0]?.total ?? 0 };
}
