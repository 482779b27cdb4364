// A session in the clinical record, in headless Chromium on the real app: a nurse starts the
// session (day-of re-screen), charts it zone by zone on the zone map and signs it; the page passes
// an accessibility check before and after signing.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Browser } from "playwright-core";
import { databaseTargets } from "../support/db.ts";
import { startTestServer, type TestServer } from "../support/server.ts";
import {
  DEMO,
  fillDate,
  launchChromium,
  openContext,
  seriousAxeViolations,
  signInAsStaff,
} from "./helpers.ts";
import { readyToChart } from "./record-fixtures.ts";

let server: TestServer;
let browser: Browser;

// Declared first so that it runs before the database server's own stop hook.
after(async () => {
  await browser?.close();
  await server?.close();
});

// Started here, at the top level, so that a run of this file alone keeps its database server
// until the end (its stop hook belongs to the file, not to the before hook).
await databaseTargets();

before(async () => {
  browser = await launchChromium();
  server = await startTestServer();
});

describe("clinical record", () => {
  it("a session charted zone by zone on the zone map, then signed and locked", async () => {
    const patientId = (
      await server.database.admin.query("select patient_id from users where email = $1", [DEMO.patient])
    ).rows[0].patient_id;
    const staffContext = await openContext(browser, server.url);
    const page = await staffContext.newPage();
    await signInAsStaff(page, DEMO.nurse);

    // The intake and the consent (signed on the clinic tablet) go through the API: they have their own tests.
    await readyToChart(page, patientId, "Ava Martin");

    await page.goto(`/app/patients/${patientId}/chart`);
    await page.getByRole("heading", { level: 1, name: "Session chart" }).waitFor();
    await page.getByRole("button", { name: "Start session" }).click();
    await page.getByTestId("zone-map").waitFor();

    // From the keyboard: the cheeks are two shapes, so a click at the centre would land on the mouth.
    await page.getByRole("button", { name: /^Cheeks/ }).press("Enter");
    await page.getByRole("textbox", { name: "Depth (mm)" }).fill("1.25");
    await page.getByRole("textbox", { name: "Passes" }).fill("3");
    await page.getByRole("button", { name: /^Forehead/ }).click();
    await page.getByRole("textbox", { name: "Depth (mm)" }).fill("0.5");
    for (const box of await page.getByRole("checkbox").all()) await box.check();
    await page.getByLabel("Device", { exact: true }).selectOption({ index: 1 });
    await page.getByRole("textbox", { name: "Cartridge lot" }).fill("LOT-BROWSER-1");
    await fillDate(page, "Cartridge expiry", "2099-12-31");
    await page.getByLabel("Endpoint", { exact: true }).selectOption("erythema-pinpoint-bleeding");
    assert.deepEqual(await seriousAxeViolations(page), []);

    await page.getByRole("button", { name: "Sign and lock" }).click();
    await page.getByTestId("chart-status").filter({ hasText: "Signed" }).waitFor();
    const table = await page.getByTestId("zone-table").textContent();
    assert.match(table ?? "", /Cheeks1\.25 mm3crosshatch/);
    assert.match(table ?? "", /Forehead0\.5 mm/);
    assert.deepEqual(await seriousAxeViolations(page), []);

    const row = (
      await server.database.admin.query(
        "select status, zones, cartridge_lot from session_charts where patient_id = $1",
        [patientId],
      )
    ).rows[0];
    assert.equal(row.status, "signed");
    assert.equal(row.cartridge_lot, "LOT-BROWSER-1");
    assert.deepEqual(
      row.zones.map((z: { zone: string; depthMm: number }) => [z.zone, z.depthMm]),
      [
        ["cheeks", 1.25],
        ["forehead", 0.5],
      ],
    );
    await staffContext.close();
  });
});
