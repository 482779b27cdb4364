// A whole visit in headless Chromium on the real app: the patient fills the intake and signs the
// consents in the portal (one signature drawn, one from the typed name), the provider records the
// consultation and builds the plan, the patient accepts it, the provider starts the session, takes
// a photo and compares it with the one of the last session, charts the zones and signs the chart.
// Every screen passes an accessibility check.
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import type { Browser, Page } from "playwright-core";
import sharp from "sharp";
import { databaseTargets } from "../support/db.ts";
import { startTestServer, type TestServer } from "../support/server.ts";
import {
  DEMO,
  fillDate,
  launchChromium,
  openContext,
  PHONE,
  seriousAxeViolations,
  signInAsPatient,
  signInAsStaff,
} from "./helpers.ts";

let server: TestServer;
let browser: Browser;
let photoDir: string;

after(async () => {
  await browser?.close();
  await server?.close();
  if (photoDir) await rm(photoDir, { recursive: true, force: true });
});

await databaseTargets();

before(async () => {
  photoDir = await mkdtemp(path.join(tmpdir(), "remodel-visit-photos-"));
  browser = await launchChromium();
  server = await startTestServer({ REMODEL_PHOTO_DIR: photoDir });
});

const jpeg = (r: number, g: number, b: number) =>
  sharp({ create: { width: 800, height: 1000, channels: 3, background: { r, g, b } } })
    .jpeg()
    .toBuffer();

async function noSeriousViolations(page: Page, where: string) {
  assert.deepEqual(await seriousAxeViolations(page), [], where);
}

/** Draws a signature stroke across the pad with the mouse. */
async function drawSignature(page: Page, pad: ReturnType<Page["getByTestId"]>) {
  await pad.scrollIntoViewIfNeeded();
  const box = await pad.boundingBox();
  assert.ok(box);
  await page.mouse.move(box.x + 20, box.y + box.height * 0.6);
  await page.mouse.down();
  for (let i = 1; i <= 12; i++) {
    await page.mouse.move(box.x + 20 + i * 25, box.y + box.height * (0.6 + 0.25 * Math.sin(i)));
  }
  await page.mouse.up();
  assert.equal(await pad.getAttribute("data-signed"), "true");
}

