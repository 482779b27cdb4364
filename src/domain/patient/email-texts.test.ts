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

test("an online request's e-mails say by when it must be confirmed, and its lapse is told in the patient's language", async () => {
  const { bookingSignInEmail, requestLapsedEmail } = await import("./email-texts.ts");
  const asked = {
    clinic: "Clínica Sol",
    type: "Consulta",
    at: "martes, 12 de enero de 2027, 10:30",
    until: "lunes, 11 de enero de 2027, 10:30",
    location: "Centro",
    url: "https://x.test/l",
    minutes: 15,
  };
  assert.match(
    bookingSignInEmail("es", asked).bodyText,
    /Si no se confirma antes del lunes, 11 de enero de 2027, 10:30, la hora queda libre para otras personas\./,
  );
  assert.match(
    bookingSignInEmail("en", { ...asked, until: "Monday, 11 January 2027 at 10:30" }).bodyText,
    /If it is not confirmed by Monday, 11 January 2027 at 10:30, the time is released for others\./,
  );
  const lapse = {
    firstName: "Ana",
    clinic: "Clínica Sol",
    type: "Consulta",
    at: asked.at,
    location: "Centro",
  };
  const es = requestLapsedEmail("es", { ...lapse, phone: "+34 600 000 000" });
  assert.equal(es.subject, "Sin confirmar: Consulta el martes, 12 de enero de 2027, 10:30");
  assert.match(es.bodyText, /^Hola, Ana:\n\nla hora que pediste por internet/);
  assert.match(es.bodyText, /llama al \+34 600 000 000\.\n$/);
  assert.doesNotMatch(es.bodyText, /Hello|call|book again/);
  assert.match(requestLapsedEmail("en", { ...lapse, phone: null }).bodyText, /or contact the clinic\.\n$/);
});
