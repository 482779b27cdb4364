import assert from "node:assert/strict";
import { test } from "node:test";
import { allEnglish as en } from "./all-english.ts";
import { enApp } from "./en-app.ts";

import { addEnglishMessages, t, tCount, tMaybe } from "./index.ts";

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

test("a count of one reads in the singular (the portal said 'You have had 1 treatment sessions')", () => {
  addEnglishMessages(enApp);
  const one = tCount("plan.noneOnline", 1);
  assert.match(one, /^You have had 1 treatment session with us\./);
  assert.match(tCount("plan.noneOnline", 3), /^You have had 3 treatment sessions with us\./);
  assert.equal(tCount("planAccept.series", 1, { weeks: 4 }), "1 session");
  assert.equal(tCount("planAccept.series", 3, { weeks: 4 }), "3 sessions, one every 4 weeks");
  assert.equal(tCount("progress.photos.count", 1), "1 photo of this angle");
  assert.match(tCount("setup.locations.upcoming", 1), /^1 appointment still booked there stays/);
});

/** Counted texts only ever shown for more than one (the screen says so where it uses them). */
const ALWAYS_SEVERAL = new Set(["portalBook.bookSessions"]);

test("no English text counts with a bare placeholder before a plural noun unless it has a singular form", () => {
  const suspicious = Object.entries({ ...en, ...enApp }).filter(
    ([key, text]) =>
      !ALWAYS_SEVERAL.has(key) &&
      /\{(n|count|done|total|sessions)\} [a-z]+s\b/.test(text) &&
      !key.endsWith(".other") &&
      !key.endsWith(".many"),
  );
  assert.deepEqual(
    suspicious.map(([key]) => key),
    [],
    "give these a .one and an .other form and read them with tCount",
  );
});
