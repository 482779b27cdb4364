// Every bench still runs and reports: `npm run bench -- --smoke --json` does a few iterations of
// each (the figures mean nothing then) and prints each figure with its baseline. No timing is
// checked here; a bench that throws, hangs or reports no figure fails the suite instead of going
// unseen until someone measures.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { readdir } from "node:fs/promises";
import path from "node:path";
import { test } from "node:test";

const root = path.resolve(import.meta.dirname, "../..");

/** One bench in smoke mode, as its own `bench/run.ts` process. */
function runSmoke(bench: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["bench/run.ts", "--smoke", "--json", bench], {
      cwd: root,
      env: process.env,
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => {
      stdout += d;
    });
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** The benches, a few at a time (each waits mostly on the database or the browser). */
async function runAll(benches: string[], atOnce = 3) {
  const results = new Map<string, Awaited<ReturnType<typeof runSmoke>>>();
  const queue = [...benches];
  await Promise.all(
    Array.from({ length: atOnce }, async () => {
      for (let bench = queue.shift(); bench; bench = queue.shift()) results.set(bench, await runSmoke(bench));
    }),
  );
  return results;
}

test("every bench runs in smoke mode and prints each figure beside its baseline", async () => {
  const benches = (await readdir(path.join(root, "bench"))).filter((f) => f.endsWith(".bench.ts")).sort();
  assert.ok(benches.length > 0, "no bench/*.bench.ts found");
  const results = await runAll(benches);
  const failures = [...results].filter(([, r]) => r.code !== 0);
  assert.deepEqual(
    failures.map(([bench, r]) => `${bench}: exit ${r.code}\n${r.stderr}`),
    [],
    "these benches failed in smoke mode",
  );
  const figures = [...results.values()]
    .flatMap((r) => r.stdout.split("\n"))
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  const reported = new Set<unknown>();
  for (const f of figures) {
    const label = `${String(f.bench)}: ${String(f.name)}`;
    assert.ok(typeof f.bench === "string" && benches.includes(f.bench), `${label}: which bench`);
    assert.ok(typeof f.name === "string" && f.name.length > 0, `${label}: no name`);
    assert.ok(typeof f.unit === "string" && f.unit.length > 0, `${label}: no unit`);
    assert.ok(typeof f.value === "number" && Number.isFinite(f.value), `${label}: figure ${f.value}`);
    assert.ok(typeof f.baseline === "string" && f.baseline.length > 0, `${label}: no baseline named`);
    assert.ok(
      typeof f.baselineValue === "number" && Number.isFinite(f.baselineValue),
      `${label}: baseline ${f.baselineValue}`,
    );
    reported.add(f.bench);
  }
  assert.deepEqual(
    benches.filter((b) => !reported.has(b)),
    [],
    "these benches printed no figure",
  );
});
