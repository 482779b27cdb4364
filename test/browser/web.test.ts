// Browser journeys through the public site, the staff app and the patient portal, on the real app
// (fresh seeded database, built web app) in headless Chromium.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Browser } from "playwright-core";
import { startTestServer } from "../support/server.ts";
import {
  DEMO,
  DEMO_PASSWORD,
  DESKTOP,
  launchChromium,
  openContext,
  PHONE,
  seriousAxeViolations,
  signInAsPatient,
  signInAsStaff,
  submitSignIn,
  textOf,
} from "./helpers.ts";

interface Appointment {
  startsAt: string;
  endsAt: string;
  status: string;
  type: { name: string };
  locationTimeZone: string;
}

describe("web app in Chromium", () => {
  let server: { url: string; close(): Promise<void> };
  let browser: Browser;

  before(async () => {
    // Launch Chromium first: when it is missing, say so before spending time on a database.
    browser = await launchChromium();
    server = await startTestServer();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  describe("public site", () => {
    it("shows the clinic home with the way to book and to sign in", async () => {
      const context = await openContext(browser, server.url);
      const page = await context.newPage();
      const clinic = (await (await page.request.get("/api/public/clinic")).json()) as {
        name: string;
        phone: string;
      };
      await page.goto("/");
      await page.getByRole("heading", { level: 1 }).waitFor();
      await page.getByRole("banner").getByText(clinic.name).waitFor();
      await page.getByRole("heading", { name: "What a course looks like" }).waitFor();
      // The course's figures come from the protocol's public facts, which arrive after the page.
      await page
        .locator("main")
        .getByText(/4–6 weeks apart/)
        .first()
        .waitFor();

      await page
        .getByRole("navigation", { name: "Main" })
        .getByRole("link", { name: "Book a consultation" })
        .click();
      await page.getByRole("heading", { level: 1, name: "Book a consultation" }).waitFor();
      // Booking online starts with picking a time; calling the clinic stays on offer beside it.
      await page.getByRole("heading", { level: 2, name: "1. Choose a time" }).waitFor();
      await page.getByRole("group", { name: "Day", exact: true }).waitFor();
      await page.getByRole("heading", { level: 2, name: `Contact ${clinic.name}` }).waitFor();
      if (clinic.phone) await page.getByRole("main").getByRole("link", { name: clinic.phone }).waitFor();

      await page.goto("/");
      await page.getByRole("link", { name: "Sign in" }).click();
      await page.waitForURL("**/portal/sign-in");
      // Password sign-in is the form on the page; the e-mailed link is offered as the alternative.
      await page.getByRole("textbox", { name: "Email" }).waitFor();
      await page.getByLabel(/^Password/).waitFor();
      await page.getByRole("link", { name: "E-mail me a sign-in link instead" }).waitFor();
      await context.close();
    });
  });

  describe("staff app", () => {
    it("signs in, finds a patient, opens their page and signs out", async () => {
      const context = await openContext(browser, server.url);
      const page = await context.newPage();
      await page.goto("/app");
      await page.waitForURL("**/app/sign-in?next=*");
      await submitSignIn(page, DEMO.physician, DEMO_PASSWORD);
      await page.getByRole("heading", { level: 1, name: "Patients" }).waitFor();

      const banner = page.getByRole("banner");
      assert.match(await textOf(banner.getByTestId("signed-in-role")), /Physician/);

      await page.getByRole("searchbox", { name: "Search patients" }).fill("Martin");
      await page.waitForURL(/[?&]q=Martin/);
      const link = page.getByRole("link", { name: "Ava Martin" });
      await link.waitFor();
      await link.click();
      await page.getByRole("heading", { level: 1, name: "Ava Martin" }).waitFor();
      await page.getByRole("heading", { name: "Details" }).waitFor();
      await page.getByRole("heading", { name: "Appointments" }).waitFor();

      await banner.getByRole("button", { name: "Sign out" }).click();
      await page.waitForURL("**/app/sign-in");
      await page.goto("/app/patients");
      await page.waitForURL("**/app/sign-in?next=*");
      await context.close();
    });

    it("keeps the search in the address, so a reload shows the same list", async () => {
      const context = await openContext(browser, server.url);
      const page = await context.newPage();
      await signInAsStaff(page, DEMO.frontDesk);
      await page.goto("/app/patients?q=Martin");
      await page.getByRole("link", { name: "Ava Martin" }).waitFor();
      assert.equal(await page.getByRole("searchbox", { name: "Search patients" }).inputValue(), "Martin");
      await page.getByRole("searchbox", { name: "Search patients" }).fill("no such patient zzz");
      await page.getByText("No patients match").waitFor();
      // The Patients link clears the search, box included.
      await page.getByRole("navigation", { name: "Staff" }).getByRole("link", { name: "Patients" }).click();
      await page.getByRole("link", { name: "Ava Martin" }).waitFor();
      assert.equal(await page.getByRole("searchbox", { name: "Search patients" }).inputValue(), "");
      assert.doesNotMatch(page.url(), /q=/);
      await context.close();
    });

    it("shows the server's message on a wrong password and stays on the form", async () => {
      const context = await openContext(browser, server.url);
      const page = await context.newPage();
      await page.goto("/app/sign-in");
      await submitSignIn(page, DEMO.owner, "not-the-password");
      const alert = page.getByRole("alert");
      await alert.waitFor();
      assert.match(await textOf(alert), /\S/);
      assert.doesNotMatch(await textOf(alert), /request failed|something went wrong/i);
      assert.match(page.url(), /\/app\/sign-in/);
      await context.close();
    });

    it("shows each staff member's role and credential", async () => {
      const expected: Array<[string, RegExp]> = [
        [DEMO.owner, /Owner/],
        [DEMO.nurse, /Nurse/],
        [DEMO.aesthetician, /aesthetician/i],
        [DEMO.frontDesk, /Front desk/],
      ];
      for (const [email, role] of expected) {
        const context = await openContext(browser, server.url);
        const page = await context.newPage();
        await signInAsStaff(page, email);
        assert.match(await textOf(page.getByRole("banner").getByTestId("signed-in-role")), role, email);
        await context.close();
      }
    });

    it("is usable on a 375px phone: cards, no sideways scrolling, navigation behind the burger", async () => {
      const context = await openContext(browser, server.url, { viewport: PHONE });
      const page = await context.newPage();
      await signInAsStaff(page, DEMO.frontDesk);
      const cards = page.getByRole("list", { name: "Patients" }).getByRole("link");
      await cards.first().waitFor();
      assert.ok((await cards.count()) > 0, "the patient list shows at least one patient");
      const box = await cards.first().boundingBox();
      assert.ok(
        box !== null && box.width > 250 && box.x + box.width <= PHONE.width,
        `card fits: ${JSON.stringify(box)}`,
      );
      assert.ok(box.height >= 44, "cards are big enough to tap");
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `page scrolls sideways by ${overflow}px`);

      const search = page.getByRole("searchbox", { name: "Search patients" });
      const searchBox = await search.boundingBox();
      assert.ok(searchBox !== null && searchBox.x + searchBox.width <= PHONE.width);

      await page.getByRole("button", { name: "Open navigation" }).tap();
      await page
        .getByRole("navigation", { name: "Staff" })
        .getByRole("button", { name: "Sign out" })
        .waitFor();
      await page.getByRole("button", { name: "Close navigation" }).tap();

      await search.fill("Martin");
      await page.getByRole("link", { name: /Ava Martin/ }).tap();
      await page.getByRole("heading", { level: 1, name: "Ava Martin" }).waitFor();
      const pageOverflow = await page.evaluate(
        () => document.documentElement.scrollWidth - window.innerWidth,
      );
      assert.ok(pageOverflow <= 0, `patient page scrolls sideways by ${pageOverflow}px`);
      await context.close();
    });
  });

  describe("patient portal", () => {
    it("signs in and shows my appointments on the clinic's clock", async () => {
      // A phone set to another zone than the clinic's: times must still be the clinic's.
      const context = await openContext(browser, server.url, {
        viewport: PHONE,
        timezoneId: "Pacific/Auckland",
      });
      const page = await context.newPage();
      await signInAsPatient(page, DEMO.patient);
      await page.getByRole("heading", { name: "Upcoming" }).waitFor();
      await page.getByRole("heading", { name: "Past" }).waitFor();

      const { appointments } = (await (await page.request.get("/api/portal/appointments")).json()) as {
        appointments: Appointment[];
      };
      assert.ok(appointments.length > 0, "the demo patient has appointments");
      const more = page.getByRole("button", { name: /^Show \d+ more$/ });
      if ((await more.count()) > 0) await more.click();
      const text = await textOf(page.getByRole("main"));
      for (const appointment of appointments) {
        const time = new Intl.DateTimeFormat("en-GB", {
          hour: "2-digit",
          minute: "2-digit",
          hourCycle: "h23",
          timeZone: appointment.locationTimeZone,
        }).format(new Date(appointment.startsAt));
        assert.ok(
          text.includes(time),
          `${appointment.type.name} at ${time} (${appointment.locationTimeZone}) shown`,
        );
      }

      await page.getByRole("button", { name: "Sign out" }).tap();
      await page.waitForURL("**/portal/sign-in");
      await context.close();
    });

    it("tells a patient who opens the staff app that it is for staff", async () => {
      const context = await openContext(browser, server.url);
      const page = await context.newPage();
      await signInAsPatient(page, DEMO.patient);
      await page.goto("/app/patients");
      await page.getByRole("heading", { name: "This area is for clinic staff" }).waitFor();
      await context.close();
    });
  });

  describe("accessibility (axe: no serious or critical violations)", () => {
    const publicPages = ["/", "/book", "/app/sign-in", "/portal/sign-in", "/portal/no-such-page"];
    for (const path of publicPages) {
      it(`${path}`, async () => {
        const context = await openContext(browser, server.url);
        const page = await context.newPage();
        await page.goto(path);
        await page.getByRole("heading", { level: 1 }).waitFor();
        assert.equal(await page.locator("html").getAttribute("lang"), "en");
        assert.deepEqual(await seriousAxeViolations(page), []);
        await context.close();
      });
    }

    it("/app/sign-in with a wrong-password error showing", async () => {
      const context = await openContext(browser, server.url);
      const page = await context.newPage();
      await page.goto("/app/sign-in");
      await submitSignIn(page, DEMO.owner, "wrong");
      await page.getByRole("alert").waitFor();
      assert.deepEqual(await seriousAxeViolations(page), []);
      await context.close();
    });

    it("/book with the details form's field errors showing, on a phone: the error red is dark enough to read", async () => {
      const context = await openContext(browser, server.url, { viewport: PHONE });
      const page = await context.newPage();
      await page.goto("/book");
      await page.getByRole("heading", { name: "1. Choose a time" }).waitFor();
      await page
        .getByRole("button", { name: /^\d\d:\d\d$/ })
        .first()
        .click();
      await page.getByRole("heading", { name: "2. Your details" }).waitFor();
      await page.getByRole("button", { name: "Continue" }).click();
      const error = page.locator(".mantine-InputWrapper-error").first();
      await error.waitFor();
      assert.deepEqual(await seriousAxeViolations(page), []);
      await context.close();
    });

    for (const viewport of [DESKTOP, PHONE]) {
      const size = `${viewport.width}px`;
      it(`staff patient list and patient page at ${size}`, async () => {
        const context = await openContext(browser, server.url, { viewport });
        const page = await context.newPage();
        await signInAsStaff(page, DEMO.owner);
        await page
          .getByRole("link", { name: /Ava Martin/ })
          .first()
          .waitFor();
        assert.deepEqual(await seriousAxeViolations(page), [], "patient list");
        await page
          .getByRole("link", { name: /Ava Martin/ })
          .first()
          .click();
        await page.getByRole("heading", { level: 1, name: "Ava Martin" }).waitFor();
        assert.deepEqual(await seriousAxeViolations(page), [], "patient page");
        await context.close();
      });

      it(`portal appointments at ${size}`, async () => {
        const context = await openContext(browser, server.url, { viewport });
        const page = await context.newPage();
        await signInAsPatient(page, DEMO.patient);
        await page.getByRole("heading", { name: "Upcoming" }).waitFor();
        assert.deepEqual(await seriousAxeViolations(page), []);
        await context.close();
      });
    }
  });
});
