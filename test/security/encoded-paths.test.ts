/**
 * Finding F3: the CSRF check and the no-store header were decided on the raw URL, while the router
 * decodes percent-escapes: `POST /%61pi/patients` reached the route without a CSRF token, and
 * patient data under `/%61pi/...` came back without `Cache-Control: no-store`. Decisions now rest
 * on the route that answers, whatever spelling of its path reached it.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { App } from "../../src/server/app.ts";
import { DEMO, seededApp } from "../support/api.ts";
import { databaseTargets, freshDatabase, type TestDatabase } from "../support/db.ts";
import { HttpClient, listen } from "../support/http.ts";

/** Spellings of one path that the router reads as that path: each letter of a segment escaped. */
export function encodedVariants(path: string): string[] {
  const [pathname = "", query] = path.split("?");
  const out = new Set<string>();
  const segments = pathname.split("/");
  for (let s = 1; s < Math.min(segments.length, 3); s++) {
    const seg = segments[s]!;
    for (let i = 0; i < Math.min(seg.length, 3); i++) {
      if (!/[A-Za-z]/.test(seg[i]!)) continue;
      const escaped = `%${seg.charCodeAt(i).toString(16).toUpperCase()}`;
      const copy = [...segments];
      copy[s] = seg.slice(0, i) + escaped + seg.slice(i + 1);
      out.add(copy.join("/") + (query === undefined ? "" : `?${query}`));
    }
  }
  return [...out];
}

for (const target of await databaseTargets()) {
  describe(`percent-encoded paths (${target.name} PostgreSQL)`, () => {
    let database: TestDatabase;
    let app: App;
    let base: string;
    let desk: HttpClient;
    before(async () => {
      database = await freshDatabase(target);
      app = await seededApp(database);
      base = await listen(app);
      desk = new HttpClient(base);
      assert.equal(
        (await desk.post("/api/auth/login", { email: DEMO.desk, password: DEMO.password })).status,
        200,
      );
    });
    after(async () => {
      await app.close();
      await database.drop();
    });

    const patient = { givenName: "Eve", familyName: "Encoded", dateOfBirth: "1990-02-03", sex: "female" };

    test("a state-changing call without its CSRF token is refused however the path is spelled", async () => {
      const before = (await database.admin.query("select count(*)::int as n from patients")).rows[0].n;
      for (const url of ["/api/patients", ...encodedVariants("/api/patients")]) {
        const res = await desk.request("POST", url, patient, { "x-csrf-token": "" });
        assert.equal(res.status, 403, `${url} -> ${res.status} ${res.text.slice(0, 120)}`);
        assert.equal(res.body.error, "csrf", url);
      }
      for (const url of ["/api/auth/sessions", ...encodedVariants("/api/auth/sessions")]) {
        const res = await desk.request("DELETE", url, undefined, { "x-csrf-token": "" });
        assert.equal(res.status, 403, `${url} -> ${res.status}`);
      }
      const after = (await database.admin.query("select count(*)::int as n from patients")).rows[0].n;
      assert.equal(after, before, "no patient was created");
      // With its token the same encoded call works: the route itself was reached.
      const ok = await desk.post("/%61pi/patients", patient);
      assert.equal(ok.status, 201);
    });

    test("patient data is never cached, however the path is spelled", async () => {
      for (const url of ["/api/patients?limit=5", ...encodedVariants("/api/patients?limit=5")]) {
        const res = await desk.get(url);
        assert.equal(res.status, 200, url);
        assert.equal(res.headers.get("cache-control"), "no-store", url);
      }
      const fhir = await desk.get("/%66hir/r4/metadata");
      assert.equal(fhir.headers.get("cache-control"), "no-store");
    });

    test("an unknown encoded API path is a JSON 404, not the web app's page", async () => {
      const res = await desk.get("/%61pi/no-such-thing", { accept: "text/html" });
      assert.equal(res.status, 404);
      assert.equal(res.body.error, "not_found");
      assert.equal(res.headers.get("cache-control"), "no-store");
    });
  });
}
