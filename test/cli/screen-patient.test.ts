/**
 * `remodel screen --patient ID --date DAY` as an administrator runs it, against a fresh database
 * (DATABASE_URL) with the demo clinic and an imported Synthea patient: the decision is the one
 * `remodel screen FILE` gives for the same input and follows the output schema; unknown and
 * ambiguous patients exit 2 with one line; the read is audited.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { seedDemoClinic } from "../../src/server/demo-seed.ts";
import { FIXTURES } from "../api/fhir-support.ts";
import outputSchema from "../fixtures/spec/screening-output.schema.json" with { type: "json" };
import { databaseTargets, freshDatabase, type TestDatabase } from "../support/db.ts";

const remodel = path.resolve(import.meta.dirname, "../../bin/remodel");
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;
const validOutput = addFormats(new Ajv2020({ allErrors: true, strict: false })).compile(outputSchema);

const BUNDLE = path.join(FIXTURES, "Clemente_Kreiger_1484a42d-0eaf-4654-9cbf-6b050a5cd73b.json");
const SOURCE_ID = "d78af07c-9cb9-4f31-9b11-c45a28f2eec8";
const DATE = "2031-03-14";

function run(args: string[], env: NodeJS.ProcessEnv, stdin = "") {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(remodel, args, { env: { ...process.env, LOG_LEVEL: "silent", ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

const oneLine = (text: string) => text.trimEnd().split("\n").length === 1;

for (const target of await databaseTargets()) {
  describe(`remodel screen --patient (${target.name} PostgreSQL)`, () => {
    let database: TestDatabase;
    let env: NodeJS.ProcessEnv;
    let tmp: string;
    let imported: string;
    let demoPatient: string;
    const q = async (sql: string, p: unknown[] = []) => (await database.admin.query(sql, p)).rows;

    before(async () => {
      database = await freshDatabase(target);
      await seedDemoClinic(database.adminUrl);
      env = { DATABASE_URL: database.adminUrl };
      tmp = await mkdtemp(path.join(os.tmpdir(), "remodel-screen-patient-"));
      const res = await run(["import", "--fhir", BUNDLE, "--clinic", "demo"], env);
      assert.equal(res.code, 0, res.stderr);
      imported = (await q("select patient_id from patient_identifiers where value = $1", [SOURCE_ID]))[0]
        .patient_id;
      // A demo patient with an intake on file (the concerns come from it).
      const [patient] = await q(
        "select p.id, p.clinic_id from patients p join clinics c on c.id = p.clinic_id where c.slug = 'demo' and p.sex = 'female' and p.fitzpatrick is not null order by p.created_at limit 1",
      );
      demoPatient = patient.id;
      const [owner] = await q("select id from users where clinic_id = $1 and role = 'owner' limit 1", [
        patient.clinic_id,
      ]);
      await q(
        `insert into intake_submissions (clinic_id, patient_id, version, answers, protocol_version, submitted_by)
         values ($1, $2, 1, $3, 'test', $4)`,
        [
          patient.clinic_id,
          demoPatient,
          JSON.stringify({ concerns: [{ indication: "rhytides", zones: ["perioral", "neck"] }] }),
          owner.id,
        ],
      );
    });
    after(async () => {
      await database.drop();
      await rm(tmp, { recursive: true, force: true });
    });

    test("by Remodel's id: the same JSON as `remodel screen FILE` on the input it built", async () => {
      const args = [
        "screen",
        "--patient",
        demoPatient,
        "--date",
        DATE,
        "--pregnant",
        "no",
        "--breastfeeding",
        "no",
      ];
      const res = await run(args, env);
      assert.equal(res.code, 0, res.stderr);
      const decision = JSON.parse(res.stdout);
      assert.ok(validOutput(decision), JSON.stringify(validOutput.errors));

      const input = await run([...args, "--print-input"], env);
      assert.equal(input.code, 0, input.stderr);
      assert.equal(JSON.parse(input.stdout).requestedAppointment, DATE);
      const file = path.join(tmp, "built.json");
      await writeFile(file, input.stdout);
      const fromFile = await run(["screen", file], env);
      assert.equal(fromFile.code, 0, fromFile.stderr);
      assert.equal(res.stdout, fromFile.stdout);
    });

    test("by an imported identifier (the source Patient.id), with the concern and skin type given", async () => {
      const before = (await q("select count(*)::int as n from audit_log where action = 'screening.cli'"))[0]
        .n;
      const res = await run(
        [
          "screen",
          "--patient",
          SOURCE_ID,
          "--date",
          DATE,
          "--concern",
          "acne-scars:cheeks:3",
          "--fitzpatrick",
          "III",
        ],
        env,
      );
      assert.equal(res.code, 0, res.stderr);
      const decision = JSON.parse(res.stdout);
      assert.ok(validOutput(decision), JSON.stringify(validOutput.errors));
      const audit = await q(
        "select actor_role, resource_id, detail from audit_log where action = 'screening.cli' order by id",
      );
      assert.equal(audit.length, before + 1);
      const last = audit.at(-1);
      assert.equal(last.actor_role, "cli");
      assert.equal(last.resource_id, imported);
      assert.equal(last.detail.outcome, decision.outcome);
      assert.equal(last.detail.appointmentDate, DATE);
      assert.ok(!JSON.stringify(last.detail).includes("Clemente"));
    });

    test("what the record lacks is named, with the option that supplies it", async () => {
      const noSkin = await run(
        ["screen", "--patient", SOURCE_ID, "--date", DATE, "--concern", "rhytides:forehead"],
        env,
      );
      assert.equal(noSkin.code, 2);
      assert.equal(noSkin.stdout, "");
      assert.ok(oneLine(noSkin.stderr));
      assert.match(noSkin.stderr, /patient\.fitzpatrick.*--fitzpatrick/);

      const noConcern = await run(
        ["screen", "--patient", SOURCE_ID, "--date", DATE, "--fitzpatrick", "II"],
        env,
      );
      assert.equal(noConcern.code, 2);
      assert.match(noConcern.stderr, /--concern/);
    });

    test("an unknown patient, a bad date or a missing --date exits 2 with one line", async () => {
      for (const args of [
        ["--patient", "no-such-patient", "--date", DATE],
        ["--patient", "3f2b8c1e-6d4a-4b7e-9a1c-2e5f7d9b0c11", "--date", DATE],
        ["--patient", SOURCE_ID, "--date", "2031-02-30"],
        ["--patient", SOURCE_ID],
        ["--patient", SOURCE_ID, "--date", DATE, "file.json"],
      ]) {
        const res = await run(["screen", ...args], env);
        assert.equal(res.code, 2, args.join(" "));
        assert.equal(res.stdout, "");
        assert.ok(oneLine(res.stderr), res.stderr);
      }
      const unknown = await run(["screen", "--patient", "no-such-patient", "--date", DATE], env);
      assert.match(unknown.stderr, /no patient 'no-such-patient'/);
    });

    test("an identifier found in two clinics asks for --clinic, and --clinic settles it", async () => {
      const [other] = await q(
        "insert into clinics (slug, name, time_zone) values ('elsewhere', 'Elsewhere', 'Europe/Paris') returning id",
      );
      const [twin] = await q(
        "insert into patients (clinic_id, given_name, family_name, date_of_birth, sex, fitzpatrick) values ($1, 'Other', 'Person', '1990-01-01', 'male', 'II') returning id",
        [other.id],
      );
      const [ident] = await q("select system from patient_identifiers where value = $1", [SOURCE_ID]);
      await q(
        "insert into patient_identifiers (clinic_id, patient_id, system, value) values ($1, $2, $3, $4)",
        [other.id, twin.id, ident.system, SOURCE_ID],
      );
      const args = [
        "screen",
        "--patient",
        SOURCE_ID,
        "--date",
        DATE,
        "--concern",
        "rhytides:forehead",
        "--fitzpatrick",
        "II",
      ];
      const ambiguous = await run(args, env);
      assert.equal(ambiguous.code, 2);
      assert.ok(oneLine(ambiguous.stderr));
      assert.match(ambiguous.stderr, /2 clinics \(demo, elsewhere\).*--clinic/);
      for (const slug of ["demo", "elsewhere"]) {
        const res = await run([...args, "--clinic", slug], env);
        assert.equal(res.code, 0, res.stderr);
        const [audit] = await q(
          "select a.resource_id from audit_log a join clinics c on c.id = a.clinic_id where a.action = 'screening.cli' and c.slug = $1 order by a.id desc limit 1",
          [slug],
        );
        assert.equal(audit.resource_id, slug === "demo" ? imported : twin.id);
      }
    });
  });
}
