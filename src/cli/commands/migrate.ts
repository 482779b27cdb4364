import { ConfigError, loadConfig } from "../../server/config.ts";
import { DatabaseStartError, openDatabase } from "../../server/runtime.ts";
import type { CommandIO } from "../io.ts";

export const summary = "apply pending database migrations and exit";

export async function run(argv: string[], io: CommandIO): Promise<number> {
  if (argv.length > 0) {
    io.stderr.write(`remodel migrate: unexpected argument '${argv[0]}'\n`);
    return 2;
  }
  try {
    const database = await openDatabase(loadConfig(), (line) => io.stdout.write(`${line}\n`));
    await database.stop();
    return 0;
  } catch (err) {
    if (err instanceof ConfigError || err instanceof DatabaseStartError) {
      io.stderr.write(`remodel migrate: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
}
