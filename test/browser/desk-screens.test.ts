// The front desk's screens on the real app, in headless Chromium using the screens: the outbox on a
// 375 px phone shows every column (the status included) without sideways scroll; the Inbox count in
// the menu matches the open check-ins and drops when one is handled; one e-mail with accounts at two
// clinics chooses its clinic on the sign-in screen; times are typed and shown on the 24-hour clock
// even in a browser set to 12-hour US English. Axe on each screen.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import type { Page } from "playwright-core";
import { DEMO_SLUG } from "../../src/server/demo-seed.ts";
import {
  DEMO,
  DEMO_PASSWORD,
  DESKTOP,
  openContext,
  PHONE,
  seriousAxeViolations,
  signInAsPatient,
  signInAsStaff,
  startBrowserApp,
  submitSignIn,
} from "./helpers.ts";
import { CALM_CHECK_IN, signedSessionFor } from "./patient-fixtures.ts";

const SHOTS = process.env.SCREENSHOT_DIR ?? "/tmp/desk-shots";
mkdirSync(SHOTS, { recursive: true });
const shot = (page: Page, name: string) => page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
const noAxe = async (page: Page, where: string) =>
  assert.deepEqual(await seriousAxeViolations(page), [], `axe on ${where}`);

async function apiPost(page: Page, url: string, data: unknown) {
  const csrf = ((await (await page.request.get("/api/auth/csrf")).json()) as { csrfToken: string }).csrfToken;
  const res = await page.request.post(url, { data, headers: { "x-csrf-token": csrf } });
  assert.ok(res.ok(), `${url}: ${res.status()} ${await res.text()}`);
  return res.json();
}

const app = startBrowserApp();

describe("outbox on a phone", () => {
  it("shows each message as a card: nothing runs off the side and the whole status is readable", async () => {
    const context = await openContext(app.browser, app.server.url, { viewport: PHONE });
    const page = await context.newPage();
    try {
      await signInAsStaff(page, DEMO.frontDesk);
      // A message of our own, so that the outbox has one whatever the demo holds: a sign-in link
      // asked for by a patient (no mail server here, so its status is one of the long ones).
      const asked = await page.request.post("/api/portal-auth/link", {
        data: { email: DEMO.patient },
        headers: {
          "x-csrf-token": (await (await page.request.get("/api/auth/csrf")).json()).csrfToken,
        },
      });
      assert.ok(asked.status() < 500, await asked.text());
      await page.goto("/app/outbox");
      await page.getByRole("heading", { level: 1, name: "Outbox" }).waitFor();
      const rows = page.getByRole("table", { name: "Messages" }).locator("tbody tr");
      await rows.first().waitFor();
      await shot(page, "outbox-375");

      const sideways = await page.evaluate(() => {
        const root = document.scrollingElement ?? document.documentElement;
        return root.scrollWidth - root.clientWidth;
      });
      assert.ok(sideways <= 0, `the outbox scrolls sideways by ${sideways} px`);

      // The status is the fourth column's badge.
      const statuses = rows.locator("td:nth-child(4) .mantine-Badge-root");
      const count = await statuses.count();
      assert.ok(count > 0, "each message has a status");
      for (let i = 0; i < Math.min(count, 20); i++) {
        const status = statuses.nth(i);
        assert.ok(await status.isVisible(), `status ${i} is visible`);
        const box = await status.boundingBox();
        assert.ok(box && box.x >= 0 && box.x + box.width <= PHONE.width, `status ${i} is on the screen`);
        const cut = await status.evaluate((el) => {
          const label = el.querySelector(".mantine-Badge-label") ?? el;
          return label.scrollWidth > label.clientWidth + 1;
        });
        assert.equal(cut, false, `status ${i} ("${await status.textContent()}") is not cut`);
      }
      // Every column is there for each card, under its name.
      const first = rows.first();
      for (const column of ["When", "What", "To", "Status"]) {
        const cell = first.locator(`td[data-label="${column}"]`);
        assert.ok(await cell.isVisible(), `${column} shown`);
        const box = await cell.boundingBox();
        assert.ok(box && box.x + box.width <= PHONE.width, `${column} is on the screen`);
      }
      await noAxe(page, "outbox on a phone");
    } finally {
      await context.close();
    }
  });
});

