import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { boxesOf, dateInWords, dateLocale, dateOrder, dateProblem, isoOfBoxes } from "./date-order.ts";

describe("dateLocale", () => {
  const cases: Array<[language: "en" | "es", zone: string | null, browser: string[], expected: string]> = [
    ["en", "Europe/London", ["en-US"], "en-GB"], // a UK clinic on a browser set to US English
    ["en", "Europe/Madrid", ["en-US", "en"], "en-GB"],
    ["en", null, ["en-US"], "en-US"], // no clinic known: the browser's English
    ["en", "America/New_York", ["en-US"], "en-US"],
    ["en", "America/New_York", ["fr-FR"], "en-GB"], // no English in the browser
    ["en", null, [], "en-GB"],
    ["en", null, ["en"], "en-GB"],
    ["es", "Europe/London", ["en-US"], "es-ES"], // Spanish pages read dates as Spanish does
    ["es", null, ["es-MX", "es"], "es-MX"],
    ["es", "America/Chicago", ["es-US"], "es-US"],
    ["en", null, ["en-not a tag"], "en-GB"],
  ];
  for (const [language, zone, browser, expected] of cases) {
    it(`${language}, clinic ${zone}, browser ${browser.join(",") || "none"}: ${expected}`, () =>
      assert.equal(dateLocale(language, zone, browser), expected));
  }
});

describe("dateOrder", () => {
  const cases: Array<[locale: string, order: string]> = [
    ["en-GB", "day month year"],
    ["es-ES", "day month year"],
    ["es-MX", "day month year"],
    ["en-US", "month day year"],
    ["ja-JP", "year month day"],
  ];
  for (const [locale, order] of cases) {
    it(`${locale} writes ${order}`, () => assert.equal(dateOrder(locale).join(" "), order));
  }
});

describe("isoOfBoxes and dateProblem", () => {
  const cases: Array<
    [day: string, month: string, year: string, value: string | null, problem: string | null]
  > = [
    ["3", "4", "1980", "1980-04-03", null],
    ["03", "04", "1980", "1980-04-03", null],
    [" 8", "12 ", "2026", "2026-12-08", null],
    ["31", "4", "2026", null, "invalid"], // 31 April
    ["29", "2", "2025", null, "invalid"], // not a leap year
    ["29", "2", "2024", "2024-02-29", null],
    ["29", "2", "1900", null, "invalid"],
    ["29", "2", "2000", "2000-02-29", null],
    ["1", "13", "2026", null, "invalid"],
    ["0", "1", "2026", null, "invalid"],
    ["a", "1", "2026", null, "invalid"],
    ["1", "1", "26", null, "incomplete"], // a two-digit year is not guessed
    ["", "1", "2026", null, "incomplete"],
    ["", "", "", null, null],
  ];
  for (const [day, month, year, value, problem] of cases) {
    it(`${day}/${month}/${year}`, () => {
      assert.equal(isoOfBoxes({ day, month, year }), value);
      assert.equal(dateProblem({ day, month, year }), problem);
    });
  }

  it("a date outside min or max is early or late", () => {
    const boxes = { day: "1", month: "1", year: "2030" };
    assert.equal(dateProblem(boxes, undefined, "2026-12-08"), "late");
    assert.equal(dateProblem(boxes, "2031-01-01"), "early");
    assert.equal(dateProblem(boxes, "2030-01-01", "2030-01-01"), null);
  });
});

describe("round trip", () => {
  const locales = ["en-GB", "en-US", "es-ES", "es-MX"];
  it("any date that exists reads back the same through the boxes, in every locale's order", () => {
    const date = fc.date({
      min: new Date("0001-01-01T00:00:00Z"),
      max: new Date("9999-12-31T00:00:00Z"),
      noInvalidDate: true,
    });
    fc.assert(
      fc.property(date, fc.constantFrom(...locales), (instant, locale) => {
        const value = instant.toISOString().slice(0, 10);
        const boxes = boxesOf(value);
        // Typed box by box in the locale's order, as a person would.
        const typed = { day: "", month: "", year: "" };
        for (const part of dateOrder(locale)) typed[part] = boxes[part];
        assert.equal(isoOfBoxes(typed), value);
        assert.equal(dateProblem(typed), null);
        assert.deepEqual(boxesOf(isoOfBoxes(typed) ?? ""), boxes);
      }),
    );
  });
});

describe("dateInWords", () => {
  it("writes the day out in the locale", () => {
    assert.equal(dateInWords("2026-12-08", "en-GB"), "Tuesday, 8 December 2026");
    assert.equal(dateInWords("2026-12-08", "en-US"), "Tuesday, December 8, 2026");
    assert.equal(dateInWords("2026-12-08", "es-ES"), "martes, 8 de diciembre de 2026");
    assert.equal(dateInWords("0099-01-01", "en-GB", false), "1 January 99");
    assert.equal(dateInWords("", "en-GB"), "");
  });
});
