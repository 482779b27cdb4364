import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { App } from "../../src/server/app.ts";
import { csvCell } from "../../src/server/services/csv-export.service.ts";
import { DEMO, seededApp, signedIn } from "../support/api.ts";
import { databaseTargets, freshDatabase, type TestDatabase } from "../support/db.ts";
import { FHIR_HEADERS, fhirSchemaErrors, fixtureBundles } from "./fhir-support.ts";

const TABLES = [
  "patients",
  "patient_identifiers",
  "patient_conditions",
  "patient_medications",
  "patient_allergies",
];

/** Every imported row, timestamps aside, in a stable order: "the same database" made checkable. */
async function snapshot(database: TestDatabase): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const t of TABLES) {
    const { rows } = await database.admin.query(`select * from ${t} order by id`);
    out[t] = rows.map(({ created_at: _c, updated_at: _u, ...r }) => r);
  }
  return out;
}

const patientIdBySource = async (database: TestDatabase, sourceId: string) =>
  (
    await database.admin.query(
      "select patient_id from patient_identifiers where system like 'urn:remodel:fhir-source:%' and value = $1",
      [sourceId],
    )
  ).rows[0]?.patient_id as string;

for (const target of await databaseTargets()) {
  describe(`FHIR import and REST API (${target.name} PostgreSQL)`, () => {
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

    test("importing every Synthea fixture twice leaves the same rows as importing once", async () => {
      const owner = await signedIn(app, DEMO.owner);
      const before = await snapshot(database);
      for (const { bundle } of fixtureBundles()) {
        const res = await owner.request("POST", "/fhir/r4", JSON.stringify(bundle), FHIR_HEADERS);
        assert.equal(res.status, 200, JSON.stringify(res.body).slice(0, 300));
        assert.equal(res.body.type, "transaction-response");
        assert.equal(res.body.entry.length, (bundle.entry as unknown[]).length);
      }
      const once = await snapshot(database);
      assert.equal(once.patients!.length, before.patients!.length + fixtureBundles().length);
      assert.ok(once.patient_conditions!.length > 10);
      assert.ok(once.patient_medications!.length > 10);
      assert.ok(once.patient_allergies!.length > 0, "Synthea's AllergyIntolerance resources are kept");
      for (const { bundle } of fixtureBundles()) {
        const res = await owner.request("POST", "/fhir/r4", JSON.stringify(bundle), FHIR_HEADERS);
        assert.equal(res.status, 200);
      }
      assert.deepEqual(await snapshot(database), once);
    });

    test("imported codes reach the protocol: pregnancy, anticoagulants and atopic dermatitis", async () => {
      const nereida = await patientIdBySource(database, "a92edacf-c0ab-4fc4-931f-033a8d4bf314");
      const christin = await patientIdBySource(database, "e6d67197-97a1-499b-83f8-eea9ef95cf0c");
      const { rows: pregnant } = await database.admin.query("select pregnant from patients where id = $1", [
        nereida,
      ]);
      assert.equal(pregnant[0].pregnant, true);
      const { rows: eczema } = await database.admin.query(
        "select condition_id, snomed, status, in_treatment_area from patient_conditions where patient_id = $1 and condition_id is not null",
        [christin],
      );
      assert.deepEqual(eczema, [
        { condition_id: "eczema-dermatitis", snomed: "24079001", status: "active", in_treatment_area: true },
      ]);
      const { rows: warfarin } = await database.admin.query(
        "select ingredient, route, prescribed, ongoing, rxnorm from patient_medications where patient_id = $1 and ingredient like 'warfarin%'",
        [christin],
      );
      assert.deepEqual(warfarin, [
        { ingredient: "warfarin sodium", route: "oral", prescribed: true, ongoing: true, rxnorm: "855332" },
      ]);
      const { rows: unmapped } = await database.admin.query(
        "select count(*)::int as n from patient_conditions where patient_id = $1 and condition_id is null",
        [christin],
      );
      assert.ok(unmapped[0].n > 0, "codes the protocol does not name are kept with condition_id null");
    });

    test("screening the imported patients reflects their pregnancy, anticoagulants and skin condition", async () => {
      const physician = await signedIn(app, DEMO.physician);
      const body = {
        screeningDate: "2026-01-05",
        requestedAppointment: "2026-02-02",
        request: { setting: "clinic", concerns: [{ indication: "rhytides", zones: ["cheeks"] }] },
        patient: { fitzpatrick: "II", breastfeeding: false },
      };
      const screen = async (sourceId: string, asked: Record<string, unknown> = {}) =>
        physician.post(`/api/patients/${await patientIdBySource(database, sourceId)}/screenings`, {
          ...body,
          patient: { ...body.patient, ...asked },
        });
      const nereida = await screen("a92edacf-c0ab-4fc4-931f-033a8d4bf314");
      assert.equal(nereida.status, 201, JSON.stringify(nereida.body));
      assert.equal(nereida.body.screening.outcome, "defer");
      assert.ok(nereida.body.screening.output.reasons.includes("CI-PREGNANCY"));

      const trey = await screen("f46d1649-8a02-4de8-8cff-f76fae267d3a");
      assert.equal(trey.status, 201, JSON.stringify(trey.body));
      assert.notEqual(trey.body.screening.outcome, "eligible");
      assert.ok(trey.body.screening.output.reasons.includes("CI-ANTITHROMBOTIC"));

      // Atopic dermatitis was imported without a severity: the screening cannot pass it by and
      // asks for the grade, naming the stored record.
      const christin = await screen("e6d67197-97a1-499b-83f8-eea9ef95cf0c", { pregnant: false });
      assert.notEqual(christin.status, 201);
      assert.match(christin.body.message, /severity/);

      const clemente = await screen("d78af07c-9cb9-4f31-9b11-c45a28f2eec8");
      assert.equal(clemente.status, 201, JSON.stringify(clemente.body));
      assert.ok(!clemente.body.screening.output.reasons.includes("CI-ANTITHROMBOTIC"));
      assert.ok(!clemente.body.screening.output.reasons.includes("CI-PREGNANCY"));
    });

    test("a bad resource is refused with its entry and field named, and nothing of the bundle is written", async () => {
      const owner = await signedIn(app, DEMO.owner);
      const [first] = fixtureBundles();
      const bundle = structuredClone(first!.bundle) as { entry: { resource: Record<string, unknown> }[] };
      // A new patient (so nothing would merge) whose record has a bad date late in the bundle.
      bundle.entry[0]!.resource.id = "new-patient-1";
      for (const e of bundle.entry) {
        const subject = e.resource.subject as { reference?: string } | undefined;
        if (subject) subject.reference = "Patient/new-patient-1";
      }
      bundle.entry[0]!.resource.identifier = [];
      const index = bundle.entry.findIndex((e) => e.resource.resourceType === "Condition");
      bundle.entry[index]!.resource.onsetDateTime = "2019-02-30";
      const before = await snapshot(database);
      const res = await owner.request("POST", "/fhir/r4", JSON.stringify(bundle), FHIR_HEADERS);
      assert.equal(res.status, 400);
      assert.equal(res.body.resourceType, "OperationOutcome");
      assert.equal(res.body.issue[0].expression[0], `entry[${index}].resource.onsetDateTime`);
      assert.match(res.body.issue[0].diagnostics, /not a calendar date/);
      assert.deepEqual(await snapshot(database), before);

      const noBirth = {
        resourceType: "Bundle",
        type: "collection",
        entry: [
          {
            resource: {
              resourceType: "Patient",
              id: "x1",
              name: [{ family: "A", given: ["B"] }],
              birthDate: "May 1",
            },
          },
        ],
      };
      const bad = await owner.request("POST", "/fhir/r4", JSON.stringify(noBirth), FHIR_HEADERS);
      assert.equal(bad.status, 400);
      assert.match(bad.body.issue[0].diagnostics, /^entry\[0\]\.resource\.birthDate: not a date/);

      const dangling = {
        resourceType: "Bundle",
        type: "batch",
        entry: [
          {
            resource: {
              resourceType: "Condition",
              id: "c1",
              subject: { reference: "urn:uuid:nobody" },
              code: { text: "Acne" },
            },
          },
        ],
      };
      const nowhere = await owner.request("POST", "/fhir/r4", JSON.stringify(dangling), FHIR_HEADERS);
      assert.equal(nowhere.status, 400);
      assert.equal(nowhere.body.issue[0].expression[0], "entry[0].resource.subject.reference");
      const notJson = await owner.request("POST", "/fhir/r4", "{", FHIR_HEADERS);
      assert.equal(notJson.status, 400);
      assert.equal(notJson.body.resourceType, "OperationOutcome");
    });

    test("an identifier already held by another patient stops the import instead of merging two people", async () => {
      const owner = await signedIn(app, DEMO.owner);
      const bundle = {
        resourceType: "Bundle",
        type: "transaction",
        entry: [
          {
            fullUrl: "urn:uuid:p-other",
            resource: {
              resourceType: "Patient",
              id: "someone-else",
              name: [{ family: "Other", given: ["Person"] }],
              birthDate: "1990-01-01",
              // Trey Berge's Synthea identifier, on a different source patient.
              identifier: [
                {
                  system: "https://github.com/synthetichealth/synthea",
                  value: "99153850-84f1-4de6-9e19-3e0d6eeedeb2",
                },
              ],
            },
          },
        ],
      };
      const before = await snapshot(database);
      const res = await owner.request("POST", "/fhir/r4", JSON.stringify(bundle), FHIR_HEADERS);
      assert.equal(res.status, 400);
      assert.equal(res.body.issue[0].expression[0], "entry[0].resource.identifier[0]");
      assert.deepEqual(await snapshot(database), before);
    });

    test("read and search return valid FHIR R4 (official JSON schema), with paging links", async () => {
      const desk = await signedIn(app, DEMO.desk);
      const patients = await desk.get("/fhir/r4/Patient?_count=5");
      assert.equal(patients.status, 200);
      assert.match(String(patients.headers["content-type"]), /application\/fhir\+json/);
      assert.equal(patients.body.type, "searchset");
      assert.ok(patients.body.total > 5);
      assert.ok(patients.body.link.some((l: { relation: string }) => l.relation === "next"));
      const next = patients.body.link.find((l: { relation: string }) => l.relation === "next").url;
      const page2 = await desk.get(new URL(next).pathname + new URL(next).search);
      assert.equal(page2.body.entry.length, 5);
      assert.notEqual(page2.body.entry[0].resource.id, patients.body.entry[0].resource.id);

      const types = [
        "Patient",
        "Practitioner",
        "Organization",
        "Location",
        "Appointment",
        "Condition",
        "MedicationStatement",
        "Observation",
        "Consent",
        "Procedure",
        "PractitionerRole",
        "Schedule",
        "Slot",
        "AllergyIntolerance",
        "Questionnaire",
        "QuestionnaireResponse",
        "CarePlan",
        "DocumentReference",
      ];
      // Read as a clinician: front desk may not read every type (charts are clinicians' records).
      const clinician = await signedIn(app, DEMO.physician);
      for (const type of types) {
        const res = await clinician.get(`/fhir/r4/${type}?_count=200`);
        assert.equal(res.status, 200, `${type}: ${JSON.stringify(res.body).slice(0, 200)}`);
        assert.deepEqual(fhirSchemaErrors(res.body), [], `${type} bundle`);
        for (const e of res.body.entry) {
          assert.deepEqual(fhirSchemaErrors(e.resource), [], `${type}/${e.resource.id}`);
          const read = await clinician.get(`/fhir/r4/${type}/${e.resource.id}`);
          assert.equal(read.status, 200);
          assert.deepEqual(read.body, e.resource);
        }
      }
      const meta = await desk.get("/fhir/r4/metadata");
      assert.equal(meta.body.fhirVersion, "4.0.1");
      // The packaged schema is the R4 4.0.0 release, whose fhirVersion list predates 4.0.1 (the R4
      // technical correction); every other element is the same.
      assert.deepEqual(fhirSchemaErrors({ ...meta.body, fhirVersion: "4.0.0" }), []);
    });

    test("search by name, birthdate, identifier and patient", async () => {
      const nurse = await signedIn(app, DEMO.nurse);
      const byName = await nurse.get("/fhir/r4/Patient?name=berg");
      assert.deepEqual(
        byName.body.entry.map(
          (e: { resource: { name: { family: string }[] } }) => e.resource.name[0]!.family,
        ),
        ["Berge"],
      );
      const byBirth = await nurse.get("/fhir/r4/Patient?birthdate=1913-01-13");
      assert.equal(byBirth.body.total, 1);
      const before = await nurse.get("/fhir/r4/Patient?birthdate=lt1920-01-01");
      assert.equal(before.body.total, 1);
      const byIdent = await nurse.get(
        "/fhir/r4/Patient?identifier=https://github.com/synthetichealth/synthea|99153850-84f1-4de6-9e19-3e0d6eeedeb2",
      );
      assert.equal(byIdent.body.total, 1);
      const id = byIdent.body.entry[0].resource.id;
      const meds = await nurse.get(`/fhir/r4/MedicationStatement?patient=Patient/${id}&status=active`);
      assert.ok(
        meds.body.entry.some((e: { resource: { medicationCodeableConcept: { text: string } } }) =>
          /Warfarin/.test(e.resource.medicationCodeableConcept.text),
        ),
      );
      const conditions = await nurse.get(`/fhir/r4/Condition?patient=${id}`);
      assert.ok(conditions.body.total > 0);
      assert.ok(
        conditions.body.entry.every(
          (e: { resource: { subject: { reference: string } } }) =>
            e.resource.subject.reference === `Patient/${id}`,
        ),
      );
      const appts = await nurse.get("/fhir/r4/Appointment?date=ge2000-01-01");
      assert.ok(appts.body.total > 0);
    });

    test("errors are OperationOutcomes naming the field; the patient role and strangers are refused", async () => {
      const desk = await signedIn(app, DEMO.desk);
      const badDate = await desk.get("/fhir/r4/Patient?birthdate=13-01-1913");
      assert.equal(badDate.status, 400);
      assert.equal(badDate.body.resourceType, "OperationOutcome");
      assert.deepEqual(badDate.body.issue[0].expression, ["birthdate"]);
      const unknownParam = await desk.get("/fhir/r4/Patient?shoe-size=9");
      assert.equal(unknownParam.status, 400);
      assert.match(unknownParam.body.issue[0].diagnostics, /^shoe-size:/);
      const missing = await desk.get("/fhir/r4/Patient/00000000-0000-4000-8000-000000000000");
      assert.equal(missing.status, 404);
      assert.equal(missing.body.resourceType, "OperationOutcome");
      const unknownType = await desk.get("/fhir/r4/Spaceship");
      assert.equal(unknownType.status, 404);
      const patient = await signedIn(app, DEMO.patient);
      assert.equal((await patient.get("/fhir/r4/Patient")).status, 403);
      const anonymous = await app.inject({ method: "GET", url: "/fhir/r4/Patient" });
      assert.equal(anonymous.statusCode, 401);
      assert.equal(JSON.parse(anonymous.body).resourceType, "OperationOutcome");
      const deskImport = await desk.request(
        "POST",
        "/fhir/r4",
        JSON.stringify({ resourceType: "Bundle", type: "batch" }),
        FHIR_HEADERS,
      );
      assert.equal(deskImport.status, 200, "front desk may import (staff)");
    });

    test("reads and searches are audited with ids and counts, never the search text", async () => {
      const desk = await signedIn(app, DEMO.desk);
      const res = await desk.get("/fhir/r4/Patient?name=Berge");
      const id = res.body.entry[0].resource.id;
      await desk.get(`/fhir/r4/Patient/${id}`);
      const { rows } = await database.admin.query(
        "select action, resource_type, resource_id, detail from audit_log where action like 'fhir.%' order by id desc limit 2",
      );
      assert.equal(rows[0].action, "fhir.read");
      assert.equal(rows[0].resource_id, id);
      assert.equal(rows[1].action, "fhir.search");
      assert.deepEqual(rows[1].detail.ids, [id]);
      assert.ok(!JSON.stringify(rows[1].detail).includes("Berge"));
    });

    test("CSV exports of patients and appointments open in a spreadsheet, formulas defused, and are audited", async () => {
      const desk = await signedIn(app, DEMO.desk);
      const patients = await desk.get("/api/exports/patients.csv");
      assert.equal(patients.status, 200);
      assert.match(String(patients.headers["content-type"]), /^text\/csv/);
      assert.match(String(patients.headers["content-disposition"]), /patients\.csv/);
      const lines = String(patients.body).trimEnd().split("\r\n");
      assert.equal(
        lines[0],
        '"id","family_name","given_name","date_of_birth","sex","email","phone","fitzpatrick","pregnant","breastfeeding","created_at","next_appointment"',
      );
      const { rows } = await database.admin.query("select count(*)::int as n from patients");
      assert.equal(lines.length, rows[0].n + 1);
      assert.ok(lines.some((l) => l.includes('"Berge","Trey","1913-01-13"')));
      const appts = await desk.get("/api/exports/appointments.csv?from=2000-01-01");
      assert.equal(appts.status, 200);
      assert.ok(String(appts.body).split("\r\n").length > 2);
      const badRange = await desk.get("/api/exports/appointments.csv?from=tomorrow");
      assert.equal(badRange.status, 400);
      assert.match(badRange.body.message, /from/);
      assert.equal(csvCell("=HYPERLINK(1)"), `"'=HYPERLINK(1)"`);
      assert.equal(csvCell('say "hi"'), '"say ""hi"""');
      const audit = await database.admin.query(
        "select detail from audit_log where action = 'patient.export' order by id desc limit 1",
      );
      assert.equal(audit.rows[0].detail.count, rows[0].n);
      const patient = await signedIn(app, DEMO.patient);
      assert.equal((await patient.get("/api/exports/patients.csv")).status, 403);
    });

    test("bulk $export: kick-off, status poll, NDJSON files per type, each line valid FHIR", async () => {
      const owner = await signedIn(app, DEMO.owner);
      const desk = await signedIn(app, DEMO.desk);
      assert.equal(
        (await desk.request("GET", "/fhir/r4/$export", undefined, { prefer: "respond-async" })).status,
        403,
      );
      const noPrefer = await owner.get("/fhir/r4/$export");
      assert.equal(noPrefer.status, 400);
      assert.deepEqual(noPrefer.body.issue[0].expression, ["headers.prefer"]);
      const kick = await owner.request(
        "GET",
        "/fhir/r4/$export?_type=Patient,Condition,MedicationStatement",
        undefined,
        {
          prefer: "respond-async",
          accept: "application/fhir+json",
        },
      );
      assert.equal(kick.status, 202);
      const status = new URL(String(kick.headers["content-location"])).pathname;
      let manifest = await owner.get(status);
      for (let i = 0; i < 200 && manifest.status === 202; i++) {
        await new Promise((r) => setTimeout(r, 50));
        manifest = await owner.get(status);
      }
      assert.equal(manifest.status, 200, JSON.stringify(manifest.body));
      assert.deepEqual(manifest.body.output.map((o: { type: string }) => o.type).sort(), [
        "Condition",
        "MedicationStatement",
        "Patient",
      ]);
      const { rows } = await database.admin.query("select count(*)::int as n from patients");
      for (const out of manifest.body.output) {
        const file = await owner.get(new URL(out.url).pathname);
        assert.equal(file.status, 200);
        assert.match(String(file.headers["content-type"]), /application\/fhir\+ndjson/);
        const lines = String(typeof file.body === "string" ? file.body : JSON.stringify(file.body))
          .trim()
          .split("\n");
        assert.equal(lines.length, out.count);
        if (out.type === "Patient") assert.equal(out.count, rows[0].n);
        for (const line of lines) assert.deepEqual(fhirSchemaErrors(JSON.parse(line)), []);
      }
      assert.equal((await owner.request("DELETE", status)).status, 202);
      assert.equal((await owner.get(status)).status, 404);
    });
  });
}
