import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { App } from "../../src/server/app.ts";
import { DEMO, seededApp, signedIn } from "../support/api.ts";
import { databaseTargets, freshDatabase, type TestDatabase } from "../support/db.ts";
import { INTAKE } from "./clinical-record-fixtures.ts";

for (const target of await databaseTargets()) {
  describe(`intake questionnaire (${target.name} PostgreSQL)`, () => {
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

    const counts = async () =>
      (
        await database.admin.query(
          `select (select count(*) from intake_submissions)::int as submissions,
                  (select count(*) from patient_conditions)::int as conditions,
                  (select count(*) from patient_medications)::int as medications,
                  (select count(*) from audit_log where action = 'intake.submit')::int as audits`,
        )
      ).rows[0];

    test("the portal offers the protocol's conditions, indications, zones (never the eyelid) and the Fitzpatrick guide", async () => {
      const patient = await signedIn(app, DEMO.patient);
      const res = await patient.get("/api/portal/intake");
      assert.equal(res.status, 200);
      const q = res.body.questionnaire;
      assert.ok(q.conditions.some((c: { id: string }) => c.id === "herpes-labialis"));
      assert.ok(q.indications.some((i: { id: string }) => i.id === "acne-scars"));
      assert.ok(!q.zones.some((z: { id: string }) => z.id === "eyelid"));
      assert.equal(q.fitzpatrick.length, 6);
      assert.match(q.fitzpatrick[0].description, /burns/);
      assert.equal(res.body.last, null);
    });

    test("a submission is versioned, lands in the shared profile with source 'intake', is audited, and prefills the next form", async () => {
      const patient = await signedIn(app, DEMO.patient);
      const answers = {
        ...INTAKE,
        conditions: [
          {
            conditionId: "rosacea",
            status: "active",
            site: "nose",
            inTreatmentArea: false,
            severity: "mild",
            onset: null,
            resolved: null,
          },
        ],
        medications: [
          {
            ingredient: "cetirizine",
            product: null,
            route: "oral",
            prescribed: false,
            ongoing: true,
            lastTaken: null,
          },
        ],
        history: { keloids: false, coldSores: true },
      };
      const first = await patient.post("/api/portal/intake", answers);
      assert.equal(first.status, 201, JSON.stringify(first.body));
      assert.equal(first.body.version, 1);
      const second = await patient.post("/api/portal/intake", { ...answers, fitzpatrick: "III" });
      assert.equal(second.body.version, 2);

      const pid = (
        await database.admin.query("select patient_id from users where email = $1", [DEMO.patient])
      ).rows[0].patient_id;
      const conds = await database.admin.query(
        "select condition_id, status, site, source from patient_conditions where patient_id = $1 order by condition_id",
        [pid],
      );
      // The second submission replaced the first one's rows: no duplicates.
      assert.deepEqual(conds.rows, [
        { condition_id: "herpes-labialis", status: "history", site: null, source: "intake" },
        { condition_id: "rosacea", status: "active", site: "nose", source: "intake" },
      ]);
      const meds = await database.admin.query(
        "select ingredient, source, ongoing from patient_medications where patient_id = $1",
        [pid],
      );
      assert.deepEqual(meds.rows, [{ ingredient: "cetirizine", source: "intake", ongoing: true }]);
      const p = await database.admin.query(
        "select pregnant, breastfeeding, fitzpatrick from patients where id = $1",
        [pid],
      );
      assert.deepEqual(p.rows[0], { pregnant: false, breastfeeding: false, fitzpatrick: "III" });
      const audit = await database.admin.query(
        "select detail from audit_log where action = 'intake.submit' and resource_id = $1",
        [second.body.id],
      );
      assert.equal(audit.rows[0].detail.version, 2);
      assert.ok(!JSON.stringify(audit.rows[0].detail).includes("cetirizine"));

      const form = await patient.get("/api/portal/intake");
      assert.equal(form.body.last.version, 2);
      assert.equal(form.body.last.answers.fitzpatrick, "III");
    });

    test("answers are checked against the loaded protocol and bad input writes nothing", async () => {
      const patient = await signedIn(app, DEMO.patient);
      const before = await counts();
      const cases: [unknown, string][] = [
        [
          { ...INTAKE, conditions: [{ conditionId: "vampirism", status: "active", inTreatmentArea: false }] },
          "body.conditions[0].conditionId",
        ],
        [
          { ...INTAKE, concerns: [{ indication: "acne-scars", zones: ["eyelid"] }] },
          "body.concerns[0].zones[0]",
        ],
        [
          { ...INTAKE, concerns: [{ indication: "tattoo-removal", zones: ["cheeks"] }] },
          "body.concerns[0].indication",
        ],
        [{ ...INTAKE, concerns: [{ indication: "striae", zones: ["cheeks"] }] }, "body.concerns[0].zones[0]"],
        [{ ...INTAKE, pregnant: null }, "body.pregnant"],
        [
          { ...INTAKE, conditions: [{ conditionId: "rosacea", status: "active", inTreatmentArea: true }] },
          "body.conditions[0].severity",
        ],
        [
          {
            ...INTAKE,
            medications: [
              { ingredient: "ibuprofen", route: "oral", prescribed: false, ongoing: false, lastTaken: null },
            ],
          },
          "body.medications[0].lastTaken",
        ],
        [
          {
            ...INTAKE,
            medications: [
              {
                ingredient: "ibuprofen",
                route: "oral",
                prescribed: false,
                ongoing: false,
                lastTaken: "2999-01-01",
              },
            ],
          },
          "body.medications[0].lastTaken",
        ],
        [{ ...INTAKE, fitzpatrick: "VII" }, "body.fitzpatrick"],
        [{ ...INTAKE, extra: 1 }, "body.extra"],
        [{ ...INTAKE, concerns: [] }, "body.concerns"],
      ];
      for (const [body, field] of cases) {
        const res = await patient.post("/api/portal/intake", body);
        assert.equal(res.status, 400, `${field}: ${JSON.stringify(res.body)}`);
        assert.ok(field in (res.body.fields ?? {}), `${field} in ${JSON.stringify(res.body.fields)}`);
      }
      assert.deepEqual(await counts(), before);
    });

    test("staff read a patient's intake; front desk cannot submit one; a patient cannot use the staff route", async () => {
      const desk = await signedIn(app, DEMO.desk);
      const list = await desk.get("/api/patients?q=Martin");
      const id = list.body.patients[0].id;
      const read = await desk.get(`/api/patients/${id}/intake`);
      assert.equal(read.status, 200);
      assert.equal((await desk.post(`/api/patients/${id}/intake`, INTAKE)).status, 403);
      const patient = await signedIn(app, DEMO.patient);
      assert.equal((await patient.get(`/api/patients/${id}/intake`)).status, 403);
      const nurse = await signedIn(app, DEMO.nurse);
      const other = (await desk.get("/api/patients?q=Okafor")).body.patients[0].id;
      const byNurse = await nurse.post(`/api/patients/${other}/intake`, {
        ...INTAKE,
        pregnant: null,
        breastfeeding: null,
      });
      assert.equal(byNurse.status, 201, JSON.stringify(byNurse.body));
    });

    test("an active skin infection the patient puts on the cheeks defers a cheek treatment, not a neck one", async () => {
      const desk = await signedIn(app, DEMO.desk);
      const physician = await signedIn(app, DEMO.physician);
      const created = await desk.post("/api/patients", {
        givenName: "Ines",
        familyName: "Cheekinfection",
        dateOfBirth: "1988-04-02",
        sex: "female",
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const id = created.body.patient.id;
      const infection = {
        conditionId: "skin-infection",
        status: "active",
        site: "impetigo by the mouth",
        zones: ["cheeks"],
        inTreatmentArea: false,
        severity: null,
        onset: null,
        resolved: null,
      };
      const cheeks = { ...INTAKE, concerns: [{ indication: "rhytides", zones: ["cheeks"] }] };
      const sent = await physician.post(`/api/patients/${id}/intake`, { ...cheeks, conditions: [infection] });
      assert.equal(sent.status, 201, JSON.stringify(sent.body));
      const decision = await physician.get(`/api/patients/${id}/decision`);
      assert.equal(decision.status, 200, JSON.stringify(decision.body));
      assert.equal(decision.body.decision.outcome, "defer");
      assert.ok(decision.body.decision.reasons.includes("CI-SKIN-INFECTION"));
      const stored = await database.admin.query(
        "select in_treatment_area, zones from patient_conditions where patient_id = $1",
        [id],
      );
      assert.deepEqual(stored.rows, [{ in_treatment_area: true, zones: ["cheeks"] }]);

      const neck = { ...INTAKE, concerns: [{ indication: "rhytides", zones: ["neck"] }] };
      await physician.post(`/api/patients/${id}/intake`, { ...neck, conditions: [infection] });
      const forNeck = await physician.get(`/api/patients/${id}/decision`);
      assert.ok(!forNeck.body.decision.reasons.includes("CI-SKIN-INFECTION"));

      // Where it is has to be answered for a condition a rule places ("not sure" is an answer).
      const unplaced = await physician.post(`/api/patients/${id}/intake`, {
        ...cheeks,
        conditions: [{ ...infection, zones: [], inTreatmentArea: null }],
      });
      assert.equal(unplaced.status, 400);
      assert.ok(unplaced.body.fields["body.conditions[0].zones"], JSON.stringify(unplaced.body));
    });

    test("staff enter the intake of a phone patient from their self-check; it is recorded as entered by staff", async () => {
      const desk = await signedIn(app, DEMO.desk);
      const nurse = await signedIn(app, DEMO.nurse);
      const created = await desk.post("/api/patients", {
        givenName: "Pia",
        familyName: "Phonebooked",
        dateOfBirth: "1979-09-12",
        sex: "female",
        phone: "07700 900123",
      });
      const id = created.body.patient.id;
      // No intake yet: the consultation cannot start.
      assert.equal((await nurse.get(`/api/patients/${id}/decision`)).status, 409);
      const selfCheck = {
        concerns: ["rhytides"],
        areas: ["face"],
        age: 46,
        sex: "female",
        pregnant: false,
        breastfeeding: false,
        fitzpatrick: "III",
        health: { coldSoreHistory: true },
        graded: {},
        isotretinoin: "never",
        isotretinoinLastDose: null,
        medicines: {},
        startDate: null,
      };
      await database.admin.query(
        `insert into booking_requests (clinic_id, patient_id, self_check)
         select clinic_id, id, $2 from patients where id = $1`,
        [id, JSON.stringify({ outcome: "eligible", deferUntil: null, answers: selfCheck })],
      );
      const form = await nurse.get(`/api/patients/${id}/intake`);
      assert.equal(form.status, 200);
      assert.equal(form.body.last, null);
      assert.deepEqual(form.body.selfCheck, selfCheck);

      const sent = await nurse.post(`/api/patients/${id}/intake`, {
        ...INTAKE,
        fitzpatrick: "III",
        history: { keloids: false, coldSores: true },
        concerns: [{ indication: "rhytides", zones: ["cheeks", "forehead"] }],
      });
      assert.equal(sent.status, 201, JSON.stringify(sent.body));
      const again = await nurse.get(`/api/patients/${id}/intake`);
      assert.equal(again.body.last.enteredBy, "staff");
      assert.equal(again.body.selfCheck, null);
      const audit = await database.admin.query(
        "select detail from audit_log where action = 'intake.submit' and resource_id = $1",
        [sent.body.id],
      );
      assert.equal(audit.rows[0]?.detail.enteredBy, "staff");
      assert.equal((await nurse.get(`/api/patients/${id}/decision`)).status, 200);

      const patient = await signedIn(app, DEMO.patient);
      const own = await patient.get("/api/portal/intake");
      if (own.body.last) assert.equal(own.body.last.enteredBy, "patient");
    });
  });
}
