/**
 * The booking core's requests, answers and shared constants: what the use cases in this folder
 * (search slots, place a visit, book a series, change status) and the group commit take and give.
 */
import { createHash } from "node:crypto";
import { STATUS_REASONS, type StatusReason } from "../../../contract/appointments.ts";
import type { AppointmentView } from "../../presenters/appointments.ts";
import type { Audit } from "../clinical-tx.ts";
import type { RequestContext } from "../request-context.ts";

export { STATUS_REASONS, type StatusReason };

export interface SearchQuery {
  typeId: string;
  patientId: string | null;
  locationId?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  limit: number;
  providerId?: string | undefined;
  /** Searched by staff: the online booking notice does not apply (walk-ins, phone bookings). */
  staff?: boolean;
}

export interface BookRequest {
  patientId: string;
  typeId: string;
  startsAt: Date;
  locationId?: string | undefined;
  providerId?: string | undefined;
  roomId?: string | undefined;
  deviceId?: string | undefined;
  hold: boolean;
  via: "staff" | "online" | "portal";
}

/** What a booking answers. */
export interface Booked {
  appointment: AppointmentView;
  holdToken: string | null;
  warnings: string[];
}

/** A booking waiting to be written, with who asked. */
export interface PendingBooking {
  ctx: RequestContext;
  req: BookRequest;
}

/** One audit entry, as the transaction's audit writer takes it. */
export type AuditEntry = Parameters<Audit>;

/** A visit's place in a series. */
export type SeriesPlace = { seriesId?: string; seriesIndex?: number };

export const DAY = 86_400_000;
/** How many free slots a 409 offers. */
export const NEXT_SLOTS = 3;
/** Why a booking or move removed an expired hold (its audit entry says so). */
export const IN_THE_WAY = { reason: "in the way of a booking" };

export const utcDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);
/** The later / earlier of two ISO dates, null meaning no bound. */
export const later = <T extends string | null>(a: string | null, b: T): string | T =>
  a !== null && (b === null || a > b) ? a : b;
export const earlier = <T extends string | null>(a: string | null, b: T): string | T =>
  a !== null && (b === null || a < b) ? a : b;

/** The provider, room and device a request asks for, as the search's `only`. */
export const askedFor = (req: BookRequest) => ({
  ...(req.providerId ? { providerId: req.providerId } : {}),
  ...(req.roomId ? { roomId: req.roomId } : {}),
  ...(req.deviceId ? { deviceId: req.deviceId } : {}),
});

export const hashToken = (token: string) => createHash("sha256").update(token).digest();
