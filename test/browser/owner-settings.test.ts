// The owner's settings screens in headless Chromium on the real app, only through the screens:
// consent wording gets a new version (the old one stays in the history, both survive a reload);
// a patient's data rights: the export downloads, processing is restricted and lifted, erasure
// within the retention period is refused with its date; a webhook is added (its secret shown once),
// a cancelled visit is delivered to it and shows in its recent deliveries, then it is removed.
// Axe runs on each screen; the consent wording is also used on a 375 px phone.
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import type { Browser, Page } from "playwright-core";
import { withClinic } from "../../src/db/pool.ts";
import { databaseTargets } from "../support/db.ts";
import { startTestServer, type TestServer } from "../support/server.ts";
import { DEMO, launchChromium, openContext, PHONE, seriousAxeViolations, signInAsStaff } from "./helpers.ts";

const SHOTS = process.env.SCREENSHOT_DIR ?? "/tmp/owner-settings-shots";

let server: TestServer;
let browser: Browser;
let receiver: http.Server;
const received: string[] = [];

after(async () => {
  await browser?.close();
  await server?.close();
  await new Promise((r) => receiver?.close(r));
});

// Started at the top level so that the database outlives the file's tests (see protocol.test.ts).
await databaseTargets();

before(async () => {
  browser = await launchChromium();
  server = await startTestServer({ WEBHOOK_ALLOW_PRIVATE_URLS: "1", WEBHOOK_POLL_MS: "200" });
  receiver = http.createServer((req, res) => {
    let body = "";
    req.on("data", (d) => (body += d));
    req.on("end", () => {
      received.push(body);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
});

async function openFromMenu(page: Page, link: string, heading: string): Promise<void> {
  await page.getByRole("navigation", { name: "Staff" }).getByRole("link", { name: link }).click();
  await page.getByRole("heading", { level: 1, name: heading }).waitFor();
}

describe("owner settings", () => {
  it("consent wording, data rights and webhooks, start to finish at desktop size", async () => {
    const context = await openContext(browser, server.url);
    const page = await context.newPage();
    await signInAsStaff(page, DEMO.owner);

    // Consent wording: a new version becomes current; the old one is kept in the history.
    await openFromMenu(page, "Consent wording", "Consent wording");
    const current = page.getByTestId("current-microneedling");
    const before = Number((await current.textContent())?.match(/\d+/)?.[0]);
    assert.ok(before >= 1);
    assert.deepEqual(await seriousAxeViolations(page), []);
    const form = page.getByRole("form", { name: "New version" });
    await form.getByRole("textbox", { name: /^Wording/ }).fill("short");
    await form.getByRole("button", { name: "Save as a new version" }).click();
    await form.locator('textarea[aria-invalid="true"]').waitFor();
    const wording =
      "Microneedling makes many tiny punctures in the skin. Your skin will be red for a day or two.";
    await form.getByRole("textbox", { name: /^Wording/ }).fill(wording);
    await form.getByRole("button", { name: "Save as a new version" }).click();
    await page.getByRole("status").filter({ hasText: "Patients sign the new version" }).waitFor();
    await page.getByText(`Current: version ${before + 1}`).waitFor();
    await page.reload();
    await page.getByText(`Current: version ${before + 1}`).waitFor();
    const section = page.getByRole("region", { name: "Microneedling treatment" });
    await section.getByText(wording).waitFor();
    await section.getByText(new RegExp(`^Version ${before} ·`)).click();
    await section.getByRole("region").getByText("Microneedling", { exact: false }).first().waitFor();
    await page.screenshot({ path: `${SHOTS}/consent-wording-desktop.png`, fullPage: true });

    // Data rights: find the patient, download the export, restrict, erasure refused, lift.
    await openFromMenu(page, "Data rights", "Patient data rights");
    await page.getByRole("textbox", { name: "Patient name, e-mail or phone" }).fill("Ava");
    await page.getByRole("button", { name: "Find" }).click();
    await page.getByRole("button", { name: /^Ava Martin/ }).click();
    await page.getByTestId("restriction").filter({ hasText: "Not restricted" }).waitFor();
    assert.deepEqual(await seriousAxeViolations(page), []);
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Download everything stored (JSON)" }).click(),
    ]);
    const exported = JSON.parse(await readFile((await download.path())!, "utf8"));
    assert.equal(exported.patient.given_name ?? exported.patient.givenName, "Ava");
    await page.getByRole("button", { name: "Restrict processing" }).click();
    await page.getByTestId("restriction").filter({ hasText: "Restricted since" }).waitFor();
    await page.reload();
    await page.getByTestId("restriction").filter({ hasText: "Restricted since" }).waitFor();
    const erasable = (await page.getByTestId("erasable").textContent()) ?? "";
    assert.match(erasable, /^From /, "a recently treated patient's record must still be kept");
    const erase = page.getByRole("button", { name: "Erase this patient's data" });
    assert.equal(await erase.isDisabled(), true, "erasure asks for a confirmation first");
    await page.getByRole("checkbox", { name: /anonymised for good/ }).check();
    await erase.click();
    await page.getByText(/erasure is possible from/).waitFor();
    await page.getByTestId("restriction").filter({ hasText: "Restricted since" }).waitFor();
    await page.screenshot({ path: `${SHOTS}/data-rights-desktop.png`, fullPage: true });
    await page.getByRole("button", { name: "Lift the restriction" }).click();
    await page.getByTestId("restriction").filter({ hasText: "Not restricted" }).waitFor();

    // Webhooks: a refusal names its field, then one is added, delivered to and removed.
    await openFromMenu(page, "Webhooks", "Webhooks");
    await page.getByText("No webhooks yet.").waitFor();
    assert.deepEqual(await seriousAxeViolations(page), []);
    const add = page.getByRole("form", { name: "Add a webhook" });
    await add.getByRole("button", { name: "Add the webhook" }).click();
    await page.getByRole("alert").first().waitFor();
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/remodel`;
    await add.getByRole("textbox", { name: /^Address/ }).fill(url);
    await add.getByRole("textbox", { name: "Description" }).fill("Practice accounts");
    await add.getByRole("checkbox", { name: "Visit cancelled" }).check();
    await add.getByRole("button", { name: "Add the webhook" }).click();
    const secret = (await page.getByTestId("webhook-secret").textContent()) ?? "";
    assert.ok(secret.length >= 32);
    const card = page.getByRole("listitem").filter({ hasText: url });
    await card.getByText("Visit cancelled").waitFor();

    // A visit is cancelled as the application does it; the dispatcher delivers it.
    const { rows } = await server.database.admin.query(
      "select id, clinic_id from appointments where status = 'booked' order by starts_at desc limit 1",
    );
    await withClinic(server.database.db, { clinicId: rows[0].clinic_id }, (tx) =>
      tx.query("update appointments set status = 'cancelled' where id = $1", [rows[0].id]),
    );
    for (let i = 0; i < 300 && received.length === 0; i++) await new Promise((r) => setTimeout(r, 100));
    assert.equal(received.length, 1, "the cancelled visit reached the endpoint");
    await card.getByRole("button", { name: "Recent deliveries" }).click();
    await card.getByRole("table", { name: "Recent deliveries" }).getByText("appointment.cancelled").waitFor();
    await card.getByText("delivered").waitFor();
    assert.deepEqual(await seriousAxeViolations(page), []);
    await page.screenshot({ path: `${SHOTS}/webhooks-desktop.png`, fullPage: true });
    await page.reload();
    await page.getByRole("listitem").filter({ hasText: url }).waitFor();
    await page.getByRole("button", { name: /^Remove/ }).click();
    await page.getByText("No webhooks yet.").waitFor();
    await context.close();
  });

  it("consent wording on a 375 px phone", async () => {
    const context = await openContext(browser, server.url, { viewport: PHONE });
    const page = await context.newPage();
    await signInAsStaff(page, DEMO.owner);
    await page.goto("/app/settings/consent-wording");
    await page.getByRole("heading", { level: 1, name: "Consent wording" }).waitFor();
    await page.getByTestId("current-photo").waitFor();
    assert.deepEqual(await seriousAxeViolations(page), []);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
    assert.equal(overflow, false, "nothing wider than the phone");
    await page.screenshot({ path: `${SHOTS}/consent-wording-phone.png`, fullPage: true });
    for (const [path, name] of [
      ["/app/settings/data-rights", "Patient data rights"],
      ["/app/settings/webhooks", "Webhooks"],
    ] as const) {
      await page.goto(path);
      await page.getByRole("heading", { level: 1, name }).waitFor();
      await page.screenshot({ path: `${SHOTS}/${path.split("/").pop()}-phone.png`, fullPage: true });
    }
    await context.close();
  });
});
