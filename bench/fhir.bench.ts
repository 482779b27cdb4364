/**
 * FHIR figures, each beside GET /ready (a route that runs SELECT 1 on the same pool) measured in
 * the same run: import throughput (resources per second through POST /fhir/r4, the Synthea
 * fixtures, first import and re-import), and FHIR read and search requests per second.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import autocannon from "autocannon";
import { DEMO } from "../test/support/api.ts";
import { startTestServer } from "../test/support/server.ts";
import type { Bench, Figure } from "./harness.ts";

const FIXTURES = path.resolve(import.meta.dirname, "../test/fixtures/synthea");

async function rate(url: string, seconds: number, headers: Record<string, string> = {}): Promise<number> {
  const result = await autocannon({ url, connections: 10, duration: seconds, headers });
  if (result.non2xx > 0 || result.errors > 0) {
    throw new Error(`${url}: ${result.non2xx} non-2xx and ${result.errors} errors during the run`);
  }
  return result.requests.average;
}

const cookiesOf = (res: Response) =>
  res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");

const bench: Bench = async ({ quick, smoke, log }) => {
  const seconds = smoke ? 0.5 : quick ? 3 : 10;
  const figures: Figure[] = [];
  const server = await startTestServer();
  try {
    const csrfRes = await fetch(`${server.url}/api/auth/csrf`);
    const csrfCookie = cookiesOf(csrfRes);
    const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
    const signIn = await fetch(`${server.url}/api/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-csrf-token": csrfToken, cookie: csrfCookie },
      body: JSON.stringify({ email: DEMO.desk, password: DEMO.password }),
    });
    if (signIn.status !== 200) throw new Error(`sign-in failed: ${signIn.status}`);
    const cookie = `${csrfCookie}; ${cookiesOf(signIn)}`;

    const bundles = readdirSync(FIXTURES)
      .filter((f) => f.endsWith(".json"))
      .map((f) => readFileSync(path.join(FIXTURES, f), "utf8"));
    const resources = bundles.reduce((n, b) => n + (JSON.parse(b).entry as unknown[]).length, 0);
    const importAll = async () => {
      const start = performance.now();
      for (const body of bundles) {
        const res = await fetch(`${server.url}/fhir/r4`, {
          method: "POST",
          headers: { "content-type": "application/fhir+json", "x-csrf-token": csrfToken, cookie },
          body,
        });
        if (res.status !== 200) throw new Error(`import failed: ${res.status} ${await res.text()}`);
      }
      return (resources * 1000) / (performance.now() - start);
    };

    log("measuring GET /ready (SELECT 1)...");
    const ready = await rate(`${server.url}/ready`, seconds);
    const baseline = "GET /ready (SELECT 1, same pool), req/s";

    log(`importing ${bundles.length} Synthea bundles (${resources} resources), then again...`);
    const first = await importAll();
    figures.push({
      name: "FHIR import, first time (POST /fhir/r4)",
      value: first,
      unit: "resources/s",
      baseline,
      baselineValue: ready,
    });
    const again = await importAll();
    figures.push({
      name: "FHIR re-import, nothing changes",
      value: again,
      unit: "resources/s",
      baseline,
      baselineValue: ready,
    });

    const list = (await (
      await fetch(`${server.url}/fhir/r4/Patient?_count=1`, { headers: { cookie } })
    ).json()) as {
      entry: { resource: { id: string } }[];
    };
    const id = list.entry[0]!.resource.id;
    log("measuring FHIR read and search...");
    const read = await rate(`${server.url}/fhir/r4/Patient/${id}`, seconds, { cookie });
    figures.push({
      name: "GET /fhir/r4/Patient/:id",
      value: read,
      unit: "req/s",
      baseline,
      baselineValue: ready,
    });
    const search = await rate(`${server.url}/fhir/r4/Condition?patient=${id}&_count=20`, seconds, { cookie });
    figures.push({
      name: "GET /fhir/r4/Condition?patient= (20/page)",
      value: search,
      unit: "req/s",
      baseline,
      baselineValue: ready,
    });
    const byName = await rate(`${server.url}/fhir/r4/Patient?name=a&_count=20`, seconds, { cookie });
    figures.push({
      name: "GET /fhir/r4/Patient?name= (20/page)",
      value: byName,
      unit: "req/s",
      baseline,
      baselineValue: ready,
    });
    const everything = await rate(`${server.url}/fhir/r4/Patient/${id}/$everything`, seconds, { cookie });
    figures.push({
      name: "GET /fhir/r4/Patient/:id/$everything",
      value: everything,
      unit: "req/s",
      baseline,
      baselineValue: ready,
    });
    const slots = await rate(`${server.url}/fhir/r4/Slot?_count=50`, seconds, { cookie });
    figures.push({
      name: "GET /fhir/r4/Slot (14 days, every provider)",
      value: slots,
      unit: "req/s",
      baseline,
      baselineValue: ready,
    });
  } finally {
    await server.close();
  }
  return figures;
};

export default bench;
