/**
 * Drives the real app through app.inject(): a small cookie jar and the CSRF dance, the same
 * way the browser app does it.
 */
import { type App, buildApp } from "../../src/server/app.ts";
import { loadConfig } from "../../src/server/config.ts";
import { DEMO_TOTP_SECRET, seedDemoClinic } from "../../src/server/demo-seed.ts";
import { currentTotp } from "../../src/server/security/totp.ts";
import type { TestDatabase } from "./db.ts";

export const DEMO = {
  password: "remodel-demo",
  owner: "owner@demo.remodel.test",
  physician: "dr.ahmed@demo.remodel.test",
  nurse: "nurse.lee@demo.remodel.test",
  aesthetician: "aesthetician.cole@demo.remodel.test",
  desk: "desk@demo.remodel.test",
  patient: "ava.martin@demo.remodel.test",
};

export async function buildTestApp(database: TestDatabase, env: NodeJS.ProcessEnv = {}): Promise<App> {
  const config = loadConfig({ LOG_LEVEL: "silent", LOGIN_RATE_LIMIT_PER_MINUTE: "1000", ...env });
  const app = await buildApp({ db: database.db, config, logger: false });
  await app.ready();
  return app;
}

export async function seededApp(database: TestDatabase, env: NodeJS.ProcessEnv = {}): Promise<App> {
  await seedDemoClinic(database.adminUrl);
  return buildTestApp(database, env);
}

export interface Response {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: tests read many response shapes
  body: any;
  headers: Record<string, string | string[] | number | undefined>;
}

export class Client {
  readonly app: App;
  readonly cookies = new Map<string, string>();
  csrf: string | null = null;
  constructor(app: App) {
    this.app = app;
  }

  #cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  async request(
    method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE",
    url: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Response> {
    if (method !== "GET" && this.csrf === null && !("x-csrf-token" in headers)) {
      this.csrf = (await this.request("GET", "/api/auth/csrf")).body.csrfToken;
    }
    const res = await this.app.inject({
      method,
      url,
      headers: {
        ...(this.cookies.size ? { cookie: this.#cookieHeader() } : {}),
        ...(method !== "GET" && this.csrf ? { "x-csrf-token": this.csrf } : {}),
        ...(body !== undefined && typeof body !== "string" ? { "content-type": "application/json" } : {}),
        ...headers,
      },
      ...(body === undefined ? {} : { payload: typeof body === "string" ? body : JSON.stringify(body) }),
    });
    for (const c of res.cookies as { name: string; value: string; expires?: Date; maxAge?: number }[]) {
      const expired = (c.expires && c.expires.getTime() < Date.now()) || c.maxAge === 0 || c.value === "";
      if (expired) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    let parsed: unknown = res.body;
    try {
      parsed = res.body ? JSON.parse(res.body) : null;
    } catch {
      // not JSON (HTML pages)
    }
    return { status: res.statusCode, body: parsed, headers: res.headers };
  }

  get(url: string) {
    return this.request("GET", url);
  }
  post(url: string, body?: unknown, headers?: Record<string, string>) {
    return this.request("POST", url, body ?? {}, headers);
  }

  /**
   * Signs in the way a person would, second factor included: demo owners and providers answer
   * with the demo authenticator secret, accounts enrolled by this helper with the secret it
   * enrolled. The browser is then trusted, so the next sign-in of the same account on this app
   * (a code may be used only once) needs the password alone, as in a real browser.
   */
  async login(email: string, password = DEMO.password): Promise<Response> {
    const known = secondFactors(this.app).get(email.toLowerCase());
    if (known?.device && !this.cookies.has("remodel_device"))
      this.cookies.set("remodel_device", known.device);
    const res = await this.post("/api/auth/login", { email, password });
    const step = res.body?.twoFactor;
    if (res.status !== 200 || !step) return res;
    const secret = step.enrolment?.secret ?? known?.secret ?? DEMO_TOTP_SECRET;
    const verified = await this.post("/api/auth/login/verify", {
      challenge: step.challenge,
      code: currentTotp(secret),
      rememberDevice: true,
    });
    if (verified.status === 200) {
      secondFactors(this.app).set(email.toLowerCase(), {
        secret,
        device: this.cookies.get("remodel_device"),
      });
    }
    return verified;
  }
}

const enrolled = new WeakMap<App, Map<string, { secret: string; device: string | undefined }>>();
function secondFactors(app: App) {
  const map = enrolled.get(app) ?? new Map();
  enrolled.set(app, map);
  return map;
}

export async function signedIn(app: App, email: string, password = DEMO.password): Promise<Client> {
  const client = new Client(app);
  const res = await client.login(email, password);
  if (res.status !== 200)
    throw new Error(`login as ${email} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return client;
}
