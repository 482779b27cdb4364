/** What a visitor sent with an online booking, as staff read it (contract/booking-requests.ts). */
import type { z } from "zod";
import type { bookingRequestView } from "../../contract/booking-requests.ts";
import type { BookingRequestRow } from "../../db/repositories/booking-request.repository.ts";

export function presentBookingRequest(r: BookingRequestRow): z.output<typeof bookingRequestView> {
  return {
    id: r.id,
    appointmentId: r.appointmentId,
    appointmentStartsAt: r.appointmentStartsAt,
    createdAt: r.createdAt,
    confirmedAt: r.confirmedAt,
    selfCheck: r.selfCheck,
  };
}
