/** Shared request counters of the rate limits (086): one call counts one request. */
import type { Db } from "../pool.ts";

export async function hitRateLimit(
  db: Db,
  keyHash: Buffer,
  windowMs: number,
): Promise<{ hits: number; ttlMs: number }> {
  const { rows } = await db.query<{ hits: number; ttlMs: number }>({
    name: "rate-limit.hit",
    text: `select o_hits as hits, o_ttl_ms as "ttlMs" from rate_limit_hit($1, $2)`,
    values: [keyHash, windowMs],
  });
  return rows[0]!;
}
