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
