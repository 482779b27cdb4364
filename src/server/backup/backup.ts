/**
 * Backup and restore of a whole Remodel database (every clinic) and its photos, in one gzip file
 * that any Remodel of the same schema can read back. The photos are read from the photo store in
 * use (the directory, or the S3-compatible bucket, object by object) and restored into the store
 * the restoring Remodel is configured with, so a backup also moves photos between the two.
 *
 * Why not pg_dump: the embedded PostgreSQL ships without it, and a machine's pg_dump refuses a
 * server newer than itself. The data is copied with PostgreSQL's own COPY in text form (exact for
 * every type) inside one repeatable-read snapshot, so the backup is consistent while the clinic
 * keeps working. The schema is not stored: restore brings the empty database to the same
 * migrations first, then loads the rows with triggers off (the audit chain keeps its own hashes).
 *
 * File layout (after gunzip), one record per line:
 *   {"format":"remodel-backup","version":1,...header}
 *   {"table":"patients","columns":[...],"rows":N}   then N COPY text lines
 *   {"photo":"relative/path.jpg","size":N,"data":"<base64>"}
 *   {"end":true}
 */
import { createReadStream, createWriteStream } from "node:fs";
import { rm, stat } from "node:fs/promises";
import readline from "node:readline";
import { Readable, Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGunzip, createGzip } from "node:zlib";
import pg from "pg";
import { from as copyFrom, to as copyTo } from "pg-copy-streams";
import { listMigrations, migrate } from "../../db/migrate.ts";
import { sealRestoredAuditEntries } from "../../db/repositories/audit.repository.ts";
import { sealAuditChains } from "../security/audit-chain.ts";
import type { PhotoStorage } from "../storage/photo-storage.ts";

export type Progress = (done: number, total: number, label: string) => void;

export interface BackupSummary {
  tables: number;
  rows: number;
  photos: number;
  bytes: number;
}

export class BackupError extends Error {}

const FORMAT = "remodel-backup";

async function listTables(client: pg.Client): Promise<{ name: string; rows: number }[]> {
  const { rows } = await client.query<{ name: string }>(
    "select tablename as name from pg_tables where schemaname = 'public' and tablename <> 'schema_migrations' order by tablename",
  );
  const out = [];
  for (const { name } of rows) {
    const n = (await client.query<{ n: number }>(`select count(*)::int as n from "${name}"`)).rows[0]!.n;
    out.push({ name, rows: n });
  }
  return out;
}

async function columnsOf(client: pg.Client, table: string): Promise<string[]> {
  const { rows } = await client.query<{ c: string }>(
    `select column_name as c from information_schema.columns
     where table_schema = 'public' and table_name = $1 and is_generated = 'NEVER' order by ordinal_position`,
    [table],
  );
  return rows.map((r) => r.c);
}

async function listPhotos(store: PhotoStorage | undefined): Promise<string[]> {
  if (!store) return [];
  const out: string[] = [];
  try {
    for await (const key of store.list()) out.push(key);
  } catch (error) {
    throw new BackupError(
      `the photo store (${store.describe}) could not be listed: ${(error as Error).message}`,
    );
  }
  return out.sort();
}

const quoted = (cols: string[]) => cols.map((c) => `"${c}"`).join(", ");

