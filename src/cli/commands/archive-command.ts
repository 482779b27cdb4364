/**
 * What `remodel backup` and `remodel restore` share: the FILE argument, opening the database the
 * way the server would (or joining a running one), a progress bar on a terminal only, and the
 * exit codes (2 for a usage, configuration or archive problem).
 */
import path from "node:path";
import { BackupError, terminalProgress } from "../../server/backup/backup.ts";
import { ConfigError, loadConfig } from "../../server/config.ts";
import { DatabaseStartError } from "../../server/runtime.ts";
import { openToolDatabase } from "../../server/security/tool-database.ts";
import type { PhotoStorage } from "../../server/storage/photo-storage.ts";
import { photoStorageFor } from "../../server/storage/storage-from-config.ts";
import type { CommandIO } from "../io.ts";

type ArchiveResult = { rows: number; tables: number; photos: number; bytes: number };
type Transfer = (
  adminUrl: string,
  photos: PhotoStorage | undefined,
  file: string,
  progress: ReturnType<typeof terminalProgress> | undefined,
) => Promise<ArchiveResult>;

export async function runArchiveCommand(
  name: "backup" | "restore",
  done: string,
  transfer: Transfer,
  argv: string[],
  io: CommandIO,
): Promise<number> {
  if (argv.length !== 1 || argv[0]!.startsWith("-")) {
    io.stderr.write(`usage: remodel ${name} FILE\n`);
    return 2;
  }
  const file = path.resolve(argv[0]!);
  let database: Awaited<ReturnType<typeof openToolDatabase>>;
  let photos: PhotoStorage;
  try {
    const config = loadConfig();
    // The store the server would use: the photo directory, or the S3-compatible bucket.
    photos = photoStorageFor(config);
    database = await openToolDatabase(config, () => {});
  } catch (err) {
    if (err instanceof ConfigError || err instanceof DatabaseStartError) {
      io.stderr.write(`remodel ${name}: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
  // The bar only on a terminal: a log file or a pipe gets the one summary line.
  const tty = (io.stderr as NodeJS.WriteStream).isTTY === true;
  try {
    const result = await transfer(
      database.adminUrl,
      photos,
      file,
      tty ? terminalProgress(io.stderr as NodeJS.WriteStream) : undefined,
    );
    if (tty) io.stderr.write("\n");
    io.stdout.write(
      `${done} ${result.rows} rows in ${result.tables} tables and ${result.photos} photos (${file}, ${result.bytes} bytes)\n`,
    );
    return 0;
  } catch (err) {
    if (tty) io.stderr.write("\n");
    if (err instanceof BackupError || (err as NodeJS.ErrnoException).code === "ENOENT") {
      io.stderr.write(`remodel ${name}: ${(err as Error).message}\n`);
      return 2;
    }
    throw err;
  } finally {
    await database.close();
  }
}
