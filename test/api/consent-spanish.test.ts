// A patient who reads Spanish signs the built-in consent in Spanish, and the PDF the portal links
// holds those Spanish words with their accents; staff still see the same signed PDF. A form the
// clinic wrote itself is shown in its Spanish wording when it has one, otherwise in English with a
// note, and each signature records which language was shown.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { App } from "../../src/server/app.ts";
import { type Client, DEMO, seededApp, signedIn } from "../support/api.ts";
import { databaseTargets, freshDatabase, type TestDatabase } from "../support/db.ts";
import { pdfText } from "../support/pdf-text.ts";
import { signaturePng } from "./clinical-record-fixtures.ts";

for (const target of await databaseTargets()) {
  describe(`consent in Spanish (${target.name} PostgreSQL)`, () => {
    let database: TestDatabase;
    let app: App;
    before(async () => {
      database = await freshDatabase(target);
      app = await seededApp(database);
    });
    after(async () => {
      await app.close();
      await database.drop();
    });

    const pdfOf = async (client: Client, url: string) => {
      const res = await app.inject({
        method: "GET",
        url,
        headers: { cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join("; ") },
      });
      assert.equal(res.statusCode, 200);
      return pdfText(res.rawPayload).join(" ");
    };

    test("the Spanish patient reads and signs the form in Spanish; the signed PDF keeps the accents", async () => {
      const patient = await signedIn(app, DEMO.patient);
      assert.equal((await patient.post("/api/portal/locale", { locale: "es" })).status, 200);
      const forms = (await patient.get("/api/portal/consents")).body.status;
      const consent = forms.find((s: { kind: string }) => s.kind === "microneedling");
      assert.equal(
        consent.template.title,
        "Consentimiento para la micropunción (terapia de inducción de colágeno)",
      );
      assert.match(consent.template.body, /^Acepto un tratamiento de micropunción/);
      const photo = forms.find((s: { kind: string }) => s.kind === "photo");
      assert.equal(photo.template.title, "Consentimiento para fotografías clínicas");

      const signed = await patient.post("/api/portal/consents", {
        templateId: consent.template.id,
        typedName: "Ava Martín",
        signature: await signaturePng(),
      });
      assert.equal(signed.status, 201, JSON.stringify(signed.body));
      const id = signed.body.consent.id;
      const after = (await patient.get("/api/portal/consents")).body.status.find(
        (s: { kind: string }) => s.kind === "microneedling",
      );
      assert.equal(after.consentId, id, "the portal knows which signed PDF to link");

      const text = await pdfOf(patient, `/api/portal/consents/${id}/pdf`);
      assert.match(text, /Consentimiento para la micropunción \(terapia de inducción de colágeno\)/);
      assert.match(text, /Posibles riesgos: infección, un brote de herpes labial/);
      assert.match(text, /Nombre escrito: Ava Martín/);
      assert.match(text, /Firmado: \d+ de \w+ de \d{4} a las .* \(portal del paciente\)/);
      assert.doesNotMatch(text, /I agree|Typed name/);
      // Staff open the very same signed words.
      const nurse = await signedIn(app, DEMO.nurse);
      assert.equal(await pdfOf(nurse, `/api/consents/${id}/pdf`), text);
    });

    test("a clinic-written form without Spanish is shown in English, and the signature records English", async () => {
      const owner = await signedIn(app, DEMO.owner);
      const created = await owner.post("/api/consent-templates", {
        kind: "microneedling",
        title: "Our own microneedling consent",
        body: "I agree to microneedling on the terms the clinic explained to me.",
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      assert.equal(created.body.template.titleEs, null);
      const patient = await signedIn(app, DEMO.patient);
      const status = (await patient.get("/api/portal/consents")).body;
      assert.equal(status.locale, "es");
      const form = status.status.find((s: { kind: string }) => s.kind === "microneedling");
      assert.equal(form.template.title, "Our own microneedling consent");
      assert.equal(form.template.locale, "en", "the screen knows to say the form is only in English");
      const signed = await patient.post("/api/portal/consents", {
        templateId: form.template.id,
        typedName: "Ava Martín",
        signature: await signaturePng(),
      });
      assert.equal(signed.status, 201, JSON.stringify(signed.body));
      assert.equal(signed.body.consent.wordingLocale, "en");
      const text = await pdfOf(patient, `/api/portal/consents/${signed.body.consent.id}/pdf`);
      assert.match(text, /Este formulario solo está disponible en inglés/);
      assert.match(text, /I agree to microneedling on the terms the clinic explained to me\./);
      assert.match(text, /Nombre escrito: Ava Martín/);
    });

    test("the owner adds a Spanish wording: the Spanish patient signs it, on the tablet too", async () => {
      const owner = await signedIn(app, DEMO.owner);
      const before = (await owner.get("/api/consent-templates?history=true")).body.templates.length;
      const half = await owner.post("/api/consent-templates", {
        kind: "microneedling",
        title: "Our own microneedling consent",
        body: "I agree to microneedling on the terms the clinic explained to me.",
        titleEs: "Nuestro consentimiento",
      });
      assert.equal(half.status, 400);
      assert.ok(half.body.fields["body.bodyEs"], JSON.stringify(half.body));
      assert.equal((await owner.get("/api/consent-templates?history=true")).body.templates.length, before);

      const created = await owner.post("/api/consent-templates", {
        kind: "microneedling",
        title: "Our own microneedling consent",
        body: "I agree to microneedling on the terms the clinic explained to me.",
        titleEs: "Nuestro consentimiento para la micropunción",
        bodyEs: "Acepto la micropunción en los términos que la clínica me explicó.",
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const history = (await owner.get("/api/consent-templates?history=true")).body.templates;
      assert.equal(history[0].titleEs, "Nuestro consentimiento para la micropunción");

      const nurse = await signedIn(app, DEMO.nurse);
      const patientId = (await (await signedIn(app, DEMO.patient)).get("/api/portal/consents")).body
        .history[0].patientId;
      const status = (await nurse.get(`/api/patients/${patientId}/consents`)).body;
      assert.equal(status.locale, "es", "the tablet knows the patient reads Spanish");
      const form = status.status.find((s: { kind: string }) => s.kind === "microneedling");
      assert.equal(form.template.title, "Nuestro consentimiento para la micropunción");
      assert.equal(form.template.locale, "es");
      const signed = await nurse.post(`/api/patients/${patientId}/consents`, {
        templateId: form.template.id,
        typedName: "Ava Martín",
        signature: await signaturePng(),
      });
      assert.equal(signed.status, 201, JSON.stringify(signed.body));
      assert.equal(signed.body.consent.wordingLocale, "es");
      const text = await pdfOf(nurse, `/api/consents/${signed.body.consent.id}/pdf`);
      assert.match(text, /Acepto la micropunción en los términos que la clínica me explicó\./);
      assert.match(text, /tableta de la clínica/);
      assert.doesNotMatch(text, /solo está disponible en inglés|I agree/);
    });
  });
}
