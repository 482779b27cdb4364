// A clinic's prices are written in its own currency. The owner chooses the currency in the clinic
// profile (and at first run); the public price list, the set-up screen's appointment types and the
// plan a patient accepts then show it. They were written in pounds (or with no sign at all)
// whatever the clinic had chosen.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Browser } from "playwright-core";
import { databaseTargets } from "../support/db.ts";
import { startTestServer, type TestServer } from "../support/server.ts";
import {
  DEMO,
  DESKTOP,
  launchChromium,
  openContext,
  PHONE,
  seriousAxeViolations,
  signInAsStaff,
} from "./helpers.ts";

const SHOTS = process.env.SCREENSHOT_DIR ?? "/tmp/clinic-currency-shots";

let server: TestServer;
let browser: Browser;

after(async () => {
  await browser?.close();
  await server?.close();
});

await databaseTargets();

before(async () => {
  browser = await launchChromium();
  server = await startTestServer();
});

describe("the clinic's currency", () => {
  it("the owner sets euros; the price list and the set-up screen write prices in euros", async () => {
    const context = await openContext(browser, server.url, { viewport: DESKTOP });
    const page = await context.newPage();
    await signInAsStaff(page, DEMO.owner);
    await page.goto("/app/settings/clinic");
    const currency = page.getByRole("textbox", { name: "Currency" });
    await currency.fill("EUR");
    await page.getByRole("button", { name: "Save the profile" }).click();
    await page.getByText("Saved. Patients see the new details now.").waitFor();
    await page.reload();
    assert.equal(await page.getByRole("textbox", { name: "Currency" }).inputValue(), "EUR");

    await page.goto("/app/settings/setup/types");
    // As on /prices: amounts show without a sign until the clinic's currency arrives.
    await page
      .getByText(/^Price €/)
      .first()
      .waitFor();
    const types = await page.getByText(/^Price /).allTextContents();
    assert.ok(
      types.some((line) => /^Price €250 · /.test(line)),
      `the face session costs €250: ${types.join(" | ")}`,
    );
    assert.ok(
      types.every((line) => /^Price €\d/.test(line)),
      types.join(" | "),
    );
    await context.close();

    const visitor = await openContext(browser, server.url, { viewport: PHONE });
    const prices = await visitor.newPage();
    await prices.goto("/prices");
    // Prices show without a sign until the clinic's currency arrives (never in a wrong one): wait for it.
    const first = prices.getByTestId("price").filter({ hasText: "€" }).first();
    await first.waitFor();
    const shown = await prices.getByTestId("price").allTextContents();
    assert.ok(
      shown.some((p) => /€\s?250/.test(p)),
      `the face session costs €250: ${shown.join(" | ")}`,
    );
    assert.ok(
      shown.every((p) => !p.includes("£")),
      `no price in pounds: ${shown.join(" | ")}`,
    );
    assert.deepEqual(await seriousAxeViolations(prices), []);
    await prices.screenshot({ path: `${SHOTS}/prices-euro-phone.png`, fullPage: true });
    await visitor.close();
  });
});
