/**
 * `remodel import --fhir` and `remodel export --fhir` as an administrator runs them, against a
 * fresh database (DATABASE_URL) holding the demo clinic.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { seedDemoClinic } from "../../src/server/demo-seed.ts";
import { FIXTURES, fhirSchemaErrors } from "../api/fhir-support.ts";
import { databaseTargets, freshDatabase, type TestDatabase } from "../support/db.ts";

const remodel = path.resolve(import.meta.dirname, "../../bin/remodel");

function run(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(remodel, args, { env: { ...process.env, LOG_LEVEL: "silent", ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

async function counts(database: TestDatabase) {
  const { rows } = await database.admin.query(
    `select (select count(*) from patients)::int as patients, (select count(*) from patient_conditions)::int as conditions,
            (select count(*) from patient_medications)::int as medications,
            (select count(*) from patient_identifiers)::int as identifiers,
            (select md5(string_agg(row(c.patient_id, c.condition_id, c.label, c.status, c.onset, c.resolved, c.source_ref)::text, ',' order by c.id))
               from patient_conditions c) as conditions_hash,
            (select md5(string_agg(row(m.patient_id, m.ingredient, m.route, m.ongoing, m.last_taken, m.source_ref)::text, ',' order by m.id))
               from patient_medications m) as medications_hash`,
  );
  return rows[0];
}

for (const target of await databaseTargets()) {
  describe(`remodel import / export --fhir (${target.name} PostgreSQL)`, () => {
    let database: TestDatabase;
    let tmp: string;
    let env: NodeJS.ProcessEnv;
    before(async () => {
      database = await freshDatabase(target);
      await seedDemoClinic(database.adminUrl);
      tmp = await mkdtemp(path.join(os.tmpdir(), "remodel-fhir-"));
      env = { DATABASE_URL: database.adminUrl };
    });
    after(async () => {
      await database.drop();
      await rm(tmp, { recursive: true, force: true });
    });

    test("imports a folder of bundles with a report, and a second run changes nothing", async () => {
      const first = await run(["import", "--fhir", FIXTURES, "--clinic", "demo"], env);
      assert.equal(first.code, 0, first.stderr);
      assert.match(first.stdout, /imported 4 of 4 bundles/);
      assert.match(first.stdout, /patients: {4}4/);
      assert.match(first.stdout, /not kept \(types Remodel does not store\): .*Encounter \d+/);
      assert.match(first.stdout, /allergies: {3}6 \(0 with a protocol rule\)/);
      assert.doesNotMatch(first.stdout, /not kept .*AllergyIntolerance/);
      const once = await counts(database);
      const second = await run(["import", "--fhir", FIXTURES], env);
      assert.equal(second.code, 0, second.stderr);
      assert.deepEqual(await counts(database), once);
    });

    const shared = path.resolve(import.meta.dirname, "../../../shared/data/synthea");
    test("every bundle of the shared Synthea set, imported twice, gives the same rows as once", {
      skip: !existsSync(shared),
    }, async () => {
      const first = await run(["import", "--fhir", shared], env);
      assert.equal(first.code, 0, first.stderr);
      assert.match(first.stdout, /imported 22 of 22 bundles/);
      const once = await counts(database);
      const second = await run(["import", "--fhir", shared], env);
      assert.equal(second.code, 0, second.stderr);
      assert.deepEqual(await counts(database), once);
    });

    test("a bad bundle exits 2 naming the file, entry and field; good files still import", async () => {
      const bad = path.join(tmp, "bad.json");
      await writeFile(
        bad,
        JSON.stringify({
          resourceType: "Bundle",
          type: "collection",
          entry: [
            {
              resource: {
                resourceType: "Patient",
                id: "p",
                name: [{ family: "X", given: ["Y"] }],
                birthDate: "1990-13-01",
              },
            },
          ],
        }),
      );
      const before = await counts(database);
      const res = await run(["import", "--fhir", bad], env);
      assert.equal(res.code, 2);
      assert.match(res.stderr, /bad\.json: not imported: entry\[0\]\.resource\.birthDate: not a date/);
      assert.deepEqual(await counts(database), before);
      const usage = await run(["import", FIXTURES], env);
      assert.equal(usage.code, 2);
      assert.match(usage.stderr, /--fhir/);
    });

    test("export --fhir writes one NDJSON file per resource type, every line valid FHIR R4", async () => {
      const out = path.join(tmp, "export");
      const res = await run(["export", "--fhir", out], env);
      assert.equal(res.code, 0, res.stderr);
      const files = (await readdir(out)).sort();
      for (const type of [
        "Patient",
        "Condition",
        "Appointment",
        "AllergyIntolerance",
        "PractitionerRole",
        "AuditEvent",
      ])
        assert.ok(files.includes(`${type}.ndjson`), type);
      assert.ok(!files.includes("Slot.ndjson"), "slots are computed, not exported");
      const patients = (await readFile(path.join(out, "Patient.ndjson"), "utf8")).trim().split("\n");
      assert.equal(patients.length, (await counts(database)).patients);
      for (const file of files) {
        const text = (await readFile(path.join(out, file), "utf8")).trim();
        for (const line of text ? text.split("\n") : [])
          assert.deepEqual(fhirSchemaErrors(JSON.parse(line)), [], file);
      }
      const bad = await run(["export", "--fhir", out, "--type", "Spaceship"], env);
      assert.equal(bad.code, 2);
      assert.match(bad.stderr, /Spaceship/);
    });
  });
}
