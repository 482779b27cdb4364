import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { Temporal } from "temporal-polyfill";
import { DAY_BEFORE_REMINDER_TIME, dayBeforeReminderAt } from "./reminder-timing.ts";

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const LONG_AGO = at("2026-01-01T00:00:00Z");

describe("day-before reminder: 09:00 on the clinic's clock the day before", () => {
  const cases: { name: string; tz: string; visit: string; localTime?: string; expected: string }[] = [
    {
      name: "London in winter (GMT)",
      tz: "Europe/London",
      visit: "2026-01-13T10:00:00Z",
      expected: "2026-01-12T09:00:00.000Z",
    },
    {
      name: "London in summer (BST): 09:00 local is 08:00Z",
      tz: "Europe/London",
      visit: "2026-07-14T09:00:00Z",
      expected: "2026-07-13T08:00:00.000Z",
    },
    {
      name: "visit on the Monday after the spring-forward: reminder on the change day, 09:00 BST",
      tz: "Europe/London",
      visit: "2026-03-30T09:00:00Z", // 10:00 BST
      expected: "2026-03-29T08:00:00.000Z", // 24 h before would be 10:00 BST
    },
    {
      name: "visit on the spring-forward Sunday: reminder on Saturday, 09:00 GMT",
      tz: "Europe/London",
      visit: "2026-03-29T09:00:00Z", // 10:00 BST
      expected: "2026-03-28T09:00:00.000Z",
    },
    {
      name: "visit on the Monday after the fall-back: reminder on the change day, 09:00 GMT",
      tz: "Europe/London",
      visit: "2026-10-26T10:00:00Z", // 10:00 GMT
      expected: "2026-10-25T09:00:00.000Z",
    },
    {
      name: "visit on the fall-back Sunday: reminder on Saturday, 09:00 BST",
      tz: "Europe/London",
      visit: "2026-10-25T10:00:00Z", // 10:00 GMT
      expected: "2026-10-24T08:00:00.000Z",
    },
    {
      name: "a visit just after midnight: still the calendar day before",
      tz: "Europe/London",
      visit: "2026-02-10T00:30:00Z",
      expected: "2026-02-09T09:00:00.000Z",
    },
    {
      name: "the local day, not the UTC day: 21:00 in New York is already tomorrow in UTC",
      tz: "America/New_York",
      visit: "2026-03-11T01:00:00Z", // 10 Mar 21:00 EDT (DST began 8 Mar)
      expected: "2026-03-09T13:00:00.000Z", // 9 Mar 09:00 EDT
    },
    {
      name: "New York, the day before is the spring-forward Sunday",
      tz: "America/New_York",
      visit: "2026-03-09T14:00:00Z", // Mon 10:00 EDT
      expected: "2026-03-08T13:00:00.000Z", // Sun 09:00 EDT
    },
    {
      name: "Sydney, the day before is the day daylight time ends",
      tz: "Australia/Sydney",
      visit: "2026-04-06T00:00:00Z", // Mon 6 Apr 10:00 AEST
      expected: "2026-04-04T23:00:00.000Z", // Sun 5 Apr 09:00 AEST
    },
    {
      name: "a configured time inside the spring-forward gap moves forward by the gap",
      tz: "Europe/London",
      visit: "2026-03-30T09:00:00Z",
      localTime: "01:30", // 29 Mar 01:30 does not exist: 02:30 BST
      expected: "2026-03-29T01:30:00.000Z",
    },
    {
      name: "a configured time the fall-back repeats takes the earlier one",
      tz: "Europe/London",
      visit: "2026-10-26T10:00:00Z",
      localTime: "01:30", // 25 Oct 01:30 happens twice: the BST one
      expected: "2026-10-25T00:30:00.000Z",
    },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const got = dayBeforeReminderAt({
        startsAt: at(c.visit),
        timeZone: c.tz,
        now: LONG_AGO,
        ...(c.localTime ? { localTime: c.localTime } : {}),
      });
      assert.equal(iso(got), c.expected);
    });
  }

  test("booked after that moment: no reminder (the confirmation just went out); one millisecond before: queued", () => {
    const visit = at("2026-01-13T10:00:00Z");
    const moment = at("2026-01-12T09:00:00Z");
    const tz = "Europe/London";
    const rows: [string, number, string | null][] = [
      ["a week before", at("2026-01-06T12:00:00Z"), "2026-01-12T09:00:00.000Z"],
      ["1 ms before the moment", moment - 1, "2026-01-12T09:00:00.000Z"],
      ["at the moment", moment, null],
      ["the afternoon before", at("2026-01-12T15:00:00Z"), null],
      ["on the day", at("2026-01-13T08:00:00Z"), null],
    ];
    for (const [name, now, expected] of rows)
      assert.equal(iso(dayBeforeReminderAt({ startsAt: visit, timeZone: tz, now })), expected, name);
  });

  test("property: the reminder falls at the set time on the visit's previous local day, after now and before the visit", () => {
    const zones = [
      "Europe/London",
      "America/New_York",
      "Australia/Sydney",
      "Asia/Kolkata",
      "Pacific/Auckland",
    ];
    fc.assert(
      fc.property(
        fc.integer({ min: at("2025-01-01T00:00:00Z"), max: at("2028-12-31T00:00:00Z") }),
        fc.constantFrom(...zones),
        fc.integer({ min: 0, max: 10 * 86_400_000 }),
        (visit, tz, lead) => {
          const now = visit - lead;
          const got = dayBeforeReminderAt({ startsAt: visit, timeZone: tz, now });
          const visitDay = Temporal.Instant.fromEpochMilliseconds(visit).toZonedDateTimeISO(tz).toPlainDate();
          const moment = visitDay
            .subtract({ days: 1 })
            .toZonedDateTime({ timeZone: tz, plainTime: Temporal.PlainTime.from(DAY_BEFORE_REMINDER_TIME) });
          if (got === null) return moment.epochMilliseconds <= now;
          const local = Temporal.Instant.fromEpochMilliseconds(got).toZonedDateTimeISO(tz);
          return (
            got > now &&
            got < visit &&
            local.toPlainDate().equals(visitDay.subtract({ days: 1 })) &&
            local.toPlainTime().toString({ smallestUnit: "minute" }) === DAY_BEFORE_REMINDER_TIME
          );
        },
      ),
    );
  });
});
