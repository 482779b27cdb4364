/**
 * What every answer tells the browser (security headers, a strict content security policy,
 * cookies) and what the server writes to its log: never a patient's name or e-mail, checked on a
 * real `remodel start` process logging at its most verbose level.
 */
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import type { App } from "../../src/server/app.ts";
import { Client, DEMO, seededApp } from "../support/api.ts";
import { databaseTargets, freshDatabase, type TestDatabase } from "../support/db.ts";

const remodel = path.resolve(import.meta.dirname, "../../bin/remodel");

function csp(headers: Record<string, unknown>): Map<string, string> {
  const value = String(headers["content-security-policy"] ?? "");
  return new Map(
    value
      .split(";")
      .map((d) => d.trim())
      .filter(Boolean)
      .map((d) => {
        const [name, ...rest] = d.split(/\s+/);
        return [name!, rest.join(" ")] as [string, string];
      }),
  );
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

const [target] = await databaseTargets();

describe("security headers and content security policy", () => {
  let database: TestDatabase;
  let app: App;
  let https: App;
  before(async () => {
    database = await freshDatabase(target!);
    app = await seededApp(database);
    https = await seededApp(database, { PUBLIC_URL: "https://clinic.example.test" });
  });
  after(async () => {
    await app.close();
    await https.close();
    await database.drop();
  });

  for (const url of ["/", "/app/sign-in", "/api/auth/csrf", "/api/no-such-route", "/ready"]) {
    test(`${url}: strict CSP and the standard protective headers`, async () => {
      const res = await new Client(app).get(url);
      const policy = csp(res.headers);
      assert.equal(policy.get("default-src"), "'self'");
      assert.equal(policy.get("script-src"), "'self'", "no inline or eval'd script");
      assert.equal(policy.get("frame-ancestors"), "'none'");
      assert.equal(policy.get("object-src"), "'none'");
      assert.equal(policy.get("base-uri"), "'self'");
      assert.equal(policy.get("form-action"), "'self'");
      assert.ok(!String(res.headers["content-security-policy"]).includes("unsafe-eval"));
      assert.equal(res.headers["x-content-type-options"], "nosniff");
      assert.match(String(res.headers["x-frame-options"]), /^(DENY|SAMEORIGIN)$/);
      assert.equal(res.headers["referrer-policy"], "no-referrer");
      assert.equal(res.headers["cross-origin-opener-policy"], "same-origin");
      assert.match(String(res.headers["permissions-policy"]), /geolocation=\(\)/);
      assert.equal(res.headers["x-powered-by"], undefined);
      assert.deepEqual(
        Object.keys(res.headers).filter((h) => h.startsWith("access-control-")),
        [],
        "same-origin only: no CORS headers",
      );
      if (url.startsWith("/api/")) assert.equal(res.headers["cache-control"], "no-store");
    });
  }

  test("over plain HTTP (local use) no HSTS; behind an https PUBLIC_URL, HSTS and Secure cookies", async () => {
    const local = await new Client(app).get("/api/auth/csrf");
    assert.equal(local.headers["strict-transport-security"], undefined);
    const client = new Client(https);
    const res = await client.get("/api/auth/csrf");
    assert.match(String(res.headers["strict-transport-security"]), /max-age=\d{7,}/);
    const login = await client.post("/api/auth/login", { email: DEMO.desk, password: DEMO.password });
    assert.equal(login.status, 200);
    const cookie = String(login.headers["set-cookie"]);
    assert.match(cookie, /remodel_session=[^;]+;.*HttpOnly/i);
    assert.match(cookie, /Secure/);
    assert.match(cookie, /SameSite=Lax/i);
  });

  test("error answers never carry a stack trace or SQL", async () => {
    const client = new Client(app);
    await client.post("/api/auth/login", { email: DEMO.desk, password: DEMO.password });
    const res = await client.get("/api/patients/not-a-uuid");
    assert.equal(res.status, 400);
    assert.doesNotMatch(JSON.stringify(res.body), /at .*\.ts:\d+|select |insert |postgres/i);
  });
});

describe("no patient data in the server's log", () => {
  let database: TestDatabase;
  let child: ChildProcess;
  let output = "";
  let base: string;
  before(async () => {
    database = await freshDatabase(target!);
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    child = spawn(remodel, ["start"], {
      env: {
        ...process.env,
        DATABASE_URL: database.adminUrl,
        PORT: String(port),
        LOG_LEVEL: "trace",
        REMODEL_DEMO: "1",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout!.on("data", (d) => (output += d));
    child.stderr!.on("data", (d) => (output += d));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 60_000);
      const check = setInterval(() => {
        if (output.includes("Remodel is running")) {
          clearTimeout(timer);
          clearInterval(check);
          resolve();
        }
      }, 100);
      child.once("exit", () => reject(new Error(`server exited:\n${output}`)));
    });
  });
  after(async () => {
    child.kill("SIGTERM");
    await new Promise((r) => child.once("exit", r));
    await database.drop();
  });

  test("a patient search and a patient create log requests, but no names or e-mails", async () => {
    let cookies = "";
    const call = async (method: string, url: string, body?: unknown, csrf?: string) => {
      const res = await fetch(base + url, {
        method,
        headers: {
          cookie: cookies,
          ...(body ? { "content-type": "application/json" } : {}),
          ...(csrf ? { "x-csrf-token": csrf } : {}),
        },
        body: body ? JSON.stringify(body) : undefined,
      });
      for (const c of res.headers.getSetCookie()) {
        const [pair] = c.split(";");
        const [name] = pair!.split("=");
        cookies = [...cookies.split("; ").filter((p) => p && !p.startsWith(`${name}=`)), pair].join("; ");
      }
      return { status: res.status, body: await res.json().catch(() => null) };
    };
    let csrf = (await call("GET", "/api/auth/csrf")).body.csrfToken;
    assert.equal(
      (await call("POST", "/api/auth/login", { email: DEMO.desk, password: DEMO.password }, csrf)).status,
      200,
    );
    csrf = (await call("GET", "/api/auth/csrf")).body.csrfToken;
    const search = await call("GET", "/api/patients?q=Kowalski");
    assert.equal(search.status, 200);
    assert.ok(JSON.stringify(search.body).includes("Kowalski"), "the search found the patient");
    const created = await call(
      "POST",
      "/api/patients",
      {
        givenName: "Zebulon",
        familyName: "Quartermaine",
        dateOfBirth: "1977-07-07",
        sex: "male",
        email: "zebulon.quartermaine@example.test",
        phone: "+44 7700 900999",
      },
      csrf,
    );
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const bad = await call("POST", "/api/patients", { givenName: "Xanthippe", familyName: 42 }, csrf);
    assert.equal(bad.status, 400);
    await new Promise((r) => setTimeout(r, 300));
    // The start banner prints the demo password on purpose; what follows is the request log.
    const log = output.slice(output.indexOf("Remodel is running"));
    assert.match(log, /"url":"\/api\/patients"/, "requests are logged at this level");
    for (const secret of [
      "Kowalski",
      "Zebulon",
      "Quartermaine",
      "zebulon.quartermaine",
      "900999",
      "Xanthippe",
      DEMO.password,
    ]) {
      assert.ok(!log.includes(secret), `the log contains ${secret}`);
    }
  });
});

describe("what SECURITY.md and the API document promise", () => {
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

  test("SECURITY.md lists the content security policy exactly as served", async () => {
    const served = csp((await new Client(app).get("/")).headers);
    const doc = readFileSync(path.resolve(import.meta.dirname, "../../SECURITY.md"), "utf8");
    const row = doc.split("\n").find((l) => l.startsWith("| 14.4.3 "));
    const documented = /`(default-src[^`]*)`/.exec(row ?? "")?.[1];
    assert.ok(documented, "the 14.4.3 row quotes the policy");
    const listed = new Map(
      documented.split(";").map((d) => {
        const [name, ...rest] = d.trim().split(/\s+/);
        return [name!, rest.join(" ")] as [string, string];
      }),
    );
    assert.deepEqual(Object.fromEntries(listed), Object.fromEntries(served));
  });

  test("every $ref of /api/openapi.json resolves inside the document", async () => {
    const spec = (await new Client(app).get("/api/openapi.json")).body;
    const refs: string[] = [];
    const walk = (v: unknown): void => {
      if (Array.isArray(v)) for (const x of v) walk(x);
      else if (v && typeof v === "object")
        for (const [k, x] of Object.entries(v)) {
          if (k === "$ref" && typeof x === "string") refs.push(x);
          else walk(x);
        }
    };
    walk(spec);
    assert.ok(refs.length > 0, "the document uses $refs");
    const unresolved = [...new Set(refs)].filter((ref) => {
      if (!ref.startsWith("#/")) return true;
      let node: unknown = spec;
      for (const part of ref.slice(2).split("/")) {
        const key = part.replaceAll("~1", "/").replaceAll("~0", "~");
        node = node && typeof node === "object" ? (node as Record<string, unknown>)[key] : undefined;
      }
      return node === undefined;
    });
    assert.deepEqual(unresolved, []);
  });
});
