// The protocol settings page (owners) and the patient page's screening panel, in headless Chromium
// on the real app, with an accessibility check of each.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Browser, Page } from "playwright-core";
import { DEMO_TOTP_SECRET } from "../../src/server/demo-seed.ts";
import { currentTotp } from "../../src/server/security/totp.ts";
import { databaseTargets } from "../support/db.ts";
import { startTestServer, type TestServer } from "../support/server.ts";
import { DEMO, DEMO_PASSWORD, launchChromium, openContext, seriousAxeViolations, textOf } from "./helpers.ts";

let server: TestServer;
let browser: Browser;

after(async () => {
  await browser?.close();
  await server?.close();
});

// Run by hand, the test database server starts here, at the top level, so that it lives as long
// as the file's tests (started inside a hook, it would stop when the hook ends), and after the
// hook above is registered, so that the app closes before the database server stops.
await databaseTargets();

before(async () => {
  browser = await launchChromium();
  server = await startTestServer();
});

/**
 * Signs in through the API in the page's context (the sign-in form has its own tests in
 * web.test.ts), answering the demo's second factor; each account signs in once per run, so a code
 * is never reused.
 */
async function signInAsStaff(page: Page, email: string): Promise<void> {
  const csrf = ((await (await page.request.get("/api/auth/csrf")).json()) as { csrfToken: string }).csrfToken;
  const headers = { "x-csrf-token": csrf };
  const login = await page.request.post("/api/auth/login", {
    data: { email, password: DEMO_PASSWORD },
    headers,
  });
  assert.equal(login.status(), 200, await login.text());
  const step = ((await login.json()) as { twoFactor?: { challenge: string } }).twoFactor;
  if (step) {
    const verified = await page.request.post("/api/auth/login/verify", {
      data: { challenge: step.challenge, code: currentTotp(DEMO_TOTP_SECRET) },
      headers,
    });
    assert.equal(verified.status(), 200, await verified.text());
  }
  await page.goto("/app/patients");
  await page.getByRole("heading", { level: 1, name: "Patients" }).waitFor();
}

async function pick(page: Page, label: string, option: string | RegExp): Promise<void> {
  const name = new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`);
  await page
    .getByRole("textbox", { name })
    .or(page.getByRole("combobox", { name }))
    .first()
    .click({ force: true });
  await page.getByRole("option", { name: option }).first().click();
}

describe("protocol settings", () => {
  it("an owner sees each rule with its alternatives and sources, saves a choice and gets a new version", async () => {
    const context = await openContext(browser, server.url);
    const page = await context.newPage();
    await signInAsStaff(page, DEMO.owner);
    await page.getByRole("navigation", { name: "Staff" }).getByRole("link", { name: "Protocol" }).click();
    await page.getByRole("heading", { level: 1, name: "Protocol" }).waitFor();
    const before = await textOf(page.getByTestId("current-version"));
    assert.match(before, /^blog-default@1\.0\+sha256:/);
    await page.getByText("Shipped default", { exact: true }).waitFor();
    assert.deepEqual(await seriousAxeViolations(page), []);

    const iso = page.getByRole("radiogroup", { name: /isotretinoin/i });
    await iso.getByRole("radio", { name: /^Defer only while taking isotretinoin/ }).check();
    await page.getByRole("radio", { name: /skinpenLabeling/ }).check();
    await page.getByRole("button", { name: "Save as a new version" }).click();
    await page.getByText(/New protocol version/).waitFor();
    await page.getByText("Clinic choices", { exact: true }).waitFor();
    const afterVersion = await textOf(page.getByTestId("current-version"));
    assert.notEqual(afterVersion, before);
    const history = page.getByRole("region", { name: "Version history" });
    await history.getByText("CI-ISOTRETINOIN-6M: labeling-current-use-only").waitFor();
    assert.match(await textOf(page.getByRole("region", { name: "Sources" })), /ISOTRETINOIN-LABEL/);
    assert.deepEqual(await seriousAxeViolations(page), []);
    await context.close();
  });

  it("other staff can read the protocol but not change it", async () => {
    const context = await openContext(browser, server.url);
    const page = await context.newPage();
    await signInAsStaff(page, DEMO.nurse);
    await page.goto("/app/settings/protocol");
    await page.getByText("Only an owner can change the clinic's protocol.").waitFor();
    assert.equal(await page.getByRole("button", { name: "Save as a new version" }).count(), 0);
    await context.close();
  });
});

describe("screening panel", () => {
  it("records a medication, runs a screening and shows the decision with its texts, sources and version", async () => {
    const context = await openContext(browser, server.url);
    const page = await context.newPage();
    await signInAsStaff(page, DEMO.physician);
    await page
      .getByRole("link", { name: /Martin/ })
      .first()
      .click();
    const panel = page.getByRole("region", { name: "Screening" });
    await panel.getByRole("heading", { name: "Run a screening" }).waitFor();

    await panel.getByRole("textbox", { name: "Medication (ingredient or brand)" }).fill("Xarelto");
    await panel.getByRole("button", { name: "Add medication" }).click();
    await panel.getByText(/Xarelto · oral · prescribed · taking now/).waitFor();

    await pick(page, "Concern 1", /Fine lines/);
    await pick(page, "Zones for concern 1", "Forehead");
    await page.keyboard.press("Escape");
    const pregnant = panel
      .getByRole("textbox", { name: /^Pregnant\?/ })
      .or(panel.getByRole("combobox", { name: /^Pregnant\?/ }));
    if (await pregnant.count()) await pick(page, "Pregnant?", "No");
    const breastfeeding = panel
      .getByRole("textbox", { name: /^Breastfeeding\?/ })
      .or(panel.getByRole("combobox", { name: /^Breastfeeding\?/ }));
    if (await breastfeeding.count()) await pick(page, "Breastfeeding?", "No");
    const fitz = panel.getByText("Fitzpatrick type (not recorded)");
    if (await fitz.count()) await pick(page, "Fitzpatrick type (not recorded)", "III");
    await panel.getByRole("button", { name: "Screen", exact: true }).click();

    const result = panel.getByTestId("screening-result");
    await result.waitFor();
    assert.equal(await textOf(panel.getByTestId("screening-outcome")), "Needs physician clearance");
    const text = await textOf(result);
    assert.match(text, /CI-ANTITHROMBOTIC/);
    assert.match(text, /do not stop/i);
    assert.match(text, /sources: /);
    assert.match(text, /blog-default@1\.0\+sha256:/);
    await panel.getByRole("button", { name: /Show screening of .*Needs physician clearance/ }).waitFor();
    assert.deepEqual(await seriousAxeViolations(page), []);

    await panel.getByRole("textbox", { name: "Medication (ingredient or brand)" }).fill("warfarn");
    await panel.getByRole("button", { name: "Add medication" }).click();
    await panel.getByText(/warfarn · oral/).waitFor();
    await panel.getByRole("button", { name: "Screen", exact: true }).click();
    await panel.getByText("Medication not recognised: warfarn").waitFor();
    await context.close();
  });
});
