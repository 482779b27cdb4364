// A fresh install without the demo: nobody can do anything until the first clinic exists; the
// set-up page (with the one-time token a server prints at start) creates the clinic, its first
// location and the owner with two factors, then closes. Two servers starting together on an empty
// database seed the demo clinic once.
import assert from "node:assert/strict";
import net from "node:net";
import { after, before, describe, test } from "node:test";
import pg from "pg";
import type { App } from "../../src/server/app.ts";
import { loadConfig } from "../../src/server/config.ts";
import { startServer } from "../../src/server/main.ts";
import { currentTotp } from "../../src/server/security/totp.ts";
import { issueFirstRunToken } from "../../src/server/services/first-run.service.ts";
import { buildTestApp, Client } from "../support/api.ts";
import { databaseTargets, freshDatabase, type TestDatabase } from "../support/db.ts";

const CLINIC = {
  name: "Bloom Skin Clinic",
  timeZone: "Europe/London",
  currency: "GBP",
  address: "3 Harbour Lane, Bristol BS1",
  email: "hello@bloom.example",
  phone: "+44 117 496 0000",
  outOfHoursAdvice: "If you are worried out of hours, call NHS 111; for an emergency call 999.",
  locationName: "Harbour Lane",
};
const OWNER = { name: "Maya Brooks", email: "maya@bloom.example", password: "a-long-owner-secret" };

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

for (const target of await databaseTargets()) {
  describe(`first run without the demo (${target.name} PostgreSQL)`, () => {
    let database: TestDatabase;
    let app: App;
    before(async () => {
      database = await freshDatabase(target);
      app = await buildTestApp(database, { REMODEL_DEMO: "0" });
    });
    after(async () => {
      await app?.close();
      await database?.drop();
    });

    test("before set-up: no public clinic, and the set-up page is open", async () => {
      const web = new Client(app);
      assert.equal((await web.get("/api/public/clinic")).status, 404);
      assert.deepEqual((await web.get("/api/first-run")).body, { open: true });
    });

    test("a wrong token creates nothing (404 naming the token) and bad input names its field", async () => {
      const web = new Client(app);
      const wrong = await web.post("/api/first-run", {
        token: "not-the-printed-token-at-all",
        clinic: CLINIC,
        owner: OWNER,
      });
      assert.equal(wrong.status, 404);
      assert.ok(wrong.body.fields["body.token"]);
      const token = (await issueFirstRunToken(database.adminUrl))!;
      const badZone = await web.post("/api/first-run", {
        token,
        clinic: { ...CLINIC, timeZone: "Mars/Olympus" },
        owner: OWNER,
      });
      assert.equal(badZone.status, 400);
      assert.ok(badZone.body.fields["body.clinic.timeZone"], JSON.stringify(badZone.body));
      const shortPassword = await web.post("/api/first-run", {
        token,
        clinic: CLINIC,
        owner: { ...OWNER, password: "short" },
      });
      assert.equal(shortPassword.status, 400);
      assert.ok(shortPassword.body.fields["body.owner.password"]);
      const clinics = await database.admin.query("select count(*)::int as n from clinics");
      assert.equal(clinics.rows[0].n, 0);
    });

    test("the printed token creates the clinic, its location and the owner, who enrols two factors", async () => {
      const token = await issueFirstRunToken(database.adminUrl);
      assert.ok(token);
      const stored = await database.admin.query("select token_hash from first_run_tokens");
      assert.ok(stored.rows.every((r) => !r.token_hash.toString().includes(token)));
      const web = new Client(app);
      const created = await web.post("/api/first-run", { token, clinic: CLINIC, owner: OWNER });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      assert.equal(created.body.twoFactor.method, "enrol");
      const secret = created.body.twoFactor.enrolment.secret;
      assert.match(created.body.twoFactor.enrolment.qrCode, /^data:image\/svg\+xml/);
      const verified = await web.post("/api/auth/login/verify", {
        challenge: created.body.twoFactor.challenge,
        code: currentTotp(secret),
      });
      assert.equal(verified.status, 200, JSON.stringify(verified.body));
      assert.equal(verified.body.user.role, "owner");
      assert.equal(verified.body.recoveryCodes.length, 10);
      const profile = (await web.get("/api/clinic")).body.clinic;
      assert.equal(profile.name, CLINIC.name);
      assert.equal(profile.outOfHoursAdvice, CLINIC.outOfHoursAdvice);
      assert.equal(profile.currency, "GBP");
      const setup = (await web.get("/api/setup")).body;
      assert.equal(setup.locations[0].name, CLINIC.locationName);
      assert.equal((await web.get("/api/public/clinic")).body.name, CLINIC.name);
      const audit = await database.admin.query(
        "select count(*)::int as n from audit_log where action = 'clinic.create'",
      );
      assert.equal(audit.rows[0].n, 1);
    });

    test("afterwards the set-up page is closed: the same or a new token creates nothing", async () => {
      const web = new Client(app);
      assert.deepEqual((await web.get("/api/first-run")).body, { open: false });
      assert.equal(await issueFirstRunToken(database.adminUrl), null);
      const again = await web.post("/api/first-run", {
        token: "x".repeat(32),
        clinic: { ...CLINIC, name: "Second Clinic" },
        owner: { ...OWNER, email: "other@bloom.example" },
      });
      assert.equal(again.status, 404);
      const clinics = await database.admin.query("select count(*)::int as n from clinics");
      assert.equal(clinics.rows[0].n, 1);
    });
  });

  describe(`two servers starting together on an empty database (${target.name} PostgreSQL)`, () => {
    const name = `remodel_t_race_${Date.now().toString(36)}`;
    let url: string;
    before(async () => {
      const maint = new pg.Client({ connectionString: target.serverUrl });
      await maint.connect();
      await maint.query(`create database ${name}`);
      await maint.end();
      const u = new URL(target.serverUrl);
      u.pathname = `/${name}`;
      url = u.toString();
    });
    after(async () => {
      const maint = new pg.Client({ connectionString: target.serverUrl });
      await maint.connect();
      await maint.query(`drop database if exists ${name} with (force)`);
      await maint.end();
    });

    test("both start, the schema is migrated once and the demo clinic is seeded once", async () => {
      const config = async () =>
        loadConfig({
          DATABASE_URL: url,
          PORT: String(await freePort()),
          REMODEL_DEMO: "1",
          LOG_LEVEL: "silent",
          WEBHOOK_POLL_MS: "0",
        });
      const said: string[] = [];
      const servers = await Promise.all([
        startServer(await config(), (l) => said.push(l)),
        startServer(await config(), (l) => said.push(l)),
      ]);
      try {
        const c = new pg.Client({ connectionString: url });
        await c.connect();
        const clinics = await c.query("select slug from clinics");
        await c.end();
        assert.deepEqual(
          clinics.rows.map((r) => r.slug),
          ["demo"],
        );
        assert.equal(said.filter((l) => l === "Seeded the demo clinic.").length, 1);
        for (const s of servers) {
          const res = await fetch(`${s.url.replace("localhost", "127.0.0.1")}/api/public/clinic`);
          assert.equal(res.status, 200);
        }
      } finally {
        for (const s of servers) await s.stop();
      }
    });
  });
}
