import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { createPool, type Db, withoutClinic } from "../../db/pool.ts";
import { BundleError } from "../../fhir/from-fhir.ts";
import type { ImportReport } from "../../fhir/import.ts";
import { ConfigError, loadConfig } from "../../server/config.ts";
import { DatabaseStartError, openDatabase } from "../../server/runtime.ts";
import { IMPORT_ORIGIN, importAsSystem } from "../../server/services/fhir.service.ts";
import type { CommandIO } from "../io.ts";

export const summary = "import FHIR R4 bundles: import --fhir DIR|FILE... [--clinic SLUG] [--source NAME]";

const USAGE = "usage: remodel import --fhir DIR|FILE... [--clinic SLUG] [--source NAME]";

interface Args {
  paths: string[];
  clinic: string | null;
  source: string;
}

function parseArgs(argv: string[]): Args | string {
  const args: Args = { paths: [], clinic: null, source: "default" };
  let fhir = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--fhir") fhir = true;
    else if (a === "--clinic" || a === "--source") {
      const v = argv[++i];
      if (!v) return `${a} needs a value`;
      if (a === "--clinic") args.clinic = v;
      else if (!IMPORT_ORIGIN.test(v)) return "--source: lower-case letters, digits, '.', '_' or '-'";
      else args.source = v;
    } else if (a.startsWith("-")) return `unknown option ${a}`;
    else args.paths.push(a);
  }
  if (!fhir) return "say what to import: --fhir";
  if (args.paths.length === 0) return "give a bundle file or a directory of bundles";
  return args;
}

async function bundleFiles(paths: string[]): Promise<string[]> {
  const files: string[] = [];
  for (const p of paths) {
    const s = await stat(p);
    if (s.isDirectory())
      for (const f of (await readdir(p)).filter((f) => f.endsWith(".json")).sort())
        files.push(path.join(p, f));
    else files.push(p);
  }
  return files;
}

async function clinicId(db: Db, slug: string | null): Promise<string | null> {
  return withoutClinic(db, async (tx) => {
    const { rows } = await tx.query<{ id: string }>("select id from public_clinic($1)", [slug]);
    return rows[0]?.id ?? null;
  });
}

function bar(done: number, total: number): string {
  const width = 24;
  const filled = Math.round((done / Math.max(total, 1)) * width);
  return `[${"#".repeat(filled)}${".".repeat(width - filled)}] ${done}/${total}`;
}

export async function run(argv: string[], io: CommandIO): Promise<number> {
  const args = parseArgs(argv);
  if (typeof args === "string") {
    io.stderr.write(`remodel import: ${args}\n${USAGE}\n`);
    return 2;
  }
  let files: string[];
  try {
    files = await bundleFiles(args.paths);
  } catch (err) {
    io.stderr.write(`remodel import: ${(err as Error).message}\n`);
    return 2;
  }
  let database: Awaited<ReturnType<typeof openDatabase>>;
  try {
    database = await openDatabase(loadConfig(), () => {});
  } catch (err) {
    if (err instanceof ConfigError || err instanceof DatabaseStartError) {
      io.stderr.write(`remodel import: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
  const db = createPool(database.adminUrl, 2);
  let failed = 0;
  const totals = {
    resources: 0,
    patients: 0,
    conditions: 0,
    mapped: 0,
    medications: 0,
    allergies: 0,
    allergiesMapped: 0,
  };
  const skipped: Record<string, number> = {};
  const unmapped = new Map<string, number>();
  const started = performance.now();
  try {
    const clinic = await clinicId(db, args.clinic);
    if (!clinic) {
      io.stderr.write(`remodel import: no clinic ${args.clinic ? `'${args.clinic}'` : "in this database"}\n`);
      return 2;
    }
    for (const [i, file] of files.entries()) {
      let report: ImportReport;
      try {
        const bundle = JSON.parse(await readFile(file, "utf8"));
        report = await importAsSystem(db, clinic, bundle, args.source);
      } catch (err) {
        failed++;
        const what =
          err instanceof BundleError
            ? err.errors.map((e) => `${e.path}: ${e.message}`).join("; ")
            : err instanceof SyntaxError
              ? `not JSON: ${err.message}`
              : (err as Error).message;
        io.stderr.write(`\n${path.basename(file)}: not imported: ${what}\n`);
        continue;
      }
      totals.resources += report.resources;
      totals.patients += report.patients.ids.length;
      totals.conditions +=
        report.conditions.created + report.conditions.updated + report.conditions.unchanged;
      totals.mapped += report.conditions.mapped;
      totals.medications +=
        report.medications.created + report.medications.updated + report.medications.unchanged;
      totals.allergies += report.allergies.created + report.allergies.updated + report.allergies.unchanged;
      totals.allergiesMapped += report.allergies.mapped;
      for (const [t, n] of Object.entries(report.skipped)) skipped[t] = (skipped[t] ?? 0) + n;
      for (const u of report.unmapped) unmapped.set(u.codes, (unmapped.get(u.codes) ?? 0) + 1);
      io.stderr.write(`\r${bar(i + 1, files.length)} ${path.basename(file).slice(0, 40).padEnd(40)}`);
    }
    io.stderr.write("\n");
    const seconds = (performance.now() - started) / 1000;
    const lines = [
      `imported ${files.length - failed} of ${files.length} bundles (${totals.resources} resources, ${(totals.resources / seconds).toFixed(0)}/s)`,
      `  patients:    ${totals.patients}`,
      `  conditions:  ${totals.conditions} (${totals.mapped} mapped to protocol conditions)`,
      `  medications: ${totals.medications}`,
      `  allergies:   ${totals.allergies} (${totals.allergiesMapped} with a protocol rule)`,
      `  not kept (types Remodel does not store): ${
        Object.entries(skipped)
          .map(([t, n]) => `${t} ${n}`)
          .join(", ") || "none"
      }`,
      `  codes with no protocol meaning (kept, condition_id null): ${unmapped.size} distinct`,
    ];
    io.stdout.write(`${lines.join("\n")}\n`);
    return failed > 0 ? 2 : 0;
  } finally {
    await db.end();
    await database.stop();
  }
}
