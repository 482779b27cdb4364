// The patient side on a phone (375×812): the self-check to the booking page with the answers
// carried, and a patient's portal after a session (plan, timeline, chart, a red-flag check-in that
// reaches the staff inbox); axe on every page and the keyboard reaching the main controls.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Browser, Page } from "playwright-core";
import { startMessageWorker } from "../../src/server/jobs/message-worker.ts";
import { createMailer } from "../../src/server/services/mailer.service.ts";
import { startTestServer, type TestServer } from "../support/server.ts";
import { startTestSmtp } from "../support/smtp.ts";
import {
  DEMO,
  launchChromium,
  openContext,
  PHONE,
  seriousAxeViolations,
  signInAsPatient,
  signInAsStaff,
} from "./helpers.ts";
import { signedSessionFor } from "./patient-fixtures.ts";

async function noSeriousAxe(page: Page, where: string) {
  const violations = await seriousAxeViolations(page);
  assert.deepEqual(violations, [], `axe on ${where}`);
}

async function noSideScroll(page: Page, where: string) {
  const wide = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
  assert.equal(wide, false, `${where} scrolls sideways at 375px`);
}

describe("patient side on a phone", () => {
  let server: TestServer;
  let browser: Browser;
  before(async () => {
    browser = await launchChromium();
    server = await startTestServer();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it("self-check: a contradiction is named, the result explains itself, and the answers reach booking", async () => {
    const context = await openContext(browser, server.url, { viewport: PHONE });
    const page = await context.newPage();
    const sent: string[] = [];
    page.on("request", (r) => {
      if (r.url().includes("/api/") && r.method() !== "GET") sent.push(r.url());
    });
    await page.goto("/self-check");
    await page.getByRole("heading", { level: 1, name: /candidate/ }).waitFor();
    await noSeriousAxe(page, "/self-check");
    await page.getByRole("checkbox", { name: "Acne scars" }).check();
    await page.getByRole("checkbox", { name: "Face" }).check();
    await page.getByRole("button", { name: "Next" }).click();
    await page.getByLabel("Your age").fill("29");
    await page.getByRole("radio", { name: "Male", exact: true }).check();
    await page
      .getByRole("radiogroup", { name: "Are you pregnant?" })
      .getByRole("radio", { name: "Yes", exact: true })
      .check();
    await page
      .getByRole("radiogroup", { name: "Are you breastfeeding?" })
      .getByRole("radio", { name: "No", exact: true })
      .check();
    await page.getByRole("radio", { name: "Sometimes burns, tans evenly" }).check();
    await page.getByRole("button", { name: "Next" }).click();
    await page
      .getByRole("alert")
      .getByText(/male and pregnant/)
      .waitFor();
    await noSeriousAxe(page, "/self-check with a problem");
    await page
      .getByRole("radiogroup", { name: "Are you pregnant?" })
      .getByRole("radio", { name: "No", exact: true })
      .check();
    await page.getByRole("button", { name: "Next" }).click();
    await page.getByRole("heading", { name: "Your skin and health" }).waitFor();
    await page.getByRole("checkbox", { name: /cold sores from time to time/ }).check();
    await page.getByRole("button", { name: "Next" }).click();
    await page.getByRole("button", { name: "Next" }).click();
    await page.getByRole("button", { name: "See my result" }).click();
    const result = page.getByTestId("self-check-result");
    await result.waitFor();
    assert.equal(await result.getAttribute("data-outcome"), "eligible");
    await page.getByRole("heading", { name: "Good to know" }).waitFor();
    await page.getByText("Sources").first().waitFor();
    await noSeriousAxe(page, "self-check result");
    await noSideScroll(page, "self-check result");
    assert.deepEqual(sent, [], "nothing is sent before the person chooses to book");

    await page.getByRole("button", { name: "Book a consultation" }).first().click();
    await page.waitForURL(/\/book\?selfCheck=/);
    const carried = await page.evaluate(() => sessionStorage.getItem("remodel.selfCheck"));
    assert.ok(carried);
    assert.equal(JSON.parse(carried).outcome, "eligible");
    assert.deepEqual(JSON.parse(carried).answers.concerns, ["acne-scars"]);
    await page.getByRole("heading", { level: 1, name: "Book a consultation" }).waitFor();
    await context.close();
  });

  it("compare, FAQ and prices come from the clinic's data and pass axe on a phone", async () => {
    const context = await openContext(browser, server.url, { viewport: PHONE });
    const page = await context.newPage();
    await page.goto("/compare");
    await page.getByRole("heading", { level: 2, name: "Laser resurfacing" }).waitFor();
    await page.getByText("Up to 2 mm for scars").waitFor();
    await noSeriousAxe(page, "/compare");
    await noSideScroll(page, "/compare");
    await page.goto("/faq");
    await page.getByRole("heading", { name: "How many sessions will I need?" }).waitFor();
    await page.getByText(/3–6 sessions, 4–6 weeks apart/).waitFor();
    await noSeriousAxe(page, "/faq");
    await page.goto("/prices");
    await page.getByTestId("price").first().waitFor();
    await noSeriousAxe(page, "/prices");
    await noSideScroll(page, "/prices");
    await context.close();
  });

  it("after a session: plan progress, live timeline, healing chart, and a red-flag check-in that reaches the inbox", async () => {
    await signedSessionFor(server.database.admin, DEMO.patient, 26);
    const context = await openContext(browser, server.url, { viewport: PHONE });
    const page = await context.newPage();
    await signInAsPatient(page, DEMO.patient);
    await page.goto("/portal/plan");
    await page.getByTestId("plan-progress").getByText("Session 1 of 4").waitFor();
    await page.getByTestId("next-window").waitFor();
    await noSeriousAxe(page, "/portal/plan");
    await noSideScroll(page, "/portal/plan");

    await page.goto("/portal/aftercare");
    await page
      .getByTestId("where-am-i")
      .getByText(/^26 hours after your session/)
      .waitFor();
    await page.getByTestId("healing-chart").waitFor();
    await page.getByTestId("you-are-here").waitFor();
    await noSeriousAxe(page, "/portal/aftercare");
    await noSideScroll(page, "/portal/aftercare");

    // Keyboard: the first check-in control is reachable with Tab.
    let reached = false;
    for (let i = 0; i < 60 && !reached; i++) {
      await page.keyboard.press("Tab");
      reached = await page.evaluate(
        () => (document.activeElement as HTMLInputElement | null)?.value === "none",
      );
    }
    assert.ok(reached, "the check-in form is reachable by keyboard");

    // No photo consent yet: the check-in works without a photo, and the form says how to add one.
    await page
      .getByTestId("check-in-photo-no-consent")
      .getByRole("link", { name: /photo consent/ })
      .waitFor();
    await page.getByRole("checkbox", { name: /pus/ }).check();
    await page.getByRole("button", { name: "Send" }).click();
    const alert = page.getByTestId("check-in-result");
    // Open: call now; closed (the test may run at night): the clinic's out-of-hours advice.
    await alert.getByText(/^(Call the clinic now|The clinic is closed now)$/).waitFor();
    await alert.getByText(/sign of infection/).waitFor();
    await noSeriousAxe(page, "check-in red flag");
    // Back on the page later: the check-in is summed up in plain words, not the triage code.
    await page.reload();
    const triage = page.getByTestId("check-in-triage");
    await triage.waitFor();
    assert.equal((await triage.textContent())?.trim(), "Needs the clinic");
    // What to do is listed once, under its heading, not also in the summary above it.
    const now = (await page.getByTestId("where-am-i").textContent()) ?? "";
    const todo = await page.getByRole("listitem").allTextContents();
    assert.ok(todo.length > 0 && todo.every((item) => !now.includes(item)), `${now}\n${todo.join("\n")}`);

    // Her next session booked inside the window it is due in: the plan says when, and asks for no
    // booking. Once it is cancelled, the window and the button come back.
    const upcoming = `from users u, appointment_types t
       where u.email = $1 and a.patient_id = u.patient_id and t.id = a.type_id and t.kind = 'microneedling'
         and a.starts_at > now() and a.status = 'booked'`;
    await server.database.admin.query(
      `update appointments a set starts_at = a.starts_at + (date_trunc('day', now() + interval '34 days')
         - date_trunc('day', a.starts_at)), ends_at = a.ends_at + (date_trunc('day', now() + interval '34 days')
         - date_trunc('day', a.starts_at)) ${upcoming}`,
      [DEMO.patient],
    );
    await page.goto("/portal/plan");
    await page
      .getByTestId("next-booked")
      .getByText(/^Your next session is booked: \w{3} \d+ \w{3} \d{4}/)
      .waitFor();
    assert.equal(await page.getByTestId("next-window").count(), 0);
    assert.equal(await page.getByRole("link", { name: "Book my next session" }).count(), 0);
    await server.database.admin.query(`update appointments a set status = 'cancelled' ${upcoming}`, [
      DEMO.patient,
    ]);
    await page.goto("/portal/plan");
    await page.getByTestId("next-window").waitFor();
    await page.getByRole("link", { name: "Book my next session" }).waitFor();
    await context.close();

    const staff = await openContext(browser, server.url, { viewport: PHONE });
    const staffPage = await staff.newPage();
    await signInAsStaff(staffPage, DEMO.frontDesk);
    await staffPage.goto("/app/inbox");
    const first = staffPage.getByTestId("inbox-item").first();
    await first.waitFor();
    assert.equal(await first.getAttribute("data-triage"), "red-flag");
    await first.getByText("Ava Martin").waitFor();
    await staffPage.getByTestId("open-red-flags").getByText("1 open red flag").waitFor();
    await noSeriousAxe(staffPage, "/app/inbox");
    await staff.close();
  });

  it("sign-in by link: ask on a phone, open the link, land in the portal; a used link says so", async () => {
    const context = await openContext(browser, server.url, { viewport: PHONE });
    const page = await context.newPage();
    await page.goto("/portal/sign-in/link");
    await noSeriousAxe(page, "/portal/sign-in/link");
    await page.getByLabel("E-mail address").fill("mia.kowalski@demo.remodel.test");
    await page.getByRole("button", { name: "E-mail me a link" }).click();
    await page
      .getByRole("status")
      .getByText(/link is on its way/)
      .waitFor();
    // The link exists only in the e-mail (staff never see it): send it, and read the mailbox.
    const smtp = await startTestSmtp();
    const sender = await startMessageWorker({
      connectionString: server.database.adminUrl,
      db: server.database.db,
      mailer: createMailer(smtp.url, "Remodel Demo <desk@demo.remodel.test>"),
      pollingSeconds: 0.5,
      sweepCron: null,
    });
    await sender.idle();
    await sender.stop();
    await smtp.close();
    const mail = smtp.received.find((m) => m.envelopeTo.includes("mia.kowalski@demo.remodel.test"));
    const link = /(https?:\/\/\S+)/.exec(mail?.text ?? "")?.[1] ?? "";
    const path = new URL(link).pathname + new URL(link).hash;
    // A fresh load, as when the link is opened from the mail app.
    await page.goto("about:blank");
    await page.goto(path);
    await page.getByRole("button", { name: "Sign me in" }).click();
    await page.getByRole("heading", { level: 1, name: "My plan" }).waitFor();
    await context.close();

    const other = await openContext(browser, server.url, { viewport: PHONE });
    const again = await other.newPage();
    await again.goto(path);
    await again.getByRole("button", { name: "Sign me in" }).click();
    await again
      .getByRole("alert")
      .getByText(/already used/)
      .waitFor();
    await other.close();
  });
});
