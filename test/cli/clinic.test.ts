// `remodel clinic create|list|remove-demo` as an operator runs it, against an external database
// (DATABASE_URL) that starts empty: create migrates it, prints the owner's one-time link and the
// public site then shows the clinic; bad input exits 2 with one line; the demo leaves for good.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import pg from "pg";
import type { App } from "../../src/server/app.ts";
import { seedDemoClinic } from "../../src/server/demo-seed.ts";
import { buildTestApp, Client } from "../support/api.ts";
import { databaseTargets, type TestDatabase } from "../support/db.ts";

const remodel = path.resolve(import.meta.dirname, "../../bin/remodel");

function run(args: string[], env: NodeJS.ProcessEnv) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(remodel, args, { env: { ...process.env, LOG_LEVEL: "warn", ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

const [target] = await databaseTargets();

describe("remodel clinic", () => {
  const name = `remodel_t_cli_${Date.now().toString(36)}`;
  let url: string;
  let env: NodeJS.ProcessEnv;
  before(async () => {
    const maint = new pg.Client({ connectionString: target!.serverUrl });
    await maint.connect();
    await maint.query(`create database ${name}`);
    await maint.end();
    const u = new URL(target!.serverUrl);
    u.pathname = `/${name}`;
    url = u.toString();
    env = { DATABASE_URL: url, PUBLIC_URL: "https://clinic.example" };
  });
  after(async () => {
    const maint = new pg.Client({ connectionString: target!.serverUrl });
    await maint.connect();
    await maint.query(`drop database if exists ${name} with (force)`);
    await maint.end();
  });

  test("bad input: exit 2 and one line on stderr naming the option", async () => {
    for (const [args, word] of [
      [["clinic"], "missing subcommand"],
      [["clinic", "create", "--time-zone", "Europe/London", "--owner-email", "a@b.example"], "--name"],
      [
        ["clinic", "create", "--name", "Bloom", "--time-zone", "Mars/Base", "--owner-email", "a@b.example"],
        "--time-zone",
      ],
      [
        ["clinic", "create", "--name", "Bloom", "--time-zone", "Europe/London", "--owner-email", "nope"],
        "--owner-email",
      ],
      [["clinic", "create", "--nmae", "Bloom"], "nmae"],
    ] as const) {
      const res = await run([...args], env);
      assert.equal(res.code, 2, `${args.join(" ")}: ${res.stderr}`);
      assert.equal(res.stderr.trim().split("\n").length, 1, res.stderr);
      assert.ok(res.stderr.includes(word), res.stderr);
    }
  });

  test("create migrates an empty database, prints the owner's link; list shows it; the site shows its name", async () => {
    const res = await run(
      [
        "clinic",
        "create",
        "--name",
        "Harbour Skin",
        "--time-zone",
        "Europe/Dublin",
        "--owner-email",
        "aoife@harbour.example",
        "--owner-name",
        "Aoife Byrne",
      ],
      env,
    );
    assert.equal(res.code, 0, res.stderr);
    const link = /https:\/\/clinic\.example\/app\/accept-invitation#token=([A-Za-z0-9_-]+)/.exec(res.stdout);
    assert.ok(link, res.stdout);
    const again = await run(
      [
        "clinic",
        "create",
        "--name",
        "Harbour Skin",
        "--time-zone",
        "Europe/Dublin",
        "--owner-email",
        "x@y.example",
      ],
      env,
    );
    assert.equal(again.code, 2);
    assert.match(again.stderr, /already exists/);
    const list = await run(["clinic", "list"], env);
    assert.equal(list.code, 0);
    assert.match(list.stdout, /harbour-skin\s+Europe\/Dublin\s+0\s+0\s+Harbour Skin/);

    // The owner accepts the printed link and the public site shows the clinic.
    const database = {
      adminUrl: url,
      db: (await import("../../src/db/pool.ts")).createPool(url, 2),
    } as unknown as TestDatabase;
    const app: App = await buildTestApp(database);
    try {
      const web = new Client(app);
      assert.equal((await web.get("/api/public/clinic")).body.name, "Harbour Skin");
      const accepted = await web.post("/api/auth/accept-invitation", {
        token: link[1],
        password: "a-long-owner-secret",
      });
      assert.equal(accepted.status, 200, JSON.stringify(accepted.body));
      assert.equal(accepted.body.user.role, "owner");
      assert.equal(accepted.body.twoFactor.method, "enrol");
    } finally {
      await app.close();
      await database.db.end();
    }
  });

  test("remove-demo: the demo's accounts close, the site never shows it, and it is not seeded again", async () => {
    await seedDemoClinic(url);
    const res = await run(["clinic", "remove-demo"], env);
    assert.equal(res.code, 0, res.stderr);
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      const open = await c.query(
        "select count(*)::int as n from users u join clinics k on k.id = u.clinic_id where k.slug = 'demo' and u.disabled_at is null",
      );
      assert.equal(open.rows[0].n, 0);
    } finally {
      await c.end();
    }
    assert.equal((await seedDemoClinic(url)).created, false);
    const list = await run(["clinic", "list"], env);
    assert.match(list.stdout, /\(demo, removed\)/);
  });
});
