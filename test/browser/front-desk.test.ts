// Journey 2, in the screens only: the front desk adds a caller as a new patient (warned about a
// duplicate) and books their consultation; books a series; confirms a time held online; books a
// walk-in, checks them in and undoes it. At desktop size and on a 375 px phone, with axe.
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { describe, it } from "node:test";
import type { Page } from "playwright-core";
import { Temporal } from "temporal-polyfill";
import {
  DEMO,
  DESKTOP,
  fillDate,
  openContext,
  PHONE,
  seriousAxeViolations,
  signInAsStaff,
  startBrowserApp,
} from "./helpers.ts";

const TZ = "Europe/London";
const today = Temporal.Now.plainDateISO(TZ);
/** A Tuesday `weeks` weeks after the next one (every demo provider works on Tuesdays). */
const tuesday = (weeks: number) => today.add({ days: ((2 - today.dayOfWeek + 7) % 7 || 7) + 7 * weeks });
const SHOTS = process.env.SCREENSHOT_DIR ?? "";
if (SHOTS) mkdirSync(SHOTS, { recursive: true });
const shot = async (page: Page, name: string) => {
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
};
const noAxe = async (page: Page, where: string) =>
  assert.deepEqual(await seriousAxeViolations(page), [], `axe on ${where}`);

const app = startBrowserApp();

