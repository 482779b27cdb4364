/**
 * Loads what one slot search needs (set-up, busy times, the patient's screening, series and
 * preparation) inside the caller's transaction and turns it into the pure search's input.
 */
import type { Tx } from "../../db/pool.ts";
import {
  listMedicationsForPrep,
  type PrepMedicationRow,
} from "../../db/repositories/scheduling-patient.repository.ts";
import type {
  AppointmentTypeRow,
  LocationRow,
  SchedulingSettings,
} from "../../db/repositories/scheduling-setup.repository.ts";
import {
  type BusyTimes,
  loadSlotContextRow,
  type TreatmentPlanFacts,
} from "../../db/repositories/slot-context.repository.ts";
import { DomainError } from "../../domain/errors.ts";
import { defaultProtocol } from "../../domain/protocol/default-protocol.ts";
import {
  buildMedicationIndex,
  type MedicationIndex,
  resolveMedication,
} from "../../domain/protocol/medications.ts";
import { pathwayOf } from "../../domain/protocol/pathway-types.ts";
import { earliestAppointmentForPrep, type PrepMedication } from "../../domain/protocol/prep-checklist.ts";
import { protocolVersion } from "../../domain/protocol/protocol.ts";
import { defaultSegments } from "../../domain/scheduling/default-segments.ts";
import { GENERAL_SERIES_RULE_ID } from "../../domain/scheduling/gate.ts";
import { roomsFor } from "../../domain/scheduling/room-purpose.ts";
import { readStoredScreening, type ScreeningFacts } from "../../domain/scheduling/stored-screening.ts";
import type { Interval, SeriesContext, SlotSearchInput } from "../../domain/scheduling/types.ts";

const DAY = 86_400_000;

export interface SearchRequest {
  typeId: string;
  patientId: string | null;
  locationId?: string | undefined;
  first: string;
  last: string;
  limit: number;
  only?: SlotSearchInput["only"];
  /** An appointment being moved does not block itself. */
  exceptAppointmentId?: string | null;
  /** Consultations booked online by someone not yet a patient have no patient record. */
  now: number;
  /**
   * Let the busy times start later than `first`, at the first date the search can hold a slot (a
   * guess from the notice, a dated deferral and the series; see `SlotContext.shiftDays`).
   */
  startWhereOpen?: boolean;
  /** The front desk books for someone in front of them or on the phone: the online notice does not apply. */
  staff?: boolean;
}

export interface SlotContext {
  input: SlotSearchInput;
  type: AppointmentTypeRow;
  location: LocationRow;
  settings: SchedulingSettings;
  facts: ScreeningFacts | null;
  series: SeriesContext | null;
  /** The patient's accepted treatment plan (a treatment session of a known patient only). */
  treatmentPlan: TreatmentPlanFacts | null;
  protocolVersion: string;
  /** Busy times were read for `first`..`last` moved this many days later (only with `startWhereOpen`). */
  shiftDays: number;
  /** Rooms at the location this kind of visit may not use (a session never goes in a consultation room). */
  unsuitableRoomIds: string[];
}

import { todayIn } from "../../domain/calendar.ts";

export { todayIn };

export function segmentsOf(type: AppointmentTypeRow) {
  return type.segments ?? defaultSegments(type.kind, type.durationMinutes, defaultProtocol());
}

export const pathwayProtocol = () => pathwayOf(defaultProtocol());

const medicationIndexes = new WeakMap<object, MedicationIndex>();
/** The protocol's medication index, built once per protocol. */
function medicationIndex(): MedicationIndex {
  const protocol = defaultProtocol();
  let index = medicationIndexes.get(protocol);
  if (!index) {
    index = buildMedicationIndex(protocol);
    medicationIndexes.set(protocol, index);
  }
  return index;
}

/** The patient's medicines with their protocol classes, as the preparation checklist reads them. */
export function prepMedicationsOf(meds: readonly PrepMedicationRow[]): PrepMedication[] {
  const index = medicationIndex();
  return meds.map((m) => ({
    name: m.product ?? m.ingredient,
    classIds: resolveMedication(
      {
        ingredient: m.ingredient,
        route: m.route,
        prescribed: m.prescribed,
        ongoing: m.ongoing,
        lastTaken: m.lastTaken,
        product: m.product,
        rxnorm: m.rxnorm,
        indication: m.indication ?? null,
      },
      index,
    ).classIds,
    ongoing: m.ongoing,
    lastTaken: m.lastTaken,
    prescribed: m.prescribed,
  }));
}

export async function prepMedications(tx: Tx, patientId: string): Promise<PrepMedication[]> {
  return prepMedicationsOf(await listMedicationsForPrep(tx, patientId));
}

let seriesMinWeeks: Record<string, number> | null = null;
/** Each series rule's minimum interval in weeks, for the window's guess. */
function seriesMinWeeksOf(): Record<string, number> {
  seriesMinWeeks ??= Object.fromEntries(
    defaultProtocol().seriesRules.map((r) => [r.id, r.intervalWeeks.min]),
  );
  return seriesMinWeeks;
}

