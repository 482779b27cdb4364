/**
 * What the patient portal shows about a patient's own course: the plan and how far along it is,
 * the next session's window and price, the dated preparation checklist with the patient's ticks,
 * the forms still to complete, upcoming appointments, and the aftercare of each session (timeline,
 * healing forecast, check-in state), all from the clinic's current protocol. Also the public
 * site's facts and prices.
 *
 * Aftercare messages (24 h, 48 h, 1 week, next-session window) are queued by
 * `queueAftercareMessages` when a chart is signed; reading the portal queues any that are missing
 * (the dedupe key makes it idempotent), so a session charted before this existed still gets them.
 */
import { Temporal } from "temporal-polyfill";
import { type Db, type Tx, withClinic, withoutClinic } from "../../db/pool.ts";
import { findPublicClinic } from "../../db/repositories/clinic.repository.ts";
import { latestPrepDecision, listPlans } from "../../db/repositories/consultation.repository.ts";
import { latestIntake } from "../../db/repositories/intake.repository.ts";
import {
  clinicContact,
  findPatientLocale,
  getSignedSession,
  listCheckInsOfPatient,
  listPrepTicks,
  listPrices,
  listSignedSessions,
  listUpcomingAppointments,
  patientDisplay,
  queuePatientSideMessage,
  setPrepTick,
} from "../../db/repositories/patient-side.repository.ts";
import { listConditionIds } from "../../db/repositories/scheduling-patient.repository.ts";
import { DomainError, notFound } from "../../domain/errors.ts";
import {
  aftercareEmail,
  aftercareNextSessionEmail,
  aftercarePointLabel,
  emailDay,
  emailLocale,
} from "../../domain/patient/email-texts.ts";
import { aftercareTextEn } from "../../domain/patient/protocol-texts-en.ts";
import { aftercareTextEs } from "../../domain/patient/protocol-texts-es.ts";
import { publicFacts } from "../../domain/patient/public-facts.ts";
import { openCheckInPoint } from "../../domain/patient/triage.ts";
import { buildAftercareTimeline } from "../../domain/protocol/aftercare-timeline.ts";
import { forecastHealing } from "../../domain/protocol/healing-forecast.ts";
import { type PathwayProtocol, seriesRuleFor } from "../../domain/protocol/pathway-types.ts";
import { buildPrepChecklist } from "../../domain/protocol/prep-checklist.ts";
import { presentUpcomingVisit } from "../presenters/portal.ts";
import { clinicalTx } from "./clinical-tx.ts";
import { hasCurrentConsent } from "./consent.service.ts";
import { currentProtocol } from "./protocol.service.ts";
import { asPathway, clinicProtocol, clinicToday, ownPatientId } from "./record-context.ts";
import type { RequestContext } from "./request-context.ts";
import { prepMedications } from "./slot-context.service.ts";

/** The aftercare points that get a message, by the timeline's point id. */
const MESSAGE_POINTS = ["h24", "h48", "h168"] as const;

function seriesRuleOf(plan: { concerns: { indication: string; goodmanBaronGrade: number | null }[] } | null) {
  const concern = plan?.concerns[0];
  return concern
    ? { indication: concern.indication, goodmanBaronGrade: concern.goodmanBaronGrade ?? undefined }
    : {};
}

function timelineFor(
  endedAt: Date,
  timeZone: string,
  plan: Parameters<typeof seriesRuleOf>[0],
  protocol: PathwayProtocol,
) {
  const rule = seriesRuleOf(plan);
  return buildAftercareTimeline(
    {
      sessionEnd: endedAt.toISOString(),
      timeZone,
      ...(rule.indication ? { indication: rule.indication } : {}),
      ...(rule.goodmanBaronGrade ? { goodmanBaronGrade: rule.goodmanBaronGrade } : {}),
    },
    protocol,
  );
}

/** The clinic's current protocol, as the pathway engine (prep, aftercare, healing) reads it. */
async function clinicPathway(tx: Tx): Promise<PathwayProtocol> {
  return asPathway((await clinicProtocol(tx)).protocol);
}

/**
 * Queues the aftercare messages of one signed session (idempotent; past points are skipped), timed
 * by the clinic's current protocol (the caller may pass it when it has it already).
 */
