// The English and Spanish catalogues stay in step: every message a patient can read has a Spanish
// text with the same placeholders, and Spanish has no key English lacks. A new patient key fails
// here until it is translated (staff keys, see patient-keys.ts, stay English only).
import assert from "node:assert/strict";
import { test } from "node:test";
import { allEnglish as en } from "./all-english.ts";

import { es } from "./es.ts";
import { isPatientKey } from "./patient-keys.ts";

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

test("every patient message has its Spanish text", () => {
  const missing = Object.keys(en).filter((key) => isPatientKey(key) && !(key in es));
  assert.deepEqual(missing, [], `missing in es.ts: ${missing.join(", ")}`);
});

test("Spanish has no message English lacks, and none is empty", () => {
  const extra = Object.keys(es).filter((key) => !(key in en));
  assert.deepEqual(extra, [], `not in en.ts: ${extra.join(", ")}`);
  for (const [key, text] of Object.entries(es)) assert.ok(text.trim().length > 0, key);
});

test("each Spanish message fills the same values as its English one", () => {
  for (const [key, text] of Object.entries(es)) {
    assert.deepEqual(placeholders(text), placeholders(en[key as keyof typeof en]), key);
  }
});
