// The owner's clinic set-up screens in headless Chromium on the real app: the owner changes the
// opening hours and adds a room (checked through the API), a server refusal lands next to its
// field, and the front desk reads the same screens on a phone without edit controls. Axe runs on
// every tab.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Browser, Page } from "playwright-core";
import { databaseTargets } from "../support/db.ts";
import { startTestServer, type TestServer } from "../support/server.ts";
import { DEMO, launchChromium, openContext, PHONE, seriousAxeViolations, signInAsStaff } from "./helpers.ts";

let server: TestServer;
let browser: Browser;

after(async () => {
  await browser?.close();
  await server?.close();
});

// Started at the top level so that the database outlives the file's tests (see protocol.test.ts).
await databaseTargets();

before(async () => {
  browser = await launchChromium();
  server = await startTestServer();
});

interface SetupBody {
  openingHours: { weekday: number; start: string; end: string }[];
  rooms: { name: string }[];
}

async function setupViaApi(page: Page): Promise<SetupBody> {
  const response = await page.request.get("/api/setup");
  assert.equal(response.status(), 200, await response.text());
  return (await response.json()) as SetupBody;
}

async function openTab(page: Page, name: string): Promise<void> {
  await page.getByRole("tab", { name }).click();
  await page.getByRole("tab", { name, selected: true }).waitFor();
}

describe("clinic set-up", () => {
  it("the owner changes Saturday's hours and adds a room, and the API shows both", async () => {
    const context = await openContext(browser, server.url);
    const page = await context.newPage();
    await signInAsStaff(page, DEMO.owner);
    await page
      .getByRole("navigation", { name: "Staff" })
      .getByRole("link", { name: "Clinic set-up" })
      .click();
    await page.getByRole("heading", { level: 1, name: "Clinic set-up" }).waitFor();
    await page.getByText(/on the clinic's clock \(Europe\/London\)/).waitFor();
    assert.deepEqual(await seriousAxeViolations(page), []);

    // A refusal from the server is shown beside the field it names.
    const until = page.getByLabel("Saturday 1 until");
    await until.fill("08:00");
    await page.getByRole("button", { name: "Save opening hours" }).click();
    await page.getByText("end must be after start", { exact: true }).waitFor();
    await page.getByRole("alert").filter({ hasText: "see the messages beside them" }).waitFor();
    assert.equal(await until.getAttribute("aria-invalid"), "true");

    await until.fill("14:30");
    await page.getByRole("button", { name: "Save opening hours" }).click();
    await page.getByRole("status").filter({ hasText: "Opening hours saved." }).waitFor();
    const saturday = (await setupViaApi(page)).openingHours.filter((h) => h.weekday === 6);
    assert.deepEqual(
      saturday.map((h) => `${h.start}-${h.end}`),
      ["09:00-14:30"],
    );

    await openTab(page, "Rooms & devices");
    await page.getByRole("heading", { name: "Devices" }).waitFor();
    assert.deepEqual(await seriousAxeViolations(page), []);
    await page.getByLabel("New room name").fill("Garden room");
    await page.getByRole("button", { name: "Add room" }).click();
    await page.getByLabel("Name of Garden room").waitFor();
    assert.ok((await setupViaApi(page)).rooms.some((r) => r.name === "Garden room"));

    await openTab(page, "Appointment types");
    await page.getByText("Protocol default segments").first().waitFor();
    assert.deepEqual(await seriousAxeViolations(page), []);

    await openTab(page, "Providers");
    await page.getByTestId("provider-credential").waitFor();
    assert.match((await page.getByTestId("provider-credential").textContent()) ?? "", /mm/);
    assert.deepEqual(await seriousAxeViolations(page), []);
    await context.close();
  });

  it("the front desk reads the set-up on a phone, without edit controls", async () => {
    const context = await openContext(browser, server.url, { viewport: PHONE });
    const page = await context.newPage();
    await signInAsStaff(page, DEMO.frontDesk);
    await page.goto("/app/settings/setup");
    await page.getByRole("heading", { level: 1, name: "Clinic set-up" }).waitFor();
    await page.getByText("Only an owner can change the clinic's set-up.").waitFor();
    await page.getByTestId("day-1").waitFor();
    assert.equal(await page.getByRole("button", { name: "Save opening hours" }).count(), 0);
    assert.equal(await page.getByRole("button", { name: "Add closure" }).count(), 0);
    assert.equal(await page.getByLabel("Monday 1 from").getAttribute("readonly"), "");
    // Nothing runs off the side of a 375 px screen.
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= PHONE.width, `page is ${width} px wide`);
    assert.deepEqual(await seriousAxeViolations(page), []);

    for (const [path, tab] of [
      ["/app/settings/setup/resources", "Rooms & devices"],
      ["/app/settings/setup/types", "Appointment types"],
      ["/app/settings/setup/providers", "Providers"],
    ] as const) {
      await page.goto(path);
      await page.getByRole("tab", { name: tab, selected: true }).waitFor();
      await page.getByRole("tabpanel").getByRole("heading").first().waitFor();
      assert.equal(await page.getByRole("button", { name: /^(Add|Save|Edit|Rename)/ }).count(), 0, path);
      assert.deepEqual(await seriousAxeViolations(page), [], path);
    }

    // The API refuses a write from the front desk whatever the screen shows.
    const csrf = ((await (await page.request.get("/api/auth/csrf")).json()) as { csrfToken: string })
      .csrfToken;
    const refused = await page.request.post("/api/setup/rooms", {
      data: { locationId: "00000000-0000-4000-8000-000000000000", name: "X" },
      headers: { "x-csrf-token": csrf },
    });
    assert.equal(refused.status(), 403);
    await context.close();
  });
});