describe("a whole visit", () => {
  it("intake, consent, consultation and plan, acceptance, session with photos, signed chart", async () => {
    const patientId = (
      await server.database.admin.query("select patient_id from users where email = $1", [DEMO.patient])
    ).rows[0].patient_id;

    // The patient, on a phone: intake, then the two consent forms.
    const patientContext = await openContext(browser, server.url, { viewport: PHONE });
    const portal = await patientContext.newPage();
    await signInAsPatient(portal, DEMO.patient);
    await portal.goto("/portal/intake");
    await portal.getByRole("heading", { level: 1, name: "Health questionnaire" }).waitFor();
    await portal
      .getByRole("radiogroup", { name: "Are you pregnant?" })
      .getByRole("radio", { name: "No" })
      .check();
    await portal
      .getByRole("radiogroup", { name: "Are you breastfeeding?" })
      .getByRole("radio", { name: "No" })
      .check();
    await portal.getByRole("radio", { name: /^Type II:/ }).check();
    const acne = portal.getByRole("group", { name: "Acne scars", exact: true });
    await acne.getByRole("checkbox", { name: "Cheeks" }).check();
    await acne.getByRole("checkbox", { name: "Forehead" }).check();
    await noSeriousViolations(portal, "intake");
    await portal.getByRole("button", { name: "Send my answers" }).click();
    await portal.getByRole("status").waitFor();

    await portal.goto("/portal/consent");
    await portal.getByRole("heading", { level: 1, name: "Consent forms" }).waitFor();
    const consentForm = portal.getByRole("region", { name: /Consent to microneedling/ });
    await consentForm.getByRole("textbox", { name: "Full name" }).fill("Ava Martin");
    await drawSignature(portal, consentForm.getByTestId("signature-pad"));
    await noSeriousViolations(portal, "consent forms");
    await consentForm.getByRole("button", { name: "Sign consent" }).click();
    await portal
      .getByTestId("consent-microneedling-status")
      .filter({ hasText: /^Signed/ })
      .waitFor();

    // The photo consent from the keyboard: the typed name becomes the signature.
    const photoForm = portal.getByRole("region", { name: /clinical photographs/ });
    await photoForm.getByRole("radio", { name: /marketing/ }).check();
    await photoForm.getByRole("textbox", { name: "Full name" }).fill("Ava Martin");
    await photoForm.getByRole("button", { name: "Sign with my typed name" }).focus();
    await portal.keyboard.press("Enter");
    await photoForm.getByRole("button", { name: "Sign photo consent" }).click();
    await portal
      .getByTestId("consent-photo-status")
      .filter({ hasText: /^Signed/ })
      .waitFor();
    const consents = await server.database.admin.query(
      "select kind, photo_scope, signed_via, length(pdf) > 1000 as has_pdf from consents where patient_id = $1 order by kind",
      [patientId],
    );
    assert.deepEqual(consents.rows, [
      { kind: "microneedling", photo_scope: null, signed_via: "portal", has_pdf: true },
      { kind: "photo", photo_scope: "marketing", signed_via: "portal", has_pdf: true },
    ]);

    // The provider: the engine's decision, the Goodman & Baron grade, the plan.
    const staffContext = await openContext(browser, server.url);
    const staff = await staffContext.newPage();
    await signInAsStaff(staff, DEMO.nurse);
    await staff.goto(`/app/patients/${patientId}`);
    const consultation = staff.getByRole("region", { name: "Consultation" });
    await consultation.getByTestId("consultation-decision").waitFor();
    assert.match((await consultation.getByTestId("consultation-decision").textContent()) ?? "", /Eligible/);
    await consultation.getByLabel("Goodman & Baron grade (acne scars)").selectOption("3");
    await consultation.getByRole("button", { name: "Record consultation" }).click();
    await consultation.getByText("Consultation recorded").waitFor();
    await consultation.getByRole("button", { name: "Build plan" }).click();
    await consultation.getByTestId("staff-plan").waitFor();
    assert.match((await consultation.getByTestId("staff-plan").textContent()) ?? "", /Proposed/);
    await noSeriousViolations(staff, "consultation");

    // The patient accepts the plan.
    await portal.goto("/portal/plan/accept");
    await portal.getByRole("heading", { level: 1, name: "My treatment plan" }).waitFor();
    assert.match((await portal.getByTestId("plan-price").textContent()) ?? "", /\d/);
    await noSeriousViolations(portal, "plan");
    await portal.getByRole("button", { name: "Accept this plan" }).click();
    await portal
      .getByTestId("plan-status")
      .filter({ hasText: /^Accepted/ })
      .waitFor();

    // The session starts (day-of re-screen).
    await staff.goto(`/app/patients/${patientId}/chart`);
    await staff.getByRole("button", { name: "Start session" }).click();
    await staff.getByTestId("zone-map").waitFor();

    // A front photo of the last session (six weeks ago; the demo has no earlier visit), then today's.
    const csrf = (await (await staff.request.get("/api/auth/csrf")).json()).csrfToken;
    const earlier = await staff.request.post(`/api/patients/${patientId}/photos?view=front`, {
      headers: { "x-csrf-token": csrf, "content-type": "image/jpeg" },
      data: await jpeg(170, 120, 110),
    });
    assert.equal(earlier.status(), 201);
    await server.database.admin.query("update photos set taken_on = taken_on - 42 where id = $1", [
      (await earlier.json()).photo.id,
    ]);
    await staff.goto(`/app/patients/${patientId}`);
    const photos = staff.getByRole("region", { name: "Photos" });
    await photos.getByTestId("photo-consent-scope").filter({ hasText: "marketing" }).waitFor();
    await photos.getByLabel("Session").selectOption({ index: 1 });
    await photos.getByLabel("Take or choose a photo").setInputFiles({
      name: "front.jpg",
      mimeType: "image/jpeg",
      buffer: await jpeg(200, 160, 150),
    });
    await photos.getByRole("status").filter({ hasText: "photo saved" }).waitFor();
    const side = photos.getByTestId("compare-side-by-side");
    await side.waitFor();
    const loaded = async (scope: ReturnType<Page["getByTestId"]>) =>
      scope
        .locator("img")
        .evaluateAll((imgs) =>
          imgs.map((img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth > 0),
        );
    await staff.waitForFunction(() =>
      [...document.querySelectorAll('[data-testid="compare-side-by-side"] img')].every(
        (img) => (img as HTMLImageElement).naturalWidth > 0,
      ),
    );
    assert.deepEqual(await loaded(side), [true, true]);
    await noSeriousViolations(staff, "photos side by side");
    await photos.getByText("Slider", { exact: true }).click();
    const slider = photos.getByTestId("compare-slider");
    await slider.waitFor();
    await photos.getByRole("slider", { name: "Before and after divider" }).press("ArrowLeft");
    await noSeriousViolations(staff, "photos slider");

    // Charted zone by zone on the zone map, then signed.
    await staff.goto(`/app/patients/${patientId}/chart`);
    await staff.getByTestId("zone-map").waitFor();
    await staff.getByRole("button", { name: /^Cheeks/ }).press("Enter");
    await staff.getByRole("textbox", { name: "Depth (mm)" }).fill("1");
    await staff.getByRole("textbox", { name: "Passes" }).fill("3");
    await staff.getByRole("button", { name: /^Forehead/ }).click();
    await staff.getByRole("textbox", { name: "Depth (mm)" }).fill("0.5");
    for (const box of await staff.getByRole("checkbox").all()) await box.check();
    await staff.getByLabel("Device", { exact: true }).selectOption({ index: 1 });
    await staff.getByRole("textbox", { name: "Cartridge lot" }).fill("LOT-VISIT-1");
    await fillDate(staff, "Cartridge expiry", "2099-12-31");
    await staff.getByLabel("Endpoint", { exact: true }).selectOption("erythema-pinpoint-bleeding");
    await noSeriousViolations(staff, "chart");
    await staff.getByRole("button", { name: "Sign and lock" }).click();
    await staff
      .getByTestId("chart-status")
      .filter({ hasText: /^Signed/ })
      .waitFor();
    await noSeriousViolations(staff, "signed chart");

    const chart = (
      await server.database.admin.query(
        "select id, status, plan_id is not null as planned from session_charts where patient_id = $1",
        [patientId],
      )
    ).rows[0];
    assert.equal(chart.status, "signed");
    const stored = await server.database.admin.query(
      "select chart_id, consent_scope from photos where patient_id = $1 order by taken_on",
      [patientId],
    );
    assert.deepEqual(
      stored.rows.map((r) => [r.chart_id, r.consent_scope]),
      [
        [null, "marketing"],
        [chart.id, "marketing"],
      ],
    );
    const plan = await server.database.admin.query(
      "select status, price_cents from treatment_plans where patient_id = $1",
      [patientId],
    );
    assert.equal(plan.rows[0].status, "accepted");
    await staffContext.close();
    await patientContext.close();
  });
});