for (const [size, viewport] of [
  ["desktop", DESKTOP],
  ["phone", PHONE],
] as const) {
  describe(`front desk journey (${size})`, () => {
    it("a new patient by phone (duplicate warned), their consultation, a series, a held booking confirmed, a walk-in checked in and undone", async () => {
      const context = await openContext(app.browser, app.server.url, { viewport });
      const page = await context.newPage();
      const visitor = await (await openContext(app.browser, app.server.url, { viewport })).newPage();
      try {
        await signInAsStaff(page, DEMO.frontDesk);
        const suffix = size === "desktop" ? "Desk" : "Phone";

        // A caller who is new: the form, then their consultation from their page.
        await page.getByRole("link", { name: "New patient" }).click();
        await page.getByRole("heading", { level: 1, name: "New patient" }).waitFor();
        // Sex is not assumed: "Not stated" until the desk chooses.
        assert.equal(await page.getByRole("combobox", { name: "Sex" }).inputValue(), "unknown");
        await page.getByRole("textbox", { name: "First name" }).fill("Maya");
        await page.getByRole("textbox", { name: "Last name" }).fill(`Caller${suffix}`);
        await fillDate(page, "Date of birth", "1990-02-03");
        await page
          .getByRole("textbox", { name: "Phone" })
          .fill(`07700 90${size === "desktop" ? "0123" : "0456"}`);
        await page.getByRole("textbox", { name: "E-mail" }).fill(`maya.${size}@example.test`);
        await noAxe(page, "new patient");
        await shot(page, `${size}-new-patient`);
        await page.getByRole("button", { name: "Add patient" }).click();
        await page.getByRole("heading", { level: 1, name: `Maya Caller${suffix}` }).waitFor();
        const dialog = page.getByRole("dialog", { name: "Book a visit" });
        await dialog.waitFor();
        await dialog.getByLabel("Day").fill(tuesday(2).toString());
        await dialog
          .getByRole("button", { name: /^\d\d:\d\d/ })
          .first()
          .click();
        await noAxe(page, "book a visit");
        await shot(page, `${size}-book-dialog`);
        await dialog.getByRole("button", { name: /^Book \w{3} \d/ }).click();
        await page
          .getByRole("status")
          .filter({ hasText: `Maya Caller${suffix} booked: Consultation` })
          .waitFor();
        await page.reload();
        await page.getByRole("heading", { level: 3, name: "Upcoming (1)" }).waitFor();
        // On a phone the patient page does not scroll sideways.
        const overflow = await page.evaluate(
          () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
        );
        assert.equal(overflow, 0, "no sideways scroll on the patient page");

        // The same caller again: the form warns before adding a second record.
        await page.goto("/app/patients/new");
        await page.getByRole("textbox", { name: "First name" }).fill("maya");
        await page.getByRole("textbox", { name: "Last name" }).fill(`caller${suffix}`);
        await fillDate(page, "Date of birth", "1990-02-03");
        await page.getByRole("button", { name: "Add patient" }).click();
        const warning = page
          .getByRole("alert")
          .filter({ hasText: "may be a patient the clinic already has" });
        await warning.getByText("same name and date of birth").waitFor();
        await shot(page, `${size}-duplicate`);
        await warning.getByRole("link", { name: `Maya Caller${suffix}` }).click();
        await page.getByRole("heading", { level: 1, name: `Maya Caller${suffix}` }).waitFor();

        // A whole series for a patient whose screening found them eligible (the screening itself, a
        // clinical step with its own journey, is recorded here as a precondition).
        if (size === "desktop") {
          await page.goto("/app/patients?q=Kowalski");
          await page.getByRole("link", { name: "Mia Kowalski" }).first().click();
          await page.getByRole("heading", { level: 1, name: "Mia Kowalski" }).waitFor();
          const mia = page.url().split("/").at(-1)!;
          const csrf = (await (await page.request.get("/api/auth/csrf")).json()).csrfToken;
          const screened = await page.request.post(`/api/patients/${mia}/screenings`, {
            headers: { "x-csrf-token": csrf },
            data: {
              requestedAppointment: tuesday(8).toString(),
              request: {
                setting: "clinic",
                concerns: [{ indication: "acne-scars", zones: ["cheeks"], goodmanBaronGrade: 2 }],
              },
              patient: { pregnant: false, breastfeeding: false },
            },
          });
          assert.equal(screened.status(), 201, await screened.text());
          await page.getByRole("button", { name: "Book a visit" }).click();
          const series = page.getByRole("dialog", { name: "Book a visit" });
          await series.getByLabel("Visit").selectOption({ label: "Microneedling – face" });
          await series.getByLabel("Day").fill(tuesday(8).toString());
          await shot(page, `${size}-series-times`);
          await series
            .getByRole("button", { name: /^\d\d:\d\d/ })
            .first()
            .click();
          await series.getByRole("checkbox", { name: "Book the whole series" }).check();
          await series.getByLabel("Sessions").selectOption("3");
          await series.getByLabel("Every (weeks)").selectOption("5");
          await shot(page, `${size}-series`);
          await series.getByRole("button", { name: /^Book \w{3} \d/ }).click();
          await page.getByRole("status").filter({ hasText: "3 sessions booked, every 5 weeks" }).waitFor();
          await page.reload();
          const upcoming = page.getByRole("region", { name: /^Upcoming/ });
          await upcoming.getByText("Microneedling – face").first().waitFor();
          assert.ok((await upcoming.getByText("Microneedling – face").count()) >= 3, "the series is kept");
        }

        // What was sent, to whom and when: the new patient's confirmation, never a message body.
        await page.goto("/app/outbox");
        await page.getByRole("heading", { level: 1, name: "Outbox" }).waitFor();
        await page
          .getByRole("row")
          .filter({ hasText: `maya.${size}@example.test` })
          .filter({ hasText: "Booking confirmed" })
          .first()
          .waitFor();
        await page.getByRole("link", { name: "Appointments (CSV)" }).waitFor();
        assert.equal(await page.getByText("/portal/sign-in/link").count(), 0, "no sign-in link on screen");
        await noAxe(page, "outbox");
        await shot(page, `${size}-outbox`);

        // A visitor holds a time online; the desk sees "Held online" and confirms it.
        await visitor.goto("/book");
        const heldDay = await holdOnline(visitor, suffix);
        await page
          .getByRole("link", { name: "Calendar" })
          .click()
          .catch(async () => {
            await page.getByRole("button", { name: "Open navigation" }).click();
            await page.getByRole("link", { name: "Calendar" }).click();
          });
        await page.getByRole("heading", { level: 1, name: "Calendar" }).waitFor();
        await page.getByLabel("Go to date").fill(heldDay);
        const held = page.getByRole("button", { name: new RegExp(`Hold ${suffix}.*held online`) });
        await held.click();
        await shot(page, `${size}-held`);
        await page.getByRole("button", { name: "Confirm booking" }).click();
        await page.getByRole("status").filter({ hasText: "booking confirmed" }).waitFor();
        await page.reload();
        await page.getByLabel("Go to date").fill(heldDay);
        await page.getByRole("button", { name: new RegExp(`Hold ${suffix}.*Booked$`) }).waitFor();

        // A walk-in: booked for today and checked in; the check-in undone the same day.
        await page.getByRole("button", { name: "Walk-in" }).click();
        const walkIn = page.getByRole("dialog", { name: "Walk-in" });
        await walkIn.getByRole("textbox", { name: "Patient" }).fill(`Caller${suffix}`);
        await walkIn.getByRole("button", { name: new RegExp(`Maya Caller${suffix}`) }).click();
        const times = walkIn.getByRole("button", { name: /^\d\d:\d\d/ });
        const noTime = walkIn.getByText("No free time that day");
        await Promise.race([times.first().waitFor(), noTime.waitFor()]);
        if (await noTime.isVisible()) {
          // The clinic is closed for the rest of today: the dialog says so and offers nothing.
          assert.equal(await walkIn.getByRole("button", { name: /^Book \w{3} \d/ }).count(), 0);
          return;
        }
        await times.first().click();
        assert.equal(await walkIn.getByRole("checkbox", { name: /Check in now/ }).isChecked(), true);
        await noAxe(page, "walk-in");
        await shot(page, `${size}-walk-in`);
        await walkIn.getByRole("button", { name: /^Book \w{3} \d/ }).click();
        await page.getByRole("status").filter({ hasText: "Checked in." }).waitFor();
        await page.getByRole("button", { name: "Today" }).click();
        const block = page.getByRole("button", { name: new RegExp(`Maya Caller${suffix}.*Checked in`) });
        await block.click();
        await shot(page, `${size}-checked-in`);
        await page.getByRole("button", { name: "Undo check-in" }).click();
        await page.getByRole("status").filter({ hasText: "check-in undone" }).waitFor();
        await page.reload();
        await page.getByRole("button", { name: new RegExp(`Maya Caller${suffix}.*Booked$`) }).click();
        assert.equal(await page.getByRole("button", { name: "Check in" }).isEnabled(), true);
        await noAxe(page, "calendar");
      } finally {
        await context.close();
        await visitor.context().close();
      }
    });
  });
}

