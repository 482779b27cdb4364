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
  signInAsPatient,
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
  // A clinic with a mail server (what it sends goes out through the test's own sender below).
  server = await startTestServer({ BOOKING_RATE_LIMIT_PER_MINUTE: "1000", SMTP_URL: "smtp://127.0.0.1:9" });
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
async function bookAs(
  page: Page,
  who: { given: string; family: string; email: string },
  label: string,
  answer = { heading: "Check your e-mail", says: who.email },
) {
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
    .getByRole("heading", { name: answer.heading })
    .waitFor()
    .catch(async (err) => {
      throw new Error(`${err}: ${await page.locator("main").textContent()}`);
    });
  const status = (await page.getByRole("status").filter({ hasText: answer.says }).textContent()) ?? "";
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

describe("online requests held on a patient's record, and a clinic without a mail server", () => {
  it("a request nobody confirmed in time shows in the portal as lapsed, with nothing to confirm (phone)", async () => {
    const context = await openContext(browser, server.url, { viewport: PHONE });
    const page = await context.newPage();
    try {
      await bookAs(page, { given: "Ava", family: "Martin", email: DEMO.patient }, "book-known-lapse");
      // A day passes: the clock is moved for the request just made.
      const moved = await server.database.admin.query(
        `update appointments set held_until = now() - interval '1 minute'
         where id = (select a.id from appointments a join users u on u.patient_id = a.patient_id
                     where u.email = $1 and a.held_until > now() order by a.created_at desc limit 1)`,
        [DEMO.patient],
      );
      assert.equal(moved.rowCount, 1);
      await signInAsPatient(page, DEMO.patient);
      const lapsed = page
        .getByRole("group")
        .filter({ hasText: /not confirmed in time, so we have let it go/ });
      await lapsed.first().waitFor();
      await lapsed
        .getByText(/it was not confirmed in time, so we have let it go/)
        .first()
        .waitFor();
      assert.equal(await lapsed.getByRole("button", { name: "Confirm this time" }).count(), 0);
      await lapsed.getByText("Not confirmed", { exact: true }).first().waitFor();
      const wide = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(wide <= PHONE.width, `the page does not scroll sideways (${wide} px)`);
      assert.deepEqual(await seriousAxeViolations(page), []);
      await shot(page, "portal-lapsed-phone");
    } finally {
      await context.close();
    }
  });

  it("a patient the desk booked by phone asks online: the same page, no second record; the e-mailed link sets up their portal, where they confirm the time (phone)", async () => {
    // The record as the desk makes it for a phone booking: an e-mail address, no portal account.
    const record = (
      await server.database.admin.query(
        `insert into patients (clinic_id, given_name, family_name, date_of_birth, sex, email, phone)
         select id, 'Rosa', 'Byphone', '1975-02-03', 'female', 'rosa.byphone@example.com', '+44 7700 900321'
         from clinics limit 1 returning id`,
      )
    ).rows[0].id as string;
    const context = await openContext(browser, server.url, { viewport: PHONE });
    const page = await context.newPage();
    try {
      const count = async () =>
        (await server.database.admin.query("select count(*)::int as n from patients")).rows[0].n as number;
      const before = await count();
      await bookAs(
        page,
        { given: "Rosa", family: "Byphone", email: "rosa.byphone@example.com" },
        "book-record",
      );
      assert.equal(await count(), before, "no second record");
      const mails = await mailbox("rosa.byphone@example.com");
      const setup = mails.find((m) => /Set a password/.test(m.subject));
      assert.match(setup?.text ?? "", /not confirmed yet/);
      const link = /(https?:\/\/\S+\/portal\/set-password#\S+)/.exec(setup?.text ?? "")?.[1] ?? "";
      assert.ok(link, "the set-up link arrives by e-mail");
      await page.goto("about:blank");
      await page.goto(new URL(link).pathname + new URL(link).hash);
      await page.getByRole("heading", { name: "Set your password" }).waitFor();
      await page.getByLabel(/^New password/).fill("rosa-long-password");
      await page.getByRole("button", { name: "Save password" }).click();
      await page.getByRole("heading", { name: "Your account is ready" }).waitFor();
      await page.getByRole("link", { name: "Sign in" }).last().click();
      await submitSignIn(page, "rosa.byphone@example.com", "rosa-long-password");
      await page.getByRole("heading", { level: 1, name: "My appointments" }).waitFor();
      await page.getByText("Not confirmed yet").first().waitFor();
      assert.deepEqual(await seriousAxeViolations(page), []);
      await shot(page, "portal-record-held-phone");
      await page.getByRole("button", { name: "Confirm this time" }).click();
      await page.getByRole("status").filter({ hasText: "Confirmed." }).waitFor();
      const booked = await server.database.admin.query(
        "select status, held_until from appointments where patient_id = $1",
        [record],
      );
      assert.deepEqual(booked.rows, [{ status: "booked", held_until: null }], "booked on the desk's record");
    } finally {
      await context.close();
    }
  });

  for (const [size, viewport] of [
    ["phone", PHONE],
    ["desktop", DESKTOP],
  ] as const) {
    it(`without a mail server the page says the clinic will call, the same for every e-mail (${size}); the desk sees the time held to call back`, async () => {
      const noMail = await startTestServer({ BOOKING_RATE_LIMIT_PER_MINUTE: "1000" });
      const context = await openContext(browser, noMail.url, { viewport });
      const page = await context.newPage();
      try {
        const call = { heading: "We will call you", says: "The clinic will call you" };
        const fresh = await bookAs(
          page,
          { given: "Cal", family: "Lee", email: `cal.${size}@example.com` },
          `book-call-new-${size}`,
          call,
        );
        const known = await bookAs(
          page,
          { given: "Cal", family: "Lee", email: DEMO.patient },
          `book-call-known-${size}`,
          call,
        );
        assert.equal(known, fresh);
        assert.doesNotMatch(fresh, /e-mail|spam/i, "no e-mail is promised");
        await page
          .getByRole("region", { name: "We will call you" })
          .getByRole("link", { name: /^\+?[\d ]+$/ })
          .waitFor();
        const held = (
          await noMail.database.admin.query(
            `select a.held_until from appointments a join patients p on p.id = a.patient_id where p.email = $1`,
            [`cal.${size}@example.com`],
          )
        ).rows[0];
        assert.ok(held?.held_until, "the new visitor's time is held for the desk to call back");
      } finally {
        await context.close();
        await noMail.close();
      }
    });
  }
});
