/**
 * The session chart. Starting one needs a current consent and a day-of re-screen that the engine
 * still calls eligible (otherwise the chart records the stop and goes no further). The provider
 * then charts the checklist, depth/passes/pattern per zone, device and cartridge, post-procedure
 * product, endpoint and adverse events; depth above the licence needs a physician's co-signature,
 * given on the spot with the physician's password and second factor. Signing locks the chart (the
 * database refuses any later change); after that, addenda only. The re-screen runs under the
 * clinic's current protocol, and the chart names that stored version; later saves are checked
 * against the same version.
 */

import { Temporal } from "temporal-polyfill";
import { type Db, type Tx, withClinic } from "../../db/pool.ts";
import { appendAudit } from "../../db/repositories/audit.repository.ts";
import {
  appointmentCharted,
  appointmentOfPatient,
  type ChartRow,
  chartedSessionsOnPlan,
  chartsByLot,
  currentPlanId,
  deviceExists,
  getChart,
  getChartAppointment,
  getChartForUpdate,
  getCosigner,
  insertAddendum,
  insertChart,
  insertMedicationReview,
  lastSignedZones,
  listAddenda,
  listCharts,
  listDevices,
  listMedicationReviews,
  sessionAppointmentBetween,
  signChart,
  updateChartBody,
} from "../../db/repositories/chart.repository.ts";
import {
  getProfilePatient,
  insertProfileConditions,
  insertProfileMedications,
  listProfileConditions,
} from "../../db/repositories/clinical-profile.repository.ts";
import { getPlan } from "../../db/repositories/consultation.repository.ts";
import { latestIntake } from "../../db/repositories/intake.repository.ts";
import { clearSignInFailures, getSignInState } from "../../db/repositories/security.repository.ts";
import { getUser } from "../../db/repositories/user.repository.ts";
import { DomainError, notFound } from "../../domain/errors.ts";
import { medicationNameKey } from "../../domain/protocol/medications.ts";
import type { ConcernInput, Protocol } from "../../domain/protocol/types.ts";
import {
  concernZones,
  conditionPlacementProblems,
  placedCondition,
  treatableZones,
} from "../../domain/record/area.ts";
import {
  type ChartRefusal,
  type CosignRefusal,
  decideCosignature,
  editRefusal,
  signRefusal,
} from "../../domain/record/chart-policy.ts";
import {
  checkCartridge,
  type PlanZone,
  postProductWarning,
  prefillZones,
  protocolDepthProblems,
  type ZoneTreatment,
  zonesAboveLicence,
} from "../../domain/record/chart-rules.ts";
import {
  type InputSource,
  type RecordedCondition,
  type RecordedMedication,
  screenProfile,
  sourcePath,
} from "../../domain/record/screening-input.ts";
import { checkSecondFactor, recordCredentialFailure, type SecondFactor } from "../security/second-factor.ts";
import type { Principal, RequestOrigin } from "./auth.service.ts";
import { clinicalTx } from "./clinical-tx.ts";
import { hasCurrentConsent } from "./consent.service.ts";
import { burnVerification, verifyPassword } from "./passwords.ts";
import { queueAftercareMessages } from "./portal-plan.service.ts";
import {
  clinicProtocol,
  clinicToday,
  fieldError,
  protocolForRecord,
  protocolOfRecord,
} from "./record-context.ts";
import { reviewedMedications } from "./screening-input.ts";

export interface DayOfChanges {
  newMedications: {
    ingredient: string;
    route: string;
    prescribed: boolean;
    ongoing: boolean;
    lastTaken: string | null;
  }[];
  newConditions: {
    conditionId: string;
    status: "active" | "resolved" | "history";
    zones: string[] | null;
    inTreatmentArea?: boolean;
    severity: string | null;
    onset: string | null;
  }[];
  pregnant: boolean | null;
  breastfeeding: boolean | null;
}

export interface StartChartInput {
  planId: string | null;
  appointmentId: string | null;
  changes: DayOfChanges;
}

