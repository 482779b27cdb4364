/**
 * Use case: change a visit's status: confirm a hold, cancel, record a no-show, check in (and undo
 * a check-in made by mistake), complete. Moving a visit is `move-visit.ts`.
 */
import type { Db, Tx } from "../../../db/pool.ts";
import {
  type AppointmentRow,
  confirmHold,
  deleteHold,
  getAppointment,
  insertAppointmentEvent,
  setAppointmentStatus,
} from "../../../db/repositories/booking.repository.ts";
import { getSchedulingSettings } from "../../../db/repositories/scheduling-setup.repository.ts";
import { addDays, todayIn } from "../../../domain/calendar.ts";
import { DomainError, notFound } from "../../../domain/errors.ts";
import { toAppointmentView } from "../../presenters/appointments.ts";
import { type Audit, clinicalTx } from "../clinical-tx.ts";
import { queueAppointmentMessages, queueMaintenanceRecall } from "../reminders.service.ts";
import type { RequestContext } from "../request-context.ts";
import { isLate, ownAppointment, refuseLatePatientChange } from "./access.ts";
import { hashToken, type StatusReason } from "./model.ts";

export type StatusAction = "cancelled" | "no_show" | "checked_in" | "completed";

/** Confirms an open hold inside `tx` (with its token when made without an account). */
export async function confirmIn(
  tx: Tx,
  audit: Audit,
  actorUserId: string | null,
  id: string,
  holdToken: string | null,
) {
  const a = await getAppointment(tx, id, true);
  if (!a) throw notFound("appointment");
  if (!a.heldUntil) throw new DomainError("conflict", "not_held", "this appointment is not an open hold");
  if (holdToken !== null && (!a.holdTokenHash || !hashToken(holdToken).equals(a.holdTokenHash)))
    throw notFound("appointment");
  if (!(await confirmHold(tx, id))) {
    await deleteHold(tx, id);
    throw new DomainError("gone", "hold_expired", "the hold has expired; choose the time again", {
      "params.id": "hold expired",
    });
  }
  await insertAppointmentEvent(tx, {
    appointmentId: id,
    actorUserId,
    action: "confirmed",
    reason: null,
    note: null,
    fromStartsAt: null,
    toStartsAt: a.startsAt,
  });
  await audit("appointment.confirm", "appointment", id);
  await queueAppointmentMessages(tx, id, "confirmation");
  return toAppointmentView((await getAppointment(tx, id))!);
}

export function confirm(db: Db, ctx: RequestContext, id: string) {
  return clinicalTx(db, ctx, async (tx, audit) => {
    await ownAppointment(tx, ctx.principal, id);
    return confirmIn(tx, audit, ctx.principal.user.id, id, null);
  });
}

const ALLOWED: Record<StatusAction, AppointmentRow["status"][]> = {
  cancelled: ["booked"],
  no_show: ["booked"],
  checked_in: ["booked"],
  completed: ["booked", "checked_in"],
};

/** Check-in is open from the clinic's days before the visit to its day (clinic time). */
function refuseCheckInOutsideDay(a: AppointmentRow, checkInDaysBefore: number, now: number): void {
  const day = todayIn(a.timeZone, a.startsAt.getTime());
  const today = todayIn(a.timeZone, now);
  const opens = addDays(day, -checkInDaysBefore);
  if (today < opens) {
    throw new DomainError("conflict", "not_today", `check-in opens on ${opens}, the visit is on ${day}`, {
      "params.id": `the visit is on ${day}`,
    });
  }
  if (today > day) {
    throw new DomainError("conflict", "day_over", `the visit was on ${day}; record it as done or a no-show`, {
      "params.id": `the visit was on ${day}`,
    });
  }
}

export function setStatus(
  db: Db,
  ctx: RequestContext,
  id: string,
  action: StatusAction,
  reasonAsked: StatusReason | null,
  note: string | null,
) {
  return clinicalTx(db, ctx, async (tx, audit) => {
    const a = await ownAppointment(tx, ctx.principal, id);
    const patient = ctx.principal.user.role === "patient";
    // A patient cancelling is always the patient's request, whatever the body says.
    const reason = patient && action === "cancelled" ? "patient-request" : reasonAsked;
    if (a.heldUntil) {
      if (action !== "cancelled") throw new DomainError("conflict", "held", "a hold must be confirmed first");
      await deleteHold(tx, id);
      await audit("appointment.release", "appointment", id);
      return null;
    }
    if (!ALLOWED[action].includes(a.status)) {
      throw new DomainError(
        "conflict",
        "invalid_status",
        `a ${a.status} appointment cannot become ${action}`,
      );
    }
    const now = Date.now();
    if (action === "no_show" && a.startsAt.getTime() > now) {
      throw new DomainError(
        "conflict",
        "not_started",
        "a no-show is recorded once the start time has passed",
      );
    }
    const settings = await getSchedulingSettings(tx);
    if (action === "checked_in") refuseCheckInOutsideDay(a, settings.checkInDaysBefore ?? 0, now);
    let late = false;
    if (action === "cancelled") {
      if (patient) await refuseLatePatientChange(tx, a, "cancelled");
      late = reason === "patient-request" && isLate(a, settings, now);
    }
    await setAppointmentStatus(tx, id, action, reason, late);
    await insertAppointmentEvent(tx, {
      appointmentId: id,
      actorUserId: ctx.principal.user.id,
      action,
      reason,
      note,
      fromStartsAt: a.startsAt,
      toStartsAt: null,
    });
    await audit(
      `appointment.${action}`,
      "appointment",
      id,
      reason ? { reason, ...(late ? { lateCancellation: true } : {}) } : undefined,
    );
    if (action === "cancelled") await queueAppointmentMessages(tx, id, "cancellation");
    if (a.seriesId && (action === "cancelled" || action === "no_show"))
      await queueMaintenanceRecall(tx, a.seriesId);
    return toAppointmentView((await getAppointment(tx, id))!);
  });
}

/** A check-in made by mistake is undone the same day (clinic time), back to booked. */
export function undoCheckIn(db: Db, ctx: RequestContext, id: string, note: string | null) {
  return clinicalTx(db, ctx, async (tx, audit) => {
    const a = await ownAppointment(tx, ctx.principal, id);
    if (a.status !== "checked_in" || !a.checkedInAt) {
      throw new DomainError(
        "conflict",
        "not_checked_in",
        `a ${a.status.replace("_", "-")} appointment is not checked in`,
      );
    }
    const checkedInDay = todayIn(a.timeZone, a.checkedInAt.getTime());
    if (todayIn(a.timeZone, Date.now()) !== checkedInDay) {
      throw new DomainError(
        "conflict",
        "undo_too_late",
        `a check-in is undone on the day it was made (${checkedInDay})`,
        { "params.id": "checked in on an earlier day" },
      );
    }
    await setAppointmentStatus(tx, id, "booked", null);
    await insertAppointmentEvent(tx, {
      appointmentId: id,
      actorUserId: ctx.principal.user.id,
      action: "check_in_undone",
      reason: null,
      note,
      fromStartsAt: a.startsAt,
      toStartsAt: null,
    });
    await audit("appointment.check_in_undone", "appointment", id);
    return toAppointmentView((await getAppointment(tx, id))!);
  });
}
