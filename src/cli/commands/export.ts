import { appendFile, mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { createPool, withoutClinic } from "../../db/pool.ts";
import { exportTypes } from "../../fhir/export.ts";
import type { FhirError } from "../../fhir/rest.ts";
import { ConfigError, loadConfig } from "../../server/config.ts";
import { DatabaseStartError, openDatabase } from "../../server/runtime.ts";
import { exportAsSystem } from "../../server/services/fhir.service.ts";
import type { CommandIO } from "../io.ts";

export const summary = "export the clinic as FHIR R4 NDJSON: export --fhir DIR [--clinic SLUG] [--type A,B]";

const USAGE = "usage: remodel export --fhir DIR [--clinic SLUG] [--type Patient,Condition,...]";

export async function run(argv: string[], io: CommandIO): Promise<number> {
  let dir: string | null = null;
  let clinic: string | null = null;
  let typeList: string | null = null;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const v = argv[i + 1];
    if ((a === "--fhir" || a === "--clinic" || a === "--type") && !v) {
      io.stderr.write(`remodel export: ${a} needs a value\n${USAGE}\n`);
      return 2;
    }
    if (a === "--fhir") dir = argv[++i]!;
    else if (a === "--clinic") clinic = argv[++i]!;
    else if (a === "--type") typeList = argv[++i]!;
    else {
      io.stderr.write(`remodel export: unexpected argument '${a}'\n${USAGE}\n`);
      return 2;
    }
  }
  if (!dir) {
    io.stderr.write(`remodel export: say where to write: --fhir DIR\n${USAGE}\n`);
    return 2;
  }
  let types: string[];
  try {
    types = exportTypes(typeList);
  } catch (err) {
    io.stderr.write(`remodel export: --type: ${(err as FhirError).message.replace(/^_type: /, "")}\n`);
    return 2;
  }
  let database: Awaited<ReturnType<typeof openDatabase>>;
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
    database = await openDatabase(config, () => {});
  } catch (err) {
    if (err instanceof ConfigError || err instanceof DatabaseStartError) {
      io.stderr.write(`remodel export: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
  const db = createPool(database.adminUrl, 2);
  try {
    const clinicId = await withoutClinic(db, async (tx) => {
      const { rows } = await tx.query<{ id: string }>("select id from public_clinic($1)", [clinic]);
      return rows[0]?.id ?? null;
    });
    if (!clinicId) {
      io.stderr.write(`remodel export: no clinic ${clinic ? `'${clinic}'` : "in this database"}\n`);
      return 2;
    }
    await mkdir(dir, { recursive: true });
    // One file per type, rewritten whole: a re-run never leaves lines of an older export behind.
    for (const t of types) await writeFile(path.join(dir, `${t}.ndjson`), "");
    const counts = await exportAsSystem(
      db,
      clinicId,
      types,
      (part) => appendFile(path.join(dir!, `${part.type}.ndjson`), part.ndjson),
      config.publicUrl,
    );
    for (const [t, n] of Object.entries(counts)) io.stdout.write(`${t}.ndjson  ${n}\n`);
    return 0;
  } finally {
    await db.end();
    await database.stop();
  }
}
