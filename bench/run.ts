/**
 * `npm run bench [-- --quick] [-- --smoke] [-- --json] [-- name-filter]`: runs every bench/*.bench.ts
 * and prints each figure beside the baseline measured in the same run. `--smoke` runs each bench
 * for a few iterations only (test/cli/bench-smoke.test.ts checks that every bench still reports).
 */
import { readdir } from "node:fs/promises";
import path from "node:path";
import type { Bench, Figure } from "./harness.ts";

const args = process.argv.slice(2);
const smoke = args.includes("--smoke");
const quick = smoke || args.includes("--quick");
const json = args.includes("--json");
const filters = args.filter((a) => !a.startsWith("--"));

const dir = import.meta.dirname;
const files = (await readdir(dir)).filter((f) => f.endsWith(".bench.ts")).sort();
const log = json ? () => {} : (line: string) => console.log(line);
let failed = false;

for (const file of files) {
  if (filters.length > 0 && !filters.some((f) => file.includes(f))) continue;
  log(`\n# ${file}${smoke ? " (smoke)" : quick ? " (quick)" : ""}`);
  const started = performance.now();
  const mod = (await import(path.join(dir, file))) as { default: Bench };
  let figures: Figure[];
  try {
    figures = await mod.default({ quick, smoke, log });
  } catch (err) {
    failed = true;
    console.error(`${file}: ${err instanceof Error ? err.message : String(err)}`);
    continue;
  }
  log(`(${file} ran for ${((performance.now() - started) / 1000).toFixed(1)} s)`);
  for (const f of figures) {
    const ratio = f.baselineValue === 0 ? null : Number((f.value / f.baselineValue).toFixed(3));
    if (json) {
      console.log(JSON.stringify({ bench: file, ...f, ratio }));
    } else {
      const fmt = (n: number) => n.toLocaleString("en-US", { maximumFractionDigits: 1 });
      log(
        `${f.name.padEnd(44)} ${fmt(f.value).padStart(12)} ${f.unit.padEnd(8)} | baseline ${f.baseline}: ${fmt(f.baselineValue)} ${f.unit} | ratio ${ratio ?? "n/a"}`,
      );
    }
  }
}
const { stopStandaloneDatabase } = await import("../test/support/db.ts");
await stopStandaloneDatabase();
process.exit(failed ? 1 : 0);