export async function queueAftercareMessages(
  tx: Tx,
  chartId: string,
  now = new Date(),
  protocol?: PathwayProtocol,
): Promise<number> {
  const session = await getSignedSession(tx, chartId);
  if (!session) return 0;
  const patient = await patientDisplay(tx, session.patientId);
  if (!patient?.email) return 0;
  const clinic = await clinicContact(tx);
  const plans = await listPlans(tx, session.patientId);
  const plan = plans.find((p) => p.id === session.planId) ?? null;
  const timeline = timelineFor(session.endedAt, clinic.timeZone, plan, protocol ?? (await clinicPathway(tx)));
  let queued = 0;
  const put = async (pointId: string, subject: string, body: string, at: string) => {
    if (
      Temporal.Instant.compare(
        Temporal.Instant.from(at),
        Temporal.Instant.fromEpochMilliseconds(now.getTime()),
      ) < 0
    )
      return;
    await queuePatientSideMessage(tx, {
      kind: "aftercare",
      patientId: session.patientId,
      toAddress: patient.email!,
      subject,
      bodyText: body,
      dedupeKey: `aftercare:${chartId}:${pointId}`,
      sendAfter: new Date(at),
    });
    queued++;
  };
  const locale = emailLocale(await findPatientLocale(tx, session.patientId));
  // The protocol's paragraph in the patient's language (its Spanish patient text when it has one).
  const inLocale = (a: { id: string; text: string }) =>
    locale === "es" ? aftercareTextEs(a.id, a.text) : aftercareTextEn(a.id, a.text);
  for (const id of MESSAGE_POINTS) {
    const point = timeline.points.find((p) => p.id === id);
    if (!point) continue;
    const mail = aftercareEmail(locale, {
      firstName: patient.givenName,
      label: aftercarePointLabel(locale, point.id, point.label),
      clinic: clinic.name,
      lines: [...point.expect, ...point.do].map((a) => inLocale(a)),
      limitsLifted: point.ending.length > 0,
      redFlags: point.redFlags.map((a) => inLocale(a)),
      protocol: timeline.protocol,
    });
    await put(id, mail.subject, mail.bodyText, point.start);
  }
  const windowOpen = timeline.points.find((p) => p.scheduling.length > 0);
  if (windowOpen) {
    const mail = aftercareNextSessionEmail(locale, {
      firstName: patient.givenName,
      clinic: clinic.name,
      opens: emailDay(locale, windowOpen.startLocal.slice(0, 10)),
      advice: windowOpen.scheduling.map((a) => inLocale(a)).join(" "),
      phone: clinic.phone ?? null,
      protocol: timeline.protocol,
    });
    await put("next-session", mail.subject, mail.bodyText, windowOpen.start);
  }
  return queued;
}

export class PortalPlanService {
  readonly #db: Db;
  constructor(db: Db) {
    this.#db = db;
  }

