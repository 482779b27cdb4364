// The session chart in headless Chromium on the real app. A round trip: every field filled, saved,
// the page reloaded and every field compared; then signed, and the locked chart opened read-only
// with an addendum added. A journey on a phone with axe: the second session of a three-session
// plan, started from today's appointment; an unrecognised medicine stops it until the provider
// reviews it; charted with an adverse event and signed; the portal then shows "Session 2 of 3" and
// offers the last session only after the plan's interval.
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { describe, it } from "node:test";
import type { Page } from "playwright-core";
import { Temporal } from "temporal-polyfill";
import { formatCalendarDate } from "../../src/web/lib/format.ts";
import { databaseTargets } from "../support/db.ts";
import {
  DEMO,
  dateValue,
  fillDate,
  openContext,
  PHONE,
  seriousAxeViolations,
  signInAsPatient,
  signInAsStaff,
  startBrowserApp,
} from "./helpers.ts";
import { signedSessionFor } from "./patient-fixtures.ts";
import { readyToChart } from "./record-fixtures.ts";

await databaseTargets();
const app = startBrowserApp();
const SHOTS = process.env.SCREENSHOT_DIR ?? "/tmp/chart-shots";
mkdirSync(SHOTS, { recursive: true });

async function noSeriousViolations(page: Page, where: string) {
  assert.deepEqual(await seriousAxeViolations(page), [], `axe: ${where}`);
}

/** Every value of the chart form, as a person reads it off the screen. */
async function chartValues(page: Page) {
  const value = (label: string) => page.getByLabel(label, { exact: true }).inputValue();
  return {
    ticks: await Promise.all((await page.getByRole("checkbox").all()).map((c) => c.isChecked())),
    anaesthetic: [
      await value("Anaesthetic"),
      await value("Anaesthetic on at"),
      await value("Anaesthetic off at"),
    ],
    zones: await page.getByTestId("zone-table").textContent(),
    cartridge: [await value("Cartridge lot"), await dateValue(page, "Cartridge expiry")],
    product: [await value("Post-procedure product"), await value("Product lot")],
    endpoint: await value("Endpoint"),
    event: [await value("Adverse event 1"), await value("Severity"), await value("Action taken")],
  };
}

/** The read-only chart's terms and values, as a person reads them (the device row aside). */
async function recordValues(page: Page): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const list of await page.getByTestId("chart-record").locator("dl").all()) {
    const terms = await list.locator("dt").allTextContents();
    const values = await list.locator("dd").allTextContents();
    terms.forEach((t, i) => {
      out[t] = values[i] ?? "";
    });
  }
  return out;
}

