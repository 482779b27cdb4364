/**
 * Staff two-factor sign-in, lockout and the session list, through the HTTP API as the web app
 * uses it. Codes come from the same TOTP algorithm an authenticator app runs.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { App } from "../../src/server/app.ts";
import { DEMO_TOTP_SECRET } from "../../src/server/demo-seed.ts";
import { currentTotp } from "../../src/server/security/totp.ts";
import { buildTestApp, Client, DEMO, seededApp, signedIn } from "../support/api.ts";
import { databaseTargets, freshDatabase, type TestDatabase } from "../support/db.ts";
import { invitationToken } from "../support/invitations.ts";
import { startTestSmtp, type TestSmtp } from "../support/smtp.ts";

/** Password step only, as a browser without the helper's second-factor handling. */
async function passwordStep(app: App, email: string, password = DEMO.password) {
  const client = new Client(app);
  const res = await client.post("/api/auth/login", { email, password });
  return { client, res };
}

for (const target of await databaseTargets()) {
  describe(`two-factor sign-in, lockout and sessions (${target.name} PostgreSQL)`, () => {
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

    test("an owner's password alone opens no session: it asks for the authenticator code", async () => {
      const { client, res } = await passwordStep(app, DEMO.owner);
      assert.equal(res.status, 200);
      assert.equal(res.body.user, undefined);
      assert.equal(res.body.twoFactor.method, "totp");
      assert.equal(res.body.twoFactor.enrolment, undefined);
      assert.equal(client.cookies.has("remodel_session"), false);
      assert.equal((await client.get("/api/auth/me")).status, 401);
    });

    test("a wrong code is refused naming the field; the right one signs in; the same code never works twice", async () => {
      const { client, res } = await passwordStep(app, DEMO.physician);
      const challenge = res.body.twoFactor.challenge;
      const code = currentTotp(DEMO_TOTP_SECRET);
      const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, "0");
      const refused = await client.post("/api/auth/login/verify", { challenge, code: wrong });
      assert.equal(refused.status, 401);
      assert.equal(refused.body.error, "invalid_code");
      assert.ok(refused.body.fields["body.code"]);
      const ok = await client.post("/api/auth/login/verify", { challenge, code });
      assert.equal(ok.status, 200, JSON.stringify(ok.body));
      assert.equal(ok.body.user.email, DEMO.physician);
      assert.equal((await client.get("/api/auth/me")).status, 200);
      // The challenge is spent, and the code cannot open another one (replay).
      assert.equal((await client.post("/api/auth/login/verify", { challenge, code })).status, 401);
      const again = await passwordStep(app, DEMO.physician);
      const replay = await again.client.post("/api/auth/login/verify", {
        challenge: again.res.body.twoFactor.challenge,
        code,
      });
      assert.equal(replay.status, 401);
      assert.equal(replay.body.error, "invalid_code");
    });

    test("front desk and patients sign in with their password alone", async () => {
      for (const email of [DEMO.desk, DEMO.patient]) {
        const { res } = await passwordStep(app, email);
        assert.equal(res.status, 200);
        assert.equal(res.body.user.email, email);
      }
    });

    test("a new provider enrols at first sign-in: QR code, secret, then ten single-use recovery codes", async () => {
      const owner = await signedIn(app, DEMO.owner);
      const invite = await owner.post("/api/staff/invitations", {
        email: "new.doctor@demo.remodel.test",
        name: "Dr New",
        role: "provider",
        credential: "physician",
        maxNeedleDepthMm: 2,
      });
      assert.equal(invite.status, 201);
      const newcomer = new Client(app);
      const accepted = await newcomer.post("/api/auth/accept-invitation", {
        token: invitationToken(smtp, "new.doctor@demo.remodel.test"),
        password: "a-long-enough-secret",
      });
      assert.equal(accepted.status, 200);
      assert.equal(newcomer.cookies.has("remodel_session"), false, "no session before the second factor");
      const enrol = accepted.body.twoFactor;
      assert.equal(enrol.method, "enrol");
      assert.match(enrol.enrolment.uri, /^otpauth:\/\/totp\/.*secret=[A-Z2-7]+/);
      assert.match(enrol.enrolment.qrCode, /^data:image\/svg\+xml;base64,/);
      assert.match(Buffer.from(enrol.enrolment.qrCode.split(",")[1], "base64").toString(), /<svg/);
      const done = await newcomer.post("/api/auth/login/verify", {
        challenge: enrol.challenge,
        code: currentTotp(enrol.enrolment.secret),
      });
      assert.equal(done.status, 200, JSON.stringify(done.body));
      const codes: string[] = done.body.recoveryCodes;
      assert.equal(codes.length, 10);
      assert.equal(new Set(codes).size, 10);
      // Stored as hashes only.
      const stored = await database.admin.query(
        "select encode(code_hash, 'hex') as h from recovery_codes r join users u on u.id = r.user_id where u.email = $1",
        ["new.doctor@demo.remodel.test"],
      );
      assert.equal(stored.rowCount, 10);
      for (const row of stored.rows) for (const c of codes) assert.ok(!row.h.includes(c.replaceAll("-", "")));

      // A recovery code stands in for the authenticator, once.
      const lost = await passwordStep(app, "new.doctor@demo.remodel.test", "a-long-enough-secret");
      assert.equal(lost.res.body.twoFactor.method, "totp");
      const recovered = await lost.client.post("/api/auth/login/verify", {
        challenge: lost.res.body.twoFactor.challenge,
        recoveryCode: codes[0]!.toLowerCase(),
      });
      assert.equal(recovered.status, 200);
      const reuse = await passwordStep(app, "new.doctor@demo.remodel.test", "a-long-enough-secret");
      const refused = await reuse.client.post("/api/auth/login/verify", {
        challenge: reuse.res.body.twoFactor.challenge,
        recoveryCode: codes[0],
      });
      assert.equal(refused.status, 401);
      assert.ok(refused.body.fields["body.recoveryCode"]);
      const status = await lost.client.get("/api/auth/two-factor");
      assert.deepEqual(status.body, { enabled: true, recoveryCodesLeft: 9 });
    });

    test("a challenge allows five answers, then even the right code is refused", async () => {
      const { client, res } = await passwordStep(app, DEMO.nurse);
      const challenge = res.body.twoFactor.challenge;
      for (let i = 0; i < 5; i++) {
        const code = currentTotp(DEMO_TOTP_SECRET) === "000000" ? "111111" : "000000";
        const r = await client.post("/api/auth/login/verify", { challenge, code });
        assert.equal(r.status, 401);
      }
      const late = await client.post("/api/auth/login/verify", {
        challenge,
        code: currentTotp(DEMO_TOTP_SECRET),
      });
      assert.equal(late.status, 401);
      assert.equal(late.body.error, "challenge_expired");
      await database.admin.query("update users set failed_logins = 0 where email = $1", [DEMO.nurse]);
    });

    test("repeated failures lock the account in the database: every app server refuses, even the right password", async () => {
      const strict = await buildTestApp(database, {
        LOGIN_LOCKOUT_THRESHOLD: "3",
        LOGIN_LOCKOUT_MINUTES: "15",
      });
      try {
        for (let i = 0; i < 3; i++) {
          const { res } = await passwordStep(strict, DEMO.desk, "wrong-password");
          assert.equal(res.status, 401);
        }
        const row = (
          await database.admin.query("select locked_until from users where email = $1", [DEMO.desk])
        ).rows[0];
        assert.ok(row.locked_until > new Date());
        for (const server of [strict, app]) {
          const { res, client } = await passwordStep(server, DEMO.desk);
          assert.equal(res.status, 401);
          // The same answer as a wrong password: a lock tells an attacker nothing.
          assert.equal(res.body.error, "invalid_credentials");
          assert.equal(client.cookies.has("remodel_session"), false);
        }
        const audit = await database.admin.query(
          "select action from audit_log where action in ('auth.login_failed', 'auth.locked') and resource_id = (select id::text from users where email = $1)",
          [DEMO.desk],
        );
        assert.equal(audit.rows.filter((r) => r.action === "auth.locked").length, 1);
        assert.equal(audit.rows.filter((r) => r.action === "auth.login_failed").length, 3);
        // When the lock runs out, the right password works again.
        await database.admin.query(
          "update users set locked_until = now() - interval '1 second' where email = $1",
          [DEMO.desk],
        );
        assert.equal((await passwordStep(app, DEMO.desk)).res.status, 200);
      } finally {
        await strict.close();
      }
    });

    test("wrong second-factor codes count towards the lockout too", async () => {
      const strict = await buildTestApp(database, { LOGIN_LOCKOUT_THRESHOLD: "3" });
      try {
        for (let i = 0; i < 3; i++) {
          const { client, res } = await passwordStep(strict, DEMO.aesthetician);
          const code = currentTotp(DEMO_TOTP_SECRET) === "123456" ? "654321" : "123456";
          await client.post("/api/auth/login/verify", { challenge: res.body.twoFactor.challenge, code });
        }
        const { res } = await passwordStep(strict, DEMO.aesthetician);
        assert.equal(res.status, 401);
        assert.equal(res.body.error, "invalid_credentials");
      } finally {
        await strict.close();
      }
    });

    test("the session list shows my sessions; I can revoke one, or all others, and not someone else's", async () => {
      const first = await signedIn(app, DEMO.patient);
      const second = await signedIn(app, DEMO.patient);
      const list = await first.get("/api/auth/sessions");
      assert.equal(list.status, 200);
      assert.ok(list.body.sessions.length >= 2);
      const current = list.body.sessions.filter((s: { current: boolean }) => s.current);
      assert.equal(current.length, 1);
      const other = (await second.get("/api/auth/sessions")).body.sessions.find(
        (s: { current: boolean }) => s.current,
      );
      assert.equal((await first.request("DELETE", `/api/auth/sessions/${other.id}`)).status, 204);
      assert.equal((await second.get("/api/auth/me")).status, 401);

      const stranger = await signedIn(app, DEMO.desk);
      const foreign = (await stranger.get("/api/auth/sessions")).body.sessions[0].id;
      const denied = await first.request("DELETE", `/api/auth/sessions/${foreign}`);
      assert.equal(denied.status, 404);
      assert.equal((await stranger.get("/api/auth/me")).status, 200);

      const third = await signedIn(app, DEMO.patient);
      const all = await first.request("DELETE", "/api/auth/sessions");
      assert.equal(all.status, 200);
      assert.ok(all.body.revoked >= 1);
      assert.equal((await third.get("/api/auth/me")).status, 401);
      assert.equal((await first.get("/api/auth/me")).status, 200);
    });

    test("a trusted browser skips the code until the user signs out everywhere", async () => {
      const owner = await signedIn(app, DEMO.owner); // trusted by the helper
      const device = owner.cookies.get("remodel_device");
      assert.ok(device);
      const again = new Client(app);
      again.cookies.set("remodel_device", device);
      const res = await again.post("/api/auth/login", { email: DEMO.owner, password: DEMO.password });
      assert.equal(res.body.user?.email, DEMO.owner);
      await owner.request("DELETE", "/api/auth/sessions");
      const after = new Client(app);
      after.cookies.set("remodel_device", device);
      const res2 = await after.post("/api/auth/login", { email: DEMO.owner, password: DEMO.password });
      assert.equal(res2.body.twoFactor?.method, "totp");
      // Another user's device cookie is worth nothing.
      const nurse = new Client(app);
      nurse.cookies.set("remodel_device", device);
      const res3 = await nurse.post("/api/auth/login", { email: DEMO.nurse, password: DEMO.password });
      assert.equal(res3.body.twoFactor?.method, "totp");
    });
  });
}
