/**
 * Which rooms a visit may be placed in, and which it tries first. A clinic marks a room for
 * consultations, for treatments or for anything. A needling session is never placed in a
 * consultation room (no sterile set-up, no device). Anything else may use any room, but each visit
 * tries the rooms meant for it first, so a consultation does not take a treatment room while the
 * consultation room is free.
 */
import type { AppointmentKind } from "./default-segments.ts";

export type RoomPurpose = "any" | "consultation" | "treatment";

export const ROOM_PURPOSES: readonly RoomPurpose[] = ["any", "consultation", "treatment"];

export function roomServes(purpose: RoomPurpose, kind: AppointmentKind): boolean {
  return !(purpose === "consultation" && kind === "microneedling");
}

/** 0 for a room meant for this kind of visit, 1 for a room for anything, 2 for a room meant for another. */
export function roomPreference(purpose: RoomPurpose, kind: AppointmentKind): number {
  if (purpose === "any") return 1;
  const meantFor: AppointmentKind = purpose === "consultation" ? "consultation" : "microneedling";
  return meantFor === kind || (kind === "review" && purpose === "consultation") ? 0 : 2;
}

/** The rooms a visit may use, those meant for it first (the order is otherwise kept). */
export function roomsFor<R extends { purpose: RoomPurpose }>(
  rooms: readonly R[],
  kind: AppointmentKind,
): R[] {
  return rooms
    .map((room, i) => ({ room, i }))
    .filter(({ room }) => roomServes(room.purpose, kind))
    .sort((a, b) => roomPreference(a.room.purpose, kind) - roomPreference(b.room.purpose, kind) || a.i - b.i)
    .map(({ room }) => room);
}
