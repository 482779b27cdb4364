import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { PDFDocument } from "pdf-lib";
import type { App } from "../../src/server/app.ts";
import { type Client, DEMO, seededApp, signedIn } from "../support/api.ts";
import { databaseTargets, freshDatabase, type TestDatabase } from "../support/db.ts";
import { INTAKE, patientIdOf, signaturePng, signOnTablet } from "./clinical-record-fixtures.ts";

for (const target of await databaseTargets()) {
  describe(`consent (${target.name} PostgreSQL)`, () => {
    let database: TestDatabase;
    let app: App;
    let nurse: Client;
    before(async () => {
      database = await freshDatabase(target);
      app = await seededApp(database);
      nurse = await signedIn(app, DEMO.nurse);
    });
    after(async () => {
      await app.close();
      await database.drop();
    });

    const microneedling = async (client: Client, url: string) =>
      (await client.get(url)).body.status.find((s: { kind: string }) => s.kind === "microneedling");

    test("the patient signs in the portal with typed name and drawn signature; the PDF is kept and audited", async () => {
      const patient = await signedIn(app, DEMO.patient);
      const before = await microneedling(patient, "/api/portal/consents");
      assert.deepEqual(before.currency, { current: false, reason: "none", expiresOn: null });
      const res = await patient.post("/api/portal/consents", {
        templateId: before.template.id,
        typedName: "Ava Martin",
        signature: await signaturePng(),
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      assert.equal(res.body.consent.signedVia, "portal");
      const after = await microneedling(patient, "/api/portal/consents");
      assert.equal(after.currency.current, true);

      const pdf = await app.inject({
        method: "GET",
        url: `/api/portal/consents/${res.body.consent.id}/pdf`,
        headers: { cookie: [...patient.cookies].map(([k, v]) => `${k}=${v}`).join("; ") },
      });
      assert.equal(pdf.statusCode, 200);
      assert.equal(pdf.headers["content-type"], "application/pdf");
      const doc = await PDFDocument.load(pdf.rawPayload);
      assert.match(doc.getTitle() ?? "", /version 1/);
      const audit = await database.admin.query(
        "select detail from audit_log where action = 'consent.sign' and resource_id = $1",
        [res.body.consent.id],
      );
      assert.equal(audit.rows[0].detail.templateVersion, 1);
      assert.ok(!JSON.stringify(audit.rows[0].detail).includes("Ava"));
      // Another patient's consent PDF is not found from the portal.
      const otherId = await patientIdOf(nurse, "Okafor");
      const other = await signOnTablet(nurse, otherId);
      assert.equal((await patient.get(`/api/portal/consents/${other.id}/pdf`)).status, 404);
    });

    test("a new template version requires signing again, and a chart cannot start until then", async () => {
      const id = await patientIdOf(nurse, "Adeyemi");
      await nurse.post(`/api/patients/${id}/intake`, INTAKE);
      await signOnTablet(nurse, id);
      assert.equal((await microneedling(nurse, `/api/patients/${id}/consents`)).currency.current, true);
      const owner = await signedIn(app, DEMO.owner);
      const v2 = await owner.post("/api/consent-templates", {
        kind: "microneedling",
        title: "Consent to microneedling",
        body: "Updated wording about risks and aftercare for everyone.",
      });
      assert.equal(v2.status, 201);
      assert.equal(v2.body.template.version, 2);
      const status = await microneedling(nurse, `/api/patients/${id}/consents`);
      assert.equal(status.currency.current, false);
      assert.equal(status.currency.reason, "outdated-version");
      const chart = await nurse.post(`/api/patients/${id}/charts`, {});
      assert.equal(chart.status, 409);
      assert.equal(chart.body.error, "consent_required");
      // Signing the old version is refused; the new one makes it current.
      const old = await nurse.post(`/api/patients/${id}/consents`, {
        templateId: (
          await database.admin.query(
            "select id from consent_templates where kind = 'microneedling' and version = 1",
          )
        ).rows[0].id,
        typedName: "Chloe Adeyemi",
        signature: await signaturePng(),
      });
      assert.equal(old.status, 409);
      await signOnTablet(nurse, id);
      assert.equal((await nurse.post(`/api/patients/${id}/charts`, {})).status, 201);
      assert.equal(
        (
          await nurse.post("/api/consent-templates", {
            kind: "photo",
            title: "x",
            body: "long enough body text here",
          })
        ).status,
        403,
      );
    });

    test("a consent signed 12 months ago or more must be signed again; 11 months ago still counts", async () => {
      const source = await signOnTablet(nurse, await patientIdOf(nurse, "Haddad"));
      for (const [family, months, current] of [
        ["Kowalski", 11, true],
        ["Murphy", 12, false],
        ["Schmidt", 13, false],
      ] as const) {
        const id = await patientIdOf(nurse, family);
        // A signature from the past, written as the schema owner (the API always signs "now").
        await database.admin.query(
          `insert into consents (clinic_id, patient_id, template_id, kind, template_version, photo_scope, typed_name,
             signature_png, pdf, signed_via, signed_at, recorded_by)
           select clinic_id, $2, template_id, kind, template_version, photo_scope, typed_name, signature_png, pdf,
                  signed_via, now() - make_interval(months => $3::int), recorded_by from consents where id = $1`,
          [source.id, id, months],
        );
        const status = await microneedling(nurse, `/api/patients/${id}/consents`);
        assert.equal(status.currency.current, current, `${months} months`);
        if (!current) {
          assert.equal(status.currency.reason, "expired");
          await nurse.post(`/api/patients/${id}/intake`, INTAKE);
          const chart = await nurse.post(`/api/patients/${id}/charts`, {});
          assert.equal(chart.status, 409);
          assert.match(chart.body.message, /12 months/);
        }
      }
    });

    test("bad signatures, unknown templates, a photo scope on the wrong form: 400 and nothing stored", async () => {
      const id = await patientIdOf(nurse, "Nguyen");
      const templates = (await nurse.get("/api/consent-templates")).body.templates;
      const micro = templates.find((t: { kind: string }) => t.kind === "microneedling");
      const photo = templates.find((t: { kind: string }) => t.kind === "photo");
      const before = (await database.admin.query("select count(*)::int as n from consents")).rows[0].n;
      const cases: [object, string][] = [
        [
          { templateId: micro.id, typedName: "N N", signature: "data:image/png;base64,AAAA" },
          "body.signature",
        ],
        [{ templateId: micro.id, typedName: "N N", signature: "not base64 at all!" }, "body.signature"],
        [
          {
            templateId: "00000000-0000-4000-8000-000000000000",
            typedName: "N N",
            signature: await signaturePng(),
          },
          "body.templateId",
        ],
        [
          {
            templateId: micro.id,
            typedName: "N N",
            signature: await signaturePng(),
            photoScope: "marketing",
          },
          "body.photoScope",
        ],
        [{ templateId: photo.id, typedName: "N N", signature: await signaturePng() }, "body.photoScope"],
        [{ templateId: micro.id, typedName: "", signature: await signaturePng() }, "body.typedName"],
      ];
      for (const [body, field] of cases) {
        const res = await nurse.post(`/api/patients/${id}/consents`, body);
        assert.equal(res.status, 400, JSON.stringify(res.body));
        assert.ok(field in res.body.fields, `${field} in ${JSON.stringify(res.body.fields)}`);
      }
      assert.equal((await database.admin.query("select count(*)::int as n from consents")).rows[0].n, before);
      await assert.rejects(database.admin.query("update consents set typed_name = 'x'"), /append-only/);
    });
  });
}