/** Writes the backup of the database at `adminUrl` (and the photos in `photos`) to `file`. */
export async function backupDatabase(
  adminUrl: string,
  photos: PhotoStorage | undefined,
  file: string,
  progress: Progress = () => {},
): Promise<BackupSummary> {
  const client = new pg.Client({ connectionString: adminUrl, application_name: "remodel-backup" });
  await client.connect();
  const gzip = createGzip();
  const out = createWriteStream(file, { mode: 0o600 });
  const written = pipeline(gzip, out);
  const write = (s: string) =>
    new Promise<void>((resolve, reject) => {
      gzip.write(s, (e) => (e ? reject(e) : resolve()));
    });
  let rows = 0;
  try {
    // Everything committed before the backup goes in sealed (audit entries wait a few seconds
    // for the sealer otherwise); whatever is still unsealed in the snapshot is sealed on restore.
    await sealAuditChains(client, { waitMs: 5_000 });
    await client.query("begin isolation level repeatable read read only");
    const migrations = (
      await client.query<{ name: string }>("select name from schema_migrations order by name")
    ).rows.map((r) => r.name);
    const tables = await listTables(client);
    const keys = await listPhotos(photos);
    const total = tables.reduce((n, t) => n + t.rows, 0) + keys.length;
    await write(
      `${JSON.stringify({ format: FORMAT, version: 1, createdAt: new Date().toISOString(), migrations, tables, photos: keys.length })}\n`,
    );
    for (const t of tables) {
      const columns = await columnsOf(client, t.name);
      await write(`${JSON.stringify({ table: t.name, columns, rows: t.rows })}\n`);
      const source = client.query(copyTo(`copy (select ${quoted(columns)} from "${t.name}") to stdout`));
      let lines = 0;
      await pipeline(
        source,
        new Writable({
          write(chunk: Buffer, _enc, done) {
            for (const b of chunk) if (b === 10) lines++;
            gzip.write(chunk, done);
          },
        }),
      );
      if (lines !== t.rows)
        throw new BackupError(`table ${t.name}: copied ${lines} rows, expected ${t.rows}`);
      rows += lines;
      progress(rows, total, t.name);
    }
    await client.query("commit");
    // One object at a time: memory holds one photo, whatever the store's size.
    let n = 0;
    for (const key of keys) {
      const data = await photos!.get(key).catch((error: Error) => {
        throw new BackupError(`photo ${key} could not be read: ${error.message}`);
      });
      if (!data) throw new BackupError(`photo ${key} disappeared from the photo store during the backup`);
      await write(`${JSON.stringify({ photo: key, size: data.length, data: data.toString("base64") })}\n`);
      progress(rows + ++n, total, "photos");
    }
    await write(`${JSON.stringify({ end: true })}\n`);
    gzip.end();
    await written;
    return { tables: tables.length, rows, photos: keys.length, bytes: (await stat(file)).size };
  } catch (err) {
    // The half-written file goes: a failed backup must not look like a backup.
    written.catch(() => {});
    gzip.destroy();
    await rm(file, { force: true }).catch(() => {});
    await client.query("rollback").catch(() => {});
    throw err;
  } finally {
    await client.end();
  }
}

/**
 * Restores a backup into the database at `adminUrl`, which must hold no clinic yet: it is
 * migrated to the backup's schema, then every table is loaded in one transaction (all or nothing).
 */
