/**
 * The segments an appointment type has unless the clinic sets its own: a microneedling session is
 * numbing (room, no provider), needling (provider + room + device) and serum/checkout (room); a
 * consultation or review needs a provider and a room. Durations come from the protocol's
 * procedureSteps where it gives them.
 */
import type { SegmentSpec } from "./types.ts";

export type AppointmentKind = "consultation" | "microneedling" | "review";

interface ProcedureStep {
  id: string;
  durationMinutes?: { min: number; max: number };
}

const SERUM_CHECKOUT_MINUTES = 15;

function stepMinutes(
  steps: readonly ProcedureStep[],
  id: string,
  pick: "min" | "max",
  fallback: number,
): number {
  const d = steps.find((s) => s.id === id)?.durationMinutes;
  return d ? d[pick] : fallback;
}

export function defaultSegments(
  kind: AppointmentKind,
  durationMinutes: number,
  protocol: object,
): SegmentSpec[] {
  if (kind !== "microneedling") {
    return [{ kind, minutes: durationMinutes, provider: true, room: true, device: false }];
  }
  const raw = (protocol as { procedureSteps?: unknown }).procedureSteps;
  const steps = Array.isArray(raw) ? (raw as ProcedureStep[]) : [];
  // The shortest numbing time the protocol allows: the anaesthetic's contact time is to be limited,
  // and a provider who runs late only lengthens it.
  const numbing = stepMinutes(steps, "PROC-TOPICAL-ANESTHETIC", "min", 30);
  // The longest needling time, so a full face fits.
  const needling = stepMinutes(steps, "PROC-NEEDLING", "max", 30);
  return [
    { kind: "numbing", minutes: numbing, provider: false, room: true, device: false },
    { kind: "needling", minutes: needling, provider: true, room: true, device: true },
    { kind: "serum-checkout", minutes: SERUM_CHECKOUT_MINUTES, provider: false, room: true, device: false },
  ];
}

export function totalMinutes(segments: readonly SegmentSpec[]): number {
  return segments.reduce((sum, s) => sum + s.minutes, 0);
}
