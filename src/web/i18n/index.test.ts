import assert from "node:assert/strict";
import { test } from "node:test";
import { allEnglish as en } from "./all-english.ts";
import { enApp } from "./en-app.ts";

import { addEnglishMessages, t, tMaybe } from "./index.ts";

addEnglishMessages(enApp);

test("values fill their placeholders; a missing value stays visible", () => {
  assert.equal(t("plan.progress", { done: 2, total: 4 }), "Session 2 of 4");
  assert.equal(t("plan.progress", { done: 2 }), "Session 2 of {total}");
  assert.equal(tMaybe("no.such.key", "fallback"), "fallback");
});

test("no message is empty and every placeholder is a plain name", () => {
  for (const [key, text] of Object.entries(en)) {
    assert.ok(text.trim().length > 0, key);
    for (const m of text.matchAll(/\{([^}]*)\}/g)) assert.match(m[1] ?? "", /^\w+$/, key);
  }
});
