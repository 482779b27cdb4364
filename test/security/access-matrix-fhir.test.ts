/**
 * The access matrix over the FHIR API, type by type: every resource type the CapabilityStatement
 * lists, read and searched as every role, answers as FHIR_TYPE_READERS says — which is what the
 * REST route of the same record admits. Patient/$everything gives each role only what it may read:
 * front desk gets no chart (Procedure), no outcome score and no photo, as /api/charts/:id,
 * /api/patients/:id/outcomes and the photo routes refuse them.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { App } from "../../src/server/app.ts";
import { INTAKE, signOnTablet } from "../api/clinical-record-fixtures.ts";
import { Client, DEMO, type Response, seededApp, signedIn } from "../support/api.ts";
import { databaseTargets, freshDatabase, type TestDatabase } from "../support/db.ts";
import { ACCESS_MATRIX, FHIR_REST_TWIN, FHIR_TYPE_READERS } from "./access-matrix.ts";

type Caller = "anonymous" | "patient" | "front_desk" | "provider" | "owner";
const CALLERS: Caller[] = ["anonymous", "patient", "front_desk", "provider", "owner"];
const LOGIN: Record<Exclude<Caller, "anonymous">, string> = {
  patient: DEMO.patient,
  front_desk: DEMO.desk,
  provider: DEMO.physician,
  owner: DEMO.owner,
};
const PREFIXES = ["/fhir/r4", "/fhir/R4"];

const refused = (r: Response) =>
  (r.status === 401 || r.status === 403) &&
  r.body?.resourceType === "OperationOutcome" &&
  ["security", "forbidden"].includes(r.body.issue?.[0]?.code);

for (const target of await databaseTargets()) {
  describe(`FHIR access matrix (${target.name} PostgreSQL)`, () => {
    let database: TestDatabase;
    let app: App;
    const clients = new Map<Caller, Client>();
    let patientId: string;
    let chartId: string;
    let scoreId: string;
    let searchParams: Map<string, string[]>;

    before(async () => {
      database = await freshDatabase(target);
      app = await seededApp(database);
      clients.set("anonymous", new Client(app));
      for (const [caller, email] of Object.entries(LOGIN))
        clients.set(caller as Caller, await signedIn(app, email));
      patientId = (
        await database.admin.query("select patient_id from users where email = $1", [DEMO.patient])
      ).rows[0].patient_id;
      // A chart and an outcome score of this patient: the records the REST API keeps from front desk.
      const nurse = await signedIn(app, DEMO.nurse);
      assert.equal((await nurse.post(`/api/patients/${patientId}/intake`, INTAKE)).status, 201);
      await signOnTablet(nurse, patientId);
      const chart = await nurse.post(`/api/patients/${patientId}/charts`, {});
      assert.equal(chart.status, 201, JSON.stringify(chart.body));
      chartId = chart.body.chart.id;
      scoreId = (
        await database.admin.query(
          `insert into outcome_scores (clinic_id, patient_id, scale_id, rater, value, recorded_on, recorded_by, protocol_version)
           select p.clinic_id, p.id, 'gscar', 'clinician', 3, current_date, u.id, 'test'
           from patients p join users u on u.clinic_id = p.clinic_id and u.email = $2 where p.id = $1 returning id`,
          [patientId, DEMO.nurse],
        )
      ).rows[0].id;
      const metadata = await clients.get("anonymous")!.get("/fhir/r4/metadata");
      searchParams = new Map(
        (metadata.body.rest[0].resource as { type: string; searchParam?: { name: string }[] }[]).map((r) => [
          r.type,
          (r.searchParam ?? []).map((p) => p.name),
        ]),
      );
    });
    after(async () => {
      await app.close();
      await database.drop();
    });

    test("every served type is declared, and each admits the roles of its REST twin", () => {
      assert.deepEqual([...searchParams.keys()].sort(), Object.keys(FHIR_TYPE_READERS).sort());
      for (const [type, route] of Object.entries(FHIR_REST_TWIN)) {
        const rest = ACCESS_MATRIX[route];
        assert.ok(rest, `${route} is in the access matrix`);
        assert.deepEqual(
          [...(FHIR_TYPE_READERS[type] ?? [])].sort(),
          [...(rest.roles as string[])].sort(),
          type,
        );
      }
    });

    test("each type's search and read answer each role as declared", async () => {
      const failures: string[] = [];
      let checks = 0;
      // (An outcome score read by id is for clinicians only: its own test below.)
      const readIds: Record<string, string> = { Patient: patientId, Procedure: chartId };
      for (const prefix of PREFIXES) {
        for (const [type, readers] of Object.entries(FHIR_TYPE_READERS)) {
          const urls = [
            searchParams.get(type)?.includes("patient")
              ? `${prefix}/${type}?patient=${patientId}`
              : `${prefix}/${type}`,
            ...(readIds[type] ? [`${prefix}/${type}/${readIds[type]}`] : []),
          ];
          for (const caller of CALLERS) {
            const allowed = caller !== "anonymous" && readers.includes(caller as never);
            for (const url of urls) {
              const res = await clients.get(caller)!.get(url);
              checks++;
              const where = `${url} as ${caller} -> ${res.status} ${JSON.stringify(res.body).slice(0, 160)}`;
              if (res.status >= 500) failures.push(`server error: ${where}`);
              else if (allowed && res.status !== 200) failures.push(`should be allowed: ${where}`);
              else if (!allowed && !refused(res)) failures.push(`should be refused: ${where}`);
            }
          }
        }
      }
      console.log(`FHIR access matrix: ${checks} type x role checks, ${failures.length} failures`);
      assert.deepEqual(failures, []);
    });

    test("outcome scores are clinicians' records in FHIR as in REST: front desk neither reads nor finds one", async () => {
      const desk = clients.get("front_desk")!;
      const provider = clients.get("provider")!;
      assert.equal((await desk.get(`/api/patients/${patientId}/outcomes`)).status, 403);
      assert.equal((await desk.get(`/fhir/r4/Observation/${scoreId}`)).status, 404);
      const deskSearch = await desk.get(`/fhir/r4/Observation?patient=${patientId}`);
      assert.equal(deskSearch.status, 200);
      assert.ok(!JSON.stringify(deskSearch.body).includes(scoreId));
      assert.equal((await provider.get(`/fhir/r4/Observation/${scoreId}`)).status, 200);
    });

    test("Patient/$everything gives each role only the types it may read", async () => {
      for (const caller of ["front_desk", "provider", "owner"] as const) {
        const res = await clients.get(caller)!.get(`/fhir/r4/Patient/${patientId}/$everything`);
        assert.equal(res.status, 200, JSON.stringify(res.body).slice(0, 300));
        const entries = (res.body.entry ?? []) as { resource: { resourceType: string; id: string } }[];
        const types = new Set(entries.map((e) => e.resource.resourceType));
        for (const type of types)
          assert.ok(FHIR_TYPE_READERS[type]?.includes(caller), `${caller} got ${type} in $everything`);
        const ids = entries.map((e) => e.resource.id);
        const clinician = caller !== "front_desk";
        assert.equal(ids.includes(chartId), clinician, `${caller}: the chart as a Procedure`);
        assert.equal(ids.includes(scoreId), clinician, `${caller}: the outcome score`);
        const text = JSON.stringify(res.body);
        if (!clinician) assert.ok(!/depth|needle|cartridge/i.test(text), "no chart detail for front desk");
      }
    });
  });
}
