/**
 * Finding F2: `trustProxy: true` believed the left-most, client-written X-Forwarded-For, so each
 * request could claim a new address (no rate limit held, the audit log recorded what the client
 * chose), and each app server counted on its own. Now the client address is the socket's peer
 * unless TRUST_PROXY names the proxies in front, and the counters live in PostgreSQL.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { App } from "../../src/server/app.ts";
import { seedDemoClinic } from "../../src/server/demo-seed.ts";
import { buildTestApp, DEMO } from "../support/api.ts";
import { databaseTargets, freshDatabase, type TestDatabase } from "../support/db.ts";
import { HttpClient, listen } from "../support/http.ts";

const LIMIT = 10;

for (const target of (await databaseTargets()).slice(0, 1)) {
  describe(`rate limits and client addresses (${target.name} PostgreSQL)`, () => {
    let database: TestDatabase;
    const apps: App[] = [];
    const server = async (env: NodeJS.ProcessEnv = {}) => {
      const app = await buildTestApp(database, { LOGIN_RATE_LIMIT_PER_MINUTE: String(LIMIT), ...env });
      apps.push(app);
      return listen(app);
    };
    before(async () => {
      database = await freshDatabase(target);
      await seedDemoClinic(database.adminUrl);
    });
    after(async () => {
      for (const app of apps) await app.close();
      await database.drop();
    });
    const resetCounters = () => database.admin.query("delete from rate_limit_hits");

    test("40 sign-ins that each claim a new X-Forwarded-For address still hit the limit", async () => {
      await resetCounters();
      const base = await server();
      const client = new HttpClient(base);
      const statuses: number[] = [];
      for (let i = 0; i < 40; i++) {
        const res = await client.post(
          "/api/auth/login",
          { email: "nobody@example.com", password: "wrong password" },
          { "x-forwarded-for": `198.51.100.${i + 1}` },
        );
        statuses.push(res.status);
      }
      assert.equal(statuses.filter((s) => s === 429).length, 40 - LIMIT, statuses.join(" "));
      assert.ok(statuses.slice(0, LIMIT).every((s) => s === 401));
    });

    test("password set-ups after a public booking are limited the same way", async () => {
      await resetCounters();
      const base = await server({ BOOKING_RATE_LIMIT_PER_MINUTE: "3" });
      const client = new HttpClient(base);
      const statuses: number[] = [];
      for (let i = 0; i < 8; i++) {
        const res = await client.post(
          "/api/public/account-setup",
          { token: `made-up-token-of-enough-length-${i}`, password: "a long enough password 1" },
          { "x-forwarded-for": `203.0.113.${i + 1}` },
        );
        statuses.push(res.status);
      }
      assert.equal(statuses.filter((s) => s === 429).length, 5, statuses.join(" "));
    });

    test("two app servers on one database share the sign-in limit", async () => {
      await resetCounters();
      const a = new HttpClient(await server());
      const b = new HttpClient(await server());
      const wrong = { email: "nobody@example.com", password: "wrong password" };
      for (let i = 0; i < LIMIT; i++) assert.equal((await a.post("/api/auth/login", wrong)).status, 401);
      // Server B has seen none of these attempts itself, and still refuses the next one.
      const onB = await b.post("/api/auth/login", wrong);
      assert.equal(onB.status, 429);
      assert.equal(onB.body.error, "rate_limited");
      assert.equal((await a.post("/api/auth/login", wrong)).status, 429);
    });

    test("the audit log and the session record the real peer, not a forged header", async () => {
      await resetCounters();
      const client = new HttpClient(await server());
      const res = await client.post(
        "/api/auth/login",
        { email: DEMO.desk, password: DEMO.password },
        { "x-forwarded-for": "203.0.113.77" },
      );
      assert.equal(res.status, 200);
      const audit = await database.admin.query(
        "select host(ip) as ip from audit_log where action = 'auth.login' order by id desc limit 1",
      );
      assert.equal(audit.rows[0].ip, "127.0.0.1");
      const session = await database.admin.query(
        "select host(ip) as ip from sessions order by created_at desc limit 1",
      );
      assert.equal(session.rows[0].ip, "127.0.0.1");
    });

    test("behind a trusted proxy, the right-most address it did not add is the client", async () => {
      await resetCounters();
      for (const trust of ["1", "127.0.0.1", "127.0.0.0/8, ::1"]) {
        const client = new HttpClient(await server({ TRUST_PROXY: trust }));
        // The client wrote the first address itself; the proxy appended the peer it saw.
        const res = await client.post(
          "/api/auth/login",
          { email: DEMO.desk, password: DEMO.password },
          { "x-forwarded-for": "198.51.100.99, 203.0.113.5" },
        );
        assert.equal(res.status, 200, trust);
        const audit = await database.admin.query(
          "select host(ip) as ip from audit_log where action = 'auth.login' order by id desc limit 1",
        );
        assert.equal(audit.rows[0].ip, "203.0.113.5", `TRUST_PROXY=${trust}`);
      }
    });
  });
}
