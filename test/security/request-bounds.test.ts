/**
 * Finding F8: a JSON body nested 10,000 deep made `POST /api/screenings/preview` answer 500 (the
 * validator's recursion overflowed the stack). Every JSON body's nesting is bounded before it is
 * parsed: a 400 that names the body.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { App } from "../../src/server/app.ts";
import { jsonTooDeep, MAX_JSON_DEPTH } from "../../src/server/security/hardening.ts";
import { Client, DEMO, seededApp, signedIn } from "../support/api.ts";
import { databaseTargets, freshDatabase, type TestDatabase } from "../support/db.ts";

const nested = (depth: number, open = "[", close = "]", inner = "1") =>
  `${open.repeat(depth)}${inner}${close.repeat(depth)}`;

test("nesting is measured on the text: brackets inside strings do not count", () => {
  assert.equal(jsonTooDeep(nested(MAX_JSON_DEPTH)), false);
  assert.equal(jsonTooDeep(nested(MAX_JSON_DEPTH + 1)), true);
  assert.equal(jsonTooDeep(nested(MAX_JSON_DEPTH + 1, '{"a":', "}")), true);
  assert.equal(jsonTooDeep(JSON.stringify({ note: "[".repeat(5000) })), false);
  assert.equal(jsonTooDeep(JSON.stringify({ note: `\\"${"{".repeat(5000)}` })), false);
});

for (const target of (await databaseTargets()).slice(0, 1)) {
  describe(`JSON nesting is bounded (${target.name} PostgreSQL)`, () => {
    let database: TestDatabase;
    let app: App;
    before(async () => {
      database = await freshDatabase(target);
      app = await seededApp(database);
    });
    after(async () => {
      await app.close();
      await database.drop();
    });

    test("a body nested 10,000 deep is a 400 naming the body, on the public preview and elsewhere", async () => {
      const anonymous = new Client(app);
      for (const body of [nested(10_000), nested(10_000, '{"a":', "}"), `{"patient":${nested(10_000)}}`]) {
        const res = await anonymous.post("/api/screenings/preview?clinic=demo", body, {
          "content-type": "application/json",
        });
        assert.equal(res.status, 400, JSON.stringify(res.body).slice(0, 200));
        assert.equal(res.body.error, "validation");
        assert.match(res.body.message, /nested deeper than 64 levels/);
        assert.ok(res.body.fields.body);
      }
      const desk = await signedIn(app, DEMO.desk);
      const res = await desk.post("/api/patients", `{"givenName":${nested(5000)}}`, {
        "content-type": "application/json",
      });
      assert.equal(res.status, 400);
      assert.ok(res.body.fields.body);
    });

    test("the FHIR import refuses it too, as an OperationOutcome", async () => {
      const owner = await signedIn(app, DEMO.owner);
      const res = await owner.post("/fhir/r4", nested(10_000, '{"resourceType":"Bundle","entry":', "}"), {
        "content-type": "application/fhir+json",
      });
      assert.equal(res.status, 400);
      assert.equal(res.body.resourceType, "OperationOutcome");
    });

    test("ordinary nesting still passes", async () => {
      const res = await new Client(app).post(
        "/api/screenings/preview?clinic=demo",
        nested(20, '{"a":', "}"),
        {
          "content-type": "application/json",
        },
      );
      assert.equal(res.status, 400);
      assert.doesNotMatch(res.body.message, /nested deeper/, "a schema error, not the nesting bound");
    });
  });
}
