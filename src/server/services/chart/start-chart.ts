/**
 * Use case: start a session chart. It needs a current consent and a day-of re-screen that the
 * engine still calls eligible (otherwise the chart records the stop and goes no further); the
 * re-screen runs under the clinic's current protocol, and the chart names that stored version.
 */

import { Temporal } from "temporal-polyfill";
import type { Db, Tx } from "../../../db/pool.ts";
import {
  appointmentCharted,
  appointmentOfPatient,
  chartedSessionsOnPlan,
  currentPlanId,
  getChartAppointment,
  insertChart,
  lastSignedZones,
  sessionAppointmentBetween,
} from "../../../db/repositories/chart.repository.ts";
import {
  getProfilePatient,
  insertProfileConditions,
  insertProfileMedications,
  listProfileConditions,
} from "../../../db/repositories/clinical-profile.repository.ts";
import { getPlan } from "../../../db/repositories/consultation.repository.ts";
import { latestIntake } from "../../../db/repositories/intake.repository.ts";
import { DomainError, notFound } from "../../../domain/errors.ts";
import type { ConcernInput } from "../../../domain/protocol/types.ts";
import {
  concernZones,
  conditionPlacementProblems,
  placedCondition,
  treatableZones,
} from "../../../domain/record/area.ts";
import { type PlanZone, prefillZones } from "../../../domain/record/chart-rules.ts";
import {
  type RecordedCondition,
  type RecordedMedication,
  screenProfile,
} from "../../../domain/record/screening-input.ts";
import type { Principal } from "../auth.service.ts";
import { clinicalTx } from "../clinical-tx.ts";
import { hasCurrentConsent } from "../consent.service.ts";
import { clinicToday, fieldError, protocolForRecord } from "../record-context.ts";
import type { RequestContext } from "../request-context.ts";
import { reviewedMedications } from "../screening-input.ts";
import { requireProvider, type StartChartInput } from "./model.ts";
import { badLink, rescreenProblem } from "./refusals.ts";

/**
 * The appointment and the plan a new chart belongs to. Given ones are checked (the patient's own,
 * a treatment session today, not charted yet; a plan not withdrawn and not complete); missing ones
 * are found: today's treatment session of the patient, the patient's current plan.
 */
async function chartLinks(
  tx: Tx,
  principal: Principal,
  patientId: string,
  input: StartChartInput,
  today: string,
): Promise<{ planId: string | null; appointmentId: string | null }> {
  const zone = principal.clinic.timeZone;
  const day = Temporal.PlainDate.from(today);
  const from = new Date(day.toZonedDateTime({ timeZone: zone }).epochMilliseconds);
  const to = new Date(day.add({ days: 1 }).toZonedDateTime({ timeZone: zone }).epochMilliseconds);
  let appointmentId = input.appointmentId;
  if (appointmentId) {
    const appointment = await getChartAppointment(tx, appointmentId);
    if (!appointment || appointment.patientId !== patientId)
      throw badLink("appointmentId", "no such appointment for this patient");
    if (appointment.kind !== "microneedling")
      throw badLink("appointmentId", "not a treatment session appointment");
    if (appointment.status === "cancelled" || appointment.status === "no_show")
      throw badLink("appointmentId", `the appointment is ${appointment.status.replace("_", " ")}`);
    if (appointment.startsAt < from || appointment.startsAt >= to)
      throw badLink("appointmentId", "the appointment is not today");
    if (await appointmentCharted(tx, appointmentId)) {
      throw new DomainError(
        "conflict",
        "appointment_charted",
        "this appointment already has a session chart",
        {
          "body.appointmentId": "already charted",
        },
      );
    }
  } else {
    appointmentId = (await sessionAppointmentBetween(tx, patientId, from, to))?.id ?? null;
  }
  const planId = input.planId ?? (await currentPlanId(tx, patientId));
  if (planId) {
    const plan = await getPlan(tx, planId);
    if (!plan || plan.patientId !== patientId) throw badLink("planId", "no such plan for this patient");
    if (plan.status === "withdrawn") throw badLink("planId", "the plan was withdrawn");
    if ((await chartedSessionsOnPlan(tx, planId)) >= plan.sessions) {
      throw new DomainError(
        "conflict",
        "plan_complete",
        `every session of this plan (${plan.sessions}) is charted; make a new plan`,
        { "body.planId": "every session charted" },
      );
    }
  }
  return { planId, appointmentId };
}

