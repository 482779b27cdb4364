// The account page, read through the shared contract: a patient on a phone sees where they are
// signed in and ends another session; an owner who signs in with an authenticator sees how many
// recovery codes are left. Axe (no serious or critical) on each.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Browser } from "playwright-core";
import { startTestServer, type TestServer } from "../support/server.ts";
import {
  DEMO,
  DEMO_PASSWORD,
  DESKTOP,
  launchChromium,
  openContext,
  PHONE,
  seriousAxeViolations,
  signInAsPatient,
  signInAsStaff,
  submitSignIn,
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
    // The browser and system in words, not the raw user agent.
    assert.match((await sessions.first().textContent()) ?? "", /Chrome on Linux · last used /);
    assert.equal(await page.getByText("Mozilla/5.0", { exact: false }).count(), 0);
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

  it("a patient on a phone makes a calendar link, still sees it after a reload and stops it; then changes their password and signs in with it", async () => {
    const context = await openContext(browser, server.url, { viewport: PHONE });
    const page = await context.newPage();
    await signInAsPatient(page, DEMO.patient);
    await page.goto("/portal/account");
    await page.getByRole("button", { name: "Make a calendar link" }).click();
    const link = await page.getByRole("textbox", { name: "Subscription link" }).inputValue();
    const feedPath = new URL(link).pathname;
    const feed = await page.request.get(feedPath);
    assert.equal(feed.status(), 200);
    assert.match(await feed.text(), /BEGIN:VCALENDAR/);

    await page.reload();
    await page.getByRole("heading", { level: 1, name: "My account" }).waitFor();
    const inUse = page.getByTestId("calendar-links").getByRole("listitem");
    await inUse.first().waitFor();
    assert.equal(await inUse.count(), 1, "the link made before the reload is listed");
    assert.match((await inUse.first().textContent()) ?? "", /^Link made \w{3} \d+ \w{3}, \d{2}:\d{2}/);
    assert.equal(await page.getByText(link).count(), 0, "the secret is not shown again");
    assert.deepEqual(await seriousAxeViolations(page), [], "axe with a link in use");
    await page.screenshot({ path: "/tmp/account-calendar-phone.png", fullPage: true });
    await inUse.first().getByRole("button", { name: "Stop this link" }).click();
    await page.getByRole("status").filter({ hasText: "That link no longer works." }).waitFor();
    await page.getByTestId("calendar-links").waitFor({ state: "detached" });
    assert.equal((await page.request.get(feedPath)).status(), 404, "a stopped link opens nothing");

    await page.getByLabel(/^Current password/).fill("not-my-password");
    await page.getByLabel(/^New password/).fill("ava-new-long-password");
    await page.getByRole("button", { name: "Change password" }).click();
    await page.getByText("That is not your current password.").waitFor();
    await page.getByLabel(/^Current password/).fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Change password" }).click();
    await page.getByRole("status").filter({ hasText: "Your password is changed." }).waitFor();
    await context.close();

    const again = await openContext(browser, server.url, { viewport: PHONE });
    const fresh = await again.newPage();
    await fresh.goto("/portal/sign-in");
    await submitSignIn(fresh, DEMO.patient, "ava-new-long-password");
    await fresh.getByRole("heading", { level: 1, name: "My appointments" }).waitFor();
    await again.close();
  });
});
