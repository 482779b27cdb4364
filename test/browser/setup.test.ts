// The owner's clinic set-up screens in headless Chromium on the real app: the owner changes the
// opening hours and adds a room (checked through the API), a server refusal lands next to its
// field, the owner sets the reminder time and renames, retires and reopens a location, and the
// front desk reads the same screens on a phone without edit controls. Axe runs on every tab.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Browser, Page } from "playwright-core";
import { databaseTargets } from "../support/db.ts";
import { startTestServer, type TestServer } from "../support/server.ts";
import { DEMO, launchChromium, openContext, PHONE, seriousAxeViolations, signInAsStaff } from "./helpers.ts";

let server: TestServer;
let browser: Browser;

after(async () => {
  await browser?.close();
  await server?.close();
});

// Started at the top level so that the database outlives the file's tests (see protocol.test.ts).
await databaseTargets();

before(async () => {
  browser = await launchChromium();
  server = await startTestServer();
});

interface SetupBody {
  openingHours: { weekday: number; start: string; end: string }[];
  rooms: { name: string; purpose: string }[];
}

async function setupViaApi(page: Page): Promise<SetupBody> {
  const response = await page.request.get("/api/setup");
  assert.equal(response.status(), 200, await response.text());
  return (await response.json()) as SetupBody;
}

