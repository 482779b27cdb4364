/**
 * Where a visit goes: the slot it takes at an exact start (or why it cannot), the row written for
 * it, and its audit entry. Shared by placing one visit, a series, a move and the group commit.
 */
import type { Tx } from "../../../db/pool.ts";
import { deleteExpiredHolds, type NewAppointment } from "../../../db/repositories/booking.repository.ts";
import { DomainError } from "../../../domain/errors.ts";
import { checkStart } from "../../../domain/scheduling/slots.ts";
import type { Interval, Slot, SlotSearchInput } from "../../../domain/scheduling/types.ts";
import { toSlotView } from "../../presenters/appointments.ts";
import { auditReleasedHolds } from "../clinical-tx.ts";
import { loadSlotContext, type SlotContext } from "../slot-context.service.ts";
import {
  type AuditEntry,
  askedFor,
  type BookRequest,
  DAY,
  hashToken,
  IN_THE_WAY,
  type SeriesPlace,
  utcDate,
} from "./model.ts";
import { nextSlotsIn, SlotTakenError } from "./slot-taken.ts";

/** Places one visit at an exact start inside `tx`, or throws why not. The slot context is
 *  loaded once, for the UTC day before to the UTC day after the start: that always holds the
 *  start's local day, whatever the location's zone, so no second load is needed to learn it. */
export async function placeIn(
  tx: Tx,
  req: BookRequest,
  exceptId: string | null = null,
  clearExpiredHolds = true,
): Promise<{ slot: Slot; ctx: SlotContext }> {
  const now = Date.now();
  const start = req.startsAt.getTime();
  // An expired hold must not block the write that follows (the exclusion constraints still see
  // it, the search does not). A new booking skips this: its insert, when refused, clears them.
  if (clearExpiredHolds)
    await auditReleasedHolds(
      tx,
      await deleteExpiredHolds(tx, new Date(start - DAY), new Date(start + DAY)),
      IN_THE_WAY,
    );
  const only = askedFor(req);
  const ctx = await loadSlotContext(tx, {
    typeId: req.typeId,
    patientId: req.patientId,
    locationId: req.locationId,
    first: utcDate(start - DAY),
    last: utcDate(start + DAY),
    limit: 1,
    now,
    only,
    exceptAppointmentId: exceptId,
    staff: req.via === "staff",
  });
  return { slot: placeOn(ctx, req, req.startsAt.getTime()), ctx };
}

/** The slot a visit takes at an exact start in a loaded context, or why it cannot. */
export function placeOn(ctx: SlotContext, req: BookRequest, start: number): Slot {
  if (req.providerId && !ctx.input.providers.some((p) => p.id === req.providerId))
    throw new DomainError("unprocessable", "unknown_resource", "no such provider", {
      "body.providerId": "unknown provider",
    });
  if (req.roomId && ctx.unsuitableRoomIds.includes(req.roomId))
    throw new DomainError("unprocessable", "room_unsuitable", "that room is kept for consultations", {
      "body.roomId": "a treatment session cannot be placed in a consultation room",
    });
  if (req.roomId && !ctx.input.rooms.some((r) => r.id === req.roomId))
    throw new DomainError("unprocessable", "unknown_resource", "no such room at this location", {
      "body.roomId": "unknown room",
    });
  if (req.deviceId && !ctx.input.devices.some((d) => d.id === req.deviceId))
    throw new DomainError("unprocessable", "unknown_resource", "no such device at this location", {
      "body.deviceId": "unknown device",
    });
  const check = checkStart(ctx.input, start);
  if (check.ok) return check.slot;
  const field = check.field === "patientId" ? "body.patientId" : `body.${check.field}`;
  if (check.code === "slot_taken")
    throw new SlotTakenError(
      "slot_taken",
      check.message,
      { [field]: check.message },
      nextSlotsIn(ctx, start),
    );
  if (check.code === "in_the_past" || check.code === "outside_opening_hours")
    throw new DomainError("unprocessable", check.code, check.message, { [field]: check.message });
  throw new DomainError("conflict", check.code, check.message, { [field]: check.message });
}

/** The provider, room and device spans of a slot, as the appointment row stores them. */
export function spansOf(slot: Slot) {
  const pair = (i: { start: number; end: number } | null): [Date, Date] | null =>
    i ? [new Date(i.start), new Date(i.end)] : null;
  return {
    providerSpan: pair(slot.spans.provider),
    roomSpan: pair(slot.spans.room),
    deviceSpan: pair(slot.spans.device),
  };
}

/** The row of a visit placed on `slot`. */
export function visitRow(
  ctx: SlotContext,
  req: BookRequest,
  slot: Slot,
  holdToken: string | null,
  extra: SeriesPlace = {},
): NewAppointment {
  return {
    providerId: slot.providerId,
    roomId: slot.roomId,
    deviceId: slot.deviceId,
    ...spansOf(slot),
    locationId: ctx.location.id,
    patientId: req.patientId,
    typeId: req.typeId,
    startsAt: new Date(slot.start),
    endsAt: new Date(slot.end),
    segments: toSlotView(slot).segments,
    heldUntil: req.hold ? new Date(Date.now() + ctx.settings.holdMinutes * 60_000) : null,
    holdTokenHash: holdToken ? hashToken(holdToken) : null,
    seriesId: extra.seriesId ?? null,
    seriesIndex: extra.seriesIndex ?? null,
    bookedVia: req.via,
  };
}

/** The search input with the chosen resources that a refused insert found taken marked busy for
 *  the slot's spans, so that placing again picks other ones. */
export function withTaken(
  input: SlotSearchInput,
  slot: Slot,
  taken: { provider: boolean; room: boolean; device: boolean },
): SlotSearchInput {
  const mark = <R extends { id: string; busy: Interval[] }>(
    list: R[],
    id: string | null,
    span: Interval | null,
    hit: boolean,
  ) => (hit && id && span ? list.map((r) => (r.id === id ? { ...r, busy: [...r.busy, span] } : r)) : list);
  return {
    ...input,
    providers: mark(input.providers, slot.providerId, slot.spans.provider, taken.provider),
    rooms: mark(input.rooms, slot.roomId, slot.spans.room, taken.room),
    devices: mark(input.devices, slot.deviceId, slot.spans.device, taken.device),
  };
}

/** The audit entry of a visit booked or held. */
export function bookingAudit(
  req: BookRequest,
  id: string,
  slot: Slot,
  ctx: SlotContext,
  attempt: number,
): AuditEntry {
  return [
    req.hold ? "appointment.hold" : "appointment.book",
    "appointment",
    id,
    {
      patientId: req.patientId,
      typeId: req.typeId,
      warnings: slot.warnings,
      protocolVersion: ctx.protocolVersion,
      screening: ctx.facts?.gate.status ?? "not-required",
      ...(attempt > 1 ? { placedOnAttempt: attempt } : {}),
    },
  ];
}
