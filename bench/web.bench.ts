/**
 * The public pages in headless Chromium on a phone screen, beside a blank Vite React page built the
 * same way in the same run:
 * - the JavaScript a phone downloads for each public page (/, /self-check, /book, /compare, /faq,
 *   /prices): every script response until the network is idle, lazy chunks included, each counted
 *   once and gzip-compressed here at level 9 as a static server would send it;
 * - time to interactive, median of runs: /self-check from navigation until it answers a tap (its
 *   first checkbox is checked and shows it), the blank page until its button counts a click; the
 *   other pages until their heading shows (the app renders it, so it answers taps from then on).
 * The target for every public page is < 150 KB gzip.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { extname, join } from "node:path";
import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import type { Page } from "playwright-core";
import { build } from "vite";
import { launchChromium, openContext, PHONE } from "../test/browser/helpers.ts";
import { countScriptBytes, PUBLIC_PAGE_BUDGET_KB } from "../test/browser/script-bytes.ts";
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

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const kb = (bytes: number) => Math.round(bytes / 102.4) / 10;
const TARGET_KB = PUBLIC_PAGE_BUDGET_KB;

/** How each public page shows it is ready: /self-check answers a tap, the others show a heading. */
const PUBLIC_PAGES: { path: string; ready: (page: Page) => Promise<void> }[] = [
  { path: "/", ready: (page) => page.getByRole("heading", { level: 1 }).waitFor() },
  {
    path: "/self-check",
    ready: async (page) => {
      const box = page.getByRole("checkbox").first();
      await box.check();
    },
  },
  {
    path: "/book",
    ready: (page) => page.getByRole("heading", { level: 1, name: "Book a consultation" }).waitFor(),
  },
  { path: "/compare", ready: (page) => page.getByRole("heading", { level: 1 }).waitFor() },
  { path: "/faq", ready: (page) => page.getByRole("heading", { level: 1 }).waitFor() },
  { path: "/prices", ready: (page) => page.getByRole("heading", { level: 1 }).waitFor() },
];

const bench: Bench = async ({ quick, smoke, log }) => {
  const runs = smoke ? 1 : quick ? 3 : 9;
  log("building the blank Vite React page...");
  const blank = await buildBlankPage();
  const blankServer = await serveStatic(blank.outDir);
  const blankUrl = `http://127.0.0.1:${(blankServer.address() as AddressInfo).port}`;
  const server = await startTestServer();
  const browser = await launchChromium();
  const figures: Figure[] = [];
  try {
    const measured = new Map(PUBLIC_PAGES.map((p) => [p.path, { bytes: 0, times: [] as number[] }]));
    const baseline = { bytes: 0, times: [] as number[] };
    for (let i = 0; i < runs; i++) {
      for (const { path, ready } of PUBLIC_PAGES) {
        // A fresh context each run: an empty cache, as on a first visit.
        const context = await openContext(browser, server.url, { viewport: PHONE });
        const page = await context.newPage();
        const bytes = countScriptBytes(page);
        const start = performance.now();
        await page.goto(path);
        await ready(page);
        const m = measured.get(path)!;
        m.times.push(performance.now() - start);
        await page.waitForLoadState("networkidle");
        m.bytes = await bytes();
        await context.close();
      }
      {
        const context = await openContext(browser, blankUrl, { viewport: PHONE });
        const page = await context.newPage();
        const bytes = countScriptBytes(page);
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
    for (const [path, m] of measured) {
      const over = kb(m.bytes) >= TARGET_KB ? `  OVER the ${TARGET_KB} KB target` : "";
      log(`${path.padEnd(12)} JS ${kb(m.bytes).toFixed(1)} KB gzip (blank ${kb(baseline.bytes)} KB)${over}`);
    }
    for (const [path, m] of measured) {
      figures.push({
        name: `${path} JavaScript (gzip, target < ${TARGET_KB} KB)`,
        value: kb(m.bytes),
        unit: "KB",
        baseline: "blank Vite React page, same build",
        baselineValue: kb(baseline.bytes),
      });
    }
    for (const [path, m] of measured) {
      figures.push({
        name:
          path === "/self-check"
            ? "/self-check time to interactive (answers a tap; 375×812, median)"
            : `${path} time to interactive (heading shown; 375×812, median)`,
        value: Math.round(median(m.times)),
        unit: "ms",
        baseline: "blank Vite React page, same browser",
        baselineValue: Math.round(median(baseline.times)),
      });
    }
  } finally {
    await browser.close();
    await server.close();
    blankServer.close();
    blank.cleanup();
  }
  return figures;
};

export default bench;
