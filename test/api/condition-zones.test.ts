// Issue 15: a condition placed by zone (the screening panel, the day-of check) keeps its zones, so
// the clinician sees where it is after a reload and every later screening decides "in the treatment
// area" against the zones it is asked to treat.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { App } from "../../src/server/app.ts";
import { type Client, DEMO, seededApp, signedIn } from "../support/api.ts";
import { databaseTargets, freshDatabase, type TestDatabase } from "../support/db.ts";
import { INTAKE, patientIdOf, signOnTablet } from "./clinical-record-fixtures.ts";
import { FHIR_HEADERS } from "./fhir-support.ts";

const screenFor = (zones: string[]) => ({
  screeningDate: "2026-01-10",
  requestedAppointment: "2026-01-20",
  request: { setting: "clinic", concerns: [{ indication: "acne-scars", zones }] },
});

for (const target of await databaseTargets()) {
  describe(`conditions keep their zones (${target.name} PostgreSQL)`, () => {
    let database: TestDatabase;
    let app: App;
    let nurse: Client;
    let desk: Client;
    before(async () => {
      database = await freshDatabase(target);
      app = await seededApp(database);
      nurse = await signedIn(app, DEMO.nurse);
      desk = await signedIn(app, DEMO.desk);
    });
    after(async () => {
      await app.close();
      await database.drop();
    });

    async function newPatient(): Promise<string> {
      const res = await desk.post("/api/patients", {
        givenName: "Zone",
        familyName: `Patient ${Math.random().toString(36).slice(2, 8)}`,
        dateOfBirth: "1990-05-17",
        sex: "female",
        fitzpatrick: "III",
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      const id = res.body.patient.id as string;
      await database.admin.query(
        "update patients set pregnant = false, breastfeeding = false where id = $1",
        [id],
      );
      return id;
    }

    test("a condition saved with zones reads back with them, and decides the area per screening", async () => {
      const id = await newPatient();
      const added = await desk.post(`/api/patients/${id}/conditions`, {
        conditionId: "skin-infection",
        status: "active",
        zones: ["cheeks", "chin-jawline"],
      });
      assert.equal(added.status, 201, JSON.stringify(added.body));
      assert.deepEqual(added.body.condition.zones, ["cheeks", "chin-jawline"]);
      // No intake yet: a treatment zone may well be treated, so it is in the area.
      assert.equal(added.body.condition.inTreatmentArea, true);

      const profile = await desk.get(`/api/patients/${id}/clinical-profile`);
      assert.equal(profile.status, 200);
      const [stored] = profile.body.conditions;
      assert.deepEqual(stored.zones, ["cheeks", "chin-jawline"]);
      assert.equal(stored.inTreatmentArea, true);

      const cheeks = await nurse.post(`/api/patients/${id}/screenings`, screenFor(["cheeks"]));
      assert.equal(cheeks.status, 201, JSON.stringify(cheeks.body));
      assert.ok(cheeks.body.screening.output.reasons.includes("CI-SKIN-INFECTION"));
      const forehead = await nurse.post(`/api/patients/${id}/screenings`, screenFor(["forehead"]));
      assert.equal(forehead.status, 201, JSON.stringify(forehead.body));
      assert.ok(!forehead.body.screening.output.reasons.includes("CI-SKIN-INFECTION"));

      // Exported, the zones are the condition's body sites.
      const fhir = await nurse.get(`/fhir/r4/Condition?patient=${id}`);
      assert.equal(fhir.status, 200, JSON.stringify(fhir.body));
      const sites = fhir.body.entry[0].resource.bodySite as { coding: { code: string }[] }[];
      assert.deepEqual(
        sites.map((s) => s.coding[0]?.code),
        ["cheeks", "chin-jawline"],
      );

      // Imported back (as another clinic's system would send it), the zones are read from the body
      // sites again, not lost into the free-text site.
      const owner = await signedIn(app, DEMO.owner);
      const bundle = {
        resourceType: "Bundle",
        type: "transaction",
        entry: [
          {
            fullUrl: "urn:uuid:zoned-patient",
            resource: {
              resourceType: "Patient",
              id: "zoned-1",
              name: [{ family: "Ferreira-Lund", given: ["Ines"] }],
              birthDate: "1991-02-03",
              gender: "female",
            },
          },
          {
            resource: {
              ...fhir.body.entry[0].resource,
              id: "zoned-condition-1",
              subject: { reference: "urn:uuid:zoned-patient" },
              extension: undefined,
            },
          },
        ],
      };
      const imported = await owner.request("POST", "/fhir/r4", JSON.stringify(bundle), FHIR_HEADERS);
      assert.equal(imported.status, 200, JSON.stringify(imported.body));
      const ines = (await desk.get("/fhir/r4/Patient?family=Ferreira-Lund")).body.entry[0].resource.id;
      const back = (await desk.get(`/api/patients/${ines}/clinical-profile`)).body.conditions;
      assert.equal(back.length, 1);
      assert.deepEqual(back[0].zones, ["cheeks", "chin-jawline"]);
      assert.equal(back[0].site, null);
      assert.equal(back[0].inTreatmentArea, true);
    });

    test("'not sure' is kept and counts as in the area; 'somewhere else' is kept and does not", async () => {
      const id = await newPatient();
      const unsure = await desk.post(`/api/patients/${id}/conditions`, {
        conditionId: "skin-infection",
        status: "active",
        zones: ["not-sure"],
      });
      assert.equal(unsure.status, 201, JSON.stringify(unsure.body));
      assert.deepEqual(unsure.body.condition.zones, ["not-sure"]);
      assert.equal(unsure.body.condition.inTreatmentArea, true);
      const deferred = await nurse.post(`/api/patients/${id}/screenings`, screenFor(["forehead"]));
      assert.ok(deferred.body.screening.output.reasons.includes("CI-SKIN-INFECTION"));

      const other = await newPatient();
      const elsewhere = await desk.post(`/api/patients/${other}/conditions`, {
        conditionId: "skin-infection",
        status: "active",
        zones: ["elsewhere"],
      });
      assert.equal(elsewhere.status, 201, JSON.stringify(elsewhere.body));
      assert.deepEqual(elsewhere.body.condition.zones, ["elsewhere"]);
      assert.equal(elsewhere.body.condition.inTreatmentArea, false);
      const eligible = await nurse.post(`/api/patients/${other}/screenings`, screenFor(["cheeks"]));
      assert.ok(!eligible.body.screening.output.reasons.includes("CI-SKIN-INFECTION"));
    });

    test("zones are checked: a zone the protocol does not know, or 'not sure' beside a zone, writes nothing", async () => {
      const id = await newPatient();
      const unknown = await desk.post(`/api/patients/${id}/conditions`, {
        conditionId: "skin-infection",
        status: "active",
        zones: ["elbow"],
      });
      assert.equal(unknown.status, 400, JSON.stringify(unknown.body));
      assert.ok("body.zones[0]" in unknown.body.fields, JSON.stringify(unknown.body.fields));
      const mixed = await desk.post(`/api/patients/${id}/conditions`, {
        conditionId: "skin-infection",
        status: "active",
        zones: ["cheeks", "not-sure"],
      });
      assert.equal(mixed.status, 400, JSON.stringify(mixed.body));
      assert.ok("body.zones" in mixed.body.fields, JSON.stringify(mixed.body.fields));
      const rows = await database.admin.query(
        "select count(*)::int as n from patient_conditions where patient_id = $1",
        [id],
      );
      assert.equal(rows.rows[0].n, 0);
      // The database keeps the same shape whoever writes.
      await assert.rejects(
        database.admin.query(
          `insert into patient_conditions (clinic_id, patient_id, condition_id, label, status, source, zones)
           select clinic_id, id, 'skin-infection', 'Skin infection', 'active', 'staff', array['cheeks', 'not-sure']
           from patients where id = $1`,
          [id],
        ),
        /patient_conditions_zones_shape/,
      );
    });

    test("a condition reported at the day-of check keeps its zones and is screened against the plan's", async () => {
      const id = await patientIdOf(nurse, "Lindqvist");
      assert.equal((await nurse.post(`/api/patients/${id}/intake`, INTAKE)).status, 201);
      await signOnTablet(nurse, id);
      // The intake treats cheeks and forehead: an infection on the neck does not stop the session.
      const neck = await nurse.post(`/api/patients/${id}/charts`, {
        changes: { newConditions: [{ conditionId: "skin-infection", status: "active", zones: ["neck"] }] },
      });
      assert.equal(neck.status, 201, JSON.stringify(neck.body));
      assert.equal(neck.body.chart.status, "open", JSON.stringify(neck.body.chart.rescreen.decision));
      const profile = await nurse.get(`/api/patients/${id}/clinical-profile`);
      const infection = profile.body.conditions.find(
        (c: { conditionId: string }) => c.conditionId === "skin-infection",
      );
      assert.deepEqual(infection.zones, ["neck"]);
      assert.equal(infection.inTreatmentArea, false);
      assert.deepEqual(neck.body.chart.rescreen.changes.newConditions[0].zones, ["neck"]);
      const bad = await nurse.post(`/api/patients/${id}/charts`, {
        changes: { newConditions: [{ conditionId: "skin-infection", status: "active", zones: ["knee"] }] },
      });
      assert.equal(bad.status, 400, JSON.stringify(bad.body));
      assert.ok("body.changes.newConditions[0].zones[0]" in bad.body.fields, JSON.stringify(bad.body.fields));
    });

    test("a condition reported at the day-of check on a treated zone stops the session", async () => {
      const id = await patientIdOf(nurse, "Fernandes");
      assert.equal((await nurse.post(`/api/patients/${id}/intake`, INTAKE)).status, 201);
      await signOnTablet(nurse, id);
      const cheek = await nurse.post(`/api/patients/${id}/charts`, {
        changes: { newConditions: [{ conditionId: "skin-infection", status: "active", zones: ["cheeks"] }] },
      });
      assert.equal(cheek.status, 201, JSON.stringify(cheek.body));
      assert.equal(cheek.body.chart.status, "stopped");
      const profile = await nurse.get(`/api/patients/${id}/clinical-profile`);
      const infection = profile.body.conditions.find(
        (c: { conditionId: string }) => c.conditionId === "skin-infection",
      );
      assert.deepEqual(infection.zones, ["cheeks"]);
      assert.equal(infection.inTreatmentArea, true);
    });
  });
}