/** A visitor on the public booking page picks a time and gives their details: the time is held. Its day. */
async function holdOnline(page: Page, suffix: string): Promise<string> {
  await page.getByRole("heading", { name: "1. Choose a time" }).waitFor();
  const times = page.getByRole("button", { name: /^\d\d:\d\d$/ });
  await times.last().click();
  const legend = (await page.locator("legend").first().textContent()) ?? "";
  const [, d, mon, y] = /(\d{1,2}) (\w{3}) (\d{4})/.exec(legend) ?? [];
  const month = "JanFebMarAprMayJunJulAugSepOctNovDec".indexOf(mon ?? "") / 3 + 1;
  const day = `${y}-${String(month).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
  await page.getByRole("textbox", { name: /^First name/ }).fill("Hold");
  await page.getByRole("textbox", { name: /^Last name/ }).fill(suffix);
  await page.getByRole("textbox", { name: /^E-mail/ }).fill(`hold.${suffix.toLowerCase()}@example.test`);
  await page.getByRole("textbox", { name: /^Phone/ }).fill("+44 7700 900789");
  await fillDate(page, /^Date of birth/, "1985-05-05");
  await page.getByRole("button", { name: "Continue" }).click();
  await page.getByRole("heading", { name: "Check and confirm" }).waitFor();
  return day;
}
