// A clinic's row cannot point at another clinic's row, and the answer for another clinic's id is
// the answer for an id that does not exist: nothing tells whether it exists elsewhere.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { withClinic } from "../../src/db/pool.ts";
import type { App } from "../../src/server/app.ts";
import { INTAKE, patientIdOf, signOnTablet } from "../api/clinical-record-fixtures.ts";
import { type Client, DEMO, seededApp, signedIn } from "../support/api.ts";
import { databaseTargets, freshDatabase, type TestDatabase } from "../support/db.ts";

for (const target of await databaseTargets()) {
  describe(`references across clinics (${target.name} PostgreSQL)`, () => {
    let database: TestDatabase;
    let app: App;
    let nurse: Client;
    let demoClinic: string;
    let otherClinic: string;
    let otherAppointment: string;

    /** A copy of one row with other ids: enough to give a second clinic real rows. */
    async function copyRow(table: string, id: string, changes: Record<string, unknown>): Promise<string> {
      const { rows } = await database.admin.query(
        `insert into ${table} select (jsonb_populate_record(null::${table}, to_jsonb(t) || $2::jsonb)).*
         from ${table} t where id = $1 returning id`,
        [id, JSON.stringify({ id: randomUUID(), ...changes })],
      );
      return rows[0].id;
    }

    before(async () => {
      database = await freshDatabase(target);
      app = await seededApp(database);
      nurse = await signedIn(app, DEMO.nurse);
      demoClinic = (await database.admin.query("select id from clinics where slug = 'demo'")).rows[0].id;
      otherClinic = (
        await database.admin.query(
          "insert into clinics (slug, name, time_zone) values ('other', 'Other', 'UTC') returning id",
        )
      ).rows[0].id;
      const a = (
        await database.admin.query(
          "select id, location_id, patient_id, type_id from appointments where clinic_id = $1 limit 1",
          [demoClinic],
        )
      ).rows[0];
      const location = await copyRow("locations", a.location_id, { clinic_id: otherClinic });
      const type = await copyRow("appointment_types", a.type_id, { clinic_id: otherClinic });
      const patient = await copyRow("patients", a.patient_id, { clinic_id: otherClinic });
      otherAppointment = await copyRow("appointments", a.id, {
        clinic_id: otherClinic,
        location_id: location,
        type_id: type,
        patient_id: patient,
        provider_id: null,
        room_id: null,
        device_id: null,
        series_id: null,
        series_index: null,
      });
    });
    after(async () => {
      await app.close();
      await database.drop();
    });

    test("a chart cannot name another clinic's appointment; the answer is the one for an id that does not exist", async () => {
      const id = await patientIdOf(nurse, "Kowalski");
      assert.equal((await nurse.post(`/api/patients/${id}/intake`, INTAKE)).status, 201);
      await signOnTablet(nurse, id);
      const foreign = await nurse.post(`/api/patients/${id}/charts`, { appointmentId: otherAppointment });
      const missing = await nurse.post(`/api/patients/${id}/charts`, { appointmentId: randomUUID() });
      assert.equal(foreign.status, 400, JSON.stringify(foreign.body));
      assert.deepEqual(foreign.body, missing.body);
      assert.deepEqual(Object.keys(foreign.body.fields), ["body.appointmentId"]);
      const charts = await database.admin.query(
        "select count(*)::int as n from session_charts where patient_id = $1",
        [id],
      );
      assert.equal(charts.rows[0].n, 0);
    });

    test("the database itself refuses a clinic's row that refers to another clinic's appointment", async () => {
      const demo = (
        await database.admin.query(
          `select p.id as patient, c.id as consent, u.id as provider from patients p
           join consents c on c.patient_id = p.id join users u on u.clinic_id = p.clinic_id and u.role = 'provider'
           where p.clinic_id = $1 limit 1`,
          [demoClinic],
        )
      ).rows[0];
      assert.ok(demo, "a demo patient with a consent (signed in the test above)");
      await assert.rejects(
        withClinic(database.db, { clinicId: demoClinic }, (tx) =>
          tx.query(
            `insert into session_charts (clinic_id, patient_id, appointment_id, consent_id, provider_id, status,
               session_date, protocol_version, rescreen, rescreen_outcome)
             values ($1, $2, $3, $4, $5, 'open', current_date, 'x', '{}', 'eligible')`,
            [demoClinic, demo.patient, otherAppointment, demo.consent, demo.provider],
          ),
        ),
        (err: { code?: string; constraint?: string }) =>
          err.code === "23503" && err.constraint === "session_charts_appointment_clinic_fkey",
      );
      await assert.rejects(
        withClinic(database.db, { clinicId: demoClinic }, (tx) =>
          tx.query(
            "insert into prep_ticks (clinic_id, patient_id, appointment_id, step_id) values ($1, $2, $3, 's')",
            [demoClinic, demo.patient, otherAppointment],
          ),
        ),
        (err: { code?: string }) => err.code === "23503",
      );
    });
  });
}
