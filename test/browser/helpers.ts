// Shared plumbing for the browser tests: the system Chromium driven by playwright-core, the real
// app from test/support/server.ts, and an axe check.
import { existsSync } from "node:fs";
import { after, before } from "node:test";
import { AxeBuilder } from "@axe-core/playwright";
import { type Browser, type BrowserContext, chromium, type Locator, type Page } from "playwright-core";
import { DEMO_TOTP_SECRET } from "../../src/server/demo-seed.ts";
import { currentTotp } from "../../src/server/security/totp.ts";
import { startTestServer, type TestServer } from "../support/server.ts";

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export const DEMO_PASSWORD = "remodel-demo";
export const DEMO = {
  owner: "owner@demo.remodel.test",
  physician: "dr.ahmed@demo.remodel.test",
  nurse: "nurse.lee@demo.remodel.test",
  aesthetician: "aesthetician.cole@demo.remodel.test",
  frontDesk: "desk@demo.remodel.test",
  patient: "ava.martin@demo.remodel.test",
} as const;

export const PHONE = { width: 375, height: 812 };
export const DESKTOP = { width: 1280, height: 800 };

/** Launches the system Chromium, or fails with what to do about it: these tests are never skipped. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM_PATH}. The browser tests need it: install it with ` +
        "`apt-get install -y chromium`, or set CHROMIUM_PATH to a Chromium executable.",
    );
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, timeout: 30_000 });
}

/** The browser and the running app of a test file (or describe block), set once its tests run. */
export interface BrowserApp {
  browser: Browser;
  server: TestServer;
}

/**
 * Launches Chromium and starts the real app on a fresh demo database before the tests of the file
 * or describe block it is called in, and closes both after them.
 */
export function startBrowserApp(env: NodeJS.ProcessEnv = {}): BrowserApp {
  const app = {} as Partial<BrowserApp>;
  after(async () => {
    await app.browser?.close();
    await app.server?.close();
  });
  before(async () => {
    app.browser = await launchChromium();
    app.server = await startTestServer(env);
  });
  return app as BrowserApp;
}

/** A fresh browser context (own cookies) on the app, with the given screen size. */
export async function openContext(
  browser: Browser,
  baseURL: string,
  options: { viewport?: { width: number; height: number }; timezoneId?: string; locale?: string } = {},
): Promise<BrowserContext> {
  const context = await browser.newContext({
    baseURL,
    viewport: options.viewport ?? DESKTOP,
    timezoneId: options.timezoneId,
    locale: options.locale ?? "en-GB",
    hasTouch: options.viewport === PHONE,
    isMobile: options.viewport === PHONE,
  });
  context.setDefaultTimeout(15_000);
  return context;
}

/** Demo accounts that sign in with a second factor (the demo's published authenticator secret). */
const TWO_FACTOR_DEMO: ReadonlySet<string> = new Set([
  DEMO.owner,
  DEMO.physician,
  DEMO.nurse,
  DEMO.aesthetician,
]);
const lastStepUsed = new Map<string, number>();

/**
 * The demo authenticator code for this account. A code is accepted once per account (and the
 * next 30-second code already counts), so a third sign-in within one period waits, as a person would.
 */
async function demoCode(email: string): Promise<string> {
  const now = Math.floor(Date.now() / 30_000);
  const target = Math.max(now, (lastStepUsed.get(email) ?? -1) + 1);
  if (target > now + 1) await new Promise((r) => setTimeout(r, (target - 1) * 30_000 - Date.now() + 100));
  lastStepUsed.set(email, target);
  return currentTotp(DEMO_TOTP_SECRET, target * 30_000);
}

/** Fills the sign-in form on the current page and submits it (and the demo code when asked). */
export async function submitSignIn(page: Page, email: string, password: string): Promise<void> {
  await page.getByRole("textbox", { name: "Email" }).fill(email);
  await page.getByLabel(/^Password/).fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  if (TWO_FACTOR_DEMO.has(email) && password === DEMO_PASSWORD) {
    const field = page.getByRole("textbox", { name: "Authentication code" });
    await field.waitFor();
    await field.fill(await demoCode(email));
    await page.getByRole("button", { name: "Verify" }).click();
  }
}

export async function signInAsStaff(page: Page, email: string): Promise<void> {
  await page.goto("/app/sign-in");
  await submitSignIn(page, email, DEMO_PASSWORD);
  await page.getByRole("heading", { level: 1, name: "Patients" }).waitFor();
}

export async function signInAsPatient(page: Page, email: string): Promise<void> {
  await page.goto("/portal/sign-in");
  await submitSignIn(page, email, DEMO_PASSWORD);
  await page.getByRole("heading", { level: 1, name: "My appointments" }).waitFor();
}

/** Serious and critical axe violations on the page as it is now, one line each (empty: none). */
export async function seriousAxeViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map(
      (violation) =>
        `${violation.impact} ${violation.id}: ${violation.help} — ${violation.nodes
          .slice(0, 3)
          .map((node) => node.target.join(" "))
          .join(", ")}`,
    );
}

/** The text inside an element (its text content, hidden parts included). */
export async function textOf(locator: Locator): Promise<string> {
  return (await locator.textContent()) ?? "";
}

/** The Day, Month and Year boxes of a date field (its fieldset, named by its legend). */
export function dateField(scope: Page | Locator, name: string | RegExp, labels = ["Day", "Month", "Year"]) {
  const group = scope.getByRole("group", { name });
  const [day, month, year] = labels.map((label) => group.getByRole("textbox", { name: label, exact: true }));
  return { group, day: day as Locator, month: month as Locator, year: year as Locator };
}

/** Types a "YYYY-MM-DD" date into a date field's boxes, as a person would. */
export async function fillDate(
  scope: Page | Locator,
  name: string | RegExp,
  date: string,
  labels?: string[],
) {
  const [year, month, day] = date.split("-");
  const field = dateField(scope, name, labels);
  await field.day.fill(String(Number(day)));
  await field.month.fill(String(Number(month)));
  await field.year.fill(year as string);
}

/** The date a date field's boxes show, as "YYYY-MM-DD" ("" when empty). */
export async function dateValue(scope: Page | Locator, name: string | RegExp, labels?: string[]) {
  const field = dateField(scope, name, labels);
  const [day, month, year] = await Promise.all(
    [field.day, field.month, field.year].map((box) => box.inputValue()),
  );
  if (!day && !month && !year) return "";
  return `${year}-${(month as string).padStart(2, "0")}-${(day as string).padStart(2, "0")}`;
}
