/**
 * Screening through the API: the engine's input is built from the patient's stored profile plus
 * the request, run under the clinic's current protocol, and the decision stored with the version
 * that produced it, all in one audited transaction (an invalid input stores nothing).
 */
import type { Db, Tx } from "../../db/pool.ts";
import { withClinic, withoutClinic } from "../../db/pool.ts";
import { findPublicClinic } from "../../db/repositories/clinic.repository.ts";
import {
  deleteCondition,
  deleteMedication,
  getProfilePatient,
  insertStaffCondition,
  insertStaffMedication,
  listProfileConditions,
  listProfileMedications,
} from "../../db/repositories/clinical-profile.repository.ts";
import { latestIntake } from "../../db/repositories/intake.repository.ts";
import {
  getScreening,
  insertScreening,
  latestRescreenVersions,
  listLatestScreeningsAfter,
  listScreeningsForPatient,
  type ScreeningRow,
} from "../../db/repositories/screening.repository.ts";
import { todayIn } from "../../domain/calendar.ts";
import { DomainError, notFound } from "../../domain/errors.ts";
import { defaultProtocol } from "../../domain/protocol/default-protocol.ts";
import { screenPatient } from "../../domain/protocol/screen-patient.ts";
import type { Protocol, ScreeningOutput } from "../../domain/protocol/types.ts";
import { validateScreeningInput } from "../../domain/protocol/validate-input.ts";
import {
  concernZones,
  conditionPlacementProblems,
  placedCondition,
  treatableZones,
} from "../../domain/record/area.ts";
import type { NewProfileCondition, NewProfileMedication } from "../../domain/record/clinical-profile.ts";
import { buildScreeningInput } from "../../domain/record/screening-input.ts";
import { presentScreening, type ScreeningView } from "../presenters/screenings.ts";
import { clinicalTx } from "./clinical-tx.ts";
import { currentProtocol, currentVersionId } from "./protocol.service.ts";
import { fieldError } from "./record-context.ts";
import type { RequestContext } from "./request-context.ts";
import { describeInputError, type ScreeningRequestBody } from "./screening-input.ts";

export type { ScreeningView };

/** The decision members that make a different decision (explanations follow from them). */
function decisionOf(o: { outcome: string; deferral: string; deferUntil: string | null }) {
  return { outcome: o.outcome, deferral: o.deferral, deferUntil: o.deferUntil };
}

function routesOf(protocol: Protocol): string[] {
  return [...new Set(protocol.medicationClasses.flatMap((c) => c.members.flatMap((m) => m.routes)))].sort();
}

export class ScreeningService {
  readonly #db: Db;
  constructor(db: Db) {
    this.#db = db;
  }

