// A date typed in one browser reads the same in every other: in a Chromium set to US English, the
// UK demo clinic's screens still ask for the day first, in three labelled boxes; a date that does
// not exist is refused in words; the date saved is the date shown again after a reload. At desktop
// size and on a 375 px phone, with axe.
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { describe, it } from "node:test";
import type { Locator, Page } from "playwright-core";
import {
  DEMO,
  DESKTOP,
  dateField,
  fillDate,
  openContext,
  PHONE,
  seriousAxeViolations,
  signInAsStaff,
  startBrowserApp,
} from "./helpers.ts";

const SHOTS = process.env.SCREENSHOT_DIR ?? "";
if (SHOTS) mkdirSync(SHOTS, { recursive: true });
const shot = async (page: Page, name: string) => {
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
};

/** The names of a date field's boxes, in the order they stand on the page. */
async function boxOrder(group: Locator): Promise<string[]> {
  return group
    .getByRole("textbox")
    .evaluateAll((boxes) => boxes.map((b) => (b as HTMLInputElement).labels?.[0]?.textContent ?? ""));
}

const app = startBrowserApp();

for (const [size, viewport] of [
  ["desktop", DESKTOP],
  ["phone", PHONE],
] as const) {
  describe(`date fields in a US English browser at a UK clinic (${size})`, () => {
    it("the desk types a date of birth day first; 31 April is refused; the saved date reads the same after a reload", async () => {
      const context = await openContext(app.browser, app.server.url, { viewport, locale: "en-US" });
      const page = await context.newPage();
      try {
        await signInAsStaff(page, DEMO.frontDesk);
        await page.goto("/app/patients/new");
        await page.getByRole("heading", { level: 1, name: "New patient" }).waitFor();
        const family = `Datefield${size === "desktop" ? "Desk" : "Phone"}`;
        await page.getByRole("textbox", { name: "First name" }).fill("Olive");
        await page.getByRole("textbox", { name: "Last name" }).fill(family);

        const birth = dateField(page, "Date of birth");
        assert.deepEqual(await boxOrder(birth.group), ["Day", "Month", "Year"]);
        await fillDate(page, "Date of birth", "1980-04-30");
        await birth.day.fill("31");
        await birth.group.getByText("This date does not exist. Check the day and the month.").waitFor();
        await page.getByRole("button", { name: "Add patient" }).click();
        // The form is not sent: the page is still the new patient's.
        await page.getByRole("heading", { level: 1, name: "New patient" }).waitFor();
        assert.deepEqual(await seriousAxeViolations(page), [], "axe with the date refused");
        await shot(page, `date-field-refused-${size}`);

        // 3 April 1980, typed as a UK reader writes it: 3 / 4 / 1980.
        await birth.day.fill("3");
        assert.equal(await birth.group.getByText("This date does not exist").count(), 0);
        await shot(page, `date-field-new-patient-${size}`);
        await page.getByRole("button", { name: "Add patient" }).click();
        await page.getByRole("heading", { level: 1, name: `Olive ${family}` }).waitFor();
        await page.getByText("born 3 Apr 1980").first().waitFor();
        await page.reload();
        await page.getByRole("heading", { level: 1, name: `Olive ${family}` }).waitFor();
        await page.getByText("born 3 Apr 1980").first().waitFor();
      } finally {
        await context.close();
      }
    });

    it("a visitor booking online gives their date of birth day first, in the boxes the page names", async () => {
      const context = await openContext(app.browser, app.server.url, { viewport, locale: "en-US" });
      const page = await context.newPage();
      try {
        await page.goto("/book");
        await page.getByRole("heading", { name: "1. Choose a time" }).waitFor();
        const times = page.getByRole("button", { name: /^\d\d:\d\d$/ });
        await times.first().waitFor();
        await times.last().click();
        await page.getByRole("heading", { name: "2. Your details" }).waitFor();
        const birth = dateField(page, /^Date of birth/);
        assert.deepEqual(await boxOrder(birth.group), ["Day", "Month", "Year"]);
        // The browser may fill them from the visitor's saved details.
        assert.deepEqual(
          await Promise.all([birth.day, birth.month, birth.year].map((b) => b.getAttribute("autocomplete"))),
          ["bday-day", "bday-month", "bday-year"],
        );
        await fillDate(page, /^Date of birth/, "2023-02-28");
        await birth.day.fill("29");
        await birth.group.getByText("This date does not exist").waitFor();
        assert.deepEqual(await seriousAxeViolations(page), []);
        await shot(page, `date-field-booking-${size}`);
        await birth.day.fill("28");
        assert.equal(await birth.group.getByRole("alert").count(), 0);
      } finally {
        await context.close();
      }
    });
  });
}

describe("a day picked on a calendar", () => {
  it("is written out in words beside the picker, in the clinic's order", async () => {
    const context = await openContext(app.browser, app.server.url, { locale: "en-US" });
    const page = await context.newPage();
    try {
      await signInAsStaff(page, DEMO.frontDesk);
      await page.goto("/app/calendar");
      const picker = page.getByLabel("Go to date");
      await picker.fill("2026-12-08");
      await page.getByTestId("date-in-words").filter({ hasText: "Tuesday, 8 December 2026" }).waitFor();
      await shot(page, "date-field-calendar-desktop");
    } finally {
      await context.close();
    }
  });
});
