import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  bookingPatient,
  feedTarget,
  isOwnRecord,
  mayReachPatient,
  mayRevokeFeed,
  ownRecord,
  type PatientAccessor,
} from "./patient-access.ts";

const ANA = "patient-ana";
const BEN = "patient-ben";

const owner: PatientAccessor = { role: "owner", patientId: null, id: "user-owner" };
const provider: PatientAccessor = { role: "provider", patientId: null, id: "user-provider" };
const frontDesk: PatientAccessor = { role: "front_desk", patientId: null, id: "user-desk" };
const ana: PatientAccessor = { role: "patient", patientId: ANA, id: "user-ana" };
const noRecord: PatientAccessor = { role: "patient", patientId: null, id: "user-lost" };

describe("who may reach a patient's records", () => {
  const table: [string, PatientAccessor, string | null, boolean][] = [
    ["owner, any patient", owner, BEN, true],
    ["provider, any patient", provider, BEN, true],
    ["front desk, any patient", frontDesk, ANA, true],
    ["patient, their own", ana, ANA, true],
    ["patient, another patient's", ana, BEN, false],
    ["patient, a record of no patient", ana, null, false],
    ["patient account without a record, any", noRecord, ANA, false],
    ["patient account without a record, a record of no patient", noRecord, null, false],
  ];
  for (const [name, who, record, expected] of table) {
    test(name, () => assert.equal(mayReachPatient(who, record), expected));
  }

  test("only a patient's own record is theirs (staff own no patient record)", () => {
    assert.equal(isOwnRecord(ana, ANA), true);
    assert.equal(isOwnRecord(ana, BEN), false);
    assert.equal(isOwnRecord(owner, ANA), false);
    assert.equal(isOwnRecord(noRecord, null), false);
  });

  test("the portal's own record", () => {
    assert.deepEqual(ownRecord(ana), { ok: true, patientId: ANA });
    assert.deepEqual(ownRecord(noRecord), { ok: false, refusal: "no_record" });
  });
});

describe("whom a caller may book for", () => {
  const table: [string, PatientAccessor, string | null | undefined, ReturnType<typeof bookingPatient>][] = [
    ["staff name a patient", frontDesk, BEN, { ok: true, patientId: BEN }],
    ["staff name none (a search)", provider, undefined, { ok: true, patientId: null }],
    ["a patient for themselves, named", ana, ANA, { ok: true, patientId: ANA }],
    ["a patient for themselves, unnamed", ana, null, { ok: true, patientId: ANA }],
    ["a patient for someone else", ana, BEN, { ok: false, refusal: "not_you" }],
    ["a patient account without a record", noRecord, ANA, { ok: false, refusal: "no_record" }],
  ];
  for (const [name, who, requested, expected] of table) {
    test(name, () => assert.deepEqual(bookingPatient(who, requested), expected));
  }
});

describe("calendar feeds", () => {
  const anaFeed = { patientId: ANA, providerId: null };
  const benFeed = { patientId: BEN, providerId: null };
  const ownCalendar = { patientId: null, providerId: provider.id ?? null };
  const otherCalendar = { patientId: null, providerId: "user-other-provider" };
  const table: [string, PatientAccessor, typeof anaFeed | typeof ownCalendar, boolean][] = [
    ["owner, a provider's calendar", owner, otherCalendar, true],
    ["front desk, a patient's feed", frontDesk, benFeed, true],
    ["provider, their own calendar", provider, ownCalendar, true],
    ["provider, another provider's calendar", provider, otherCalendar, false],
    ["provider, a patient's feed", provider, anaFeed, true],
    ["patient, their own feed", ana, anaFeed, true],
    ["patient, another patient's feed", ana, benFeed, false],
    ["patient, a provider's calendar", ana, otherCalendar, false],
    ["patient account without a record, a provider's calendar", noRecord, otherCalendar, false],
  ];
  for (const [name, who, feed, expected] of table) {
    test(`revoke: ${name}`, () => assert.equal(mayRevokeFeed(who, feed), expected));
  }

  test("a patient's new feed is always of their own visits, whatever they ask", () => {
    assert.deepEqual(feedTarget(ana, { patientId: BEN, providerId: "x" }), {
      ok: true,
      patientId: ANA,
      providerId: null,
    });
  });
  test("a provider who names nobody gets their own calendar; another's is refused", () => {
    assert.deepEqual(feedTarget(provider, {}), { ok: true, patientId: null, providerId: provider.id });
    assert.deepEqual(feedTarget(provider, { providerId: "user-other-provider" }), {
      ok: false,
      refusal: "not_your_calendar",
    });
    assert.deepEqual(feedTarget(provider, { patientId: BEN }), {
      ok: true,
      patientId: BEN,
      providerId: null,
    });
  });
  test("the owner names exactly one of a patient or a provider", () => {
    assert.deepEqual(feedTarget(owner, {}), { ok: false, refusal: "one_of" });
    assert.deepEqual(feedTarget(owner, { patientId: BEN, providerId: "p" }), {
      ok: false,
      refusal: "one_of",
    });
    assert.deepEqual(feedTarget(owner, { providerId: "p" }), { ok: true, patientId: null, providerId: "p" });
  });
});
