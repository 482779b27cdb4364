/**
 * The public self-check page in headless Chromium, beside a blank Vite React page built the same
 * way in the same run:
 * - the JavaScript a phone downloads for /self-check (every script response, gzip-compressed here
 *   at level 9 as a static server would send it) vs the blank page's;
 * - time to interactive: from navigation until the page answers a tap (the self-check's first
 *   checkbox is checked and shows it; the blank page's button counts the click), median of runs.
 * The target for public pages is < 150 KB gzip.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { extname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import react from "@vitejs/plugin-react";
import type { Page } from "playwright-core";
import { build } from "vite";
import { launchChromium, openContext, PHONE } from "../test/browser/helpers.ts";
import { startTestServer } from "../test/support/server.ts";
import type { Bench, Figure } from "./harness.ts";

const repoRoot = fileURLToPath(new URL("..", import.meta.url));

/** A blank React page, built by Vite with the app's React plugin, into a temporary directory. */
async function buildBlankPage(): Promise<{ outDir: string; cleanup: () => void }> {
  // The source sits inside the repository so that `react` resolves from its node_modules.
  const cache = join(repoRoot, "node_modules", ".cache");
  mkdirSync(cache, { recursive: true });
  const srcDir = mkdtempSync(join(cache, "remodel-blank-"));
  const outDir = mkdtempSync(join(tmpdir(), "remodel-blank-dist-"));
  writeFileSync(
    join(srcDir, "index.html"),
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Blank</title></head><body><div id="root"></div><script type="module" src="./main.tsx"></script></body></html>',
  );
  writeFileSync(
    join(srcDir, "main.tsx"),
    `import { useState } from "react";
import { createRoot } from "react-dom/client";
function App() {
  const [n, setN] = useState(0);
  return <button type="button" onClick={() => setN(n + 1)}>Clicked {n}</button>;
}
createRoot(document.getElementById("root")!).render(<App />);
`,
  );
  await build({
    root: srcDir,
    base: "/",
    logLevel: "silent",
    configFile: false,
    plugins: [react()],
    build: { outDir, emptyOutDir: true },
  });
  return {
    outDir,
    cleanup: () => {
      rmSync(srcDir, { recursive: true, force: true });
      rmSync(outDir, { recursive: true, force: true });
    },
  };
}

function serveStatic(dir: string): Promise<http.Server> {
  const types: Record<string, string> = {
    ".html": "text/html",
    ".js": "text/javascript",
    ".css": "text/css",
  };
  const server = http.createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0]!;
    const file = join(dir, path === "/" ? "index.html" : path);
    try {
      const body = readFileSync(file);
      res.writeHead(200, { "content-type": types[extname(file)] ?? "application/octet-stream" });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((r) => server.listen(0, "127.0.0.1", () => r(server)));
}

/** Gzip size of every script the page loaded (each counted once). */
function scriptBytes(page: Page): () => Promise<number> {
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

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const bench: Bench = async ({ quick, log }) => {
  const runs = quick ? 3 : 9;
  log("building the blank Vite React page...");
  const blank = await buildBlankPage();
  const blankServer = await serveStatic(blank.outDir);
  const blankUrl = `http://127.0.0.1:${(blankServer.address() as AddressInfo).port}`;
  const server = await startTestServer();
  const browser = await launchChromium();
  const figures: Figure[] = [];
  try {
    const selfCheck = { bytes: 0, times: [] as number[] };
    const baseline = { bytes: 0, times: [] as number[] };
    for (let i = 0; i < runs; i++) {
      {
        // A fresh context each run: an empty cache, as on a first visit.
        const context = await openContext(browser, server.url, { viewport: PHONE });
        const page = await context.newPage();
        const bytes = scriptBytes(page);
        const start = performance.now();
        await page.goto("/self-check");
        const box = page.getByRole("checkbox").first();
        await box.check();
        selfCheck.times.push(performance.now() - start);
        await page.waitForLoadState("networkidle");
        selfCheck.bytes = await bytes();
        await context.close();
      }
      {
        const context = await openContext(browser, blankUrl, { viewport: PHONE });
        const page = await context.newPage();
        const bytes = scriptBytes(page);
        const start = performance.now();
        await page.goto("/");
        await page.getByRole("button").click();
        await page.getByText("Clicked 1").waitFor();
        baseline.times.push(performance.now() - start);
        await page.waitForLoadState("networkidle");
        baseline.bytes = await bytes();
        await context.close();
      }
    }
    log(
      `self-check JS ${(selfCheck.bytes / 1024).toFixed(1)} KB gzip, blank ${(baseline.bytes / 1024).toFixed(1)} KB`,
    );
    figures.push({
      name: "/self-check JavaScript (gzip, target < 150 KB)",
      value: Math.round(selfCheck.bytes / 102.4) / 10,
      unit: "KB",
      baseline: "blank Vite React page, same build",
      baselineValue: Math.round(baseline.bytes / 102.4) / 10,
    });
    figures.push({
      name: "/self-check time to interactive (headless Chromium, 375×812, median)",
      value: Math.round(median(selfCheck.times)),
      unit: "ms",
      baseline: "blank Vite React page, same browser",
      baselineValue: Math.round(median(baseline.times)),
    });
  } finally {
    await browser.close();
    await server.close();
    blankServer.close();
    blank.cleanup();
  }
  return figures;
};

export default bench;
