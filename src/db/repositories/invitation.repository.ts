import type { Tx } from "../pool.ts";
import type { Credential, Role } from "./user.repository.ts";

export interface InvitationRow {
  id: string;
  email: string;
  name: string;
  role: Exclude<Role, "patient">;
  credential: Credential | null;
  maxNeedleDepthMm: number | null;
  expiresAt: Date;
}

const COLUMNS = `id, email, name, role, credential, max_needle_depth_mm as "maxNeedleDepthMm", expires_at as "expiresAt"`;

export async function insertInvitation(
  tx: Tx,
  i: Omit<InvitationRow, "id"> & { tokenHash: Buffer; invitedBy: string },
): Promise<InvitationRow> {
  const { rows } = await tx.query<InvitationRow>(
    `insert into invitations (clinic_id, email, name, role, credential, max_needle_depth_mm, token_hash, invited_by, expires_at)
     values (app_clinic_id(), $1, $2, $3, $4, $5, $6, $7, $8) returning ${COLUMNS}`,
    [i.email, i.name, i.role, i.credential, i.maxNeedleDepthMm, i.tokenHash, i.invitedBy, i.expiresAt],
  );
  return rows[0]!;
}

/** The clinic an open invitation belongs to (through the invitation door of the tenant wall). */
export async function findInvitationClinic(
  tx: Tx,
  tokenHash: Buffer,
): Promise<{ invitationId: string; clinicId: string } | null> {
  const { rows } = await tx.query<{ invitationId: string; clinicId: string }>(
    `select invitation_id as "invitationId", clinic_id as "clinicId" from auth_find_invitation($1)`,
    [tokenHash],
  );
  return rows[0] ?? null;
}

/** Marks the invitation used and returns it; null when it was already used or has expired. */
export async function acceptInvitation(tx: Tx, id: string): Promise<InvitationRow | null> {
  const { rows } = await tx.query<InvitationRow>(
    `update invitations set accepted_at = now() where id = $1 and accepted_at is null and expires_at > now()
     returning ${COLUMNS}`,
    [id],
  );
  return rows[0] ?? null;
}
