import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { App } from "../../src/server/app.ts";
import { type Client, DEMO, seededApp, signedIn } from "../support/api.ts";
import { databaseTargets, freshDatabase, type TestDatabase } from "../support/db.ts";
import { INTAKE, patientIdOf, signOnTablet } from "./clinical-record-fixtures.ts";

for (const target of await databaseTargets()) {
  describe(`consultation and treatment plan (${target.name} PostgreSQL)`, () => {
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

    test("decision, grade, plan from the engine's plan with the clinic's price, accepted by the patient, prefilled into the chart", async () => {
      const patient = await signedIn(app, DEMO.patient);
      assert.equal((await patient.post("/api/portal/intake", INTAKE)).status, 201);
      const id = await patientIdOf(physician, "Martin");
      const decision = await physician.get(`/api/patients/${id}/decision`);
      assert.equal(decision.status, 200);
      assert.equal(decision.body.decision.outcome, "eligible");
      assert.match(decision.body.decision.protocolVersion, /^blog-default@/);

      const consult = await physician.post(`/api/patients/${id}/consultations`, { goodmanBaronGrade: 3 });
      assert.equal(consult.status, 201, JSON.stringify(consult.body));
      const plan = await physician.post(`/api/consultations/${consult.body.consultation.id}/plans`, {});
      assert.equal(plan.status, 201, JSON.stringify(plan.body));
      const p = plan.body.plan;
      assert.deepEqual(p.zones.map((z: { zone: string }) => z.zone).sort(), ["cheeks", "forehead"]);
      const cheeks = p.zones.find((z: { zone: string }) => z.zone === "cheeks");
      assert.deepEqual([cheeks.minMm, cheeks.maxMm], [0.5, 2]);
      assert.equal(p.priceCents, 25000 * p.sessions);
      assert.equal(p.status, "proposed");

      const tooDeep = await physician.post(`/api/consultations/${consult.body.consultation.id}/plans`, {
        zones: [{ zone: "forehead", minMm: 0.5, maxMm: 1.5 }],
      });
      assert.equal(tooDeep.status, 400);
      assert.ok("body.zones[0].maxMm" in tooDeep.body.fields);

      const mine = await patient.get("/api/portal/plans");
      assert.equal(mine.body.plans.length, 1);
      const accepted = await patient.post(`/api/portal/plans/${p.id}/accept`);
      assert.equal(accepted.status, 200);
      assert.equal(accepted.body.plan.status, "accepted");
      assert.equal((await patient.post(`/api/portal/plans/${p.id}/accept`)).status, 409);

      await signOnTablet(physician, id);
      const chart = await physician.post(`/api/patients/${id}/charts`, { planId: p.id });
      assert.equal(chart.status, 201);
      assert.deepEqual(
        chart.body.chart.zones.map((z: { zone: string; depthMm: number }) => [z.zone, z.depthMm]).sort(),
        [
          ["cheeks", 0.5],
          ["forehead", 0.5],
        ],
      );
    });

    test("an override needs a written justification, is recorded and audited; a declined patient gets no plan", async () => {
      const id = await patientIdOf(physician, "Okafor");
      await physician.post(`/api/patients/${id}/intake`, {
        ...INTAKE,
        pregnant: null,
        breastfeeding: null,
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
      const decision = await physician.get(`/api/patients/${id}/decision`);
      assert.notEqual(decision.body.decision.outcome, "eligible");
      const before = (await database.admin.query("select count(*)::int as n from consultations")).rows[0].n;
      const bare = await physician.post(`/api/patients/${id}/consultations`, { overrideOutcome: "eligible" });
      assert.equal(bare.status, 400);
      assert.ok("body.justification" in bare.body.fields);
      const short = await physician.post(`/api/patients/${id}/consultations`, {
        overrideOutcome: "eligible",
        justification: "fine",
      });
      assert.equal(short.status, 400);
      assert.equal(
        (await database.admin.query("select count(*)::int as n from consultations")).rows[0].n,
        before,
      );

      const plain = await physician.post(`/api/patients/${id}/consultations`, {});
      assert.equal(
        (await physician.post(`/api/consultations/${plain.body.consultation.id}/plans`, {})).status,
        409,
      );

      const justified = await physician.post(`/api/patients/${id}/consultations`, {
        overrideOutcome: "eligible",
        justification: "Keloid was a single ear-piercing reaction 20 years ago; test spot done, no reaction.",
      });
      assert.equal(justified.status, 201);
      const audit = await database.admin.query(
        "select detail from audit_log where action = 'consultation.override' and resource_id = $1",
        [justified.body.consultation.id],
      );
      assert.equal(audit.rows[0].detail.overrideOutcome, "eligible");
      assert.ok(!JSON.stringify(audit.rows[0].detail).includes("piercing"));
      const desk = await signedIn(app, DEMO.desk);
      assert.equal((await desk.post(`/api/patients/${id}/consultations`, {})).status, 403);
    });

    test("a recorded consultation reads back; the plan keeps the zones, depths and maintenance the provider chose", async () => {
      const desk = await signedIn(app, DEMO.desk);
      const created = await desk.post("/api/patients", {
        givenName: "Rhea",
        familyName: "Reopened",
        dateOfBirth: "1983-02-11",
        sex: "female",
      });
      const id = created.body.patient.id;
      await physician.post(`/api/patients/${id}/intake`, {
        ...INTAKE,
        concerns: [{ indication: "rhytides", zones: ["cheeks", "forehead", "neck"] }],
      });
      const decision = await physician.get(`/api/patients/${id}/decision`);
      assert.equal(decision.body.decision.outcome, "eligible");
      // The plan builder starts from the zones asked for, with their depth range and cap.
      assert.deepEqual(decision.body.planZones.map((z: { zone: string }) => z.zone).sort(), [
        "cheeks",
        "forehead",
        "neck",
      ]);
      assert.deepEqual((await physician.get(`/api/patients/${id}/consultations`)).body.consultations, []);
      const consult = await physician.post(`/api/patients/${id}/consultations`, {});
      const listed = await physician.get(`/api/patients/${id}/consultations`);
      assert.equal(listed.status, 200);
      assert.equal(listed.body.consultations[0].id, consult.body.consultation.id);
      assert.equal(listed.body.consultations[0].engineOutcome, "eligible");

      const combined = decision.body.decision.plan.combined;
      const outside = await physician.post(`/api/consultations/${consult.body.consultation.id}/plans`, {
        maintenanceMonths: combined.maintenanceMonths.max + 1,
      });
      assert.equal(outside.status, 400);
      assert.ok("body.maintenanceMonths" in outside.body.fields, JSON.stringify(outside.body));
      const months = combined.maintenanceMonths.max;
      type Zone = { zone: string; minMm: number; maxMm: number };
      const offered = (zone: string) =>
        decision.body.planZones.find((z: Zone) => z.zone === zone) as Zone & { capMm: number };
      // Two of the three zones; the forehead only at its shallowest.
      const chosen = [
        { zone: "cheeks", minMm: offered("cheeks").minMm, maxMm: offered("cheeks").capMm },
        { zone: "forehead", minMm: offered("forehead").minMm, maxMm: offered("forehead").minMm },
      ];
      const plan = await physician.post(`/api/consultations/${consult.body.consultation.id}/plans`, {
        zones: chosen,
        maintenanceMonths: months,
      });
      assert.equal(plan.status, 201, JSON.stringify(plan.body));
      const plans = await physician.get(`/api/patients/${id}/plans`);
      const stored = plans.body.plans[0];
      assert.deepEqual(stored.zones, chosen);
      assert.equal(stored.maintenanceMonths, months);
      const desk403 = await desk.get(`/api/patients/${id}/consultations`);
      assert.equal(desk403.status, 403);
    });

    test("a plan is priced by the appointment type whose zones cover it; none covers, a clear refusal", async () => {
      const owner = await signedIn(app, DEMO.owner);
      const neck = await owner.post("/api/setup/appointment-types", {
        name: "Microneedling – neck and chest",
        kind: "microneedling",
        priceCents: 18000,
        zones: ["neck", "body"],
      });
      assert.equal(neck.status, 201, JSON.stringify(neck.body));
      assert.deepEqual(neck.body.appointmentType.zones, ["neck", "body"]);
      const setup = await owner.get("/api/setup");
      const face = setup.body.appointmentTypes.find(
        (t: { name: string }) => t.name === "Microneedling – face",
      );
      assert.ok(
        face.zones.includes("cheeks") && face.zones.includes("forehead") && !face.zones.includes("neck"),
      );

      const desk = await signedIn(app, DEMO.desk);
      const created = await desk.post("/api/patients", {
        givenName: "Priya",
        familyName: "Priced",
        dateOfBirth: "1985-06-02",
        sex: "female",
      });
      const id = created.body.patient.id;
      await physician.post(`/api/patients/${id}/intake`, {
        ...INTAKE,
        concerns: [{ indication: "rhytides", zones: ["cheeks", "forehead", "neck"] }],
      });
      const consult = await physician.post(`/api/patients/${id}/consultations`, {});
      assert.equal(consult.status, 201, JSON.stringify(consult.body));
      const planUrl = `/api/consultations/${consult.body.consultation.id}/plans`;
      const decision = await physician.get(`/api/patients/${id}/decision`);
      type Zone = { zone: string; minMm: number; maxMm: number };
      const zone = (name: string) => {
        const z = decision.body.planZones.find((x: Zone) => x.zone === name) as Zone;
        return { zone: name, minMm: z.minMm, maxMm: z.minMm };
      };

      // Forehead and cheeks are booked as the face type (£250), not the cheaper neck-and-chest one.
      const facePlan = await physician.post(planUrl, {
        zones: [zone("forehead"), zone("cheeks")],
        sessions: 3,
      });
      assert.equal(facePlan.status, 201, JSON.stringify(facePlan.body));
      assert.equal(facePlan.body.plan.priceCents, 25000 * 3);
      const neckPlan = await physician.post(planUrl, { zones: [zone("neck")], sessions: 3 });
      assert.equal(neckPlan.status, 201, JSON.stringify(neckPlan.body));
      assert.equal(neckPlan.body.plan.priceCents, 18000 * 3);

      // No one type covers cheeks and neck: no made-up price, a message saying why.
      const plans = (await physician.get(`/api/patients/${id}/plans`)).body.plans.length;
      const mixed = await physician.post(planUrl, { zones: [zone("cheeks"), zone("neck")], sessions: 3 });
      assert.equal(mixed.status, 409, JSON.stringify(mixed.body));
      assert.equal(mixed.body.error, "no_type_for_zones");
      assert.match(mixed.body.message, /cheeks/);
      assert.equal((await physician.get(`/api/patients/${id}/plans`)).body.plans.length, plans);
      // A price the provider enters stands.
      const entered = await physician.post(planUrl, {
        zones: [zone("cheeks"), zone("neck")],
        sessions: 3,
        priceCents: 60000,
      });
      assert.equal(entered.status, 201, JSON.stringify(entered.body));
      assert.equal(entered.body.plan.priceCents, 60000);
    });

    test("the preparation checklist lists every step the decision produced (the antiviral for a cold-sore history)", async () => {
      const ava = await signedIn(app, DEMO.patient);
      const id = await patientIdOf(physician, "Martin");
      const upcoming = await database.admin.query(
        `select count(*)::int as n from appointments a join appointment_types t on t.id = a.type_id
         where a.patient_id = $1 and t.kind = 'microneedling' and a.starts_at > now() and a.status = 'booked'`,
        [id],
      );
      if (upcoming.rows[0].n === 0) {
        await database.admin.query(
          `insert into appointments (clinic_id, location_id, patient_id, type_id, provider_id, starts_at, ends_at, status)
           select p.clinic_id, l.id, p.id, t.id, null, now() + interval '20 days', now() + interval '20 days 90 minutes', 'booked'
           from patients p join locations l on l.clinic_id = p.clinic_id
           join appointment_types t on t.clinic_id = p.clinic_id and t.kind = 'microneedling'
           where p.id = $1 limit 1`,
          [id],
        );
      }
      assert.equal(
        (await ava.post("/api/portal/intake", { ...INTAKE, history: { keloids: false, coldSores: true } }))
          .status,
        201,
      );
      const consult = await physician.post(`/api/patients/${id}/consultations`, {});
      assert.ok(consult.body.consultation.decision.prepInstructions.includes("PREP-HSV-PROPHYLAXIS"));
      const overview = await ava.get("/api/portal/overview");
      assert.equal(overview.status, 200);
      const items = overview.body.prep.items.map((i: { id: string }) => i.id);
      assert.ok(items.includes("PREP-HSV-PROPHYLAXIS"), items.join(", "));
    });
  });
}
