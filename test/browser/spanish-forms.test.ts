// What a Spanish-speaking patient fills in and signs, in Spanish, on a phone (375×812): the public
// booking page from the first step to the booked page, the health questionnaire, and the consent
// forms, signed with the typed name, with the signed PDF linked from the portal and its text in
// Spanish with its accents. axe on every page; screenshots for a person to look at.
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import type { Browser, Page } from "playwright-core";
import { pdfText } from "../support/pdf-text.ts";
import { startTestServer, type TestServer } from "../support/server.ts";
import {
  DEMO_PASSWORD,
  DESKTOP,
  fillDate,
  launchChromium,
  openContext,
  PHONE,
  seriousAxeViolations,
  submitSignIn,
} from "./helpers.ts";

const SHOTS = process.env.SCREENSHOT_DIR ?? "/tmp/texts-shots";
const NOAH = "noah.okafor@demo.remodel.test";

async function check(page: Page, where: string, shot: string) {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: `${SHOTS}/${shot}.png`, fullPage: true });
  assert.deepEqual(await seriousAxeViolations(page), [], `axe on ${where}`);
  const wide = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
  assert.equal(wide, false, `${where} scrolls sideways`);
}

describe("the patient's forms in Spanish", () => {
  let server: TestServer;
  let browser: Browser;
  before(async () => {
    browser = await launchChromium();
    // A clinic with a mail server, so the booking page says an e-mail is on its way.
    server = await startTestServer({ SMTP_URL: "smtp://127.0.0.1:9" });
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it("a visitor whose browser is in Spanish books a consultation in Spanish", async () => {
    const context = await openContext(browser, server.url, { viewport: PHONE, locale: "es-ES" });
    const page = await context.newPage();
    await page.goto("/book");
    await page.getByRole("heading", { level: 1, name: "Reservar una consulta" }).waitFor();
    await page.getByText("Qué pasa en una consulta").waitFor();
    await page.getByRole("heading", { name: "1. Elige una hora" }).waitFor();
    await page.getByText(/minutos.*Las horas son las del reloj de la clínica\./).waitFor();
    const times = page.getByRole("button", { name: /^\d\d:\d\d$/ });
    await times.first().waitFor();
    // The day in Spanish words through Intl ("lunes, 14 dic 2026"), no English weekday.
    const legend = (await page.locator("legend").first().textContent()) ?? "";
    assert.match(legend, /^(lunes|martes|miércoles|jueves|viernes|sábado|domingo)/);
    await page.getByRole("button", { name: "Fechas posteriores" }).waitFor();
    await check(page, "/book in Spanish", "book-1-es");
    await times.last().click();
    await page.getByRole("heading", { name: "2. Tus datos" }).waitFor();
    await page.getByRole("textbox", { name: /^Nombre/ }).fill("Lucía");
    await page.getByRole("textbox", { name: /^Apellidos/ }).fill("Peña");
    await page.getByRole("textbox", { name: /^Correo electrónico/ }).fill("lucia.pena@example.com");
    await page.getByRole("textbox", { name: /^Teléfono/ }).fill("+34 600 000 123");
    await fillDate(page, /^Fecha de nacimiento/, "1990-04-21", ["Día", "Mes", "Año"]);
    await check(page, "/book details in Spanish", "book-2-es");
    await page.getByRole("button", { name: "Continuar" }).click();
    await page.getByRole("heading", { name: "Revisa y confirma" }).waitFor();
    await page
      .getByText(
        /Para Lucía Peña \(lucia\.pena@example\.com\)\. Te guardamos esta hora hasta las \d\d:\d\d\./,
      )
      .waitFor();
    await check(page, "/book review in Spanish", "book-3-es");
    await page.getByRole("button", { name: "Confirmar la reserva" }).click();
    await page.getByRole("heading", { name: "Mira tu correo" }).waitFor();
    await page
      .getByRole("status")
      .filter({ hasText: "Te hemos enviado un correo a lucia.pena@example.com" })
      .waitFor();
    await check(page, "/book booked in Spanish", "book-4-es");
    const body = (await page.locator("main").textContent()) ?? "";
    assert.doesNotMatch(
      body,
      /Check your e-mail|We have sent|patient portal|free of charge|Book a consultation|What happens|Back to the home/,
    );
    await context.close();
  });

  it("a patient in Spanish fills in the questionnaire and signs the consent; the signed PDF is in Spanish", async () => {
    const context = await openContext(browser, server.url, { viewport: PHONE });
    const page = await context.newPage();
    await page.goto("/portal/sign-in");
    await submitSignIn(page, NOAH, DEMO_PASSWORD);
    await page.waitForURL((url) => url.pathname.startsWith("/portal") && !url.pathname.endsWith("sign-in"));
    // The patient switches to Spanish; it is remembered on the account, and e-mails and the signed
    // PDF follow it.
    const saved = page.waitForResponse(
      (r) => r.url().endsWith("/api/portal/locale") && r.request().method() === "POST",
    );
    await page.getByTestId("language-switch").selectOption("es");
    assert.equal((await saved).status(), 200);

    await page.goto("/portal/intake");
    await page.getByRole("heading", { level: 1, name: "Cuestionario de salud" }).waitFor();
    await page.getByRole("radiogroup", { name: "Tu tipo de piel" }).waitFor();
    await page.getByRole("radio", { name: /^Tipo III: / }).waitFor();
    await page.getByRole("button", { name: "Añadir un problema de la piel" }).click();
    await page.getByTestId("intake-condition").getByRole("checkbox", { name: "Mejillas" }).waitFor();
    await page.getByRole("group", { name: "Cicatrices de acné", exact: true }).waitFor();
    await page.getByRole("checkbox", { name: "Me salen calenturas (herpes labial)" }).waitFor();
    await page.getByRole("button", { name: "Enviar mis respuestas" }).waitFor();
    await check(page, "/portal/intake in Spanish", "intake-es");
    const intake = (await page.locator("main").textContent()) ?? "";
    assert.doesNotMatch(
      intake,
      /Skin conditions|Send my answers|Acne vulgaris|Periorbital|photoaging|Fitzpatrick/,
    );

    await page.goto("/portal/consent");
    await page.getByRole("heading", { level: 1, name: "Consentimientos" }).waitFor();
    const form = page.getByRole("region", {
      name: "Consentimiento para la micropunción (terapia de inducción de colágeno)",
    });
    await form.getByText("Aún sin firmar").waitFor();
    await form.getByText(/^Posibles riesgos: infección/).waitFor();
    await form.getByRole("textbox", { name: "Nombre completo" }).fill("Noah Okafor Núñez");
    await form.getByRole("button", { name: "Firmar con mi nombre escrito" }).click();
    await check(page, "/portal/consent in Spanish", "consent-es");
    await form.getByRole("button", { name: "Firmar el consentimiento" }).click();
    await form.getByText(/^Firmado · válido hasta el /).waitFor();
    const link = form.getByRole("link", { name: "Abrir el formulario firmado (PDF)" });
    await link.waitFor();
    await check(page, "/portal/consent signed, in Spanish", "consent-signed-es");
    const pdf = await context.request.get((await link.getAttribute("href")) ?? "");
    assert.equal(pdf.status(), 200);
    assert.equal(pdf.headers()["content-type"], "application/pdf");
    const text = pdfText(await pdf.body()).join(" ");
    assert.match(text, /Consentimiento para la micropunción \(terapia de inducción de colágeno\)/);
    assert.match(text, /Nombre escrito: Noah Okafor Núñez/);
    assert.match(text, /\(portal del paciente\)/);

    // The same page on a desktop screen.
    await page.setViewportSize(DESKTOP);
    await page.reload();
    await page.getByRole("heading", { level: 1, name: "Consentimientos" }).waitFor();
    await page.getByRole("region", { name: "Consentimiento para fotografías clínicas" }).waitFor();
    await check(page, "/portal/consent on a desktop, in Spanish", "consent-desktop-es");
    await context.close();
  });
});
