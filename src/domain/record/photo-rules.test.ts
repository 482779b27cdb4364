import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import {
  comparisonSeries,
  DEFAULT_PHOTO_LIMITS,
  dimensionProblem,
  type PhotoView,
  photoShownIn,
  scopeForNewPhoto,
} from "./photo-rules.ts";

test("dimensions at and beyond each limit", () => {
  const L = DEFAULT_PHOTO_LIMITS;
  const cases: [number, number, boolean][] = [
    [L.minSide, L.minSide, true],
    [L.minSide - 1, 400, false],
    [4000, 3000, true],
    [L.maxSide, 3000, true],
    [L.maxSide + 1, 3000, false],
    [1000, 5000, true],
    [1000, 5001, false],
    [0, 100, false],
    [7100, 7100, false], // 50.41 MP
  ];
  for (const [w, h, ok] of cases) assert.equal(dimensionProblem(w, h, L) === null, ok, `${w}x${h}`);
});

test("marketing never shows a clinical-only photo, nor a marketing one after the consent narrows", () => {
  const scope = fc.constantFrom("clinical" as const, "marketing" as const);
  fc.assert(
    fc.property(scope, fc.option(scope, { nil: null }), (photo, current) => {
      assert.equal(photoShownIn(photo, "clinical", current), true);
      const shown = photoShownIn(photo, "marketing", current);
      if (photo === "clinical" || current !== "marketing") assert.equal(shown, false);
      else assert.equal(shown, true);
    }),
  );
});

test("no current photo consent: no scope, so no photo", () => {
  assert.equal(scopeForNewPhoto(null), null);
  assert.equal(scopeForNewPhoto({ current: false, photoScope: "marketing" }), null);
  assert.equal(scopeForNewPhoto({ current: true, photoScope: "clinical" }), "clinical");
});

test("a comparison series is one view, oldest first, the later retake of a day", () => {
  const p = (id: string, view: PhotoView, takenOn: string, createdAt: string) => ({
    id,
    view,
    takenOn,
    createdAt,
    chartId: null,
  });
  const series = comparisonSeries(
    [
      p("c", "front", "2025-03-01", "2025-03-01T10:00:00Z"),
      p("a", "front", "2025-01-01", "2025-01-01T10:00:00Z"),
      p("x", "left-45", "2025-02-01", "2025-02-01T10:00:00Z"),
      p("b2", "front", "2025-02-01", "2025-02-01T10:05:00Z"),
      p("b1", "front", "2025-02-01", "2025-02-01T10:00:00Z"),
    ],
    "front",
  );
  assert.deepEqual(
    series.map((s) => s.id),
    ["a", "b2", "c"],
  );
});
