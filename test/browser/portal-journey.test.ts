// Journey 3, in the screens only: a patient books a visit in the portal and then moves and cancels
// it; fills the health questionnaire and comes back to update it; signs the consent forms from the
// home page; accepts the plan their clinician proposed. On a 375 px phone and at desktop size, with axe.
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { describe, it } from "node:test";
import type { Page } from "playwright-core";
import {
  DEMO,
  DESKTOP,
  openContext,
  PHONE,
  seriousAxeViolations,
  signInAsPatient,
  signInAsStaff,
  startBrowserApp,
} from "./helpers.ts";

const SHOTS = process.env.SCREENSHOT_DIR ?? "";
if (SHOTS) mkdirSync(SHOTS, { recursive: true });
const shot = async (page: Page, name: string) => {
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
};
const noAxe = async (page: Page, where: string) =>
  assert.deepEqual(await seriousAxeViolations(page), [], `axe on ${where}`);

const app = startBrowserApp();

for (const [size, viewport, email, name] of [
  ["phone", PHONE, DEMO.patient, "Ava Martin"],
  ["desktop", DESKTOP, "noah.okafor@demo.remodel.test", "Noah Okafor"],
] as const) {
  describe(`patient portal journey (${size})`, () => {
    it("books, moves and cancels a visit; fills and updates the questionnaire; signs consents; accepts the plan", async () => {
      const context = await openContext(app.browser, app.server.url, { viewport });
      const portal = await context.newPage();
      const staffContext = await openContext(app.browser, app.server.url);
      const staff = await staffContext.newPage();
      try {
        await signInAsPatient(portal, email);

        // Book a consultation in the next fortnight but one: free times come two weeks at a time,
        // a day at a time, so any day up to the clinic's horizon can be reached (whatever the hour).
        await portal.getByRole("link", { name: "Book a visit" }).first().click();
        await portal.getByRole("heading", { level: 1, name: "Book a visit" }).waitFor();
        await portal.getByLabel("What to book").selectOption({ label: "Consultation" });
        const days = portal.getByRole("group", { name: "Choose a day" });
        await days.waitFor();
        const firstSpan = (await portal.getByText(/^Free times from /).textContent()) ?? "";
        await portal.getByRole("button", { name: "Later dates" }).click();
        await portal.getByText(firstSpan, { exact: true }).waitFor({ state: "detached" });
        await days.getByRole("button").first().waitFor();
        await days.getByRole("button").last().click();
        await portal
          .getByRole("region", { name: "Choose a time" })
          .getByRole("button", { name: /^\d\d:\d\d$/ })
          .first()
          .click();
        await portal.getByRole("button", { name: "Book this time" }).click();
        const booked = portal.getByRole("status").filter({ hasText: "Booked" });
        await booked.waitFor();
        assert.equal(await portal.getByRole("button", { name: "Book this time" }).count(), 0);
        assert.equal(
          await portal
            .getByRole("region", { name: "Choose a time" })
            .getByRole("button", { name: /^\d\d:\d\d$/, pressed: true })
            .count(),
          0,
          "no time left selected",
        );
        await noAxe(portal, "portal booking");
        await shot(portal, `${size}-portal-booked`);
        const when = ((await booked.locator("p").first().textContent()) ?? "").trim();

        // Move it, then cancel it, from the home page.
        await portal.getByRole("link", { name: "Back to my appointments" }).click();
        const visit = portal.getByRole("group", { name: `Consultation, ${when}` });
        await visit.getByRole("button", { name: "Move" }).click();
        // The last day offered is days away, outside the notice, so the moved visit can be cancelled online.
        await visit.getByRole("group", { name: "Choose a day" }).getByRole("button").last().click();
        await visit
          .getByRole("button", { name: /^\d\d:\d\d$/ })
          .last()
          .click();
        await shot(portal, `${size}-portal-move`);
        await visit.getByRole("button", { name: /^Move to / }).click();
        const moved = portal.getByRole("status").filter({ hasText: "Moved to" });
        await moved.waitFor();
        const movedTo = ((await moved.textContent()) ?? "").replace(/^Moved to /, "").replace(/\.$/, "");
        await portal.reload();
        const again = portal.getByRole("group", { name: `Consultation, ${movedTo}` });
        await again.getByRole("button", { name: "Cancel" }).click();
        await noAxe(portal, "cancel a visit");
        await again.getByRole("button", { name: "Yes, cancel it" }).click();
        await portal.getByRole("status").filter({ hasText: "Your visit is cancelled." }).waitFor();
        await portal.reload();
        assert.equal(await portal.getByRole("group", { name: `Consultation, ${movedTo}` }).count(), 0);

        // The questionnaire, reached from the home page; afterwards it stays reachable to update.
        await portal.getByRole("link", { name: "Fill in your health questionnaire" }).click();
        await portal.getByRole("heading", { level: 1, name: "Health questionnaire" }).waitFor();
        await portal.getByRole("radio", { name: /^Type II:/ }).waitFor();
        // Asked of women only.
        for (const question of ["Are you pregnant?", "Are you breastfeeding?"]) {
          const group = portal.getByRole("radiogroup", { name: question });
          if ((await group.count()) > 0) await group.getByRole("radio", { name: "No" }).check();
        }
        await portal.getByRole("radio", { name: /^Type II:/ }).check();
        const acne = portal.getByRole("group", { name: "Acne scars", exact: true });
        await acne.getByRole("checkbox", { name: "Cheeks" }).check();
        await portal.getByRole("button", { name: "Send my answers" }).click();
        await portal.getByRole("status").waitFor();
        await portal.goto("/portal");
        await portal.getByRole("link", { name: /^Update your health questionnaire/ }).click();
        await portal.getByRole("heading", { level: 1, name: "Health questionnaire" }).waitFor();
        await portal
          .getByRole("group", { name: "Acne scars", exact: true })
          .getByRole("checkbox", { name: "Forehead" })
          .check();
        await portal.getByRole("button", { name: "Send my answers" }).click();
        await portal.getByRole("status").waitFor();

        // The consent forms, from the home page, signed with the typed name.
        await portal.goto("/portal");
        await portal.getByRole("link", { name: "Sign your consent to treatment" }).click();
        await portal.getByRole("heading", { level: 1, name: "Consent forms" }).waitFor();
        const consent = portal.getByRole("region", { name: /Consent to microneedling/ });
        await consent.getByRole("textbox", { name: "Full name" }).fill(name);
        await consent.getByRole("button", { name: "Sign with my typed name" }).click();
        await consent.getByRole("button", { name: "Sign consent" }).click();
        await portal
          .getByTestId("consent-microneedling-status")
          .filter({ hasText: /^Signed/ })
          .waitFor();
        // With the treatment consent signed, the home page asks about photographs as the patient's choice.
        await portal.goto("/portal");
        await portal.getByRole("link", { name: /^Photographs of your skin: .*\(your choice\)$/ }).click();
        await portal.getByRole("heading", { level: 1, name: "Consent forms" }).waitFor();
        const photo = portal.getByRole("region", { name: /clinical photographs/ });
        await photo.getByRole("radio").first().check();
        await photo.getByRole("textbox", { name: "Full name" }).fill(name);
        await photo.getByRole("button", { name: "Sign with my typed name" }).click();
        await photo.getByRole("button", { name: "Sign photo consent" }).click();
        await portal
          .getByTestId("consent-photo-status")
          .filter({ hasText: /^Signed/ })
          .waitFor();
        await portal.goto("/portal/plan");
        assert.equal(await portal.getByText("Signed with us at the clinic").count(), 0);

        // The clinician proposes a plan in the staff app; the patient accepts it from the home page.
        const patientId = (
          await app.server.database.admin.query("select patient_id from users where email = $1", [email])
        ).rows[0].patient_id;
        await signInAsStaff(staff, DEMO.nurse);
        await staff.goto(`/app/patients/${patientId}`);
        const consultation = staff.getByRole("region", { name: "Consultation" });
        await consultation.getByTestId("consultation-decision").waitFor();
        await consultation.getByLabel("Goodman & Baron grade (acne scars)").selectOption("3");
        await consultation.getByRole("button", { name: "Record consultation" }).click();
        await consultation.getByText("Consultation recorded").waitFor();
        await consultation.getByRole("button", { name: "Build plan" }).click();
        await consultation.getByTestId("staff-plan").waitFor();

        await portal.goto("/portal");
        await noAxe(portal, "portal home");
        await shot(portal, `${size}-portal-home`);
        await portal.getByRole("link", { name: /^Your treatment plan is ready/ }).click();
        await portal.getByRole("heading", { level: 1, name: "My treatment plan" }).waitFor();
        await portal.getByRole("button", { name: "Accept this plan" }).click();
        await portal
          .getByTestId("plan-status")
          .filter({ hasText: /^Accepted/ })
          .waitFor();
        await portal.goto("/portal");
        assert.equal(await portal.getByRole("link", { name: /^Your treatment plan is ready/ }).count(), 0);
      } finally {
        await context.close();
        await staffContext.close();
      }
    });
  });
}
