// The staff app's FHIR upload and the owner's API clients, in headless Chromium on the real app:
// a provider uploads a Synthea bundle and a broken one, watches the progress and reads the report
// (what was imported, what could not be mapped and why); uploading again changes nothing. The
// owner registers an API client, sees its secret once, gets a token with it and revokes it. Axe
// runs on each screen.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import type { Page } from "playwright-core";
import { databaseTargets } from "../support/db.ts";
import {
  DEMO,
  openContext,
  seriousAxeViolations,
  signInAsStaff,
  startBrowserApp,
  textOf,
} from "./helpers.ts";

const FILE = "Clemente_Kreiger_1484a42d-0eaf-4654-9cbf-6b050a5cd73b.json";
const BUNDLE = readFileSync(path.resolve(import.meta.dirname, "../fixtures/synthea", FILE));
const SOURCE_ID = "d78af07c-9cb9-4f31-9b11-c45a28f2eec8";
const BROKEN = Buffer.from(
  JSON.stringify({
    resourceType: "Bundle",
    type: "collection",
    entry: [
      {
        resource: {
          resourceType: "Patient",
          id: "x",
          name: [{ family: "Y", given: ["X"] }],
          birthDate: "1990-13-01",
        },
      },
    ],
  }),
);

const app = startBrowserApp();

// Started at the top level so that the database outlives the file's tests (see protocol.test.ts).
await databaseTargets();

async function upload(page: Page, files: { name: string; buffer: Buffer }[]) {
  await page
    .getByLabel("Bundle files (.json)")
    .setInputFiles(files.map((f) => ({ name: f.name, mimeType: "application/json", buffer: f.buffer })));
  await page.getByRole("button", { name: "Import" }).click();
  await page.getByTestId("import-summary").waitFor({ timeout: 60_000 });
}

describe("FHIR import in the staff app", () => {
  it("a provider uploads bundles, sees progress and the report; a second upload changes nothing", async () => {
    const context = await openContext(app.browser, app.server.url);
    const page = await context.newPage();
    await signInAsStaff(page, DEMO.physician);
    await page
      .getByRole("navigation", { name: "Staff" })
      .getByRole("link", { name: "Import records" })
      .click();
    await page.getByRole("heading", { level: 1, name: "Import FHIR bundles" }).waitFor();
    assert.deepEqual(await seriousAxeViolations(page), []);

    await upload(page, [
      { name: FILE, buffer: BUNDLE },
      { name: "broken.json", buffer: BROKEN },
    ]);
    const summary = page.getByTestId("import-summary");
    assert.match(await textOf(summary), /1 of 2 files imported, 1 patient/);
    assert.match(await textOf(page.getByText(/Done: 2 of 2 files/)), /2 of 2/);
    assert.equal(await page.getByRole("progressbar").getAttribute("aria-valuenow"), "100");

    const rows = page.getByTestId("import-row");
    assert.equal(await rows.count(), 2);
    const good = await textOf(rows.nth(0));
    assert.match(good, /Imported/);
    assert.match(good, /Patients: 1 new, 0 updated, 0 unchanged/);
    assert.match(good, /Allergies: \d+ new, 0 updated, 0 unchanged; \d+ mapped to the protocol/);
    const bad = await textOf(rows.nth(1));
    assert.match(bad, /Not imported/);
    assert.match(bad, /birthDate/);

    await page.getByRole("heading", { name: "Could not be mapped" }).waitFor();
    assert.match(await textOf(page.getByTestId("skipped-types")), /Encounter \d+/);
    assert.deepEqual(await seriousAxeViolations(page), []);

    // The patient is in the clinic's record, found by the id it had in the source system.
    const found = await page.request.get(`/fhir/r4/Patient?identifier=${SOURCE_ID}`);
    assert.equal(((await found.json()) as { total: number }).total, 1);

    await upload(page, [{ name: FILE, buffer: BUNDLE }]);
    assert.match(
      await textOf(page.getByTestId("import-row").first()),
      /Patients: 0 new, 0 updated, 1 unchanged/,
    );
    await context.close();
  });

  it("the front desk is told that only owners and providers import", async () => {
    const context = await openContext(app.browser, app.server.url);
    const page = await context.newPage();
    await signInAsStaff(page, DEMO.frontDesk);
    await page.goto("/app/import");
    await page.getByText("Only an owner or a provider can import bundles.").waitFor();
    assert.equal(await page.getByLabel("Bundle files (.json)").count(), 0);
    assert.deepEqual(await seriousAxeViolations(page), []);
    await context.close();
  });
});