export function startChart(db: Db, ctx: RequestContext, patientId: string, input: StartChartInput) {
  requireProvider(ctx.principal);
  return clinicalTx(db, ctx, async (tx, audit) => {
    const patient = await getProfilePatient(tx, patientId);
    if (!patient) throw notFound("patient");
    const consent = await hasCurrentConsent(tx, ctx.principal, patientId, "microneedling");
    if (!consent.current) {
      throw new DomainError(
        "conflict",
        "consent_required",
        consent.reason === "none"
          ? "the patient has not signed the microneedling consent"
          : consent.reason === "expired"
            ? "the microneedling consent is more than 12 months old; the patient must sign again"
            : "the consent form has a new version; the patient must sign again",
      );
    }
    // Another clinic's appointment and one that does not exist get the same answer.
    if (input.appointmentId && !(await appointmentOfPatient(tx, input.appointmentId, patientId))) {
      throw new DomainError(
        "invalid",
        "invalid_chart",
        "body.appointmentId: no such appointment for this patient",
        {
          "body.appointmentId": "no such appointment for this patient",
        },
      );
    }
    const { protocol, version, versionId } = await protocolForRecord(tx, ctx.principal);
    const today = clinicToday(ctx.principal);
    const links = await chartLinks(tx, ctx.principal, patientId, input, today);

    let planZones: PlanZone[] = [];
    let concerns: ConcernInput[];
    if (links.planId) {
      const plan = (await getPlan(tx, links.planId))!;
      planZones = plan.zones;
      concerns = plan.concerns;
    } else {
      const intake = await latestIntake(tx, patientId);
      if (!intake) {
        throw new DomainError(
          "conflict",
          "no_plan",
          "the patient has no treatment plan or intake to screen against",
        );
      }
      concerns = intake.answers.concerns;
    }

    // What is typed today must be a condition the protocol knows; a stored one it does not know
    // goes to review instead (it was recorded earlier, perhaps under another version).
    const known = new Set(protocol.conditions.map((c) => c.id));
    const unknown = input.changes.newConditions
      .map((c, i) => ({ c, i }))
      .filter(({ c }) => !known.has(c.conditionId))
      .map(({ i }) => ({
        field: `changes.newConditions[${i}].conditionId`,
        message: `is not a condition of protocol ${protocol.ruleset}`,
      }));
    const misplaced = input.changes.newConditions.flatMap((c, i) =>
      conditionPlacementProblems(c, treatableZones(protocol), `changes.newConditions[${i}].`),
    );
    if (unknown.length + misplaced.length > 0)
      throw fieldError("invalid_rescreen", [...unknown, ...misplaced]);

    // Day-of re-screen: the profile on file plus what changed today, under the one input policy;
    // a condition placed by zone is in the area when on or near a zone screened today.
    const newConditions: RecordedCondition[] = input.changes.newConditions.map((c, i) => ({
      ...placedCondition(c, concernZones(concerns)),
      id: `changes.newConditions[${i}]`,
      site: null,
      resolved: null,
      label: protocol.conditions.find((p) => p.id === c.conditionId)?.label ?? c.conditionId,
    }));
    const newMedications: RecordedMedication[] = input.changes.newMedications.map((m, i) => ({
      ...m,
      id: `changes.newMedications[${i}]`,
      product: null,
      lastTaken: m.ongoing ? null : m.lastTaken,
      started: null,
    }));
    // Medicines a clinician reviewed earlier (not relevant, or screened as a class) are read as reviewed.
    const reviewed = await reviewedMedications(tx, protocol, patientId, newMedications);
    const screened = screenProfile(
      protocol,
      {
        patient,
        conditions: [...(await listProfileConditions(tx, patientId)), ...newConditions],
        medications: reviewed.medications,
      },
      concerns,
      today,
      today,
      {
        ...(input.changes.pregnant === null ? {} : { pregnant: input.changes.pregnant }),
        ...(input.changes.breastfeeding === null ? {} : { breastfeeding: input.changes.breastfeeding }),
      },
    );
    if (!screened.ok) throw rescreenProblem(screened.source, screened.error.message);
    const { decision, reviewNotes } = screened;
    // When unsure the safer outcome wins: a decision that asks for review stops the session too.
    const proceed = decision.outcome === "eligible" && !decision.requiresReview;

    const last = await lastSignedZones(tx, patientId);
    const chart = await insertChart(tx, {
      patientId,
      planId: links.planId,
      appointmentId: links.appointmentId,
      consentId: consent.consentId,
      providerId: ctx.principal.user.id,
      status: proceed ? "open" : "stopped",
      sessionDate: today,
      protocolVersion: version,
      protocolVersionId: versionId,
      rescreen: { changes: input.changes, decision, reviewNotes, medicationReviews: reviewed.applied },
      rescreenOutcome: decision.outcome,
      zones: proceed ? prefillZones(planZones, last) : [],
    });
    const ref = `chart:${chart.id}`;
    await insertProfileConditions(
      tx,
      patientId,
      "staff",
      ref,
      ctx.principal.user.id,
      newConditions as (RecordedCondition & { conditionId: string })[],
    );
    await insertProfileMedications(tx, patientId, "staff", ref, ctx.principal.user.id, newMedications);
    await audit(proceed ? "chart.start" : "chart.stopped", "session_chart", chart.id, {
      patientId,
      outcome: decision.outcome,
      reasons: decision.reasons,
      requiresReview: decision.requiresReview,
      protocolVersion: version,
      planId: links.planId,
      appointmentId: links.appointmentId,
      medicationReviews: reviewed.applied.length,
    });
    return { chart, addenda: [], warnings: [] as string[] };
  });
}
