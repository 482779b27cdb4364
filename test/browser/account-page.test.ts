// The account page, read through the shared contract: a patient on a phone sees where they are
// signed in and ends another session; an owner who signs in with an authenticator sees how many
// recovery codes are left. Axe (no serious or critical) on each.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Browser } from "playwright-core";
import { startTestServer, type TestServer } from "../support/server.ts";
import {
  DEMO,
  DESKTOP,
  launchChromium,
  openContext,
  PHONE,
  seriousAxeViolations,
  signInAsPatient,
  signInAsStaff,
} from "./helpers.ts";

describe("the account page", () => {
  let server: TestServer;
  let browser: Browser;
  before(async () => {
    browser = await launchChromium();
    server = await startTestServer();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it("a patient on a phone sees both of their sessions and ends the other one", async () => {
    const other = await openContext(browser, server.url, { viewport: DESKTOP });
    await signInAsPatient(await other.newPage(), DEMO.patient);
    const context = await openContext(browser, server.url, { viewport: PHONE });
    const page = await context.newPage();
    await signInAsPatient(page, DEMO.patient);
    await page.goto("/portal/account");
    await page.getByRole("heading", { level: 1, name: "My account" }).waitFor();
    const sessions = page.getByTestId("sessions").getByRole("listitem");
    await page.getByText("This browser", { exact: false }).waitFor();
    assert.equal(await sessions.count(), 2);
    assert.deepEqual(await seriousAxeViolations(page), [], "axe on /portal/account");
    await page.screenshot({ path: "/tmp/account-page-phone.png", fullPage: true });
    await page.getByRole("button", { name: "End this session" }).click();
    await page.getByRole("status").filter({ hasText: "That session is ended." }).waitFor();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="sessions"] li').length === 1);
    await page.getByText("This browser", { exact: false }).waitFor();
    await other.close();
    await context.close();
  });

  it("an owner who signs in with an authenticator sees the recovery codes left", async () => {
    const context = await openContext(browser, server.url, { viewport: DESKTOP });
    const page = await context.newPage();
    await signInAsStaff(page, DEMO.owner);
    await page.goto("/app/account");
    await page.getByRole("heading", { level: 2, name: "Recovery codes" }).waitFor();
    await page.getByRole("button", { name: "Make new recovery codes" }).waitFor();
    await page.getByTestId("sessions").getByText("This browser", { exact: false }).waitFor();
    assert.deepEqual(await seriousAxeViolations(page), [], "axe on /app/account");
    await page.screenshot({ path: "/tmp/account-page-desktop.png", fullPage: true });
    await context.close();
  });
});
