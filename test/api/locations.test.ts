// Locations: the owner renames, retires and reopens them. A retired location takes no new bookings
// and is no longer offered online; appointments already booked there stay; a reopened one takes
// bookings again with the hours it kept; every change is audited.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { App } from "../../src/server/app.ts";
import { Client, DEMO, seededApp, signedIn } from "../support/api.ts";
import { weekday } from "../support/dates.ts";
import { databaseTargets, freshDatabase, type TestDatabase } from "../support/db.ts";

interface Location {
  id: string;
  name: string;
  timeZone: string;
  address: string | null;
  retiredAt: string | null;
}

for (const target of await databaseTargets()) {
  describe(`renaming, retiring and reopening locations (${target.name} PostgreSQL)`, () => {
    let database: TestDatabase;
    let app: App;
    let owner: Client;
    let desk: Client;
    let web: Client;
    let consultation: string;
    let noah: string;
    let main: Location;
    let harbour: Location;
    let booked: string;
    before(async () => {
      database = await freshDatabase(target);
      app = await seededApp(database);
      owner = await signedIn(app, DEMO.owner);
      desk = await signedIn(app, DEMO.desk);
      web = new Client(app);
      const setup = (await desk.get("/api/setup")).body;
      consultation = setup.appointmentTypes.find((t: { kind: string }) => t.kind === "consultation").id;
      main = setup.locations[0];
      const patients = (await desk.get("/api/patients?limit=50")).body.patients as {
        id: string;
        givenName: string;
      }[];
      noah = patients.find((p) => p.givenName === "Noah")!.id;
      const added = await owner.post("/api/setup/locations", {
        name: "Harbour Room",
        timeZone: "Europe/Dublin",
        address: null,
      });
      assert.equal(added.status, 201, JSON.stringify(added.body));
      harbour = { ...added.body.location, address: null, retiredAt: null };
    });
    after(async () => {
      await app?.close();
      await database?.drop();
    });

    const auditCount = async (action: string, id: string) =>
      (
        await database.admin.query(
          "select count(*)::int as n from audit_log where action = $1 and resource_id = $2",
          [action, id],
        )
      ).rows[0].n as number;

    test("the owner renames a location and sets its address; its zone stays; audited", async () => {
      const res = await owner.request("PATCH", `/api/setup/locations/${harbour.id}`, {
        name: "Harbour Studio",
        address: "2 Quay Street",
      });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.body.location.name, "Harbour Studio");
      assert.equal(res.body.location.address, "2 Quay Street");
      assert.equal(res.body.location.timeZone, "Europe/Dublin");
      const listed = (await desk.get("/api/setup")).body.locations as Location[];
      assert.equal(listed.find((l) => l.id === harbour.id)?.name, "Harbour Studio");
      assert.equal(await auditCount("setup.location_rename", harbour.id), 1);
    });

    test("bad renames are refused naming the field, and nothing changes; only the owner may", async () => {
      const empty = await owner.request("PATCH", `/api/setup/locations/${harbour.id}`, { name: "  " });
      assert.equal(empty.status, 400);
      assert.ok("body.name" in empty.body.fields, JSON.stringify(empty.body));
      const zone = await owner.request("PATCH", `/api/setup/locations/${harbour.id}`, {
        name: "X",
        timeZone: "Asia/Tokyo",
      });
      assert.equal(zone.status, 400, "the zone cannot change: booked times were set in it");
      const unknown = await owner.request(
        "PATCH",
        "/api/setup/locations/00000000-0000-4000-8000-000000000000",
        {
          name: "Nowhere",
        },
      );
      assert.equal(unknown.status, 404);
      assert.equal(
        (await desk.request("PATCH", `/api/setup/locations/${harbour.id}`, { name: "Desk" })).status,
        403,
      );
      assert.equal((await desk.post(`/api/setup/locations/${harbour.id}/retire`)).status, 403);
      const row = (
        await database.admin.query("select name, retired_at from locations where id = $1", [harbour.id])
      ).rows[0];
      assert.deepEqual(row, { name: "Harbour Studio", retired_at: null });
    });

    test("a retired location takes no new bookings and leaves public booking; its appointments stay", async () => {
      const day = weekday(3, 2);
      const before = await web.get(`/api/public/slots?slug=demo&type=consultation&from=${day}&limit=3`);
      assert.equal(before.status, 200, JSON.stringify(before.body));
      assert.equal(before.body.timeZone, main.timeZone);
      assert.ok(before.body.slots.length > 0);
      const slots = await desk.get(
        `/api/slots?typeId=${consultation}&patientId=${noah}&locationId=${main.id}&from=${day}&limit=3`,
      );
      assert.equal(slots.status, 200, JSON.stringify(slots.body));
      const res = await desk.post("/api/appointments", {
        patientId: noah,
        typeId: consultation,
        locationId: main.id,
        startsAt: slots.body.slots[0].startsAt,
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      booked = res.body.appointment.id;

      const retired = await owner.post(`/api/setup/locations/${main.id}/retire`);
      assert.equal(retired.status, 200, JSON.stringify(retired.body));
      assert.ok(retired.body.location.retiredAt);
      assert.equal(retired.body.upcomingAppointments >= 1, true);
      assert.equal(await auditCount("setup.location_retire", main.id), 1);
      const listed = (await desk.get("/api/setup")).body.locations as Location[];
      assert.ok(listed.find((l) => l.id === main.id)?.retiredAt);

      // No new bookings there: not by staff naming it, not by its slots.
      const again = await desk.get(
        `/api/slots?typeId=${consultation}&patientId=${noah}&locationId=${main.id}&from=${day}&limit=3`,
      );
      assert.equal(again.status, 404);
      const refused = await desk.post("/api/appointments", {
        patientId: noah,
        typeId: consultation,
        locationId: main.id,
        startsAt: slots.body.slots[1].startsAt,
      });
      assert.equal(refused.status, 404, JSON.stringify(refused.body));
      // Public booking offers the open location only (which has no hours yet: no times).
      const after = await web.get(`/api/public/slots?slug=demo&type=consultation&from=${day}&limit=3`);
      assert.equal(after.status, 200, JSON.stringify(after.body));
      assert.equal(after.body.timeZone, "Europe/Dublin");
      assert.deepEqual(after.body.slots, []);

      // The appointment booked there stays as it was, and can still be cancelled.
      const kept = await desk.get(`/api/appointments/${booked}`);
      assert.equal(kept.status, 200, JSON.stringify(kept.body));
      assert.equal(kept.body.appointment?.status ?? kept.body.status, "booked");
      assert.equal(
        (await desk.post(`/api/appointments/${booked}/cancel`, { reason: "illness" })).status,
        200,
      );
    });

    test("retiring again changes nothing; the last open location cannot be retired", async () => {
      const first = (await database.admin.query("select retired_at from locations where id = $1", [main.id]))
        .rows[0].retired_at as Date;
      const again = await owner.post(`/api/setup/locations/${main.id}/retire`);
      assert.equal(again.status, 200);
      const still = (await database.admin.query("select retired_at from locations where id = $1", [main.id]))
        .rows[0].retired_at as Date;
      assert.equal(still.getTime(), first.getTime());
      const last = await owner.post(`/api/setup/locations/${harbour.id}/retire`);
      assert.equal(last.status, 409, JSON.stringify(last.body));
      assert.equal(last.body.error, "last_location");
      const row = (await database.admin.query("select retired_at from locations where id = $1", [harbour.id]))
        .rows[0];
      assert.equal(row.retired_at, null);
    });

    test("only the owner reopens, only a retired location of the clinic; nothing changes otherwise", async () => {
      assert.equal((await desk.post(`/api/setup/locations/${main.id}/reopen`)).status, 403);
      const unknown = await owner.post("/api/setup/locations/00000000-0000-4000-8000-000000000000/reopen");
      assert.equal(unknown.status, 404, JSON.stringify(unknown.body));
      const bad = await owner.post("/api/setup/locations/not-an-id/reopen");
      assert.equal(bad.status, 400);
      assert.ok("params.id" in bad.body.fields, JSON.stringify(bad.body));
      // Another clinic's retired location is not there for this owner.
      const elsewhere = (
        await database.admin.query(
          "insert into clinics (slug, name, time_zone) values ('elsewhere', 'Elsewhere', 'Europe/Paris') returning id",
        )
      ).rows[0].id as string;
      const foreign = (
        await database.admin.query(
          "insert into locations (clinic_id, name, time_zone, retired_at) values ($1, 'Shut', 'Europe/Paris', now()) returning id",
          [elsewhere],
        )
      ).rows[0].id as string;
      assert.equal((await owner.post(`/api/setup/locations/${foreign}/reopen`)).status, 404);
      const foreignRow = (
        await database.admin.query("select retired_at from locations where id = $1", [foreign])
      ).rows[0];
      assert.ok(foreignRow.retired_at, "another clinic's location stays retired");
      // An open location is not reopened: a clear conflict naming the location.
      const open = await owner.post(`/api/setup/locations/${harbour.id}/reopen`);
      assert.equal(open.status, 409, JSON.stringify(open.body));
      assert.equal(open.body.error, "not_retired");
      assert.match(open.body.message, /retired/);
      assert.ok("params.id" in open.body.fields, JSON.stringify(open.body));
      assert.equal(await auditCount("setup.location_reopen", harbour.id), 0);
      const mainRow = (
        await database.admin.query("select retired_at from locations where id = $1", [main.id])
      ).rows[0];
      assert.ok(mainRow.retired_at, "still retired");
    });

    test("a reopened location takes bookings again with the hours it kept, and is offered online; audited", async () => {
      const retiredAt = (
        await database.admin.query("select retired_at from locations where id = $1", [main.id])
      ).rows[0].retired_at as Date;
      const res = await owner.post(`/api/setup/locations/${main.id}/reopen`);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.body.location.id, main.id);
      assert.equal(res.body.location.retiredAt, null);
      assert.equal(res.body.location.timeZone, main.timeZone);
      const audit = await database.admin.query(
        "select actor_role, detail from audit_log where action = 'setup.location_reopen' and resource_id = $1",
        [main.id],
      );
      assert.equal(audit.rows.length, 1);
      assert.equal(audit.rows[0].actor_role, "owner");
      assert.equal(new Date(audit.rows[0].detail.retiredAt).getTime(), retiredAt.getTime());
      const listed = (await desk.get("/api/setup")).body.locations as Location[];
      assert.equal(listed.find((l) => l.id === main.id)?.retiredAt, null);

      // Staff book there again, in the opening hours it kept.
      const day = weekday(3, 3);
      const slots = await desk.get(
        `/api/slots?typeId=${consultation}&patientId=${noah}&locationId=${main.id}&from=${day}&limit=3`,
      );
      assert.equal(slots.status, 200, JSON.stringify(slots.body));
      assert.ok(slots.body.slots.length > 0, "the hours it kept apply again");
      const booking = await desk.post("/api/appointments", {
        patientId: noah,
        typeId: consultation,
        locationId: main.id,
        startsAt: slots.body.slots[0].startsAt,
      });
      assert.equal(booking.status, 201, JSON.stringify(booking.body));
      // Online booking offers it again.
      const online = await web.get(`/api/public/slots?slug=demo&type=consultation&from=${day}&limit=3`);
      assert.equal(online.status, 200, JSON.stringify(online.body));
      assert.equal(online.body.timeZone, main.timeZone);
      assert.ok(online.body.slots.length > 0);
      // Its hours can be changed again.
      const hours = await owner.request("PUT", `/api/setup/locations/${main.id}/opening-hours`, {
        hours: [{ weekday: 1, start: "09:00", end: "17:00" }],
      });
      assert.equal(hours.status, 200, JSON.stringify(hours.body));

      // Reopening twice is a conflict; it can be retired again (another location is open).
      assert.equal((await owner.post(`/api/setup/locations/${main.id}/reopen`)).status, 409);
      assert.equal((await owner.post(`/api/setup/locations/${main.id}/retire`)).status, 200);
    });
  });
}
