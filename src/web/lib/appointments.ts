import type { Appointment } from "../api/types.ts";

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
    if (open && Date.parse(appointment.endsAt) > now.getTime()) upcoming.push(appointment);
    else past.push(appointment);
  }
  upcoming.sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt));
  past.sort((a, b) => Date.parse(b.startsAt) - Date.parse(a.startsAt));
  return { upcoming, past };
}
