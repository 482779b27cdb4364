/** How the booking core shows a slot and an appointment: the one presenter of this folder. */
import type { AppointmentRow } from "../../../db/repositories/booking.repository.ts";
import type { Slot } from "../../../domain/scheduling/types.ts";

export interface SlotView {
  startsAt: string;
  endsAt: string;
  date: string;
  time: string;
  providerId: string | null;
  roomId: string | null;
  deviceId: string | null;
  segments: { kind: string; start: string; end: string }[];
  warnings: string[];
}

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

export interface AppointmentView {
  id: string;
  patientId: string;
  patientName: string;
  type: { id: string; name: string; kind: string };
  startsAt: Date;
  endsAt: Date;
  status: string;
  statusReason: string | null;
  heldUntil: Date | null;
  provider: { id: string; name: string } | null;
  room: { id: string; name: string } | null;
  device: { id: string; name: string } | null;
  segments: { kind: string; start: string; end: string }[];
  seriesId: string | null;
  seriesIndex: number | null;
  checkedInAt: Date | null;
  lateCancellation: boolean;
  timeZone: string;
}

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
