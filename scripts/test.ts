/**
 * `npm test`: type check, lint, then every unit, integration, CLI and browser test against a
 * real embedded PostgreSQL (and TEST_DATABASE_URL too when set). Ends with one line:
 * `N passed, N failed`.
 */
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, rm } from "node:fs/promises";
import path from "node:path";
import { startEmbeddedPostgres } from "../src/db/embedded.ts";

const root = path.resolve(import.meta.dirname, "..");
const bin = (name: string) => path.join(root, "node_modules/.bin", name);
const only = process.argv.slice(2); // optional file globs, e.g. npm test -- 'test/api/*.test.ts'
let passed = 0;
let failed = 0;
let skipped = 0;

function stage(name: string, command: string, args: string[]): void {
  process.stdout.write(`\n== ${name}\n`);
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit" });
  if (result.status === 0) {
    passed++;
    console.log(`ok ${name}`);
  } else {
    failed++;
    console.log(`not ok ${name} (exit ${result.status})`);
  }
}

/** Browser tests drive the system's Chromium; install Debian's package when it is missing and we may. */
function ensureChromium(): void {
  if (existsSync("/usr/bin/chromium") || process.env.CHROMIUM_PATH) return;
  if (process.getuid?.() !== 0) {
    console.log(
      "Chromium is missing (/usr/bin/chromium): install Debian's 'chromium' package; browser tests will fail.",
    );
    return;
  }
  console.log("Installing Debian's chromium for the browser tests...");
  try {
    execFileSync("apt-get", ["update", "-qq"], { stdio: "inherit" });
    execFileSync("apt-get", ["install", "-y", "-qq", "--no-install-recommends", "chromium"], {
      stdio: "inherit",
      env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
    });
  } catch {
    console.log("Could not install chromium; browser tests will fail.");
  }
}

/**
 * Test databases are named after the process that started them; when that process is gone
 * (killed, crashed), its server and files are left behind. Stop and remove those.
 */
async function removeOrphanedTestServers(): Promise<void> {
  const base = path.join(root, ".test-data");
  const alive = (pid: number) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  for (const name of await readdir(base).catch(() => [] as string[])) {
    const owner = /^pg-(?:standalone-)?(\d+)$/.exec(name)?.[1];
    if (!owner || alive(Number(owner))) continue;
    const dir = path.join(base, name);
    const postmaster = Number(
      (await readFile(path.join(dir, "postmaster.pid"), "utf8").catch(() => "")).split("\n")[0],
    );
    if (postmaster > 0 && alive(postmaster)) {
      process.kill(postmaster, "SIGINT");
      for (let i = 0; i < 100 && alive(postmaster); i++) await new Promise((r) => setTimeout(r, 100));
    }
    await rm(dir, { recursive: true, force: true });
  }
}

if (only.length === 0) {
  ensureChromium();
  stage("typecheck (tsc --noEmit)", bin("tsc"), ["--noEmit", "-p", "tsconfig.json"]);
  stage("lint and format (biome check)", bin("biome"), ["check", "."]);
  stage("web build (vite)", process.execPath, ["scripts/build-web.ts"]);
}

await removeOrphanedTestServers();
const dataDir = path.join(root, ".test-data", `pg-${process.pid}`);
await rm(dataDir, { recursive: true, force: true });
await mkdir(path.dirname(dataDir), { recursive: true });
process.stdout.write("\n== tests (embedded PostgreSQL");
process.stdout.write(process.env.TEST_DATABASE_URL ? " and TEST_DATABASE_URL)\n" : ")\n");
const pg = await startEmbeddedPostgres({ dataDir });
const summaryFile = path.join(path.dirname(dataDir), `summary-${process.pid}.json`);
const files = only.length > 0 ? only : ["src/**/*.test.ts", "test/**/*.test.ts"];
const code = await new Promise<number>((resolve) => {
  const child = spawn(
    process.execPath,
    [
      "--test",
      "--test-concurrency=3",
      "--test-timeout=300000",
      "--test-reporter=spec",
      "--test-reporter-destination=stdout",
      `--test-reporter=${path.join(root, "scripts/test-summary-reporter.ts")}`,
      `--test-reporter-destination=${summaryFile}`,
      ...files,
    ],
    { cwd: root, stdio: "inherit", env: { ...process.env, REMODEL_TEST_EMBEDDED_URL: pg.url } },
  );
  child.on("exit", (c) => resolve(c ?? 1));
});
await pg.stop();
await rm(dataDir, { recursive: true, force: true });
try {
  const counts = JSON.parse(await readFile(summaryFile, "utf8")) as {
    passed: number;
    failed: number;
    skipped: number;
  };
  passed += counts.passed;
  failed += counts.failed;
  skipped += counts.skipped;
  await rm(summaryFile, { force: true });
} catch {
  failed++;
  console.log(`the test runner exited ${code} without a summary`);
}
if (code !== 0 && failed === 0) failed++;
console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exitCode = failed > 0 ? 1 : 0;
