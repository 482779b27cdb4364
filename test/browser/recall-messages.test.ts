// The lot recall in headless Chromium: a clinician finds the sessions of a lot, reads the message
// each patient will get, confirms, and the messages go to the outbox once; searching again shows
// them as sent and offers nothing more to send. axe on the page and on the confirmation.
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { describe, it } from "node:test";
import { databaseTargets } from "../support/db.ts";
import { DEMO, openContext, seriousAxeViolations, signInAsStaff, startBrowserApp } from "./helpers.ts";
import { signedSessionFor } from "./patient-fixtures.ts";

await databaseTargets();
const app = startBrowserApp();
const SHOTS = process.env.SCREENSHOT_DIR ?? "/tmp/clinic-shots";
mkdirSync(SHOTS, { recursive: true });

describe("lot recall messages", () => {
  it("a clinician reads each patient's message, confirms, and each patient is written to once", async () => {
    const admin = app.server.database.admin;
    // A signed session of the demo patient, charted with cartridge lot LOT-1 three days ago.
    const { patientId } = await signedSessionFor(admin, DEMO.patient, 72);
    const { rows } = await admin.query("select given_name, family_name, email from patients where id = $1", [
      patientId,
    ]);
    const name = `${rows[0].given_name} ${rows[0].family_name}`;

    const context = await openContext(app.browser, app.server.url);
    const page = await context.newPage();
    await signInAsStaff(page, DEMO.physician);
    await page.getByRole("link", { name: "Lot recall" }).click();
    await page.getByRole("heading", { level: 1, name: "Lot recall" }).waitFor();
    await page.getByLabel(/^Lot number/).fill("LOT-1");
    await page.getByRole("button", { name: "Find sessions" }).click();
    const patient = page.getByRole("region", { name });
    await patient.waitFor();
    assert.match(
      await patient.getByLabel(`Message to ${name}`).inputValue(),
      new RegExp(`Dear ${rows[0].given_name},[\\s\\S]*recalled one batch \\(LOT-1\\)`),
    );
    await patient.getByText("Not written to yet").waitFor();
    assert.deepEqual(await seriousAxeViolations(page), [], "axe: recall before sending");
    await page.screenshot({ path: `${SHOTS}/recall-before-send.png`, fullPage: true });

    // Nothing goes without the confirmation; cancelling sends nothing.
    await page.getByRole("button", { name: "Send the messages" }).click();
    const dialog = page.getByRole("dialog", { name: "Send the recall messages?" });
    await dialog.waitFor();
    // The dialog and its overlay fade in: read the colours once they have settled, not halfway.
    await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== "running"));
    assert.deepEqual(await seriousAxeViolations(page), [], "axe: recall confirmation");
    await page.screenshot({ path: `${SHOTS}/recall-confirm.png`, fullPage: true });
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await dialog.waitFor({ state: "hidden" });
    const outbox = () =>
      admin.query("select to_address from outbox where kind = 'lot-recall' and patient_id = $1", [patientId]);
    assert.equal((await outbox()).rows.length, 0);

    await page.getByRole("button", { name: "Send the messages" }).click();
    await dialog.getByRole("button", { name: /^Send \d+ messages?$/ }).click();
    await page.getByText(/messages? sent to the outbox\./).waitFor();
    await patient.getByText(/^In the outbox since|^E-mailed/).waitFor();
    assert.deepEqual(
      (await outbox()).rows.map((r) => r.to_address),
      [rows[0].email],
    );
    await page.screenshot({ path: `${SHOTS}/recall-after-send.png`, fullPage: true });

    // Searching again (as after a reload) shows it sent, and nothing more to send.
    await page.reload();
    await page.getByLabel(/^Lot number/).fill("LOT-1");
    await page.getByRole("button", { name: "Find sessions" }).click();
    await patient.getByText(/^In the outbox since|^E-mailed/).waitFor();
    assert.equal(await page.getByRole("button", { name: "Send the messages" }).isDisabled(), true);
    assert.equal((await outbox()).rows.length, 1);
    await context.close();
  });
});
