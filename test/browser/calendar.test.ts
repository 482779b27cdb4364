// The staff calendar in headless Chromium on the real app: the day view shows the day's
// appointments in their provider's column; a move onto a taken time says why and offers free
// times; a move to a free time goes through. No serious accessibility violations.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Browser, Page } from "playwright-core";
import { Temporal } from "temporal-polyfill";
import { databaseTargets } from "../support/db.ts";
import { startTestServer, type TestServer } from "../support/server.ts";
import { DEMO, launchChromium, openContext, seriousAxeViolations, signInAsStaff } from "./helpers.ts";

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

const TZ = "Europe/London";
const today = Temporal.Now.plainDateISO(TZ);
// A Wednesday three weeks ahead: every demo provider but the aesthetician's Saturday works then.
const day = today.add({ days: ((3 - today.dayOfWeek + 7) % 7) + 21 });
const at = (hhmm: string) =>
  day
    .toZonedDateTime({ timeZone: TZ, plainTime: Temporal.PlainTime.from(hhmm) })
    .toInstant()
    .toString();

async function apiPost(page: Page, url: string, data: unknown) {
  const csrf = ((await (await page.request.get("/api/auth/csrf")).json()) as { csrfToken: string }).csrfToken;
  const res = await page.request.post(url, { data, headers: { "x-csrf-token": csrf } });
  assert.ok(res.ok(), `${url}: ${res.status()} ${await res.text()}`);
  return res.json();
}

describe("staff calendar", () => {
  it("day view shows the day's appointments; a move onto a taken time is refused with free times offered", async () => {
    const context = await openContext(browser, server.url);
    const page = await context.newPage();
    try {
      await signInAsStaff(page, DEMO.frontDesk);
      const setup = await (await page.request.get("/api/setup")).json();
      const consultation = setup.appointmentTypes.find((t: { kind: string }) => t.kind === "consultation").id;
      const nurse = setup.providers.find((p: { credential: string }) => p.credential === "nurse");
      const patients = (await (await page.request.get("/api/patients?limit=50")).json()).patients as {
        id: string;
        givenName: string;
        familyName: string;
      }[];
      const [p1, p2] = patients;
      await apiPost(page, "/api/appointments", {
        patientId: p1!.id,
        typeId: consultation,
        startsAt: at("10:00"),
        providerId: nurse.id,
      });
      await apiPost(page, "/api/appointments", {
        patientId: p2!.id,
        typeId: consultation,
        startsAt: at("11:00"),
        providerId: nurse.id,
      });

      await page.getByRole("link", { name: "Calendar" }).click();
      await page.getByRole("heading", { level: 1, name: "Calendar" }).waitFor();
      await page.getByLabel("Go to date").fill(day.toString());
      const column = page.getByRole("region", { name: nurse.name });
      const first = column.getByRole("button", {
        name: new RegExp(`^10:00–\\d\\d:\\d\\d ${p1!.givenName} ${p1!.familyName}`),
      });
      const second = column.getByRole("button", {
        name: new RegExp(`^11:00–\\d\\d:\\d\\d ${p2!.givenName} ${p2!.familyName}`),
      });
      await first.waitFor();
      await second.waitFor();
      assert.deepEqual(await seriousAxeViolations(page), []);

      // Keyboard path: open the 11:00 visit, Move, onto 10:00 with the same nurse.
      await second.focus();
      await page.keyboard.press("Enter");
      const dialog = page.getByRole("dialog");
      await dialog.getByRole("button", { name: "Move" }).click();
      await dialog.getByLabel(/^Time/).fill("10:00");
      await dialog.getByRole("button", { name: "Move here" }).click();
      const refused = page.getByRole("alert").filter({ hasText: "Not moved" });
      await refused.waitFor();
      assert.match((await refused.textContent()) ?? "", /Free instead/);
      assert.deepEqual(await seriousAxeViolations(page), []);
      await second.waitFor();

      // One of the offered free times moves it.
      await refused.getByRole("button").first().click();
      await page.getByRole("status").filter({ hasText: "Moved" }).waitFor();
      const moved = (
        await server.database.admin.query(
          "select count(*)::int as n from appointment_events where action = 'rescheduled'",
        )
      ).rows[0].n;
      assert.equal(moved, 1);
    } finally {
      await context.close();
    }
  });
});
