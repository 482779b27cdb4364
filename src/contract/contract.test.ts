import assert from "node:assert/strict";
import { test } from "node:test";
import { z } from "zod";
import { instant } from "./codecs.ts";
import { endpoint, urlOf } from "./endpoint.ts";

test("an instant is a Date in code and an ISO string on the wire, both ways", () => {
  const at = new Date("2026-12-10T09:30:00.000Z");
  assert.equal(z.encode(instant, at), "2026-12-10T09:30:00.000Z");
  assert.deepEqual(z.decode(instant, "2026-12-10T09:30:00.000Z"), at);
  assert.deepEqual(instant.parse("2026-12-10T10:30:00+01:00"), at);
  assert.equal(instant.safeParse("10 Dec 2026").success, false);
});

test("a call's URL fills the path parameters (encoded) and appends the query it is given", () => {
  assert.equal(urlOf("/api/patients/:id/charts", { id: "a b/c" }), "/api/patients/a%20b%2Fc/charts");
  assert.equal(
    urlOf("/api/patients", {}, { limit: 20, q: "ana maría", offset: undefined }),
    "/api/patients?limit=20&q=ana+mar%C3%ADa",
  );
  assert.throws(() => urlOf("/api/patients/:id", {}), /needs the path parameter id/);
});

test("an endpoint carries its response schema, which decodes the answer the server encoded", () => {
  const e = endpoint("GET", "/api/things/:id", z.object({ at: instant }));
  const wire = JSON.parse(JSON.stringify(z.encode(e.response, { at: new Date(0) })));
  assert.deepEqual(wire, { at: "1970-01-01T00:00:00.000Z" });
  assert.deepEqual(e.response.parse(wire), { at: new Date(0) });
});
