/**
 * A protocol re-screen runs in pages (the server answers at most `limit` patients and says where
 * to go on with `nextAfter`): every page is asked for, one after the other, and the answers add up
 * to one result, so every patient is re-screened, not only the first page.
 */
import type { RescreenResult } from "../../../contract/protocol.ts";

/** Two pages' results as one (counts added, lists joined; the later page says where to go on). */
export function mergeRescreen(total: RescreenResult | null, page: RescreenResult): RescreenResult {
  if (!total) return page;
  return {
    protocolVersion: page.protocolVersion,
    examined: total.examined + page.examined,
    rescreened: total.rescreened + page.rescreened,
    alreadyCurrent: total.alreadyCurrent + page.alreadyCurrent,
    unchanged: total.unchanged + page.unchanged,
    changes: [...total.changes, ...page.changes],
    failed: [...total.failed, ...page.failed],
    nextAfter: page.nextAfter,
  };
}

/** The query of one page: 200 patients, after the last one of the page before. */
export function rescreenQuery(after: string | null): { limit: number; after?: string } {
  return after ? { limit: 200, after } : { limit: 200 };
}

/** Asks for every page in turn until the server says there is no next one. */
export async function rescreenEveryPatient(
  fetchPage: (after: string | null) => Promise<RescreenResult>,
  onProgress?: (soFar: RescreenResult) => void,
): Promise<RescreenResult> {
  let total: RescreenResult | null = null;
  let after: string | null = null;
  // A page that names the same place again would loop forever: stop there.
  const seen = new Set<string>();
  do {
    const page = await fetchPage(after);
    total = mergeRescreen(total, page);
    onProgress?.(total);
    after = page.nextAfter;
    if (after !== null) {
      if (seen.has(after)) break;
      seen.add(after);
    }
  } while (after !== null);
  return total;
}
