import { ConfigError, loadConfig } from "../../server/config.ts";
import { ListenError, startServer } from "../../server/main.ts";
import { DatabaseStartError } from "../../server/runtime.ts";
import type { CommandIO } from "../io.ts";

export const summary = "start the Remodel server (embedded PostgreSQL unless DATABASE_URL is set)";

export async function run(argv: string[], io: CommandIO): Promise<number> {
  if (argv.length > 0) {
    io.stderr.write(
      `remodel start: unexpected argument '${argv[0]}' (configure with environment variables; see README)\n`,
    );
    return 2;
  }
  const say = (line: string) => io.stdout.write(`${line}\n`);
  let server: Awaited<ReturnType<typeof startServer>>;
  try {
    const config = loadConfig();
    server = await startServer(config, say);
  } catch (err) {
    if (err instanceof ConfigError || err instanceof DatabaseStartError || err instanceof ListenError) {
      io.stderr.write(`remodel start: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
  say(
    `\nRemodel is running at ${server.url}  (staff app ${server.url}/app, patient portal ${server.url}/portal, API docs ${server.url}/api/docs)`,
  );
  await new Promise<void>((resolve) => {
    const shutdown = () => {
      say("Shutting down...");
      server.stop().then(resolve, resolve);
    };
    process.once("SIGINT", shutdown);
    process.once("SIGTERM", shutdown);
  });
  return 0;
}
