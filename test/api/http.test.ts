import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { App } from "../../src/server/app.ts";
import { Client, seededApp } from "../support/api.ts";
import { databaseTargets, freshDatabase, type TestDatabase } from "../support/db.ts";

const [target] = await databaseTargets();

describe("HTTP surface", () => {
  let database: TestDatabase;
  let app: App;
  before(async () => {
    database = await freshDatabase(target!);
    app = await seededApp(database);
  });
  after(async () => {
    await app.close();
    await database.drop();
  });

  test("/health answers without the database, /ready checks it", async () => {
    const c = new Client(app);
    assert.deepEqual((await c.get("/health")).body, { status: "ok" });
    assert.deepEqual((await c.get("/ready")).body, { status: "ready" });
  });

  test("the OpenAPI document describes every API route, and its viewer is at /api/docs", async () => {
    const c = new Client(app);
    const doc = (await c.get("/api/openapi.json")).body;
    assert.equal(doc.openapi.startsWith("3."), true);
    for (const p of [
      "/api/auth/login",
      "/api/patients",
      "/api/patients/{id}",
      "/api/portal/appointments",
      "/health",
    ]) {
      assert.ok(p in doc.paths, `${p} documented`);
    }
    assert.ok(doc.paths["/api/auth/login"].post.requestBody);
    const viewer = await app.inject({ method: "GET", url: "/api/docs/" });
    assert.equal(viewer.statusCode, 200);
    assert.match(viewer.body, /swagger/i);
  });

  test("unknown routes get a JSON 404 naming the route", async () => {
    const res = await new Client(app).get("/api/nothing-here");
    assert.equal(res.status, 404);
    assert.deepEqual(Object.keys(res.body).sort(), ["error", "message"]);
    assert.match(res.body.message, /\/api\/nothing-here/);
  });

  test("a route without an access rule cannot be registered", async () => {
    const { default: Fastify } = await import("fastify");
    const { installAccessControl } = await import("../../src/server/http/access.ts");
    const bare = Fastify();
    installAccessControl(bare, {} as never, false);
    assert.throws(() => bare.get("/api/unguarded", async () => "x"), /no access rule/);
    await bare.close();
  });

  test("security headers are set on every response", async () => {
    const res = await app.inject({ method: "GET", url: "/health" });
    assert.match(String(res.headers["content-security-policy"]), /default-src 'self'/);
    assert.equal(res.headers["x-content-type-options"], "nosniff");
    assert.match(String(res.headers["x-frame-options"]), /SAMEORIGIN|DENY/);
  });
});
