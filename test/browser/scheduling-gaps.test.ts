// Two gaps closed in scheduling, in headless Chromium on the real app: a visitor chooses to send
// their self-check with a booking and staff read it on the patient's page; a physician grants the
// clearance a screening asked for from the screening panel. Axe runs on each screen.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Page } from "playwright-core";
import { emptyAnswers, encodeAnswers } from "../../src/domain/patient/self-check.ts";
import { databaseTargets } from "../support/db.ts";
import {
  DEMO,
  fillDate,
  openContext,
  PHONE,
  seriousAxeViolations,
  signInAsStaff,
  startBrowserApp,
} from "./helpers.ts";

// A clinic with a mail server, so the booking page says an e-mail is on its way.
const app = startBrowserApp({ SMTP_URL: "smtp://127.0.0.1:9" });

await databaseTargets();

async function api(page: Page, method: "GET" | "POST", path: string, data?: unknown) {
  const csrf = ((await (await page.request.get("/api/auth/csrf")).json()) as { csrfToken: string }).csrfToken;
  const res = await page.request.fetch(path, { method, data, headers: { "x-csrf-token": csrf } });
  const body = await res.json();
  assert.ok(res.ok(), `${method} ${path}: ${JSON.stringify(body)}`);
  return body;
}

describe("scheduling gaps", () => {
  it("a visitor sends their self-check with a booking and staff read it on the patient's page", async () => {
    const visitor = await openContext(app.browser, app.server.url, { viewport: PHONE });
    const page = await visitor.newPage();
    const answers = {
      ...emptyAnswers(),
      concerns: ["acne-scars"],
      areas: ["face" as const],
      age: 34,
      medicines: { bloodThinner: true },
    };
    await page.goto("/");
    await page.evaluate(
      ([value]) => sessionStorage.setItem("remodel.selfCheck", value as string),
      [JSON.stringify({ answers, outcome: "needs-physician-clearance", deferUntil: null })],
    );
    await page.goto(`/book?selfCheck=${encodeAnswers(answers)}`);
    const send = page.getByRole("checkbox", { name: "Send these answers to the clinic with my booking" });
    await send.waitFor();
    assert.equal(await send.isChecked(), false, "nothing is sent unless the visitor chooses to");
    await send.check();
    await page.getByText(/will be sent with your booking/).waitFor();
    assert.deepEqual(await seriousAxeViolations(page), []);
    await page
      .getByRole("button", { name: /^\d\d:\d\d$/ })
      .first()
      .click();
    await page.getByRole("textbox", { name: /^First name/ }).fill("Nell");
    await page.getByRole("textbox", { name: /^Last name/ }).fill("Sender");
    await page.getByRole("textbox", { name: /^E-mail/ }).fill("nell.sender@example.com");
    await page.getByRole("textbox", { name: /^Phone/ }).fill("+44 7700 900789");
    await fillDate(page, /^Date of birth/, "1991-06-01");
    await page.getByRole("button", { name: "Continue" }).click();
    await page.getByRole("button", { name: "Confirm booking" }).click();
    await page.getByRole("heading", { name: "Check your e-mail" }).waitFor();
    await visitor.close();

    const patient = (
      await app.server.database.admin.query("select id from patients where email = $1", [
        "nell.sender@example.com",
      ])
    ).rows[0] as { id: string };
    const staff = await openContext(app.browser, app.server.url);
    const desk = await staff.newPage();
    await signInAsStaff(desk, DEMO.frontDesk);
    await desk.goto(`/app/patients/${patient.id}`);
    const note = desk.getByTestId("booking-requests");
    await note.getByRole("heading", { name: "Sent with the online booking" }).waitFor();
    await note.getByText("Wants to treat: Acne scars").waitFor();
    await note.getByText(/Result the self-check showed: Possible, with a doctor's agreement first/).waitFor();
    await note.getByText("booking confirmed").waitFor();
    await note
      .getByText(/blood thinner/i)
      .first()
      .waitFor();
    assert.deepEqual(await seriousAxeViolations(desk), []);
    await staff.close();
  });

  it("a physician grants clearance from the screening panel and booking opens", async () => {
    const context = await openContext(app.browser, app.server.url);
    const page = await context.newPage();
    await signInAsStaff(page, DEMO.physician);
    const made = await api(page, "POST", "/api/patients", {
      givenName: "Cleo",
      familyName: "Clearance",
      dateOfBirth: "1975-05-05",
      sex: "female",
      fitzpatrick: "II",
    });
    const id = made.patient.id as string;
    await api(page, "POST", `/api/patients/${id}/medications`, {
      ingredient: "warfarin",
      prescribed: true,
      ongoing: true,
    });
    const requested = new Date(Date.now() + 40 * 86_400_000).toISOString().slice(0, 10);
    const screened = await api(page, "POST", `/api/patients/${id}/screenings`, {
      requestedAppointment: requested,
      request: { setting: "clinic", concerns: [{ indication: "rhytides", zones: ["cheeks"] }] },
      patient: { pregnant: false, breastfeeding: false },
    });
    assert.equal(screened.screening.outcome, "needs-physician-clearance");

    await page.goto(`/app/patients/${id}`);
    const panel = page.getByTestId("clearance");
    await panel.getByRole("heading", { name: "Physician clearance" }).waitFor();
    await panel.getByText(/never means stopping a prescribed blood thinner/).waitFor();
    const grant = panel.getByRole("button", { name: "Grant clearance" });
    assert.equal(await grant.isDisabled(), true, "not before every reason is ticked and a note written");
    assert.deepEqual(await seriousAxeViolations(page), []);
    await panel.getByRole("checkbox", { name: "I clear CI-ANTITHROMBOTIC" }).check();
    await panel.getByRole("textbox", { name: /^Clinical note/ }).fill("INR stable; prescriber agrees.");
    await grant.click();
    await panel.getByRole("status").filter({ hasText: "Clearance granted" }).waitFor();
    await panel.getByText("applies to the latest screening").waitFor();
    await panel.getByText("Outcome with clearance: Eligible").waitFor();
    assert.deepEqual(await seriousAxeViolations(page), []);

    const types = (await api(page, "GET", "/api/setup")).appointmentTypes as { kind: string; id: string }[];
    const session = types.find((t) => t.kind === "microneedling")!.id;
    const slots = await api(
      page,
      "GET",
      `/api/slots?typeId=${session}&patientId=${id}&from=${requested}&limit=3`,
    );
    assert.equal(slots.blocked, null);
    assert.ok(slots.slots.length > 0);
    await context.close();
  });
});