/** A Mantine select or autocomplete by the start of its label (its role differs between the two). */
function field(page: Page, label: string) {
  const name = new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`);
  return page.getByRole("textbox", { name }).or(page.getByRole("combobox", { name })).first();
}

async function openTab(page: Page, name: string): Promise<void> {
  await page.getByRole("tab", { name }).click();
  await page.getByRole("tab", { name, selected: true }).waitFor();
}

describe("clinic set-up", () => {
  it("the owner changes Saturday's hours and adds a room, and the API shows both", async () => {
    const context = await openContext(browser, server.url);
    const page = await context.newPage();
    await signInAsStaff(page, DEMO.owner);
    await page
      .getByRole("navigation", { name: "Staff" })
      .getByRole("link", { name: "Clinic set-up" })
      .click();
    await page.getByRole("heading", { level: 1, name: "Clinic set-up" }).waitFor();
    await page.getByText(/on the clinic's clock \(Europe\/London\)/).waitFor();
    assert.deepEqual(await seriousAxeViolations(page), []);

    // A refusal from the server is shown beside the field it names.
    const until = page.getByLabel("Saturday 1 until");
    await until.fill("08:00");
    await page.getByRole("button", { name: "Save opening hours" }).click();
    await page.getByText("end must be after start", { exact: true }).waitFor();
    await page.getByRole("alert").filter({ hasText: "see the messages beside them" }).waitFor();
    assert.equal(await until.getAttribute("aria-invalid"), "true");

    await until.fill("14:30");
    await page.getByRole("button", { name: "Save opening hours" }).click();
    await page.getByRole("status").filter({ hasText: "Opening hours saved." }).waitFor();
    const saturday = (await setupViaApi(page)).openingHours.filter((h) => h.weekday === 6);
    assert.deepEqual(
      saturday.map((h) => `${h.start}-${h.end}`),
      ["09:00-14:30"],
    );

    // A closure is added, then removed again.
    await page.getByLabel("First day closed").fill("2027-01-04");
    await page.getByLabel("Reason").fill("Staff training");
    await page.getByRole("button", { name: "Add closure" }).click();
    await page.getByRole("status").filter({ hasText: "Closure added." }).waitFor();
    await page.getByRole("cell", { name: "Staff training" }).waitFor();
    await page.getByRole("button", { name: "Remove closure 4 Jan 2027" }).click();
    await page.getByRole("status").filter({ hasText: "Closure removed." }).waitFor();
    await page.getByRole("cell", { name: "Staff training" }).waitFor({ state: "detached" });

    await openTab(page, "Rooms & devices");
    await page.getByRole("heading", { name: "Devices" }).waitFor();
    assert.deepEqual(await seriousAxeViolations(page), []);
    await page.getByLabel("New room name").fill("Garden room");
    // What the room is for: a consultation room never takes a needling session.
    await page.getByLabel("The new room is for").selectOption({ label: "Consultations (no needling)" });
    await page.getByRole("button", { name: "Add room" }).click();
    await page.getByLabel("Name of Garden room").waitFor();
    const garden = () => setupViaApi(page).then((b) => b.rooms.find((r) => r.name === "Garden room"));
    assert.equal((await garden())?.purpose, "consultation");
    await page.reload();
    await page.getByLabel("Garden room is for").waitFor();
    assert.equal(await page.getByLabel("Garden room is for").inputValue(), "consultation");
    await page.getByLabel("Garden room is for").selectOption({ label: "Treatments first" });
    const row = page.getByTestId("rooms-row").filter({ has: page.getByLabel("Garden room is for") });
    await row.getByRole("button", { name: "Save Garden room" }).click();
    await row.getByRole("status").filter({ hasText: "Saved." }).waitFor();
    assert.equal((await garden())?.purpose, "treatment");
    assert.deepEqual(await seriousAxeViolations(page), []);

    await openTab(page, "Appointment types");
    await page.getByText("Protocol default segments").first().waitFor();
    assert.deepEqual(await seriousAxeViolations(page), []);

    await openTab(page, "Providers");
    await page.getByTestId("provider-credential").waitFor();
    assert.match((await page.getByTestId("provider-credential").textContent()) ?? "", /mm/);
    assert.deepEqual(await seriousAxeViolations(page), []);
    await context.close();
  });

  it("the owner sets the booking rules, adds a location in a checked time zone and changes a licence", async () => {
    const context = await openContext(browser, server.url);
    const page = await context.newPage();
    await signInAsStaff(page, DEMO.owner);
    await page.goto("/app/settings/setup/clinic");
    await page.getByRole("tab", { name: "Locations & booking rules", selected: true }).waitFor();
    await page.getByRole("heading", { name: "Booking rules" }).waitFor();
    assert.deepEqual(await seriousAxeViolations(page), []);

    await field(page, "Slot grid (minutes)").click({ force: true });
    await page.getByRole("option", { name: "30", exact: true }).click();
    await page.getByLabel("Booking horizon (days)").fill("120");
    await page.getByRole("button", { name: "Save booking rules" }).click();
    await page.getByRole("status").filter({ hasText: "Booking rules saved." }).waitFor();
    const settings = (
      (await (await page.request.get("/api/setup")).json()) as {
        settings: { stepMinutes: number; maxAdvanceDays: number };
      }
    ).settings;
    assert.equal(settings.stepMinutes, 30);
    assert.equal(settings.maxAdvanceDays, 120);

    // A name that is no IANA zone is refused beside the field, and nothing is added.
    const zone = field(page, "Time zone");
    await page.getByRole("textbox", { name: /^Name/ }).fill("Dublin studio");
    await zone.fill("Mars/Olympus");
    await page.keyboard.press("Escape");
    await page.getByRole("button", { name: "Add location" }).click();
    await page.getByText("Not a time zone this system knows", { exact: false }).waitFor();
    assert.equal(await zone.getAttribute("aria-invalid"), "true");
    assert.deepEqual(await seriousAxeViolations(page), []);
    await zone.fill("Europe/Dublin");
    await page.keyboard.press("Escape");
    await page.getByRole("button", { name: "Add location" }).click();
    await page.getByRole("status").filter({ hasText: "Location added." }).waitFor();
    await page.getByTestId("locations").getByText("Time zone Europe/Dublin").waitFor();
    const locations = (
      (await (await page.request.get("/api/setup")).json()) as {
        locations: { name: string; timeZone: string }[];
      }
    ).locations;
    assert.ok(locations.some((l) => l.name === "Dublin studio" && l.timeZone === "Europe/Dublin"));

    await openTab(page, "Providers");
    await field(page, "Provider").click({ force: true });
    await page.getByRole("option", { name: "Hannah Lee RN" }).click();
    await page.getByLabel("Deepest needle depth (mm)").fill("1.25");
    await page.getByRole("button", { name: "Save credential and licence" }).click();
    await page.getByRole("status").filter({ hasText: "Credential and licence saved." }).waitFor();
    await page.getByTestId("provider-credential").filter({ hasText: "1.25 mm" }).waitFor();
    assert.deepEqual(await seriousAxeViolations(page), []);
    await context.close();
  });

  it("the owner sets the reminder time, renames a location, retires it and reopens it", async () => {
    const context = await openContext(browser, server.url);
    const page = await context.newPage();
    await signInAsStaff(page, DEMO.owner);
    const csrf = ((await (await page.request.get("/api/auth/csrf")).json()) as { csrfToken: string })
      .csrfToken;
    const added = await page.request.post("/api/setup/locations", {
      data: { name: "Harbour room", timeZone: "Europe/Lisbon", address: null },
      headers: { "x-csrf-token": csrf },
    });
    assert.equal(added.status(), 201, await added.text());
    const id = ((await added.json()) as { location: { id: string } }).location.id;
    // With two open locations, opening hours ask which one.
    await page.goto("/app/settings/setup/hours");
    await page.getByRole("heading", { name: /^Opening hours · / }).waitFor();
    assert.ok((await page.getByLabel("Location", { exact: true }).count()) > 0, "a location choice");
    await page.goto("/app/settings/setup/clinic");
    await page.getByRole("heading", { name: "Booking rules" }).waitFor();

    const reminder = page.getByLabel("Day-before reminder time");
    assert.equal(await reminder.inputValue(), "09:00");
    await reminder.fill("18:00");
    await page.getByRole("button", { name: "Save booking rules" }).click();
    await page.getByRole("status").filter({ hasText: "Booking rules saved." }).waitFor();
    const read = async () =>
      (await (await page.request.get("/api/setup")).json()) as {
        settings: { dayBeforeReminderTime: string };
        locations: { id: string; name: string; address: string | null; retiredAt: string | null }[];
      };
    assert.equal((await read()).settings.dayBeforeReminderTime, "18:00");

    await page.getByRole("button", { name: "Rename Harbour room" }).click();
    const form = page.getByRole("form", { name: "Rename Harbour room" });
    await form.getByRole("textbox", { name: /^Name/ }).fill("Harbour studio");
    await form.getByRole("textbox", { name: /^Address/ }).fill("2 Quay Street");
    assert.deepEqual(await seriousAxeViolations(page), []);
    await form.getByRole("button", { name: "Save name" }).click();
    await page.getByRole("button", { name: "Rename Harbour studio" }).waitFor();
    let harbour = (await read()).locations.find((l) => l.id === id);
    assert.equal(harbour?.name, "Harbour studio");
    assert.equal(harbour?.address, "2 Quay Street");

    await page.getByRole("button", { name: "Retire Harbour studio" }).click();
    await page
      .getByRole("group", { name: "Retire Harbour studio" })
      .getByText(/takes no new bookings/)
      .waitFor();
    assert.deepEqual(await seriousAxeViolations(page), []);
    await page.getByRole("button", { name: "Retire this location" }).click();
    await page.getByRole("status").filter({ hasText: "Location retired." }).waitFor();
    await page
      .getByTestId("location")
      .filter({ hasText: "Harbour studio" })
      .getByText("Retired", { exact: true })
      .waitFor();
    // The list reloads after the retirement: the button goes once the location reads as retired.
    await page.getByRole("button", { name: "Retire Harbour studio" }).waitFor({ state: "detached" });
    assert.equal(await page.getByRole("button", { name: "Retire Harbour studio" }).count(), 0);
    harbour = (await read()).locations.find((l) => l.id === id);
    assert.ok(harbour?.retiredAt);
    assert.deepEqual(await seriousAxeViolations(page), []);

    // Opening hours are kept for open locations only: the retired one is no longer offered.
    await page.goto("/app/settings/setup/hours");
    await page.getByRole("heading", { name: /^Opening hours · / }).waitFor();
    assert.equal(await page.getByRole("heading", { name: "Opening hours · Harbour studio" }).count(), 0);
    assert.equal(
      await page.getByRole("textbox", { name: "Location" }).count(),
      0,
      "one open location: no choice",
    );

    // The owner reopens it: it reads as open again, with its retire button back.
    await page.goto("/app/settings/setup/clinic");
    await page.getByRole("heading", { name: "Booking rules" }).waitFor();
    await page.getByRole("button", { name: "Reopen Harbour studio" }).click();
    await page.getByRole("status").filter({ hasText: "Location reopened" }).waitFor();
    await page.getByRole("button", { name: "Retire Harbour studio" }).waitFor();
    assert.equal(await page.getByRole("button", { name: "Reopen Harbour studio" }).count(), 0);
    harbour = (await read()).locations.find((l) => l.id === id);
    assert.equal(harbour?.retiredAt, null);
    assert.deepEqual(await seriousAxeViolations(page), []);
    // Retired again (through the API), as the next test expects the set-up.
    const again = await page.request.post(`/api/setup/locations/${id}/retire`, {
      headers: { "x-csrf-token": csrf },
    });
    assert.equal(again.status(), 200, await again.text());
    await context.close();
  });

  it("the owner sets a device's serial number and a type's series rule and zones; a reload keeps them", async () => {
    const context = await openContext(browser, server.url);
    const page = await context.newPage();
    await signInAsStaff(page, DEMO.owner);
    await page.goto("/app/settings/setup/resources");
    const pen = page.getByTestId("devices-row").filter({ hasText: "Name of Microneedling pen A" });
    const serial = pen.getByRole("textbox", { name: "Serial number of Microneedling pen A" });
    assert.equal(await serial.inputValue(), "MNP-0001");
    await serial.fill("MNP-7731");
    await pen.getByRole("button", { name: "Save" }).click();
    await pen.getByRole("status").filter({ hasText: "Saved." }).waitFor();
    await page.reload();
    assert.equal(
      await page.getByRole("textbox", { name: "Serial number of Microneedling pen A" }).inputValue(),
      "MNP-7731",
    );
    assert.deepEqual(await seriousAxeViolations(page), []);

    const choices = (
      (await (await page.request.get("/api/setup")).json()) as {
        choices: { seriesRules: { id: string; label: string }[] };
      }
    ).choices;
    const deep = choices.seriesRules.find((r) => r.id === "SER-ACNE-DEEP")!.label;
    await page.goto("/app/settings/setup/types");
    await page.getByRole("button", { name: "Edit Microneedling – face" }).click();
    let form = page.getByRole("form", { name: "Edit Microneedling – face" });
    assert.equal(await form.getByRole("checkbox", { name: "Cheeks" }).isChecked(), true);
    assert.equal(await form.getByRole("checkbox", { name: "Neck" }).isChecked(), false);
    await field(page, "Series rule").click();
    await page.getByRole("option", { name: deep }).click();
    await form.getByRole("checkbox", { name: "Neck" }).check();
    assert.deepEqual(await seriousAxeViolations(page), []);
    await form.getByRole("button", { name: "Save" }).click();
    // Saved, the form closes and the card shows what the type now covers.
    await form.waitFor({ state: "detached" });

    await page.reload();
    await page.getByRole("button", { name: "Edit Microneedling – face" }).click();
    form = page.getByRole("form", { name: "Edit Microneedling – face" });
    assert.equal(await field(page, "Series rule").inputValue(), deep);
    assert.equal(await form.getByRole("checkbox", { name: "Neck" }).isChecked(), true);
    assert.equal(await form.getByRole("checkbox", { name: "Cheeks" }).isChecked(), true);
    const saved = (await (await page.request.get("/api/setup")).json()) as {
      appointmentTypes: { name: string; seriesRuleId: string; zones: string[] }[];
      devices: { name: string; serialNumber: string }[];
    };
    const face = saved.appointmentTypes.find((t) => t.name === "Microneedling – face")!;
    assert.equal(face.seriesRuleId, "SER-ACNE-DEEP");
    assert.ok(face.zones.includes("neck") && face.zones.includes("forehead"));
    assert.equal(saved.devices.find((d) => d.name === "Microneedling pen A")?.serialNumber, "MNP-7731");
    await page.setViewportSize(PHONE);
    await page.screenshot({ path: "/tmp/intake-setup-type-375.png", fullPage: true });
    await context.close();
  });

  it("the front desk reads the set-up on a phone, without edit controls", async () => {
    const context = await openContext(browser, server.url, { viewport: PHONE });
    const page = await context.newPage();
    await signInAsStaff(page, DEMO.frontDesk);
    await page.goto("/app/settings/setup");
    await page.getByRole("heading", { level: 1, name: "Clinic set-up" }).waitFor();
    await page.getByText("Only an owner can change the clinic's set-up.").waitFor();
    await page.getByTestId("day-1").waitFor();
    assert.equal(await page.getByRole("button", { name: "Save opening hours" }).count(), 0);
    assert.equal(await page.getByRole("button", { name: "Add closure" }).count(), 0);
    assert.equal(await page.getByLabel("Monday 1 from").getAttribute("readonly"), "");
    // Nothing runs off the side of a 375 px screen.
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= PHONE.width, `page is ${width} px wide`);
    assert.deepEqual(await seriousAxeViolations(page), []);

    for (const [path, tab] of [
      ["/app/settings/setup/resources", "Rooms & devices"],
      ["/app/settings/setup/types", "Appointment types"],
      ["/app/settings/setup/providers", "Providers"],
      ["/app/settings/setup/clinic", "Locations & booking rules"],
    ] as const) {
      await page.goto(path);
      await page.getByRole("tab", { name: tab, selected: true }).waitFor();
      await page.getByRole("tabpanel").getByRole("heading").first().waitFor();
      assert.equal(
        await page.getByRole("button", { name: /^(Add|Save|Edit|Rename|Retire|Reopen)/ }).count(),
        0,
        path,
      );
      assert.deepEqual(await seriousAxeViolations(page), [], path);
    }

    // The API refuses a write from the front desk whatever the screen shows.
    const csrf = ((await (await page.request.get("/api/auth/csrf")).json()) as { csrfToken: string })
      .csrfToken;
    const refused = await page.request.post("/api/setup/rooms", {
      data: { locationId: "00000000-0000-4000-8000-000000000000", name: "X" },
      headers: { "x-csrf-token": csrf },
    });
    assert.equal(refused.status(), 403);
    await context.close();
  });
  it("the owner can edit every set-up tab on a phone without the page running off the side", async () => {
    const context = await openContext(browser, server.url, { viewport: PHONE });
    const page = await context.newPage();
    await signInAsStaff(page, DEMO.owner);
    const wide: string[] = [];
    for (const [path, tab] of [
      ["/app/settings/setup/hours", "Opening hours & closures"],
      ["/app/settings/setup/resources", "Rooms & devices"],
      ["/app/settings/setup/types", "Appointment types"],
      ["/app/settings/setup/providers", "Providers"],
      ["/app/settings/setup/clinic", "Locations & booking rules"],
    ] as const) {
      await page.goto(path);
      await page.getByRole("tab", { name: tab, selected: true }).waitFor();
      await page.getByRole("tabpanel").getByRole("heading").first().waitFor();
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      if (width > PHONE.width) {
        await page.screenshot({ path: `/tmp/setup-phone-${tab.replace(/\W+/g, "-")}.png`, fullPage: true });
        wide.push(`${tab}: ${width} px`);
      }
    }
    await context.close();
    assert.deepEqual(wide, []);
  });
});
