/**
 * Entry of the `remodel` command. Each subcommand lives in `commands/<name>.ts` and exports
 * `run(argv, io)` returning the exit status: 0 success, 1 internal failure, 2 bad input or usage.
 */
import type { CommandIO } from "./io.ts";

type Command = { run: (argv: string[], io: CommandIO) => Promise<number>; summary: string };

const commands: Record<string, () => Promise<Command>> = {
  start: () => import("./commands/start.ts"),
  migrate: () => import("./commands/migrate.ts"),
  screen: () => import("./commands/screen.ts"),
  plan: () => import("./commands/plan.ts"),
  import: () => import("./commands/import.ts"),
  export: () => import("./commands/export.ts"),
  audit: () => import("./commands/audit.ts"),
  backup: () => import("./commands/backup.ts"),
  restore: () => import("./commands/restore.ts"),
  "patient-data": () => import("./commands/patient-data.ts"),
  clinic: () => import("./commands/clinic.ts"),
};

async function main(argv: string[]): Promise<number> {
  const io: CommandIO = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr };
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    const lines = ["usage: remodel <command> [options]", "", "commands:"];
    for (const [cmd, load] of Object.entries(commands))
      lines.push(`  ${cmd.padEnd(12)} ${(await load()).summary}`);
    io.stdout.write(`${lines.join("\n")}\n`);
    return name ? 0 : 2;
  }
  const load = commands[name];
  if (!load) {
    io.stderr.write(`remodel: unknown command '${name}' (see 'remodel --help')\n`);
    return 2;
  }
  return (await load()).run(rest, io);
}

main(process.argv.slice(2)).then(
  (code) => {
    // Exit explicitly: a library's leftover handle must not keep a finished command alive.
    process.exit(code);
  },
  (err: unknown) => {
    process.stderr.write(`remodel: internal error: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
