/**
 * The login of the server's request pool: a role that can only become remodel_app. Made (or
 * repaired) by the schema owner at every start: the row in app_login names it and holds its
 * password; the role is created when missing (a restored backup on a new cluster) and its
 * password and attributes are set again. Several app servers on one database agree, as they read
 * the same row under an advisory lock.
 */
import { randomBytes } from "node:crypto";
import pg from "pg";

const LOCK_KEY = 7_305_003;

export interface AppLogin {
  /** The owner's URL with the login role's name and password in it. */
  url: string;
  role: string;
}

export class AppLoginUnavailable extends Error {}

/**
 * Ensures the request pool's login role and returns its URL. The owner must be able to create
 * roles (CREATEROLE or superuser); when it cannot, AppLoginUnavailable says so.
 */
export async function ensureAppLogin(ownerUrl: string): Promise<AppLogin> {
  const client = new pg.Client({ connectionString: ownerUrl, application_name: "remodel-app-login" });
  client.on("error", () => {});
  await client.connect();
  try {
    await client.query("select pg_advisory_lock($1)", [LOCK_KEY]);
    let row = (
      await client.query<{ role_name: string; password: string }>("select role_name, password from app_login")
    ).rows[0];
    if (!row) {
      row = {
        role_name: `remodel_app_${randomBytes(6).toString("hex")}`,
        password: randomBytes(32).toString("hex"),
      };
      await client.query("insert into app_login (role_name, password) values ($1, $2)", [
        row.role_name,
        row.password,
      ]);
    }
    // Both values are checked by the table (name and hex patterns), so they are safe to inline.
    const { role_name: role, password } = row;
    const exists = (await client.query("select 1 from pg_roles where rolname = $1", [role])).rowCount === 1;
    try {
      await client.query(
        `${exists ? "alter" : "create"} role ${role} login noinherit nosuperuser nocreatedb nocreaterole noreplication nobypassrls password '${password}'`,
      );
      await client.query(`grant remodel_app to ${role}`);
    } catch (err) {
      if ((err as { code?: string }).code === "42501")
        throw new AppLoginUnavailable(
          `the database user cannot create the application's login role (${(err as Error).message}); grant it CREATEROLE`,
        );
      throw err;
    }
    const url = new URL(ownerUrl);
    url.username = role;
    url.password = password;
    return { url: url.toString(), role };
  } finally {
    await client.query("select pg_advisory_unlock($1)", [LOCK_KEY]).catch(() => {});
    await client.end().catch(() => {});
  }
}

/** Drops the login role of a database about to be dropped (tests make one database per file). */
export async function dropAppLogin(serverUrl: string, role: string): Promise<void> {
  if (!/^remodel_app_[0-9a-f]{12}$/.test(role)) return;
  const client = new pg.Client({ connectionString: serverUrl });
  client.on("error", () => {});
  await client.connect();
  try {
    await client.query(`drop role if exists ${role}`);
  } finally {
    await client.end().catch(() => {});
  }
}
