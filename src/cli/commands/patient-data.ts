import { writeFile } from "node:fs/promises";
import { createPool, withoutClinic } from "../../db/pool.ts";
import { findPublicClinic } from "../../db/repositories/clinic.repository.ts";
import { DomainError } from "../../domain/errors.ts";
import { ConfigError, loadConfig } from "../../server/config.ts";
import { DatabaseStartError } from "../../server/runtime.ts";
import { openToolDatabase } from "../../server/security/tool-database.ts";
import {
  type DataRightsActor,
  PatientDataRightsService,
} from "../../server/services/patient-data-rights.service.ts";
import { photoStorageFor } from "../../server/storage/storage-from-config.ts";
import type { CommandIO } from "../io.ts";

export const summary = "patient-data export|status|restrict|lift|erase --clinic SLUG --patient ID [FILE]";

const USAGE = `usage: remodel patient-data export --clinic SLUG --patient ID FILE   everything about one patient, as JSON
       remodel patient-data status --clinic SLUG --patient ID          restriction, anonymisation, when erasure is possible
       remodel patient-data restrict --clinic SLUG --patient ID        restrict processing
       remodel patient-data lift --clinic SLUG --patient ID            lift the restriction
       remodel patient-data erase --clinic SLUG --patient ID           anonymise (refused within the retention period)`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SUBCOMMANDS = new Set(["export", "status", "restrict", "lift", "erase"]);

export async function run(argv: string[], io: CommandIO): Promise<number> {
  const fail = (message: string) => {
    io.stderr.write(`remodel patient-data: ${message}\n${USAGE}\n`);
    return 2;
  };
  const [sub, ...rest] = argv;
  if (!sub || !SUBCOMMANDS.has(sub)) return fail(sub ? `unknown subcommand '${sub}'` : "missing subcommand");
  let clinicSlug: string | null = null;
  let patientId: string | null = null;
  let file: string | null = null;
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i]!;
    if (a === "--clinic" || a === "--patient") {
      const v = rest[++i];
      if (!v) return fail(`${a} needs a value`);
      if (a === "--clinic") clinicSlug = v;
      else patientId = v;
    } else if (sub === "export" && file === null && !a.startsWith("--")) file = a;
    else return fail(`unexpected argument '${a}'`);
  }
  if (!clinicSlug) return fail("say which clinic: --clinic SLUG");
  if (!patientId || !UUID.test(patientId)) return fail("say which patient: --patient <patient id (a UUID)>");
  if (sub === "export" && !file) return fail("say where to write the export: FILE");

  let config: ReturnType<typeof loadConfig>;
  let database: Awaited<ReturnType<typeof openToolDatabase>>;
  try {
    config = loadConfig();
    database = await openToolDatabase(config, () => {});
  } catch (err) {
    if (err instanceof ConfigError || err instanceof DatabaseStartError) {
      io.stderr.write(`remodel patient-data: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
  const db = createPool(database.adminUrl, 2);
  try {
    const clinic = await withoutClinic(db, (tx) => findPublicClinic(tx, clinicSlug));
    if (!clinic || clinic.slug !== clinicSlug) {
      io.stderr.write(`remodel patient-data: no clinic '${clinicSlug}'\n`);
      return 2;
    }
    const actor: DataRightsActor = {
      clinic,
      userId: null,
      role: "cli",
      ip: null,
      userAgent: `remodel patient-data ${sub}`,
    };
    const rights = new PatientDataRightsService(db, {
      retentionYears: config.recordRetentionYears,
      photos: photoStorageFor(config),
    });
    const id = patientId.toLowerCase();
    if (sub === "export") {
      const data = await rights.export(actor, id);
      // The file holds a health record in clear: readable by its owner only.
      await writeFile(file!, `${JSON.stringify(data, null, 2)}\n`, { mode: 0o600 });
      const counts = Object.entries(data)
        .filter(([, v]) => Array.isArray(v))
        .map(([k, v]) => `${k} ${(v as unknown[]).length}`);
      io.stdout.write(`wrote ${file}: ${counts.join(", ")}\n`);
    } else if (sub === "status") {
      const s = await rights.status(actor, id);
      io.stdout.write(
        `${[
          `patient ${s.patientId}`,
          `processing restricted: ${s.processingRestrictedAt ? s.processingRestrictedAt.toISOString() : "no"}`,
          `anonymised: ${s.anonymisedAt ? s.anonymisedAt.toISOString() : "no"}`,
          `last clinical record: ${s.lastClinicalRecordOn ?? "none"}`,
          `retention: ${s.retentionYears} years; erasure possible ${s.erasableNow ? "now" : `from ${s.erasableOn}`}`,
        ].join("\n")}\n`,
      );
    } else if (sub === "restrict") {
      const r = await rights.restrict(actor, id);
      io.stdout.write(
        `processing restricted since ${r.processingRestrictedAt?.toISOString()}; ${r.appointmentsCancelled.length} upcoming appointment(s) cancelled\n`,
      );
    } else if (sub === "lift") {
      await rights.lift(actor, id);
      io.stdout.write("restriction lifted\n");
    } else {
      const r = await rights.erase(actor, id);
      io.stdout.write(
        `anonymised; ${r.photoFilesDeleted} photo file(s) deleted${r.photoFilesNotDeleted ? `, ${r.photoFilesNotDeleted} could not be deleted (remove them by hand)` : ""}\n`,
      );
    }
    return 0;
  } catch (err) {
    if (err instanceof DomainError) {
      // 409 (retention period, already anonymised) and 404 are the operator's answer, not a fault.
      io.stderr.write(`remodel patient-data ${sub}: ${err.message}\n`);
      return err.kind === "not_found" ? 2 : 1;
    }
    throw err;
  } finally {
    await db.end();
    await database.close();
  }
}
