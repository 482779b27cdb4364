import assert from "node:assert/strict";
import { test } from "node:test";
import { parseTime24, timesOfDay } from "./time-of-day.ts";

test("typed times become HH:MM on the 24-hour clock", () => {
  const cases: [string, string | null][] = [
    ["14:30", "14:30"],
    ["1430", "14:30"],
    ["14.30", "14:30"],
    ["14h30", "14:30"],
    ["930", "09:30"],
    ["9:05", "09:05"],
    ["9", "09:00"],
    ["00:00", "00:00"],
    ["23:59", "23:59"],
    [" 18:00 ", "18:00"],
    ["24:00", null],
    ["25:00", null],
    ["12:60", null],
    ["2:30pm", null],
    ["", null],
    ["14:3", null],
  ];
  for (const [typed, want] of cases) assert.equal(parseTime24(typed), want, typed);
});

test("the day in steps starts at midnight and ends before it", () => {
  const quarter = timesOfDay(15);
  assert.equal(quarter.length, 96);
  assert.equal(quarter[0], "00:00");
  assert.equal(quarter[58], "14:30");
  assert.equal(quarter.at(-1), "23:45");
  assert.equal(timesOfDay(5).length, 288);
});
