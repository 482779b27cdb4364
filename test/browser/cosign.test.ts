// A depth above the charting provider's licence, in headless Chromium on the real app: saving
// opens the co-signature dialog, where the supervising physician types password and second factor;
// a wrong code is named beside its field and saves nothing, the right one saves the chart.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DEMO_TOTP_SECRET } from "../../src/server/demo-seed.ts";
import { currentTotp } from "../../src/server/security/totp.ts";
import { databaseTargets } from "../support/db.ts";
import {
  DEMO,
  DEMO_PASSWORD,
  openContext,
  seriousAxeViolations,
  signInAsStaff,
  startBrowserApp,
} from "./helpers.ts";
import { readyToChart } from "./record-fixtures.ts";

const app = startBrowserApp();

await databaseTargets();

describe("co-signature of a depth above licence", () => {
  it("the physician co-signs in the dialog with password and authenticator code", async () => {
    const admin = app.server.database.admin;
    const patientId = (await admin.query("select patient_id from users where email = $1", [DEMO.patient]))
      .rows[0].patient_id;
    const context = await openContext(app.browser, app.server.url);
    const page = await context.newPage();
    await signInAsStaff(page, DEMO.aesthetician);

    await readyToChart(page, patientId, "Ava Martin");

    await page.goto(`/app/patients/${patientId}/chart`);
    await page.getByRole("button", { name: "Start session" }).click();
    await page.getByTestId("zone-map").waitFor();
    await page.getByRole("button", { name: /^Cheeks/ }).press("Enter");
    await page.getByRole("textbox", { name: "Depth (mm)" }).fill("1");
    await page.getByRole("button", { name: "Save" }).click();

    const dialog = page.getByRole("dialog", { name: "Supervising physician's co-signature" });
    await dialog.waitFor();
    assert.match((await dialog.textContent()) ?? "", /above your licence limit/);
    assert.deepEqual(await seriousAxeViolations(page), []);

    const physician = await admin.query("select id from users where email = $1", [DEMO.physician]);
    const valid = new Set([-30_000, 0, 30_000].map((d) => currentTotp(DEMO_TOTP_SECRET, Date.now() + d)));
    let wrong = 0;
    while (valid.has(String(wrong).padStart(6, "0"))) wrong++;
    await dialog.getByRole("textbox", { name: "Physician's e-mail" }).fill(DEMO.physician);
    await dialog.getByLabel(/^Physician's password/).fill(DEMO_PASSWORD);
    await dialog
      .getByRole("textbox", { name: "Physician's authentication code" })
      .fill(String(wrong).padStart(6, "0"));
    await dialog.getByRole("button", { name: "Co-sign and save" }).click();
    await dialog.getByText("not correct or already used").waitFor();
    const before = await admin.query("select zones, cosigned_by from session_charts where patient_id = $1", [
      patientId,
    ]);
    assert.deepEqual(before.rows[0], { zones: [], cosigned_by: null });

    await dialog
      .getByRole("textbox", { name: "Physician's authentication code" })
      .fill(currentTotp(DEMO_TOTP_SECRET));
    await dialog.getByRole("button", { name: "Co-sign and save" }).click();
    await dialog.waitFor({ state: "hidden" });
    await page.getByRole("status").filter({ hasText: "Saved." }).waitFor();
    const after = await admin.query("select zones, cosigned_by from session_charts where patient_id = $1", [
      patientId,
    ]);
    assert.equal(after.rows[0].cosigned_by, physician.rows[0].id);
    assert.deepEqual(
      after.rows[0].zones.map((z: { zone: string; depthMm: number }) => [z.zone, z.depthMm]),
      [["cheeks", 1]],
    );
    await context.close();
  });
});
