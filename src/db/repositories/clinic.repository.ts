import type { Tx } from "../pool.ts";

export interface PublicClinic {
  id: string;
  slug: string;
  name: string;
  timeZone: string;
  phone: string | null;
  email: string | null;
}

/** What the public pages show of a clinic: its details and the currency of its prices. */
export interface ClinicFace extends PublicClinic {
  /** ISO 4217, e.g. "GBP". */
  currency: string;
}

/** The public face of a clinic by slug, or the first clinic when no slug is given. */
export async function findPublicClinic(tx: Tx, slug: string | null): Promise<ClinicFace | null> {
  const { rows } = await tx.query<ClinicFace>(
    `select id, slug, name, time_zone as "timeZone", phone, email, currency from public_clinic($1)`,
    [slug],
  );
  return rows[0] ?? null;
}

/** The clinic of the current transaction. */
export async function getCurrentClinic(tx: Tx): Promise<PublicClinic> {
  const { rows } = await tx.query<PublicClinic>(
    `select id, slug, name, time_zone as "timeZone", phone, email from clinics where id = app_clinic_id()`,
  );
  if (!rows[0]) throw new Error("no current clinic");
  return rows[0];
}
