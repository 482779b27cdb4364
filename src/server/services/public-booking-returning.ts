/**
 * Use case: the public booking page was confirmed with the e-mail of a patient who already has a
 * portal account here. The page answers exactly as for a new visitor; meanwhile the time the
 * visitor held joins the patient's own record as "Held online" (never a second record), to be
 * confirmed by the desk or the patient, and the patient is e-mailed a sign-in link to see it.
 *
 * Why a hold and not a booking: whoever typed the address has not shown they own it, and the name,
 * phone and date of birth typed may not be the patient's (a relative using a shared address). A
 * hold keeps the time the patient asked for without putting a confirmed visit on their record on a
 * stranger's word; the desk sees what was typed and confirms it with the patient.
 */
import type { Tx } from "../../db/pool.ts";
import {
  type AppointmentRow,
  deleteHold,
  insertAppointmentEvent,
} from "../../db/repositories/booking.repository.ts";
import {
  deleteUnusedPatient,
  handHoldToPatient,
  moveBookingRequest,
} from "../../db/repositories/booking-request.repository.ts";
import { getPatient } from "../../db/repositories/patient.repository.ts";
import type { PatientAccount } from "../../db/repositories/patient-side.repository.ts";
import { DomainError } from "../../domain/errors.ts";
import { bookingSignInEmail } from "../../domain/patient/email-texts.ts";
import type { RequestOrigin } from "./auth.service.ts";
import type { Audit } from "./clinical-tx.ts";
import { queueSignInLink } from "./magic-link.service.ts";
import { when } from "./reminders.service.ts";

export async function holdForReturningPatient(
  tx: Tx,
  audit: Audit,
  origin: RequestOrigin,
  publicUrl: string,
  held: AppointmentRow,
  account: PatientAccount,
): Promise<void> {
  const provisional = held.patientId;
  const typed = await getPatient(tx, provisional);
  if (!(await handHoldToPatient(tx, held.id, account.patientId))) {
    // The same answer a new visitor gets when the hold ran out.
    await deleteHold(tx, held.id);
    throw new DomainError("gone", "hold_expired", "the hold has expired; choose the time again", {
      "params.id": "hold expired",
    });
  }
  await moveBookingRequest(tx, provisional, account.patientId, held.id);
  await deleteUnusedPatient(tx, provisional);
  await audit("patient.delete", "patient", provisional, {
    reason: "online hold given to the patient's record",
  });
  await insertAppointmentEvent(tx, {
    appointmentId: held.id,
    actorUserId: null,
    action: "held",
    reason: null,
    note: typed
      ? `Asked online with this patient's e-mail. Typed: ${typed.givenName} ${typed.familyName}, born ${typed.dateOfBirth}, phone ${typed.phone ?? "none"}. Confirm with the patient.`.slice(
          0,
          500,
        )
      : "Asked online with this patient's e-mail. Confirm with the patient.",
    fromStartsAt: null,
    toStartsAt: held.startsAt,
  });
  await audit("appointment.hold-for-patient", "appointment", held.id, {
    patientId: account.patientId,
    via: "online-booking",
  });
  await queueSignInLink(tx, account, publicUrl, origin, (locale, v) =>
    bookingSignInEmail(locale, {
      ...v,
      type: held.typeName,
      at: when(held.startsAt, held.timeZone, locale),
      location: held.locationName,
    }),
  );
}
