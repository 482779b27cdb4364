/**
 * A patient's data rights, exercised by the clinic's owner (HTTP) or an operator (CLI):
 * a complete export of one patient's data; restriction of processing (kept, but no longer
 * shown, booked or contacted); and erasure, which the clinical-record retention period turns
 * into a refusal (naming the day it becomes possible) until it has passed, and into
 * anonymisation after it. Every step is one audited transaction; photo files are deleted only
 * after the anonymisation has committed, so a failure never leaves a record without its photos
 * that still names the patient.
 */
import { Temporal } from "temporal-polyfill";
import { type Db, type Tx, withClinic } from "../../db/pool.ts";
import { appendAudit } from "../../db/repositories/audit.repository.ts";
import {
  anonymisePatient,
  cancelUpcomingAppointments,
  enterDataRightsScope,
  getPatientRightsState,
  lastClinicalRecordOn,
  listAuditAboutPatient,
  readPatientExport,
  setProcessingRestricted,
  withdrawPatientMessages,
} from "../../db/repositories/patient-data.repository.ts";
import { DomainError, notFound } from "../../domain/errors.ts";
import type { PhotoStorage } from "../storage/photo-storage.ts";
import type { RequestContext } from "./request-context.ts";

export const EXPORT_FORMAT = "remodel-patient-export/1";

/** Who exercises the right: a signed-in owner, or the command line on the operator's behalf. */
export interface DataRightsActor {
  clinic: { id: string; slug: string; name: string; timeZone: string };
  userId: string | null;
  role: string;
  ip: string | null;
  userAgent: string | null;
}

export function actorFromPrincipal(ctx: RequestContext): DataRightsActor {
  return {
    clinic: ctx.principal.clinic,
    userId: ctx.principal.user.id,
    role: ctx.principal.user.role,
    ip: ctx.origin.ip,
    userAgent: ctx.origin.userAgent,
  };
}

export interface ErasureDecision {
  /** The clinic-local date of the latest clinical record, or null when there is none. */
  lastClinicalRecordOn: string | null;
  /** The first day erasure is possible (null: at once, there is no clinical record). */
  erasableOn: string | null;
  erasableNow: boolean;
}

/**
 * Whether the retention period has run out on `today`: it runs `years` calendar years from the
 * latest clinical record (29 February + 1 year = 28 February), and erasure is possible from that
 * day on.
 */
export function erasureDecision(lastRecordOn: string | null, today: string, years: number): ErasureDecision {
  if (lastRecordOn === null) return { lastClinicalRecordOn: null, erasableOn: null, erasableNow: true };
  const erasableOn = Temporal.PlainDate.from(lastRecordOn).add({ years }).toString();
  return {
    lastClinicalRecordOn: lastRecordOn,
    erasableOn,
    erasableNow:
      Temporal.PlainDate.compare(Temporal.PlainDate.from(today), Temporal.PlainDate.from(erasableOn)) >= 0,
  };
}

export interface DataRightsStatus extends ErasureDecision {
  patientId: string;
  retentionYears: number;
  processingRestrictedAt: Date | null;
  anonymisedAt: Date | null;
}

export interface ErasureResult {
  outcome: "anonymised";
  patientId: string;
  anonymisedAt: Date;
  lastClinicalRecordOn: string | null;
  photoFilesDeleted: number;
  /** Files the storage refused to delete (the record is anonymised all the same; an operator retries). */
  photoFilesNotDeleted: number;
}

type Audit = (action: string, resourceId: string, detail?: Record<string, unknown>) => Promise<void>;

export class PatientDataRightsService {
  readonly #db: Db;
  readonly #retentionYears: number;
  readonly #photos: PhotoStorage;
  readonly #today: (timeZone: string) => string;

