import { backupDatabase } from "../../server/backup/backup.ts";
import type { CommandIO } from "../io.ts";
import { runArchiveCommand } from "./archive-command.ts";

export const summary = "backup FILE: write the database (every clinic) and the photos to FILE";

export function run(argv: string[], io: CommandIO): Promise<number> {
  return runArchiveCommand("backup", "backed up", backupDatabase, argv, io);
}
