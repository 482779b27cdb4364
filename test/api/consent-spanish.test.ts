// A patient who reads Spanish signs the built-in consent in Spanish, and the PDF the portal links
// holds those Spanish words with their accents; staff still see the same signed PDF.
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
  });
}