const prepReady = new Map<string, string>();
/**
 * The first date that leaves time for every preparation step (see earliestAppointmentForPrep), for
 * the default protocol. A pure function of today, the medicines and the conditions, so its answers
 * are remembered (most patients share the same few inputs); the memory is bounded.
 */
function prepReadyFromOf(
  today: string,
  medications: readonly PrepMedicationRow[],
  conditionIds: readonly string[],
): string {
  const key = JSON.stringify([today, medications, conditionIds]);
  let ready = prepReady.get(key);
  if (ready === undefined) {
    ready = earliestAppointmentForPrep(
      { today, medications: prepMedicationsOf(medications), conditionIds: [...conditionIds] },
      pathwayProtocol(),
    );
    if (prepReady.size >= 1000) prepReady.clear();
    prepReady.set(key, ready);
  }
  return ready;
}

export async function loadSlotContext(tx: Tx, req: SearchRequest): Promise<SlotContext> {
  // Busy times for the window's local days, read without knowing the zone first: any zone's
  // midnight lies within 14 hours of UTC midnight, so a day either side of the UTC dates covers them.
  const fromDate = new Date(Date.parse(`${req.first}T00:00:00Z`) - DAY);
  const toDate = new Date(Date.parse(`${req.last}T00:00:00Z`) + 2 * DAY);
  const row = await loadSlotContextRow(tx, {
    typeId: req.typeId,
    locationId: req.locationId ?? null,
    first: req.first,
    last: req.last,
    from: fromDate,
    to: toDate,
    exceptId: req.exceptAppointmentId ?? null,
    patientId: req.patientId,
    hint: req.startWhereOpen
      ? {
          now: req.now,
          seriesMinWeeks: seriesMinWeeksOf(),
        }
      : null,
  });
  const type = row.type;
  if (!type?.active)
    throw new DomainError("not_found", "not_found", "appointment type not found", {
      typeId: "unknown appointment type",
    });
  const location = row.location;
  if (!location)
    throw new DomainError("not_found", "not_found", "location not found", { locationId: "unknown location" });
  const settings = row.settings;
  const tz = location.timeZone;
  const intervals = (busy: BusyTimes): Interval[] =>
    busy.starts.map((start, i) => ({ start, end: busy.ends[i]! }));

  const protocol = defaultProtocol();
  let facts: ScreeningFacts | null = null;
  let series: SeriesContext | null = null;
  let prepReadyFrom: string | null = null;
  let requiredDepthMm: number | null = null;
  if (type.kind === "microneedling") {
    if (!req.patientId) {
      throw new DomainError("invalid", "validation", "a treatment session is booked for a known patient", {
        patientId: "required for a treatment session",
      });
    }
    const patient = row.patient!;
    // A physician's grant counts only for the screening it names: the statement reads only the
    // latest screening's live grant, and only when that screening asks for clearance.
    facts = readStoredScreening(patient.screening, settings.screeningValidDays, patient.grant);
    requiredDepthMm = facts.deepestDepthMm;
    const starts = patient.sessionStarts;
    if (starts.length > 0) {
      const rule =
        protocol.seriesRules.find(
          (r) => r.id === (facts?.series?.seriesRuleId ?? type.seriesRuleId ?? GENERAL_SERIES_RULE_ID),
        ) ?? protocol.seriesRules[0]!;
      const range = facts.series?.intervalWeeks ?? rule.intervalWeeks;
      // The accepted plan's interval is the one agreed with the patient: never sooner than it.
      const planned = patient.treatmentPlan?.intervalWeeks;
      series = {
        sessionDates: starts.map((ms) => todayIn(tz, ms)),
        intervalWeeks: planned
          ? { min: Math.max(range.min, planned), max: Math.max(range.max, planned) }
          : range,
        seriesRuleId: rule.id,
      };
    }
    prepReadyFrom = prepReadyFromOf(todayIn(tz, req.now), patient.medications, patient.conditionIds);
  }

  const input: SlotSearchInput = {
    timeZone: tz,
    now: req.now,
    minNoticeMinutes: req.staff ? 0 : settings.minNoticeMinutes,
    stepMinutes: settings.stepMinutes,
    window: { first: req.first, last: req.last },
    limit: req.limit,
    openingHours: row.openingHours,
    closures: row.closures,
    segments: segmentsOf(type),
    bufferMinutes: type.bufferMinutes,
    providers: row.providers.map((p) => ({
      id: p.id,
      maxNeedleDepthMm: p.maxNeedleDepthMm,
      hours: p.hours,
      busy: intervals(p.busy),
    })),
    rooms: roomsFor(row.rooms, type.kind).map((r) => ({ id: r.id, busy: intervals(r.busy) })),
    devices: row.devices.map((d) => ({ id: d.id, busy: intervals(d.busy) })),
    requiredDepthMm,
    screening: facts?.gate ?? { status: "not-required" },
    series,
    prepReadyFrom,
    ...(req.only ? { only: req.only } : {}),
  };
  return {
    input,
    type,
    location,
    settings,
    facts,
    series,
    treatmentPlan: row.patient?.treatmentPlan ?? null,
    protocolVersion: protocolVersion(protocol),
    shiftDays: row.shiftDays,
    unsuitableRoomIds: row.rooms.filter((r) => !roomsFor([r], type.kind).length).map((r) => r.id),
  };
}