describe("session chart record", () => {
  it("every field round-trips through a reload, and the signed chart opens read-only with its addenda", async () => {
    const admin = app.server.database.admin;
    const patientId = (
      await admin.query(
        "select id from patients where family_name = 'Kowalski' and clinic_id = (select clinic_id from users where email = $1)",
        [DEMO.nurse],
      )
    ).rows[0].id;
    const context = await openContext(app.browser, app.server.url);
    const page = await context.newPage();
    await signInAsStaff(page, DEMO.nurse);
    await readyToChart(page, patientId, "Mia Kowalski");

    await page.goto(`/app/patients/${patientId}/chart`);
    await page.getByLabel("Pregnant now").selectOption("no");
    await page.getByLabel("Breastfeeding now").selectOption("no");
    // A condition reported today, placed on a zone not treated today: kept with its zone.
    await page.getByRole("button", { name: "Add a condition" }).click();
    await page.getByLabel("Condition 1", { exact: true }).selectOption("skin-infection");
    await page
      .getByRole("group", { name: /Where is condition 1\?/ })
      .getByRole("checkbox", { name: "Neck" })
      .check();
    await page.getByRole("button", { name: "Start session" }).click();
    await page.getByTestId("zone-map").waitFor();
    const reported = page.getByTestId("day-of-summary");
    await reported.getByText(/active now · on or near: Neck/).waitFor();

    for (const box of await page.getByRole("checkbox").all()) await box.check();
    await page.getByLabel("Anaesthetic on at").fill("08:15");
    await page.getByLabel("Anaesthetic off at").fill("08:50");
    await page.getByRole("button", { name: /^Cheeks/ }).press("Enter");
    await page.getByRole("textbox", { name: "Depth (mm)" }).fill("1");
    await page.getByRole("textbox", { name: "Passes" }).fill("3");
    await page.getByLabel("Device", { exact: true }).selectOption({ index: 1 });
    await page.getByLabel("Cartridge lot", { exact: true }).fill("LOT-RT-1");
    await fillDate(page, "Cartridge expiry", "2099-12-31");
    await page.getByLabel("Post-procedure product", { exact: true }).selectOption("ha-hydrogel");
    await page.getByLabel("Product lot", { exact: true }).fill("HG-RT-9");
    await page.getByLabel("Endpoint", { exact: true }).selectOption("erythema");
    await page.getByRole("button", { name: "Add an adverse event" }).click();
    await page.getByLabel("Adverse event 1", { exact: true }).fill("Pinpoint bleeding beyond endpoint");
    await page.getByLabel("Severity", { exact: true }).selectOption("moderate");
    await page.getByLabel("Action taken", { exact: true }).fill("Pressure for two minutes; settled");
    await noSeriousViolations(page, "chart filled");
    const entered = await chartValues(page);
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await page.getByRole("status").filter({ hasText: "Saved." }).waitFor();

    await page.reload();
    await page.getByTestId("zone-map").waitFor();
    await page.getByLabel("Adverse event 1", { exact: true }).waitFor();
    assert.deepEqual(await chartValues(page), entered);
    await reported.getByText(/active now · on or near: Neck/).waitFor();
    assert.deepEqual(entered.anaesthetic, ["lidocaine 4% cream", "08:15", "08:50"]);
    assert.ok(entered.ticks.length >= 4 && entered.ticks.every(Boolean));

    await page.getByRole("button", { name: "Sign and lock" }).click();
    await page
      .getByTestId("chart-status")
      .filter({ hasText: /^Signed/ })
      .waitFor();
    await page.screenshot({ path: `${SHOTS}/chart-signed-desktop.png`, fullPage: true });

    // After a reload the page offers a new day-of check; the signed chart opens from the list.
    await page.reload();
    await page.getByRole("link", { name: /Open the chart of .* \(Signed\)/ }).click();
    await page
      .getByTestId("chart-status")
      .filter({ hasText: /^Signed/ })
      .waitFor();
    // The locked chart reads as text (a definition list), not as faint disabled inputs: same data.
    await page.getByTestId("chart-record").waitFor();
    assert.equal(await page.getByTestId("chart-record").locator("input, select, textarea").count(), 0);
    const record = await recordValues(page);
    assert.equal(record.Anaesthetic, "lidocaine 4% cream, on at 08:15, off at 08:50");
    assert.equal(record["Cartridge lot"], "LOT-RT-1");
    assert.equal(record["Cartridge expiry"], formatCalendarDate("2099-12-31"));
    assert.equal(record["Product lot"], "HG-RT-9");
    assert.equal(record.Endpoint, "Even erythema");
    assert.equal(record["Adverse event 1"], "Pinpoint bleeding beyond endpoint");
    assert.equal(record.Severity, "Moderate");
    assert.equal(record["Action taken"], "Pressure for two minutes; settled");
    assert.equal(await page.getByTestId("zone-table").textContent(), entered.zones);
    const steps = Object.entries(record).filter(([, v]) => v === "Done" || v === "Not done");
    assert.ok(steps.length >= 4 && steps.every(([, v]) => v === "Done"), JSON.stringify(record));
    assert.equal(await page.getByRole("button", { name: "Sign and lock" }).count(), 0);
    await reported.getByText(/active now · on or near: Neck/).waitFor();
    await noSeriousViolations(page, "signed chart as text (contrast included)");
    await page.screenshot({ path: `${SHOTS}/chart-signed-record.png`, fullPage: true });
    await page.getByLabel("New addendum").fill("Patient phoned on day 2: redness settling.");
    await page.getByRole("button", { name: "Add addendum" }).click();
    await page.getByTestId("addendum").filter({ hasText: "redness settling" }).waitFor();
    await noSeriousViolations(page, "signed chart with addendum");
    await page.reload();
    await page.getByTestId("addendum").filter({ hasText: "redness settling" }).waitFor();

    const row = (
      await admin.query(
        "select status, checklist, post_product, adverse_events from session_charts where patient_id = $1",
        [patientId],
      )
    ).rows[0];
    assert.equal(row.status, "signed");
    assert.deepEqual(row.checklist.anaesthetic, {
      product: "lidocaine 4% cream",
      startedAt: "08:15",
      endedAt: "08:50",
    });
    assert.deepEqual(row.post_product, { productId: "ha-hydrogel", lot: "HG-RT-9" });
    assert.deepEqual(row.adverse_events, [
      {
        kind: "Pinpoint bleeding beyond endpoint",
        severity: "moderate",
        action: "Pressure for two minutes; settled",
      },
    ]);
    await context.close();
  });

  it("on a phone: an unrecognised medicine reviewed, session 2 of 3 charted with an adverse event, the last session offered only after the interval", async () => {
    const admin = app.server.database.admin;
    const { rows } = await admin.query(
      `select u.clinic_id, u.patient_id, u.id as user_id,
              (select id from users p where p.clinic_id = u.clinic_id and p.email = $2) as physician_id
       from users u where u.email = $1`,
      [DEMO.patient, DEMO.physician],
    );
    const {
      clinic_id: clinicId,
      patient_id: patientId,
      user_id: userId,
      physician_id: physicianId,
    } = rows[0];
    const consult = await admin.query(
      `insert into consultations (clinic_id, patient_id, provider_id, decision, decision_source, engine_outcome, protocol_version)
       values ($1, $2, $3, '{}', 'engine', 'eligible', 'fixture') returning id`,
      [clinicId, patientId, physicianId],
    );
    const plan = await admin.query(
      `insert into treatment_plans (clinic_id, patient_id, consultation_id, created_by, concerns, zones, sessions, interval_weeks,
         maintenance_months, price_cents, protocol_version, status, accepted_at, accepted_by)
       values ($1, $2, $3, $4, '[{"indication":"acne-scars","zones":["cheeks"],"goodmanBaronGrade":2}]',
         '[{"zone":"cheeks","minMm":0.5,"maxMm":1.5}]', 3, 4, 6, 75000, 'fixture', 'accepted', now(), $5) returning id`,
      [clinicId, patientId, consult.rows[0].id, physicianId, userId],
    );
    const planId = plan.rows[0].id as string;
    // Session 1, six weeks ago; today's visit is booked and the patient has arrived.
    await signedSessionFor(admin, DEMO.patient, 6 * 7 * 24, planId);
    await admin.query(
      `insert into appointments (clinic_id, location_id, patient_id, type_id, starts_at, ends_at, status)
       select $1, (select id from locations where clinic_id = $1 order by created_at limit 1), $2,
              (select id from appointment_types where clinic_id = $1 and kind = 'microneedling' limit 1),
              now(), now() + interval '75 minutes', 'checked_in'`,
      [clinicId, patientId],
    );

    const staffContext = await openContext(app.browser, app.server.url, { viewport: PHONE });
    const staff = await staffContext.newPage();
    await signInAsStaff(staff, DEMO.physician);
    await readyToChart(staff, patientId, "Ava Martin");
    // A screening the booking reads, as the consultation would store it.
    const csrf = (await (await staff.request.get("/api/auth/csrf")).json()).csrfToken;
    const today = Temporal.Now.plainDateISO("Europe/London");
    const screened = await staff.request.post(`/api/patients/${patientId}/screenings`, {
      headers: { "x-csrf-token": csrf },
      data: {
        requestedAppointment: today.toString(),
        request: {
          setting: "clinic",
          concerns: [{ indication: "acne-scars", zones: ["cheeks"], goodmanBaronGrade: 2 }],
        },
        patient: { pregnant: false, breastfeeding: false },
      },
    });
    assert.equal(screened.status(), 201, await screened.text());

    await staff.goto(`/app/patients/${patientId}/chart`);
    await staff.getByRole("heading", { name: "Day-of check" }).waitFor();
    assert.match(
      (await staff.getByLabel("Treatment plan").locator("option:checked").textContent()) ?? "",
      /session 2 of 3/,
    );
    await staff.getByLabel("Pregnant now").selectOption("no");
    await staff.getByLabel("Breastfeeding now").selectOption("no");
    await staff.getByRole("button", { name: "Add a medicine" }).click();
    await staff.getByLabel("Medicine 1", { exact: true }).fill("Microgynon 30");
    await staff.getByRole("button", { name: "Add a condition" }).click();
    await staff.getByLabel("Condition 1", { exact: true }).selectOption("skin-infection");
    await staff
      .getByRole("group", { name: /Where is condition 1\?/ })
      .getByRole("checkbox", { name: "Somewhere else on the body" })
      .check();
    await noSeriousViolations(staff, "day-of check");
    await staff.screenshot({ path: `${SHOTS}/day-of-check-phone.png`, fullPage: true });
    await staff.getByRole("button", { name: "Start session" }).click();

    await staff.getByRole("alert").filter({ hasText: "Session stopped" }).waitFor();
    const review = staff.getByRole("region", { name: "Review of Microgynon 30" });
    await review.getByLabel("Not relevant to microneedling").check();
    await review.getByLabel(/^Reason/).fill("Combined oral contraceptive pill: no bearing on needling.");
    await noSeriousViolations(staff, "medicine review");
    await staff.screenshot({ path: `${SHOTS}/medicine-review-phone.png`, fullPage: true });
    await review.getByRole("button", { name: "Record review of Microgynon 30" }).click();
    await review.getByRole("status").filter({ hasText: "Review recorded." }).waitFor();
    await staff.getByRole("button", { name: "Re-screen now" }).click();
    await staff.getByTestId("zone-map").waitFor();
    assert.match((await staff.getByTestId("chart-plan").textContent()) ?? "", /Session 2 of 3/);
    await staff.getByTestId("chart-appointment").waitFor();

    for (const box of await staff.getByRole("checkbox").all()) await box.check();
    await staff.getByLabel("Anaesthetic on at").fill("09:00");
    await staff.getByLabel("Anaesthetic off at").fill("09:35");
    await staff.getByLabel("Device", { exact: true }).selectOption({ index: 1 });
    await staff.getByLabel("Cartridge lot", { exact: true }).fill("LOT-J-2");
    await fillDate(staff, "Cartridge expiry", "2099-12-31");
    await staff.getByLabel("Endpoint", { exact: true }).selectOption("erythema-pinpoint-bleeding");
    await staff.getByRole("button", { name: "Add an adverse event" }).click();
    await staff.getByLabel("Adverse event 1", { exact: true }).fill("Vasovagal episode");
    await staff.getByLabel("Severity", { exact: true }).selectOption("mild");
    await staff.getByLabel("Action taken", { exact: true }).fill("Lay flat, recovered in 5 minutes");
    await noSeriousViolations(staff, "chart on a phone");
    await staff.getByRole("button", { name: "Sign and lock" }).click();
    await staff
      .getByTestId("chart-status")
      .filter({ hasText: /^Signed/ })
      .waitFor();
    await staff.screenshot({ path: `${SHOTS}/chart-signed-phone.png`, fullPage: true });
    await noSeriousViolations(staff, "signed chart on a phone");

    const portalContext = await openContext(app.browser, app.server.url, { viewport: PHONE });
    const portal = await portalContext.newPage();
    await signInAsPatient(portal, DEMO.patient);
    await portal.goto("/portal/plan");
    await portal.getByText("Session 2 of 3").first().waitFor();
    const windowFrom = formatCalendarDate(today.add({ weeks: 4 }).toString());
    await portal.getByText(new RegExp(`Next session due between ${windowFrom}`)).waitFor();
    await noSeriousViolations(portal, "portal plan");
    await portal.screenshot({ path: `${SHOTS}/portal-plan-phone.png`, fullPage: true });

    await portal.goto("/portal/book");
    await portal.getByRole("heading", { name: "Choose a time" }).waitFor();
    const inside = new Set(
      Array.from({ length: 28 }, (_, i) => formatCalendarDate(today.add({ days: i }).toString())),
    );
    const shown = await portal.getByRole("region", { name: "Choose a time" }).locator("p").allTextContents();
    for (const day of shown) assert.ok(!inside.has(day), `${day} is inside the plan's interval`);
    // The page opens on the first free times after the interval, without paging through empty weeks.
    await portal
      .getByRole("region", { name: "Choose a time" })
      .getByRole("button", { name: /^\d\d:\d\d$/ })
      .first()
      .click();
    assert.equal(
      await portal.getByLabel("Sessions to book").count(),
      0,
      "one session left: no series offered",
    );
    await noSeriousViolations(portal, "portal booking");
    await portal.screenshot({ path: `${SHOTS}/portal-book-phone.png`, fullPage: true });

    const chart = (
      await admin.query(
        "select plan_id, appointment_id, rescreen -> 'medicationReviews' as reviews from session_charts where patient_id = $1 and status = 'signed' order by created_at desc limit 1",
        [patientId],
      )
    ).rows[0];
    assert.equal(chart.plan_id, planId);
    assert.ok(chart.appointment_id);
    assert.equal(chart.reviews[0].name, "Microgynon 30");
    await staffContext.close();
    await portalContext.close();
  });

  it("a lot recall lists the patients and charts of a lot with a message to each; owners read charts without a start button", async () => {
    // Runs after the round trip above, whose chart used product lot HG-RT-9.
    const context = await openContext(app.browser, app.server.url);
    const page = await context.newPage();
    await signInAsStaff(page, DEMO.owner);
    await page.getByRole("link", { name: "Lot recall" }).click();
    await page.getByRole("heading", { level: 1, name: "Lot recall" }).waitFor();
    await page.getByLabel(/^Lot number/).fill("HG-RT-9");
    await page.getByRole("button", { name: "Find sessions" }).click();
    const patient = page.getByRole("region", { name: "Mia Kowalski" });
    await patient.waitFor();
    assert.match((await patient.textContent()) ?? "", /Post-procedure product/);
    assert.match(
      await patient.getByLabel("Message to Mia Kowalski").inputValue(),
      /Dear Mia,[\s\S]*recalled one batch \(HG-RT-9\)/,
    );
    await noSeriousViolations(page, "lot recall");
    await page.screenshot({ path: `${SHOTS}/recall-desktop.png`, fullPage: true });

    await patient.getByRole("link", { name: "Open chart" }).click();
    await page
      .getByTestId("chart-status")
      .filter({ hasText: /^Signed/ })
      .waitFor();
    assert.equal(await page.getByRole("button", { name: "Start session" }).count(), 0);
    assert.equal(await page.getByRole("button", { name: "Sign and lock" }).count(), 0);
    await page.getByRole("link", { name: "Back to today's session" }).click();
    await page.getByText("Only a licensed provider starts a session.").waitFor();
    await noSeriousViolations(page, "chart page for an owner");

    await page.getByRole("link", { name: "Marketing gallery" }).click();
    await page.getByRole("heading", { level: 1, name: "Marketing gallery" }).waitFor();
    await noSeriousViolations(page, "marketing gallery");
    await context.close();
  });
});
