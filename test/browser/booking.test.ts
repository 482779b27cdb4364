// Public booking of a consultation, end to end in headless Chromium on the real app: choose a
// time, give details, confirm, check your e-mail; the new visitor sets the password from the
// e-mailed link and signs in. A returning patient's e-mail gets the very same page (and a sign-in
// link by e-mail), so the page never tells who is a patient. No serious accessibility violations.
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import type { Browser, Page } from "playwright-core";
import { startMessageWorker } from "../../src/server/jobs/message-worker.ts";
import { createMailer } from "../../src/server/services/mailer.service.ts";
import { databaseTargets } from "../support/db.ts";
import { startTestServer, type TestServer } from "../support/server.ts";
import { startTestSmtp } from "../support/smtp.ts";
import {
  DEMO,
  DESKTOP,
  fillDate,
  launchChromium,
  openContext,
  PHONE,
  seriousAxeViolations,
  submitSignIn,
} from "./helpers.ts";

const SHOTS = process.env.SCREENSHOT_DIR ?? "";
if (SHOTS) mkdirSync(SHOTS, { recursive: true });
const shot = async (page: Page, name: string) => {
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
};

let server: TestServer;
let browser: Browser;

after(async () => {
  await browser?.close();
  await server?.close();
});

// The test database server starts at the top level so that it outlives the hooks.
await databaseTargets();

before(async () => {
  browser = await launchChromium();
  // Several visitors book from one address within a minute here.
  server = await startTestServer({ BOOKING_RATE_LIMIT_PER_MINUTE: "1000" });
});

/** Everything due is sent to a mailbox on this machine; what reached the address. */
async function mailbox(to: string) {
  const smtp = await startTestSmtp();
  const sender = await startMessageWorker({
    connectionString: server.database.adminUrl,
    db: server.database.db,
    mailer: createMailer(smtp.url, "Remodel Demo <desk@demo.remodel.test>"),
    pollingSeconds: 0.5,
    sweepCron: null,
  });
  await sender.sweep();
  await sender.idle();
  await sender.stop();
  await smtp.close();
  return smtp.received.filter((m) => m.envelopeTo.includes(to));
}

/** Books the last time of the first day offered with these details; the text of the page after. */
async function bookAs(page: Page, who: { given: string; family: string; email: string }, label: string) {
  await page.goto("/book");
  await page.getByRole("heading", { name: "1. Choose a time" }).waitFor();
  const times = page.getByRole("button", { name: /^\d\d:\d\d$/ });
  await times.first().waitFor();
  assert.deepEqual(await seriousAxeViolations(page), []);
  // The first day offered may have a single time left (late on a short day): take its last.
  const chosen = (await times.last().textContent()) ?? "";
  await times.last().click();
  await page.getByRole("heading", { name: "2. Your details" }).waitFor();
  await page.getByRole("textbox", { name: /^First name/ }).fill(who.given);
  await page.getByRole("textbox", { name: /^Last name/ }).fill(who.family);
  await page.getByRole("textbox", { name: /^E-mail/ }).fill(who.email);
  await page.getByRole("textbox", { name: /^Phone/ }).fill("+44 7700 900456");
  await fillDate(page, /^Date of birth/, "1988-11-02");
  assert.deepEqual(await seriousAxeViolations(page), []);
  await page.getByRole("button", { name: "Continue" }).click();
  await page.getByRole("heading", { name: "Check and confirm" }).waitFor();
  assert.match((await page.getByText(/We hold this time for you until/).textContent()) ?? "", /\d\d:\d\d/);
  await page.getByRole("button", { name: "Confirm booking" }).click();
  await page
    .getByRole("heading", { name: "Check your e-mail" })
    .waitFor()
    .catch(async (err) => {
      throw new Error(`${err}: ${await page.locator("main").textContent()}`);
    });
  const status = (await page.getByRole("status").filter({ hasText: who.email }).textContent()) ?? "";
  assert.match(status, new RegExp(chosen));
  assert.deepEqual(await seriousAxeViolations(page), []);
  await shot(page, label);
  // The text as read (style rules of the components left out, and their generated names with them).
  // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is what a visitor reads
  const main = await page.locator("main").innerText();
  // What differs between two visitors is only what they typed and chose.
  return main
    .replace(who.email, "<e-mail>")
    .replace(/Consultation: .*?\d\d:\d\d–\d\d:\d\d/, "Consultation: <when>");
}