export interface ChartBody {
  checklist: {
    steps: Record<string, boolean>;
    anaesthetic: { product: string; startedAt: string; endedAt: string } | null;
    /** Why a checklist step was not done; signing an incomplete checklist needs one. */
    incompleteReason?: string | null;
  };
  zones: ZoneTreatment[];
  deviceId: string | null;
  cartridgeLot: string | null;
  cartridgeExpiry: string | null;
  postProduct: { productId: string; lot: string | null } | null;
  endpoint: "erythema" | "erythema-pinpoint-bleeding" | "not-reached" | null;
  adverseEvents: { kind: string; severity: "mild" | "moderate" | "severe"; action: string }[];
  cosign: CosignInput | null;
}

/** A supervising physician's co-signature: password and second factor, typed on the spot. */
export interface CosignInput {
  email: string;
  password: string;
  code?: string | undefined;
  recoveryCode?: string | undefined;
}

/** The checklist steps charted before needling, from the protocol's procedure steps. */
const CHECKLIST_STEPS = ["PROC-CLEANSE", "PROC-TOPICAL-ANESTHETIC", "PROC-REMOVE-ANTISEPTIC", "PROC-GLIDE"];

/** The checklist steps a chart under this protocol asks for (a protocol may leave some out). */
function checklistOf(protocol: Protocol): string[] {
  const ids = new Set(((protocol.procedureSteps ?? []) as { id: string }[]).map((s) => s.id));
  return CHECKLIST_STEPS.filter((id) => ids.has(id));
}

export interface MedicationReviewInput {
  name: string;
  decision: "not-relevant" | "class";
  classId: string | null;
  reason: string;
}

const badLink = (field: "planId" | "appointmentId", message: string) =>
  new DomainError("invalid", "invalid_chart", `body.${field}: ${message}`, { [`body.${field}`]: message });

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

function requireProvider(principal: Principal): number {
  if (principal.user.role !== "provider" || principal.user.maxNeedleDepthMm === null) {
    throw new DomainError("forbidden", "forbidden", "only a licensed provider charts a session");
  }
  return principal.user.maxNeedleDepthMm;
}

function locked(chart: ChartRow): DomainError {
  return chart.status === "signed"
    ? new DomainError(
        "conflict",
        "chart_locked",
        "this chart is signed and locked; add a dated addendum instead",
      )
    : new DomainError(
        "conflict",
        "session_stopped",
        "the day-of re-screen stopped this session; the chart cannot be completed",
      );
}

/** The chart policy's refusal as the HTTP answer; `zonesField` names where the depths were sent. */
function refused(
  refusal: ChartRefusal,
  zonesField: "body.zones" | "chart.zones",
  whose: "your" | "the charting provider's" = "your",
): DomainError {
  switch (refusal.kind) {
    case "not_a_provider":
      return new DomainError("forbidden", "forbidden", "only a licensed provider charts a session");
    case "not_the_charting_provider":
      return refusal.action === "sign"
        ? new DomainError("forbidden", "forbidden", "only the provider who charted the session signs it")
        : new DomainError(
            "forbidden",
            "not_chart_provider",
            "only the provider who charts this session, or a supervising physician, may change it",
          );
    case "depth_above_licence": {
      const fields = Object.fromEntries(
        refusal.zones.map((z) => [
          `${zonesField}[${z.index}].depthMm`,
          `above ${whose} licence limit of ${refusal.licenceMm} mm`,
        ]),
      );
      return new DomainError(
        "forbidden",
        "depth_above_licence",
        `${refusal.zones.map((z) => `${z.zone} ${z.depthMm} mm`).join(", ")} is above ${whose} licence limit of ${refusal.licenceMm} mm; a supervising physician must co-sign`,
        fields,
      );
    }
  }
}

/** A co-signature the policy does not accept, in the API's terms. */
function cosignRefused(refusal: CosignRefusal, ownChart: boolean): DomainError {
  switch (refusal.kind) {
    case "own_chart":
      return new DomainError("forbidden", "cosign_refused", "a provider cannot co-sign their own chart");
    case "not_a_physician":
      return new DomainError(
        "forbidden",
        "cosign_refused",
        "only a supervising physician can co-sign a depth above licence",
        { "body.cosign": "not a physician" },
      );
    case "above_cosigner_licence":
      return new DomainError(
        "forbidden",
        "cosign_refused",
        "the depth is above the co-signing physician's own licence too",
      );
    case "depth_above_licence":
      return refused(refusal, "body.zones", ownChart ? "your" : "the charting provider's");
  }
}

/**
 * A co-signer's credentials were not accepted. The save rolls back; the attempt is then audited,
 * and counted toward the co-signer's lockout, in a transaction of its own.
 */
