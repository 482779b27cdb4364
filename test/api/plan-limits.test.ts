import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { App } from "../../src/server/app.ts";
import { type Client, DEMO, seededApp, signedIn } from "../support/api.ts";
import { databaseTargets, freshDatabase, type TestDatabase } from "../support/db.ts";
import { INTAKE } from "./clinical-record-fixtures.ts";

for (const target of await databaseTargets()) {
  describe(`a plan after an overridden decision keeps the protocol's depth limits (${target.name} PostgreSQL)`, () => {
    let database: TestDatabase;
    let app: App;
    let physician: Client;
    before(async () => {
      database = await freshDatabase(target);
      app = await seededApp(database);
      physician = await signedIn(app, DEMO.physician);
    });
    after(async () => {
      await app.close();
      await database.drop();
    });

    test("wrinkles on the cheeks are planned to the indication's 0.5 mm, not the cheeks' own 2 mm", async () => {
      const desk = await signedIn(app, DEMO.desk);
      const created = await desk.post("/api/patients", {
        givenName: "Olwen",
        familyName: "Overridden",
        dateOfBirth: "1979-05-04",
        sex: "female",
      });
      const id = created.body.patient.id;
      const intake = await physician.post(`/api/patients/${id}/intake`, {
        ...INTAKE,
        concerns: [{ indication: "rhytides", zones: ["cheeks"] }],
        conditions: [
          {
            conditionId: "keloid",
            status: "history",
            site: "chest",
            inTreatmentArea: false,
            severity: null,
            onset: null,
            resolved: null,
          },
        ],
      });
      assert.equal(intake.status, 201, JSON.stringify(intake.body));
      const decision = await physician.get(`/api/patients/${id}/decision`);
      assert.notEqual(decision.body.decision.outcome, "eligible");
      const consult = await physician.post(`/api/patients/${id}/consultations`, {
        overrideOutcome: "eligible",
        justification: "Keloid was a single ear-piercing reaction 20 years ago; test spot done, no reaction.",
      });
      assert.equal(consult.status, 201, JSON.stringify(consult.body));
      const planUrl = `/api/consultations/${consult.body.consultation.id}/plans`;

      const deep = await physician.post(planUrl, { zones: [{ zone: "cheeks", minMm: 0.25, maxMm: 1.5 }] });
      assert.equal(deep.status, 400, JSON.stringify(deep.body));
      assert.match(deep.body.fields["body.zones[0].maxMm"], /0\.5 mm/);
      // A zone the indication does not treat is not planned for it, as the engine would not plan it.
      const scalp = await physician.post(planUrl, { zones: [{ zone: "scalp", minMm: 0.25, maxMm: 0.5 }] });
      assert.equal(scalp.status, 400, JSON.stringify(scalp.body));
      assert.ok("body.zones[0].zone" in scalp.body.fields);

      const plan = await physician.post(planUrl, { priceCents: 30000 });
      assert.equal(plan.status, 201, JSON.stringify(plan.body));
      assert.deepEqual(
        plan.body.plan.zones.map((z: { zone: string; minMm: number; maxMm: number }) => [
          z.zone,
          z.minMm,
          z.maxMm,
        ]),
        [["cheeks", 0.25, 0.5]],
      );
    });
  });
}
