/**
 * Connection pool and the one way application code touches clinic data: a transaction that
 * runs as the restricted role `remodel_app` with the current clinic set, so row-level security
 * scopes every query, hand-written ones included.
 */
import pg from "pg";

export type Db = pg.Pool;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export type Tx = pg.PoolClient;

// Dates (no time) stay ISO strings: a date of birth is a calendar day, not an instant.
pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v);
// numeric -> number (needle depths like 1.50 fit a double exactly enough).
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

export function createPool(connectionString: string, max = 10): Db {
  // Every pooled connection logs in as the application role (a startup option, so no query
  // can run before it): a query that forgot its clinic sees nothing rather than everything.
  const pool = new pg.Pool({
    connectionString,
    max,
    application_name: "remodel",
    options: "-c role=remodel_app",
    // A database that does not answer (restarting, failing over) fails the request instead of
    // holding it: the HTTP layer answers 503 and the next request tries again.
    connectionTimeoutMillis: 5000,
  });
  // A client that loses its server must not crash the process: idle ones are handled by the
  // pool's listener, checked-out ones by this one (the pending query fails on its own, and the
  // pool drops the broken client when it is released).
  pool.on("error", () => {});
  pool.on("connect", (client) => {
    client.on("error", () => {});
  });
  return pool;
}

// Connection-level failures (SQLSTATE classes 08 and 57P) and the driver's own messages for a
// connection that dropped or could not be made.
const UNAVAILABLE_CODES = /^(08...|57P0[1-4]|53300)$/;
const UNAVAILABLE_ERRNO = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "ENOTFOUND",
  "EAI_AGAIN",
]);
const UNAVAILABLE_MESSAGE =
  /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|the database system is (starting up|shutting down|in recovery mode)|Connection terminated unexpectedly|terminating connection/i;

/** Whether an error means the database is away (restart, failover, a killed backend), not a bad query. */
export function isDatabaseUnavailable(err: unknown): boolean {
  if (!err || typeof err !== "object") return false;
  const e = err as { code?: unknown; message?: unknown };
  if (typeof e.code === "string" && (UNAVAILABLE_CODES.test(e.code) || UNAVAILABLE_ERRNO.has(e.code)))
    return true;
  if (err instanceof AggregateError) return err.errors.some(isDatabaseUnavailable);
  return typeof e.message === "string" && UNAVAILABLE_MESSAGE.test(e.message);
}

export interface TxContext {
  clinicId: string;
  userId?: string | null;
}

/** Runs `fn` in one transaction scoped to a clinic; commits on success, rolls back on any error. */
export async function withClinic<T>(db: Db, ctx: TxContext, fn: (tx: Tx) => Promise<T>): Promise<T> {
  // One round trip opens the scoped transaction. The ids are inlined (parameters are not allowed
  // in a multi-statement query), so they must be plain UUIDs.
  if (!UUID.test(ctx.clinicId) || (ctx.userId && !UUID.test(ctx.userId)))
    throw new Error("withClinic: ids must be UUIDs");
  const client = await db.connect();
  let broken: Error | undefined;
  try {
    await client.query(
      `begin; set local role remodel_app; select set_config('app.clinic_id', '${ctx.clinicId}', true), set_config('app.user_id', '${ctx.userId ?? ""}', true)`,
    );
    const result = await fn(client);
    await client.query("commit");
    return result;
  } catch (err) {
    // A connection that cannot even roll back is broken: the pool drops it instead of reusing it.
    broken = await client.query("rollback").then(
      () => undefined,
      (e: Error) => e,
    );
    throw err;
  } finally {
    client.release(broken);
  }
}

/** A transaction with no clinic: only the narrow security-definer functions return anything. */
export async function withoutClinic<T>(db: Db, fn: (tx: Tx) => Promise<T>): Promise<T> {
  const client = await db.connect();
  let broken: Error | undefined;
  try {
    await client.query("begin; set local role remodel_app");
    const result = await fn(client);
    await client.query("commit");
    return result;
  } catch (err) {
    // A connection that cannot even roll back is broken: the pool drops it instead of reusing it.
    broken = await client.query("rollback").then(
      () => undefined,
      (e: Error) => e,
    );
    throw err;
  } finally {
    client.release(broken);
  }
}
