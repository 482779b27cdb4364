import { restoreDatabase } from "../../server/backup/backup.ts";
import type { CommandIO } from "../io.ts";
import { runArchiveCommand } from "./archive-command.ts";

export const summary = "restore FILE: load a backup into an empty database";

export function run(argv: string[], io: CommandIO): Promise<number> {
  return runArchiveCommand("restore", "restored", restoreDatabase, argv, io);
}
