// The staff app's FHIR upload: one bundle per request, answered with the import report (what was
// imported, what could not be mapped and why).
import { z } from "zod";
import { action } from "./endpoint.ts";

/** An import origin names the system a bundle came from; source ids are unique within it. */
export const IMPORT_ORIGIN = /^[a-z0-9][a-z0-9._-]{0,62}$/;

export const importQuery = z.strictObject({
  source: z
    .string()
    .regex(IMPORT_ORIGIN, "lower-case letters, digits, '.', '_' or '-' (1-63)")
    .default("default"),
});

/** A FHIR R4 Bundle; the import itself names any resource at fault. */
export const importBundleBody = z.looseObject({ resourceType: z.string() });

const tally = { created: z.number(), updated: z.number(), unchanged: z.number() };

export const importReport = z.object({
  bundleType: z.string(),
  resources: z.number(),
  patients: z.object({ ...tally, ids: z.array(z.string()) }),
  conditions: z.object({ ...tally, mapped: z.number() }),
  medications: z.object(tally),
  allergies: z.object({ ...tally, mapped: z.number() }),
  states: z.object({ pregnant: z.number(), breastfeeding: z.number() }),
  skipped: z.record(z.string(), z.number()),
  unmapped: z.array(
    z.object({ entry: z.number(), resourceType: z.string(), codes: z.string(), reason: z.string() }),
  ),
});
export const importAnswer = z.object({ report: importReport });

/** Imports one bundle (query: source, the system it came from). */
export const importFhirBundle = action("POST", "/api/fhir/import", importBundleBody, importAnswer);

export type ImportReport = z.output<typeof importReport>;
export type Tally = ImportReport["medications"];