  constructor(
    db: Db,
    options: { retentionYears: number; photos: PhotoStorage; today?: (timeZone: string) => string },
  ) {
    this.#db = db;
    this.#retentionYears = options.retentionYears;
    this.#photos = options.photos;
    this.#today = options.today ?? ((tz) => Temporal.Now.plainDateISO(tz).toString());
  }

  #tx<T>(actor: DataRightsActor, fn: (tx: Tx, audit: Audit) => Promise<T>): Promise<T> {
    return withClinic(this.#db, { clinicId: actor.clinic.id, userId: actor.userId }, async (tx) => {
      await enterDataRightsScope(tx);
      return fn(tx, (action, resourceId, detail) =>
        appendAudit(tx, {
          actorUserId: actor.userId,
          actorRole: actor.role,
          action,
          resourceType: "patient",
          resourceId,
          ip: actor.ip,
          userAgent: actor.userAgent,
          detail,
        }),
      );
    });
  }

  async #decision(tx: Tx, actor: DataRightsActor, patientId: string): Promise<ErasureDecision> {
    const last = await lastClinicalRecordOn(tx, patientId, actor.clinic.timeZone);
    return erasureDecision(last, this.#today(actor.clinic.timeZone), this.#retentionYears);
  }

  /** Everything stored about the patient, with the audit trail of who read or changed it. */
  export(actor: DataRightsActor, patientId: string) {
    return this.#tx(actor, async (tx, audit) => {
      const data = await readPatientExport(tx, patientId);
      if (!data) throw notFound("patient");
      const recordIds = [
        ...data.identifiers,
        ...data.conditions,
        ...data.medications,
        ...data.allergies,
        ...data.screenings,
        ...data.clearanceGrants,
        ...data.medicationReviews,
        ...data.intakeSubmissions,
        ...data.consultations,
        ...data.treatmentPlans,
        ...data.consents,
        ...data.charts,
        ...data.photos,
        ...data.checkIns,
        ...data.appointments,
        ...data.appointmentSeries,
        ...data.bookingRequests,
        ...data.recalls,
      ]
        .map((r) => r.id)
        .filter((id): id is string => typeof id === "string");
      const auditEntries = await listAuditAboutPatient(tx, patientId, recordIds);
      const counts = Object.fromEntries(
        Object.entries(data).map(([k, v]) => [k, Array.isArray(v) ? v.length : 1]),
      );
      await audit("patient.export", patientId, { counts: { ...counts, auditEntries: auditEntries.length } });
      return {
        format: EXPORT_FORMAT,
        exportedAt: new Date().toISOString(),
        clinic: { id: actor.clinic.id, slug: actor.clinic.slug, name: actor.clinic.name },
        ...data,
        auditEntries,
      };
    });
  }

  status(actor: DataRightsActor, patientId: string): Promise<DataRightsStatus> {
    return this.#tx(actor, async (tx, audit) => {
      const state = await getPatientRightsState(tx, patientId);
      if (!state) throw notFound("patient");
      const decision = await this.#decision(tx, actor, patientId);
      await audit("patient.data_rights.read", patientId);
      return {
        patientId,
        retentionYears: this.#retentionYears,
        processingRestrictedAt: state.processingRestrictedAt,
        anonymisedAt: state.anonymisedAt,
        ...decision,
      };
    });
  }

  /**
   * Restricts processing: the record stays, but staff lists and pages no longer show the
   * patient, no booking can be made, visits still to come are cancelled and queued messages
   * and recalls withdrawn.
   */
  restrict(actor: DataRightsActor, patientId: string) {
    return this.#tx(actor, async (tx, audit) => {
      const state = await getPatientRightsState(tx, patientId);
      if (!state) throw notFound("patient");
      if (state.anonymisedAt) throw anonymisedAlready();
      await setProcessingRestricted(tx, patientId, true);
      const cancelled = await cancelUpcomingAppointments(tx, patientId, actor.userId);
      for (const id of cancelled)
        await appendAppointmentAudit(tx, actor, id, {
          reason: "patient-request",
          via: "processing-restriction",
        });
      const withdrawn = await withdrawPatientMessages(tx, patientId);
      await audit("patient.restrict", patientId, {
        alreadyRestricted: state.processingRestrictedAt !== null,
        appointmentsCancelled: cancelled.length,
        messagesWithdrawn: withdrawn,
      });
      const after = await getPatientRightsState(tx, patientId);
      return {
        patientId,
        processingRestrictedAt: after!.processingRestrictedAt,
        appointmentsCancelled: cancelled,
      };
    });
  }

  /** Lifts a restriction (the patient asked, or the reason for it ended). */
  lift(actor: DataRightsActor, patientId: string) {
    return this.#tx(actor, async (tx, audit) => {
      const state = await getPatientRightsState(tx, patientId);
      if (!state) throw notFound("patient");
      if (state.anonymisedAt) throw anonymisedAlready();
      await setProcessingRestricted(tx, patientId, false);
      await audit("patient.restriction_lifted", patientId, {
        wasRestricted: state.processingRestrictedAt !== null,
      });
      return { patientId, processingRestrictedAt: null };
    });
  }

  /**
   * Erasure: refused (409, with the date it becomes possible) while the retention period runs;
   * after it, the patient is anonymised in one transaction and their photo files deleted.
   */
  async erase(actor: DataRightsActor, patientId: string): Promise<ErasureResult> {
    const outcome = await this.#tx(actor, async (tx, audit) => {
      const state = await getPatientRightsState(tx, patientId);
      if (!state) throw notFound("patient");
      if (state.anonymisedAt) throw anonymisedAlready();
      const decision = await this.#decision(tx, actor, patientId);
      if (!decision.erasableNow) {
        // The refusal is recorded too: who asked, and until when the record must be kept.
        await audit("patient.erasure_refused", patientId, {
          erasableOn: decision.erasableOn,
          retentionYears: this.#retentionYears,
        });
        return { kind: "refused" as const, decision };
      }
      const files = await anonymisePatient(tx, patientId);
      await audit("patient.anonymise", patientId, {
        lastClinicalRecordOn: decision.lastClinicalRecordOn,
        retentionYears: this.#retentionYears,
        photoFiles: files.length,
      });
      const after = await getPatientRightsState(tx, patientId);
      return { kind: "anonymised" as const, decision, files, anonymisedAt: after!.anonymisedAt! };
    });
    if (outcome.kind === "refused") {
      const { erasableOn, lastClinicalRecordOn } = outcome.decision;
      throw new DomainError(
        "conflict",
        "retention_period",
        `the clinical record must be kept for ${this.#retentionYears} years after the last clinical record (${lastClinicalRecordOn}); erasure is possible from ${erasableOn}. Processing can be restricted until then.`,
        { "params.id": `kept until ${erasableOn}` },
      );
    }
    let deleted = 0;
    let failed = 0;
    for (const key of outcome.files) {
      try {
        await this.#photos.delete(key);
        deleted++;
      } catch {
        failed++;
      }
    }
    return {
      outcome: "anonymised",
      patientId,
      anonymisedAt: outcome.anonymisedAt,
      lastClinicalRecordOn: outcome.decision.lastClinicalRecordOn,
      photoFilesDeleted: deleted,
      photoFilesNotDeleted: failed,
    };
  }
}

const anonymisedAlready = () =>
  new DomainError("conflict", "anonymised", "this patient record has already been anonymised", {
    "params.id": "anonymised",
  });

function appendAppointmentAudit(tx: Tx, actor: DataRightsActor, id: string, detail: Record<string, unknown>) {
  return appendAudit(tx, {
    actorUserId: actor.userId,
    actorRole: actor.role,
    action: "appointment.cancel",
    resourceType: "appointment",
    resourceId: id,
    ip: actor.ip,
    userAgent: actor.userAgent,
    detail,
  });
}
