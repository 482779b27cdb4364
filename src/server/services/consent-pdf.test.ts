// The signed consent PDF keeps the patient's language whole: Spanish letters print as they are.
import assert from "node:assert/strict";
import { test } from "node:test";
import sharp from "sharp";
import { pdfText } from "../../../test/support/pdf-text.ts";
import { printable, renderConsentPdf } from "./consent-pdf.ts";
import { consentWording, DEFAULT_TEMPLATES } from "./consent-wording.ts";

const signature = () =>
  sharp({ create: { width: 40, height: 20, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 1 } } })
    .png()
    .toBuffer();

test("Spanish and other Latin-1 letters print as they are; others fall back to their base letter", () => {
  assert.equal(printable("Sí, acepto: ¿Núñez? ¡Müller! Ç"), "Sí, acepto: ¿Núñez? ¡Müller! Ç");
  assert.equal(printable("e\u0301"), "é", "a decomposed accent is composed, not dropped");
  assert.equal(printable("Dvořák Čapek"), "Dvorák Capek");
  assert.equal(printable("– “quoted” —"), "– “quoted” —");
  assert.equal(printable("王"), "?");
});

test("a Spanish patient's consent PDF reads in Spanish, accents intact, with Spanish labels and date", async () => {
  const words = consentWording(DEFAULT_TEMPLATES[0]!, "es");
  const pdf = await renderConsentPdf({
    clinicName: "Clínica Demo",
    title: words.title,
    kind: "microneedling",
    templateVersion: 1,
    body: words.body,
    photoScope: null,
    patientName: "Inés Núñez",
    typedName: "Inés Núñez Peña",
    signaturePng: await signature(),
    signedAt: new Date("2026-12-14T10:30:00Z"),
    signedVia: "portal",
    locale: words.locale,
    timeZone: "Europe/Madrid",
  });
  const text = pdfText(pdf).join(" ");
  assert.match(text, /Consentimiento para la micropunción \(terapia de inducción de colágeno\)/);
  assert.match(text, /Posibles riesgos: infección/);
  assert.match(text, /He informado a la clínica de mi salud/);
  assert.match(text, /Paciente: Inés Núñez/);
  assert.match(text, /Nombre escrito: Inés Núñez Peña/);
  assert.match(text, /Firmado: 14 de diciembre de 2026 a las 11:30:00 \S+ \(portal del paciente\)/);
  assert.match(text, /Formulario de consentimiento, versión 1 \(micropunción\)/);
  assert.doesNotMatch(text, /I agree|Patient:|Signed:|Ines|Nunez/);
});

test("a clinic's own wording is signed as written: its Spanish when it wrote one, else its English", () => {
  const own = { kind: "photo" as const, title: "Photos", body: "The clinic's own words." };
  assert.deepEqual(consentWording(own, "es"), {
    title: own.title,
    body: own.body,
    locale: "es",
    wordingLocale: "en",
  });
  const both = { ...own, titleEs: "Fotos", bodyEs: "Las palabras de la clínica." };
  assert.deepEqual(consentWording(both, "es"), {
    title: "Fotos",
    body: "Las palabras de la clínica.",
    locale: "es",
    wordingLocale: "es",
  });
  assert.equal(consentWording(both, "en").title, "Photos", "an English reader keeps the English");
  assert.equal(consentWording(DEFAULT_TEMPLATES[1]!, "es").title, "Consentimiento para fotografías clínicas");
  assert.equal(consentWording(DEFAULT_TEMPLATES[1]!, null).title, DEFAULT_TEMPLATES[1]!.title);
});

test("a Spanish reader's PDF of a form written only in English says so, in Spanish, above the English words", async () => {
  const pdf = await renderConsentPdf({
    clinicName: "Clinic",
    title: "Our own consent",
    kind: "microneedling",
    templateVersion: 3,
    body: "I agree to the clinic's own terms.",
    photoScope: null,
    patientName: "Inés Núñez",
    typedName: "Inés Núñez",
    signaturePng: await signature(),
    signedAt: new Date("2026-12-14T10:30:00Z"),
    signedVia: "tablet",
    locale: "es",
    wordingLocale: "en",
  });
  const text = pdfText(pdf).join(" ");
  assert.match(text, /Este formulario solo está disponible en inglés/);
  assert.match(text, /I agree to the clinic's own terms\./);
  assert.match(text, /tableta de la clínica/);
});
