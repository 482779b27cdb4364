import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { consentCurrency } from "./consent-rules.ts";

test("consent currency: the 12-month boundary, month ends and leap days", () => {
  const cases: [string, string, boolean][] = [
    ["2024-03-10", "2025-03-09", true],
    ["2024-03-10", "2025-03-10", false],
    ["2024-02-29", "2025-02-27", true],
    ["2024-02-29", "2025-02-28", false],
    ["2023-08-31", "2024-08-30", true],
    ["2023-08-31", "2024-08-31", false],
  ];
  for (const [signedOn, today, current] of cases) {
    assert.equal(
      consentCurrency({ templateVersion: 1, signedOn }, 1, today).current,
      current,
      `${signedOn} ${today}`,
    );
  }
});

test("an older template version is never current, however recent the signature", () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 50 }), fc.integer({ min: 1, max: 10 }), (signed, newer) => {
      const c = consentCurrency(
        { templateVersion: signed, signedOn: "2025-01-01" },
        signed + newer,
        "2025-01-02",
      );
      return !c.current && c.reason === "outdated-version";
    }),
  );
  assert.deepEqual(consentCurrency(null, 1, "2025-01-01"), {
    current: false,
    reason: "none",
    expiresOn: null,
  });
});
