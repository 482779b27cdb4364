/** Use case: move a booked visit to another time (and other resources), or refuse why not. */
import type { Db } from "../../../db/pool.ts";
import {
  getAppointment,
  insertAppointmentEvent,
  moveAppointment,
} from "../../../db/repositories/booking.repository.ts";
import { DomainError } from "../../../domain/errors.ts";
import { toAppointmentView, toSlotView } from "../../presenters/appointments.ts";
import { clinicalTx } from "../clinical-tx.ts";
import { queueAppointmentMessages, queueMaintenanceRecall } from "../reminders.service.ts";
import type { RequestContext } from "../request-context.ts";
import { ownAppointment, refuseLatePatientChange } from "./access.ts";
import type { BookRequest, StatusReason } from "./model.ts";
import { withRetry } from "./place-visit.ts";
import { placeIn, spansOf } from "./placement.ts";
import { nextSlotsAfter } from "./search-slots.ts";
import { SlotTakenError } from "./slot-taken.ts";

export interface MoveRequest {
  startsAt: Date;
  providerId?: string | undefined;
  roomId?: string | undefined;
  deviceId?: string | undefined;
  reason: StatusReason;
  note?: string | undefined;
}

export function moveVisit(db: Db, ctx: RequestContext, id: string, input: MoveRequest) {
  const holder: { req?: BookRequest } = {};
  return withRetry(
    db,
    ctx.principal,
    ctx.principal.clinic.id,
    { startsAt: input.startsAt } as BookRequest,
    () =>
      clinicalTx(db, ctx, async (tx, audit) => {
        const a = await ownAppointment(tx, ctx.principal, id);
        if (a.status !== "booked") {
          throw new DomainError(
            "conflict",
            "not_movable",
            `a ${a.status.replace("_", "-")} appointment cannot be moved`,
          );
        }
        const patient = ctx.principal.user.role === "patient";
        if (patient) {
          if (a.heldUntil) throw new DomainError("conflict", "held", "a hold must be confirmed first");
          await refuseLatePatientChange(tx, a, "moved");
        }
        const req: BookRequest = {
          patientId: a.patientId,
          typeId: a.typeId,
          startsAt: input.startsAt,
          locationId: a.locationId,
          providerId: input.providerId,
          roomId: input.roomId,
          deviceId: input.deviceId,
          hold: false,
          via: patient ? "portal" : "staff",
        };
        holder.req = req;
        const { slot } = await placeIn(tx, req, id);
        await moveAppointment(tx, id, {
          providerId: slot.providerId,
          roomId: slot.roomId,
          deviceId: slot.deviceId,
          startsAt: new Date(slot.start),
          endsAt: new Date(slot.end),
          ...spansOf(slot),
          segments: toSlotView(slot).segments,
        });
        await insertAppointmentEvent(tx, {
          appointmentId: id,
          actorUserId: ctx.principal.user.id,
          action: "rescheduled",
          reason: patient ? "patient-request" : input.reason,
          note: input.note ?? null,
          fromStartsAt: a.startsAt,
          toStartsAt: new Date(slot.start),
        });
        await audit("appointment.reschedule", "appointment", id, {
          reason: patient ? "patient-request" : input.reason,
        });
        if (a.seriesId) await queueMaintenanceRecall(tx, a.seriesId);
        await queueAppointmentMessages(tx, id, "rescheduled");
        return { appointment: toAppointmentView((await getAppointment(tx, id))!), warnings: slot.warnings };
      }),
  ).catch(async (err) => {
    if (err instanceof SlotTakenError && holder.req && err.nextSlots.length === 0) {
      const nextSlots = await nextSlotsAfter(db, ctx.principal.clinic.id, ctx.principal.user.id, holder.req);
      throw new SlotTakenError(err.code, err.message, err.fields, nextSlots);
    }
    throw err;
  });
}
