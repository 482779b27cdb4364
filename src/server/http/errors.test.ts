import assert from "node:assert/strict";
import { test } from "node:test";
import { databaseRefusal } from "./errors.ts";

test("a missing reference names the caller's field, never clinic_id", () => {
  const r = databaseRefusal({
    code: "23503",
    detail: 'Key (clinic_id, location_id)=(a, b) is not present in table "locations".',
  });
  assert.equal(r?.status, 400);
  assert.deepEqual(Object.keys(r?.body.fields ?? {}), ["body.locationId"]);
});

test("duplicates and overlaps are conflicts; other errors are not the caller's", () => {
  assert.equal(
    databaseRefusal({ code: "23505", detail: "Key (clinic_id, email)=(x, y) already exists." })?.status,
    409,
  );
  assert.equal(databaseRefusal({ code: "23P01" })?.status, 409);
  assert.equal(databaseRefusal({ code: "40P01" }), null);
  assert.equal(databaseRefusal({ code: "57P01" }), null);
  assert.equal(databaseRefusal({}), null);
});