export async function restoreDatabase(
  adminUrl: string,
  store: PhotoStorage | undefined,
  file: string,
  progress: Progress = () => {},
): Promise<BackupSummary> {
  const lines = readline
    .createInterface({
      input: createReadStream(file).pipe(createGunzip()),
      crlfDelay: Number.POSITIVE_INFINITY,
    })
    [Symbol.asyncIterator]();
  const next = async () => {
    const r = await lines.next();
    return r.done ? null : r.value;
  };
  const first = await next().catch(() => null);
  let header: {
    format?: string;
    version?: number;
    migrations?: string[];
    tables?: { rows: number }[];
    photos?: number;
  };
  try {
    header = JSON.parse(first ?? "");
  } catch {
    throw new BackupError(`${file} is not a Remodel backup`);
  }
  if (header.format !== FORMAT || header.version !== 1)
    throw new BackupError(`${file} is not a Remodel backup`);
  const known = new Set(await listMigrations());
  const unknown = (header.migrations ?? []).filter((m) => !known.has(m));
  if (unknown.length)
    throw new BackupError(
      `the backup comes from a newer Remodel (migrations ${unknown.join(", ")}); upgrade first`,
    );

  await migrate(adminUrl);
  const client = new pg.Client({ connectionString: adminUrl, application_name: "remodel-restore" });
  await client.connect();
  const total = (header.tables ?? []).reduce((n, t) => n + t.rows, 0) + (header.photos ?? 0);
  let rows = 0;
  let tables = 0;
  let photos = 0;
  try {
    const clinics = (await client.query<{ n: number }>("select count(*)::int as n from clinics")).rows[0]!.n;
    if (clinics > 0)
      throw new BackupError("the target database already holds clinics; restore into an empty database");
    await client.query("begin");
    // Rows go back exactly as they were: no triggers (the audit chain and append-only guards
    // would refuse or re-hash them) and no foreign-key order to respect.
    await client.query("set local session_replication_role = replica");
    const all = (
      await client.query<{ t: string }>(
        "select tablename as t from pg_tables where schemaname = 'public' and tablename <> 'schema_migrations'",
      )
    ).rows.map((r) => `"${r.t}"`);
    if (all.length) await client.query(`truncate ${all.join(", ")}`);
    let line = await next();
    while (line !== null) {
      const record = JSON.parse(line) as {
        table?: string;
        columns?: string[];
        rows?: number;
        photo?: string;
        size?: number;
        data?: string;
        end?: boolean;
      };
      if (record.end) break;
      if (record.table && record.columns) {
        const sink = client.query(copyFrom(`copy "${record.table}" (${quoted(record.columns)}) from stdin`));
        const expected = record.rows ?? 0;
        const body: string[] = [];
        for (let i = 0; i < expected; i++) {
          const row = await next();
          if (row === null) throw new BackupError(`backup ends inside table ${record.table}`);
          body.push(`${row}\n`);
        }
        await pipeline(Readable.from(body), sink);
        rows += expected;
        tables++;
        progress(rows, total, record.table);
      } else if (record.photo && record.data !== undefined) {
        if (!store) throw new BackupError("the backup holds photos but no photo store is configured");
        const bytes = Buffer.from(record.data, "base64");
        if (record.size !== undefined && bytes.length !== record.size)
          throw new BackupError(`photo ${record.photo}: ${bytes.length} bytes, expected ${record.size}`);
        try {
          await store.put(record.photo, bytes);
        } catch (error) {
          throw new BackupError(`photo ${record.photo} could not be restored: ${(error as Error).message}`);
        }
        photos++;
        progress(rows + photos, total, "photos");
      }
      line = await next();
    }
    if (line === null) throw new BackupError("the backup is truncated (no end marker)");
    // Sequences continue after the restored rows.
    const seqs = await client.query<{ tbl: string; col: string; seq: string }>(
      `select c.relname as tbl, a.attname as col, pg_get_serial_sequence(format('%I', c.relname), a.attname) as seq
       from pg_class c join pg_attribute a on a.attrelid = c.oid
       join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = 'public' and c.relkind = 'r' and a.attnum > 0
         and pg_get_serial_sequence(format('%I', c.relname), a.attname) is not null`,
    );
    for (const s of seqs.rows) {
      await client.query(
        `select setval($1, coalesce((select max("${s.col}") from "${s.tbl}"), 0) + 1, false)`,
        [s.seq],
      );
    }
    await client.query("commit");
    // Entries the backup held unsealed carry the old server's transaction ids: seal them now.
    await sealRestoredAuditEntries(client);
    return { tables, rows, photos, bytes: (await stat(file)).size };
  } catch (err) {
    await client.query("rollback").catch(() => {});
    throw err;
  } finally {
    await client.end();
  }
}

/** A one-line progress bar for a terminal: `[#######.............]  35%  patients`. */
export function terminalProgress(stream: NodeJS.WriteStream): Progress {
  let last = "";
  return (done, total, label) => {
    const fraction = total === 0 ? 1 : Math.min(1, done / total);
    const width = 30;
    const filled = Math.round(fraction * width);
    const line = `[${"#".repeat(filled)}${".".repeat(width - filled)}] ${String(Math.round(fraction * 100)).padStart(3)}%  ${label.padEnd(24).slice(0, 24)}`;
    if (line !== last) stream.write(`\r${line}`);
    last = line;
  };
}
