import type { Appointment } from "../../contract/patients.ts";

/**
 * Splits appointments into those still to come (booked or checked in, and not yet over), soonest
 * first, and everything else (over, cancelled, missed), latest first.
 */
export function splitAppointments(
  appointments: Appointment[],
  now: Date,
): { upcoming: Appointment[]; past: Appointment[] } {
  const upcoming: Appointment[] = [];
  const past: Appointment[] = [];
  for (const appointment of appointments) {
    const open = appointment.status === "booked" || appointment.status === "checked_in";
    if (open && appointment.endsAt.getTime() > now.getTime()) upcoming.push(appointment);
    else past.push(appointment);
  }
  upcoming.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
  past.sort((a, b) => b.startsAt.getTime() - a.startsAt.getTime());
  return { upcoming, past };
}
