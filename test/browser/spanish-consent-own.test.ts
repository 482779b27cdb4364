// A consent form the clinic wrote itself, in Spanish: the owner adds a Spanish wording to the
// treatment form (and leaves the photo form English only); a Spanish-speaking patient reads and
// signs the Spanish in the portal on a phone, and sees the photo form in English with a note in
// Spanish; on the clinic tablet, inside the English staff screen, what the patient reads and touches
// is in Spanish too. axe on every page; screenshots for a person to look at.
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { pdfText } from "../support/pdf-text.ts";
import { startTestServer, type TestServer } from "../support/server.ts";
import {
  DEMO,
  DEMO_PASSWORD,
  launchChromium,
  openContext,
  PHONE,
  seriousAxeViolations,
  signInAsStaff,
  submitSignIn,
} from "./helpers.ts";

const SHOTS = process.env.SCREENSHOT_DIR ?? "/tmp/spanish-consent-shots";
const NOAH = "noah.okafor@demo.remodel.test";
const TABLET = { width: 820, height: 1180 };

const TITLE_ES = "Nuestro consentimiento para la micropunción";
const BODY_ES = "Acepto la micropunción en los términos que la clínica me ha explicado en la consulta.";

async function check(page: Page, where: string, shot: string) {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: `${SHOTS}/${shot}.png`, fullPage: true });
  assert.deepEqual(await seriousAxeViolations(page), [], `axe on ${where}`);
  const wide = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
  assert.equal(wide, false, `${where} scrolls sideways`);
}

/** A patient signs in to the portal and switches it to Spanish (kept on the account). */
async function spanishPatient(browser: Browser, url: string, email: string): Promise<[BrowserContext, Page]> {
  const context = await openContext(browser, url, { viewport: PHONE });
  const page = await context.newPage();
  await page.goto("/portal/sign-in");
  await submitSignIn(page, email, DEMO_PASSWORD);
  await page.waitForURL((u) => u.pathname.startsWith("/portal") && !u.pathname.endsWith("sign-in"));
  const saved = page.waitForResponse(
    (r) => r.url().endsWith("/api/portal/locale") && r.request().method() === "POST",
  );
  await page.getByTestId("language-switch").selectOption("es");
  assert.equal((await saved).status(), 200);
  return [context, page];
}

