// The patient side in Spanish on a phone (375×812): a browser set to Spanish gets the public site,
// the FAQ with its sources and the self-check in Spanish (aspirin for the heart goes to a doctor's
// agreement, never "stop it"); the portal's switch remembers the language on the patient's account,
// so another device opens in it. axe on every page; screenshots for a person to look at.
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import type { Browser, Page } from "playwright-core";
import { startTestServer, type TestServer } from "../support/server.ts";
import {
  DEMO,
  DEMO_PASSWORD,
  launchChromium,
  openContext,
  PHONE,
  seriousAxeViolations,
  submitSignIn,
} from "./helpers.ts";
import { signedSessionFor } from "./patient-fixtures.ts";

const SHOTS = process.env.SCREENSHOT_DIR ?? "/tmp/remodel-spanish";

async function check(page: Page, where: string, shot: string) {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: `${SHOTS}/${shot}.png`, fullPage: true });
  assert.deepEqual(await seriousAxeViolations(page), [], `axe on ${where}`);
  const wide = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
  assert.equal(wide, false, `${where} scrolls sideways at 375px`);
}

describe("the patient side in Spanish", () => {
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

  it("a browser in Spanish reads the site, the FAQ and the self-check in Spanish", async () => {
    const context = await openContext(browser, server.url, { viewport: PHONE, locale: "es-ES" });
    const page = await context.newPage();
    await page.goto("/");
    await page
      .getByRole("heading", { level: 1, name: "Una piel más lisa y firme, hecha con tu propio colágeno" })
      .waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.lang), "es");
    await page.getByRole("heading", { name: "Cómo es un tratamiento" }).waitFor();
    await check(page, "/ in Spanish", "home-es");

    await page.goto("/faq");
    await page.getByRole("heading", { name: "¿Cuántas sesiones necesitaré?" }).waitFor();
    await page.getByText(/Nunca los dejes por tu cuenta/).waitFor();
    const sourced = await page
      .locator("section#faq-avoid")
      .getByText(/^Fuentes: \[\d+\]/)
      .count();
    assert.ok(sourced > 0, "the rules in Spanish carry their sources");
    await check(page, "/faq in Spanish", "faq-es");

    await page.goto("/self-check");
    await page.getByRole("checkbox", { name: "Cicatrices de acné" }).check();
    await page.getByRole("checkbox", { name: "Cara" }).check();
    await page.getByRole("button", { name: "Siguiente" }).click();
    await page.getByLabel("Tu edad").fill("52");
    await page.getByRole("radio", { name: "Mujer", exact: true }).check();
    for (const name of ["¿Estás embarazada?", "¿Estás dando el pecho?"]) {
      await page.getByRole("radiogroup", { name }).getByRole("radio", { name: "No", exact: true }).check();
    }
    await page.getByRole("radio", { name: "A veces me quemo, me bronceo de forma uniforme" }).check();
    await page.getByRole("button", { name: "Siguiente" }).click();
    await page.getByRole("button", { name: "Siguiente" }).click();
    await page.getByRole("checkbox", { name: "Aspirina, a cualquier dosis" }).check();
    await page.getByRole("radio", { name: /Por el corazón, un stent/ }).check();
    await check(page, "self-check medicines in Spanish", "self-check-medicines-es");
    await page.getByRole("button", { name: "Siguiente" }).click();
    await page.getByRole("button", { name: "Ver mi resultado" }).click();
    const result = page.getByTestId("self-check-result");
    await result.waitFor();
    assert.equal(await result.getAttribute("data-outcome"), "needs-physician-clearance");
    await page.getByText(/Sigue tomándolo: nunca lo dejes por este tratamiento/).waitFor();
    await page.getByText(/Sigue tomando tu anticoagulante o la aspirina para el corazón/).waitFor();
    await check(page, "self-check result in Spanish", "self-check-result-es");
    await context.close();
  });

  it("the portal's switch remembers Spanish on the account, so another device opens in Spanish", async () => {
    await signedSessionFor(server.database.admin, DEMO.patient, 26);
    const phone = await openContext(browser, server.url, { viewport: PHONE });
    const page = await phone.newPage();
    await page.goto("/portal/sign-in");
    await submitSignIn(page, DEMO.patient, DEMO_PASSWORD);
    await page.waitForURL((url) => url.pathname.startsWith("/portal") && !url.pathname.endsWith("sign-in"));
    await page.goto("/portal/plan");
    await page.getByRole("heading", { level: 1, name: "My plan" }).waitFor();
    const saved = page.waitForResponse(
      (r) => r.url().endsWith("/api/portal/locale") && r.request().method() === "POST",
    );
    await page.getByTestId("language-switch").selectOption("es");
    assert.equal((await saved).status(), 200);
    await page.getByRole("heading", { level: 1, name: "Mi plan" }).waitFor();
    await check(page, "/portal/plan in Spanish", "portal-plan-es");
    await page.goto("/portal/aftercare");
    await page.getByRole("heading", { level: 1, name: "Cuidados" }).waitFor();
    await page
      .getByTestId("where-am-i")
      .getByText(/^26 horas después de tu sesión/)
      .waitFor();
    await page
      .getByTestId("late-warning-signs")
      .getByText(/bultos que no desaparecen/)
      .waitFor();
    await check(page, "/portal/aftercare in Spanish", "portal-aftercare-es");
    await page.goto("/portal");
    await page.getByRole("heading", { level: 1, name: "Mis citas" }).waitFor();
    await page.getByRole("heading", { level: 2, name: "Próximas" }).waitFor();
    await page.getByText("Las horas se muestran con el reloj de la clínica.").waitFor();
    await check(page, "/portal (my appointments) in Spanish", "portal-appointments-es");
    await phone.close();

    // Another device, its browser in English: the account's language wins once signed in.
    const other = await openContext(browser, server.url, { viewport: PHONE });
    const second = await other.newPage();
    await second.goto("/portal/sign-in");
    await submitSignIn(second, DEMO.patient, DEMO_PASSWORD);
    await second.waitForURL((url) => url.pathname.startsWith("/portal") && !url.pathname.endsWith("sign-in"));
    await second.goto("/portal/plan");
    await second.getByRole("heading", { level: 1, name: "Mi plan" }).waitFor();
    await second.reload();
    await second.getByRole("heading", { level: 1, name: "Mi plan" }).waitFor();
    await other.close();
  });
});
