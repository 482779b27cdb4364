/**
 * HTTP figures for the foundation, each beside a baseline from the same run and machine:
 * - GET /health (the whole Fastify stack, no database) vs a bare node:http server;
 * - a signed-in patient-list request (session lookup, RLS-scoped transaction, audit insert)
 *   vs /ready, a route that runs `SELECT 1` on the same pool.
 * Load comes from autocannon in this process over loopback.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import autocannon from "autocannon";
import { DEMO } from "../test/support/api.ts";
import { startTestServer } from "../test/support/server.ts";
import type { Bench, Figure } from "./harness.ts";

async function rate(url: string, seconds: number, headers: Record<string, string> = {}): Promise<number> {
  const result = await autocannon({ url, connections: 10, duration: seconds, headers });
  if (result.non2xx > 0 || result.errors > 0) {
    throw new Error(`${url}: ${result.non2xx} non-2xx and ${result.errors} errors during the run`);
  }
  return result.requests.average;
}

const bench: Bench = async ({ quick, smoke, log }) => {
  const seconds = smoke ? 0.5 : quick ? 3 : 10;
  const figures: Figure[] = [];

  const bare = http.createServer((_req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end('{"status":"ok"}');
  });
  await new Promise<void>((r) => bare.listen(0, "127.0.0.1", r));
  const barePort = (bare.address() as AddressInfo).port;

  const server = await startTestServer();
  try {
    log("measuring GET /health and a bare node:http server...");
    const bareRate = await rate(`http://127.0.0.1:${barePort}/`, seconds);
    const healthRate = await rate(`${server.url}/health`, seconds);
    figures.push({
      name: "GET /health",
      value: healthRate,
      unit: "req/s",
      baseline: "bare node:http server",
      baselineValue: bareRate,
    });

    // Sign in once through the real API and reuse the session cookie.
    const login = await fetch(`${server.url}/api/auth/csrf`);
    const csrfCookie = login.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const signIn = await fetch(`${server.url}/api/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-csrf-token": csrfToken, cookie: csrfCookie },
      body: JSON.stringify({ email: DEMO.desk, password: DEMO.password }),
    });
    if (signIn.status !== 200) throw new Error(`sign-in failed: ${signIn.status}`);
    const session = signIn.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");

    log("measuring GET /api/patients (signed in) and GET /ready (SELECT 1)...");
    const readyRate = await rate(`${server.url}/ready`, seconds);
    const listRate = await rate(`${server.url}/api/patients?limit=20`, seconds, { cookie: session });
    figures.push({
      name: "GET /api/patients (signed in, 20 rows)",
      value: listRate,
      unit: "req/s",
      baseline: "GET /ready (SELECT 1, same pool)",
      baselineValue: readyRate,
    });
  } finally {
    bare.close();
    await server.close();
  }
  return figures;
};

export default bench;
