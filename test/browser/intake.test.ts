// The intake in headless Chromium on the real app: a patient on a phone answers every question
// (a skin infection placed on the cheeks), saves, reloads and finds every answer again, and the
// consultation defers the cheek treatment; staff enter the intake of a phone-booked patient from
// the self-check answers sent with the booking, then record the consultation and build the plan.
// Every screen passes an accessibility check, at 375 px and on a desktop.
import assert from "node:assert/strict";
import { mkdir } from "node:fs/promises";
import { after, before, describe, it } from "node:test";
import type { Browser, Page } from "playwright-core";
import { databaseTargets } from "../support/db.ts";
import { startTestServer, type TestServer } from "../support/server.ts";
import {
  DEMO,
  DESKTOP,
  dateField,
  dateValue,
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

after(async () => {
  await browser?.close();
  await server?.close();
});

await databaseTargets();

before(async () => {
  browser = await launchChromium();
  server = await startTestServer();
});

const SHOTS = process.env.SCREENSHOT_DIR;
async function shot(page: Page, name: string): Promise<void> {
  if (!SHOTS) return;
  await mkdir(SHOTS, { recursive: true });
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}

const condition = (page: Page, n: number) => page.getByRole("group", { name: `Condition ${n}`, exact: true });
const medicine = (page: Page, n: number) => page.getByRole("group", { name: `Medicine ${n}`, exact: true });

describe("intake", () => {
  it("a patient's intake on a phone: every answer round-trips, and an infection on the cheeks defers a cheek treatment", async () => {
    // A browser set to US English: the UK clinic's dates are still asked for day first.
    const context = await openContext(browser, server.url, { viewport: PHONE, locale: "en-US" });
    const page = await context.newPage();
    await signInAsPatient(page, DEMO.patient);
    await page.goto("/portal/intake");
    await page.getByRole("heading", { level: 1, name: "Health questionnaire" }).waitFor();
    assert.deepEqual(
      await dateField(page, /had a baby in the last 12 months/)
        .group.getByRole("textbox")
        .evaluateAll((boxes) => boxes.map((b) => (b as HTMLInputElement).labels?.[0]?.textContent)),
      ["Day", "Month", "Year"],
    );

    await page
      .getByRole("radiogroup", { name: "Are you pregnant?" })
      .getByRole("radio", { name: "No" })
      .check();
    await page
      .getByRole("radiogroup", { name: "Are you breastfeeding?" })
      .getByRole("radio", { name: "No" })
      .check();
    await fillDate(page, /had a baby in the last 12 months/, "2026-02-14");
    await page.getByRole("radio", { name: /^Type III/ }).check();

    await page.getByRole("button", { name: "Add a condition" }).click();
    await condition(page, 1).getByLabel("Condition", { exact: true }).selectOption("skin-infection");
    await condition(page, 1).getByLabel("Now", { exact: true }).selectOption("active");
    await condition(page, 1).getByRole("checkbox", { name: "Cheeks" }).check();
    await fillDate(condition(page, 1), /When did it start/, "2026-03-01");
    await condition(page, 1)
      .getByLabel(/Anything else about it/)
      .fill("impetigo near my mouth");

    await page.getByRole("button", { name: "Add a condition" }).click();
    await condition(page, 2).getByLabel("Condition", { exact: true }).selectOption("rosacea");
    await condition(page, 2).getByLabel("Now", { exact: true }).selectOption("resolved");
    await condition(page, 2).getByLabel("How bad is it now?").selectOption("mild");
    await condition(page, 2).getByRole("checkbox", { name: "Nose" }).check();
    await fillDate(condition(page, 2), "When did it clear up?", "2026-01-10");
    await page.getByRole("checkbox", { name: "I get cold sores" }).check();

    await page.getByRole("button", { name: "Add a medicine" }).click();
    await medicine(page, 1).getByLabel("Name", { exact: true }).fill("tretinoin");
    await medicine(page, 1).getByLabel("How do you take it?").selectOption("topical");
    await fillDate(medicine(page, 1), /Last taken/, "2026-03-02");
    await medicine(page, 1).getByRole("checkbox", { name: "Prescribed" }).check();

    await page
      .getByRole("group", { name: "Fine lines and wrinkles" })
      .getByRole("checkbox", { name: "Cheeks" })
      .check();
    assert.deepEqual(await seriousAxeViolations(page), []);
    await shot(page, "intake-patient-375");
    await page.getByRole("button", { name: "Send my answers" }).click();
    await page.getByRole("status").filter({ hasText: "your answers are saved" }).waitFor();

    await page.reload();
    await page.getByRole("heading", { level: 1, name: "Health questionnaire" }).waitFor();
    await condition(page, 2).waitFor();
    const checked = async (scope: ReturnType<typeof condition>, name: string) =>
      scope.getByRole("checkbox", { name, exact: true }).isChecked();
    assert.equal(
      await page
        .getByRole("radiogroup", { name: "Are you pregnant?" })
        .getByRole("radio", { name: "No" })
        .isChecked(),
      true,
    );
    assert.equal(
      await page
        .getByRole("radiogroup", { name: "Are you breastfeeding?" })
        .getByRole("radio", { name: "No" })
        .isChecked(),
      true,
    );
    assert.equal(await dateValue(page, /had a baby in the last 12 months/), "2026-02-14");
    assert.equal(await page.getByRole("radio", { name: /^Type III/ }).isChecked(), true);
    assert.equal(
      await condition(page, 1).getByLabel("Condition", { exact: true }).inputValue(),
      "skin-infection",
    );
    assert.equal(await condition(page, 1).getByLabel("Now", { exact: true }).inputValue(), "active");
    assert.equal(await checked(condition(page, 1), "Cheeks"), true);
    assert.equal(await checked(condition(page, 1), "Forehead"), false);
    assert.equal(await dateValue(condition(page, 1), /When did it start/), "2026-03-01");
    assert.equal(
      await condition(page, 1)
        .getByLabel(/Anything else about it/)
        .inputValue(),
      "impetigo near my mouth",
    );
    assert.equal(await condition(page, 2).getByLabel("Condition", { exact: true }).inputValue(), "rosacea");
    assert.equal(await condition(page, 2).getByLabel("Now", { exact: true }).inputValue(), "resolved");
    assert.equal(await condition(page, 2).getByLabel("How bad is it now?").inputValue(), "mild");
    assert.equal(await checked(condition(page, 2), "Nose"), true);
    assert.equal(await dateValue(condition(page, 2), "When did it clear up?"), "2026-01-10");
    assert.equal(await page.getByRole("checkbox", { name: "I get cold sores" }).isChecked(), true);
    assert.equal(await page.getByRole("checkbox", { name: "I have had keloid scars" }).isChecked(), false);
    assert.equal(await medicine(page, 1).getByLabel("Name", { exact: true }).inputValue(), "tretinoin");
    assert.equal(await medicine(page, 1).getByLabel("How do you take it?").inputValue(), "topical");
    assert.equal(await dateValue(medicine(page, 1), /Last taken/), "2026-03-02");
    assert.equal(await medicine(page, 1).getByRole("checkbox", { name: "Prescribed" }).isChecked(), true);
    assert.equal(
      await page
        .getByRole("group", { name: "Fine lines and wrinkles" })
        .getByRole("checkbox", { name: "Cheeks" })
        .isChecked(),
      true,
    );
    await context.close();

    // The clinician sees the cheek treatment deferred for the infection in the area.
    const staffContext = await openContext(browser, server.url, { viewport: DESKTOP });
    const staff = await staffContext.newPage();
    await signInAsStaff(staff, DEMO.physician);
    const patientId = (
      await server.database.admin.query("select patient_id from users where email = $1", [DEMO.patient])
    ).rows[0].patient_id;
    await staff.goto(`/app/patients/${patientId}`);
    const decision = staff.getByTestId("consultation-decision");
    await decision.waitFor();
    assert.match((await decision.textContent()) ?? "", /CI-SKIN-INFECTION/);
    assert.match((await decision.textContent()) ?? "", /Defer/i);
    // The screening panel shows where the patient placed it and starts from the intake's concern.
    const panel = staff.getByRole("region", { name: "Screening" });
    await panel.getByText(/Active bacterial.*on or near: Cheeks.*impetigo near my mouth/).waitFor();
    await panel.getByText(/tretinoin · topical/).waitFor();
    assert.equal(
      await panel
        .getByRole("textbox", { name: "Concern 1" })
        .or(panel.getByRole("combobox", { name: "Concern 1" }))
        .first()
        .inputValue(),
      "Fine lines and wrinkles / photoaging",
    );
    assert.deepEqual(await seriousAxeViolations(staff), []);
    await staffContext.close();
  });

  for (const viewport of [DESKTOP, PHONE]) {
    const size = viewport === PHONE ? "375" : "desktop";
    it(`staff enter a phone patient's intake from their self-check, then consultation and plan (${size})`, async () => {
      const family = `Phonebooked${size}`;
      const { rows } = await server.database.admin.query(
        `insert into patients (clinic_id, given_name, family_name, date_of_birth, sex, phone)
         select clinic_id, 'Pia', $1, '1979-09-12', 'female', '07700 900123' from users where email = $2
         returning id`,
        [family, DEMO.physician],
      );
      const patientId = rows[0].id;
      await server.database.admin.query(
        `insert into booking_requests (clinic_id, patient_id, self_check)
         select clinic_id, id, $2 from patients where id = $1`,
        [
          patientId,
          JSON.stringify({
            outcome: "eligible",
            deferUntil: null,
            answers: {
              concerns: ["rhytides"],
              areas: ["face"],
              age: 46,
              sex: "female",
              pregnant: false,
              breastfeeding: false,
              fitzpatrick: "III",
              health: { coldSoreHistory: true },
              graded: {},
              isotretinoin: "never",
              isotretinoinLastDose: null,
              medicines: {},
              startDate: null,
            },
          }),
        ],
      );
      const context = await openContext(browser, server.url, { viewport });
      const page = await context.newPage();
      await signInAsStaff(page, DEMO.physician);
      await page.goto(`/app/patients/${patientId}`);
      await page.getByRole("link", { name: "Enter the intake with the patient" }).click();
      await page.getByRole("heading", { level: 1, name: "Intake questionnaire" }).waitFor();
      await page.getByRole("note").filter({ hasText: "the patient sent with their booking" }).waitFor();
      // Started from the self-check: skin type, pregnancy, cold sores and the face zones are filled in.
      assert.equal(await page.getByRole("radio", { name: /^Type III/ }).isChecked(), true);
      assert.equal(await page.getByRole("checkbox", { name: "I get cold sores" }).isChecked(), true);
      const wrinkles = page.getByRole("group", { name: "Fine lines and wrinkles" });
      assert.equal(await wrinkles.getByRole("checkbox", { name: "Cheeks" }).isChecked(), true);
      // The face only: the neck and body zones stay off until asked.
      await wrinkles.getByRole("checkbox", { name: "Neck" }).waitFor();
      assert.equal(await wrinkles.getByRole("checkbox", { name: "Neck" }).isChecked(), false);
      assert.deepEqual(await seriousAxeViolations(page), []);
      await shot(page, `intake-staff-${size}`);
      await page.getByRole("button", { name: "Save the questionnaire" }).click();
      await page.getByRole("status").filter({ hasText: "Questionnaire saved for the patient" }).waitFor();
      await page.reload();
      await page.getByText("were entered by staff").waitFor();

      await page.getByRole("link", { name: "Back to the patient" }).click();
      const decision = page.getByTestId("consultation-decision");
      await decision.waitFor();
      await page.getByRole("button", { name: "Record consultation" }).click();
      await page.getByRole("status").filter({ hasText: "Consultation recorded" }).waitFor();
      // The consultation is kept: after a reload it is still recorded and the plan can be built.
      await page.reload();
      await page.getByRole("status").filter({ hasText: "Consultation recorded" }).waitFor();
      assert.equal(await page.getByRole("button", { name: "Record consultation" }).count(), 0);

      // The provider chooses the zones and their depths, and the maintenance interval.
      // (The screening panel's "where is it" also names zones: the plan's table is meant here.)
      const planZones = page.getByRole("table", { name: "Zones of the plan" });
      await planZones.getByRole("checkbox", { name: "Nose", exact: true }).uncheck();
      await planZones.getByRole("checkbox", { name: "Perioral", exact: true }).uncheck();
      await page.getByRole("textbox", { name: "Cheeks: to (mm)" }).fill("0.4");
      const maintenance = page.getByRole("textbox", { name: "Maintenance every (months)" });
      // The engine's range is 6-12 months; the form starts at 6.
      assert.equal(await maintenance.inputValue(), "6");
      const months = "9";
      await maintenance.fill(months);
      await page.getByRole("button", { name: "Build plan" }).click();
      const plan = page.getByTestId("staff-plan");
      await plan.waitFor();
      await page.reload();
      await plan.waitFor();
      const zones = (await plan.getByTestId("plan-zones").textContent()) ?? "";
      assert.match(zones, /cheeks0\.25–0\.4 mm/i);
      assert.doesNotMatch(zones, /nose|perioral/i);
      assert.match(zones, /forehead0\.25–0\.5 mm/i);
      assert.match(
        (await plan.getByTestId("plan-series").textContent()) ?? "",
        new RegExp(`maintenance session every ${months} months`),
      );
      assert.deepEqual(await seriousAxeViolations(page), []);
      await shot(page, `consultation-plan-${size}`);
      await context.close();
    });
  }
});
