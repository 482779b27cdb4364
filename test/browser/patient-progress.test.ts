// On a phone (375×812): the portal's Progress page (empty states, a self-rating saved and its trend)
// and the booking page's summary of what the self-check carried, including the honest message for a
// "not suitable" result that still lets the person book. Axe (no serious or critical) on each.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Browser, Page } from "playwright-core";
import { emptyAnswers, encodeAnswers } from "../../src/domain/patient/self-check.ts";
import { startTestServer, type TestServer } from "../support/server.ts";
import {
  DEMO,
  launchChromium,
  openContext,
  PHONE,
  seriousAxeViolations,
  signInAsPatient,
} from "./helpers.ts";
import { signedSessionFor } from "./patient-fixtures.ts";

async function noSeriousAxe(page: Page, where: string) {
  assert.deepEqual(await seriousAxeViolations(page), [], `axe on ${where}`);
}

async function noSideScroll(page: Page, where: string) {
  const wide = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
  assert.equal(wide, false, `${where} scrolls sideways at 375px`);
}

/** Picks a rating whichever control the scale uses (a list of levels or a number). */
async function chooseRating(page: Page, value: number) {
  const control = page.getByLabel("Your rating");
  if ((await control.evaluate((el) => el.tagName)) === "SELECT") {
    await control.selectOption(String(value));
  } else {
    await control.fill(String(value));
  }
}

describe("patient progress and the self-check summary on a phone", () => {
  let server: TestServer;
  let browser: Browser;
  before(async () => {
    browser = await launchChromium();
    server = await startTestServer();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it("progress: empty states first, then a saved self-rating with its trend", async () => {
    await signedSessionFor(server.database.admin, DEMO.patient, 30);
    const context = await openContext(browser, server.url, { viewport: PHONE });
    const page = await context.newPage();
    await signInAsPatient(page, DEMO.patient);
    await page.goto("/portal");
    await page.getByRole("navigation", { name: "Portal" }).getByRole("link", { name: "Progress" }).click();
    await page.getByRole("heading", { level: 1, name: "My progress" }).waitFor();
    await page.getByText("No photos yet").waitFor();
    await page.getByText("No ratings yet").waitFor();
    await noSeriousAxe(page, "/portal/progress (empty)");
    await noSideScroll(page, "/portal/progress");

    // The form comes with the plan; only then is it known whether it offers a choice of scales.
    await page.getByRole("heading", { name: "Rate your skin today" }).waitFor();
    const scale = page.getByLabel("What to rate");
    if (await scale.count()) await scale.selectOption("patient-satisfaction");
    await chooseRating(page, 3);
    await page.getByRole("button", { name: "Save my rating" }).click();
    await page.getByText("Saved. Thank you.").waitFor();
    await chooseRating(page, 4);
    await page.getByRole("button", { name: "Save my rating" }).click();

    const trend = page.getByTestId("progress-trend").first();
    await trend.getByText(/^Latest: 4/).waitFor();
    await trend.getByRole("img", { name: /your ratings over time/ }).waitFor();
    await trend.getByText(/than your first rating|same as your first rating/).waitFor();
    await noSeriousAxe(page, "/portal/progress (with ratings)");

    const { rows } = await server.database.admin.query(
      "select rater, value from outcome_scores where scale_id = 'patient-satisfaction' order by created_at",
    );
    assert.deepEqual(
      rows.map((r: { rater: string; value: number }) => [r.rater, Number(r.value)]),
      [
        ["patient", 3],
        ["patient", 4],
      ],
    );
    await context.close();
  });

  it("booking shows what the self-check carried, and a 'not suitable' result can still book a consultation", async () => {
    const context = await openContext(browser, server.url, { viewport: PHONE });
    const page = await context.newPage();
    const answers = { ...emptyAnswers(), concerns: ["acne-scars"], areas: ["face" as const] };
    const encoded = encodeAnswers(answers);
    await page.goto("/");
    await page.evaluate(
      ([value]) => sessionStorage.setItem("remodel.selfCheck", value as string),
      [JSON.stringify({ answers, outcome: "decline", deferUntil: null, protocolVersion: "x" })],
    );
    await page.goto(`/book?selfCheck=${encoded}`);
    const summary = page.getByTestId("self-check-carried");
    await summary.getByRole("heading", { name: "From your self-check" }).waitFor();
    await summary.getByText("Microneedling is not suitable for you").waitFor();
    await summary.getByText(/You can still book a consultation/).waitFor();
    await summary.getByText("You would like to treat: Acne scars").waitFor();
    await page.getByRole("heading", { name: "1. Choose a time" }).waitFor();
    await noSeriousAxe(page, "/book with a self-check");
    await noSideScroll(page, "/book");

    // Answers in the address that differ from the stored ones: the stored result is not shown.
    const other = encodeAnswers({ ...answers, concerns: ["rhytides"] });
    await page.goto(`/book?selfCheck=${other}`);
    await summary.getByText("You would like to treat: Fine lines and wrinkles").waitFor();
    assert.equal(await summary.getByText("Microneedling is not suitable for you").count(), 0);
    await context.close();
  });
});
