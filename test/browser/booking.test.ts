// Public booking of a consultation, end to end in headless Chromium on the real app: choose a
// time, give details, confirm, set the account's password; no serious accessibility violations.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Browser } from "playwright-core";
import { databaseTargets } from "../support/db.ts";
import { startTestServer, type TestServer } from "../support/server.ts";
import { launchChromium, openContext, PHONE, seriousAxeViolations, submitSignIn } from "./helpers.ts";

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
  server = await startTestServer();
});

describe("public consultation booking", () => {
  it("a visitor books a consultation on a phone, gets an account and signs in", async () => {
    const context = await openContext(browser, server.url, { viewport: PHONE });
    const page = await context.newPage();
    try {
      await page.goto("/book");
      await page.getByRole("heading", { name: "1. Choose a time" }).waitFor();
      const times = page.getByRole("button", { name: /^\d\d:\d\d$/ });
      await times.first().waitFor();
      assert.deepEqual(await seriousAxeViolations(page), []);
      // The first day offered may have a single time left (late on a short day): take its last.
      const chosen = (await times.last().textContent()) ?? "";
      await times.last().click();
      await page.getByRole("heading", { name: "2. Your details" }).waitFor();
      await page.getByRole("textbox", { name: /^First name/ }).fill("Maya");
      await page.getByRole("textbox", { name: /^Last name/ }).fill("Okafor");
      await page.getByRole("textbox", { name: /^E-mail/ }).fill("maya.okafor@example.com");
      await page.getByRole("textbox", { name: /^Phone/ }).fill("+44 7700 900456");
      await page.getByLabel(/^Date of birth/).fill("1988-11-02");
      assert.deepEqual(await seriousAxeViolations(page), []);
      await page.getByRole("button", { name: "Continue" }).click();
      await page.getByRole("heading", { name: "Check and confirm" }).waitFor();
      assert.match(
        (await page.getByText(/We hold this time for you until/).textContent()) ?? "",
        /\d\d:\d\d/,
      );
      await page.getByRole("button", { name: "Confirm booking" }).click();
      const booked = page.getByRole("status").filter({ hasText: "You are booked" });
      await booked.waitFor();
      assert.match((await booked.textContent()) ?? "", new RegExp(chosen));
      const calendarLink = page.getByRole("link", { name: "Add to calendar" });
      assert.match((await calendarLink.getAttribute("href")) ?? "", /^blob:/);
      assert.deepEqual(await seriousAxeViolations(page), []);

      await page.getByLabel(/^New password/).fill("maya-long-password");
      await page.getByRole("button", { name: "Save password" }).click();
      await page.getByRole("heading", { name: "Your account is ready" }).waitFor();
      const rows = (
        await server.database.admin.query(
          `select a.status, a.booked_via, u.role from appointments a join patients p on p.id = a.patient_id
           join users u on u.patient_id = p.id where p.email = $1`,
          ["maya.okafor@example.com"],
        )
      ).rows;
      assert.deepEqual(rows, [{ status: "booked", booked_via: "online", role: "patient" }]);

      await page.getByRole("link", { name: "Sign in" }).last().click();
      await submitSignIn(page, "maya.okafor@example.com", "maya-long-password");
      await page.getByRole("heading", { level: 1, name: "My appointments" }).waitFor();
    } finally {
      await context.close();
    }
  });
});
