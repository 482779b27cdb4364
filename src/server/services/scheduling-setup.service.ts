/**
 * The owner's scheduling set-up. Not patient data, but every change is audited like one: who
 * changed the clinic's hours or a price matters later.
 */
import type { Db, Tx } from "../../db/pool.ts";
import * as repo from "../../db/repositories/scheduling-setup.repository.ts";
import { DomainError, notFound } from "../../domain/errors.ts";
import { defaultProtocol } from "../../domain/protocol/default-protocol.ts";
import { defaultSegments, totalMinutes } from "../../domain/scheduling/default-segments.ts";
import { DAY_BEFORE_REMINDER_TIME } from "../../domain/scheduling/reminder-timing.ts";
import type { RoomPurpose } from "../../domain/scheduling/room-purpose.ts";
import type { SegmentSpec } from "../../domain/scheduling/types.ts";
import { clinicalTx } from "./clinical-tx.ts";
import type { RequestContext } from "./request-context.ts";

export interface TypeInput {
  name: string;
  kind: "consultation" | "microneedling" | "review";
  priceCents: number;
  durationMinutes?: number | undefined;
  segments?: SegmentSpec[] | null | undefined;
  bufferMinutes: number;
  seriesRuleId?: string | null | undefined;
  zones?: string[] | undefined;
  bookableOnline: boolean;
  active: boolean;
  description: string;
}

function typeRow(t: TypeInput): repo.NewAppointmentType {
  const protocol = defaultProtocol();
  if (t.seriesRuleId && !protocol.seriesRules.some((r) => r.id === t.seriesRuleId)) {
    throw new DomainError(
      "unprocessable",
      "unknown_series_rule",
      `no series rule ${t.seriesRuleId} in the protocol`,
      {
        "body.seriesRuleId": `one of ${protocol.seriesRules.map((r) => r.id).join(", ")}`,
      },
    );
  }
  const segments = t.segments ?? null;
  const effective = segments ?? defaultSegments(t.kind, t.durationMinutes ?? 30, protocol);
  if (t.kind === "microneedling" && !effective.some((s) => s.provider && s.device)) {
    throw new DomainError(
      "unprocessable",
      "invalid_segments",
      "a microneedling session needs a segment with a provider and a device",
      {
        "body.segments": "no needling segment (provider + device)",
      },
    );
  }
  const duration = totalMinutes(effective);
  if (duration < 5 || duration > 480) {
    throw new DomainError("unprocessable", "invalid_segments", "a visit lasts 5 to 480 minutes", {
      "body.segments": "total out of range",
    });
  }
  return {
    name: t.name,
    kind: t.kind,
    durationMinutes: duration,
    priceCents: t.priceCents,
    segments,
    bufferMinutes: t.bufferMinutes,
    seriesRuleId: t.seriesRuleId ?? (t.kind === "microneedling" ? "SER-GENERAL" : null),
    zones: t.zones === undefined ? null : [...new Set(t.zones)],
    bookableOnline: t.bookableOnline,
    active: t.active,
    description: t.description,
  };
}

/** What set-up offers from the protocol: series rules for a type, zones a type covers. */
function setupChoices(protocol: ReturnType<typeof defaultProtocol>) {
  const indication = (id: string) => protocol.indications.find((i) => i.id === id)?.label ?? id;
  return {
    seriesRules: protocol.seriesRules.map((r) => ({
      id: r.id,
      label: `${r.sessions.min}-${r.sessions.max} sessions, ${r.intervalWeeks.min}-${r.intervalWeeks.max} weeks apart (${r.indications.map(indication).join("; ")})`,
    })),
    zones: protocol.zones
      .filter((z) => !z.prohibited)
      .map((z) => ({ id: z.id, label: z.label, face: z.face === true })),
  };
}

/** The settings the owner edits: the scheduling rules and the day-before reminder's local time. */
export type SettingsInput = repo.SchedulingSettings & { dayBeforeReminderTime?: string | undefined };

async function settingsOf(tx: Tx) {
  const settings = await repo.getSchedulingSettings(tx);
  return {
    ...settings,
    // The query fills these in with the same defaults; the row type leaves them optional for writes.
    checkInDaysBefore: settings.checkInDaysBefore ?? 0,
    cancelNoticeHours: settings.cancelNoticeHours ?? 24,
    requestHoldHours: settings.requestHoldHours ?? 24,
    dayBeforeReminderTime: (await repo.getDayBeforeReminderTime(tx)) ?? DAY_BEFORE_REMINDER_TIME,
  };
}

export class SchedulingSetupService {
  readonly #db: Db;
  constructor(db: Db) {
    this.#db = db;
  }

