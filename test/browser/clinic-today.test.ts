// The staff screens that show "today" in the clinic's time zone (calendar, patient list, a
// patient's record) after the clinic-local date moved to the domain calendar: each opens on a
// real day, at desktop and phone width, with no serious accessibility violations. Screenshots go
// to /tmp/core-shots for a reviewer to look at.
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import type { Browser } from "playwright-core";
import { todayIn } from "../../src/domain/calendar.ts";
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

const SHOTS = "/tmp/core-shots";
let server: TestServer;
let browser: Browser;

after(async () => {
  await browser?.close();
  await server?.close();
});

await databaseTargets();

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  browser = await launchChromium();
  server = await startTestServer();
});

describe("screens that show the clinic's today", () => {
  for (const [label, viewport] of [
    ["desktop", DESKTOP],
    ["phone", PHONE],
  ] as const) {
    it(`calendar and patients open on the clinic's day (${label})`, async () => {
      const context = await openContext(browser, server.url);
      const page = await context.newPage();
      await page.setViewportSize(viewport);
      try {
        const opened = todayIn("Europe/London", Date.now());
        await signInAsStaff(page, DEMO.frontDesk);
        await page.goto(`${server.url}/app/calendar`);
        await page.getByRole("heading", { level: 1, name: "Calendar" }).waitFor();
        const day = await page.getByLabel("Go to date").inputValue();
        // The calendar opens on today in the clinic's zone (the demo clinic is in London); either
        // side of a midnight passed while the page loaded.
        assert.ok([opened, todayIn("Europe/London", Date.now())].includes(day), day);
        assert.deepEqual(await seriousAxeViolations(page), []);
        await page.screenshot({ path: `${SHOTS}/calendar-${label}.png`, fullPage: true });

        await page.goto(`${server.url}/app/patients`);
        await page.getByRole("heading", { level: 1, name: "Patients" }).waitFor();
        assert.deepEqual(await seriousAxeViolations(page), []);
        await page.screenshot({ path: `${SHOTS}/patients-${label}.png`, fullPage: true });
      } finally {
        await context.close();
      }
    });
  }
});
