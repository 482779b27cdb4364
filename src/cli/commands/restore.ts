import path from "node:path";
import { BackupError, restoreDatabase, terminalProgress } from "../../server/backup/backup.ts";
import { ConfigError, loadConfig } from "../../server/config.ts";
import { DatabaseStartError } from "../../server/runtime.ts";
import { openToolDatabase } from "../../server/security/tool-database.ts";
import type { CommandIO } from "../io.ts";

export const summary = "restore FILE: load a backup into an empty database";

export async function run(argv: string[], io: CommandIO): Promise<number> {
  if (argv.length !== 1 || argv[0]!.startsWith("-")) {
    io.stderr.write("usage: remodel restore FILE\n");
    return 2;
  }
  const file = path.resolve(argv[0]!);
  let database: Awaited<ReturnType<typeof openToolDatabase>>;
  let photoDir: string | undefined;
  try {
    const config = loadConfig();
    photoDir = config.photoDir;
    database = await openToolDatabase(config, () => {});
  } catch (err) {
    if (err instanceof ConfigError || err instanceof DatabaseStartError) {
      io.stderr.write(`remodel restore: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
  // The bar only on a terminal: a log file or a pipe gets the one summary line.
  const tty = (io.stderr as NodeJS.WriteStream).isTTY === true;
  try {
    const result = await restoreDatabase(
      database.adminUrl,
      photoDir,
      file,
      tty ? terminalProgress(io.stderr as NodeJS.WriteStream) : undefined,
    );
    if (tty) io.stderr.write("\n");
    io.stdout.write(
      `restored ${result.rows} rows in ${result.tables} tables and ${result.photos} photos (${file}, ${result.bytes} bytes)\n`,
    );
    return 0;
  } catch (err) {
    if (tty) io.stderr.write("\n");
    if (err instanceof BackupError || (err as NodeJS.ErrnoException).code === "ENOENT") {
      io.stderr.write(`remodel restore: ${(err as Error).message}\n`);
      return 2;
    }
    throw err;
  } finally {
    await database.close();
  }
}
