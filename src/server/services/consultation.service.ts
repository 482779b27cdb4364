/**
 * The consultation: the provider sees the engine's decision under the clinic's current protocol
 * (the latest stored screening when it was made under that version, otherwise the engine run now
 * on the profile), may override it only with a written justification, records the Goodman & Baron
 * grade, and builds the treatment plan from the engine's plan; the patient accepts the plan in the
 * portal. Consultations and plans name the stored protocol version they were made under.
 */
import type { Db, Tx } from "../../db/pool.ts";
import {
  getProfilePatient,
  listProfileConditions,
} from "../../db/repositories/clinical-profile.repository.ts";
import {
  acceptPlan,
  getConsultation,
  insertConsultation,
  insertPlan,
  latestStoredScreening,
  listConsultations,
  listPlans,
  microneedlingTypesWithoutZones,
  sessionTypeForZones,
} from "../../db/repositories/consultation.repository.ts";
import { latestIntake } from "../../db/repositories/intake.repository.ts";
import { DomainError, notFound } from "../../domain/errors.ts";
import type { Outcome, ScreeningOutput } from "../../domain/protocol/types.ts";
import type { PlanZone } from "../../domain/record/chart-rules.ts";
import { checkPlan, type PlanRefusal, planLimits } from "../../domain/record/plan-rules.ts";
import { screenProfile, sourcePath } from "../../domain/record/screening-input.ts";
import type { Principal } from "./auth.service.ts";
import { clinicalTx } from "./clinical-tx.ts";
import {
  clinicProtocol,
  clinicToday,
  fieldError,
  ownPatientId,
  type ProtocolInForce,
  protocolForRecord,
} from "./record-context.ts";
import type { RequestContext } from "./request-context.ts";
import { reviewedMedications } from "./screening-input.ts";

export interface ConsultationInput {
  overrideOutcome: Outcome | null;
  justification: string | null;
  goodmanBaronGrade: number | null;
}

export interface PlanInput {
  zones: PlanZone[] | null;
  sessions: number | null;
  intervalWeeks: number | null;
  maintenanceMonths: number | null;
  priceCents: number | null;
}

/**
 * The decision the consultation starts from, under the clinic's current protocol: the latest stored
 * screening when it was made under that version, otherwise the engine run now on the profile.
 */
async function currentDecision(
  tx: Tx,
  principal: Principal,
  patientId: string,
  grade: number | null,
  current: ProtocolInForce,
) {
  const intake = await latestIntake(tx, patientId);
  const patient = await getProfilePatient(tx, patientId);
  if (!patient) throw notFound("patient");
  if (!intake)
    throw new DomainError(
      "conflict",
      "no_intake",
      "the patient has not completed the intake questionnaire yet",
    );
  const concerns = intake.answers.concerns.map((c) => ({
    indication: c.indication,
    zones: c.zones,
    ...(c.indication === "acne-scars" && grade !== null ? { goodmanBaronGrade: grade } : {}),
  }));
  // Medicines a clinician reviewed (not relevant, or screened as a class) are read as reviewed, as
  // the day-of re-screen reads them.
  const reviewed = await reviewedMedications(tx, current.protocol, patientId);
  // A stored screening did not read the reviews: with one in play the engine is run now.
  const stored =
    grade === null && reviewed.applied.length === 0 ? await latestStoredScreening(tx, patientId) : null;
  // A decision under another version (the owner changed the protocol since) is not shown as current.
  if (stored && stored.protocolVersion === current.version) {
    return {
      decision: stored.output as unknown as ScreeningOutput,
      source: "screening-store" as const,
      concerns,
    };
  }
  const today = clinicToday(principal);
  const screened = screenProfile(
    current.protocol,
    {
      patient,
      conditions: await listProfileConditions(tx, patientId),
      medications: reviewed.medications,
    },
    concerns,
    today,
    today,
  );
  if (!screened.ok) {
    const field = `profile.${sourcePath(screened.source)}`;
    throw new DomainError(
      "conflict",
      "profile_incomplete",
      `the profile cannot be screened: ${field}: ${screened.error.message}`,
      { [field]: screened.error.message },
    );
  }
  return { decision: screened.decision, source: "engine" as const, concerns };
}

