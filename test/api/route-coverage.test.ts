// A rule for the future: every API capability meant for a person has a screen for that person.
// This test lists the app's routes and fails on one that no screen of src/web calls, unless it is
// listed below as API-only (with the reason) or as screen pending (a known gap, with who needs it).
// Adding a route means adding its screen, or saying here why there is none.
import assert from "node:assert/strict";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import type { App } from "../../src/server/app.ts";
import { apiRoutesOf } from "../security/route-table.ts";
import { buildTestApp } from "../support/api.ts";
import { databaseTargets, freshDatabase, type TestDatabase } from "../support/db.ts";

/** Routes for other systems, not people: no screen should call them. */
export const API_ONLY: Record<string, string> = {
  "GET /api/openapi.json": "the API's description, for developers and tools",
  "GET /api/health": "load balancers and monitoring",
  "GET /api/calendar-feeds/:file": "read by calendar apps from the subscription link a screen makes",
  "POST /api/oauth/token": "OAuth 2 token endpoint for API clients",
  "POST /api/oauth/revoke": "OAuth 2 token revocation for API clients",
  "POST /api/oauth/introspect": "OAuth 2 token introspection for API clients",
  "GET /.well-known/smart-configuration": "SMART on FHIR discovery for API clients",
  "GET /api/auth/csrf": "called by the web client itself before every change, not by a screen",
  "GET /api/appointments/:id/ics": "an .ics attachment link in confirmation e-mails",
};

/**
 * People's capabilities that have no screen yet. Each is a known gap to close; the list shrinks.
 * Other work on the same issue adds screens at the same time: a route here that a screen now calls
 * fails the last test, so remove it from this list then.
 */
export const SCREEN_PENDING: Record<string, string> = {
  "GET /api/appointments/:id": "front desk: one appointment's details",
  "POST /api/screenings/preview": "public self-check preview",
  "GET /api/screenings/:id": "clinician: one stored screening",
};

const WEB = path.resolve(import.meta.dirname, "../../src/web");

async function webFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await webFiles(full)));
    else if (/\.(ts|tsx)$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)) out.push(full);
  }
  return out;
}

const CONTRACT = path.resolve(import.meta.dirname, "../../src/contract");

/**
 * Every API path the web code mentions, `${...}` parts as one segment, query strings dropped; and
 * the path of every endpoint of the contract (src/contract) that a web file imports by name.
 */
async function pathsCalledByScreens(): Promise<string[]> {
  const found = new Set<string>();
  const texts = await Promise.all((await webFiles(WEB)).map((file) => readFile(file, "utf8")));
  for (const entry of await readdir(CONTRACT)) {
    if (!entry.endsWith(".ts") || entry.endsWith(".test.ts")) continue;
    const module: Record<string, unknown> = await import(path.join(CONTRACT, entry));
    const importer = new RegExp(
      `import (?:type )?\\{[^}]*\\} from "[./]*/contract/${entry.replace(".", "\\.")}"`,
      "gs",
    );
    for (const [name, value] of Object.entries(module)) {
      // An endpoint (its answer's schema) or a write (its body's schema).
      if (
        typeof value !== "object" ||
        value === null ||
        !("path" in value) ||
        !("response" in value || "body" in value)
      )
        continue;
      const used = texts.some((text) =>
        [...text.matchAll(importer)].some((m) => new RegExp(`\\b${name}\\b`).test(m[0])),
      );
      if (used) found.add(String(value.path).replace(/:[A-Za-z]+/g, "{x}"));
    }
  }
  for (const text of texts) {
    for (const m of text.matchAll(/["'`](\/(?:api|fhir)\/[^"'`\s]*)["'`]/g)) {
      found.add(
        m[1]!
          // A trailing interpolation glued to a segment builds the query ("/rescreen${query}").
          .replace(/([^/])\$\{[^}]*\}$/, "$1")
          .replace(/\$\{[^}]*\}/g, "{x}")
          .split("?")[0]!
          .replace(/\/$/, ""),
      );
    }
  }
  return [...found];
}

function matcher(url: string): RegExp {
  const pattern = url
    .split("/")
    .map((part) =>
      part.startsWith(":") || part === "*" ? "[^/]+" : part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"),
    )
    .join("/");
  return new RegExp(`^${pattern}$`);
}

function webMatcher(webPath: string): RegExp {
  const pattern = webPath
    .split("{x}")
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
    .join("[^/]+");
  return new RegExp(`^${pattern}$`);
}

const [target] = await databaseTargets();

describe("every person's API capability has a screen", () => {
  let database: TestDatabase;
  let app: App;
  let uncovered: string[] = [];
  before(async () => {
    database = await freshDatabase(target!);
    app = await buildTestApp(database);
    const called = await pathsCalledByScreens();
    uncovered = apiRoutesOf(app)
      .filter((r) => r.method !== "HEAD" && !r.url.startsWith("/fhir"))
      .filter((r) => {
        const re = matcher(r.url);
        // A screen path's "${...}" part may be an id or a built name ("/api/setup/${kind}"):
        // it stands for any one segment of the route.
        const concrete = r.url.replace(/:[^/]+/g, "p");
        return !called.some((p) => re.test(p) || webMatcher(p).test(concrete));
      })
      .map((r) => `${r.method} ${r.url}`);
  });
  after(async () => {
    await app?.close();
    await database?.drop();
  });

  test("no route without a screen unless it is API-only or a known pending screen", () => {
    const unexplained = uncovered.filter((r) => !(r in API_ONLY) && !(r in SCREEN_PENDING));
    assert.deepEqual(
      unexplained,
      [],
      `routes no screen calls; add the screen, or list them in test/api/route-coverage.test.ts:\n${unexplained.join("\n")}`,
    );
  });

  test("a pending route that a screen now calls is taken off the pending list", () => {
    const done = Object.keys(SCREEN_PENDING).filter((r) => !uncovered.includes(r));
    assert.deepEqual(
      done,
      [],
      `these now have a screen: remove them from SCREEN_PENDING:\n${done.join("\n")}`,
    );
  });
});
