// Losing the database must not take the server down: a killed connection under load, a database
// stopped and started again, and the embedded postmaster killed outright. While the database is
// away the server answers 503 with a JSON error; it recovers by itself; no acknowledged write is
// lost. (A crash of the server would end this test process: that alone fails the test.)
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import pg from "pg";
import { ensureAppLogin } from "../../src/db/app-login.ts";
import { type EmbeddedServer, ensureDatabase, startEmbeddedPostgres } from "../../src/db/embedded.ts";
import { migrate } from "../../src/db/migrate.ts";
import { createPool, type Db } from "../../src/db/pool.ts";
import { type App, buildApp } from "../../src/server/app.ts";
import { loadConfig } from "../../src/server/config.ts";
import { seedDemoClinic } from "../../src/server/demo-seed.ts";
import { DEMO } from "../support/api.ts";
import { startTestServer, type TestServer } from "../support/server.ts";

interface HttpResult {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: many response shapes
  body: any;
}

/** A browser-like client over real HTTP: cookies and the CSRF header. */
class HttpClient {
  readonly cookies = new Map<string, string>();
  csrf: string | null = null;
  readonly base: string;
  constructor(base: string) {
    this.base = base;
  }

  async request(method: string, url: string, body?: unknown): Promise<HttpResult> {
    if (method !== "GET" && this.csrf === null) {
      this.csrf = (await this.request("GET", "/api/auth/csrf")).body?.csrfToken ?? null;
    }
    const res = await fetch(this.base + url, {
      method,
      headers: {
        ...(this.cookies.size ? { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ") } : {}),
        ...(method !== "GET" && this.csrf ? { "x-csrf-token": this.csrf } : {}),
        ...(body !== undefined ? { "content-type": "application/json" } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const eq = pair!.indexOf("=");
      const value = pair!.slice(eq + 1).trim();
      if (value && !/max-age=0|expires=thu, 01 jan 1970/i.test(line))
        this.cookies.set(pair!.slice(0, eq).trim(), value);
    }
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // not JSON
    }
    return { status: res.status, body: parsed };
  }
}

async function deskClient(base: string): Promise<HttpClient> {
  const client = new HttpClient(base);
  const res = await client.request("POST", "/api/auth/login", { email: DEMO.desk, password: DEMO.password });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return client;
}

const newPatient = (n: number) => ({
  givenName: "Outage",
  familyName: `Load-${n}`,
  dateOfBirth: "1985-05-05",
  sex: "female",
});

/** Retries `fn` until it gives a 2xx (the server reconnects by itself); every answer is kept. */
async function untilAnswered(fn: () => Promise<HttpResult>, seen: number[]): Promise<HttpResult> {
  for (let attempt = 0; attempt < 600; attempt++) {
    const res = await fn();
    seen.push(res.status);
    if (res.status < 300) return res;
    assert.equal(res.status, 503, JSON.stringify(res.body));
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("the server did not recover");
}

describe("a terminated database connection under load", () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.close());

  test("the server keeps answering (503 at worst), recovers, and keeps every acknowledged write", async () => {
    const desk = await deskClient(server.url);
    const dbName = new URL(server.database.adminUrl).pathname.slice(1);
    const killer = new pg.Client({ connectionString: server.database.adminUrl });
    await killer.connect();
    const statuses: number[] = [];
    const acknowledged: { id: string; familyName: string }[] = [];
    let terminated = 0;
    let next = 0;
    const TOTAL = 240;
    const worker = async () => {
      while (next < TOTAL) {
        const n = next++;
        const res =
          n % 3 === 2
            ? await desk.request("GET", "/api/patients?q=Load")
            : await desk.request("POST", "/api/patients", newPatient(n));
        statuses.push(res.status);
        if (res.status === 201) acknowledged.push({ id: res.body.patient.id, familyName: `Load-${n}` });
        else if (res.status >= 300) {
          assert.equal(res.status, 503, `request ${n}: ${res.status} ${JSON.stringify(res.body)}`);
          assert.equal(res.body.error, "database_unavailable");
        }
        // Every 20th request, cut the app's connections while the others are running.
        if (n % 20 === 10) {
          const killed = await killer.query(
            "select count(*) filter (where pg_terminate_backend(pid))::int as n from pg_stat_activity where datname = $1 and application_name = 'remodel'",
            [dbName],
          );
          terminated += killed.rows[0].n;
        }
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    await killer.end();
    assert.ok(terminated >= 5, `connections terminated: ${terminated}`);
    assert.deepEqual(
      statuses.filter((s) => s >= 300 && s !== 503),
      [],
    );
    // Recovered: the next requests succeed.
    assert.equal((await desk.request("GET", "/api/patients?q=Load")).status, 200);
    const created = await desk.request("POST", "/api/patients", newPatient(TOTAL));
    assert.equal(created.status, 201);
    acknowledged.push({ id: created.body.patient.id, familyName: `Load-${TOTAL}` });
    // Every acknowledged write is there.
    const stored = await server.database.admin.query(
      "select id::text, family_name from patients where id = any($1)",
      [acknowledged.map((a) => a.id)],
    );
    const byId = new Map(stored.rows.map((r) => [r.id, r.family_name]));
    assert.deepEqual(
      acknowledged.filter((a) => byId.get(a.id) !== a.familyName),
      [],
    );
    console.log(
      `outage under load: ${statuses.length} requests, ${terminated} connections terminated, ${statuses.filter((s) => s === 503).length} answered 503, ${acknowledged.length} writes acknowledged and found`,
    );
  });
});

describe("the database stopped and started again, and the embedded postmaster killed", () => {
  let dir: string;
  let pgServer: EmbeddedServer;
  let db: Db;
  let app: App;
  let base: string;

  before(async () => {
    // A server of this test's own, so that stopping it disturbs no other test.
    dir = await mkdtemp(path.join(tmpdir(), "remodel-outage-"));
    pgServer = await startEmbeddedPostgres({ dataDir: path.join(dir, "pg") });
    const adminUrl = await ensureDatabase(pgServer.url, "remodel");
    await migrate(adminUrl);
    await seedDemoClinic(adminUrl);
    db = createPool((await ensureAppLogin(adminUrl)).url, 5);
    const config = loadConfig({ LOG_LEVEL: "silent", LOGIN_RATE_LIMIT_PER_MINUTE: "1000" });
    app = await buildApp({ db, config, logger: false });
    await app.listen({ port: 0, host: "127.0.0.1" });
    const address = app.server.address();
    base = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  });
  after(async () => {
    await app.close();
    await db.end();
    await pgServer.stop();
    await rm(dir, { recursive: true, force: true });
  });

  test("503 with a JSON error while the database is away; back by itself when it returns", async () => {
    const desk = await deskClient(base);
    const before = await desk.request("POST", "/api/patients", newPatient(1));
    assert.equal(before.status, 201);

    await pgServer.stop();
    const away = await desk.request("GET", "/api/patients");
    assert.equal(away.status, 503, JSON.stringify(away.body));
    assert.equal(away.body.error, "database_unavailable");
    assert.equal(typeof away.body.message, "string");
    const write = await desk.request("POST", "/api/patients", newPatient(2));
    assert.equal(write.status, 503);
    const fhir = await desk.request("GET", "/fhir/r4/Patient");
    assert.equal(fhir.status, 503);
    assert.equal(fhir.body.resourceType, "OperationOutcome");

    pgServer = await startEmbeddedPostgres({ dataDir: path.join(dir, "pg"), port: pgServer.port });
    const seen: number[] = [];
    const back = await untilAnswered(
      () => desk.request("GET", `/api/patients/${before.body.patient.id}`),
      seen,
    );
    assert.equal(back.body.patient.familyName, "Load-1");
    assert.equal((await desk.request("POST", "/api/patients", newPatient(3))).status, 201);
  });

  test("the embedded postmaster killed outright is started again by Remodel, on the same port", async () => {
    const desk = await deskClient(base);
    const pidFile = path.join(dir, "pg", "postmaster.pid");
    const killed = Number((await readFile(pidFile, "utf8")).split("\n")[0]);
    process.kill(killed, "SIGKILL");
    await gone(killed);
    const seen: number[] = [];
    const created = await untilAnswered(() => desk.request("POST", "/api/patients", newPatient(4)), seen);
    assert.equal(created.status, 201);
    const now = Number((await readFile(pidFile, "utf8")).split("\n")[0]);
    assert.notEqual(now, killed);
    assert.deepEqual(
      seen.filter((s) => s !== 503 && s !== 201),
      [],
    );
    const read = await desk.request("GET", `/api/patients/${created.body.patient.id}`);
    assert.equal(read.status, 200);
  });
});

describe("a spawned `remodel start` whose embedded postmaster is killed", () => {
  let dir: string;
  let child: ChildProcess | null = null;
  let output = "";
  after(async () => {
    if (child?.pid && child.exitCode === null) {
      const exited = new Promise((r) => child!.once("exit", r));
      process.kill(child.pid, "SIGTERM");
      await exited;
    }
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  test("the process stays up with its jobs running, answers 503 meanwhile, and serves again once PostgreSQL is back", async () => {
    dir = await mkdtemp(path.join(tmpdir(), "remodel-outage-start-"));
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    child = spawn(path.resolve(import.meta.dirname, "../../bin/remodel"), ["start"], {
      env: {
        ...Object.fromEntries(
          Object.entries(process.env).filter(([k]) => k !== "DATABASE_URL" && k !== "SMTP_URL"),
        ),
        REMODEL_DATA_DIR: path.join(dir, "data"),
        REMODEL_DEMO: "1",
        PORT: String(port),
        HOST: "127.0.0.1",
        PUBLIC_URL: base,
        LOG_LEVEL: "warn",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const keep = (b: Buffer) => {
      output = (output + b.toString()).slice(-4000);
    };
    child.stdout!.on("data", keep);
    child.stderr!.on("data", keep);
    const answer = async (url: string) => {
      try {
        const res = await fetch(base + url);
        return { status: res.status, body: await res.json().catch(() => null) };
      } catch (err) {
        return { status: 0, body: String((err as Error).cause ?? err) };
      }
    };
    // Started: the public clinic page reads the database.
    for (let i = 0; (await answer("/api/public/clinic")).status !== 200; i++) {
      assert.equal(child.exitCode, null, `remodel start exited:\n${output}`);
      assert.ok(i < 3000, `remodel start did not answer:\n${output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const pidFile = path.join(dir, "data", "postmaster.pid");
    const killed = Number((await readFile(pidFile, "utf8")).split("\n")[0]);
    process.kill(killed, "SIGKILL");
    await gone(killed);
    const seen: number[] = [];
    for (let i = 0; ; i++) {
      const res = await answer("/api/public/clinic");
      assert.equal(
        child.exitCode,
        null,
        `remodel start exited after its postmaster was killed:\n${output.slice(-1500)}`,
      );
      seen.push(res.status);
      if (res.status === 200) break;
      // A kept-alive socket the server closed as the client reused it is the client's race, not an
      // answer: the process is alive (checked above), so ask again.
      if (res.status === 0 && /other side closed|ECONNRESET/.test(String(res.body))) continue;
      assert.equal(res.status, 503, `${res.status} ${JSON.stringify(res.body)}\n${output}`);
      assert.equal(res.body?.error, "database_unavailable");
      assert.ok(i < 3000, `remodel start did not recover:\n${output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.notEqual(Number((await readFile(pidFile, "utf8")).split("\n")[0]), killed);
    assert.match(output, /PostgreSQL stopped unexpectedly; starting it again/);
    // Still up after the jobs' own pools (pg-boss) met the outage too.
    const desk = await deskClient(base);
    assert.equal((await desk.request("POST", "/api/patients", newPatient(9))).status, 201);
    assert.equal(child.exitCode, null);
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const address = s.address();
      const port = typeof address === "object" && address ? address.port : 0;
      s.close(() => resolve(port));
    });
  });
}

/** Waits until a killed process is gone (a signal is delivered, not awaited). */
async function gone(pid: number): Promise<void> {
  for (let i = 0; i < 1000; i++) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}