  get(ctx: RequestContext, from: Date, to: Date) {
    return clinicalTx(this.#db, ctx, async (tx) => {
      const protocol = defaultProtocol();
      const types = await repo.listAppointmentTypes(tx);
      return {
        settings: await settingsOf(tx),
        locations: await repo.listLocationDetails(tx),
        openingHours: await repo.listOpeningHours(tx, null),
        closures: await repo.listClosures(tx, null, null),
        providers: await repo.listProviders(tx),
        providerHours: await repo.listProviderHours(tx, null),
        timeOff: await repo.listTimeOff(tx, from, to),
        rooms: await repo.listRooms(tx),
        devices: await repo.listDevices(tx),
        maintenance: await repo.listMaintenance(tx, from, to),
        appointmentTypes: types.map((t) => ({
          ...t,
          effectiveSegments: t.segments ?? defaultSegments(t.kind, t.durationMinutes, protocol),
        })),
        choices: setupChoices(protocol),
      };
    });
  }

  #write<T>(ctx: RequestContext, what: string, fn: Parameters<typeof clinicalTx<T>>[2]) {
    return clinicalTx(this.#db, ctx, async (tx, audit) => {
      const result = await fn(tx, audit);
      const id = (result as { id?: string } | null)?.id ?? null;
      await audit(`setup.${what}`, "scheduling_setup", id);
      return result;
    });
  }

  /**
   * Saves the settings. A new day-before reminder time applies to reminders queued from now on
   * (new bookings and moves); reminders already queued keep the time they were queued for.
   * Left out, the reminder time stays as it is.
   */
  updateSettings(ctx: RequestContext, input: SettingsInput) {
    return this.#write(ctx, "settings", async (tx) => {
      const { dayBeforeReminderTime, ...s } = input;
      await repo.upsertSchedulingSettings(tx, s);
      if (dayBeforeReminderTime !== undefined) await repo.setDayBeforeReminderTime(tx, dayBeforeReminderTime);
      return settingsOf(tx);
    });
  }

  setOpeningHours(
    ctx: RequestContext,
    locationId: string,
    hours: { weekday: number; start: string; end: string }[],
  ) {
    return this.#write(ctx, "opening_hours", async (tx) => {
      if (!(await repo.listLocations(tx)).some((l) => l.id === locationId)) throw notFound("location");
      await repo.deleteOpeningHours(tx, locationId);
      await repo.insertOpeningHours(tx, locationId, hours);
      return repo.listOpeningHours(tx, locationId);
    });
  }

  addClosure(ctx: RequestContext, c: Omit<repo.ClosureRow, "id">) {
    return this.#write(ctx, "closure", (tx) => repo.insertClosure(tx, c));
  }

  removeClosure(ctx: RequestContext, id: string) {
    return this.#write(ctx, "closure_delete", async (tx) => {
      if (!(await repo.deleteClosure(tx, id))) throw notFound("closure");
      return { id };
    });
  }

  setProviderHours(
    ctx: RequestContext,
    providerId: string,
    hours: { locationId: string; weekday: number; start: string; end: string }[],
  ) {
    return this.#write(ctx, "provider_hours", async (tx) => {
      if (!(await repo.listProviders(tx)).some((x) => x.id === providerId)) throw notFound("provider");
      await repo.deleteProviderHours(tx, providerId);
      await repo.insertProviderHours(tx, providerId, hours);
      return (await repo.listProviderHours(tx, null)).filter((h) => h.providerId === providerId);
    });
  }

  addTimeOff(ctx: RequestContext, b: Omit<repo.BlockRow, "id">) {
    return this.#write(ctx, "time_off", async (tx) => {
      if (!(await repo.listProviders(tx)).some((x) => x.id === b.resourceId)) throw notFound("provider");
      return repo.insertTimeOff(tx, b);
    });
  }

  removeTimeOff(ctx: RequestContext, id: string) {
    return this.#write(ctx, "time_off_delete", async (tx) => {
      if (!(await repo.deleteTimeOff(tx, id))) throw notFound("time off");
      return { id };
    });
  }

  addMaintenance(ctx: RequestContext, b: Omit<repo.BlockRow, "id">) {
    return this.#write(ctx, "maintenance", async (tx) => {
      if (!(await repo.listDevices(tx)).some((x) => x.id === b.resourceId)) throw notFound("device");
      return repo.insertMaintenance(tx, b);
    });
  }

  removeMaintenance(ctx: RequestContext, id: string) {
    return this.#write(ctx, "maintenance_delete", async (tx) => {
      if (!(await repo.deleteMaintenance(tx, id))) throw notFound("maintenance block");
      return { id };
    });
  }

  addRoom(ctx: RequestContext, r: { locationId: string; name: string; purpose: RoomPurpose }) {
    return this.#write(ctx, "room", async (tx) => {
      if (!(await repo.listLocations(tx)).some((l) => l.id === r.locationId)) throw notFound("location");
      return repo.insertRoom(tx, r);
    });
  }

  updateRoom(
    ctx: RequestContext,
    id: string,
    r: { name?: string | undefined; active?: boolean | undefined; purpose?: RoomPurpose | undefined },
  ) {
    return this.#write(
      ctx,
      "room_update",
      async (tx) => (await repo.updateRoom(tx, id, r)) ?? Promise.reject(notFound("room")),
    );
  }

  addDevice(
    ctx: RequestContext,
    d: { locationId: string; name: string; model: string | null; serialNumber: string | null },
  ) {
    return this.#write(ctx, "device", async (tx) => {
      if (!(await repo.listLocations(tx)).some((l) => l.id === d.locationId)) throw notFound("location");
      return repo.insertDevice(tx, d);
    });
  }

  updateDevice(
    ctx: RequestContext,
    id: string,
    d: {
      name?: string | undefined;
      active?: boolean | undefined;
      model?: string | null | undefined;
      serialNumber?: string | null | undefined;
    },
  ) {
    return this.#write(
      ctx,
      "device_update",
      async (tx) => (await repo.updateDevice(tx, id, d)) ?? Promise.reject(notFound("device")),
    );
  }

  addType(ctx: RequestContext, t: TypeInput) {
    return this.#write(ctx, "appointment_type", (tx) => repo.insertAppointmentType(tx, typeRow(t)));
  }

  addLocation(ctx: RequestContext, l: { name: string; timeZone: string; address: string | null }) {
    return this.#write(ctx, "location", (tx) => repo.insertLocation(tx, l));
  }

  /** Renames a location (its zone stays: booked times were set in it). */
  renameLocation(ctx: RequestContext, id: string, l: { name: string; address: string | null }) {
    return this.#write(ctx, "location_rename", async (tx) => {
      const location = await repo.renameLocation(tx, id, l);
      if (!location) throw notFound("location");
      return location;
    });
  }

  /**
   * Retires (closes for good) a location: no new bookings there, and it is no longer offered for
   * booking. Its appointments stay as booked; the answer says how many are still to come. The
   * clinic keeps at least one open location.
   */
  retireLocation(ctx: RequestContext, id: string) {
    return clinicalTx(this.#db, ctx, async (tx, audit) => {
      const all = await repo.listLocationDetails(tx);
      const target = all.find((l) => l.id === id);
      if (!target) throw notFound("location");
      if (!target.retiredAt && !all.some((l) => l.id !== id && !l.retiredAt)) {
        throw new DomainError(
          "conflict",
          "last_location",
          "the clinic's only open location cannot be retired",
          {
            id: "the only open location",
          },
        );
      }
      const location = (await repo.retireLocation(tx, id))!;
      const upcomingAppointments = await repo.countFutureAppointmentsAt(tx, id);
      await audit("setup.location_retire", "scheduling_setup", id, { upcomingAppointments });
      return { location, upcomingAppointments };
    });
  }

  /**
   * Reopens a retired location: it takes bookings again and is offered for booking, with the
   * opening hours, rooms and devices it kept. The audit records when it had been retired.
   */
  reopenLocation(ctx: RequestContext, id: string) {
    return clinicalTx(this.#db, ctx, async (tx, audit) => {
      const target = (await repo.listLocationDetails(tx)).find((l) => l.id === id);
      if (!target) throw notFound("location");
      const location = target.retiredAt ? await repo.reopenLocation(tx, id) : null;
      if (!target.retiredAt || !location) {
        throw new DomainError(
          "conflict",
          "not_retired",
          "the location is open: only a retired location can be reopened",
          {
            "params.id": "not retired",
          },
        );
      }
      await audit("setup.location_reopen", "scheduling_setup", id, {
        retiredAt: target.retiredAt.toISOString(),
      });
      return { location };
    });
  }

  /** A provider's credential and the deepest needle depth their licence allows (owner only). */
  updateLicence(
    ctx: RequestContext,
    providerId: string,
    l: { credential: "physician" | "nurse" | "aesthetician"; maxNeedleDepthMm: number },
  ) {
    return clinicalTx(this.#db, ctx, async (tx, audit) => {
      const before = (await repo.listProviders(tx)).find((x) => x.id === providerId);
      const after = before ? await repo.updateProviderLicence(tx, providerId, l) : null;
      if (!before || !after) throw notFound("provider");
      await audit("setup.provider_licence", "user", providerId, {
        from: { credential: before.credential, maxNeedleDepthMm: Number(before.maxNeedleDepthMm) },
        to: { credential: after.credential, maxNeedleDepthMm: Number(after.maxNeedleDepthMm) },
      });
      return after;
    });
  }

  updateType(ctx: RequestContext, id: string, t: TypeInput) {
    return this.#write(
      ctx,
      "appointment_type_update",
      async (tx) =>
        (await repo.updateAppointmentType(tx, id, typeRow(t))) ??
        Promise.reject(notFound("appointment type")),
    );
  }
}
