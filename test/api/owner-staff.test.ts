// The owner's work on the clinic and its team, through HTTP: the clinic profile, invitations that
// go by e-mail (their link never in a response nor stored), deactivating a member, resetting a
// member's second factor (audited); and everyone's own password.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { App } from "../../src/server/app.ts";
import { currentTotp } from "../../src/server/security/totp.ts";
import { buildTestApp, Client, DEMO, seededApp, signedIn } from "../support/api.ts";
import { databaseTargets, freshDatabase, type TestDatabase } from "../support/db.ts";
import { invitationToken } from "../support/invitations.ts";
import { startTestSmtp, type TestSmtp } from "../support/smtp.ts";

for (const target of await databaseTargets()) {
  describe(`owner: clinic profile, staff and passwords (${target.name} PostgreSQL)`, () => {
    let database: TestDatabase;
    let app: App;
    let smtp: TestSmtp;
    let owner: Client;
    before(async () => {
      database = await freshDatabase(target);
      smtp = await startTestSmtp();
      app = await seededApp(database, { SMTP_URL: smtp.url });
      owner = await signedIn(app, DEMO.owner);
    });
    after(async () => {
      await app?.close();
      await database?.drop();
      await smtp?.close();
    });

    const auditCount = async (action: string) =>
      (await database.admin.query("select count(*)::int as n from audit_log where action = $1", [action]))
        .rows[0].n as number;

    test("the owner edits the clinic profile; it is still there on reload; front desk can only read it", async () => {
      const profile = {
        name: "Marylebone Skin",
        currency: "GBP",
        address: "12 Example Street, London W1",
        email: "hello@marylebone.example",
        phone: "+44 20 7946 0999",
        alertEmail: "clinical-lead@marylebone.example",
        outOfHoursAdvice: "Out of hours call NHS 111. For an emergency call 999.",
      };
      const saved = await owner.request("PUT", "/api/clinic", profile);
      assert.equal(saved.status, 200, JSON.stringify(saved.body));
      const reread = (await owner.get("/api/clinic")).body.clinic;
      assert.equal(reread.name, profile.name);
      assert.equal(reread.alertEmail, profile.alertEmail);
      assert.equal(reread.outOfHoursAdvice, profile.outOfHoursAdvice);
      assert.equal((await new Client(app).get("/api/public/clinic")).body.phone, profile.phone);
      const desk = await signedIn(app, DEMO.desk);
      assert.equal((await desk.get("/api/clinic")).status, 200);
      assert.equal((await desk.request("PUT", "/api/clinic", profile)).status, 403);
      const bad = await owner.request("PUT", "/api/clinic", { ...profile, alertEmail: "not an address" });
      assert.equal(bad.status, 400);
      assert.ok(bad.body.fields["body.alertEmail"]);
      assert.equal((await owner.get("/api/clinic")).body.clinic.alertEmail, profile.alertEmail);
      assert.ok((await auditCount("clinic.update")) >= 1);
    });

    test("an invitation goes by e-mail; the link is in no response and not in the outbox", async () => {
      const invite = await owner.post("/api/staff/invitations", {
        email: "new.aesthetician@demo.remodel.test",
        name: "Ruth Kim",
        role: "provider",
        credential: "aesthetician",
        maxNeedleDepthMm: 0.5,
      });
      assert.equal(invite.status, 201, JSON.stringify(invite.body));
      assert.deepEqual(invite.body.delivery, { status: "sent" });
      assert.equal(invite.body.token, undefined);
      const token = invitationToken(smtp, "new.aesthetician@demo.remodel.test");
      assert.ok(!JSON.stringify(invite.body).includes(token));
      const outbox = await database.admin.query(
        "select body_text, sent_at from outbox where kind = 'staff-invitation' and to_address = $1",
        ["new.aesthetician@demo.remodel.test"],
      );
      assert.equal(outbox.rowCount, 1);
      assert.ok(outbox.rows[0].sent_at);
      assert.ok(!outbox.rows[0].body_text.includes(token));
      const list = (await owner.get("/api/staff")).body;
      assert.ok(
        list.invitations.some((i: { email: string }) => i.email === "new.aesthetician@demo.remodel.test"),
      );
      assert.ok(!JSON.stringify(list).includes(token));

      // She accepts, enrols and signs in.
      const newcomer = new Client(app);
      const accepted = await newcomer.post("/api/auth/accept-invitation", {
        token,
        password: "a-long-enough-secret",
      });
      assert.equal(accepted.status, 200);
      const done = await newcomer.post("/api/auth/login/verify", {
        challenge: accepted.body.twoFactor.challenge,
        code: currentTotp(accepted.body.twoFactor.enrolment.secret),
      });
      assert.equal(done.status, 200);
      const staff = (await owner.get("/api/staff")).body.staff as {
        email: string;
        twoFactorEnabled: boolean;
      }[];
      assert.equal(
        staff.find((s) => s.email === "new.aesthetician@demo.remodel.test")?.twoFactorEnabled,
        true,
      );
    });

    test("a resent invitation has a new link; the old one stops working", async () => {
      const invite = await owner.post("/api/staff/invitations", {
        email: "desk.two@demo.remodel.test",
        name: "Sam Desk",
        role: "front_desk",
      });
      const first = invitationToken(smtp, "desk.two@demo.remodel.test");
      const resent = await owner.post(`/api/staff/invitations/${invite.body.invitation.id}/resend`);
      assert.equal(resent.status, 200);
      const second = invitationToken(smtp, "desk.two@demo.remodel.test");
      assert.notEqual(first, second);
      const old = await new Client(app).post("/api/auth/accept-invitation", {
        token: first,
        password: "a-long-enough-secret",
      });
      assert.equal(old.status, 404);
      const ok = await new Client(app).post("/api/auth/accept-invitation", {
        token: second,
        password: "a-long-enough-secret",
      });
      assert.equal(ok.status, 200);
    });

    test("a deactivated member is signed out and cannot sign in; reactivated, they can again", async () => {
      const staff = (await owner.get("/api/staff")).body.staff as { id: string; email: string }[];
      const nurse = staff.find((s) => s.email === DEMO.nurse)!;
      const session = await signedIn(app, DEMO.nurse);
      const off = await owner.request("PUT", `/api/staff/${nurse.id}/active`, { active: false });
      assert.equal(off.status, 200);
      assert.ok(off.body.member.disabledAt);
      assert.equal((await session.get("/api/auth/me")).status, 401);
      assert.equal((await new Client(app).login(DEMO.nurse)).status, 401);
      assert.equal(
        (await owner.request("PUT", `/api/staff/${nurse.id}/active`, { active: true })).status,
        200,
      );
      assert.equal((await new Client(app).login(DEMO.nurse)).status, 200);
      const me = (await owner.get("/api/auth/me")).body.user.id;
      const self = await owner.request("PUT", `/api/staff/${me}/active`, { active: false });
      assert.equal(self.status, 409);
      assert.ok(await auditCount("staff.deactivate"));
    });

    test("resetting a member's second factor makes them enrol again, and is audited", async () => {
      const staff = (await owner.get("/api/staff")).body.staff as { id: string; email: string }[];
      const doctor = staff.find((s) => s.email === DEMO.physician)!;
      const reset = await owner.post(`/api/staff/${doctor.id}/two-factor/reset`);
      assert.equal(reset.status, 204);
      const login = await new Client(app).post("/api/auth/login", {
        email: DEMO.physician,
        password: DEMO.password,
      });
      assert.equal(login.body.twoFactor.method, "enrol");
      assert.equal(await auditCount("staff.two_factor_reset"), 1);
      const desk = await signedIn(app, DEMO.desk);
      assert.equal((await desk.post(`/api/staff/${doctor.id}/two-factor/reset`)).status, 403);
    });

    test("anyone changes their password: the current one is asked, other sessions end", async () => {
      const here = await signedIn(app, DEMO.patient);
      const elsewhere = await signedIn(app, DEMO.patient);
      const wrong = await here.request("PUT", "/api/auth/password", {
        currentPassword: "not-it",
        newPassword: "a-brand-new-password",
      });
      assert.equal(wrong.status, 403);
      assert.ok(wrong.body.fields["body.currentPassword"]);
      const short = await here.request("PUT", "/api/auth/password", {
        currentPassword: DEMO.password,
        newPassword: "short",
      });
      assert.equal(short.status, 400);
      assert.ok(short.body.fields["body.newPassword"]);
      const ok = await here.request("PUT", "/api/auth/password", {
        currentPassword: DEMO.password,
        newPassword: "a-brand-new-password",
      });
      assert.equal(ok.status, 204);
      assert.equal((await here.get("/api/auth/me")).status, 200);
      assert.equal((await elsewhere.get("/api/auth/me")).status, 401);
      assert.equal((await new Client(app).login(DEMO.patient)).status, 401);
      assert.equal((await new Client(app).login(DEMO.patient, "a-brand-new-password")).status, 200);
    });
  });

  describe(`invitations without e-mail configured (${target.name} PostgreSQL)`, () => {
    let database: TestDatabase;
    let app: App;
    before(async () => {
      database = await freshDatabase(target);
      await seededApp(database).then((a) => a.close());
      app = await buildTestApp(database);
    });
    after(async () => {
      await app?.close();
      await database?.drop();
    });

    test("the owner is told the invitation could not be sent; the outbox never sends it later", async () => {
      const owner = await signedIn(app, DEMO.owner);
      const invite = await owner.post("/api/staff/invitations", {
        email: "nomail@demo.remodel.test",
        name: "No Mail",
        role: "front_desk",
      });
      assert.equal(invite.status, 201);
      assert.equal(invite.body.delivery.status, "not_sent");
      assert.match(invite.body.delivery.reason, /SMTP_URL/);
      const row = await database.admin.query(
        "select withdrawn_at, sent_at from outbox where kind = 'staff-invitation' and to_address = $1",
        ["nomail@demo.remodel.test"],
      );
      assert.ok(row.rows[0].withdrawn_at);
      assert.equal(row.rows[0].sent_at, null);
    });
  });
}
