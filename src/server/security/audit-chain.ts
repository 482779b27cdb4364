/**
 * The audit log's hash chain (migrations 060 and 077). Writers only append entries; the sealer
 * numbers and hashes them onto each clinic's chain a few seconds later, once their transactions
 * are certainly over. `sealAuditChains` runs the sealer; `verifyAuditChains` seals first, then
 * reports for each clinic the first sealed entry whose link does not hold, or how many were
 * verified, and how many entries still wait for the sealer.
 */
import type pg from "pg";
import {
  auditHorizonPassed,
  auditXidMark,
  countUnsealedAudit,
  listClinicIdsForSealing,
  sealAuditEntries,
} from "../../db/repositories/audit.repository.ts";

export interface ChainReport {
  clinicSlug: string;
  checked: number;
  /** Entries not sealed yet (their transactions were still open): not part of the check. */
  pending: number;
  broken: { seq: number; id: number; reason: string } | null;
}

export class UnknownClinicError extends Error {}

export interface SealOptions {
  /** Only these clinics (default: every clinic). */
  clinicIds?: string[];
  /**
   * How long to wait for transactions open at the start to end, so that every entry committed
   * before the call is sealed (default 0: seal what is final now and return).
   */
  waitMs?: number;
}

/** Runs the sealer for each clinic; returns how many entries it sealed. */
export async function sealAuditChains(db: pg.Pool | pg.Client, opts: SealOptions = {}): Promise<number> {
  const mark = await auditXidMark(db);
  const clinics = opts.clinicIds ?? (await listClinicIdsForSealing(db));
  const until = Date.now() + (opts.waitMs ?? 0);
  let sealed = 0;
  for (;;) {
    // Checked before the pass: once it holds, this pass reaches every entry below the mark.
    const passed = await auditHorizonPassed(db, mark);
    for (const id of clinics) sealed += await sealAuditEntries(db, id);
    if (passed || Date.now() >= until) return sealed;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** `db` connects as the schema owner (the verify function is not granted to the app role). */
export async function verifyAuditChains(
  db: pg.Pool | pg.Client,
  clinicSlug?: string,
  opts: { waitMs?: number } = {},
): Promise<ChainReport[]> {
  const clinics = (
    await db.query<{ id: string; slug: string }>(
      "select id, slug from clinics where $1::text is null or slug = $1 order by slug",
      [clinicSlug ?? null],
    )
  ).rows;
  if (clinicSlug && clinics.length === 0) throw new UnknownClinicError(`no clinic with slug '${clinicSlug}'`);
  await sealAuditChains(db, { clinicIds: clinics.map((c) => c.id), waitMs: opts.waitMs ?? 5_000 });
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
      pending: await countUnsealedAudit(db, clinic.id),
      broken:
        r.broken_seq === null ? null : { seq: r.broken_seq, id: r.broken_id ?? 0, reason: r.reason ?? "" },
    });
  }
  return reports;
}
