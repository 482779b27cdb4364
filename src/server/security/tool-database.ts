/**
 * The database a command-line tool (audit verify, backup, restore, patient-data) works on.
 * With DATABASE_URL, that server. Otherwise the embedded one: when a Remodel server is already
 * running on the data directory, the tool connects to its PostgreSQL instead of starting (and so
 * stopping) a second one; when none runs, it starts the embedded server for the tool's duration.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { embeddedSuperuserUrl } from "../../db/embedded.ts";
import type { Config } from "../config.ts";
import { openDatabase } from "../runtime.ts";

export interface ToolDatabase {
  adminUrl: string;
  close(): Promise<void>;
}

export async function openToolDatabase(config: Config, log: (line: string) => void): Promise<ToolDatabase> {
  if (!config.databaseUrl) {
    const port = await runningEmbeddedPort(config.dataDir);
    if (port) {
      return {
        // The superuser's secret is kept in the data directory (see src/db/embedded.ts).
        adminUrl: await embeddedSuperuserUrl(config.dataDir, port, "remodel"),
        close: async () => {},
      };
    }
  }
  const database = await openDatabase(config, log);
  return { adminUrl: database.adminUrl, close: () => database.stop() };
}

/** The port of a live postmaster on the data directory (line 4 of postmaster.pid), if any. */
async function runningEmbeddedPort(dataDir: string): Promise<number | null> {
  let lines: string[];
  try {
    lines = (await readFile(path.join(dataDir, "postmaster.pid"), "utf8")).split("\n");
  } catch {
    return null;
  }
  const pid = Number.parseInt(lines[0] ?? "", 10);
  const port = Number.parseInt(lines[3] ?? "", 10);
  if (!Number.isInteger(pid) || pid <= 0 || !Number.isInteger(port)) return null;
  try {
    process.kill(pid, 0);
  } catch {
    return null;
  }
  return port;
}
