/**
 * `remodel start` as a clinic runs it: a real process, its own embedded PostgreSQL, real
 * signals. Slow-ish (each start boots PostgreSQL), so one data directory serves the file.
 */
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { after, describe, test } from "node:test";

const root = path.resolve(import.meta.dirname, "../..");
const remodel = path.join(root, "bin/remodel");

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

interface Started {
  child: ChildProcess;
  output: () => string;
}

/** Starts the server and resolves once it says it is running (or rejects with its output). */
function start(env: NodeJS.ProcessEnv): Promise<Started> {
  const child = spawn(remodel, ["start"], {
    env: { ...process.env, LOG_LEVEL: "warn", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start within 120 s:\n${out}`)), 120_000);
    child.stdout!.on("data", () => {
      if (out.includes("Remodel is running at")) {
        clearTimeout(timer);
        resolve({ child, output: () => out });
      }
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`exited ${code}:\n${out}`));
    });
  });
}

function run(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(remodel, args, { env: { ...process.env, LOG_LEVEL: "warn", ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

const stopped = (child: ChildProcess) =>
  new Promise((r) => (child.exitCode !== null ? r(null) : child.once("exit", r)));

describe("remodel start", () => {
  const dirs: string[] = [];
  after(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  test("first start creates the database and the demo clinic; a restart after a SIGKILL recovers the same data", async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), "remodel-start-"));
    dirs.push(dataDir);
    const port = await freePort();
    const env = { REMODEL_DATA_DIR: dataDir, PORT: String(port) };

    const first = await start(env);
    assert.match(first.output(), /Seeded the demo clinic/);
    assert.match(first.output(), /owner@demo\.remodel\.test/);
    const health = await fetch(`http://127.0.0.1:${port}/ready`);
    assert.equal(health.status, 200);
    const created = await fetch(`http://127.0.0.1:${port}/api/public/clinic`).then((r) => r.json());

    // A crash: the Node process dies at once; its PostgreSQL child is left running.
    first.child.kill("SIGKILL");
    await stopped(first.child);

    const second = await start(env);
    try {
      assert.doesNotMatch(second.output(), /Seeded the demo clinic/);
      const again = await fetch(`http://127.0.0.1:${port}/api/public/clinic`).then((r) => r.json());
      assert.deepEqual(again, created);
    } finally {
      second.child.kill("SIGTERM");
      await stopped(second.child);
    }
    assert.equal(second.child.exitCode, 0);
  });

  test("a port in use gets a message naming the port and PORT, exit 2", async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), "remodel-port-"));
    dirs.push(dataDir);
    const blocker = net.createServer().listen(0, "127.0.0.1");
    await new Promise((r) => blocker.once("listening", r));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const res = await run(["start"], { REMODEL_DATA_DIR: dataDir, PORT: String(port), REMODEL_DEMO: "0" });
      assert.equal(res.code, 2);
      assert.match(res.stderr, new RegExp(`port ${port} is already in use; set PORT`));
    } finally {
      blocker.close();
    }
  });

  test("an unreachable DATABASE_URL is named, with no password shown, exit 2", async () => {
    const port = await freePort();
    const res = await run(["start"], {
      DATABASE_URL: `postgres://someone:s3cret@127.0.0.1:${port}/remodel`,
      PORT: String(await freePort()),
    });
    assert.equal(res.code, 2);
    assert.match(res.stderr, /cannot connect to DATABASE_URL \(postgres:\/\/127\.0\.0\.1/);
    assert.doesNotMatch(res.stderr, /s3cret/);
    assert.equal(res.stderr.trim().split("\n").length, 1);
  });

  test("a malformed DATABASE_URL and a bad PORT are refused before anything starts", async () => {
    const bad = await run(["start"], { DATABASE_URL: "mysql://x" });
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /DATABASE_URL/);
    const port = await run(["start"], { PORT: "http" });
    assert.equal(port.code, 2);
    assert.match(port.stderr, /PORT/);
  });

  test("a data directory that is a file gets a clear message", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "remodel-file-"));
    dirs.push(dir);
    const file = path.join(dir, "not-a-dir");
    await writeFile(file, "x");
    const res = await run(["start"], { REMODEL_DATA_DIR: file, PORT: String(await freePort()) });
    assert.equal(res.code, 2);
    assert.match(res.stderr, /is not a directory/);
  });

  test("a data directory owned by someone else is named with its owner, exit 2", {
    skip: process.getuid?.() !== 0 && "needs root to run as another user",
  }, async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "remodel-owned-"));
    dirs.push(dir);
    const res = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn("runuser", ["-u", "nobody", "--", remodel, "start"], {
        env: { ...process.env, REMODEL_DATA_DIR: dir, PORT: "3997" },
      });
      let stderr = "";
      child.stderr.on("data", (d) => (stderr += d));
      child.on("exit", (code) => resolve({ code, stderr }));
    });
    assert.equal(res.code, 2);
    assert.match(res.stderr, /is owned by uid 0, not by the user running Remodel/);
  });

  test("remodel migrate applies migrations on an external database and is idempotent", {
    skip: !process.env.TEST_DATABASE_URL && "needs TEST_DATABASE_URL",
  }, async () => {
    const pg = (await import("pg")).default;
    const name = `remodel_cli_${process.pid}`;
    const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await admin.connect();
    await admin.query(`drop database if exists ${name}`);
    await admin.query(`create database ${name}`);
    const url = new URL(process.env.TEST_DATABASE_URL!);
    url.pathname = `/${name}`;
    try {
      const first = await run(["migrate"], { DATABASE_URL: url.toString() });
      assert.equal(first.code, 0, first.stderr);
      assert.match(first.stdout, /applied migration 001_foundation\.sql/);
      const second = await run(["migrate"], { DATABASE_URL: url.toString() });
      assert.equal(second.code, 0);
      assert.match(second.stdout, /up to date/);
    } finally {
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    }
  });
});
