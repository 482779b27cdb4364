/**
 * Loads what one slot search needs (set-up, busy times, the patient's screening, series and
 * preparation) inside the caller's transaction and turns it into the pure search's input.
 */
import { Temporal } from "temporal-polyfill";
import type { Tx } from "../../db/pool.ts";
import { listBusy, listSessionStarts } from "../../db/repositories/booking.repository.ts";
import {
  latestScreeningRow,
  listConditionIds,
  listMedicationsForPrep,
} from "../../db/repositories/scheduling-patient.repository.ts";
import {
  type AppointmentTypeRow,
  getAppointmentType,
  getSchedulingSettings,
  type LocationRow,
  listClosures,
  listDevices,
  listLocations,
  listMaintenance,
  listOpeningHours,
  listProviderHours,
  listProviders,
  listRooms,
  listTimeOff,
  type SchedulingSettings,
} from "../../db/repositories/scheduling-setup.repository.ts";
import { defaultProtocol } from "../../domain/protocol/default-protocol.ts";
import { buildMedicationIndex, resolveMedication } from "../../domain/protocol/medications.ts";
import type { PathwayProtocol } from "../../domain/protocol/pathway-types.ts";
import { earliestAppointmentForPrep, type PrepMedication } from "../../domain/protocol/prep-checklist.ts";
import { protocolVersion } from "../../domain/protocol/protocol.ts";
import { defaultSegments } from "../../domain/scheduling/default-segments.ts";
import { readStoredScreening, type ScreeningFacts } from "../../domain/scheduling/stored-screening.ts";
import type { Interval, SeriesContext, SlotSearchInput } from "../../domain/scheduling/types.ts";
import { HttpError } from "../http/errors.ts";

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
}

export interface SlotContext {
  input: SlotSearchInput;
  type: AppointmentTypeRow;
  location: LocationRow;
  settings: SchedulingSettings;
  facts: ScreeningFacts | null;
  series: SeriesContext | null;
  protocolVersion: string;
}

const spanMs = (pair: [string | Date, string | Date]): Interval => ({
  start: new Date(pair[0]).getTime(),
  end: new Date(pair[1]).getTime(),
});

export function todayIn(timeZone: string, now: number): string {
  return Temporal.Instant.fromEpochMilliseconds(now).toZonedDateTimeISO(timeZone).toPlainDate().toString();
}

export function segmentsOf(type: AppointmentTypeRow) {
  return type.segments ?? defaultSegments(type.kind, type.durationMinutes, defaultProtocol());
}

export const pathwayProtocol = () => defaultProtocol() as unknown as PathwayProtocol;

/** The patient's medicines with their protocol classes, as the preparation checklist reads them. */
export async function prepMedications(tx: Tx, patientId: string): Promise<PrepMedication[]> {
  const index = buildMedicationIndex(defaultProtocol());
  const meds = await listMedicationsForPrep(tx, patientId);
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
      },
      index,
    ).classIds,
    ongoing: m.ongoing,
    lastTaken: m.lastTaken,
  }));
}

