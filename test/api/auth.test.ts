import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { after, before, describe, test } from "node:test";
import type { App } from "../../src/server/app.ts";
import { buildTestApp, Client, DEMO, seededApp, signedIn } from "../support/api.ts";
import { databaseTargets, freshDatabase, type TestDatabase } from "../support/db.ts";
import { invitationToken } from "../support/invitations.ts";
import { startTestSmtp, type TestSmtp } from "../support/smtp.ts";

/** The stored row of a client's session (the database keeps only the token's SHA-256). */
const tokenHash = (client: Client) =>
  createHash("sha256").update(client.cookies.get("remodel_session")!).digest();

for (const target of await databaseTargets()) {
  describe(`sign-in and sessions (${target.name} PostgreSQL)`, () => {
    let database: TestDatabase;
    let app: App;
    let smtp: TestSmtp;
    before(async () => {
      database = await freshDatabase(target);
      smtp = await startTestSmtp();
      app = await seededApp(database, { SMTP_URL: smtp.url });
    });
    after(async () => {
      await app.close();
      await database.drop();
      await smtp?.close();
    });

    test("staff sign in and get an HttpOnly, SameSite session cookie; /me says who they are", async () => {
      const client = new Client(app);
      const res = await client.login(DEMO.physician);
      assert.equal(res.status, 200);
      assert.equal(res.body.user.role, "provider");
      assert.equal(res.body.user.credential, "physician");
      assert.equal(res.body.user.maxNeedleDepthMm, 2.5);
      const setCookie = String(res.headers["set-cookie"]);
      assert.match(setCookie, /remodel_session=[^;]+;.*HttpOnly/i);
      assert.match(setCookie, /SameSite=Lax/i);
      const me = await client.get("/api/auth/me");
      assert.equal(me.status, 200);
      assert.equal(me.body.user.email, DEMO.physician);
      assert.equal(me.body.user.clinic.timeZone, "Europe/London");
    });

    test("passwords are stored as argon2id hashes, never in clear", async () => {
      const { rows } = await database.admin.query("select password_hash from users where email = $1", [
        DEMO.owner,
      ]);
      assert.match(rows[0].password_hash, /^\$argon2id\$/);
      assert.ok(!rows[0].password_hash.includes(DEMO.password));
    });

    test("a wrong password and an unknown e-mail get the same 401 and no session", async () => {
      const client = new Client(app);
      const wrong = await client.login(DEMO.owner, "not-the-password");
      const unknown = await client.login("nobody@demo.remodel.test", "whatever-it-is");
      for (const res of [wrong, unknown]) {
        assert.equal(res.status, 401);
        assert.equal(res.body.error, "invalid_credentials");
      }
      assert.equal(client.cookies.has("remodel_session"), false);
      assert.equal((await client.get("/api/auth/me")).status, 401);
    });

    test("a state-changing request without the CSRF token is refused with 403 and changes nothing", async () => {
      const client = await signedIn(app, DEMO.desk);
      const before = (await database.admin.query("select count(*)::int as n from patients")).rows[0].n;
      const res = await client.post(
        "/api/patients",
        { givenName: "No", familyName: "Token", dateOfBirth: "1990-01-01", sex: "female" },
        { "x-csrf-token": "" },
      );
      assert.equal(res.status, 403);
      assert.equal(res.body.error, "csrf");
      assert.ok(res.body.fields["headers.x-csrf-token"]);
      const afterCount = (await database.admin.query("select count(*)::int as n from patients")).rows[0].n;
      assert.equal(afterCount, before);
    });

    test("logout revokes the session: the old cookie no longer works", async () => {
      const client = await signedIn(app, DEMO.nurse);
      const token = client.cookies.get("remodel_session")!;
      assert.equal((await client.post("/api/auth/logout")).status, 204);
      const replay = new Client(app);
      replay.cookies.set("remodel_session", token);
      const res = await replay.get("/api/patients");
      assert.equal(res.status, 401);
      assert.equal(res.body.error, "session_expired");
    });

    test("requests arriving together are checked together, each against its own session", async () => {
      // Session checks of concurrent requests share one statement: each must still get its own user,
      // a revoked cookie among them its own 401, and one cookie used twice the same answer twice.
      const people = [DEMO.desk, DEMO.nurse, DEMO.owner, DEMO.aesthetician];
      const clients = await Promise.all(people.map((email) => signedIn(app, email)));
      const revoked = await signedIn(app, DEMO.physician);
      const token = revoked.cookies.get("remodel_session")!;
      assert.equal((await revoked.post("/api/auth/logout")).status, 204);
      const replay = new Client(app);
      replay.cookies.set("remodel_session", token);
      const answers = await Promise.all([
        ...clients.map((c) => c.get("/api/auth/me")),
        replay.get("/api/auth/me"),
        clients[0]!.get("/api/auth/me"),
      ]);
      assert.deepEqual(
        answers.map((a) => (a.status === 200 ? a.body.user.email : a.status)),
        [...people, 401, DEMO.desk],
      );
    });

    test("an expired session is refused with a clear message", async () => {
      const client = await signedIn(app, DEMO.desk);
      await database.admin.query(
        "update sessions set expires_at = now() - interval '1 minute' where revoked_at is null and user_id = (select id from users where email = $1)",
        [DEMO.desk],
      );
      const res = await client.get("/api/patients");
      assert.equal(res.status, 401);
      assert.match(res.body.message, /expired/);
    });

    test("an old session is rotated: a new token is issued and the old one stops working", async () => {
      const client = await signedIn(app, DEMO.owner);
      const oldToken = client.cookies.get("remodel_session")!;
      await database.admin.query(
        "update sessions set created_at = now() - interval '2 hours' where revoked_at is null and user_id = (select id from users where email = $1)",
        [DEMO.owner],
      );
      const res = await client.get("/api/auth/me");
      assert.equal(res.status, 200);
      const newToken = client.cookies.get("remodel_session")!;
      assert.notEqual(newToken, oldToken);
      const replay = new Client(app);
      replay.cookies.set("remodel_session", oldToken);
      assert.equal((await replay.get("/api/auth/me")).status, 401);
      assert.equal((await client.get("/api/auth/me")).status, 200);
    });

    test("a rotation revokes the old session row and is audited as auth.rotate", async () => {
      const client = await signedIn(app, DEMO.aesthetician);
      const old = tokenHash(client);
      await database.admin.query(
        "update sessions set created_at = now() - interval '31 minutes' where token_hash = $1",
        [old],
      );
      assert.equal((await client.get("/api/auth/me")).status, 200);
      const session = async (hash: Buffer) =>
        (await database.admin.query("select id, revoked_at from sessions where token_hash = $1", [hash]))
          .rows[0];
      const before = await session(old);
      const after = await session(tokenHash(client));
      assert.ok(before.revoked_at, "the old session is revoked");
      assert.equal(after.revoked_at, null);
      const audit = await database.admin.query(
        "select count(*)::int as n from audit_log where action = 'auth.rotate' and resource_id::text = $1",
        [after.id],
      );
      assert.equal(audit.rows[0].n, 1);
    });

    test("a session older than the maximum age is refused even before its stored expiry", async () => {
      const client = await signedIn(app, DEMO.desk);
      // 13 hours old (the maximum is 12), yet its expiry says another hour.
      await database.admin.query(
        "update sessions set created_at = now() - interval '13 hours', expires_at = now() + interval '1 hour' where token_hash = $1",
        [tokenHash(client)],
      );
      const res = await client.get("/api/auth/me");
      assert.equal(res.status, 401);
      assert.equal(res.body.error, "session_expired");
    });

    test("a disabled user's session is refused at once", async () => {
      const owner = await signedIn(app, DEMO.owner);
      const invite = await owner.post("/api/staff/invitations", {
        email: "leaving.desk@demo.remodel.test",
        name: "Leaving Desk",
        role: "front_desk",
      });
      assert.equal(invite.status, 201);
      const leaver = new Client(app);
      const accepted = await leaver.post("/api/auth/accept-invitation", {
        token: invitationToken(smtp, "leaving.desk@demo.remodel.test"),
        password: "a-long-enough-secret",
      });
      assert.equal(accepted.status, 200);
      assert.equal((await leaver.get("/api/auth/me")).status, 200);
      await database.admin.query("update users set disabled_at = now() where email = $1", [
        "leaving.desk@demo.remodel.test",
      ]);
      const res = await leaver.get("/api/auth/me");
      assert.equal(res.status, 401);
      assert.equal(res.body.error, "session_expired");
    });

    test("a session revoked elsewhere is refused on its next request", async () => {
      const client = await signedIn(app, DEMO.desk);
      assert.equal((await client.get("/api/auth/me")).status, 200);
      await database.admin.query("update sessions set revoked_at = now() where token_hash = $1", [
        tokenHash(client),
      ]);
      assert.equal((await client.get("/api/auth/me")).status, 401);
    });

    test("use extends the idle expiry and last-seen time, written at most once a minute", async () => {
      const client = await signedIn(app, DEMO.desk);
      const hash = tokenHash(client);
      const row = async () =>
        (
          await database.admin.query(
            `select last_seen_at as "lastSeen", expires_at as "expiresAt",
                    extract(epoch from expires_at - now()) / 60 as "minutesLeft",
                    extract(epoch from now() - last_seen_at) as "secondsSinceSeen"
             from sessions where token_hash = $1`,
            [hash],
          )
        ).rows[0];
      // Idle for a while: 10 minutes left, last seen 5 minutes ago.
      await database.admin.query(
        "update sessions set expires_at = now() + interval '10 minutes', last_seen_at = now() - interval '5 minutes' where token_hash = $1",
        [hash],
      );
      assert.equal((await client.get("/api/auth/me")).status, 200);
      const touched = await row();
      assert.ok(
        touched.minutesLeft > 110,
        `idle expiry pushed out to ~120 minutes, got ${touched.minutesLeft}`,
      );
      assert.ok(touched.secondsSinceSeen < 30, "last seen just now");
      // Within the minute, further requests write nothing.
      for (let i = 0; i < 3; i++) assert.equal((await client.get("/api/auth/me")).status, 200);
      const again = await row();
      assert.equal(again.lastSeen.getTime(), touched.lastSeen.getTime());
      assert.equal(again.expiresAt.getTime(), touched.expiresAt.getTime());
      // Last seen over a minute ago: written again, even when the expiry has nothing to gain.
      await database.admin.query(
        "update sessions set last_seen_at = now() - interval '2 minutes', created_at = now() - interval '29 minutes', expires_at = now() + interval '11 hours 31 minutes' where token_hash = $1",
        [hash],
      );
      assert.equal((await client.get("/api/auth/me")).status, 200);
      const seen = await row();
      assert.ok(seen.secondsSinceSeen < 30, "last seen written");
      assert.ok(seen.minutesLeft <= 11 * 60 + 31 + 1, "the expiry never passes the maximum age");
    });

    test("the session door refuses limits outside the configured bounds and opens nothing by itself", async () => {
      const client = await signedIn(app, DEMO.desk);
      const hash = tokenHash(client);
      await assert.rejects(
        database.db.query("select * from auth_check_session($1, 100000, 12, 30)", [hash]),
        /out of range/,
      );
      await assert.rejects(
        database.db.query("select * from auth_check_session($1, 120, 100000, 30)", [hash]),
        /out of range/,
      );
      // An unknown token finds nothing; and the application role still sees no session row directly.
      const unknown = await database.db.query("select * from auth_check_session($1, 120, 12, 30)", [
        createHash("sha256").update("not a token").digest(),
      ]);
      assert.equal(unknown.rowCount, 0);
      const direct = await database.db.query("select count(*)::int as n from sessions");
      assert.equal(direct.rows[0].n, 0);
    });

    test("signing in again replaces the session that came with the request (no fixation)", async () => {
      const client = await signedIn(app, DEMO.desk);
      const first = client.cookies.get("remodel_session")!;
      await client.login(DEMO.desk);
      const replay = new Client(app);
      replay.cookies.set("remodel_session", first);
      assert.equal((await replay.get("/api/auth/me")).status, 401);
    });

    test("roles decide: a patient cannot list patients, front desk cannot invite staff", async () => {
      const patient = await signedIn(app, DEMO.patient);
      assert.equal((await patient.get("/api/patients")).status, 403);
      const desk = await signedIn(app, DEMO.desk);
      const res = await desk.post("/api/staff/invitations", {
        email: "x@demo.remodel.test",
        name: "X",
        role: "front_desk",
      });
      assert.equal(res.status, 403);
      assert.equal(res.body.error, "forbidden");
      assert.equal((await desk.get("/api/portal/appointments")).status, 403);
    });

    test("an owner invites a nurse, who sets a password and signs in with her licence depth", async () => {
      const owner = await signedIn(app, DEMO.owner);
      const invite = await owner.post("/api/staff/invitations", {
        email: "new.nurse@demo.remodel.test",
        name: "Nia Brooks RN",
        role: "provider",
        credential: "nurse",
        maxNeedleDepthMm: 1.5,
      });
      assert.equal(invite.status, 201);
      const newcomer = new Client(app);
      const accepted = await newcomer.post("/api/auth/accept-invitation", {
        token: invitationToken(smtp, "new.nurse@demo.remodel.test"),
        password: "a-long-enough-secret",
      });
      assert.equal(accepted.status, 200);
      assert.equal(accepted.body.user.credential, "nurse");
      assert.equal(accepted.body.user.maxNeedleDepthMm, 1.5);
      // The token works once.
      const again = await new Client(app).post("/api/auth/accept-invitation", {
        token: invitationToken(smtp, "new.nurse@demo.remodel.test"),
        password: "a-long-enough-secret",
      });
      assert.equal(again.status, 404);
      assert.equal(
        (await new Client(app).login("new.nurse@demo.remodel.test", "a-long-enough-secret")).status,
        200,
      );
    });

    test("a provider invitation without a licence depth is refused, naming the field", async () => {
      const owner = await signedIn(app, DEMO.owner);
      const res = await owner.post("/api/staff/invitations", {
        email: "p@demo.remodel.test",
        name: "P",
        role: "provider",
        credential: "nurse",
      });
      assert.equal(res.status, 400);
      assert.ok("body.maxNeedleDepthMm" in res.body.fields, JSON.stringify(res.body));
      const rows = await database.admin.query(
        "select count(*)::int as n from invitations where email = 'p@demo.remodel.test'",
      );
      assert.equal(rows.rows[0].n, 0);
    });

    test("sign-in is rate limited per address", async () => {
      // Counters live in the database, shared by every app on it: start from a fresh window.
      await database.admin.query("delete from rate_limit_hits");
      const limited = await buildTestApp(database, { LOGIN_RATE_LIMIT_PER_MINUTE: "3" });
      try {
        const client = new Client(limited);
        const statuses = [];
        for (let i = 0; i < 5; i++) statuses.push((await client.login(DEMO.owner, "wrong-password")).status);
        assert.deepEqual(statuses, [401, 401, 401, 429, 429]);
        const res = await client.login(DEMO.owner);
        assert.equal(res.status, 429);
        assert.equal(res.body.error, "rate_limited");
      } finally {
        await limited.close();
      }
    });
  });
}
