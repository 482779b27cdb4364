/**
 * Crash durability: a real `remodel start` (embedded PostgreSQL in its own data directory) takes a
 * load of bookings, new patients and chart writes over HTTP; at a random moment the server and
 * its PostgreSQL postmaster are killed with SIGKILL. After each restart every write the server
 * acknowledged (2xx with its id) must be there, no record may be half-written (a chart without
 * its audit entry or a signed chart without its zones, an appointment without its history or
 * segments), no two live appointments may overlap on a provider, room or device, and the audit
 * chain must still verify. Loopback only; every loop is bounded in count and time.
 *
 * CRASH_ROUNDS (default 20) sets the number of kills.
 */
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, describe, test } from "node:test";
import pg from "pg";
import { Temporal } from "temporal-polyfill";
import { embeddedSuperuserUrl } from "../../src/db/embedded.ts";
import { DEMO_TOTP_SECRET } from "../../src/server/demo-seed.ts";
import { currentTotp } from "../../src/server/security/totp.ts";
import { INTAKE, signaturePng } from "../api/clinical-record-fixtures.ts";
import { DEMO } from "../support/api.ts";

const ROUNDS = Number(process.env.CRASH_ROUNDS ?? 20);
const ROOT = path.resolve(import.meta.dirname, "../..");
const TZ = "Europe/London";
/** The whole test gives up (and fails) after this long, whatever the machine. */
const TOTAL_BUDGET_MS = 15 * 60_000;
const START_TIMEOUT_MS = 180_000;
const REQUEST_TIMEOUT_MS = 10_000;
const WORKERS = 4;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function freePort(): Promise<number> {
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

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

interface HttpResult {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: many response shapes
  body: any;
}

/** A browser-like client over real HTTP: cookies, the CSRF header, the second sign-in step. */
class HttpClient {
  readonly cookies = new Map<string, string>();
  csrf: string | null = null;
  base = "";

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
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const eq = pair!.indexOf("=");
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      if (!value || /max-age=0|expires=thu, 01 jan 1970/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
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

  async login(email: string): Promise<void> {
    const res = await this.request("POST", "/api/auth/login", { email, password: DEMO.password });
    if (res.status === 200 && res.body?.twoFactor) {
      // Remember this browser: the next sign-in (after a crash) needs no code, which could not be reused.
      const verified = await this.request("POST", "/api/auth/login/verify", {
        challenge: res.body.twoFactor.challenge,
        code: currentTotp(DEMO_TOTP_SECRET),
        rememberDevice: true,
      });
      if (verified.status !== 200) throw new Error(`second factor for ${email}: ${verified.status}`);
    } else if (res.status !== 200) {
      throw new Error(`login ${email}: ${res.status} ${JSON.stringify(res.body)}`);
    }
  }
}

type Ack =
  | { kind: "patient"; id: string; familyName: string }
  | { kind: "appointment"; id: string; startsAt: string }
  | { kind: "intake"; id: string }
  | { kind: "consent"; id: string }
  | { kind: "chart"; id: string }
  | { kind: "chart-zones"; id: string; depthMm: number }
  | { kind: "chart-signed"; id: string };

class RemodelProcess {
  child: ChildProcess | null = null;
  exited: Promise<void> = Promise.resolve();
  output = "";
  readonly dataDir: string;
  readonly port: number;
  constructor(dataDir: string, port: number) {
    this.dataDir = dataDir;
    this.port = port;
  }

  async start(): Promise<void> {
    this.output = "";
    const child = spawn(path.join(ROOT, "bin/remodel"), ["start"], {
      cwd: ROOT,
      env: {
        // Always the embedded server (its postmaster is what gets killed), never an external one.
        ...Object.fromEntries(
          Object.entries(process.env).filter(([k]) => k !== "DATABASE_URL" && k !== "SMTP_URL"),
        ),
        REMODEL_DATA_DIR: this.dataDir,
        REMODEL_DEMO: "1",
        PORT: String(this.port),
        HOST: "127.0.0.1",
        PUBLIC_URL: `http://127.0.0.1:${this.port}`,
        LOG_LEVEL: "warn",
        LOGIN_RATE_LIMIT_PER_MINUTE: "10000",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    this.child = child;
    const keep = (b: Buffer) => {
      this.output = (this.output + b.toString()).slice(-4000);
    };
    child.stdout!.on("data", keep);
    child.stderr!.on("data", keep);
    this.exited = new Promise((resolve) => child.once("exit", () => resolve()));
    const deadline = Date.now() + START_TIMEOUT_MS;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`remodel start exited ${child.exitCode}:\n${this.output}`);
      try {
        const res = await fetch(`http://127.0.0.1:${this.port}/ready`, {
          signal: AbortSignal.timeout(2000),
        });
        if (res.ok) return;
      } catch {
        // not listening yet
      }
      await sleep(150);
    }
    throw new Error(`remodel start did not answer within ${START_TIMEOUT_MS} ms:\n${this.output}`);
  }

  async postmaster(): Promise<{ pid: number; port: number } | null> {
    try {
      const lines = (await readFile(path.join(this.dataDir, "postmaster.pid"), "utf8")).split("\n");
      const pid = Number.parseInt(lines[0] ?? "", 10);
      const port = Number.parseInt(lines[3] ?? "", 10);
      return Number.isInteger(pid) && Number.isInteger(port) ? { pid, port } : null;
    } catch {
      return null;
    }
  }

  /** The power cut: the app server and the postmaster die at once, mid-transaction. */
  async kill(): Promise<void> {
    const pm = await this.postmaster();
    if (this.child?.pid && this.child.exitCode === null) process.kill(this.child.pid, "SIGKILL");
    if (pm && alive(pm.pid)) process.kill(pm.pid, "SIGKILL");
    await this.exited;
    // Backends notice their postmaster is gone and exit; wait (bounded) so the next start is clean.
    const deadline = Date.now() + 20_000;
    while (pm && alive(pm.pid) && Date.now() < deadline) await sleep(50);
  }

  async stop(): Promise<void> {
    if (this.child?.pid && this.child.exitCode === null) {
      process.kill(this.child.pid, "SIGTERM");
      const timer = setTimeout(
        () => this.child?.pid && alive(this.child.pid) && process.kill(this.child.pid, "SIGKILL"),
        30_000,
      );
      await this.exited;
      clearTimeout(timer);
    }
    const pm = await this.postmaster();
    if (pm && alive(pm.pid)) process.kill(pm.pid, "SIGKILL");
  }
}

async function adminClient(server: RemodelProcess): Promise<pg.Client> {
  const pm = await server.postmaster();
  if (!pm) throw new Error("no postmaster.pid after start");
  const client = new pg.Client({
    connectionString: await embeddedSuperuserUrl(server.dataDir, pm.port, "remodel"),
    application_name: "crash-durability-check",
  });
  await client.connect();
  return client;
}

/** Every acknowledged write present, nothing half-written, no overlaps, the audit chain whole. */
async function verify(db: pg.Client, acks: Ack[]): Promise<string[]> {
  const problems: string[] = [];
  const one = async (sql: string, params: unknown[]) => (await db.query(sql, params)).rows[0];
  for (const a of acks) {
    switch (a.kind) {
      case "patient": {
        const r = await one("select family_name from patients where id = $1", [a.id]);
        if (r?.family_name !== a.familyName) problems.push(`lost patient ${a.id}`);
        break;
      }
      case "appointment": {
        const r = await one("select starts_at from appointments where id = $1", [a.id]);
        if (!r || r.starts_at.toISOString() !== new Date(a.startsAt).toISOString())
          problems.push(`lost appointment ${a.id}`);
        break;
      }
      case "intake":
        if (!(await one("select 1 as x from intake_submissions where id = $1", [a.id])))
          problems.push(`lost intake ${a.id}`);
        break;
      case "consent":
        if (!(await one("select 1 as x from consents where id = $1", [a.id])))
          problems.push(`lost consent ${a.id}`);
        break;
      case "chart":
        if (!(await one("select 1 as x from session_charts where id = $1", [a.id])))
          problems.push(`lost chart ${a.id}`);
        break;
      case "chart-zones": {
        const r = await one("select zones from session_charts where id = $1", [a.id]);
        if (r?.zones?.[0]?.depthMm !== a.depthMm) problems.push(`lost chart zones ${a.id}`);
        break;
      }
      case "chart-signed": {
        const r = await one("select status from session_charts where id = $1", [a.id]);
        if (r?.status !== "signed") problems.push(`lost signature of chart ${a.id}`);
        break;
      }
    }
  }
  // Whole records, acknowledged or not: whatever committed must have committed entirely.
  const checks: [string, string][] = [
    [
      "appointment without its history, segments or audit entry",
      `select a.id from appointments a join patients p on p.id = a.patient_id
       where p.family_name like 'Crash-%' and (a.segments is null
         or not exists (select 1 from appointment_events e where e.appointment_id = a.id and e.action in ('booked', 'held'))
         or not exists (select 1 from audit_log l where l.resource_id = a.id::text))`,
    ],
    [
      "patient without the audit entry of its creation",
      `select p.id from patients p where p.family_name like 'Crash-%'
       and not exists (select 1 from audit_log l where l.resource_id = p.id::text and l.action = 'patient.create')`,
    ],
    [
      "chart without its audit entry",
      `select c.id from session_charts c
       where not exists (select 1 from audit_log l where l.resource_id = c.id::text)`,
    ],
    [
      "signed chart without zones, device, lot or endpoint",
      `select id from session_charts where status = 'signed'
       and (jsonb_array_length(zones) = 0 or device_id is null or cartridge_lot is null or endpoint is null or signed_by is null)`,
    ],
    [
      "intake answers without the profile they update",
      `select s.id from intake_submissions s
       where not exists (select 1 from audit_log l where l.resource_id = s.id::text)`,
    ],
    [
      "overlapping appointments",
      `select a.id from appointments a join appointments b on a.id < b.id
       where a.status not in ('cancelled','no_show') and b.status not in ('cancelled','no_show')
         and ((a.provider_id = b.provider_id and coalesce(a.provider_span, tstzrange(a.starts_at, a.ends_at)) && coalesce(b.provider_span, tstzrange(b.starts_at, b.ends_at)))
           or (a.room_id = b.room_id and coalesce(a.room_span, tstzrange(a.starts_at, a.ends_at)) && coalesce(b.room_span, tstzrange(b.starts_at, b.ends_at)))
           or (a.device_id = b.device_id and coalesce(a.device_span, tstzrange(a.starts_at, a.ends_at)) && coalesce(b.device_span, tstzrange(b.starts_at, b.ends_at))))`,
    ],
    [
      "broken audit chain",
      "select c.slug as id from clinics c, audit_chain_verify(c.id) v where v.broken_seq is not null",
    ],
  ];
  for (const [what, sql] of checks) {
    const { rows } = await db.query(sql);
    if (rows.length) problems.push(`${what}: ${rows.map((r) => r.id).join(", ")}`);
  }
  return problems;
}

describe("crash durability: SIGKILL of the server and its PostgreSQL under load", () => {
  let dataDir: string;
  let server: RemodelProcess | null = null;
  after(async () => {
    await server?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  test(`${ROUNDS} rounds of load, kill, restart: no acknowledged write lost`, async () => {
    const began = Date.now();
    dataDir = await mkdtemp(path.join(tmpdir(), "remodel-crash-"));
    server = new RemodelProcess(dataDir, await freePort());
    const desk = new HttpClient();
    const nurse = new HttpClient();
    const base = `http://127.0.0.1:${server.port}`;
    desk.base = base;
    nurse.base = base;
    const acks: Ack[] = [];
    const signature = await signaturePng();
    let attempted = 0;
    let refused = 0;
    let interrupted = 0;
    let survived = 0;
    const restarts: number[] = [];
    let setup: { consultation: string; device: string; consentTemplate: string | null } | null = null;
    let serial = 0;

    const startAndCheck = async (round: number) => {
      const t0 = Date.now();
      await server!.start();
      restarts.push(Date.now() - t0);
      const db = await adminClient(server!);
      try {
        const problems = await verify(db, acks);
        assert.deepEqual(problems, [], `after round ${round}: ${problems.join("; ")}`);
      } finally {
        await db.end();
      }
    };

    await startAndCheck(0);
    await desk.login(DEMO.desk);
    await nurse.login(DEMO.nurse);
    const s = (await desk.request("GET", "/api/setup")).body;
    setup = {
      consultation: s.appointmentTypes.find((t: { kind: string }) => t.kind === "consultation").id,
      device: s.devices[0].id,
      consentTemplate: null,
    };

    /** One worker: a new patient, a booking, then intake, consent and a chart, each step acknowledged. */
    const chain = async (stop: { now: boolean }) => {
      let cutOff = false;
      const call = async (client: HttpClient, method: string, url: string, body?: unknown) => {
        attempted++;
        try {
          const res = await client.request(method, url, body);
          if (res.status >= 300) refused++;
          return res;
        } catch {
          // The server is gone: this worker's burst is over.
          interrupted++;
          cutOff = true;
          return null;
        }
      };
      for (let step = 0; step < 200 && !stop.now && !cutOff; step++) {
        const familyName = `Crash-${++serial}`;
        const p = await call(desk, "POST", "/api/patients", {
          givenName: "Load",
          familyName,
          dateOfBirth: "1990-05-17",
          sex: "female",
          email: null,
          phone: null,
          fitzpatrick: "III",
        });
        if (p?.status !== 201) continue;
        const id = p.body.patient.id as string;
        acks.push({ kind: "patient", id, familyName });

        const day = Temporal.Now.plainDateISO(TZ).add({ days: 7 + Math.floor(Math.random() * 120) });
        const weekday = day.add({ days: day.dayOfWeek > 5 ? 8 - day.dayOfWeek : 0 });
        const minutes = 9 * 60 + 15 * Math.floor(Math.random() * 28);
        const startsAt = weekday
          .toZonedDateTime({
            timeZone: TZ,
            plainTime: Temporal.PlainTime.from({ hour: Math.floor(minutes / 60), minute: minutes % 60 }),
          })
          .toInstant()
          .toString();
        const b = await call(desk, "POST", "/api/appointments", {
          patientId: id,
          typeId: setup!.consultation,
          startsAt,
        });
        if (b?.status === 201)
          acks.push({
            kind: "appointment",
            id: b.body.appointment.id,
            startsAt: b.body.appointment.startsAt,
          });
        if (stop.now) break;

        const intake = await call(nurse, "POST", `/api/patients/${id}/intake`, INTAKE);
        if (intake?.status !== 201) continue;
        acks.push({ kind: "intake", id: intake.body.id });
        const status = await call(desk, "GET", `/api/patients/${id}/consents`);
        const template = status?.body?.status?.find(
          (x: { kind: string }) => x.kind === "microneedling",
        )?.template;
        if (!template) continue;
        const consent = await call(desk, "POST", `/api/patients/${id}/consents`, {
          templateId: template.id,
          typedName: "Load Test",
          signature,
          photoScope: null,
        });
        if (consent?.status !== 201) continue;
        acks.push({ kind: "consent", id: consent.body.consent.id });
        const chart = await call(nurse, "POST", `/api/patients/${id}/charts`, {});
        if (chart?.status !== 201) continue;
        const chartId = chart.body.chart.id as string;
        acks.push({ kind: "chart", id: chartId });
        const depthMm = [0.5, 0.75, 1, 1.25][step % 4]!;
        const saved = await call(nurse, "PUT", `/api/charts/${chartId}`, {
          checklist: {
            steps: {
              "PROC-CLEANSE": true,
              "PROC-TOPICAL-ANESTHETIC": true,
              "PROC-REMOVE-ANTISEPTIC": true,
              "PROC-GLIDE": true,
            },
          },
          zones: [{ zone: "cheeks", depthMm, passes: 2, pattern: "crosshatch" }],
          deviceId: setup!.device,
          cartridgeLot: `LOT-${serial}`,
          cartridgeExpiry: "2099-12-31",
          postProduct: null,
          endpoint: "erythema",
          adverseEvents: [],
        });
        if (saved?.status !== 200) continue;
        acks.push({ kind: "chart-zones", id: chartId, depthMm });
        const signed = await call(nurse, "POST", `/api/charts/${chartId}/sign`, {});
        if (signed?.status === 200) acks.push({ kind: "chart-signed", id: chartId });
      }
    };

    for (let round = 1; round <= ROUNDS; round++) {
      assert.ok(Date.now() - began < TOTAL_BUDGET_MS, `time budget spent after ${survived} rounds`);
      const stop = { now: false };
      const workers = Array.from({ length: WORKERS }, () => chain(stop));
      // A random moment in a short burst: early (mid-sign-in of a transaction) to well into the load.
      await sleep(200 + Math.floor(Math.random() * 1800));
      await server.kill();
      stop.now = true;
      await Promise.all(workers);
      await startAndCheck(round);
      survived++;
      // Sessions are rows in the database: they survive the crash, but sign in again if not.
      for (const [client, email] of [
        [desk, DEMO.desk],
        [nurse, DEMO.nurse],
      ] as const) {
        if ((await client.request("GET", "/api/auth/me")).status !== 200) await client.login(email);
      }
    }

    const byKind = new Map<string, number>();
    for (const a of acks) byKind.set(a.kind, (byKind.get(a.kind) ?? 0) + 1);
    const sorted = [...restarts].sort((a, b) => a - b);
    console.log(
      `crash durability: ${survived}/${ROUNDS} rounds survived (SIGKILL of server + postmaster), ${acks.length} acknowledged writes checked after every restart (${[
        ...byKind,
      ]
        .map(([k, n]) => `${k} ${n}`)
        .join(
          ", ",
        )}), writes lost: 0; ${attempted} requests (${refused} refused, ${interrupted} cut off by the kill); restart median ${sorted[Math.floor(sorted.length / 2)]} ms; total ${Math.round((Date.now() - began) / 1000)} s`,
    );
    assert.equal(survived, ROUNDS);
    assert.ok(
      acks.some((a) => a.kind === "appointment"),
      "the load booked appointments",
    );
    assert.ok(
      acks.some((a) => a.kind === "chart-signed"),
      "the load signed charts",
    );
  });
});
