// The owner's consent wording screen reads every version: GET /api/consent-templates?history=true
// lists current and past versions (newest first) for an owner only; without it, the current
// version of each kind, as the signing screens use it.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { App } from "../../src/server/app.ts";
import { DEMO, seededApp, signedIn } from "../support/api.ts";
import { databaseTargets, freshDatabase, type TestDatabase } from "../support/db.ts";

const [target] = await databaseTargets();

describe("consent wording history", () => {
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

  test("a new version becomes current and the old one stays in the owner's history, audited", async () => {
    const owner = await signedIn(app, DEMO.owner);
    const current = (await owner.get("/api/consent-templates")).body.templates.find(
      (t: { kind: string }) => t.kind === "microneedling",
    );
    const created = await owner.post("/api/consent-templates", {
      kind: "microneedling",
      title: "Microneedling treatment",
      body: "Tiny punctures in the skin; redness for a day or two is expected.",
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal(created.body.template.version, current.version + 1);

    const latest = (await owner.get("/api/consent-templates")).body.templates;
    assert.deepEqual(
      latest
        .filter((t: { kind: string }) => t.kind === "microneedling")
        .map((t: { version: number }) => t.version),
      [current.version + 1],
    );
    const history = await owner.get("/api/consent-templates?history=true");
    assert.equal(history.status, 200);
    assert.deepEqual(
      history.body.templates
        .filter((t: { kind: string }) => t.kind === "microneedling")
        .map((t: { version: number }) => t.version),
      [current.version + 1, current.version],
    );
    const { rows } = await database.admin.query(
      "select count(*)::int as n from audit_log where action = 'consent_template.create' and resource_id::text = $1",
      [created.body.template.id],
    );
    assert.equal(rows[0].n, 1);
  });

  test("only an owner reads the history; a bad flag names its field", async () => {
    const nurse = await signedIn(app, DEMO.nurse);
    assert.equal((await nurse.get("/api/consent-templates")).status, 200);
    const refused = await nurse.get("/api/consent-templates?history=true");
    assert.equal(refused.status, 403);
    const owner = await signedIn(app, DEMO.owner);
    const bad = await owner.get("/api/consent-templates?history=yes");
    assert.equal(bad.status, 400);
    assert.ok(JSON.stringify(bad.body.fields).includes("history"), JSON.stringify(bad.body));
  });
});
