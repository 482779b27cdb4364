/** A slot and an appointment as the API answers them (contract/appointments.ts: `slotView`, `bookedAppointment`). */
import type { BookedAppointment, SlotView } from "../../contract/appointments.ts";
import type { AppointmentRow } from "../../db/repositories/booking.repository.ts";
import type { Slot } from "../../domain/scheduling/types.ts";

export type { SlotView };
/** An appointment as the API answers it: instants are Dates here, ISO strings on the wire. */
export type AppointmentView = BookedAppointment;

export const toSlotView = (s: Slot): SlotView => ({
  startsAt: new Date(s.start).toISOString(),
  endsAt: new Date(s.end).toISOString(),
  date: s.date,
  time: s.time,
  providerId: s.providerId,
  roomId: s.roomId,
  deviceId: s.deviceId,
  segments: s.segments.map((g) => ({
    kind: g.kind,
    start: new Date(g.start).toISOString(),
    end: new Date(g.end).toISOString(),
  })),
  warnings: s.warnings,
});

export const toAppointmentView = (a: AppointmentRow): AppointmentView => ({
  id: a.id,
  patientId: a.patientId,
  patientName: a.patientName,
  type: { id: a.typeId, name: a.typeName, kind: a.kind },
  startsAt: a.startsAt,
  endsAt: a.endsAt,
  status: a.status,
  statusReason: a.statusReason,
  heldUntil: a.heldUntil,
  provider: a.providerId ? { id: a.providerId, name: a.providerName ?? "" } : null,
  room: a.roomId ? { id: a.roomId, name: a.roomName ?? "" } : null,
  device: a.deviceId ? { id: a.deviceId, name: a.deviceName ?? "" } : null,
  segments: a.segments ?? [],
  seriesId: a.seriesId,
  seriesIndex: a.seriesIndex,
  checkedInAt: a.checkedInAt,
  lateCancellation: a.lateCancellation,
  timeZone: a.timeZone,
});
