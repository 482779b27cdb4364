/** Scheduling as FHIR: Appointment, PractitionerRole, Schedule and Slot. */
import type { AppointmentRecord, AppointmentStatus, ProviderRecord } from "../../domain/stored-records.ts";
import { type FhirResource, REMODEL_CANONICAL } from "../fhir-types.ts";
import { compact, maxDepthExtension, ref } from "./shared.ts";

const APPOINTMENT_STATUS: Record<AppointmentStatus, string> = {
  booked: "booked",
  checked_in: "arrived",
  completed: "fulfilled",
  cancelled: "cancelled",
  no_show: "noshow",
};

export function toFhirAppointment(a: AppointmentRecord): FhirResource {
  const participant: Record<string, unknown>[] = [
    { actor: ref("Patient", a.patientId), required: "required", status: "accepted" },
    { actor: ref("Location", a.locationId), required: "required", status: "accepted" },
  ];
  if (a.providerId)
    participant.push({ actor: ref("Practitioner", a.providerId), required: "required", status: "accepted" });
  return {
    resourceType: "Appointment",
    id: a.id,
    status: APPOINTMENT_STATUS[a.status],
    serviceType: [
      {
        coding: [{ system: `${REMODEL_CANONICAL}/CodeSystem/appointment-kind`, code: a.typeKind }],
        text: a.typeName,
      },
    ],
    start: a.startsAt.toISOString(),
    end: a.endsAt.toISOString(),
    minutesDuration: Math.round((a.endsAt.getTime() - a.startsAt.getTime()) / 60_000),
    created: a.createdAt.toISOString(),
    participant,
  };
}

const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
const unique = <T>(xs: readonly T[]) => [...new Set(xs)];

/** One PractitionerRole per provider: where and when they work, and their licence depth limit. */
export function toFhirPractitionerRole(p: ProviderRecord): FhirResource {
  const byTime = new Map<string, { days: string[]; starts: string; ends: string }>();
  for (const h of [...p.hours].sort((a, b) => a.weekday - b.weekday)) {
    const key = `${h.starts}-${h.ends}`;
    const slot = byTime.get(key) ?? { days: [], starts: h.starts, ends: h.ends };
    const day = WEEKDAYS[h.weekday - 1];
    if (day && !slot.days.includes(day)) slot.days.push(day);
    byTime.set(key, slot);
  }
  return compact({
    resourceType: "PractitionerRole",
    id: p.id,
    extension: p.maxNeedleDepthMm === null ? null : [maxDepthExtension(p.maxNeedleDepthMm)],
    active: p.active,
    practitioner: { ...ref("Practitioner", p.id), display: p.name },
    organization: ref("Organization", p.clinicId),
    code: [
      {
        coding: [{ system: `${REMODEL_CANONICAL}/CodeSystem/staff-role`, code: p.role }],
        ...(p.credential ? { text: p.credential } : {}),
      },
    ],
    specialty: p.credential
      ? [{ coding: [{ system: `${REMODEL_CANONICAL}/CodeSystem/credential`, code: p.credential }] }]
      : null,
    location:
      p.hours.length > 0 ? unique(p.hours.map((h) => h.locationId)).map((l) => ref("Location", l)) : null,
    telecom: [{ system: "email", value: p.email, use: "work" }],
    availableTime:
      byTime.size > 0
        ? [...byTime.values()].map((t) => ({
            daysOfWeek: t.days,
            availableStartTime: t.starts,
            availableEndTime: t.ends,
          }))
        : null,
  });
}

/** A provider's Schedule: the Slots of their working hours at each location they work at. */
export function toFhirSchedule(p: ProviderRecord): FhirResource {
  return {
    resourceType: "Schedule",
    id: p.id,
    active: p.active,
    actor: [
      { ...ref("Practitioner", p.id), display: p.name },
      ...unique(p.hours.map((h) => h.locationId)).map((l) => ref("Location", l)),
    ],
    comment: "Working hours of the provider, split into free and busy slots",
  };
}

export interface SlotRecord {
  providerId: string;
  locationId: string;
  start: number;
  end: number;
  status: "free" | "busy" | "busy-unavailable";
}

/** A slot's id names its schedule and start minute, so that a read can compute it again. */
export const slotId = (providerId: string, start: number) => `${providerId}-${Math.floor(start / 60_000)}`;

export function parseSlotId(id: string): { providerId: string; start: number } | null {
  const m = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})-(\d{1,10})$/i.exec(id);
  return m ? { providerId: m[1]!.toLowerCase(), start: Number(m[2]) * 60_000 } : null;
}

export function toFhirSlot(s: SlotRecord): FhirResource {
  return {
    resourceType: "Slot",
    id: slotId(s.providerId, s.start),
    schedule: ref("Schedule", s.providerId),
    status: s.status,
    start: new Date(s.start).toISOString(),
    end: new Date(s.end).toISOString(),
    extension: [
      {
        url: "http://hl7.org/fhir/StructureDefinition/event-location",
        valueReference: ref("Location", s.locationId),
      },
    ],
  };
}

// ---------------------------------------------------------------------------------------------
// AllergyIntolerance
// ---------------------------------------------------------------------------------------------