  screen(ctx: RequestContext, patientId: string, body: ScreeningRequestBody) {
    return clinicalTx(this.#db, ctx, async (tx, audit) => {
      const patient = await getProfilePatient(tx, patientId);
      if (!patient) throw notFound("patient");
      const current = await currentProtocol(tx);
      const [conditions, medications] = [
        await listProfileConditions(tx, patientId),
        await listProfileMedications(tx, patientId),
      ];
      const built = buildScreeningInput(
        current.protocol,
        { patient, conditions, medications },
        {
          screeningDate:
            body.screeningDate === undefined
              ? todayIn(ctx.principal.clinic.timeZone, Date.now())
              : body.screeningDate,
          requestedAppointment: body.requestedAppointment,
          request: body.request,
          asked: body.patient,
        },
      );
      const checked = validateScreeningInput(built.input, current.protocol);
      if (!checked.ok) {
        const { field, message } = describeInputError(built, checked.error);
        // A stored record the protocol cannot read is a conflict with the record, not a bad request.
        const kind = field.startsWith("profile.") ? "unprocessable" : "invalid";
        throw new DomainError(
          kind,
          kind === "invalid" ? "validation" : "profile_invalid",
          `${field}: ${message}`,
          {
            [field]: message,
          },
        );
      }
      const output = screenPatient(checked.value, current.protocol);
      const versionId = await currentVersionId(tx, current, ctx.principal.user.id);
      const id = await insertScreening(tx, {
        patientId,
        kind: "screening",
        rescreenOf: null,
        protocolVersionId: versionId,
        protocolVersion: output.protocolVersion,
        screeningDate: checked.value.screeningDate,
        requestedAppointment: checked.value.requestedAppointment,
        outcome: output.outcome,
        deferral: output.deferral,
        deferUntil: output.deferUntil,
        requiresReview: output.requiresReview || built.reviewNotes.length > 0,
        input: checked.value,
        output,
        reviewNotes: built.reviewNotes,
        screenedBy: ctx.principal.user.id,
      });
      await audit("screening.create", "screening", id, {
        patientId,
        outcome: output.outcome,
        protocolVersion: output.protocolVersion,
      });
      const row = await getScreening(tx, id);
      return presentScreening(row as ScreeningRow);
    });
  }

  get(ctx: RequestContext, id: string) {
    return clinicalTx(this.#db, ctx, async (tx, audit) => {
      const row = await getScreening(tx, id);
      if (!row) throw notFound("screening");
      await audit("screening.read", "screening", id, { patientId: row.patientId });
      return presentScreening(row);
    });
  }

  list(ctx: RequestContext, patientId: string, limit: number, offset: number) {
    return clinicalTx(this.#db, ctx, async (tx, audit) => {
      if (!(await getProfilePatient(tx, patientId))) throw notFound("patient");
      const { rows, total } = await listScreeningsForPatient(tx, patientId, limit, offset);
      await audit("screening.list", "patient", patientId, { count: rows.length });
      return { screenings: rows.map(presentScreening), total };
    });
  }

  /**
   * Re-runs the latest first-hand screening of each patient (one page, in patient id order) under
   * the current version; each result is a new row pointing at the decision it re-ran.
   */
  rescreen(ctx: RequestContext, after: string | null, limit: number) {
    return clinicalTx(this.#db, ctx, async (tx, audit) => {
      const current = await currentProtocol(tx);
      const versionId = await currentVersionId(tx, current, ctx.principal.user.id);
      // One more than the page: whether another page follows, without an empty last request.
      const fetched = await listLatestScreeningsAfter(tx, after, limit + 1);
      const rows = fetched.slice(0, limit);
      const done = await latestRescreenVersions(
        tx,
        rows.map((r) => r.id),
      );
      const results: {
        patientId: string;
        screeningId: string;
        rescreenId: string;
        from: ReturnType<typeof decisionOf> & { protocolVersion: string };
        to: ReturnType<typeof decisionOf> & { protocolVersion: string };
        changed: boolean;
      }[] = [];
      const failed: { patientId: string; screeningId: string; field: string; message: string }[] = [];
      let alreadyCurrent = 0;
      for (const row of rows) {
        if (row.protocolVersion === current.version || done.get(row.id) === current.version) {
          alreadyCurrent++;
          continue;
        }
        const checked = validateScreeningInput(row.input, current.protocol);
        if (!checked.ok) {
          failed.push({ patientId: row.patientId, screeningId: row.id, ...checked.error });
          continue;
        }
        const output = screenPatient(checked.value, current.protocol);
        const rescreenId = await insertScreening(tx, {
          patientId: row.patientId,
          kind: "rescreen",
          rescreenOf: row.id,
          protocolVersionId: versionId,
          protocolVersion: output.protocolVersion,
          screeningDate: row.screeningDate,
          requestedAppointment: row.requestedAppointment,
          outcome: output.outcome,
          deferral: output.deferral,
          deferUntil: output.deferUntil,
          requiresReview: output.requiresReview || (row.reviewNotes as unknown[]).length > 0,
          input: checked.value,
          output,
          reviewNotes: row.reviewNotes,
          screenedBy: ctx.principal.user.id,
        });
        const from = { ...decisionOf(row), protocolVersion: row.protocolVersion };
        const to = { ...decisionOf(output), protocolVersion: output.protocolVersion };
        const changed =
          from.outcome !== to.outcome || from.deferral !== to.deferral || from.deferUntil !== to.deferUntil;
        await audit("screening.rescreen", "screening", rescreenId, {
          patientId: row.patientId,
          rescreenOf: row.id,
          from: from.outcome,
          to: to.outcome,
        });
        results.push({ patientId: row.patientId, screeningId: row.id, rescreenId, from, to, changed });
      }
      return {
        protocolVersion: current.version,
        examined: rows.length,
        rescreened: results.length,
        alreadyCurrent,
        changes: results.filter((r) => r.changed),
        unchanged: results.filter((r) => !r.changed).length,
        failed,
        nextAfter: fetched.length > limit ? (rows[rows.length - 1]?.patientId ?? null) : null,
      };
    });
  }

  /** No storage, no patient record: a full input screened under a clinic's current protocol. */
  async preview(clinicSlug: string | null, raw: unknown): Promise<ScreeningOutput> {
    const protocol = await this.#publicProtocol(clinicSlug);
    const checked = validateScreeningInput(raw, protocol);
    if (!checked.ok) {
      const field = `body.${checked.error.field === "input" ? "" : checked.error.field}`.replace(/\.$/, "");
      throw new DomainError("invalid", "validation", `${field}: ${checked.error.message}`, {
        [field]: checked.error.message,
      });
    }
    return screenPatient(checked.value, protocol);
  }

  async #publicProtocol(slug: string | null): Promise<Protocol> {
    const clinic = await withoutClinic(this.#db, (tx) => findPublicClinic(tx, slug));
    if (!clinic) {
      if (slug) throw notFound("clinic");
      return defaultProtocol();
    }
    return withClinic(this.#db, { clinicId: clinic.id }, async (tx) => (await currentProtocol(tx)).protocol);
  }

  /** The stored profile the engine reads, for the screening panel. */
  profile(ctx: RequestContext, patientId: string) {
    return clinicalTx(this.#db, ctx, async (tx, audit) => {
      const patient = await getProfilePatient(tx, patientId);
      if (!patient) throw notFound("patient");
      const current = await currentProtocol(tx);
      const conditions = await listProfileConditions(tx, patientId);
      const medications = await listProfileMedications(tx, patientId);
      await audit("clinical_profile.read", "patient", patientId);
      return {
        patient,
        conditions,
        medications,
        protocolVersion: current.version,
        vocabulary: vocabularyOf(current.protocol),
      };
    });
  }

  addCondition(ctx: RequestContext, patientId: string, c: ConditionInput) {
    return clinicalTx(this.#db, ctx, async (tx, audit) => {
      await requirePatient(tx, patientId);
      const { protocol } = await currentProtocol(tx);
      const known = protocol.conditions.find((k) => k.id === c.conditionId);
      const problems = [
        ...(known
          ? []
          : [
              {
                field: "conditionId",
                message: `"${c.conditionId}" is not a condition of protocol ${protocol.ruleset}`,
              },
            ]),
        ...conditionPlacementProblems(c, treatableZones(protocol), ""),
      ];
      if (problems.length > 0) throw fieldError("validation", problems);
      // Placed by zone, it is in the area when on or near a zone the latest intake asks to treat.
      const intake = await latestIntake(tx, patientId);
      const placed = placedCondition(c, intake ? concernZones(intake.answers.concerns) : null);
      const row = await insertStaffCondition(
        tx,
        patientId,
        { ...placed, label: c.label || (known?.label ?? c.conditionId) },
        ctx.principal.user.id,
      );
      await audit("condition.create", "patient_condition", row.id, { patientId, conditionId: c.conditionId });
      return row;
    });
  }

  removeCondition(ctx: RequestContext, patientId: string, id: string) {
    return clinicalTx(this.#db, ctx, async (tx, audit) => {
      if (!(await deleteCondition(tx, patientId, id))) throw notFound("condition");
      await audit("condition.delete", "patient_condition", id, { patientId });
    });
  }

  addMedication(ctx: RequestContext, patientId: string, m: NewProfileMedication) {
    return clinicalTx(this.#db, ctx, async (tx, audit) => {
      await requirePatient(tx, patientId);
      const { protocol } = await currentProtocol(tx);
      const routes = routesOf(protocol);
      if (!routes.includes(m.route)) {
        const message = `"${m.route}" is not a route (${routes.join(", ")})`;
        throw new DomainError("invalid", "validation", `body.route: ${message}`, { "body.route": message });
      }
      const row = await insertStaffMedication(tx, patientId, m, ctx.principal.user.id);
      // The ingredient may be a free-text name: keep it out of the audit detail.
      await audit("medication.create", "patient_medication", row.id, { patientId });
      return row;
    });
  }

  removeMedication(ctx: RequestContext, patientId: string, id: string) {
    return clinicalTx(this.#db, ctx, async (tx, audit) => {
      if (!(await deleteMedication(tx, patientId, id))) throw notFound("medication");
      await audit("medication.delete", "patient_medication", id, { patientId });
    });
  }
}

/** A condition as the API takes it: placed by zones, or said to be in the area or not. */
type ConditionInput = Omit<NewProfileCondition, "inTreatmentArea"> & { inTreatmentArea?: boolean };

async function requirePatient(tx: Tx, patientId: string): Promise<void> {
  if (!(await getProfilePatient(tx, patientId))) throw notFound("patient");
}

/** The ids the screening form offers: conditions, indications with their zones, routes. */
function vocabularyOf(protocol: Protocol) {
  return {
    conditions: protocol.conditions.map((c) => ({ id: c.id, label: c.label ?? c.id })),
    indications: protocol.indications.map((i) => ({
      id: i.id,
      label: i.label ?? i.id,
      zones: protocol.indicationDepth[i.id]?.zones ?? [],
      graded: typeof protocol.seriesByIndication[i.id] === "object",
    })),
    zones: protocol.zones.map((z) => ({ id: z.id, label: z.label, prohibited: z.prohibited === true })),
    routes: routesOf(protocol),
  };
}
