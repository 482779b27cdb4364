import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { App } from "../../src/server/app.ts";
import { DEMO, seededApp, signedIn } from "../support/api.ts";
import { databaseTargets, freshDatabase, type TestDatabase } from "../support/db.ts";

for (const target of await databaseTargets()) {
  describe(`patients and the audit log (${target.name} PostgreSQL)`, () => {
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

    const auditCount = async (action: string, resourceId?: string) =>
      (
        await database.admin.query(
          "select count(*)::int as n from audit_log where action = $1 and ($2::text is null or resource_id = $2)",
          [action, resourceId ?? null],
        )
      ).rows[0].n as number;

    test("staff see the demo clinic's dozen patients, sorted by family name, with their next appointment", async () => {
      const desk = await signedIn(app, DEMO.desk);
      const res = await desk.get("/api/patients");
      assert.equal(res.status, 200);
      assert.equal(res.body.total, 12);
      const names = res.body.patients.map((p: { familyName: string }) => p.familyName);
      assert.deepEqual(
        names,
        [...names].sort((a: string, b: string) => a.localeCompare(b)),
      );
      assert.ok(
        res.body.patients.some((p: { nextAppointmentAt: string | null }) => p.nextAppointmentAt !== null),
      );
    });

    test("search matches part of a name, case aside, and treats % and _ literally", async () => {
      const desk = await signedIn(app, DEMO.desk);
      const ava = await desk.get("/api/patients?q=aVa%20mar");
      assert.deepEqual(
        ava.body.patients.map((p: { givenName: string }) => p.givenName),
        ["Ava"],
      );
      const wildcard = await desk.get("/api/patients?q=%25");
      assert.equal(wildcard.body.total, 0);
    });

    test("a patient page shows the record and its appointments, and the read is audited with who and from where", async () => {
      const nurse = await signedIn(app, DEMO.nurse);
      const list = await nurse.get("/api/patients?q=Martin");
      const id = list.body.patients[0].id;
      const before = await auditCount("patient.read", id);
      const res = await nurse.get(`/api/patients/${id}`);
      assert.equal(res.status, 200);
      assert.equal(res.body.patient.familyName, "Martin");
      assert.ok(res.body.appointments.length > 0);
      assert.equal(res.body.appointments[0].locationTimeZone, "Europe/London");
      assert.equal(await auditCount("patient.read", id), before + 1);
      const { rows } = await database.admin.query(
        "select a.actor_role, host(a.ip) as ip, u.email from audit_log a join users u on u.id = a.actor_user_id where action = 'patient.read' and resource_id = $1 order by a.id desc limit 1",
        [id],
      );
      assert.deepEqual(rows[0], { actor_role: "provider", ip: "127.0.0.1", email: DEMO.nurse });
    });

    test("listing patients is audited with the records shown, not the search text", async () => {
      const desk = await signedIn(app, DEMO.desk);
      await desk.get("/api/patients?q=Okafor");
      const { rows } = await database.admin.query(
        "select detail from audit_log where action = 'patient.list' order by id desc limit 1",
      );
      assert.equal(rows[0].detail.count, 1);
      assert.ok(!JSON.stringify(rows[0].detail).includes("Okafor"));
    });

    test("creating a patient writes the record and its audit entry together", async () => {
      const desk = await signedIn(app, DEMO.desk);
      const res = await desk.post("/api/patients", {
        givenName: "Lena",
        familyName: "Vogel",
        dateOfBirth: "1994-02-28",
        sex: "female",
        fitzpatrick: "III",
      });
      assert.equal(res.status, 201);
      assert.equal(await auditCount("patient.create", res.body.patient.id), 1);
    });

    test("bad input gets a 400 naming each field, and writes nothing", async () => {
      const desk = await signedIn(app, DEMO.desk);
      const count = async () =>
        (await database.admin.query("select count(*)::int as n from patients")).rows[0].n;
      const audits = async () =>
        (
          await database.admin.query(
            "select count(*)::int as n from audit_log where action = 'patient.create'",
          )
        ).rows[0].n;
      const [p0, a0] = [await count(), await audits()];
      const cases: [unknown, string][] = [
        [{ givenName: "A", familyName: "B", dateOfBirth: "2025-02-30", sex: "female" }, "body.dateOfBirth"],
        [{ givenName: "A", familyName: "B", dateOfBirth: "1990-01-01", sex: "robot" }, "body.sex"],
        [{ givenName: "", familyName: "B", dateOfBirth: "1990-01-01", sex: "male" }, "body.givenName"],
        [{ givenName: "A", familyName: "B", dateOfBirth: "1990-01-01", sex: "male", ssn: "x" }, "body.ssn"],
        [{ familyName: "B", dateOfBirth: "1990-01-01", sex: "male" }, "body.givenName"],
        [{ givenName: "A", familyName: "B", dateOfBirth: "2999-01-01", sex: "male" }, "body.dateOfBirth"],
      ];
      for (const [body, field] of cases) {
        const res = await desk.post("/api/patients", body);
        assert.equal(res.status, 400, JSON.stringify(body));
        assert.equal(res.body.error, "validation");
        assert.ok(field in res.body.fields, `${field} in ${JSON.stringify(res.body.fields)}`);
        assert.match(res.body.message, new RegExp(field.replace(".", "\\.")));
      }
      const malformed = await desk.post("/api/patients", "{not json", { "content-type": "application/json" });
      assert.equal(malformed.status, 400);
      assert.equal(malformed.body.error, "malformed_json");
      assert.deepEqual([await count(), await audits()], [p0, a0]);
    });

    test("an unknown or malformed patient id is a 4xx, never a 500", async () => {
      const desk = await signedIn(app, DEMO.desk);
      assert.equal((await desk.get("/api/patients/00000000-0000-4000-8000-000000000000")).status, 404);
      const bad = await desk.get("/api/patients/not-a-uuid");
      assert.equal(bad.status, 400);
      assert.ok("params.id" in bad.body.fields);
      const limit = await desk.get("/api/patients?limit=100000");
      assert.equal(limit.status, 400);
      assert.ok("querystring.limit" in limit.body.fields);
    });

    test("the audit log is append-only, even for the schema owner", async () => {
      await assert.rejects(database.admin.query("update audit_log set action = 'x'"), /append-only/);
      await assert.rejects(database.admin.query("delete from audit_log"), /append-only/);
      await assert.rejects(database.admin.query("truncate audit_log"), /append-only/);
      await assert.rejects(
        database.db.query("update audit_log set action = 'x'"),
        /permission denied|append-only/,
      );
    });

    test("a patient sees only their own appointments in the portal", async () => {
      const patient = await signedIn(app, DEMO.patient);
      const res = await patient.get("/api/portal/appointments");
      assert.equal(res.status, 200);
      assert.ok(res.body.appointments.length > 0);
      const own = await database.admin.query(
        "select count(*)::int as n from appointments a join patients p on p.id = a.patient_id where p.email = $1",
        [DEMO.patient],
      );
      assert.equal(res.body.appointments.length, own.rows[0].n);
    });
  });
}
