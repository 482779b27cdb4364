/**
 * Checks the hash chain of the audit log (see migration 060): for each clinic, the first entry
 * whose link does not hold, or how many entries were verified.
 */
import type pg from "pg";

export interface ChainReport {
  clinicSlug: string;
  checked: number;
  broken: { seq: number; id: number; reason: string } | null;
}

export class UnknownClinicError extends Error {}

/** `db` connects as the schema owner (the verify function is not granted to the app role). */
export async function verifyAuditChains(
  db: pg.Pool | pg.Client,
  clinicSlug?: string,
): Promise<ChainReport[]> {
  const clinics = (
    await db.query<{ id: string; slug: string }>(
      "select id, slug from clinics where $1::text is null or slug = $1 order by slug",
      [clinicSlug ?? null],
    )
  ).rows;
  if (clinicSlug && clinics.length === 0) throw new UnknownClinicError(`no clinic with slug '${clinicSlug}'`);
  const reports: ChainReport[] = [];
  for (const clinic of clinics) {
    const { rows } = await db.query<{
      checked: number;
      broken_seq: number | null;
      broken_id: number | null;
      reason: string | null;
    }>("select checked::int, broken_seq::int, broken_id::int, reason from audit_chain_verify($1)", [
      clinic.id,
    ]);
    const r = rows[0]!;
    reports.push({
      clinicSlug: clinic.slug,
      checked: r.checked,
      broken:
        r.broken_seq === null ? null : { seq: r.broken_seq, id: r.broken_id ?? 0, reason: r.reason ?? "" },
    });
  }
  return reports;
}
