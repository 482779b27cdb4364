// The JavaScript a page downloads, as a phone would receive it: every script response (each
// address once, lazy chunks included), gzip-compressed at level 9 as a static server sends it.
import { gzipSync } from "node:zlib";
import type { Page } from "playwright-core";

export const PUBLIC_PAGE_BUDGET_KB = 150;

/** Starts counting the page's scripts; the returned function gives the total so far, in bytes. */
export function countScriptBytes(page: Page): () => Promise<number> {
  const pending: Promise<number>[] = [];
  const seen = new Set<string>();
  page.on("response", (res) => {
    const type = res.headers()["content-type"] ?? "";
    if (!type.includes("javascript") || seen.has(res.url())) return;
    seen.add(res.url());
    pending.push(
      res.body().then(
        (b) => gzipSync(b, { level: 9 }).length,
        () => 0,
      ),
    );
  });
  return async () => (await Promise.all(pending)).reduce((a, b) => a + b, 0);
}
