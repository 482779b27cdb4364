/**
 * A FHIR client library that is not ours (fhir-kit-client) reads Remodel over real HTTP: the
 * capability statement, a search followed page by page through its links, and reads.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { Client } from "fhir-kit-client";
import { DEMO } from "../support/api.ts";
import { databaseTargets } from "../support/db.ts";
import { startTestServer, type TestServer } from "../support/server.ts";
import { fhirSchemaErrors } from "./fhir-support.ts";

async function sessionCookie(url: string, email: string): Promise<string> {
  const csrf = await fetch(`${url}/api/auth/csrf`);
  const csrfCookie = csrf.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const login = await fetch(`${url}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-csrf-token": csrfToken, cookie: csrfCookie },
    body: JSON.stringify({ email, password: DEMO.password }),
  });
  assert.equal(login.status, 200);
  return login.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
}

// Start the test PostgreSQL at the top level, so that its shutdown hook belongs to the whole file.
await databaseTargets();

describe("fhir-kit-client reads the FHIR API", () => {
  let server: TestServer;
  let client: InstanceType<typeof Client>;
  before(async () => {
    server = await startTestServer();
    const cookie = await sessionCookie(server.url, DEMO.desk);
    client = new Client({ baseUrl: `${server.url}/fhir/r4`, customHeaders: { cookie } });
  });
  after(async () => {
    await server.close();
  });

  test("capability statement, paged search and read", async () => {
    const cap = (await client.capabilityStatement()) as unknown as {
      fhirVersion: string;
      rest: { resource: { type: string }[] }[];
    };
    assert.equal(cap.fhirVersion, "4.0.1");
    assert.ok(cap.rest[0]!.resource.some((r) => r.type === "Appointment"));

    type SearchBundle = {
      total: number;
      entry?: { resource: { id: string; resourceType: string } }[];
      link: unknown[];
    };
    // biome-ignore lint/suspicious/noExplicitAny: the client's own Bundle type, passed back to it as is
    let bundle: any = await client.search({ resourceType: "Patient", searchParams: { _count: 5 } });
    const seen: string[] = [];
    for (let i = 0; i < 10 && bundle; i++) {
      for (const e of (bundle as SearchBundle).entry ?? []) seen.push(e.resource.id);
      bundle = await client.nextPage({ bundle });
    }
    assert.equal(new Set(seen).size, seen.length);
    assert.ok(seen.length >= 12, `paged through ${seen.length} patients`);

    const patient = (await client.read({ resourceType: "Patient", id: seen[0]! })) as unknown as {
      id: string;
    };
    assert.equal(patient.id, seen[0]);
    assert.deepEqual(fhirSchemaErrors(patient), []);

    const appointments = (await client.search({
      resourceType: "Appointment",
      searchParams: { patient: `Patient/${seen[0]}` },
    })) as unknown as SearchBundle;
    for (const e of appointments.entry ?? []) assert.equal(e.resource.resourceType, "Appointment");

    await assert.rejects(
      client.read({ resourceType: "Patient", id: "00000000-0000-4000-8000-000000000000" }),
      (err: { response?: { status: number; data?: { resourceType?: string } } }) =>
        err.response?.status === 404 && err.response.data?.resourceType === "OperationOutcome",
    );
  });

  test("the schedule, the record's new types and Patient/$everything read through the client", async () => {
    type Found = { total: number; entry?: { resource: { id: string; resourceType: string } }[] };
    const today = new Date().toISOString().slice(0, 10);
    for (const [resourceType, searchParams] of [
      ["PractitionerRole", {}],
      ["Schedule", {}],
      ["Slot", { start: `ge${today}`, _count: 10 }],
      ["Questionnaire", {}],
      ["Observation", { _count: 10 }],
    ] as [string, Record<string, string | number>][]) {
      const bundle = (await client.search({ resourceType, searchParams })) as unknown as Found;
      assert.ok(bundle.total > 0, `${resourceType}: found some`);
      const first = bundle.entry![0]!.resource;
      const read = (await client.read({ resourceType, id: first.id })) as unknown as { id: string };
      assert.equal(read.id, first.id);
      assert.deepEqual(fhirSchemaErrors(read), [], `${resourceType}/${first.id}`);
    }
    // A patient with an appointment, found through the client.
    const appointments = (await client.search({
      resourceType: "Appointment",
      searchParams: { _count: 1 },
    })) as unknown as { entry: { resource: { participant: { actor: { reference: string } }[] } }[] };
    const id = appointments.entry[0]!.resource.participant[0]!.actor.reference.replace("Patient/", "");
    const everything = (await client.operation({
      name: "everything",
      resourceType: "Patient",
      id,
      method: "GET",
    })) as unknown as Found & { type: string };
    assert.equal(everything.type, "searchset");
    assert.equal(everything.entry![0]!.resource.id, id);
    assert.ok(everything.entry!.some((e) => e.resource.resourceType === "Appointment"));
    assert.deepEqual(fhirSchemaErrors(everything), []);
  });
});
