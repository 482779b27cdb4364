import type { Appointment } from "../../contract/patients.ts";

/**
 * Splits appointments into those still to come (booked, checked in or a lapsed request, and not yet over), soonest
 * first, and everything else (over, cancelled, missed), latest first.
 */
export function splitAppointments(
  appointments: Appointment[],
  now: Date,
): { upcoming: Appointment[]; past: Appointment[] } {
  const upcoming: Appointment[] = [];
  const past: Appointment[] = [];
  for (const appointment of appointments) {
    // A request that lapsed unconfirmed stays with the times to come, said lapsed, until its time.
    const open = appointment.lapsed || appointment.status === "booked" || appointment.status === "checked_in";
    if (open && appointment.endsAt.getTime() > now.getTime()) upcoming.push(appointment);
    else past.push(appointment);
  }
  upcoming.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
  past.sort((a, b) => b.startsAt.getTime() - a.startsAt.getTime());
  return { upcoming, past };
}