/** A refused plan, in the API's field names and words. */
function planProblem(refusal: PlanRefusal): { field: string; message: string } {
  switch (refusal.kind) {
    case "zone_not_planned":
      return { field: `zones[${refusal.index}].zone`, message: "is not in the engine's plan" };
    case "above_zone_limit":
      return {
        field: `zones[${refusal.index}].maxMm`,
        message: `above the plan's ${refusal.limitMm} mm for this zone`,
      };
    case "min_above_max":
      return { field: `zones[${refusal.index}].minMm`, message: "above maxMm" };
    case "outside_engine_range": {
      const unit =
        refusal.field === "intervalWeeks" ? " weeks" : refusal.field === "maintenanceMonths" ? " months" : "";
      return { field: refusal.field, message: `outside the engine's ${refusal.min}-${refusal.max}${unit}` };
    }
  }
}

export class ConsultationService {
  readonly #db: Db;
  constructor(db: Db) {
    this.#db = db;
  }

  decision(ctx: RequestContext, patientId: string) {
    return clinicalTx(this.#db, ctx, async (tx, audit) => {
      const current = await clinicProtocol(tx);
      const { decision, source, concerns } = await currentDecision(
        tx,
        ctx.principal,
        patientId,
        null,
        current,
      );
      await audit("consultation.decision_read", "patient", patientId, { source, outcome: decision.outcome });
      // What the plan builder starts from: the zones, their depths and caps.
      const { caps, zones } = planLimits(current.protocol, decision, concerns);
      return { decision, source, planZones: zones.map((z) => ({ ...z, capMm: caps[z.zone] ?? z.maxMm })) };
    });
  }

  /** The patient's recorded consultations, newest first, so a consultation reopens after a reload. */
  list(ctx: RequestContext, patientId: string) {
    return clinicalTx(this.#db, ctx, async (tx, audit) => {
      if (!(await getProfilePatient(tx, patientId))) throw notFound("patient");
      const rows = await listConsultations(tx, patientId);
      await audit("consultation.list", "patient", patientId, { count: rows.length });
      return rows;
    });
  }

  record(ctx: RequestContext, patientId: string, input: ConsultationInput) {
    return clinicalTx(this.#db, ctx, async (tx, audit) => {
      const current = await protocolForRecord(tx, ctx.principal);
      const { decision, source, concerns } = await currentDecision(
        tx,
        ctx.principal,
        patientId,
        input.goodmanBaronGrade,
        current,
      );
      const problems: { field: string; message: string }[] = [];
      if (input.overrideOutcome !== null && (input.justification ?? "").trim().length < 20) {
        problems.push({
          field: "justification",
          message: "an override needs a written justification (20 characters or more)",
        });
      }
      if (input.overrideOutcome === null && input.justification !== null) {
        problems.push({ field: "justification", message: "only with an override" });
      }
      if (input.overrideOutcome === decision.outcome) {
        problems.push({
          field: "overrideOutcome",
          message: "is the engine's own decision; nothing to override",
        });
      }
      if (input.goodmanBaronGrade !== null && !concerns.some((c) => c.indication === "acne-scars")) {
        problems.push({ field: "goodmanBaronGrade", message: "only for acne scars" });
      }
      if (problems.length > 0) throw fieldError("invalid_consultation", problems);
      const consultation = await insertConsultation(tx, {
        patientId,
        providerId: ctx.principal.user.id,
        decision,
        decisionSource: source,
        engineOutcome: decision.outcome,
        protocolVersion: current.version,
        protocolVersionId: current.versionId,
        overrideOutcome: input.overrideOutcome,
        overrideJustification: input.overrideOutcome ? input.justification : null,
        goodmanBaronGrade: input.goodmanBaronGrade,
      });
      await audit(
        input.overrideOutcome ? "consultation.override" : "consultation.create",
        "consultation",
        consultation.id,
        {
          patientId,
          engineOutcome: decision.outcome,
          overrideOutcome: input.overrideOutcome,
          protocolVersion: decision.protocolVersion,
          source,
        },
      );
      return consultation;
    });
  }

  buildPlan(ctx: RequestContext, consultationId: string, input: PlanInput) {
    return clinicalTx(this.#db, ctx, async (tx, audit) => {
      const consultation = await getConsultation(tx, consultationId);
      if (!consultation) throw notFound("consultation");
      const outcome = consultation.overrideOutcome ?? consultation.engineOutcome;
      if (outcome !== "eligible") {
        throw new DomainError(
          "conflict",
          "not_eligible",
          `the consultation's decision is ${outcome}; no treatment plan`,
        );
      }
      const { protocol, version, versionId } = await protocolForRecord(tx, ctx.principal);
      // The plan's limits come from the consultation's decision and the protocol together: both
      // must be the clinic's current version, or a cap of an older version could slip through.
      if (consultation.protocolVersion !== version) {
        throw new DomainError(
          "conflict",
          "protocol_changed",
          "the clinic's protocol changed since this consultation; record the consultation again to plan under the current version",
        );
      }
      const decision = consultation.decision;
      const intake = await latestIntake(tx, consultation.patientId);
      const concerns = (intake?.answers.concerns ?? []).map((c) => ({
        ...c,
        goodmanBaronGrade: c.indication === "acne-scars" ? consultation.goodmanBaronGrade : null,
      }));
      // Limits: the engine's plan, or (after an override of a non-eligible decision) each asked
      // zone's effective depth limit under the protocol.
      const checked = checkPlan(planLimits(protocol, decision, concerns), decision, input);
      if (!checked.ok) throw fieldError("invalid_plan", checked.refusals.map(planProblem));
      const { zones, sessions, intervalWeeks, maintenanceMonths } = checked.plan;
      let priceCents = input.priceCents;
      if (priceCents === null || priceCents === undefined) {
        const type = await sessionTypeForZones(
          tx,
          zones.map((z) => z.zone),
        );
        if (!type) {
          // Say where it is fixed: types whose zones nobody ticked are the usual reason.
          const unzoned = await microneedlingTypesWithoutZones(tx);
          const named = unzoned.map((n) => `"${n}"`).join(", ");
          throw new DomainError(
            "conflict",
            "no_type_for_zones",
            `no offered microneedling appointment type covers ${zones.map((z) => z.zone).join(", ")}. ` +
              "An owner ticks the zones each type covers in Clinic set-up → Appointment types → Edit → Zones this type covers" +
              (unzoned.length > 0
                ? ` (${unzoned.length === 1 ? "this type has" : "these types have"} no zones yet: ${named})`
                : "") +
              "; or enter the plan's price.",
            { "body.zones": "no appointment type covers all of these zones" },
          );
        }
        priceCents = type.priceCents * sessions;
      }
      const plan = await insertPlan(tx, {
        patientId: consultation.patientId,
        consultationId,
        createdBy: ctx.principal.user.id,
        concerns,
        zones,
        sessions,
        intervalWeeks,
        maintenanceMonths,
        priceCents,
        protocolVersion: version,
        protocolVersionId: versionId,
      });
      await audit("plan.create", "treatment_plan", plan.id, {
        patientId: consultation.patientId,
        sessions,
        zones: zones.length,
        protocolVersion: version,
      });
      return plan;
    });
  }

  plans(ctx: RequestContext, patientId: string) {
    return clinicalTx(this.#db, ctx, async (tx, audit) => {
      const plans = await listPlans(tx, patientId);
      await audit("plan.list", "patient", patientId, { count: plans.length });
      return plans;
    });
  }

  ownPlans(ctx: RequestContext) {
    return this.plans(ctx, ownPatientId(ctx.principal));
  }

  accept(ctx: RequestContext, planId: string) {
    const patientId = ownPatientId(ctx.principal);
    return clinicalTx(this.#db, ctx, async (tx, audit) => {
      const plans = await listPlans(tx, patientId);
      const plan = plans.find((p) => p.id === planId);
      if (!plan) throw notFound("treatment plan");
      const accepted = await acceptPlan(tx, planId, ctx.principal.user.id);
      if (!accepted) throw new DomainError("conflict", "plan_not_open", `this plan is ${plan.status}`);
      await audit("plan.accept", "treatment_plan", planId, { patientId });
      return accepted;
    });
  }
}
