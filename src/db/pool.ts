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
  });
  // An idle client that loses its server must not crash the process.
  pool.on("error", () => {});
  return pool;
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
  try {
    await client.query(
      `begin; set local role remodel_app; select set_config('app.clinic_id', '${ctx.clinicId}', true), set_config('app.user_id', '${ctx.userId ?? ""}', true)`,
    );
    const result = await fn(client);
    await client.query("commit");
    return result;
  } catch (err) {
    await client.query("rollback").catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}

/** A transaction with no clinic: only the narrow security-definer functions return anything. */
export async function withoutClinic<T>(db: Db, fn: (tx: Tx) => Promise<T>): Promise<T> {
  const client = await db.connect();
  try {
    await client.query("begin; set local role remodel_app");
    const result = await fn(client);
    await client.query("commit");
    return result;
  } catch (err) {
    await client.query("rollback").catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}
