import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Appointment, AppointmentStatus } from "../../contract/patients.ts";
import { splitAppointments } from "./appointments.ts";

function appointment(id: string, startsAt: string, status: AppointmentStatus = "booked"): Appointment {
  return {
    id,
    startsAt: new Date(startsAt),
    endsAt: new Date(Date.parse(startsAt) + 60 * 60_000),
    status,
    type: { id: "t", name: "Microneedling", kind: "microneedling" },
    provider: null,
    room: null,
    locationTimeZone: "Europe/London",
    held: false,
    lapsed: false,
  };
}

describe("splitAppointments", () => {
  const now = new Date("2025-06-01T10:30:00Z");

  it("keeps an appointment in progress as upcoming until it ends", () => {
    const { upcoming, past } = splitAppointments(
      [appointment("a", "2025-06-01T10:00:00Z", "checked_in")],
      now,
    );
    assert.deepEqual(
      upcoming.map((a) => a.id),
      ["a"],
    );
    assert.equal(past.length, 0);
  });

  it("moves an appointment that ended exactly now to the past", () => {
    const { upcoming } = splitAppointments([appointment("a", "2025-06-01T09:30:00Z")], now);
    assert.equal(upcoming.length, 0);
  });

  it("puts cancelled future appointments with the past", () => {
    const { upcoming, past } = splitAppointments(
      [appointment("c", "2025-07-01T10:00:00Z", "cancelled")],
      now,
    );
    assert.equal(upcoming.length, 0);
    assert.deepEqual(
      past.map((a) => a.id),
      ["c"],
    );
  });

  it("orders upcoming soonest first and past latest first", () => {
    const { upcoming, past } = splitAppointments(
      [
        appointment("f2", "2025-08-01T10:00:00Z"),
        appointment("p1", "2025-04-01T10:00:00Z", "completed"),
        appointment("f1", "2025-07-01T10:00:00Z"),
        appointment("p2", "2025-05-01T10:00:00Z", "no_show"),
      ],
      now,
    );
    assert.deepEqual(
      upcoming.map((a) => a.id),
      ["f1", "f2"],
    );
    assert.deepEqual(
      past.map((a) => a.id),
      ["p2", "p1"],
    );
  });
});