describe("inbox count", () => {
  it("the count in the menu matches the open check-ins and drops when one is handled", async () => {
    const { chartId } = await signedSessionFor(app.server.database.admin, DEMO.patient, 30);
    const patientContext = await openContext(app.browser, app.server.url);
    const patient = await patientContext.newPage();
    const context = await openContext(app.browser, app.server.url, { viewport: DESKTOP });
    const page = await context.newPage();
    try {
      await signInAsPatient(patient, DEMO.patient);
      await apiPost(patient, "/api/portal/check-ins", { chartId, answers: CALM_CHECK_IN });
      await apiPost(patient, "/api/portal/check-ins", {
        chartId,
        answers: { ...CALM_CHECK_IN, fever: true },
      });

      await signInAsStaff(page, DEMO.frontDesk);
      const menu = page.getByRole("navigation", { name: "Staff" });
      await menu.getByRole("link", { name: /^Inbox/ }).click();
      await page.getByRole("heading", { level: 1, name: "Inbox" }).waitFor();
      const items = page.getByTestId("inbox-item");
      await items.first().waitFor();
      const open = await items.count();
      // Dates read as the clinic writes them, not "2026-12-03" beside "06/12/2026, 19:45:00".
      const line = (await items.first().textContent()) ?? "";
      assert.match(
        line,
        /^(?!.*\d{4}-\d{2}-\d{2})(?!.*\d\d\/\d\d\/\d{4}).*(Day|Week) \d+ check-in after the session on \d{1,2} [A-Z][a-z]{2} \d{4} · sent [A-Z][a-z]{2} \d{1,2} [A-Z][a-z]{2}, \d\d:\d\d/,
      );
      const api = (await (await page.request.get("/api/inbox?limit=200")).json()) as { items: unknown[] };
      assert.equal(api.items.length, open, "the page lists every open check-in");
      const badge = page.getByTestId("inbox-count");
      assert.equal((await badge.textContent())?.trim(), String(open), "the menu counts the open check-ins");
      assert.match(
        (await badge.getAttribute("aria-label")) ?? "",
        new RegExp(`^${open} open, \\d+ red flag`),
      );
      await shot(page, "inbox-count-before");

      await items.first().getByRole("button", { name: "Mark handled" }).click();
      await page.waitForFunction(
        (n) => document.querySelectorAll('[data-testid="inbox-item"]').length === n,
        open - 1,
      );
      // The menu's count follows at once, without leaving the page.
      await page.waitForFunction(
        (n) =>
          (document.querySelector('[data-testid="inbox-count"]')?.textContent ?? "0").trim() === String(n),
        open - 1,
      );
      await shot(page, "inbox-count-after");
      await noAxe(page, "inbox");
    } finally {
      await context.close();
      await patientContext.close();
    }
  });
});