describe("public consultation booking", () => {
  it("a visitor books a consultation on a phone, sets a password from the e-mailed link and signs in", async () => {
    const context = await openContext(browser, server.url, { viewport: PHONE });
    const page = await context.newPage();
    try {
      await bookAs(
        page,
        { given: "Maya", family: "Okafor", email: "maya.okafor@example.com" },
        "book-new-phone",
      );
      const rows = (
        await server.database.admin.query(
          `select a.status, a.booked_via, u.role from appointments a join patients p on p.id = a.patient_id
           join users u on u.patient_id = p.id where p.email = $1`,
          ["maya.okafor@example.com"],
        )
      ).rows;
      assert.deepEqual(rows, [{ status: "booked", booked_via: "online", role: "patient" }]);

      const mails = await mailbox("maya.okafor@example.com");
      const setup = mails.find((m) => /Set a password/.test(m.subject));
      const link = /(https?:\/\/\S+\/portal\/set-password#\S+)/.exec(setup?.text ?? "")?.[1] ?? "";
      assert.ok(link, "the password link arrives by e-mail");
      // A fresh load, as when the link is opened from the mail app.
      await page.goto("about:blank");
      await page.goto(new URL(link).pathname + new URL(link).hash);
      await page.getByRole("heading", { name: "Set your password" }).waitFor();
      assert.deepEqual(await seriousAxeViolations(page), []);
      await shot(page, "set-password-phone");
      await page.getByLabel(/^New password/).fill("maya-long-password");
      await page.getByRole("button", { name: "Save password" }).click();
      await page.getByRole("heading", { name: "Your account is ready" }).waitFor();
      assert.equal(new URL(page.url()).hash, "", "the spent token leaves the address bar");
      await page.getByRole("link", { name: "Sign in" }).last().click();
      await submitSignIn(page, "maya.okafor@example.com", "maya-long-password");
      await page.getByRole("heading", { level: 1, name: "My appointments" }).waitFor();

      // The link works once: opened again, it says so and offers a sign-in link.
      await page.goto(new URL(link).pathname + new URL(link).hash);
      await page.getByLabel(/^New password/).fill("another-long-password");
      await page.getByRole("button", { name: "Save password" }).click();
      await page
        .getByRole("alert")
        .getByText(/already used or has expired/)
        .waitFor();
      await page.getByRole("link", { name: "E-mail me a sign-in link" }).waitFor();
    } finally {
      await context.close();
    }
  });

  for (const [size, viewport] of [
    ["phone", PHONE],
    ["desktop", DESKTOP],
  ] as const) {
    it(`the page answers a returning patient's e-mail exactly as a new one (${size}); the patient gets a sign-in link`, async () => {
      const context = await openContext(browser, server.url, { viewport });
      const page = await context.newPage();
      try {
        const patientsBefore = (await server.database.admin.query("select count(*)::int as n from patients"))
          .rows[0].n;
        const fresh = await bookAs(
          page,
          { given: "Ava", family: "Martin", email: `ava.${size}@example.com` },
          `book-new-${size}`,
        );
        const known = await bookAs(
          page,
          { given: "Ava", family: "Martin", email: DEMO.patient },
          `book-known-${size}`,
        );
        assert.equal(known, fresh);
        const patientsAfter = (await server.database.admin.query("select count(*)::int as n from patients"))
          .rows[0].n;
        assert.equal(patientsAfter, patientsBefore + 1, "no second record for the returning patient");
        const mails = await mailbox(DEMO.patient);
        const request = mails.find((m) => /^Your request: Consultation/.test(m.subject));
        if (size === "phone") {
          // The patient opens the link, sees the time asked for as not confirmed yet, and confirms it.
          const link = /(https?:\/\/\S+\/portal\/sign-in\/link#\S+)/.exec(request?.text ?? "")?.[1] ?? "";
          await page.goto("about:blank");
          await page.goto(new URL(link).pathname + new URL(link).hash);
          await page.getByRole("button", { name: "Sign me in" }).click();
          await page.waitForURL((url) => url.pathname.startsWith("/portal/plan"));
          await page.goto("/portal");
          await page.getByRole("heading", { level: 1, name: "My appointments" }).waitFor();
          await page.getByText("Not confirmed yet").first().waitFor();
          assert.deepEqual(await seriousAxeViolations(page), []);
          await shot(page, "portal-held-phone");
          await page.getByRole("button", { name: "Confirm this time" }).click();
          await page.getByRole("status").filter({ hasText: "Confirmed." }).waitFor();
          await page.reload();
          await page.getByRole("heading", { level: 1, name: "My appointments" }).waitFor();
          assert.equal(await page.getByText("Not confirmed yet").count(), 0);
        }
        assert.ok(
          mails.some(
            (m) =>
              /^Your request: Consultation/.test(m.subject) && /\/portal\/sign-in\/link#\S+/.test(m.text),
          ),
          "the returning patient is e-mailed a sign-in link",
        );
      } finally {
        await context.close();
      }
    });
  }
});
