/**
 * `remodel clinic create|list|remove-demo`: for operators hosting clinics. Creating a clinic makes
 * its first location and an owner invitation, and prints the owner's one-time set-up link (only
 * here, never stored: the database keeps its hash).
 */
import { createHash, randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import pg from "pg";
import { MIGRATION_LOCK_KEY } from "../../db/migrate.ts";
import { insertFirstLocation } from "../../db/repositories/clinic-profile.repository.ts";
import { isIanaTimeZone } from "../../domain/scheduling/time-zone.ts";
import { ConfigError, loadConfig } from "../../server/config.ts";
import { DEMO_SLUG } from "../../server/demo-seed.ts";
import { DatabaseStartError, openDatabase } from "../../server/runtime.ts";
import { slugOf } from "../../server/services/first-run.service.ts";
import { invitationLink } from "../../server/services/staff.service.ts";
import type { CommandIO } from "../io.ts";

export const summary = "create a clinic and its owner's set-up link, list clinics, remove the demo";

const USAGE = `usage:
  remodel clinic create --name NAME --time-zone ZONE --owner-email EMAIL [--owner-name NAME]
                        [--slug SLUG] [--currency GBP] [--phone PHONE] [--email EMAIL]
                        [--address ADDRESS] [--location NAME]
  remodel clinic list
  remodel clinic remove-demo     retire the demo clinic once a real clinic exists`;

const INVITATION_DAYS = 7;
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

class UsageError extends Error {}

export async function run(argv: string[], io: CommandIO): Promise<number> {
  const [sub, ...rest] = argv;
  try {
    if (sub === "create") return await create(rest, io);
    if (sub === "list") return await list(rest, io);
    if (sub === "remove-demo") return await removeDemo(rest, io);
    if (sub === "--help" || sub === "-h") {
      io.stdout.write(`${USAGE}\n`);
      return 0;
    }
    throw new UsageError(
      sub
        ? `unknown subcommand '${sub}' (create, list, remove-demo)`
        : "missing subcommand (create, list, remove-demo)",
    );
  } catch (err) {
    if (err instanceof UsageError || err instanceof ConfigError || err instanceof DatabaseStartError) {
      io.stderr.write(`remodel clinic: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
}

function parse(argv: string[], options: Record<string, { type: "string" }>) {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals: false }).values as Record<
      string,
      string | undefined
    >;
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message.split("\n")[0]! : String(err));
  }
}

/** The migrated database (as `remodel migrate` would leave it) and a client on it. */
async function connect(io: CommandIO) {
  const config = loadConfig();
  const database = await openDatabase(config, () => {});
  const client = new pg.Client({ connectionString: database.adminUrl });
  await client.connect();
  void io;
  return {
    config,
    client,
    close: async () => {
      await client.end();
      await database.stop();
    },
  };
}

async function create(argv: string[], io: CommandIO): Promise<number> {
  const v = parse(argv, {
    name: { type: "string" },
    "time-zone": { type: "string" },
    "owner-email": { type: "string" },
    "owner-name": { type: "string" },
    slug: { type: "string" },
    currency: { type: "string" },
    phone: { type: "string" },
    email: { type: "string" },
    address: { type: "string" },
    location: { type: "string" },
  });
  const name = v.name?.trim();
  if (!name || name.length < 2 || name.length > 200)
    throw new UsageError("--name: required, 2 to 200 characters");
  const timeZone = v["time-zone"]?.trim();
  if (!timeZone) throw new UsageError("--time-zone: required, e.g. Europe/London");
  if (!isIanaTimeZone(timeZone))
    throw new UsageError(`--time-zone: '${timeZone}' is not a known time zone, e.g. Europe/London`);
  const ownerEmail = v["owner-email"]?.trim().toLowerCase();
  if (!ownerEmail || !EMAIL.test(ownerEmail))
    throw new UsageError("--owner-email: required, an e-mail address");
  const slug = v.slug?.trim() ?? slugOf(name);
  if (!/^[a-z0-9][a-z0-9-]{1,62}$/.test(slug))
    throw new UsageError(`--slug: '${slug}' must be 2 to 63 lower-case letters, digits and hyphens`);
  if (slug === DEMO_SLUG) throw new UsageError(`--slug: '${DEMO_SLUG}' is the demo clinic's`);
  const currency = (v.currency ?? "GBP").trim().toUpperCase();
  if (!/^[A-Z]{3}$/.test(currency)) throw new UsageError("--currency: three letters, e.g. GBP");
  if (v.email !== undefined && !EMAIL.test(v.email.trim()))
    throw new UsageError("--email: not an e-mail address");

  const { config, client, close } = await connect(io);
  try {
    const token = randomBytes(32).toString("base64url");
    await underInstallLock(client, async () => {
      const taken = await client.query("select 1 from clinics where slug = $1", [slug]);
      if (taken.rowCount)
        throw new UsageError(`--slug: a clinic '${slug}' already exists (give another with --slug)`);
      const clinic = (
        await client.query<{ id: string }>(
          `insert into clinics (slug, name, time_zone, currency, phone, email, address)
         values ($1, $2, $3, $4, $5, $6, $7) returning id`,
          [
            slug,
            name,
            timeZone,
            currency,
            v.phone?.trim() || null,
            v.email?.trim() || null,
            v.address?.trim() || null,
          ],
        )
      ).rows[0]!;
      await client.query("select set_config('app.clinic_id', $1, true)", [clinic.id]);
      await insertFirstLocation(client, {
        name: v.location?.trim() || name,
        timeZone,
        address: v.address?.trim() || null,
      });
      const invitation = (
        await client.query<{ id: string }>(
          `insert into invitations (clinic_id, email, name, role, token_hash, invited_by, expires_at)
         values ($1, $2, $3, 'owner', $4, null, now() + make_interval(days => $5)) returning id`,
          [
            clinic.id,
            ownerEmail,
            v["owner-name"]?.trim() || ownerEmail.split("@")[0],
            createHash("sha256").update(token).digest(),
            INVITATION_DAYS,
          ],
        )
      ).rows[0]!;
      await client.query(
        `insert into audit_log (clinic_id, actor_user_id, actor_role, action, resource_type, resource_id, detail)
       values ($1::uuid, null, null, 'clinic.create', 'clinic', $1::text, $2)`,
        [clinic.id, JSON.stringify({ via: "cli", ownerInvitation: invitation.id })],
      );
    });
    io.stdout.write(
      `Created clinic '${name}' (${slug}, ${timeZone}).\n` +
        `The owner (${ownerEmail}) sets their password and authenticator with this one-time link, valid ${INVITATION_DAYS} days:\n` +
        `  ${invitationLink(config.publicUrl, token)}\n`,
    );
    return 0;
  } finally {
    await close();
  }
}

/**
 * Runs `work` in one transaction under the migration lock, so a clinic created or the demo
 * removed never races a server that is migrating or seeding; any error rolls it all back.
 */
async function underInstallLock(client: pg.ClientBase, work: () => Promise<void>): Promise<void> {
  await client.query("begin");
  try {
    await client.query("select pg_advisory_xact_lock($1)", [MIGRATION_LOCK_KEY]);
    await work();
    await client.query("commit");
  } catch (err) {
    await client.query("rollback").catch(() => {});
    throw err;
  }
}

async function list(argv: string[], io: CommandIO): Promise<number> {
  if (argv.length > 0) throw new UsageError(`list: unexpected argument '${argv[0]}'`);
  const { client, close } = await connect(io);
  try {
    const { rows } = await client.query<{
      slug: string;
      name: string;
      time_zone: string;
      owners: number;
      patients: number;
      retired: boolean;
    }>(
      `select c.slug, c.name, c.time_zone,
         (select count(*)::int from users u where u.clinic_id = c.id and u.role = 'owner' and u.disabled_at is null) as owners,
         (select count(*)::int from patients p where p.clinic_id = c.id) as patients,
         c.slug = $1 and exists (select 1 from installation where demo_removed_at is not null) as retired
       from clinics c order by c.created_at`,
      [DEMO_SLUG],
    );
    if (rows.length === 0) {
      io.stdout.write(
        "No clinic yet: create one with 'remodel clinic create' or the set-up link a server prints at start.\n",
      );
      return 0;
    }
    io.stdout.write(
      `${"slug".padEnd(24)} ${"time zone".padEnd(20)} ${"owners".padStart(6)} ${"patients".padStart(8)}  name\n`,
    );
    for (const r of rows)
      io.stdout.write(
        `${r.slug.padEnd(24)} ${r.time_zone.padEnd(20)} ${String(r.owners).padStart(6)} ${String(r.patients).padStart(8)}  ${r.name}${r.retired ? " (demo, removed)" : ""}\n`,
      );
    return 0;
  } finally {
    await close();
  }
}

/**
 * The demo clinic leaves use for good: nobody can sign in to it, the public site never shows it,
 * its future bookings and reminders are withdrawn, and it is not seeded again. Its rows stay (the
 * audit log is append-only and refers to them), but they are unreachable.
 */
async function removeDemo(argv: string[], io: CommandIO): Promise<number> {
  if (argv.length > 0) throw new UsageError(`remove-demo: unexpected argument '${argv[0]}'`);
  const { client, close } = await connect(io);
  try {
    let removedNow = false;
    await underInstallLock(client, async () => {
      const demo = (await client.query<{ id: string }>("select id from clinics where slug = $1", [DEMO_SLUG]))
        .rows[0];
      const removed = (await client.query("select 1 from installation where demo_removed_at is not null"))
        .rowCount;
      if (!demo || removed) return;
      const real = await client.query("select 1 from clinics where slug <> $1", [DEMO_SLUG]);
      if (!real.rowCount)
        throw new UsageError("no real clinic exists yet: create one first ('remodel clinic create')");
      await client.query(
        "update users set disabled_at = now() where clinic_id = $1 and disabled_at is null",
        [demo.id],
      );
      await client.query(
        "update sessions set revoked_at = now() where clinic_id = $1 and revoked_at is null",
        [demo.id],
      );
      await client.query(
        "update appointments set status = 'cancelled' where clinic_id = $1 and status = 'booked' and starts_at > now()",
        [demo.id],
      );
      await client.query(
        `update outbox set withdrawn_at = now(), withdrawn_reason = 'demo clinic removed'
       where clinic_id = $1 and sent_at is null and withdrawn_at is null`,
        [demo.id],
      );
      await client.query("update recalls set status = 'dismissed' where clinic_id = $1 and status = 'due'", [
        demo.id,
      ]);
      await client.query("update installation set demo_removed_at = now()");
      await client.query(
        `insert into audit_log (clinic_id, actor_user_id, actor_role, action, resource_type, resource_id, detail)
       values ($1::uuid, null, null, 'clinic.remove_demo', 'clinic', $1::text, '{"via":"cli"}')`,
        [demo.id],
      );
      removedNow = true;
    });
    io.stdout.write(
      removedNow
        ? "Removed the demo clinic: its accounts are closed and the public site no longer shows it.\n"
        : "There is no demo clinic to remove.\n",
    );
    return 0;
  } finally {
    await close();
  }
}
