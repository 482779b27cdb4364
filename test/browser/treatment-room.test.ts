// The staff screening panel places a condition as the intake does (by zone, somewhere else, or not
// sure), and set-up warns about microneedling types without zones. Headless Chromium with axe.
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { describe, it } from "node:test";
import type { Page } from "playwright-core";
import { databaseTargets } from "../support/db.ts";
import { DEMO, openContext, seriousAxeViolations, signInAsStaff, startBrowserApp } from "./helpers.ts";

await databaseTargets();
const app = startBrowserApp();
const SHOTS = process.env.SCREENSHOT_DIR ?? "/tmp/clinic-shots";
mkdirSync(SHOTS, { recursive: true });

async function pick(page: Page, label: string, option: string | RegExp): Promise<void> {
  const name = new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`);
  await page
    .getByRole("textbox", { name })
    .or(page.getByRole("combobox", { name }))
    .first()
    .click({ force: true });
  await page.getByRole("option", { name: option }).first().click();
}

describe("treatment room", () => {
  it("the screening panel asks where a condition is by zone; not sure counts as in the treatment area", async () => {
    const context = await openContext(app.browser, app.server.url);
    const page = await context.newPage();
    await signInAsStaff(page, DEMO.physician);
    await page
      .getByRole("link", { name: /Martin/ })
      .first()
      .click();
    const panel = page.getByRole("region", { name: "Screening" });
    const form = panel.getByRole("form", { name: "Add a condition" });
    await form.waitFor();
    assert.equal(await form.getByRole("checkbox", { name: "In the treatment area" }).count(), 0);
    await pick(page, "Condition", /infection/i);
    const where = form.getByRole("group", { name: /Where is it\?/ });
    await where.getByRole("checkbox", { name: "Cheeks" }).check();
    // "Not sure" stands alone: it clears the zones ticked before it.
    await where.getByRole("checkbox", { name: "Not sure" }).check();
    assert.equal(await where.getByRole("checkbox", { name: "Cheeks" }).isChecked(), false);
    // Anything the page could not load is named, so a failure here says what it was.
    const alerts = await page.getByRole("alert").allTextContents();
    assert.deepEqual(
      await seriousAxeViolations(page),
      [],
      `axe: screening panel (alerts: ${alerts.join(" | ")})`,
    );
    await page.screenshot({ path: `${SHOTS}/panel-condition-where.png`, fullPage: true });
    await form.getByRole("button", { name: "Add condition" }).click();
    await panel.getByText(/infection.* · active · in the treatment area · not sure where/i).waitFor();
    // Placed on zones, it keeps them: after a reload the panel still says where it is.
    await pick(page, "Condition", /infection/i);
    await where.getByRole("checkbox", { name: "Neck" }).check();
    await where.getByRole("checkbox", { name: "Chin and jawline" }).check();
    await form.getByRole("button", { name: "Add condition" }).click();
    await panel.getByText(/on or near: Chin and jawline, Neck|on or near: Neck, Chin and jawline/).waitFor();
    await page.reload();
    await panel
      .getByText(/infection.* · active · .*on or near: (Neck, Chin and jawline|Chin and jawline, Neck)/i)
      .waitFor();
    await panel.getByText(/infection.* · active · in the treatment area · not sure where/i).waitFor();
    await panel.screenshot({ path: `${SHOTS}/panel-conditions-after-reload.png` });
    await context.close();
  });

  it("set-up warns about an offered microneedling type without zones", async () => {
    const admin = app.server.database.admin;
    // A type whose name does not say its zones (as after an upgrade): offered, no zones.
    await admin.query(
      `insert into appointment_types (clinic_id, name, kind, duration_minutes, price_cents, zones)
       select clinic_id, 'Collagen induction (long)', 'microneedling', 120, 30000, '{}' from users where email = $1`,
      [DEMO.owner],
    );
    const context = await openContext(app.browser, app.server.url);
    const page = await context.newPage();
    await signInAsStaff(page, DEMO.owner);
    await page.goto("/app/settings/setup/types");
    const warning = page.getByTestId("types-without-zones");
    await warning.waitFor();
    assert.match((await warning.textContent()) ?? "", /Collagen induction \(long\)/);
    await page
      .getByRole("article", { name: "Collagen induction (long)" })
      .getByTestId("type-without-zones")
      .waitFor();
    assert.deepEqual(await seriousAxeViolations(page), [], "axe: set-up types");
    await page.screenshot({ path: `${SHOTS}/setup-types-without-zones.png`, fullPage: true });
    await context.close();
  });
});
