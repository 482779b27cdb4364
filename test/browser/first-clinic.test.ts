// From an empty install (REMODEL_DEMO=0) to the first booked consultation of a real clinic, in
// headless Chromium using only the screens: the owner opens the one-time set-up link the server
// printed, creates the clinic and enrols an authenticator (desktop); invites a nurse, whose link
// arrives by e-mail (the local SMTP server); the nurse accepts on her phone, enrols, signs out and
// signs in again; a patient books a consultation on their phone. Axe runs on every screen.
import assert from "node:assert/strict";
import { mkdir } from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import type { Browser, Page } from "playwright-core";
import { type App, buildApp } from "../../src/server/app.ts";
import { loadConfig } from "../../src/server/config.ts";
import { WEB_DIR } from "../../src/server/main.ts";
import { currentTotp } from "../../src/server/security/totp.ts";
import { issueFirstRunToken } from "../../src/server/services/first-run.service.ts";
import { databaseTargets, freshDatabase, type TestDatabase } from "../support/db.ts";
import { invitationToken } from "../support/invitations.ts";
import { startTestSmtp, type TestSmtp } from "../support/smtp.ts";
import { fillDate, launchChromium, openContext, PHONE, seriousAxeViolations } from "./helpers.ts";

const SHOTS = path.resolve(import.meta.dirname, "../../.test-data/screenshots/first-clinic");

let browser: Browser;
let database: TestDatabase;
let smtp: TestSmtp;
let app: App;
let url: string;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

const [target] = await databaseTargets();

before(async () => {
  await mkdir(SHOTS, { recursive: true });
  browser = await launchChromium();
  database = await freshDatabase(target!);
  smtp = await startTestSmtp();
  const port = await freePort();
  url = `http://127.0.0.1:${port}`;
  const config = loadConfig({
    PORT: String(port),
    PUBLIC_URL: url,
    REMODEL_DEMO: "0",
    LOG_LEVEL: "silent",
    SMTP_URL: smtp.url,
    LOGIN_RATE_LIMIT_PER_MINUTE: "1000",
  });
  app = await buildApp({ db: database.db, config, webDir: WEB_DIR, logger: false });
  await app.listen({ port, host: "127.0.0.1" });
});

after(async () => {
  await browser?.close();
  await app?.close();
  await database?.drop();
  await smtp?.close();
});

async function axe(page: Page, where: string) {
  assert.deepEqual(await seriousAxeViolations(page), [], where);
}

/** The next authenticator code not used yet (a code signs in once, so a second sign-in waits for the next). */
async function freshCode(secret: string, after: number): Promise<{ code: string; step: number }> {
  const step = Math.max(Math.floor(Date.now() / 30_000), after + 1);
  const wait = step * 30_000 - Date.now() + 50;
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  return { code: currentTotp(secret, step * 30_000), step };
}

/** Reads the enrolment key on screen, answers with a code, keeps the recovery codes. */
async function enrol(page: Page): Promise<{ secret: string; step: number }> {
  const secret = ((await page.getByTestId("totp-secret").textContent()) ?? "").trim();
  assert.match(secret, /^[A-Z2-7]{16,}$/);
  const step = Math.floor(Date.now() / 30_000);
  await page.getByRole("textbox", { name: "Authentication code" }).fill(currentTotp(secret, step * 30_000));
  await page.getByRole("button", { name: "Verify" }).click();
  await page.getByRole("list", { name: "Recovery codes" }).waitFor();
  await page.getByRole("button", { name: "I have saved my recovery codes" }).click();
  return { secret, step };
}