class CosignFailure extends DomainError {
  readonly cosignerId: string | null;
  readonly factor: "password" | SecondFactor | "locked";
  constructor(cosignerId: string | null, factor: CosignFailure["factor"], field: string) {
    super(
      "forbidden",
      "cosign_failed",
      field === "body.cosign.password"
        ? "the co-signer's e-mail or password is not correct"
        : "the co-signer's code is not correct, or was already used",
      { [field]: field === "body.cosign.password" ? "not verified" : "not correct or already used" },
    );
    this.cosignerId = cosignerId;
    this.factor = factor;
  }
}

/** An input problem of the day-of re-screen: a 400 for what was sent today, a 409 for the record. */
function rescreenProblem(source: InputSource, message: string): DomainError {
  if (
    (source.kind === "condition" || source.kind === "medication") &&
    source.record.id.startsWith("changes.")
  ) {
    return fieldError("invalid_rescreen", [{ field: `${source.record.id}${source.rest}`, message }]);
  }
  if (source.kind === "patient" && (source.key === "pregnant" || source.key === "breastfeeding")) {
    return fieldError("invalid_rescreen", [
      { field: `changes.${source.key}`, message: `${message}; not recorded for this patient: ask today` },
    ]);
  }
  const field = `profile.${sourcePath(source)}`;
  return new DomainError(
    "conflict",
    "profile_incomplete",
    `the profile cannot be screened: ${field}: ${message}`,
    {
      [field]: message,
    },
  );
}

/**
 * The physician behind a co-signature, verified as at sign-in: the password, then the second
 * factor (an authenticator code or a recovery code, each used once). A locked account is refused
 * with the same answer as a wrong password, so the lock reveals nothing.
 */
async function verifyCosigner(tx: Tx, input: CosignInput) {
  const cosigner = await getCosigner(tx, input.email);
  const state = cosigner ? await getSignInState(tx, cosigner.id) : null;
  if (!cosigner?.passwordHash || !state) {
    await burnVerification(input.password);
    throw new CosignFailure(null, "password", "body.cosign.password");
  }
  if (state.lockedUntil) throw new CosignFailure(cosigner.id, "locked", "body.cosign.password");
  if (!(await verifyPassword(cosigner.passwordHash, input.password)))
    throw new CosignFailure(cosigner.id, "password", "body.cosign.password");
  if (!state.totpEnabled) {
    throw new DomainError(
      "forbidden",
      "cosign_refused",
      "the co-signer has not set up two-factor sign-in yet; they sign in once to set it up",
      { "body.cosign.code": "two-factor sign-in not set up for this account" },
    );
  }
  const { accepted, factor } = await checkSecondFactor(tx, cosigner.id, state.totpSecret, input);
  if (!accepted)
    throw new CosignFailure(
      cosigner.id,
      factor,
      input.recoveryCode ? "body.cosign.recoveryCode" : "body.cosign.code",
    );
  await clearSignInFailures(tx, cosigner.id);
  return { cosigner, factor };
}

export class ChartService {
  readonly #db: Db;
  readonly #lockout: { threshold: number; minutes: number };
  constructor(db: Db, lockout: { threshold: number; minutes: number }) {
    this.#db = db;
    this.#lockout = lockout;
  }

