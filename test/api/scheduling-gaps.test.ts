import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { Temporal } from "temporal-polyfill";
import { withClinic } from "../../src/db/pool.ts";
import type { App } from "../../src/server/app.ts";
import { cleanUpHolds, type HoldCleanupJob, startHoldCleanup } from "../../src/server/jobs/hold-cleanup.ts";
import { Client, DEMO, seededApp, signedIn } from "../support/api.ts";
import { weekday } from "../support/dates.ts";
import { databaseTargets, freshDatabase, type TestDatabase } from "../support/db.ts";

const TZ = "Europe/London";

let visitorNo = 0;
const visitor = (over: Record<string, unknown> = {}) => {
  visitorNo++;
  return {
    givenName: "Wren",
    familyName: `Gap${visitorNo}`,
    email: `wren.${visitorNo}@example.com`,
    phone: "+44 7700 900456",
    dateOfBirth: "1988-02-29",
    ...over,
  };
};

const selfCheck = {
  outcome: "needs-physician-clearance",
  deferUntil: null,
  answers: {
    concerns: ["acne-scars"],
    areas: ["face"],
    age: 36,
    sex: "female",
    pregnant: false,
    breastfeeding: false,
    fitzpatrick: "III",
    health: { keloid: false, easyBruising: false },
    graded: { eczemaInArea: "none" },
    isotretinoin: "never",
    isotretinoinLastDose: null,
    medicines: { bloodThinner: true },
    startDate: null,
  },
};

