import type { Tx } from "../pool.ts";

export type Role = "owner" | "provider" | "front_desk" | "patient";
export type Credential = "physician" | "nurse" | "aesthetician";

export interface UserRow {
  id: string;
  clinicId: string;
  email: string;
  name: string;
  role: Role;
  credential: Credential | null;
  maxNeedleDepthMm: number | null;
  patientId: string | null;
}

export interface AccountMatch {
  userId: string;
  clinicId: string;
  clinicSlug: string;
  passwordHash: string;
}

const USER_COLUMNS = `id, clinic_id as "clinicId", email, name, role, credential,
  max_needle_depth_mm as "maxNeedleDepthMm", patient_id as "patientId"`;

/** Accounts with this e-mail in any clinic (through the sign-in door of the tenant wall). */
export async function findAccountsByEmail(tx: Tx, email: string): Promise<AccountMatch[]> {
  const { rows } = await tx.query<AccountMatch>(
    `select user_id as "userId", clinic_id as "clinicId", clinic_slug as "clinicSlug", password_hash as "passwordHash"
     from auth_find_accounts($1)`,
    [email],
  );
  return rows;
}

export async function getUser(tx: Tx, id: string): Promise<UserRow | null> {
  const { rows } = await tx.query<UserRow>(
    `select ${USER_COLUMNS} from users where id = $1 and disabled_at is null`,
    [id],
  );
  return rows[0] ?? null;
}

export interface NewUser {
  email: string;
  name: string;
  role: Role;
  credential: Credential | null;
  maxNeedleDepthMm: number | null;
  patientId: string | null;
  passwordHash: string | null;
}

export async function insertUser(tx: Tx, u: NewUser): Promise<UserRow> {
  const { rows } = await tx.query<UserRow>(
    `insert into users (clinic_id, email, name, role, credential, max_needle_depth_mm, patient_id, password_hash)
     values (app_clinic_id(), $1, $2, $3, $4, $5, $6, $7) returning ${USER_COLUMNS}`,
    [u.email, u.name, u.role, u.credential, u.maxNeedleDepthMm, u.patientId, u.passwordHash],
  );
  return rows[0]!;
}

export async function emailTaken(tx: Tx, email: string): Promise<boolean> {
  const { rowCount } = await tx.query("select 1 from users where email = $1", [email]);
  return (rowCount ?? 0) > 0;
}