export async function loadSlotContext(tx: Tx, req: SearchRequest): Promise<SlotContext> {
  const type = await getAppointmentType(tx, req.typeId);
  if (!type?.active)
    throw new HttpError(404, "not_found", "appointment type not found", {
      typeId: "unknown appointment type",
    });
  const locations = await listLocations(tx);
  const location = req.locationId ? locations.find((l) => l.id === req.locationId) : locations[0];
  if (!location)
    throw new HttpError(404, "not_found", "location not found", { locationId: "unknown location" });
  const settings = await getSchedulingSettings(tx);
  const tz = location.timeZone;
  const from = Temporal.PlainDate.from(req.first).toZonedDateTime({ timeZone: tz }).epochMilliseconds;
  const to = Temporal.PlainDate.from(req.last)
    .add({ days: 1 })
    .toZonedDateTime({ timeZone: tz }).epochMilliseconds;
  const fromDate = new Date(from - DAY);
  const toDate = new Date(to + DAY);

  const [opening, closures, providers, providerHours, rooms, devices, busy, timeOff, maintenance] = [
    await listOpeningHours(tx, location.id),
    await listClosures(tx, location.id, req.first),
    await listProviders(tx),
    await listProviderHours(tx, location.id),
    (await listRooms(tx)).filter((r) => r.active && r.locationId === location.id),
    (await listDevices(tx)).filter((d) => d.active && d.locationId === location.id),
    await listBusy(tx, fromDate, toDate, req.exceptAppointmentId ?? null),
    await listTimeOff(tx, fromDate, toDate),
    await listMaintenance(tx, fromDate, toDate),
  ];

  const busyBy = (key: "providerId" | "roomId" | "deviceId", span: "provider" | "room" | "device") => {
    const map = new Map<string, Interval[]>();
    for (const b of busy) {
      const id = b[key];
      const s = b[span] as unknown as [string, string] | null;
      if (!id || !s) continue;
      const list = map.get(id) ?? [];
      list.push(spanMs(s));
      map.set(id, list);
    }
    return map;
  };
  const providerBusy = busyBy("providerId", "provider");
  const roomBusy = busyBy("roomId", "room");
  const deviceBusy = busyBy("deviceId", "device");
  for (const t of timeOff) {
    const list = providerBusy.get(t.resourceId) ?? [];
    list.push({ start: t.startsAt.getTime(), end: t.endsAt.getTime() });
    providerBusy.set(t.resourceId, list);
  }
  for (const m of maintenance) {
    const list = deviceBusy.get(m.resourceId) ?? [];
    list.push({ start: m.startsAt.getTime(), end: m.endsAt.getTime() });
    deviceBusy.set(m.resourceId, list);
  }

  const protocol = defaultProtocol();
  let facts: ScreeningFacts | null = null;
  let series: SeriesContext | null = null;
  let prepReadyFrom: string | null = null;
  let requiredDepthMm: number | null = null;
  if (type.kind === "microneedling") {
    if (!req.patientId) {
      throw new HttpError(400, "validation", "a treatment session is booked for a known patient", {
        patientId: "required for a treatment session",
      });
    }
    facts = readStoredScreening(await latestScreeningRow(tx, req.patientId), settings.screeningValidDays);
    requiredDepthMm = facts.deepestDepthMm;
    const starts = await listSessionStarts(tx, req.patientId, req.exceptAppointmentId ?? null);
    if (starts.length > 0) {
      const rule =
        protocol.seriesRules.find(
          (r) => r.id === (facts?.series?.seriesRuleId ?? type.seriesRuleId ?? "SER-GENERAL"),
        ) ?? protocol.seriesRules[0]!;
      series = {
        sessionDates: starts.map((d) => todayIn(tz, d.getTime())),
        intervalWeeks: facts.series?.intervalWeeks ?? rule.intervalWeeks,
        seriesRuleId: rule.id,
      };
    }
    prepReadyFrom = earliestAppointmentForPrep(
      {
        today: todayIn(tz, req.now),
        medications: await prepMedications(tx, req.patientId),
        conditionIds: await listConditionIds(tx, req.patientId),
      },
      pathwayProtocol(),
    );
  }

  const hoursOf = (providerId: string) =>
    providerHours
      .filter((h) => h.providerId === providerId)
      .map(({ weekday, start, end }) => ({ weekday, start, end }));
  const input: SlotSearchInput = {
    timeZone: tz,
    now: req.now,
    minNoticeMinutes: settings.minNoticeMinutes,
    stepMinutes: settings.stepMinutes,
    window: { first: req.first, last: req.last },
    limit: req.limit,
    openingHours: opening.map(({ weekday, start, end }) => ({ weekday, start, end })),
    closures: closures.map((c) => ({ first: c.first, last: c.last })),
    segments: segmentsOf(type),
    bufferMinutes: type.bufferMinutes,
    providers: providers.map((p) => ({
      id: p.id,
      maxNeedleDepthMm: p.maxNeedleDepthMm,
      hours: hoursOf(p.id),
      busy: providerBusy.get(p.id) ?? [],
    })),
    rooms: rooms.map((r) => ({ id: r.id, busy: roomBusy.get(r.id) ?? [] })),
    devices: devices.map((d) => ({ id: d.id, busy: deviceBusy.get(d.id) ?? [] })),
    requiredDepthMm,
    screening: facts?.gate ?? { status: "not-required" },
    series,
    prepReadyFrom,
    ...(req.only ? { only: req.only } : {}),
  };
  return { input, type, location, settings, facts, series, protocolVersion: protocolVersion(protocol) };
}
