// The session chart as a record of what was done: every field kept, signing only with the checklist
// done or a written reason, linked to its appointment and plan (which the signing advances), the
// next session not bookable inside the interval, and an unrecognised medicine reviewed by a
// clinician so that the re-screen goes on.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { Temporal } from "temporal-polyfill";
import type { App } from "../../src/server/app.ts";
import { type Client, DEMO, seededApp, signedIn } from "../support/api.ts";
import { databaseTargets, freshDatabase, type TestDatabase } from "../support/db.ts";
import { INTAKE, patientIdOf, signOnTablet } from "./clinical-record-fixtures.ts";

const STEPS = ["PROC-CLEANSE", "PROC-TOPICAL-ANESTHETIC", "PROC-REMOVE-ANTISEPTIC", "PROC-GLIDE"];

for (const target of await databaseTargets()) {
  describe(`session chart record (${target.name} PostgreSQL)`, () => {
    let database: TestDatabase;
    let app: App;
    let nurse: Client;
    let physician: Client;
    let owner: Client;
    let desk: Client;
    let deviceId: string;
    before(async () => {
      database = await freshDatabase(target);
      app = await seededApp(database);
      nurse = await signedIn(app, DEMO.nurse);
      physician = await signedIn(app, DEMO.physician);
      owner = await signedIn(app, DEMO.owner);
      desk = await signedIn(app, DEMO.desk);
      deviceId = (await database.admin.query("select id from devices order by name limit 1")).rows[0].id;
    });
    after(async () => {
      await app.close();
      await database.drop();
    });

    async function readyPatient(familyName: string, intake: object = INTAKE): Promise<string> {
      const id = await patientIdOf(nurse, familyName);
      const res = await nurse.post(`/api/patients/${id}/intake`, intake);
      assert.equal(res.status, 201, JSON.stringify(res.body));
      await signOnTablet(nurse, id);
      return id;
    }

    /** A treatment session of the patient today that has already ended (the visit before the signing). */
    async function sessionToday(patientId: string): Promise<{ id: string; endsAt: Date }> {
      const { rows } = await database.admin.query(
        `with today as (
           select (date_trunc('day', now() at time zone l.time_zone) at time zone l.time_zone) as start, l.id as location_id
           from locations l join patients p on p.clinic_id = l.clinic_id where p.id = $1 order by l.created_at limit 1),
         span as (select greatest(start + interval '1 second', now() - interval '2 hours') as s, location_id from today)
         insert into appointments (clinic_id, location_id, patient_id, type_id, starts_at, ends_at, status)
         select p.clinic_id, span.location_id, p.id,
                (select id from appointment_types t where t.clinic_id = p.clinic_id and t.kind = 'microneedling' limit 1),
                span.s, span.s + (now() - span.s) / 2, 'checked_in'
         from patients p, span where p.id = $1
         returning id, ends_at as "endsAt"`,
        [patientId],
      );
      return rows[0];
    }

    const everything = (extra: object = {}) => ({
      checklist: {
        steps: Object.fromEntries(STEPS.map((s) => [s, true])),
        anaesthetic: { product: "lidocaine 4% cream", startedAt: "08:15", endedAt: "08:50" },
        incompleteReason: null,
      },
      zones: [{ zone: "cheeks", depthMm: 1, passes: 3, pattern: "crosshatch" }],
      deviceId,
      cartridgeLot: "LOT-R7",
      cartridgeExpiry: "2099-12-31",
      postProduct: { productId: "ha-hydrogel", lot: "HG-2231" },
      endpoint: "erythema-pinpoint-bleeding",
      adverseEvents: [
        { kind: "Pinpoint bleeding beyond endpoint", severity: "mild", action: "Pressure, settled" },
      ],
      ...extra,
    });

    test("every field saved is read back; signing needs the checklist done or a written reason", async () => {
      const id = await readyPatient("Kowalski");
      const start = await nurse.post(`/api/patients/${id}/charts`, {});
      assert.equal(start.status, 201, JSON.stringify(start.body));
      const chartId = start.body.chart.id;

      // Nothing ticked, no reason: refused, naming the field.
      const partial = everything({ checklist: { steps: { "PROC-CLEANSE": true }, anaesthetic: null } });
      assert.equal((await nurse.request("PUT", `/api/charts/${chartId}`, partial)).status, 200);
      const refused = await nurse.post(`/api/charts/${chartId}/sign`);
      assert.equal(refused.status, 409, JSON.stringify(refused.body));
      assert.equal(refused.body.error, "chart_incomplete");
      assert.ok("chart.checklist.incompleteReason" in refused.body.fields, JSON.stringify(refused.body));
      // A product without its lot cannot be signed either: a lot recall would never find it.
      const noLot = everything({ postProduct: { productId: "ha-hydrogel", lot: null } });
      assert.equal((await nurse.request("PUT", `/api/charts/${chartId}`, noLot)).status, 200);
      const refusedLot = await nurse.post(`/api/charts/${chartId}/sign`);
      assert.equal(refusedLot.status, 409);
      assert.ok("chart.postProduct.lot" in refusedLot.body.fields);

      const body = everything();
      assert.equal((await nurse.request("PUT", `/api/charts/${chartId}`, body)).status, 200);
      const read = await nurse.get(`/api/charts/${chartId}`);
      assert.equal(read.status, 200);
      const c = read.body.chart;
      assert.deepEqual(c.checklist, body.checklist);
      assert.deepEqual(c.postProduct, body.postProduct);
      assert.deepEqual(c.adverseEvents, body.adverseEvents);
      assert.equal(c.endpoint, body.endpoint);
      assert.equal(c.cartridgeLot, "LOT-R7");

      const signed = await nurse.post(`/api/charts/${chartId}/sign`);
      assert.equal(signed.status, 200, JSON.stringify(signed.body));
      assert.deepEqual(signed.body.chart.checklist, body.checklist);
      assert.deepEqual(signed.body.chart.adverseEvents, body.adverseEvents);
      // The product lot now finds the chart.
      const recall = await nurse.get("/api/recalls?lot=HG-2231");
      assert.deepEqual(
        recall.body.charts.map((r: { chartId: string; match: string }) => [r.chartId, r.match]),
        [[chartId, "product"]],
      );
    });

    test("a step not done can be signed with a written reason, kept on the locked chart", async () => {
      const id = await readyPatient("Hussain");
      const chartId = (await nurse.post(`/api/patients/${id}/charts`, {})).body.chart.id;
      const reason = "Patient declined the numbing cream; tolerated 0.5 mm well.";
      const body = everything({
        checklist: {
          steps: { "PROC-CLEANSE": true, "PROC-REMOVE-ANTISEPTIC": true, "PROC-GLIDE": true },
          anaesthetic: null,
          incompleteReason: reason,
        },
      });
      assert.equal((await nurse.request("PUT", `/api/charts/${chartId}`, body)).status, 200);
      const signed = await nurse.post(`/api/charts/${chartId}/sign`);
      assert.equal(signed.status, 200, JSON.stringify(signed.body));
      assert.equal(signed.body.chart.checklist.incompleteReason, reason);
    });

    test("started from the plan, the chart links today's appointment; signing advances the plan and the next session waits for the interval", async () => {
      const patient = await signedIn(app, DEMO.patient);
      assert.equal((await patient.post("/api/portal/intake", INTAKE)).status, 201);
      const id = await patientIdOf(physician, "Martin");
      const consult = await physician.post(`/api/patients/${id}/consultations`, { goodmanBaronGrade: 3 });
      assert.equal(consult.status, 201, JSON.stringify(consult.body));
      const made = await physician.post(`/api/consultations/${consult.body.consultation.id}/plans`, {
        sessions: 3,
        intervalWeeks: 6,
      });
      assert.equal(made.status, 201, JSON.stringify(made.body));
      const plan = made.body.plan;
      assert.equal((await patient.post(`/api/portal/plans/${plan.id}/accept`)).status, 200);
      await signOnTablet(physician, id);
      const visit = await sessionToday(id);

      const before = await patient.get("/api/portal/overview");
      assert.equal(before.body.plan.sessionsDone, 0);

      const start = await physician.post(`/api/patients/${id}/charts`, { planId: plan.id });
      assert.equal(start.status, 201, JSON.stringify(start.body));
      assert.equal(start.body.chart.planId, plan.id);
      assert.equal(start.body.chart.appointmentId, visit.id);
      const chartId = start.body.chart.id;
      assert.equal((await physician.request("PUT", `/api/charts/${chartId}`, everything())).status, 200);
      assert.equal((await physician.post(`/api/charts/${chartId}/sign`)).status, 200);

      const overview = await patient.get("/api/portal/overview");
      assert.equal(overview.body.plan.sessions, 3);
      assert.equal(overview.body.plan.sessionsDone, 1);
      const today = overview.body.today as string;
      assert.equal(
        overview.body.nextWindow.from,
        Temporal.PlainDate.from(today).add({ weeks: 6 }).toString(),
      );

      // Aftercare runs from the end of the visit, not from the signing.
      const aftercare = await patient.get("/api/portal/aftercare");
      assert.equal(aftercare.body.sessions[0].endedAt, visit.endsAt.toISOString());

      // The portal offers only the two sessions the plan has left.
      const options = await patient.get("/api/portal/booking-options");
      assert.equal(options.status, 200);
      assert.equal(options.body.plan.sessions.max, 2);
      assert.equal(options.body.plan.intervalWeeks.min, 6);

      // Booking the next session inside the plan's interval is refused (five weeks < six).
      const screened = await desk.post(`/api/patients/${id}/screenings`, {
        requestedAppointment: today,
        request: {
          setting: "clinic",
          concerns: [{ indication: "acne-scars", zones: ["cheeks"], goodmanBaronGrade: 2 }],
        },
        patient: { pregnant: false, breastfeeding: false },
      });
      assert.equal(screened.status, 201, JSON.stringify(screened.body));
      const type = (
        await database.admin.query("select id from appointment_types where kind = 'microneedling' limit 1")
      ).rows[0].id;
      const inside = Temporal.PlainDate.from(today).add({ weeks: 5 });
      const slots = await desk.get(
        `/api/slots?typeId=${type}&patientId=${id}&from=${inside}&to=${inside.add({ days: 6 })}&limit=50`,
      );
      assert.equal(slots.status, 200, JSON.stringify(slots.body));
      assert.deepEqual(slots.body.slots, [], "no slot inside the plan's interval");
      // Sessions are offered again from the plan's interval on (later when other sessions are booked).
      const wide = await desk.get(
        `/api/slots?typeId=${type}&patientId=${id}&from=${today}&to=${Temporal.PlainDate.from(today).add({ weeks: 16 })}&limit=3`,
      );
      assert.ok(wide.body.slots.length > 0, JSON.stringify(wide.body));
      assert.ok(wide.body.slots[0].date >= Temporal.PlainDate.from(today).add({ weeks: 6 }).toString());
      const tooMany = await patient.post("/api/appointment-series", {
        typeId: type,
        firstStartsAt: `${Temporal.PlainDate.from(today).add({ weeks: 6, days: 1 })}T10:00:00Z`,
        sessions: 3,
        intervalWeeks: 6,
      });
      assert.equal(tooMany.status, 422, JSON.stringify(tooMany.body));
      assert.ok("body.sessions" in tooMany.body.fields);
    });

    test("a session charted without an appointment still counts: a next-day session cannot be booked", async () => {
      const id = await readyPatient("Murphy");
      const chartId = (await nurse.post(`/api/patients/${id}/charts`, {})).body.chart.id;
      assert.equal((await nurse.request("PUT", `/api/charts/${chartId}`, everything())).status, 200);
      assert.equal((await nurse.post(`/api/charts/${chartId}/sign`)).status, 200);
      const today = Temporal.Now.plainDateISO("Europe/London");
      const screened = await desk.post(`/api/patients/${id}/screenings`, {
        requestedAppointment: today.toString(),
        request: {
          setting: "clinic",
          concerns: [{ indication: "acne-scars", zones: ["cheeks"], goodmanBaronGrade: 2 }],
        },
        patient: { pregnant: false, breastfeeding: false },
      });
      assert.equal(screened.status, 201, JSON.stringify(screened.body));
      const type = (
        await database.admin.query("select id from appointment_types where kind = 'microneedling' limit 1")
      ).rows[0].id;
      const slots = await desk.get(
        `/api/slots?typeId=${type}&patientId=${id}&from=${today.add({ days: 1 })}&to=${today.add({ days: 8 })}&limit=50`,
      );
      assert.equal(slots.status, 200, JSON.stringify(slots.body));
      assert.deepEqual(slots.body.slots, []);
      // Past the series' minimum interval, sessions are offered again.
      const later = today.add({ weeks: 6 });
      const open = await desk.get(
        `/api/slots?typeId=${type}&patientId=${id}&from=${later}&to=${later.add({ days: 6 })}&limit=5`,
      );
      assert.ok(open.body.slots.length > 0, JSON.stringify(open.body));
    });

    test("links are checked: another patient's appointment is refused by field, nothing written", async () => {
      const id = await readyPatient("Nguyen");
      const other = await patientIdOf(nurse, "Adeyemi");
      const visit = await sessionToday(other);
      const res = await nurse.post(`/api/patients/${id}/charts`, { appointmentId: visit.id });
      assert.equal(res.status, 400);
      assert.ok("body.appointmentId" in res.body.fields);
      const n = await database.admin.query(
        "select count(*)::int as n from session_charts where patient_id = $1",
        [id],
      );
      assert.equal(n.rows[0].n, 0);
    });

    test("an unrecognised medicine stops the session until a clinician reviews it; the review is audited and remembered", async () => {
      const id = await readyPatient("Schmidt");
      const changes = {
        newMedications: [
          { ingredient: "Microgynon 30", route: "oral", prescribed: true, ongoing: true, lastTaken: null },
        ],
        newConditions: [],
        pregnant: false,
        breastfeeding: false,
      };
      const stopped = await nurse.post(`/api/patients/${id}/charts`, { changes });
      assert.equal(stopped.status, 201, JSON.stringify(stopped.body));
      assert.equal(stopped.body.chart.status, "stopped");
      assert.deepEqual(
        stopped.body.chart.rescreen.decision.unrecognizedMedications.map((m: { name: string }) => m.name),
        ["Microgynon 30"],
      );

      const review = {
        name: "Microgynon 30",
        decision: "not-relevant",
        classId: null,
        reason: "Combined oral contraceptive: no bearing on needling.",
      };
      assert.equal((await owner.post(`/api/patients/${id}/medication-reviews`, review)).status, 403);
      const badClass = await nurse.post(`/api/patients/${id}/medication-reviews`, {
        ...review,
        decision: "class",
        classId: "no-such-class",
      });
      assert.equal(badClass.status, 400);
      assert.ok("body.classId" in badClass.body.fields);
      const short = await nurse.post(`/api/patients/${id}/medication-reviews`, { ...review, reason: "ok" });
      assert.equal(short.status, 400);
      assert.ok("body.reason" in short.body.fields);

      const saved = await nurse.post(`/api/patients/${id}/medication-reviews`, review);
      assert.equal(saved.status, 201, JSON.stringify(saved.body));
      const audited = await database.admin.query(
        "select detail from audit_log where action = 'medication.review' and resource_id = $1",
        [id],
      );
      assert.equal(audited.rows.length, 1);
      assert.equal(audited.rows[0].detail.decision, "not-relevant");

      // The medicine is on file now; the re-screen goes on with the review applied.
      const again = await nurse.post(`/api/patients/${id}/charts`, {
        changes: { pregnant: false, breastfeeding: false },
      });
      assert.equal(again.status, 201, JSON.stringify(again.body));
      assert.equal(again.body.chart.status, "open");
      assert.deepEqual(
        again.body.chart.rescreen.medicationReviews.map((r: { name: string }) => r.name),
        ["Microgynon 30"],
      );
      const listed = await physician.get(`/api/patients/${id}/medication-reviews`);
      assert.equal(listed.body.reviews.length, 1);
    });
  });
}
