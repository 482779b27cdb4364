// The public pages stay light on a phone: each downloads under 150 KB of JavaScript (gzip) by the
// time its content shows and the network is quiet; the self-check counts everything up to its
// result; none of them downloads the staff app, the portal or their router.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Page } from "playwright-core";
import { openContext, PHONE, startBrowserApp } from "./helpers.ts";
import { countScriptBytes, PUBLIC_PAGE_BUDGET_KB } from "./script-bytes.ts";

const kb = (bytes: number) => Math.round(bytes / 102.4) / 10;

async function selfCheckToResult(page: Page) {
  await page.getByRole("checkbox", { name: "Acne scars" }).check();
  await page.getByRole("checkbox", { name: "Face" }).check();
  await page.getByRole("button", { name: "Next" }).click();
  await page.getByLabel("Your age").fill("41");
  await page.getByRole("radio", { name: "Female", exact: true }).check();
  for (const name of ["Are you pregnant?", "Are you breastfeeding?"]) {
    await page.getByRole("radiogroup", { name }).getByRole("radio", { name: "No", exact: true }).check();
  }
  await page.getByRole("radio", { name: "Sometimes burns, tans evenly" }).check();
  await page.getByRole("button", { name: "Next" }).click();
  await page.getByRole("button", { name: "Next" }).click();
  await page.getByRole("button", { name: "Next" }).click();
  await page.getByRole("button", { name: "See my result" }).click();
  await page.getByTestId("self-check-result").waitFor();
}

const PAGES: [string, (page: Page) => Promise<void>][] = [
  ["/", (page) => page.getByRole("heading", { name: "What a course looks like" }).waitFor()],
  ["/self-check", selfCheckToResult],
  ["/book", (page) => page.getByRole("heading", { name: "1. Choose a time" }).waitFor()],
  ["/compare", (page) => page.getByRole("heading", { level: 2, name: "Laser resurfacing" }).waitFor()],
  ["/faq", (page) => page.getByRole("heading", { name: "How many sessions will I need?" }).waitFor()],
  ["/prices", (page) => page.getByTestId("price").first().waitFor()],
];

describe("public pages on a phone", () => {
  const app = startBrowserApp();

  for (const [path, use] of PAGES) {
    it(`${path} downloads under ${PUBLIC_PAGE_BUDGET_KB} KB of JavaScript, and not the staff app`, async (t) => {
      const context = await openContext(app.browser, app.server.url, { viewport: PHONE });
      const page = await context.newPage();
      const scripts: string[] = [];
      page.on("request", (r) => {
        if (r.resourceType() === "script") scripts.push(new URL(r.url()).pathname);
      });
      const bytes = countScriptBytes(page);
      await page.goto(path);
      await use(page);
      await page.waitForLoadState("networkidle");
      const total = await bytes();
      await context.close();
      t.diagnostic(`${path}: ${kb(total)} KB of JavaScript (gzip) in ${scripts.length} files`);
      if (process.env.LIST_SCRIPTS) t.diagnostic(scripts.join(" "));
      assert.ok(
        kb(total) < PUBLIC_PAGE_BUDGET_KB,
        `${path}: ${kb(total)} KB of JavaScript (gzip) in ${scripts.length} files`,
      );
      // Chunks are named after their first module: the staff app and portal (their route tree in
      // routes.tsx with react-router, their layouts and pages) never reach a public page.
      const foreign = scripts.filter((s) => /\/(routes|layout|patients?|calendar-page)-[\w-]+\.js$/.test(s));
      assert.deepEqual(foreign, [], `${path} loads code of the staff app or portal`);
    });
  }
});
