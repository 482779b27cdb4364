/**
 * Use case: book a series. A whole series at once: session i on the first session's local time
 * plus i intervals, or the nearest free time that day; all sessions or none.
 */
import { Temporal } from "temporal-polyfill";
import type { Db } from "../../../db/pool.ts";
import { getAppointment, insertSeries } from "../../../db/repositories/booking.repository.ts";
import { getPatientContact } from "../../../db/repositories/scheduling-patient.repository.ts";
import { DomainError, notFound } from "../../../domain/errors.ts";
import { toAppointmentView } from "../../presenters/appointments.ts";
import { clinicalTx } from "../clinical-tx.ts";
import { queueMaintenanceRecall } from "../reminders.service.ts";
import type { RequestContext } from "../request-context.ts";
import { loadSlotContext } from "../slot-context.service.ts";
import { requiredPatientFor } from "./access.ts";
import type { AuditEntry, BookRequest } from "./model.ts";
import { type Inserted, insertVisit, withRetry } from "./place-visit.ts";
import { searchIn } from "./search-slots.ts";
import { SlotTakenError } from "./slot-taken.ts";

export interface SeriesRequest {
  patientId?: string | undefined;
  typeId: string;
  firstStartsAt: Date;
  sessions: number;
  intervalWeeks: number;
  providerId?: string | undefined;
  locationId?: string | undefined;
}

/** The series limits when the protocol names no rule for the type. */
const FALLBACK_LIMITS = {
  sessions: { min: 1, max: 12 },
  intervalWeeks: { min: 1, max: 26 },
  maintenanceMonths: { min: 6, max: 12 },
};

export function bookSeries(db: Db, ctx: RequestContext, input: SeriesRequest) {
  const patientId = requiredPatientFor(ctx.principal, input.patientId);
  const first: BookRequest = {
    patientId,
    typeId: input.typeId,
    startsAt: input.firstStartsAt,
    providerId: input.providerId,
    locationId: input.locationId,
    hold: false,
    via: ctx.principal.user.role === "patient" ? "portal" : "staff",
  };
  return withRetry(db, ctx.principal, ctx.principal.clinic.id, first, () =>
    clinicalTx(db, ctx, async (tx, audit) => {
      if (!(await getPatientContact(tx, patientId))) throw notFound("patient");
      const probe = await loadSlotContext(tx, {
        ...first,
        first: "2000-01-01",
        last: "2000-01-01",
        limit: 1,
        now: Date.now(),
      });
      if (probe.type.kind !== "microneedling") {
        throw new DomainError(
          "unprocessable",
          "not_a_series",
          "only treatment sessions are booked as a series",
          {
            "body.typeId": "not a treatment session type",
          },
        );
      }
      const rule = probe.facts?.series;
      const limits = rule ?? FALLBACK_LIMITS;
      if (input.intervalWeeks < limits.intervalWeeks.min || input.intervalWeeks > limits.intervalWeeks.max) {
        throw new DomainError(
          "unprocessable",
          "interval_outside_plan",
          `the plan's interval is ${limits.intervalWeeks.min}-${limits.intervalWeeks.max} weeks`,
          { "body.intervalWeeks": `must be ${limits.intervalWeeks.min}-${limits.intervalWeeks.max}` },
        );
      }
      if (input.sessions < 1 || input.sessions > limits.sessions.max) {
        throw new DomainError(
          "unprocessable",
          "sessions_outside_plan",
          `the plan allows up to ${limits.sessions.max} sessions`,
          { "body.sessions": `must be 1-${limits.sessions.max}` },
        );
      }
      // An accepted treatment plan: no more sessions than it has left, never closer than agreed.
      const agreed = probe.treatmentPlan;
      if (agreed) {
        const left = Math.max(0, agreed.sessions - agreed.charted - agreed.upcoming);
        if (input.sessions > left) {
          throw new DomainError(
            "unprocessable",
            "sessions_outside_plan",
            `the treatment plan has ${left} session${left === 1 ? "" : "s"} left to book`,
            { "body.sessions": `at most ${left}` },
          );
        }
        if (input.intervalWeeks < agreed.intervalWeeks) {
          throw new DomainError(
            "unprocessable",
            "interval_outside_plan",
            `the treatment plan's sessions are ${agreed.intervalWeeks} weeks apart`,
            { "body.intervalWeeks": `at least ${agreed.intervalWeeks}` },
          );
        }
      }
      const tz = probe.location.timeZone;
      const series = await insertSeries(tx, {
        patientId,
        typeId: input.typeId,
        seriesRuleId: rule?.seriesRuleId ?? probe.type.seriesRuleId,
        sessions: input.sessions,
        intervalWeeks: input.intervalWeeks,
        maintenanceMonths: limits.maintenanceMonths.min,
        protocolVersion: probe.facts?.protocolVersion ?? probe.protocolVersion,
      });
      const start = Temporal.Instant.fromEpochMilliseconds(input.firstStartsAt.getTime()).toZonedDateTimeISO(
        tz,
      );
      const ids: string[] = [];
      const warnings: string[][] = [];
      const audits: AuditEntry[] = [];
      for (let i = 0; i < input.sessions; i++) {
        const wanted = start.add({ weeks: i * input.intervalWeeks });
        const req: BookRequest = { ...first, startsAt: new Date(wanted.epochMilliseconds) };
        const place = { seriesId: series.id, seriesIndex: i + 1 };
        let made: Inserted;
        try {
          made = await insertVisit(tx, ctx.principal, req, place);
        } catch (err) {
          if (!(err instanceof SlotTakenError) || i === 0) throw err;
          // Same day, nearest free time.
          const day = wanted.toPlainDate().toString();
          const r = await searchIn(
            tx,
            {
              typeId: req.typeId,
              patientId,
              locationId: req.locationId,
              from: day,
              to: day,
              limit: 200,
              providerId: req.providerId,
            },
            Date.now(),
          );
          const near = r.slots.sort(
            (a, b) =>
              Math.abs(Date.parse(a.startsAt) - wanted.epochMilliseconds) -
              Math.abs(Date.parse(b.startsAt) - wanted.epochMilliseconds),
          )[0];
          if (!near) {
            throw new DomainError(
              "conflict",
              "series_unavailable",
              `session ${i + 1} (${day}) has no free time that day`,
              { [`body.sessions[${i}]`]: `no free time on ${day}` },
            );
          }
          made = await insertVisit(tx, ctx.principal, { ...req, startsAt: new Date(near.startsAt) }, place);
        }
        ids.push(made.id);
        warnings.push(made.warnings);
        audits.push(made.audit);
      }
      const recallDue = await queueMaintenanceRecall(tx, series.id);
      for (const entry of audits) await audit(...entry);
      await audit("series.book", "appointment_series", series.id, {
        sessions: input.sessions,
        intervalWeeks: input.intervalWeeks,
      });
      const appointments = [];
      for (const id of ids) appointments.push(toAppointmentView((await getAppointment(tx, id))!));
      return { seriesId: series.id, appointments, warnings, maintenanceRecallDue: recallDue };
    }),
  );
}
