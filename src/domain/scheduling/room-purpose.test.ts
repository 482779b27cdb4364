import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import type { AppointmentKind } from "./default-segments.ts";
import { ROOM_PURPOSES, type RoomPurpose, roomServes, roomsFor } from "./room-purpose.ts";

const KINDS: AppointmentKind[] = ["consultation", "microneedling", "review"];

describe("which rooms a visit may use", () => {
  const table: [RoomPurpose, AppointmentKind, boolean][] = [
    ["any", "consultation", true],
    ["any", "microneedling", true],
    ["any", "review", true],
    ["consultation", "consultation", true],
    ["consultation", "microneedling", false],
    ["consultation", "review", true],
    ["treatment", "consultation", true],
    ["treatment", "microneedling", true],
    ["treatment", "review", true],
  ];
  for (const [purpose, kind, expected] of table) {
    it(`a ${purpose} room ${expected ? "may take" : "never takes"} a ${kind}`, () => {
      assert.equal(roomServes(purpose, kind), expected);
    });
  }

  it("the rooms meant for a visit come first, and a session is never offered a consultation room", () => {
    const room = fc.record({ id: fc.uuid(), purpose: fc.constantFrom(...ROOM_PURPOSES) });
    fc.assert(
      fc.property(fc.array(room, { maxLength: 8 }), fc.constantFrom(...KINDS), (rooms, kind) => {
        const chosen = roomsFor(rooms, kind);
        assert.deepEqual(
          new Set(chosen.map((r) => r.id)),
          new Set(rooms.filter((r) => roomServes(r.purpose, kind)).map((r) => r.id)),
        );
        if (kind === "microneedling") assert.ok(chosen.every((r) => r.purpose !== "consultation"));
        const meant = kind === "microneedling" ? "treatment" : "consultation";
        const firstOther = chosen.findIndex((r) => r.purpose !== meant);
        if (firstOther >= 0) assert.ok(chosen.slice(firstOther).every((r) => r.purpose !== meant));
      }),
    );
  });

  it("a consultation tries the consultation room before the treatment rooms", () => {
    const rooms: { id: string; purpose: RoomPurpose }[] = [
      { id: "t1", purpose: "treatment" },
      { id: "a", purpose: "any" },
      { id: "c", purpose: "consultation" },
    ];
    assert.deepEqual(
      roomsFor(rooms, "consultation").map((r) => r.id),
      ["c", "a", "t1"],
    );
    assert.deepEqual(
      roomsFor(rooms, "microneedling").map((r) => r.id),
      ["t1", "a"],
    );
  });
});