describe("API clients", () => {
  it("the owner registers a client, its secret gets a token, and revoking it ends that", async () => {
    const context = await openContext(app.browser, app.server.url);
    const page = await context.newPage();
    await signInAsStaff(page, DEMO.owner);
    await page.getByRole("navigation", { name: "Staff" }).getByRole("link", { name: "API clients" }).click();
    await page.getByRole("heading", { level: 1, name: "API clients" }).waitFor();
    await page.getByText("No API clients yet.").waitFor();
    assert.deepEqual(await seriousAxeViolations(page), []);

    await page.getByLabel("Name").fill("Reporting warehouse");
    await page.getByLabel("Read and search patients only (system/Patient.rs)").check();
    await page.getByRole("button", { name: "Register client" }).click();
    const secret = await textOf(page.getByTestId("client-secret"));
    const row = page.getByTestId("api-client-row").filter({ hasText: "Reporting warehouse" });
    await row.waitFor();
    const id = (await textOf(row)).match(/[0-9a-f]{8}-[0-9a-f-]{27}/)![0];
    assert.match(await textOf(row), /system\/\*\.rs[\s\S]*system\/Patient\.rs/);
    assert.deepEqual(await seriousAxeViolations(page), []);

    const token = async () =>
      page.request.post("/oauth/token", {
        headers: { authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString("base64")}` },
        form: { grant_type: "client_credentials", scope: "system/Patient.rs" },
      });
    assert.equal((await token()).status(), 200);

    await row.getByRole("button", { name: "Revoke…" }).click();
    await row.getByRole("button", { name: "Revoke Reporting warehouse" }).click();
    await row.getByText(/^Revoked/).waitFor();
    const refused = await token();
    assert.equal(refused.status(), 401);
    assert.equal(((await refused.json()) as { error: string }).error, "invalid_client");

    // A backend service registered by its public key signs an assertion instead of sending a secret.
    const { publicKey, privateKey } = await generateKeyPair("ES384");
    await page.getByLabel("Name").fill("Backend service");
    await page.getByRole("radio", { name: /Its public keys/ }).check();
    await page
      .getByLabel("Public keys (JWK Set)")
      .fill(JSON.stringify({ keys: [await exportJWK(publicKey)] }));
    await page.getByRole("button", { name: "Register client" }).click();
    await page.getByTestId("new-client-keys").waitFor();
    const keyRow = page.getByTestId("api-client-row").filter({ hasText: "Backend service" });
    assert.match(await textOf(keyRow), /Signed JWT \(public keys\)/);
    const keyId = (await textOf(keyRow)).match(/[0-9a-f]{8}-[0-9a-f-]{27}/)![0];
    assert.deepEqual(await seriousAxeViolations(page), []);
    const assertion = await new SignJWT({})
      .setProtectedHeader({ alg: "ES384" })
      .setIssuer(keyId)
      .setSubject(keyId)
      .setAudience(`${app.server.url}/oauth/token`)
      .setExpirationTime("2m")
      .setJti(crypto.randomUUID())
      .sign(privateKey);
    const signed = await page.request.post("/oauth/token", {
      form: {
        grant_type: "client_credentials",
        client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
        client_assertion: assertion,
      },
    });
    assert.equal(signed.status(), 200, await signed.text());
    await context.close();
  });
});