describe("the first clinic on an empty install", () => {
  it("set-up page, owner, invited nurse, first booked consultation", async () => {
    // Before set-up the public site has no clinic; the printed link opens the set-up page.
    const token = await issueFirstRunToken(database.adminUrl);
    assert.ok(token);
    const desk = await openContext(browser, url);
    const owner = await desk.newPage();
    await owner.goto("/app/first-run");
    await owner.getByText("finds the set-up link in the server's log").waitFor();
    await owner.goto(`/app/first-run#token=${token}`);
    await owner.getByRole("heading", { level: 1, name: "Set up your clinic" }).waitFor();
    await axe(owner, "set-up page");
    await owner.getByRole("textbox", { name: /^Clinic name/ }).fill("Bloom Skin Clinic");
    await owner
      .getByRole("combobox", { name: /^Time zone/ })
      .or(owner.getByRole("textbox", { name: /^Time zone/ }))
      .first()
      .fill("Europe/London");
    await owner.getByRole("textbox", { name: /^Address/ }).fill("3 Harbour Lane, Bristol BS1");
    await owner.getByRole("textbox", { name: /^Contact e-mail/ }).fill("hello@bloom.example");
    await owner.getByRole("textbox", { name: /^Phone/ }).fill("+44 117 496 0000");
    await owner
      .getByRole("textbox", { name: /^Out-of-hours advice/ })
      .fill("Out of hours call NHS 111; in an emergency call 999.");
    await owner.getByRole("textbox", { name: /^First location/ }).fill("Harbour Lane");
    await owner.getByRole("textbox", { name: /^Your name/ }).fill("Maya Brooks");
    await owner.getByRole("textbox", { name: /^Your e-mail/ }).fill("maya@bloom.example");
    await owner.getByLabel(/^Password/).fill("short");
    await owner.getByRole("button", { name: "Create the clinic" }).click();
    await owner.getByText("at least 10 characters", { exact: true }).last().waitFor();
    await owner.getByLabel(/^Password/).fill("a-long-owner-secret");
    await owner.getByRole("button", { name: "Create the clinic" }).click();
    await owner.getByRole("img", { name: /QR code/ }).waitFor();
    await axe(owner, "owner enrolment");
    await owner.screenshot({ path: path.join(SHOTS, "1-owner-enrol-desktop.png"), fullPage: true });
    await enrol(owner);
    await owner.getByRole("heading", { level: 1, name: "Clinic profile" }).waitFor();
    assert.equal(
      await owner.getByRole("textbox", { name: /^Clinic name/ }).inputValue(),
      "Bloom Skin Clinic",
    );

    // The owner invites a nurse from the Team page.
    await owner.getByRole("navigation", { name: "Staff" }).getByRole("link", { name: "Team" }).click();
    await owner.getByRole("heading", { level: 1, name: "Team" }).waitFor();
    const invite = owner.getByRole("form", { name: "Invite a staff member" });
    await invite.getByRole("textbox", { name: /^Name/ }).fill("Nia Brooks RN");
    await invite.getByRole("textbox", { name: /^E-mail/ }).fill("nia@bloom.example");
    await invite.getByRole("button", { name: "Send invitation" }).click();
    await owner.getByRole("status").filter({ hasText: "Invitation e-mailed to nia@bloom.example" }).waitFor();
    await owner.getByText(/Nia Brooks RN \(nia@bloom\.example\)/).waitFor();
    await axe(owner, "team page");
    await owner.screenshot({ path: path.join(SHOTS, "2-team-desktop.png"), fullPage: true });

    // The nurse opens the link from her e-mail on her phone.
    const phone = await openContext(browser, url, { viewport: PHONE });
    const nurse = await phone.newPage();
    await nurse.goto(`/app/accept-invitation#token=${invitationToken(smtp, "nia@bloom.example")}`);
    await nurse.getByRole("heading", { level: 1, name: "Join your clinic" }).waitFor();
    await axe(nurse, "accept page");
    await nurse.getByLabel(/^New password/).fill("nia-long-password");
    await nurse.getByLabel(/^The same password again/).fill("nia-long-password");
    await nurse.getByRole("button", { name: "Join" }).click();
    await nurse.getByRole("img", { name: /QR code/ }).waitFor();
    await axe(nurse, "nurse enrolment");
    await nurse.screenshot({ path: path.join(SHOTS, "3-nurse-enrol-phone.png"), fullPage: true });
    const { secret, step } = await enrol(nurse);
    await nurse.getByRole("heading", { level: 1, name: "Patients" }).waitFor();

    // She signs out and in again with her password and a new code.
    await nurse.getByRole("button", { name: "Open navigation" }).click();
    await nurse.getByRole("button", { name: "Sign out" }).last().click();
    await nurse.getByRole("heading", { name: "Staff sign-in" }).waitFor();
    await nurse.getByRole("textbox", { name: "Email" }).fill("nia@bloom.example");
    await nurse.getByLabel(/^Password/).fill("nia-long-password");
    await nurse.getByRole("button", { name: "Sign in" }).click();
    const again = await freshCode(secret, step);
    await nurse.getByRole("textbox", { name: "Authentication code" }).fill(again.code);
    await nurse.getByRole("button", { name: "Verify" }).click();
    await nurse.getByRole("heading", { level: 1, name: "Patients" }).waitFor();
    await axe(nurse, "nurse signed in");

    // A patient books the clinic's first consultation on their phone.
    const visitor = await (await openContext(browser, url, { viewport: PHONE })).newPage();
    await visitor.goto("/book");
    await visitor.getByText("Bloom Skin Clinic").first().waitFor();
    await visitor.getByRole("heading", { name: "1. Choose a time" }).waitFor();
    const times = visitor.getByRole("button", { name: /^\d\d:\d\d$/ });
    await times.first().waitFor();
    await axe(visitor, "book");
    await times.last().click();
    await visitor.getByRole("heading", { name: "2. Your details" }).waitFor();
    await visitor.getByRole("textbox", { name: /^First name/ }).fill("Sam");
    await visitor.getByRole("textbox", { name: /^Last name/ }).fill("Rivera");
    await visitor.getByRole("textbox", { name: /^E-mail/ }).fill("sam.rivera@example.com");
    await visitor.getByRole("textbox", { name: /^Phone/ }).fill("+44 7700 900777");
    await fillDate(visitor, /^Date of birth/, "1990-05-04");
    await visitor.getByRole("button", { name: "Continue" }).click();
    await visitor.getByRole("heading", { name: "Check and confirm" }).waitFor();
    await visitor.getByRole("button", { name: "Confirm booking" }).click();
    await visitor.getByRole("heading", { name: "Check your e-mail" }).waitFor();
    await visitor.getByRole("status").filter({ hasText: "sam.rivera@example.com" }).waitFor();
    await axe(visitor, "booked");
    await visitor.screenshot({ path: path.join(SHOTS, "4-booked-phone.png"), fullPage: true });

    const rows = (
      await database.admin.query(
        `select c.name as clinic, t.kind, u.name as provider, a.status from appointments a
         join clinics c on c.id = a.clinic_id join appointment_types t on t.id = a.type_id
         join users u on u.id = a.provider_id`,
      )
    ).rows;
    assert.deepEqual(rows, [
      { clinic: "Bloom Skin Clinic", kind: "consultation", provider: "Nia Brooks RN", status: "booked" },
    ]);

    // The owner resets the nurse's authenticator, then deactivates and reactivates her; the page says
    // what came of each, and the table follows.
    await owner.reload();
    await owner.getByRole("heading", { level: 1, name: "Team" }).waitFor();
    const team = owner.getByTestId("staff-table").getByRole("row").filter({ hasText: "nia@bloom.example" });
    await team.getByText("Password and authenticator").waitFor();
    await team.getByRole("button", { name: "Reset authenticator" }).click();
    await team.getByRole("button", { name: "Yes, reset Nia Brooks RN's authenticator" }).click();
    await team.getByText("Nia Brooks RN sets up a new authenticator at their next sign-in.").waitFor();
    await team.getByText("Sets up an authenticator at next sign-in").waitFor();
    await team.getByRole("button", { name: "Deactivate Nia Brooks RN" }).click();
    await team.getByText("Nia Brooks RN is deactivated.").waitFor();
    await team.getByText("Deactivated", { exact: true }).waitFor();
    await team.getByRole("button", { name: "Reactivate Nia Brooks RN" }).click();
    await team.getByText("Nia Brooks RN can sign in again.").waitFor();
    await team.getByRole("button", { name: "Deactivate Nia Brooks RN" }).waitFor();
    await owner.setViewportSize({ width: 375, height: 812 });
    // On a phone each member is a card with its actions in reach, and nothing scrolls sideways.
    const card = owner
      .getByTestId("staff-cards")
      .getByRole("listitem")
      .filter({ hasText: "nia@bloom.example" });
    await card.getByRole("button", { name: "Deactivate Nia Brooks RN" }).waitFor();
    // Measured once the page has settled at the new width (some fields take their width a render later).
    const overflowing = () =>
      [...document.querySelectorAll("body *")]
        .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1)
        .slice(0, 5)
        .map(
          (e) => `${e.tagName.toLowerCase()}.${e.className} ${Math.round(e.getBoundingClientRect().right)}px`,
        );
    await owner
      .waitForFunction(
        () =>
          [...document.querySelectorAll("body *")].every(
            (e) => e.getBoundingClientRect().right <= window.innerWidth + 1,
          ),
        null,
        { timeout: 5000 },
      )
      .catch(() => {});
    const wide = await owner.evaluate(overflowing);
    assert.deepEqual(wide, [], "the team page scrolls sideways on a phone");
    await axe(owner, "team page on a phone");
    await owner.screenshot({ path: path.join(SHOTS, "5-team-phone.png"), fullPage: true });
  });
});