  /** The checklist steps the clinic's protocol asks for, with their texts and timing. */
  checklistSteps(principal: Principal, origin: RequestOrigin) {
    return clinicalTx(this.#db, principal, origin, async (tx) => {
      const { protocol } = await clinicProtocol(tx);
      const steps = (protocol.procedureSteps ?? []) as {
        id: string;
        text: string;
        durationMinutes?: { min: number; max: number };
      }[];
      return steps
        .filter((s) => CHECKLIST_STEPS.includes(s.id))
        .map((s) => ({ id: s.id, text: s.text, durationMinutes: s.durationMinutes ?? null }));
    });
  }

  start(principal: Principal, origin: RequestOrigin, patientId: string, input: StartChartInput) {
    requireProvider(principal);
    return clinicalTx(this.#db, principal, origin, async (tx, audit) => {
      const patient = await getProfilePatient(tx, patientId);
      if (!patient) throw notFound("patient");
      const consent = await hasCurrentConsent(tx, principal, patientId, "microneedling");
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
      const { protocol, version, versionId } = await protocolForRecord(tx, principal);
      const today = clinicToday(principal);
      const links = await chartLinks(tx, principal, patientId, input, today);

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
        providerId: principal.user.id,
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
        principal.user.id,
        newConditions as (RecordedCondition & { conditionId: string })[],
      );
      await insertProfileMedications(tx, patientId, "staff", ref, principal.user.id, newMedications);
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

  async save(principal: Principal, origin: RequestOrigin, chartId: string, body: ChartBody) {
    try {
      return await this.#save(principal, origin, chartId, body);
    } catch (err) {
      if (err instanceof CosignFailure) await this.#recordCosignFailure(principal, origin, chartId, err);
      throw err;
    }
  }

  /** Audits a refused co-signature (which factor failed, never what was typed) and counts it. */
  #recordCosignFailure(principal: Principal, origin: RequestOrigin, chartId: string, failure: CosignFailure) {
    return withClinic(this.#db, { clinicId: principal.clinic.id, userId: principal.user.id }, async (tx) => {
      const entry = {
        actorUserId: principal.user.id,
        actorRole: principal.user.role,
        action: "chart.cosign_failed",
        resourceType: "session_chart",
        resourceId: chartId,
        ...origin,
        detail: { cosignerId: failure.cosignerId, factor: failure.factor },
      };
      // A locked account is not checked, so there is no new failure to count against it.
      if (failure.cosignerId && failure.factor !== "locked")
        await recordCredentialFailure(tx, failure.cosignerId, this.#lockout, entry);
      else await appendAudit(tx, entry);
    });
  }

  #save(principal: Principal, origin: RequestOrigin, chartId: string, body: ChartBody) {
    const licence = requireProvider(principal);
    return clinicalTx(this.#db, principal, origin, async (tx, audit) => {
      const chart = await getChartForUpdate(tx, chartId);
      if (!chart) throw notFound("session chart");
      if (chart.status !== "open") throw locked(chart);
      const editRefused = editRefusal(chart, principal.user);
      if (editRefused) throw refused(editRefused, "body.zones");
      // Depths are held to the licence of the provider who charts (and will sign) the session,
      // whoever saves: a supervising physician's own licence does not widen it.
      const ownChart = chart.providerId === principal.user.id;
      const chartLicence = ownChart
        ? licence
        : ((await getUser(tx, chart.providerId))?.maxNeedleDepthMm ?? 0);
      const protocol = await protocolOfRecord(tx, chart.protocolVersionId);

      const depthProblems = protocolDepthProblems(body.zones, protocol);
      const problems = depthProblems.map((p) => ({
        field: `zones[${p.index}].${p.field}`,
        message: p.message,
      }));
      const stepIds = new Set(CHECKLIST_STEPS);
      for (const id of Object.keys(body.checklist.steps)) {
        if (!stepIds.has(id))
          problems.push({ field: `checklist.steps.${id}`, message: "is not a checklist step" });
      }
      const a = body.checklist.anaesthetic;
      if (a && a.endedAt <= a.startedAt) {
        problems.push({ field: "checklist.anaesthetic.endedAt", message: "must be after startedAt" });
      }
      if (body.deviceId && !(await deviceExists(tx, body.deviceId))) {
        problems.push({ field: "deviceId", message: "no such device in this clinic" });
      }
      if ((body.cartridgeLot === null) !== (body.cartridgeExpiry === null)) {
        problems.push({ field: "cartridgeExpiry", message: "lot and expiry are recorded together" });
      }
      if (problems.length > 0) throw fieldError("invalid_chart", problems);
      if (body.cartridgeExpiry) {
        const cartridge = checkCartridge(body.cartridgeExpiry, chart.sessionDate);
        if (!cartridge.ok) {
          throw new DomainError(
            "invalid",
            "cartridge_expired",
            `body.cartridgeExpiry: ${cartridge.message}`,
            {
              "body.cartridgeExpiry": cartridge.message,
            },
          );
        }
      }

      // Depth above the provider's licence: only with a supervising physician's co-signature,
      // given now (password and second factor typed by the physician) or earlier for at least
      // these depths.
      const needsCosign = zonesAboveLicence(body.zones, chartLicence).length > 0;
      let cosignFactor: SecondFactor | null = null;
      let cosigner: Awaited<ReturnType<typeof verifyCosigner>>["cosigner"] | null = null;
      if (needsCosign && body.cosign) {
        const verified = await verifyCosigner(tx, body.cosign);
        cosigner = verified.cosigner;
        cosignFactor = verified.factor;
      }
      const decided = decideCosignature({
        zones: body.zones,
        chartLicenceMm: chartLicence,
        providerId: chart.providerId,
        earlier: chart.cosignedZones,
        cosigner,
      });
      if (!decided.ok) throw cosignRefused(decided.refusal, ownChart);
      const { cosign } = decided;

      const warnings: string[] = [];
      if (body.postProduct) {
        const w = postProductWarning(
          body.postProduct.productId,
          protocol,
          principal.user.credential === "physician",
        );
        if (w) warnings.push(w.message);
      }
      const saved = await updateChartBody(tx, chartId, {
        checklist: body.checklist,
        zones: body.zones,
        deviceId: body.deviceId,
        cartridgeLot: body.cartridgeLot,
        cartridgeExpiry: body.cartridgeExpiry,
        postProduct: body.postProduct,
        endpoint: body.endpoint,
        adverseEvents: body.adverseEvents,
        cosign,
      });
      await audit("chart.update", "session_chart", chartId, {
        patientId: chart.patientId,
        zones: body.zones.map((z) => ({ zone: z.zone, depthMm: z.depthMm, passes: z.passes })),
        cartridgeLot: body.cartridgeLot,
        adverseEvents: body.adverseEvents.length,
        cosignedBy: cosign?.by ?? null,
        cosignFactor,
        warnings: warnings.length,
      });
      return { chart: saved, addenda: await listAddenda(tx, chartId), warnings };
    });
  }

  sign(principal: Principal, origin: RequestOrigin, chartId: string) {
    requireProvider(principal);
    return clinicalTx(this.#db, principal, origin, async (tx, audit) => {
      const chart = await getChartForUpdate(tx, chartId);
      if (!chart) throw notFound("session chart");
      if (chart.status !== "open") throw locked(chart);
      // Re-checked at signing, whoever saved the depths: the signer's licence, or a co-signature.
      const signRefused = signRefusal(chart, principal.user);
      if (signRefused) throw refused(signRefused, "chart.zones");
      const missing: { field: string; message: string }[] = [];
      if (chart.zones.length === 0) missing.push({ field: "zones", message: "no zone charted" });
      if (!chart.deviceId) missing.push({ field: "deviceId", message: "no device recorded" });
      if (!chart.cartridgeLot) missing.push({ field: "cartridgeLot", message: "no cartridge lot recorded" });
      if (!chart.endpoint) missing.push({ field: "endpoint", message: "no endpoint recorded" });
      if (chart.postProduct && !chart.postProduct.lot)
        missing.push({ field: "postProduct.lot", message: "no lot recorded for the post-procedure product" });
      // Every checklist step done, or a written reason why not.
      const checklist = chart.checklist as {
        steps?: Record<string, boolean>;
        incompleteReason?: string | null;
      };
      const undone = checklistOf(await protocolOfRecord(tx, chart.protocolVersionId)).filter(
        (id) => checklist.steps?.[id] !== true,
      );
      if (undone.length > 0 && !checklist.incompleteReason?.trim()) {
        missing.push({
          field: "checklist.incompleteReason",
          message: `checklist not complete (${undone.join(", ")} not done) and no reason written`,
        });
      }
      if (missing.length > 0) {
        const fields = Object.fromEntries(missing.map((m) => [`chart.${m.field}`, m.message]));
        throw new DomainError(
          "conflict",
          "chart_incomplete",
          `the chart is not complete: ${missing.map((m) => m.message).join(", ")}`,
          fields,
        );
      }
      const signed = await signChart(tx, chartId, principal.user.id);
      await queueAftercareMessages(tx, chartId);
      await audit("chart.sign", "session_chart", chartId, { patientId: chart.patientId });
      return { chart: signed, addenda: await listAddenda(tx, chartId), warnings: [] as string[] };
    });
  }

  addAddendum(principal: Principal, origin: RequestOrigin, chartId: string, text: string) {
    return clinicalTx(this.#db, principal, origin, async (tx, audit) => {
      const chart = await getChart(tx, chartId);
      if (!chart) throw notFound("session chart");
      if (chart.status !== "signed") {
        throw new DomainError(
          "conflict",
          "chart_not_signed",
          "the chart is still open: edit it instead of adding an addendum",
        );
      }
      const addendum = await insertAddendum(tx, chartId, principal.user.id, text);
      await audit("chart.addendum", "session_chart", chartId, {
        patientId: chart.patientId,
        addendumId: addendum.id,
      });
      return addendum;
    });
  }

  get(principal: Principal, origin: RequestOrigin, chartId: string) {
    return clinicalTx(this.#db, principal, origin, async (tx, audit) => {
      const chart = await getChart(tx, chartId);
      if (!chart) throw notFound("session chart");
      await audit("chart.read", "session_chart", chartId, { patientId: chart.patientId });
      return { chart, addenda: await listAddenda(tx, chartId), warnings: [] as string[] };
    });
  }

  list(principal: Principal, origin: RequestOrigin, patientId: string) {
    return clinicalTx(this.#db, principal, origin, async (tx, audit) => {
      const charts = await listCharts(tx, patientId);
      await audit("chart.list", "patient", patientId, { count: charts.length });
      return charts;
    });
  }

  /**
   * What the day-of re-screen asks from: the protocol's conditions, and its medication classes (for
   * a clinician's review of a medicine it does not recognise).
   */
  rescreenVocabulary(principal: Principal, origin: RequestOrigin) {
    return clinicalTx(this.#db, principal, origin, async (tx) => {
      const { protocol } = await clinicProtocol(tx);
      return {
        conditions: protocol.conditions.map((c) => ({ id: c.id, label: c.label ?? c.id })),
        medicationClasses: protocol.medicationClasses.map((c) => ({ id: c.id, label: c.label ?? c.id })),
      };
    });
  }

  /**
   * A clinician's review of a medicine the protocol does not recognise, kept for the patient: the
   * next re-screen reads it as not relevant or as a member of the chosen class. Audited.
   */
  reviewMedication(
    principal: Principal,
    origin: RequestOrigin,
    patientId: string,
    input: MedicationReviewInput,
  ) {
    requireProvider(principal);
    return clinicalTx(this.#db, principal, origin, async (tx, audit) => {
      if (!(await getProfilePatient(tx, patientId))) throw notFound("patient");
      const { protocol, version } = await protocolForRecord(tx, principal);
      const problems: { field: string; message: string }[] = [];
      const nameKey = medicationNameKey(input.name);
      if (nameKey.length === 0) problems.push({ field: "name", message: "no letters or digits" });
      if (input.decision === "class") {
        if (!input.classId) problems.push({ field: "classId", message: "choose the class to screen it as" });
        else if (!protocol.medicationClasses.some((c) => c.id === input.classId))
          problems.push({
            field: "classId",
            message: `is not a medication class of protocol ${protocol.ruleset}`,
          });
      } else if (input.classId !== null) {
        problems.push({ field: "classId", message: "only with the decision to screen it as a class" });
      }
      if (problems.length > 0) throw fieldError("invalid_review", problems);
      const review = await insertMedicationReview(tx, {
        patientId,
        name: input.name,
        nameKey,
        decision: input.decision,
        classId: input.decision === "class" ? input.classId : null,
        reason: input.reason,
        protocolVersion: version,
        reviewedBy: principal.user.id,
      });
      await audit("medication.review", "patient", patientId, {
        reviewId: review.id,
        decision: review.decision,
        classId: review.classId,
        protocolVersion: version,
      });
      return review;
    });
  }

  listMedicationReviews(principal: Principal, origin: RequestOrigin, patientId: string) {
    return clinicalTx(this.#db, principal, origin, async (tx, audit) => {
      const reviews = await listMedicationReviews(tx, patientId);
      await audit("medication.review_list", "patient", patientId, { count: reviews.length });
      return reviews;
    });
  }

  devices(principal: Principal, origin: RequestOrigin) {
    return clinicalTx(this.#db, principal, origin, (tx) => listDevices(tx));
  }

  recall(principal: Principal, origin: RequestOrigin, lot: string) {
    return clinicalTx(this.#db, principal, origin, async (tx: Tx, audit) => {
      const rows = await chartsByLot(tx, lot);
      await audit("chart.lot_recall", "session_chart", null, {
        count: rows.length,
        patients: [...new Set(rows.map((r) => r.patientId))],
      });
      return rows;
    });
  }
}
