import assert from "node:assert/strict";
import { test } from "node:test";
import { MAX_SLOT_DAYS, providerSlots } from "./provider-slots.ts";

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();
const MONDAY = {
  locationId: "L",
  weekday: 1,
  starts: "09:00:00",
  ends: "17:00:00",
  timeZone: "Europe/London",
};

test("a working day with one appointment: free, busy, free", () => {
  const slots = providerSlots(
    [MONDAY],
    [{ start: at("2026-01-05T10:00:00Z"), end: at("2026-01-05T11:00:00Z"), kind: "appointment" }],
    "2026-01-05",
    "2026-01-05",
  );
  assert.deepEqual(
    slots.map((s) => [iso(s.start), iso(s.end), s.status]),
    [
      ["2026-01-05T09:00:00.000Z", "2026-01-05T10:00:00.000Z", "free"],
      ["2026-01-05T10:00:00.000Z", "2026-01-05T11:00:00.000Z", "busy"],
      ["2026-01-05T11:00:00.000Z", "2026-01-05T17:00:00.000Z", "free"],
    ],
  );
});

test("wall-clock hours hold across the spring clock change (09:00 BST is 08:00Z)", () => {
  const slots = providerSlots([MONDAY], [], "2026-03-30", "2026-03-30");
  assert.deepEqual(
    slots.map((s) => [iso(s.start), iso(s.end)]),
    [["2026-03-30T08:00:00.000Z", "2026-03-30T16:00:00.000Z"]],
  );
});

test("time off overlapping an appointment is one unavailable stretch, clipped to the hours", () => {
  const slots = providerSlots(
    [MONDAY],
    [
      { start: at("2026-01-05T08:00:00Z"), end: at("2026-01-05T10:00:00Z"), kind: "time-off" },
      { start: at("2026-01-05T09:30:00Z"), end: at("2026-01-05T10:30:00Z"), kind: "appointment" },
    ],
    "2026-01-05",
    "2026-01-05",
  );
  assert.deepEqual(
    slots.map((s) => [iso(s.start), iso(s.end), s.status]),
    [
      ["2026-01-05T09:00:00.000Z", "2026-01-05T10:30:00.000Z", "busy-unavailable"],
      ["2026-01-05T10:30:00.000Z", "2026-01-05T17:00:00.000Z", "free"],
    ],
  );
});

test("days without hours give nothing; the range is bounded", () => {
  assert.deepEqual(providerSlots([MONDAY], [], "2026-01-06", "2026-01-11"), []);
  assert.deepEqual(providerSlots([MONDAY], [], "2026-01-07", "2026-01-06"), []);
  assert.equal(providerSlots([MONDAY], [], "2026-01-01", "2026-01-31").length, 4);
  assert.throws(
    () => providerSlots([MONDAY], [], "2026-01-01", "2026-02-01"),
    new RegExp(String(MAX_SLOT_DAYS)),
  );
});
