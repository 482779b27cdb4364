import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { App } from "../../src/server/app.ts";
import { hashPassword } from "../../src/server/services/passwords.ts";
import { type Client, DEMO, seededApp, signedIn } from "../support/api.ts";
import { databaseTargets, freshDatabase, type TestDatabase } from "../support/db.ts";

const SCREENED_ON = "2026-01-10";
const REQUEST = {
  screeningDate: SCREENED_ON,
  requestedAppointment: "2026-01-20",
  request: {
    setting: "clinic",
    concerns: [{ indication: "acne-scars", zones: ["cheeks"], goodmanBaronGrade: 3 }],
  },
};

for (const target of await databaseTargets()) {
  describe(`screening through the API (${target.name} PostgreSQL)`, () => {
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

    const count = async (table: string) =>
      (await database.admin.query(`select count(*)::int as n from ${table}`)).rows[0].n as number;

    async function newPatient(extra: Record<string, unknown> = {}): Promise<string> {
      const res = await desk.post("/api/patients", {
        givenName: "Test",
        familyName: `Patient ${Math.random().toString(36).slice(2, 8)}`,
        dateOfBirth: "1990-05-17",
        sex: "female",
        fitzpatrick: "III",
        ...extra,
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      const id = res.body.patient.id as string;
      // Pregnancy and breastfeeding are part of the stored profile; recorded here as the intake would.
      await database.admin.query(
        "update patients set pregnant = false, breastfeeding = false where id = $1",
        [id],
      );
      return id;
    }

    test("an eligible patient gets a plan, and the decision is stored with its version, who and when", async () => {
      const id = await newPatient();
      const res = await nurse.post(`/api/patients/${id}/screenings`, REQUEST);
      assert.equal(res.status, 201, JSON.stringify(res.body));
      const s = res.body.screening;
      assert.equal(s.outcome, "eligible");
      assert.equal(s.output.plan.series[0].indication, "acne-scars");
      assert.match(s.protocolVersion, /^blog-default@1\.0\+sha256:[0-9a-f]{12}$/);
      assert.equal(s.output.protocolVersion, s.protocolVersion);
      assert.equal(s.input.patient.age, 35);
      assert.equal(s.screenedBy.name.length > 0, true);
      const { rows } = await database.admin.query(
        "select s.protocol_version, v.version, s.screened_by, u.email from screenings s join protocol_versions v on v.id = s.protocol_version_id join users u on u.id = s.screened_by where s.id = $1",
        [s.id],
      );
      assert.equal(rows[0].version, s.protocolVersion);
      assert.equal(rows[0].email, DEMO.nurse);
      const got = await desk.get(`/api/screenings/${s.id}`);
      assert.equal(got.status, 200);
      assert.deepEqual(got.body.screening.output, s.output);
      const audit = await database.admin.query(
        "select action, detail from audit_log where resource_id = $1 order by id",
        [s.id],
      );
      assert.deepEqual(
        audit.rows.map((r) => r.action),
        ["screening.create", "screening.read"],
      );
    });

    test("age comes from the date of birth at the screening date: a minor the day before the 18th birthday", async () => {
      const id = await newPatient({ dateOfBirth: "2008-01-11" });
      const minor = await nurse.post(`/api/patients/${id}/screenings`, REQUEST);
      assert.equal(minor.body.screening.input.patient.age, 17);
      assert.equal(minor.body.screening.outcome, "decline");
      assert.ok(minor.body.screening.output.reasons.includes("CI-MINOR"));
      const adult = await nurse.post(`/api/patients/${id}/screenings`, {
        ...REQUEST,
        screeningDate: "2026-01-11",
      });
      assert.equal(adult.body.screening.input.patient.age, 18);
      assert.notEqual(adult.body.screening.outcome, "decline");
    });

    test("a pregnant patient is deferred without a date", async () => {
      const id = await newPatient();
      await database.admin.query("update patients set pregnant = true where id = $1", [id]);
      const res = await nurse.post(`/api/patients/${id}/screenings`, REQUEST);
      assert.equal(res.body.screening.outcome, "defer");
      assert.equal(res.body.screening.deferral, "undated");
      assert.equal(res.body.screening.deferUntil, null);
      assert.ok(res.body.screening.output.reasons.includes("CI-PREGNANCY"));
      assert.equal(res.body.screening.output.plan, null);
    });

    test("a prescribed anticoagulant needs clearance and the patient is told not to stop it", async () => {
      const id = await newPatient();
      const med = await desk.post(`/api/patients/${id}/medications`, {
        ingredient: "Eliquis",
        prescribed: true,
        ongoing: true,
      });
      assert.equal(med.status, 201, JSON.stringify(med.body));
      const res = await nurse.post(`/api/patients/${id}/screenings`, REQUEST);
      const s = res.body.screening;
      assert.equal(s.outcome, "needs-physician-clearance");
      assert.ok(s.output.reasons.includes("CI-ANTITHROMBOTIC"));
      assert.ok(s.output.prepInstructions.includes("PREP-ANTITHROMBOTIC-DO-NOT-STOP"));
      const doNotStop = s.output.explanations.find(
        (e: { id: string }) => e.id === "PREP-ANTITHROMBOTIC-DO-NOT-STOP",
      );
      assert.match(doNotStop.patientText, /not stop/i);
      assert.ok(doNotStop.sources.length > 0);
    });

    test("oral isotretinoin stopped 3 months ago defers to the clinic's window (6 months by default)", async () => {
      const id = await newPatient();
      await desk.post(`/api/patients/${id}/medications`, {
        ingredient: "isotretinoin",
        prescribed: true,
        ongoing: false,
        lastTaken: "2025-10-10",
      });
      const res = await nurse.post(`/api/patients/${id}/screenings`, REQUEST);
      assert.equal(res.body.screening.outcome, "defer");
      assert.equal(res.body.screening.deferral, "dated");
      assert.equal(res.body.screening.deferUntil, "2026-04-10");
    });

    test("an unknown medication is not an error: it is listed for review", async () => {
      const id = await newPatient();
      await desk.post(`/api/patients/${id}/medications`, {
        ingredient: "warfarn",
        prescribed: true,
        ongoing: true,
      });
      const res = await nurse.post(`/api/patients/${id}/screenings`, REQUEST);
      assert.equal(res.status, 201);
      assert.equal(res.body.screening.requiresReview, true);
      assert.deepEqual(res.body.screening.output.unrecognizedMedications, [{ index: 0, name: "warfarn" }]);
    });

    test("a recorded condition the protocol does not name is kept for review, never dropped silently", async () => {
      const id = await newPatient();
      await database.admin.query(
        "insert into patient_conditions (clinic_id, patient_id, condition_id, label, status, source) select clinic_id, id, null, 'Lupus', 'active', 'staff' from patients where id = $1",
        [id],
      );
      const res = await nurse.post(`/api/patients/${id}/screenings`, REQUEST);
      assert.equal(res.body.screening.requiresReview, true);
      assert.equal(res.body.screening.reviewNotes[0].label, "Lupus");
    });

    test("invalid input gets a 400 naming the field as the engine does, and stores nothing", async () => {
      const id = await newPatient();
      const before = [await count("screenings"), await count("protocol_versions")];
      const cases: [unknown, string][] = [
        [
          {
            ...REQUEST,
            request: {
              setting: "clinic",
              concerns: [{ indication: "acne-scars", zones: ["cheeks", "elbow"] }],
            },
          },
          "body.request.concerns[0].zones[1]",
        ],
        [{ ...REQUEST, requestedAppointment: "2026-01-05" }, "body.requestedAppointment"],
        [{ ...REQUEST, screeningDate: "2026-02-30" }, "body.screeningDate"],
        [{ ...REQUEST, request: { setting: "clinic", concerns: [] } }, "body.request.concerns"],
        [
          {
            ...REQUEST,
            request: { setting: "clinic", concerns: [{ indication: "tattoo", zones: ["cheeks"] }] },
          },
          "body.request.concerns[0].indication",
        ],
        [{ screeningDate: SCREENED_ON, request: REQUEST.request }, "body.requestedAppointment"],
        [{ ...REQUEST, patient: { pregnant: "no" } }, "body.patient.pregnant"],
        [{ ...REQUEST, conditions: [] }, "body.conditions"],
      ];
      for (const [body, field] of cases) {
        const res = await nurse.post(`/api/patients/${id}/screenings`, body);
        assert.equal(res.status, 400, `${field}: ${JSON.stringify(res.body)}`);
        assert.ok(field in res.body.fields, `${field} in ${JSON.stringify(res.body.fields)}`);
      }
      assert.deepEqual([await count("screenings"), await count("protocol_versions")], before);
    });

    test("a state the record lacks must be asked: 400 naming it, and the answer is used", async () => {
      const res = await desk.post("/api/patients", {
        givenName: "Unasked",
        familyName: "State",
        dateOfBirth: "1988-03-03",
        sex: "female",
      });
      const id = res.body.patient.id;
      const missing = await nurse.post(`/api/patients/${id}/screenings`, REQUEST);
      assert.equal(missing.status, 400);
      const [field] = Object.keys(missing.body.fields);
      assert.ok(field === "body.patient.fitzpatrick" || field === "body.patient.pregnant", field);
      assert.match(missing.body.message, /ask/);
      const asked = await nurse.post(`/api/patients/${id}/screenings`, {
        ...REQUEST,
        patient: { pregnant: false, breastfeeding: true, fitzpatrick: "II" },
      });
      assert.equal(asked.status, 201, JSON.stringify(asked.body));
      assert.ok(asked.body.screening.output.reasons.includes("CI-BREASTFEEDING"));
    });

    test("the screening date defaults to today in the clinic's time zone", async () => {
      const id = await newPatient();
      const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London" }).format(new Date());
      const res = await nurse.post(`/api/patients/${id}/screenings`, {
        requestedAppointment: "2099-01-01",
        request: REQUEST.request,
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      // Midnight may pass between the request and this line; either side of it is right.
      const after = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London" }).format(new Date());
      assert.ok([today, after].includes(res.body.screening.screeningDate));
    });

    test("the history lists a patient's screenings newest first", async () => {
      const id = await newPatient();
      await nurse.post(`/api/patients/${id}/screenings`, REQUEST);
      await nurse.post(`/api/patients/${id}/screenings`, { ...REQUEST, requestedAppointment: "2026-03-01" });
      const res = await desk.get(`/api/patients/${id}/screenings`);
      assert.equal(res.status, 200);
      assert.equal(res.body.total, 2);
      assert.deepEqual(
        res.body.screenings.map((s: { requestedAppointment: string }) => s.requestedAppointment),
        ["2026-03-01", "2026-01-20"],
      );
    });

    test("conditions and medications can be added and removed by staff, validated and audited", async () => {
      const id = await newPatient();
      const bad = await desk.post(`/api/patients/${id}/conditions`, {
        conditionId: "gout",
        status: "active",
      });
      assert.equal(bad.status, 400);
      assert.ok("body.conditionId" in bad.body.fields);
      const added = await desk.post(`/api/patients/${id}/conditions`, {
        conditionId: "herpes-labialis",
        status: "active",
        inTreatmentArea: true,
      });
      assert.equal(added.status, 201, JSON.stringify(added.body));
      const deferred = await nurse.post(`/api/patients/${id}/screenings`, REQUEST);
      assert.ok(deferred.body.screening.output.reasons.includes("CI-HSV-ACTIVE"));
      const removed = await desk.request(
        "DELETE",
        `/api/patients/${id}/conditions/${added.body.condition.id}`,
      );
      assert.equal(removed.status, 204);
      const again = await desk.request("DELETE", `/api/patients/${id}/conditions/${added.body.condition.id}`);
      assert.equal(again.status, 404);
      const noDate = await desk.post(`/api/patients/${id}/medications`, {
        ingredient: "ibuprofen",
        prescribed: false,
        ongoing: false,
      });
      assert.equal(noDate.status, 400);
      assert.ok("body.lastTaken" in noDate.body.fields);
      const med = await desk.post(`/api/patients/${id}/medications`, {
        ingredient: "ibuprofen",
        prescribed: false,
        ongoing: true,
      });
      assert.equal(
        (await desk.request("DELETE", `/api/patients/${id}/medications/${med.body.medication.id}`)).status,
        204,
      );
      const actions = await database.admin.query(
        "select action from audit_log where detail->>'patientId' = $1 and (action like 'condition.%' or action like 'medication.%') order by id",
        [id],
      );
      for (const a of ["condition.create", "condition.delete", "medication.create", "medication.delete"]) {
        assert.ok(
          actions.rows.some((r) => r.action === a),
          a,
        );
      }
      const profile = await desk.get(`/api/patients/${id}/clinical-profile`);
      assert.equal(profile.status, 200);
      assert.deepEqual(profile.body.conditions, []);
      assert.ok(profile.body.vocabulary.indications.some((i: { id: string }) => i.id === "acne-scars"));
    });

    test("another clinic's patient and screening are not found", async () => {
      const other = (
        await database.admin.query(
          "insert into clinics (slug, name, time_zone) values ('elsewhere', 'Elsewhere', 'Europe/Paris') returning id",
        )
      ).rows[0].id;
      const patient = (
        await database.admin.query(
          "insert into patients (clinic_id, given_name, family_name, date_of_birth, sex, fitzpatrick, pregnant, breastfeeding) values ($1, 'Other', 'Clinic', '1980-01-01', 'female', 'II', false, false) returning id",
          [other],
        )
      ).rows[0].id;
      await database.admin.query(
        "insert into users (clinic_id, email, name, role, password_hash) values ($1, 'desk@elsewhere.test', 'Desk', 'front_desk', $2)",
        [other, await hashPassword("elsewhere-password")],
      );
      const before = await count("screenings");
      assert.equal((await nurse.post(`/api/patients/${patient}/screenings`, REQUEST)).status, 404);
      assert.equal((await nurse.get(`/api/patients/${patient}/screenings`)).status, 404);
      assert.equal(
        (
          await desk.post(`/api/patients/${patient}/medications`, {
            ingredient: "x",
            prescribed: false,
            ongoing: true,
          })
        ).status,
        404,
      );
      assert.equal(await count("screenings"), before);
      const theirs = await signedIn(app, "desk@elsewhere.test", "elsewhere-password");
      const made = await theirs.post(`/api/patients/${patient}/screenings`, REQUEST);
      assert.equal(made.status, 201, JSON.stringify(made.body));
      assert.equal((await nurse.get(`/api/screenings/${made.body.screening.id}`)).status, 404);
    });

    test("patients cannot screen, and the public preview screens a full input without storing it", async () => {
      const patient = await signedIn(app, DEMO.patient);
      const id = await newPatient();
      assert.equal((await patient.post(`/api/patients/${id}/screenings`, REQUEST)).status, 403);
      const { Client } = await import("../support/api.ts");
      const anonymous = new Client(app);
      const before = await count("screenings");
      const input = {
        ...REQUEST,
        patient: { age: 30, sex: "female", pregnant: true, breastfeeding: false, fitzpatrick: "III" },
        conditions: [],
        medications: [],
      };
      const res = await anonymous.post("/api/screenings/preview?clinic=demo", input);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.body.decision.outcome, "defer");
      const bad = await anonymous.post("/api/screenings/preview", {
        ...input,
        medications: [{ ingredient: "x" }],
      });
      assert.equal(bad.status, 400);
      assert.ok("body.medications[0].route" in bad.body.fields, JSON.stringify(bad.body.fields));
      assert.equal(await count("screenings"), before);
    });
  });
}