for (const target of await databaseTargets()) {
  describe(`scheduling gaps (${target.name} PostgreSQL)`, () => {
    let database: TestDatabase;
    let app: App;
    let web: Client;
    let desk: Client;
    let owner: Client;
    let physician: Client;
    let nurse: Client;
    let consultation: string;
    let session: string;
    let job: HoldCleanupJob;
    const count = async (sql: string, params: unknown[] = []) =>
      (await database.admin.query(`select count(*)::int as n from ${sql}`, params)).rows[0].n as number;

    before(async () => {
      database = await freshDatabase(target);
      // A clinic with a mail server: a new visitor's confirmed time is booked, not held for a call.
      app = await seededApp(database, {
        BOOKING_RATE_LIMIT_PER_MINUTE: "1000",
        SMTP_URL: "smtp://127.0.0.1:9",
      });
      web = new Client(app);
      desk = await signedIn(app, DEMO.desk);
      owner = await signedIn(app, DEMO.owner);
      physician = await signedIn(app, DEMO.physician);
      nurse = await signedIn(app, DEMO.nurse);
      const setup = await desk.get("/api/setup");
      const types = Object.fromEntries(
        setup.body.appointmentTypes.map((t: { kind: string; id: string }) => [t.kind, t.id]),
      );
      consultation = types.consultation;
      session = types.microneedling;
      job = await startHoldCleanup({
        connectionString: database.adminUrl,
        db: database.db,
        cron: null,
        pollingSeconds: 0.5,
      });
    });
    after(async () => {
      await job?.stop();
      await app?.close();
      await database?.drop();
    });

    async function hold(day: Temporal.PlainDate, index: number, extra: Record<string, unknown> = {}) {
      const slots = (await web.get(`/api/public/slots?type=consultation&from=${day}&limit=20`)).body.slots;
      const res = await web.post("/api/public/bookings", {
        typeId: consultation,
        startsAt: slots[index].startsAt,
        ...visitor(),
        ...extra,
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      const row = await database.admin.query("select patient_id from appointments where id = $1", [
        res.body.bookingId,
      ]);
      return { ...res.body, patientId: row.rows[0].patient_id as string };
    }
    const expire = (id: string) =>
      database.admin.query("update appointments set held_until = now() - interval '1 minute' where id = $1", [
        id,
      ]);

    describe("holds nobody confirmed", () => {
      test("the scheduled job removes the expired hold and the record made only for it, audited", async () => {
        const day = weekday(2, 3);
        const abandoned = await hold(day, 0);
        const live = await hold(day, 2);
        const confirmed = await hold(day, 4);
        const ok = await web.post(`/api/public/bookings/${confirmed.bookingId}/confirm`, {
          holdToken: confirmed.holdToken,
        });
        assert.equal(ok.status, 200, JSON.stringify(ok.body));
        await expire(abandoned.bookingId);

        await job.run();

        assert.equal(await count("appointments where id = $1", [abandoned.bookingId]), 0);
        assert.equal(await count("patients where id = $1", [abandoned.patientId]), 0, "record removed");
        assert.equal(await count("booking_requests where patient_id = $1", [abandoned.patientId]), 0);
        // A hold still running and a confirmed booking are untouched.
        assert.equal(await count("patients where id = any($1)", [[live.patientId, confirmed.patientId]]), 2);
        assert.equal(
          await count("appointments where id = any($1)", [[live.bookingId, confirmed.bookingId]]),
          2,
        );
        const audit = await database.admin.query(
          `select action, actor_role, detail from audit_log
           where resource_id = any($1) and action in ('appointment.hold-expired', 'patient.delete') order by id`,
          [[abandoned.bookingId, abandoned.patientId]],
        );
        assert.deepEqual(
          audit.rows.map((r) => r.action),
          ["appointment.hold-expired", "patient.delete"],
        );
        for (const r of audit.rows) {
          assert.equal(r.actor_role, "system");
          assert.doesNotMatch(JSON.stringify(r.detail), /Wren|Gap\d|example\.com/);
        }
      });

      test("a record something else refers to is kept, marked, and never deleted later", async () => {
        const day = weekday(3, 3);
        const screened = await hold(day, 0);
        // Staff started a record for the visitor: a medication on the profile (clinical data).
        const med = await desk.post(`/api/patients/${screened.patientId}/medications`, {
          ingredient: "ibuprofen",
          prescribed: false,
          ongoing: true,
        });
        assert.equal(med.status, 201, JSON.stringify(med.body));
        // Staff booked a visit for another: a cancelled appointment is still an appointment.
        const booked = await hold(day, 3);
        await expire(screened.bookingId);
        await expire(booked.bookingId);
        const visit = await desk.post("/api/appointments", {
          patientId: booked.patientId,
          typeId: consultation,
          startsAt: (await web.get(`/api/public/slots?type=consultation&from=${day}&limit=20`)).body.slots[6]
            .startsAt,
        });
        assert.equal(visit.status, 201, JSON.stringify(visit.body));
        await desk.post(`/api/appointments/${visit.body.appointment.id}/cancel`, {
          reason: "patient-request",
        });

        const first = await cleanUpHolds(database.db);
        assert.equal(first.patientsKept, 1);
        assert.equal(await count("patients where id = any($1)", [[screened.patientId, booked.patientId]]), 2);
        assert.equal(await count("patient_medications where patient_id = $1", [screened.patientId]), 1);
        assert.equal(
          await count("booking_requests where patient_id = $1 and kept_at is not null", [screened.patientId]),
          1,
        );
        assert.equal(
          await count("audit_log where action = 'booking-request.kept' and resource_id = $1", [
            screened.patientId,
          ]),
          1,
        );
        const second = await cleanUpHolds(database.db);
        assert.equal(second.patientsKept, 0, "a kept record is not looked at again");
        assert.equal(second.patientsRemoved, 0);
      });
    });

    describe("the self-check summary sent with a booking", () => {
      test("is stored with the request and staff read it on the patient's page", async () => {
        const sent = await hold(weekday(4, 3), 0, { selfCheck });
        const res = await desk.get(`/api/patients/${sent.patientId}/booking-requests`);
        assert.equal(res.status, 200, JSON.stringify(res.body));
        assert.equal(res.body.requests.length, 1);
        assert.deepEqual(res.body.requests[0].selfCheck, selfCheck);
        assert.equal(res.body.requests[0].confirmedAt, null);
        const ok = await web.post(`/api/public/bookings/${sent.bookingId}/confirm`, {
          holdToken: sent.holdToken,
        });
        assert.equal(ok.status, 200);
        const after = (await desk.get(`/api/patients/${sent.patientId}/booking-requests`)).body.requests[0];
        assert.equal(after.appointmentId, sent.bookingId);
        assert.ok(after.confirmedAt);
        // It is the visitor's account only: no screening was made from it.
        assert.equal(await count("screenings where patient_id = $1", [sent.patientId]), 0);
        const audit = await database.admin.query(
          "select detail from audit_log where action = 'booking-request.create' and resource_id = $1",
          [sent.patientId],
        );
        assert.equal(audit.rows[0].detail.selfCheck, "needs-physician-clearance");
        assert.equal(
          await count("audit_log where action = 'booking-request.list' and resource_id = $1", [
            sent.patientId,
          ]),
          2,
        );
      });

      test("a too-long or garbage summary is a 400 naming the field, and nothing is written", async () => {
        const slots = (await web.get(`/api/public/slots?type=consultation&from=${weekday(5, 3)}&limit=5`))
          .body.slots;
        const before = [
          await count("patients"),
          await count("appointments"),
          await count("booking_requests"),
        ];
        const cases: [unknown, string][] = [
          [
            { ...selfCheck, answers: { ...selfCheck.answers, concerns: Array(11).fill("acne-scars") } },
            "body.selfCheck.answers.concerns",
          ],
          [
            { ...selfCheck, answers: { ...selfCheck.answers, concerns: ["x".repeat(5000)] } },
            "body.selfCheck.answers.concerns.0",
          ],
          [
            { ...selfCheck, answers: { ...selfCheck.answers, health: { sneaky: true } } },
            "body.selfCheck.answers.health",
          ],
          [{ ...selfCheck, outcome: "cleared-by-myself" }, "body.selfCheck.outcome"],
          [{ ...selfCheck, note: "<script>" }, "body.selfCheck"],
          ["garbage", "body.selfCheck"],
          [{ ...selfCheck, answers: { ...selfCheck.answers, age: 1e9 } }, "body.selfCheck.answers.age"],
        ];
        for (const [value, field] of cases) {
          const res = await web.post("/api/public/bookings", {
            typeId: consultation,
            startsAt: slots[0].startsAt,
            ...visitor(),
            selfCheck: value,
          });
          assert.equal(res.status, 400, `${field}: ${JSON.stringify(res.body)}`);
          assert.ok(
            Object.keys(res.body.fields ?? {}).some((f) => f === field || f.startsWith(`${field}.`)),
            `${field} named in ${JSON.stringify(res.body.fields)}`,
          );
        }
        assert.deepEqual(
          [await count("patients"), await count("appointments"), await count("booking_requests")],
          before,
        );
      });
    });

    describe("a physician's clearance", () => {
      let patientId: string;
      let screeningId: string;
      const requested = weekday(2, 6);
      const slots = () =>
        desk.get(
          `/api/slots?typeId=${session}&patientId=${patientId}&from=${requested}&to=${requested.add({ days: 13 })}&limit=5`,
        );
      const screen = async () => {
        const res = await desk.post(`/api/patients/${patientId}/screenings`, {
          requestedAppointment: requested.toString(),
          request: {
            setting: "clinic",
            concerns: [{ indication: "acne-scars", zones: ["cheeks"], goodmanBaronGrade: 2 }],
          },
          patient: { pregnant: false, breastfeeding: false },
        });
        assert.equal(res.status, 201, JSON.stringify(res.body));
        return res.body.screening;
      };

      before(async () => {
        const made = await desk.post("/api/patients", {
          givenName: "Clara",
          familyName: "Warfarin",
          dateOfBirth: "1970-03-03",
          sex: "female",
          fitzpatrick: "III",
        });
        assert.equal(made.status, 201, JSON.stringify(made.body));
        patientId = made.body.patient.id;
        const med = await desk.post(`/api/patients/${patientId}/medications`, {
          ingredient: "warfarin",
          prescribed: true,
          ongoing: true,
        });
        assert.equal(med.status, 201, JSON.stringify(med.body));
        const s = await screen();
        assert.equal(s.outcome, "needs-physician-clearance");
        assert.ok(s.output.reasons.includes("CI-ANTITHROMBOTIC"));
        screeningId = s.id;
      });

      test("until granted, no session can be booked", async () => {
        const res = await slots();
        assert.equal(res.body.blocked.code, "clearance_pending");
        const list = await desk.get(`/api/patients/${patientId}/clearance-grants`);
        assert.deepEqual(list.body.pending, { screeningId, reasons: ["CI-ANTITHROMBOTIC"] });
      });

      test("only a physician grants, for every clearance reason, with a note; nothing written otherwise", async () => {
        const body = { reasons: ["CI-ANTITHROMBOTIC"], note: "INR stable; discussed with the prescriber." };
        const byNurse = await nurse.post(`/api/screenings/${screeningId}/clearance-grants`, body);
        assert.equal(byNurse.status, 403);
        const byDesk = await desk.post(`/api/screenings/${screeningId}/clearance-grants`, body);
        assert.equal(byDesk.status, 403);
        const byOwner = await owner.post(`/api/screenings/${screeningId}/clearance-grants`, body);
        assert.equal(byOwner.status, 403);
        const other = await physician.post(`/api/screenings/${screeningId}/clearance-grants`, {
          ...body,
          reasons: ["CI-PREGNANCY"],
        });
        assert.equal(other.status, 400);
        assert.ok("body.reasons.0" in other.body.fields, JSON.stringify(other.body));
        const noNote = await physician.post(`/api/screenings/${screeningId}/clearance-grants`, {
          ...body,
          note: " ",
        });
        assert.equal(noNote.status, 400);
        assert.ok("body.note" in noNote.body.fields);
        assert.equal(await count("clearance_grants"), 0);
        assert.equal((await slots()).body.blocked.code, "clearance_pending");
      });

      test("a granted clearance lets the patient be booked, keeps the do-not-stop instruction, and is audited", async () => {
        const res = await physician.post(`/api/screenings/${screeningId}/clearance-grants`, {
          reasons: ["CI-ANTITHROMBOTIC"],
          note: "INR stable; discussed with the prescriber.",
        });
        assert.equal(res.status, 201, JSON.stringify(res.body));
        const grant = res.body.grant;
        assert.equal(grant.decision.outcome, "eligible");
        assert.ok(grant.current);
        assert.ok(grant.decision.prepInstructions.includes("PREP-ANTITHROMBOTIC-DO-NOT-STOP"));
        assert.ok(grant.decision.cautions.includes("CI-ANTITHROMBOTIC"));
        const open = await slots();
        assert.equal(open.status, 200);
        assert.equal(open.body.blocked, null, JSON.stringify(open.body.blocked));
        assert.ok(open.body.slots.length > 0);
        const audit = await database.admin.query(
          "select actor_role, detail from audit_log where action = 'clearance.grant' and resource_id = $1",
          [screeningId],
        );
        assert.equal(audit.rows.length, 1);
        assert.deepEqual(audit.rows[0].detail.reasons, ["CI-ANTITHROMBOTIC"]);
        const again = await physician.post(`/api/screenings/${screeningId}/clearance-grants`, {
          reasons: ["CI-ANTITHROMBOTIC"],
          note: "twice",
        });
        assert.equal(again.status, 409);
        assert.equal(await count("clearance_grants"), 1);
      });

      test("a grant is append-only, even for the database owner", async () => {
        await assert.rejects(
          database.admin.query("update clearance_grants set note = 'changed'"),
          /append-only/,
        );
        await assert.rejects(database.admin.query("delete from clearance_grants"), /append-only/);
      });

      test("withdrawing needs a physician, a reason and a grant of the clinic; nothing written otherwise", async () => {
        const grantId = (await desk.get(`/api/patients/${patientId}/clearance-grants`)).body.grants[0].id;
        const body = { reason: "INR no longer stable." };
        for (const caller of [nurse, desk, owner]) {
          const res = await caller.post(`/api/clearance-grants/${grantId}/withdraw`, body);
          assert.equal(res.status, 403, JSON.stringify(res.body));
        }
        const noReason = await physician.post(`/api/clearance-grants/${grantId}/withdraw`, {});
        assert.equal(noReason.status, 400);
        assert.ok("body.reason" in noReason.body.fields, JSON.stringify(noReason.body));
        const blank = await physician.post(`/api/clearance-grants/${grantId}/withdraw`, { reason: "  " });
        assert.equal(blank.status, 400);
        assert.ok("body.reason" in blank.body.fields, JSON.stringify(blank.body));
        const long = await physician.post(`/api/clearance-grants/${grantId}/withdraw`, {
          reason: "x".repeat(2001),
        });
        assert.equal(long.status, 400);
        const extra = await physician.post(`/api/clearance-grants/${grantId}/withdraw`, {
          ...body,
          at: "now",
        });
        assert.equal(extra.status, 400);
        const unknown = await physician.post(
          "/api/clearance-grants/00000000-0000-4000-8000-000000000000/withdraw",
          body,
        );
        assert.equal(unknown.status, 404);
        assert.equal(await count("clearance_grants where withdrawn_at is not null"), 0);
        assert.equal(await count("audit_log where action = 'clearance.withdraw'"), 0);
        assert.equal((await slots()).body.blocked, null);
      });

      test("the database lets only a physician withdraw, once, and changes nothing else", async () => {
        const grantId = (await database.admin.query("select id from clearance_grants")).rows[0].id as string;
        const userId = async (email: string) =>
          (await database.admin.query("select id from users where email = $1", [email])).rows[0].id as string;
        await assert.rejects(
          database.admin.query(
            "update clearance_grants set withdrawn_at = now(), withdrawn_by = $2, withdrawn_reason = 'x' where id = $1",
            [grantId, await userId(DEMO.nurse)],
          ),
          /withdrawn by a physician/,
        );
        await assert.rejects(
          database.admin.query(
            "update clearance_grants set withdrawn_at = now(), withdrawn_by = $2, withdrawn_reason = 'x', note = 'y' where id = $1",
            [grantId, await userId(DEMO.physician)],
          ),
          /append-only/,
        );
        assert.equal(await count("clearance_grants where withdrawn_at is not null"), 0);
      });

      test("booking works with the grant; a physician withdraws it (audited, kept) and booking is refused again", async () => {
        const open = await slots();
        assert.equal(open.body.blocked, null, JSON.stringify(open.body.blocked));
        assert.ok(open.body.slots.length >= 2);
        const booked = await desk.post("/api/appointments", {
          patientId,
          typeId: session,
          startsAt: open.body.slots[0].startsAt,
        });
        assert.equal(booked.status, 201, JSON.stringify(booked.body));

        const grantId = (await desk.get(`/api/patients/${patientId}/clearance-grants`)).body.grants[0].id;
        const res = await physician.post(`/api/clearance-grants/${grantId}/withdraw`, {
          reason: "  INR no longer stable.  ",
        });
        assert.equal(res.status, 200, JSON.stringify(res.body));
        assert.equal(res.body.grant.id, grantId);
        assert.equal(res.body.grant.current, false);
        assert.equal(res.body.grant.withdrawn.reason, "INR no longer stable.");
        assert.equal(res.body.grant.withdrawn.by.name !== null, true);
        assert.ok(res.body.grant.note, "the grant itself is kept as it was");

        // Blocked again as awaiting clearance, and a booking gets the refusal it got before the grant.
        const after = await slots();
        assert.equal(after.body.blocked.code, "clearance_pending", JSON.stringify(after.body));
        const refused = await desk.post("/api/appointments", {
          patientId,
          typeId: session,
          startsAt: open.body.slots[1].startsAt,
        });
        assert.equal(refused.status, 409, JSON.stringify(refused.body));
        assert.equal(refused.body.error, "clearance_pending");

        const list = (await desk.get(`/api/patients/${patientId}/clearance-grants`)).body;
        assert.equal(list.grants.length, 1, "the withdrawn grant stays in the history");
        assert.ok(list.grants[0].withdrawn);
        assert.deepEqual(list.pending, { screeningId, reasons: ["CI-ANTITHROMBOTIC"] });
        const audit = await database.admin.query(
          "select actor_role, detail from audit_log where action = 'clearance.withdraw' and resource_id = $1",
          [screeningId],
        );
        assert.equal(audit.rows.length, 1);
        assert.equal(audit.rows[0].detail.grantId, grantId);
        assert.equal(audit.rows[0].detail.wasCurrent, true);

        // Once only: a second withdrawal is a conflict, and the record cannot be rewritten.
        const twice = await physician.post(`/api/clearance-grants/${grantId}/withdraw`, { reason: "again" });
        assert.equal(twice.status, 409, JSON.stringify(twice.body));
        assert.equal(twice.body.error, "already_withdrawn");
        await assert.rejects(
          database.admin.query("update clearance_grants set withdrawn_reason = 'changed'"),
          /append-only/,
        );
        await assert.rejects(
          database.admin.query(
            "update clearance_grants set withdrawn_at = null, withdrawn_by = null, withdrawn_reason = null",
          ),
          /append-only/,
        );
        assert.equal(await count("audit_log where action = 'clearance.withdraw'"), 1);

        // The session booked while cleared stays as booked (staff decide about it).
        const kept = await desk.get(`/api/appointments/${booked.body.appointment.id}`);
        assert.equal(kept.status, 200);
        assert.equal(
          (await desk.post(`/api/appointments/${booked.body.appointment.id}/cancel`, { reason: "illness" }))
            .status,
          200,
        );

        // A physician may clear the same screening anew; booking opens again.
        const regrant = await physician.post(`/api/screenings/${screeningId}/clearance-grants`, {
          reasons: ["CI-ANTITHROMBOTIC"],
          note: "INR stable again.",
        });
        assert.equal(regrant.status, 201, JSON.stringify(regrant.body));
        assert.equal((await slots()).body.blocked, null);
        assert.equal(await count("clearance_grants"), 2);
      });

      test("a newer screening supersedes the grant", async () => {
        const newer = await screen();
        assert.equal(newer.outcome, "needs-physician-clearance");
        assert.equal((await slots()).body.blocked.code, "clearance_pending");
        const list = (await desk.get(`/api/patients/${patientId}/clearance-grants`)).body;
        assert.equal(list.grants[0].current, false);
        assert.equal(list.pending.screeningId, newer.id);
        const old = await physician.post(`/api/screenings/${screeningId}/clearance-grants`, {
          reasons: ["CI-ANTITHROMBOTIC"],
          note: "late",
        });
        assert.equal(old.status, 409);
      });

      test("a grant never lifts another contraindication: a pregnancy deferral still holds", async () => {
        const res = await desk.post(`/api/patients/${patientId}/screenings`, {
          requestedAppointment: requested.toString(),
          request: {
            setting: "clinic",
            concerns: [{ indication: "acne-scars", zones: ["cheeks"], goodmanBaronGrade: 2 }],
          },
          patient: { pregnant: true, breastfeeding: false },
        });
        assert.equal(res.status, 201, JSON.stringify(res.body));
        const s = res.body.screening;
        assert.equal(s.outcome, "needs-physician-clearance");
        assert.equal(s.deferral, "undated");
        const both = await physician.post(`/api/screenings/${s.id}/clearance-grants`, {
          reasons: ["CI-ANTITHROMBOTIC", "CI-PREGNANCY"],
          note: "no",
        });
        assert.equal(both.status, 400);
        assert.ok("body.reasons.1" in both.body.fields, JSON.stringify(both.body));
        const granted = await physician.post(`/api/screenings/${s.id}/clearance-grants`, {
          reasons: ["CI-ANTITHROMBOTIC"],
          note: "cleared for the anticoagulant only",
        });
        assert.equal(granted.status, 201, JSON.stringify(granted.body));
        assert.equal(granted.body.grant.decision.outcome, "defer");
        assert.equal((await slots()).body.blocked.code, "deferred");
      });

      test("a declined screening cannot be cleared", async () => {
        const made = await desk.post("/api/patients", {
          givenName: "Dan",
          familyName: "Minor",
          dateOfBirth: Temporal.Now.plainDateISO(TZ).subtract({ years: 15 }).toString(),
          sex: "male",
          fitzpatrick: "II",
        });
        const id = made.body.patient.id;
        const res = await desk.post(`/api/patients/${id}/screenings`, {
          requestedAppointment: requested.toString(),
          request: {
            setting: "clinic",
            concerns: [{ indication: "acne-scars", zones: ["cheeks"], goodmanBaronGrade: 2 }],
          },
        });
        assert.equal(res.body.screening.outcome, "decline");
        const grant = await physician.post(`/api/screenings/${res.body.screening.id}/clearance-grants`, {
          reasons: ["CI-MINOR"],
          note: "no",
        });
        assert.equal(grant.status, 409);
        assert.equal(grant.body.error, "clearance_not_needed");
      });

      test("anonymisation replaces a withdrawal's reason and keeps who withdrew and when", async () => {
        const made = await desk.post("/api/patients", {
          givenName: "Wanda",
          familyName: "Withdrawn",
          dateOfBirth: "1968-04-04",
          sex: "female",
          fitzpatrick: "III",
        });
        assert.equal(made.status, 201, JSON.stringify(made.body));
        const id = made.body.patient.id as string;
        await desk.post(`/api/patients/${id}/medications`, {
          ingredient: "warfarin",
          prescribed: true,
          ongoing: true,
        });
        const screened = await desk.post(`/api/patients/${id}/screenings`, {
          requestedAppointment: requested.toString(),
          request: {
            setting: "clinic",
            concerns: [{ indication: "acne-scars", zones: ["cheeks"], goodmanBaronGrade: 2 }],
          },
          patient: { pregnant: false, breastfeeding: false },
        });
        const granted = await physician.post(
          `/api/screenings/${screened.body.screening.id}/clearance-grants`,
          {
            reasons: ["CI-ANTITHROMBOTIC"],
            note: "Spoke with Wanda's GP.",
          },
        );
        assert.equal(granted.status, 201, JSON.stringify(granted.body));
        const withdrawn = await physician.post(`/api/clearance-grants/${granted.body.grant.id}/withdraw`, {
          reason: "Wanda's GP changed the dose.",
        });
        assert.equal(withdrawn.status, 200, JSON.stringify(withdrawn.body));
        const clinicId = (await database.admin.query("select clinic_id from patients where id = $1", [id]))
          .rows[0].clinic_id as string;
        await withClinic(database.db, { clinicId }, (tx) =>
          tx.query("select * from patient_data_anonymise($1)", [id]),
        );
        const row = (
          await database.admin.query(
            "select withdrawn_at, withdrawn_by, withdrawn_reason, note from clearance_grants where patient_id = $1",
            [id],
          )
        ).rows[0];
        assert.doesNotMatch(row.withdrawn_reason, /Wanda/);
        assert.doesNotMatch(row.note, /Wanda/);
        assert.ok(row.withdrawn_at);
        assert.equal(row.withdrawn_by, withdrawn.body.grant.withdrawn.by.id);
        await assert.rejects(
          database.admin.query("update clearance_grants set withdrawn_reason = 'X' where patient_id = $1", [
            id,
          ]),
          /append-only/,
        );
      });
    });

    describe("owner set-up additions", () => {
      test("a location needs an IANA time zone; the owner adds one, audited", async () => {
        for (const timeZone of ["Mars/Olympus", "+01:00", "GMT+1", "", "Europe/London; drop table"]) {
          const bad = await owner.post("/api/setup/locations", { name: "Annex", timeZone });
          assert.equal(bad.status, 400, timeZone);
          assert.ok("body.timeZone" in bad.body.fields, JSON.stringify(bad.body));
        }
        const byDesk = await desk.post("/api/setup/locations", { name: "Annex", timeZone: "Europe/Dublin" });
        assert.equal(byDesk.status, 403);
        const before = await count("locations");
        const ok = await owner.post("/api/setup/locations", {
          name: "Annex",
          timeZone: "America/Argentina/Buenos_Aires",
        });
        assert.equal(ok.status, 201, JSON.stringify(ok.body));
        assert.equal(ok.body.location.timeZone, "America/Argentina/Buenos_Aires");
        assert.equal(await count("locations"), before + 1);
        assert.equal(
          await count("audit_log where action = 'setup.location' and resource_id = $1", [
            ok.body.location.id,
          ]),
          1,
        );
      });

      test("the owner changes a provider's credential and licence depth, audited", async () => {
        const setup = (await owner.get("/api/setup")).body;
        const lee = setup.providers.find((p: { name: string }) => p.name.includes("Lee"));
        const bad = await owner.request("PUT", `/api/setup/providers/${lee.id}/licence`, {
          credential: "nurse",
          maxNeedleDepthMm: 3.5,
        });
        assert.equal(bad.status, 400);
        assert.ok("body.maxNeedleDepthMm" in bad.body.fields);
        const byProvider = await physician.request("PUT", `/api/setup/providers/${lee.id}/licence`, {
          credential: "physician",
          maxNeedleDepthMm: 3,
        });
        assert.equal(byProvider.status, 403);
        const ok = await owner.request("PUT", `/api/setup/providers/${lee.id}/licence`, {
          credential: "nurse",
          maxNeedleDepthMm: 1.25,
        });
        assert.equal(ok.status, 200, JSON.stringify(ok.body));
        assert.equal(Number(ok.body.provider.maxNeedleDepthMm), 1.25);
        const audit = await database.admin.query(
          "select detail from audit_log where action = 'setup.provider_licence' and resource_id = $1",
          [lee.id],
        );
        assert.deepEqual(audit.rows[0].detail, {
          from: { credential: "nurse", maxNeedleDepthMm: 1.5 },
          to: { credential: "nurse", maxNeedleDepthMm: 1.25 },
        });
        const unknown = await owner.request("PUT", `/api/setup/providers/${setup.rooms[0].id}/licence`, {
          credential: "nurse",
          maxNeedleDepthMm: 1,
        });
        assert.equal(unknown.status, 404);
      });
    });
  });
}
