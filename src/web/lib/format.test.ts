import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  ageOn,
  formatCalendarDate,
  formatMoney,
  formatSlot,
  formatTime,
  initials,
  todayIn,
} from "./format.ts";

describe("formatTime", () => {
  const cases: Array<[instant: string, zone: string, expected: string]> = [
    ["2025-03-30T00:30:00Z", "Europe/London", "00:30"], // last hour of GMT
    ["2025-03-30T01:30:00Z", "Europe/London", "02:30"], // first hour of BST
    ["2025-10-26T00:30:00Z", "Europe/London", "01:30"], // BST, before the clocks go back
    ["2025-10-26T01:30:00Z", "Europe/London", "01:30"], // GMT, the repeated hour
    ["2025-01-01T23:59:00Z", "America/New_York", "18:59"],
    ["2025-06-01T00:00:00Z", "Australia/Sydney", "10:00"],
  ];
  for (const [instant, zone, expected] of cases) {
    it(`${instant} in ${zone} is ${expected}`, () => assert.equal(formatTime(instant, zone), expected));
  }
});

describe("formatSlot", () => {
  it("shows the clinic's calendar day, not UTC's", () => {
    assert.equal(
      formatSlot("2025-06-01T23:30:00Z", "2025-06-02T00:30:00Z", "Europe/London"),
      "Mon 2 Jun 2025, 00:30–01:30",
    );
  });
});

describe("formatCalendarDate", () => {
  it("never shifts a birth date by time zone", () =>
    assert.equal(formatCalendarDate("1990-01-01"), "1 Jan 1990"));
  it("passes through what it cannot read", () => assert.equal(formatCalendarDate("soon"), "soon"));
});

describe("ageOn", () => {
  const cases: Array<[born: string, today: string, age: number]> = [
    ["1990-06-15", "2025-06-14", 34],
    ["1990-06-15", "2025-06-15", 35],
    ["2000-02-29", "2025-02-28", 24],
    ["2000-02-29", "2025-03-01", 25],
    ["2000-02-29", "2024-02-29", 24],
  ];
  for (const [born, today, age] of cases) {
    it(`born ${born} is ${age} on ${today}`, () => assert.equal(ageOn(born, today), age));
  }
});

describe("todayIn", () => {
  it("is the date on the clinic's clock", () => {
    const now = new Date("2025-01-01T03:00:00Z");
    assert.equal(todayIn("America/Los_Angeles", now), "2024-12-31");
    assert.equal(todayIn("Europe/London", now), "2025-01-01");
  });
});

describe("initials", () => {
  it("skips titles", () => {
    assert.equal(initials("Dr. Sara Ahmed"), "SA");
    assert.equal(initials("Dr Samir Ahmed"), "SA");
  });
  it("copes with one name", () => assert.equal(initials("Cole"), "C"));
});

it("a price is written in the clinic's currency, whole amounts without decimals", () => {
  assert.equal(formatMoney(25000, "GBP"), "£250");
  assert.equal(formatMoney(6250, "GBP"), "£62.50");
  assert.equal(formatMoney(25000, "EUR"), "€250");
  assert.match(formatMoney(25000, "USD"), /^US\$250$/);
  // A currency without minor units still takes the amount as the clinic typed it.
  assert.equal(formatMoney(25000, "JPY"), "JP¥250");
});