describe("a clinic-written consent in Spanish", () => {
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

  it("the owner writes a Spanish wording; a Spanish patient signs it in the portal and on the clinic tablet", async () => {
    const staff = await openContext(browser, server.url);
    const owner = await staff.newPage();
    await signInAsStaff(owner, DEMO.owner);
    await owner
      .getByRole("navigation", { name: "Staff" })
      .getByRole("link", { name: "Consent wording" })
      .click();
    await owner.getByRole("heading", { level: 1, name: "Consent wording" }).waitFor();
    const form = owner.getByRole("form", { name: "New version" });
    // The built-in form already has its Spanish: the owner's new version starts from it.
    assert.match(await form.getByRole("textbox", { name: /^Spanish title/ }).inputValue(), /Consentimiento/);
    await form.getByRole("textbox", { name: /^Title/ }).fill("Our microneedling consent");
    await form
      .getByRole("textbox", { name: /^Wording/ })
      .fill("I agree to microneedling on the terms the clinic explained to me at the consultation.");
    await form.getByRole("textbox", { name: /^Spanish title/ }).fill(TITLE_ES);
    await form.getByRole("textbox", { name: /^Spanish wording/ }).fill(BODY_ES);
    await form.getByRole("button", { name: "Save as a new version" }).click();
    await owner.getByRole("status").filter({ hasText: "Patients sign the new version" }).waitFor();
    // The photo form: the clinic's own English words, no Spanish.
    await form.getByLabel("Consent", { exact: true }).click();
    await owner.getByRole("option", { name: "Photographs" }).click();
    await form.getByRole("textbox", { name: /^Title/ }).fill("Our photo consent");
    await form
      .getByRole("textbox", { name: /^Wording/ })
      .fill("I agree to photographs of the treated areas for my clinical record.");
    await form.getByRole("textbox", { name: /^Spanish title/ }).fill("");
    await form.getByRole("textbox", { name: /^Spanish wording/ }).fill("");
    await form.getByRole("button", { name: "Save as a new version" }).click();
    await owner.getByRole("region", { name: "Photographs" }).getByText("Our photo consent").waitFor();
    await owner.reload();
    const treatment = owner.getByRole("region", { name: "Microneedling treatment" });
    await treatment.getByText(TITLE_ES).waitFor();
    await treatment.getByText(BODY_ES).waitFor();
    await owner
      .getByRole("region", { name: "Photographs" })
      .getByText(/^No Spanish wording/)
      .first()
      .waitFor();
    await check(owner, "the owner's consent wording", "owner-wording");

    // The patient, in Spanish, on a phone.
    const [patientContext, patient] = await spanishPatient(browser, server.url, DEMO.patient);
    await patient.goto("/portal/consent");
    await patient.getByRole("heading", { level: 1, name: "Consentimientos" }).waitFor();
    const own = patient.getByRole("region", { name: TITLE_ES });
    await own.getByText(BODY_ES).waitFor();
    const photo = patient.getByRole("region", { name: "Our photo consent" });
    await photo.getByText(/^Este formulario solo está disponible en inglés/).waitFor();
    await photo.getByRole("button", { name: "Firmar el de fotografías" }).waitFor();
    await own.getByRole("textbox", { name: "Nombre completo" }).fill("Ava Martín");
    await own.getByRole("button", { name: "Firmar con mi nombre escrito" }).click();
    await check(patient, "/portal/consent with the clinic's Spanish", "portal-own-es");
    await own.getByRole("button", { name: "Firmar el consentimiento" }).click();
    await own.getByText(/^Firmado · válido hasta el /).waitFor();
    const link = own.getByRole("link", { name: "Abrir el formulario firmado (PDF)" });
    const pdf = await patientContext.request.get((await link.getAttribute("href")) ?? "");
    assert.equal(pdf.status(), 200);
    const text = pdfText(await pdf.body()).join(" ");
    assert.match(text, new RegExp(TITLE_ES));
    assert.match(text, /Acepto la micropunción en los términos/);
    assert.doesNotMatch(text, /I agree|solo está disponible en inglés/);
    await patient.reload();
    await patient
      .getByRole("region", { name: TITLE_ES })
      .getByText(/^Firmado · válido hasta el /)
      .waitFor();
    await patientContext.close();

    // Another Spanish patient, on the clinic tablet, from the staff screens.
    const [noahContext] = await spanishPatient(browser, server.url, NOAH);
    await noahContext.close();
    await owner.setViewportSize(TABLET);
    await owner.getByRole("navigation", { name: "Staff" }).getByRole("link", { name: "Patients" }).click();
    await owner
      .getByRole("link", { name: /Noah Okafor/ })
      .first()
      .click();
    await owner.getByRole("link", { name: "Consent on the tablet" }).click();
    await owner.getByRole("heading", { level: 1, name: "Consent forms" }).waitFor();
    await owner.getByText(/^Lee cada formulario, escribe tu nombre y firma\./).waitFor();
    const tablet = owner.getByRole("region", { name: TITLE_ES });
    await tablet.getByText(BODY_ES).waitFor();
    await owner
      .getByRole("region", { name: "Our photo consent" })
      .getByText(/^Este formulario solo está disponible en inglés/)
      .waitFor();
    await tablet.getByRole("textbox", { name: "Nombre completo" }).fill("Noah Okafor");
    await tablet.getByRole("button", { name: "Firmar con mi nombre escrito" }).click();
    await check(owner, "the clinic tablet in the patient's Spanish", "tablet-own-es");
    const main = (await owner.locator("main").textContent()) ?? "";
    assert.doesNotMatch(
      main,
      /Sign consent|Full name|Sign with my typed name|Clear signature|Not signed yet/,
    );
    await tablet.getByRole("button", { name: "Firmar el consentimiento" }).click();
    await tablet.getByText(/^Firmado · válido hasta el /).waitFor();
    await check(owner, "the clinic tablet after signing", "tablet-signed-es");
    await staff.close();
  });
});
