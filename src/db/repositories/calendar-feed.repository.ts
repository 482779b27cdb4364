/** Secret calendar feed URLs (only the token's hash is stored) and their lookup without a session. */
import type { Tx } from "../pool.ts";

export interface FeedOwner {
  feedId: string;
  clinicId: string;
  patientId: string | null;
  providerId: string | null;
}

export async function insertFeed(
  tx: Tx,
  f: { patientId: string | null; providerId: string | null; tokenHash: Buffer; createdBy: string },
): Promise<{ id: string; createdAt: Date }> {
  const { rows } = await tx.query<{ id: string; createdAt: Date }>(
    `insert into calendar_feeds (clinic_id, patient_id, provider_id, token_hash, created_by)
     values (app_clinic_id(), $1, $2, $3, $4) returning id, created_at as "createdAt"`,
    [f.patientId, f.providerId, f.tokenHash, f.createdBy],
  );
  return rows[0]!;
}

export async function getFeed(tx: Tx, id: string) {
  const { rows } = await tx.query<{
    id: string;
    patientId: string | null;
    providerId: string | null;
    revokedAt: Date | null;
  }>(
    `select id, patient_id as "patientId", provider_id as "providerId", revoked_at as "revokedAt" from calendar_feeds where id = $1`,
    [id],
  );
  return rows[0] ?? null;
}

/** Live feeds of one patient's visits or one provider's diary, newest first. */
export async function listLiveFeeds(
  tx: Tx,
  of: { patientId: string | null; providerId: string | null },
): Promise<{ id: string; createdAt: Date }[]> {
  const { rows } = await tx.query<{ id: string; createdAt: Date }>(
    `select id, created_at as "createdAt" from calendar_feeds
     where revoked_at is null and (patient_id = $1 or provider_id = $2)
     order by created_at desc, id`,
    [of.patientId, of.providerId],
  );
  return rows;
}

export async function revokeFeed(tx: Tx, id: string): Promise<void> {
  await tx.query("update calendar_feeds set revoked_at = coalesce(revoked_at, now()) where id = $1", [id]);
}

/** Through the tenant wall: whose live feed a token opens. */
export async function findFeedByToken(tx: Tx, tokenHash: Buffer): Promise<FeedOwner | null> {
  const { rows } = await tx.query<FeedOwner>(
    `select feed_id as "feedId", clinic_id as "clinicId", patient_id as "patientId", provider_id as "providerId"
     from calendar_feed_find($1)`,
    [tokenHash],
  );
  return rows[0] ?? null;
}
