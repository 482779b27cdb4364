import pg from "pg";
import { ConfigError, loadConfig } from "../../server/config.ts";
import { DatabaseStartError } from "../../server/runtime.ts";
import { UnknownClinicError, verifyAuditChains } from "../../server/security/audit-chain.ts";
import { openToolDatabase } from "../../server/security/tool-database.ts";
import type { CommandIO } from "../io.ts";

export const summary =
  "audit verify [--clinic SLUG]: seal pending audit entries, then check the audit log's hash chain";

const USAGE = "usage: remodel audit verify [--clinic SLUG]";

export async function run(argv: string[], io: CommandIO): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub !== "verify") {
    io.stderr.write(
      `remodel audit: ${sub ? `unknown subcommand '${sub}'` : "missing subcommand"}\n${USAGE}\n`,
    );
    return 2;
  }
  let clinic: string | undefined;
  for (let i = 0; i < rest.length; i++) {
    if (rest[i] === "--clinic" && rest[i + 1]) clinic = rest[++i];
    else {
      io.stderr.write(`remodel audit verify: unexpected argument '${rest[i]}'\n${USAGE}\n`);
      return 2;
    }
  }
  let database: Awaited<ReturnType<typeof openToolDatabase>>;
  try {
    database = await openToolDatabase(loadConfig(), () => {});
  } catch (err) {
    if (err instanceof ConfigError || err instanceof DatabaseStartError) {
      io.stderr.write(`remodel audit verify: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
  const client = new pg.Client({ connectionString: database.adminUrl, application_name: "remodel-audit" });
  try {
    await client.connect();
    const reports = await verifyAuditChains(client, clinic);
    let broken = false;
    for (const r of reports) {
      const pending = r.pending > 0 ? `; ${r.pending} entries pending sealing` : "";
      if (r.broken) {
        broken = true;
        io.stdout.write(
          `${r.clinicSlug}: BROKEN at entry ${r.broken.seq} (audit_log id ${r.broken.id}): ${r.broken.reason}; ${r.checked} entries before it verified${pending}\n`,
        );
      } else {
        io.stdout.write(`${r.clinicSlug}: OK, ${r.checked} entries verified${pending}\n`);
      }
    }
    if (reports.length === 0) io.stdout.write("no clinics\n");
    return broken ? 1 : 0;
  } catch (err) {
    if (err instanceof UnknownClinicError) {
      io.stderr.write(`remodel audit verify: ${err.message}\n`);
      return 2;
    }
    throw err;
  } finally {
    await client.end().catch(() => {});
    await database.close();
  }
}
