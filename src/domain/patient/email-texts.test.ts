import assert from "node:assert/strict";
import { test } from "node:test";
import { emailLocale, signInLinkEmail } from "./email-texts.ts";

test("the sign-in e-mail speaks the patient's language; English when none was chosen", () => {
  const v = { clinic: "Clínica Sol", url: "https://x.test/portal/sign-in/link#t", minutes: 15 };
  const es = signInLinkEmail(emailLocale("es"), v);
  assert.equal(es.subject, "Tu enlace para entrar en Clínica Sol");
  assert.match(es.bodyText, /caduca en 15 minutos/);
  assert.ok(es.bodyText.includes(v.url));
  assert.match(signInLinkEmail(emailLocale(null), v).subject, /^Your sign-in link/);
  assert.equal(emailLocale("fr"), "en");
});

test("the maintenance recall and aftercare e-mails speak the patient's language, counts in plain words", async () => {
  const { maintenanceEmail, aftercareEmail, aftercarePointLabel } = await import("./email-texts.ts");
  assert.match(
    maintenanceEmail("es", { firstName: "Ana", months: 6 }).bodyText,
    /^Hola, Ana:\n\nhan pasado 6 meses /,
  );
  assert.match(maintenanceEmail("en", { firstName: "Ana", months: 1 }).bodyText, /it is 1 month since/);
  assert.equal(aftercarePointLabel("es", "h24", "24 hours after"), "24 horas después de");
  assert.equal(aftercarePointLabel("es", "h168", "1 week after"), "1 semana después de");
  const mail = aftercareEmail("es", {
    firstName: "Ana",
    label: "24 horas después de",
    clinic: "Demo",
    lines: ["Rojez"],
    limitsLifted: false,
    redFlags: ["fiebre"],
    protocol: "v1",
  });
  assert.equal(mail.subject, "24 horas después de tu sesión: cómo debería ir tu piel");
  assert.match(mail.bodyText, /Llámanos si: fiebre/);
  assert.doesNotMatch(mail.bodyText, /Hello|Call us/);
});
