// Photos end to end in the browser: a patient adds a photo to a check-in on a phone and a clinician
// sees it in the inbox; a clinician removes a photo from the record with a reason and the record
// lists the removal. Axe on each screen.
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import type { Browser, Page } from "playwright-core";
import sharp from "sharp";
import { signaturePng } from "../api/clinical-record-fixtures.ts";
import { startTestServer, type TestServer } from "../support/server.ts";
import {
  DEMO,
  DESKTOP,
  launchChromium,
  openContext,
  PHONE,
  seriousAxeViolations,
  signInAsPatient,
  signInAsStaff,
} from "./helpers.ts";
import { signedSessionFor } from "./patient-fixtures.ts";

const NURSE = "nurse.lee@demo.remodel.test";

const jpeg = (r: number, g: number, b: number) =>
  sharp({ create: { width: 900, height: 700, channels: 3, background: { r, g, b } } })
    .jpeg()
    .toBuffer();

async function noSeriousAxe(page: Page, where: string) {
  assert.deepEqual(await seriousAxeViolations(page), [], `axe on ${where}`);
}

/** Every image under the selector has loaded (a real picture came back from the photo routes). */
async function imagesLoaded(page: Page, selector: string) {
  await page.waitForFunction(
    (s) =>
      [...document.querySelectorAll(s)].length > 0 &&
      [...document.querySelectorAll(s)].every((img) => (img as HTMLImageElement).naturalWidth > 0),
    selector,
  );
}

describe("photos: check-in photo and removal", () => {
  let server: TestServer;
  let browser: Browser;
  let photoDir: string;
  let patientId: string;
  before(async () => {
    photoDir = await mkdtemp(path.join(tmpdir(), "remodel-browser-photos-"));
    browser = await launchChromium();
    server = await startTestServer({ REMODEL_PHOTO_DIR: photoDir });
    patientId = (
      await server.database.admin.query("select patient_id from users where email = $1", [DEMO.patient])
    ).rows[0].patient_id;
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    await rm(photoDir, { recursive: true, force: true });
  });

  it("a patient adds a photo to a check-in on a phone; a clinician opens it from the inbox", async () => {
    await signedSessionFor(server.database.admin, DEMO.patient, 26);
    const staffContext = await openContext(browser, server.url, { viewport: DESKTOP });
    const staff = await staffContext.newPage();
    await signInAsStaff(staff, NURSE);
    // The photo consent, signed on the clinic's tablet.
    const csrf = (await (await staff.request.get("/api/auth/csrf")).json()).csrfToken;
    const status = await (await staff.request.get(`/api/patients/${patientId}/consents`)).json();
    const template = status.status.find((s: { kind: string }) => s.kind === "photo").template;
    const signed = await staff.request.post(`/api/patients/${patientId}/consents`, {
      headers: { "x-csrf-token": csrf },
      data: {
        templateId: template.id,
        typedName: "Ava Martin",
        signature: await signaturePng(),
        photoScope: "clinical",
      },
    });
    assert.equal(signed.status(), 201);

    const patientContext = await openContext(browser, server.url, { viewport: PHONE });
    const page = await patientContext.newPage();
    await signInAsPatient(page, DEMO.patient);
    await page.goto("/portal/aftercare");
    await page.getByLabel("Add a photo (optional)").setInputFiles({
      name: "cheek.jpg",
      mimeType: "image/jpeg",
      buffer: await jpeg(210, 140, 130),
    });
    await page.getByTestId("check-in-photo-chosen").getByText("cheek.jpg").waitFor();
    await noSeriousAxe(page, "check-in with a photo");
    await page.getByRole("button", { name: "Send" }).click();
    const result = page.getByTestId("check-in-result");
    await result.getByText("Your photo was sent to the clinic").waitFor();
    await result.getByRole("button", { name: "OK" }).click();
    await imagesLoaded(page, '[data-testid="check-in-photo"]');
    await patientContext.close();

    await staff.goto("/app/inbox");
    await imagesLoaded(staff, '[data-testid="inbox-photo"]');
    await noSeriousAxe(staff, "/app/inbox with a photo");
    await staffContext.close();
  });

  it("a clinician removes a photo with a reason; the picture goes and the record lists the removal", async () => {
    const context = await openContext(browser, server.url, { viewport: DESKTOP });
    const staff = await context.newPage();
    await signInAsStaff(staff, NURSE);
    const csrf = (await (await staff.request.get("/api/auth/csrf")).json()).csrfToken;
    const uploaded = await staff.request.post(`/api/patients/${patientId}/photos?view=front`, {
      headers: { "x-csrf-token": csrf, "content-type": "image/jpeg" },
      data: await jpeg(180, 130, 120),
    });
    assert.equal(uploaded.status(), 201);
    const photoId = (await uploaded.json()).photo.id;

    await staff.goto(`/app/patients/${patientId}`);
    const photos = staff.getByRole("region", { name: "Photos" });
    await imagesLoaded(staff, '[data-testid="photos-front"] img');
    await photos.getByRole("button", { name: /^Remove the Front/ }).click();
    const panel = photos.getByTestId("remove-photo");
    await panel.getByLabel(/Reason/).fill("Taken of the wrong side");
    await noSeriousAxe(staff, "removing a photo");
    await panel.getByRole("button", { name: "Remove photo" }).click();
    await photos.getByRole("status").filter({ hasText: "photo removed" }).waitFor();
    await photos
      .getByTestId("removed-photos")
      .getByText(/Taken of the wrong side/)
      .waitFor();
    assert.equal(await photos.getByTestId("photos-front").count(), 0, "no front photo left to show");
    const image = await staff.request.get(`/api/photos/${photoId}/image`);
    assert.equal(image.status(), 404);
    await noSeriousAxe(staff, "a removed photo in the record");
    await context.close();
  });
});