  /** Plan, progress, next window, upcoming appointments, preparation and forms. */
  overview(ctx: RequestContext, now = new Date()) {
    const patientId = ownPatientId(ctx.principal);
    return clinicalTx(this.#db, ctx, async (tx, audit) => {
      const today = clinicToday(ctx.principal, now);
      const protocol = await clinicPathway(tx);
      const plans = await listPlans(tx, patientId);
      const plan =
        plans.find((p) => p.status === "accepted") ?? plans.find((p) => p.status === "proposed") ?? null;
      const sessions = await listSignedSessions(tx, patientId);
      const done = plan ? sessions.filter((s) => s.planId === plan.id) : [];
      const last = done[done.length - 1] ?? null;
      const nextWindow =
        plan && last && done.length < plan.sessions
          ? {
              from: Temporal.PlainDate.from(last.sessionDate).add({ weeks: plan.intervalWeeks }).toString(),
              // The plan stores one interval; the protocol's series rule gives the window's far end.
              to: Temporal.PlainDate.from(last.sessionDate)
                .add({ weeks: Math.max(plan.intervalWeeks, seriesMaxWeeks(plan.concerns, protocol)) })
                .toString(),
            }
          : null;
      const upcoming = await listUpcomingAppointments(tx, patientId);
      const nextTreatment = upcoming.find((a) => a.kind === "microneedling") ?? null;
      let prep = null;
      if (nextTreatment) {
        const date = Temporal.Instant.fromEpochMilliseconds(nextTreatment.startsAt.getTime())
          .toZonedDateTimeISO(nextTreatment.timeZone)
          .toPlainDate()
          .toString();
        const checklist = buildPrepChecklist(
          {
            appointmentDate: date,
            today,
            medications: await prepMedications(tx, patientId),
            conditionIds: await listConditionIds(tx, patientId),
            // Every step the screening produced (e.g. the antiviral for a cold-sore history).
            ...((await latestPrepDecision(tx, patientId)) ?? {}),
          },
          protocol,
        );
        const ticks = new Map((await listPrepTicks(tx, nextTreatment.id)).map((t) => [t.stepId, t.tickedAt]));
        prep = {
          appointmentId: nextTreatment.id,
          appointmentDate: date,
          protocolVersion: checklist.protocol,
          tooSoon: checklist.tooSoon,
          requiresPhysicianClearance: checklist.requiresPhysicianClearance,
          items: checklist.items.map((i) => ({
            id: i.id,
            kind: i.kind,
            date: i.date,
            medications: i.medications,
            prescribedMedications: i.prescribedMedications,
            days: protocol.prepSteps.find((step) => step.id === i.id)?.daysBefore ?? null,
            summary: i.summary,
            patientText: i.patientText,
            source: i.source,
            tooLate: i.tooLate,
            done: ticks.has(i.id),
          })),
        };
      }
      const intake = await latestIntake(tx, patientId);
      const consent = await hasCurrentConsent(tx, ctx.principal, patientId, "microneedling");
      const photoConsent = await hasCurrentConsent(tx, ctx.principal, patientId, "photo");
      await audit("portal.overview", "patient", patientId, { plan: plan?.id ?? null, sessions: done.length });
      for (const s of sessions) await queueAftercareMessages(tx, s.chartId, now, protocol);
      return {
        today,
        plan: plan
          ? {
              id: plan.id,
              status: plan.status,
              concerns: plan.concerns.map((c) => c.indication),
              sessions: plan.sessions,
              sessionsDone: done.length,
              intervalWeeks: plan.intervalWeeks,
              maintenanceMonths: plan.maintenanceMonths,
              priceCents: plan.priceCents,
              protocolVersion: plan.protocolVersion,
            }
          : null,
        nextWindow,
        upcoming: upcoming.map(presentUpcomingVisit),
        prep,
        forms: {
          intake: intake ? { done: true, at: intake.submittedAt } : { done: false, at: null },
          microneedlingConsent: consent.current,
          photoConsent: photoConsent.current,
        },
      };
    });
  }

  /** Ticks an item of the next session's checklist on or off (only the patient's own appointment). */
  tick(ctx: RequestContext, appointmentId: string, stepId: string, done: boolean) {
    const patientId = ownPatientId(ctx.principal);
    return clinicalTx(this.#db, ctx, async (tx, audit) => {
      const own = (await listUpcomingAppointments(tx, patientId)).find((a) => a.id === appointmentId);
      if (!own) throw notFound("appointment");
      if (!(await clinicPathway(tx)).prepSteps.some((s) => s.id === stepId))
        throw new DomainError("invalid", "invalid_step", "not a preparation step", {
          "body.stepId": "unknown step",
        });
      await setPrepTick(tx, patientId, appointmentId, stepId, done);
      await audit("portal.prep_tick", "appointment", appointmentId, { stepId, done });
      return { stepId, done };
    });
  }

  /** Every signed session with its aftercare timeline, the series' healing forecast and check-ins. */
  aftercare(ctx: RequestContext, now = new Date()) {
    const patientId = ownPatientId(ctx.principal);
    return clinicalTx(this.#db, ctx, async (tx, audit) => {
      const sessions = await listSignedSessions(tx, patientId);
      const plans = await listPlans(tx, patientId);
      const checkIns = await listCheckInsOfPatient(tx, patientId);
      const zone = ctx.principal.clinic.timeZone;
      const protocol = await clinicPathway(tx);
      await audit("portal.aftercare", "patient", patientId, { sessions: sessions.length });
      const dates = [...new Set(sessions.map((s) => s.sessionDate))];
      const forecast = dates.length > 0 ? forecastHealing({ sessionDates: dates }, protocol) : null;
      return {
        now: now.toISOString(),
        timeZone: zone,
        forecast,
        sessions: sessions
          .map((s, i) => {
            const plan = plans.find((p) => p.id === s.planId) ?? null;
            const elapsedHours = (now.getTime() - s.endedAt.getTime()) / 3_600_000;
            return {
              chartId: s.chartId,
              number: i + 1,
              sessionDate: s.sessionDate,
              endedAt: s.endedAt.toISOString(),
              timeline: timelineFor(s.endedAt, zone, plan, protocol),
              openCheckIn: openCheckInPoint(elapsedHours),
              checkIns: checkIns
                .filter((c) => c.chartId === s.chartId)
                .map((c) => ({
                  id: c.id,
                  point: c.point,
                  triage: c.triage,
                  createdAt: c.createdAt.toISOString(),
                  photoId: c.photoId,
                })),
            };
          })
          .reverse(),
      };
    });
  }
}

/** The far end of the next-session window: the longest interval the plan's concerns allow. */
function seriesMaxWeeks(
  concerns: { indication: string; goodmanBaronGrade: number | null }[],
  protocol: PathwayProtocol,
): number {
  let max = 0;
  for (const c of concerns) {
    if (protocol.seriesByIndication[c.indication] === undefined) continue;
    const rule = seriesRuleFor(protocol, c.indication, c.goodmanBaronGrade ?? undefined, "indication");
    max = Math.max(max, rule.intervalWeeks.max);
  }
  return max;
}

/** The public site's facts (from the clinic's protocol in force) and its prices. */
export async function publicFactsAndPrices(db: Db, slug: string | null) {
  const clinic = await withoutClinic(db, (tx) => findPublicClinic(tx, slug));
  if (!clinic) throw notFound("clinic");
  return withClinic(db, { clinicId: clinic.id }, async (tx) => {
    const current = await currentProtocol(tx);
    return {
      clinic: { name: clinic.name, slug: clinic.slug },
      facts: publicFacts(current.protocol, current.version),
      prices: (await listPrices(tx)).map((p) => ({ ...p })),
    };
  });
}
