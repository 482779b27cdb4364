import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { App } from "../../src/server/app.ts";
import { type Client, DEMO, seededApp, signedIn } from "../support/api.ts";
import { databaseTargets, freshDatabase, type TestDatabase } from "../support/db.ts";
import { INTAKE } from "./clinical-record-fixtures.ts";

/** The consultation screens with the clinician's medicine reviews, as the day-of re-screen does. */
for (const target of await databaseTargets()) {
  describe(`consultation after a medicine review (${target.name} PostgreSQL)`, () => {
    let database: TestDatabase;
    let app: App;
    let physician: Client;
    let desk: Client;
    before(async () => {
      database = await freshDatabase(target);
      app = await seededApp(database);
      physician = await signedIn(app, DEMO.physician);
      desk = await signedIn(app, DEMO.desk);
    });
    after(async () => {
      await app.close();
      await database.drop();
    });

    async function patientTaking(familyName: string, ingredient: string): Promise<string> {
      const created = await desk.post("/api/patients", {
        givenName: "Rev",
        familyName,
        dateOfBirth: "1985-04-02",
        sex: "female",
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const id = created.body.patient.id;
      const intake = await physician.post(`/api/patients/${id}/intake`, {
        ...INTAKE,
        medications: [
          { ingredient, product: null, route: "oral", prescribed: true, ongoing: true, lastTaken: null },
        ],
      });
      assert.equal(intake.status, 201, JSON.stringify(intake.body));
      return id;
    }

    const review = (name: string, decision: "not-relevant" | "class", classId: string | null) => ({
      name,
      decision,
      classId,
      reason: "Checked the product leaflet with the prescriber.",
    });

    test("a medicine reviewed as not relevant no longer holds the consultation for review", async () => {
      const id = await patientTaking("Reviewed", "Microgynon 30");
      const before = await physician.get(`/api/patients/${id}/decision`);
      assert.equal(before.status, 200, JSON.stringify(before.body));
      assert.equal(before.body.decision.requiresReview, true);

      const saved = await physician.post(
        `/api/patients/${id}/medication-reviews`,
        review("Microgynon 30", "not-relevant", null),
      );
      assert.equal(saved.status, 201, JSON.stringify(saved.body));
      const after = await physician.get(`/api/patients/${id}/decision`);
      assert.equal(after.body.decision.requiresReview, false, JSON.stringify(after.body.decision));
      assert.equal(after.body.decision.outcome, "eligible");
      const consult = await physician.post(`/api/patients/${id}/consultations`, {});
      assert.equal(consult.status, 201, JSON.stringify(consult.body));
      assert.equal(consult.body.consultation.engineOutcome, "eligible");
    });

    test("a medicine reviewed as an anticoagulant is screened as one: never eligible", async () => {
      const id = await patientTaking("Classed", "Brandnewxaban");
      await physician.post(
        `/api/patients/${id}/medication-reviews`,
        review("Brandnewxaban", "class", "anticoagulant"),
      );
      const decision = await physician.get(`/api/patients/${id}/decision`);
      assert.equal(decision.body.decision.requiresReview, false);
      assert.notEqual(decision.body.decision.outcome, "eligible");
    });

    test("a review cannot wave through a recognised anticoagulant", async () => {
      const id = await patientTaking("Warfarin", "warfarin");
      const before = await physician.get(`/api/patients/${id}/decision`);
      assert.notEqual(before.body.decision.outcome, "eligible");
      await physician.post(
        `/api/patients/${id}/medication-reviews`,
        review("warfarin", "not-relevant", null),
      );
      const after = await physician.get(`/api/patients/${id}/decision`);
      assert.equal(after.body.decision.outcome, before.body.decision.outcome);
    });

    test("a plan no type covers tells staff where an owner ticks the zones, naming the types without zones", async () => {
      const owner = await signedIn(app, DEMO.owner);
      const unzoned = await owner.post("/api/setup/appointment-types", {
        name: "Collagen induction (long)",
        kind: "microneedling",
        priceCents: 30000,
        zones: [],
      });
      assert.equal(unzoned.status, 201, JSON.stringify(unzoned.body));
      const created = await desk.post("/api/patients", {
        givenName: "Zoe",
        familyName: "Unzoned",
        dateOfBirth: "1982-03-04",
        sex: "female",
      });
      const id = created.body.patient.id;
      await physician.post(`/api/patients/${id}/intake`, {
        ...INTAKE,
        concerns: [{ indication: "rhytides", zones: ["cheeks", "neck"] }],
      });
      const consult = await physician.post(`/api/patients/${id}/consultations`, {});
      assert.equal(consult.status, 201, JSON.stringify(consult.body));
      const refused = await physician.post(`/api/consultations/${consult.body.consultation.id}/plans`, {});
      assert.equal(refused.status, 409, JSON.stringify(refused.body));
      assert.equal(refused.body.error, "no_type_for_zones");
      assert.match(refused.body.message, /Clinic set-up → Appointment types → Edit → Zones this type covers/);
      assert.match(refused.body.message, /no zones yet: .*"Collagen induction \(long\)"/);
      assert.match(refused.body.message, /or enter the plan's price/);
    });
  });
}