describe("one e-mail at two clinics", () => {
  it("the sign-in screen asks which clinic, and signs in to the one chosen", async () => {
    // A second clinic whose owner has the demo front desk's e-mail and password, made the way an
    // operator does: `remodel clinic create`, then the owner's invitation accepted.
    const created = await runRemodel(
      [
        "clinic",
        "create",
        "--name",
        "Harbour Skin",
        "--time-zone",
        "Europe/London",
        "--owner-email",
        DEMO.frontDesk,
      ],
      { DATABASE_URL: app.server.database.adminUrl, PUBLIC_URL: app.server.url },
    );
    assert.equal(created.code, 0, created.stderr);
    const token = /accept-invitation#token=([A-Za-z0-9_-]+)/.exec(created.stdout)?.[1];
    assert.ok(token, `an owner link in: ${created.stdout}`);

    for (const [size, viewport] of [
      ["desktop", DESKTOP],
      ["phone", PHONE],
    ] as const) {
      const context = await openContext(app.browser, app.server.url, { viewport });
      const page = await context.newPage();
      try {
        await page.goto("/app/sign-in");
        if (size === "desktop")
          await apiPost(page, "/api/auth/accept-invitation", { token, password: DEMO_PASSWORD });
        await page.goto("/app/sign-in");
        await submitSignIn(page, DEMO.frontDesk, DEMO_PASSWORD);
        const clinic = page.getByRole("radiogroup", { name: /^Clinic/ });
        await clinic.waitFor();
        await page.getByText("This e-mail has an account at more than one clinic").waitFor();
        assert.equal(await clinic.getByRole("radio").count(), 2, "both clinics are offered");
        // By the names people know them by, not their web addresses.
        await clinic.getByRole("radio", { name: "Harbour Skin", exact: true }).waitFor();
        await noAxe(page, `choose a clinic (${size})`);
        await shot(page, `choose-clinic-${size}`);
        await clinic.getByRole("radio", { name: "Remodel Skin Clinic (demo)", exact: true }).check();
        await page.getByRole("button", { name: "Sign in" }).click();
        await page.getByRole("heading", { level: 1, name: "Patients" }).waitFor();
        const me = (await (await page.request.get("/api/auth/me")).json()) as {
          user: { email: string; role: string; clinic: { slug: string } };
        };
        assert.equal(me.user.email, DEMO.frontDesk);
        assert.equal(me.user.role, "front_desk");
        assert.equal(me.user.clinic.slug, DEMO_SLUG);
      } finally {
        await context.close();
      }
    }
  });
});

describe("24-hour times", () => {
  it("in a 12-hour (US English) browser the owner types 14:30 for Saturday's close and the reminder, sees 14:30 and it is saved", async () => {
    const context = await openContext(app.browser, app.server.url, { locale: "en-US" });
    const page = await context.newPage();
    try {
      await signInAsStaff(page, DEMO.owner);
      await page.goto("/app/settings/setup/hours");
      const until = page.getByLabel("Saturday 1 until");
      await until.waitFor();
      // A native time field would show "02:30 PM" here, whatever the clinic's country.
      assert.equal(await until.getAttribute("type"), "text", "a 24-hour field, not the browser's own");
      await until.fill("1430");
      await until.press("Tab");
      assert.equal(await until.inputValue(), "14:30");
      await page.getByRole("button", { name: "Save opening hours" }).click();
      await page.getByRole("status").filter({ hasText: "Opening hours saved." }).waitFor();
      await shot(page, "hours-24h");
      const setup = async () =>
        (await (await page.request.get("/api/setup")).json()) as {
          openingHours: { weekday: number; start: string; end: string }[];
          settings: { dayBeforeReminderTime: string };
        };
      assert.deepEqual(
        (await setup()).openingHours.filter((h) => h.weekday === 6).map((h) => `${h.start}-${h.end}`),
        ["09:00-14:30"],
      );
      await page.reload();
      assert.equal(await page.getByLabel("Saturday 1 until").inputValue(), "14:30");
      await noAxe(page, "opening hours");

      // Something that is not a time is named, not sent.
      await page.goto("/app/settings/setup/clinic");
      const reminder = page.getByLabel("Day-before reminder time");
      await reminder.waitFor();
      assert.equal(await reminder.getAttribute("type"), "text");
      await reminder.fill("25:00");
      await reminder.press("Tab");
      await page.getByText("Use the 24-hour clock, like 14:30").waitFor();
      await reminder.fill("14:30");
      await reminder.press("Tab");
      await page.getByRole("button", { name: "Save booking rules" }).click();
      await page.getByRole("status").filter({ hasText: "Booking rules saved." }).waitFor();
      assert.equal((await setup()).settings.dayBeforeReminderTime, "14:30");
      await page.reload();
      assert.equal(await page.getByLabel("Day-before reminder time").inputValue(), "14:30");
      await shot(page, "reminder-24h");
      await noAxe(page, "booking rules");
    } finally {
      await context.close();
    }
  });
});

const REMODEL = path.resolve(import.meta.dirname, "../../bin/remodel");

function runRemodel(args: string[], env: NodeJS.ProcessEnv) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(REMODEL, args, { env: { ...process.env, LOG_LEVEL: "warn", ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
  });
}
