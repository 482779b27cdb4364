/**
 * Use case: the public booking page was confirmed with the e-mail of a patient who already has a
 * record here: with a portal account, or without one (a record the desk made for a phone booking).
 * The page answers exactly as for a new visitor; meanwhile the time the visitor held joins the
 * patient's own record as "Held online" (never a second record), to be confirmed by the desk or
 * the patient. A patient with an account is e-mailed a sign-in link to see it; one without is
 * e-mailed the link to set up their portal account (for that same record), where they see it.
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
  confirmBookingRequest,
  deleteUnusedPatient,
  handHoldToPatient,
  moveBookingRequest,
} from "../../db/repositories/booking-request.repository.ts";
import { getPatient } from "../../db/repositories/patient.repository.ts";
import {
  clinicContact,
  findPatientLocale,
  type PatientAccount,
  queuePatientSideMessage,
} from "../../db/repositories/patient-side.repository.ts";
import { insertUser } from "../../db/repositories/user.repository.ts";
import { DomainError } from "../../domain/errors.ts";
import {
  bookingAccountSetupEmail,
  bookingSignInEmail,
  emailLocale,
} from "../../domain/patient/email-texts.ts";
import { newSetupToken, SETUP_TOKEN_DAYS, setupLinkUrl } from "./account-setup-link.ts";
import type { RequestOrigin } from "./auth.service.ts";
import type { Audit } from "./clinical-tx.ts";
import { queueSignInLink } from "./magic-link.service.ts";
import { when } from "./reminders.service.ts";

/** The patient with an account: the hold joins their record and a sign-in link is e-mailed. */
export async function holdForReturningPatient(
  tx: Tx,
  audit: Audit,
  origin: RequestOrigin,
  publicUrl: string,
  held: AppointmentRow,
  account: PatientAccount,
): Promise<void> {
  const until = await holdOnRecord(tx, audit, held, account.patientId);
  await queueSignInLink(tx, account, publicUrl, origin, (locale, v) =>
    bookingSignInEmail(locale, {
      ...v,
      type: held.typeName,
      at: when(held.startsAt, held.timeZone, locale),
      until: when(until, held.timeZone, locale),
      location: held.locationName,
    }),
  );
}

/**
 * The patient whose record has no account: the hold joins the record, the record gets its portal
 * account (no password yet), and the e-mail to the record's address carries the set-up link.
 */
export async function holdForRecordWithoutAccount(
  tx: Tx,
  audit: Audit,
  publicUrl: string,
  held: AppointmentRow,
  record: { patientId: string; email: string; givenName: string; familyName: string },
): Promise<void> {
  const until = await holdOnRecord(tx, audit, held, record.patientId);
  const user = await insertUser(tx, {
    email: record.email,
    name: `${record.givenName} ${record.familyName}`,
    role: "patient",
    credential: null,
    maxNeedleDepthMm: null,
    patientId: record.patientId,
    passwordHash: null,
  });
  const tokenId = await newSetupToken(tx, user.id);
  await audit("account.create", "user", user.id, { role: "patient", via: "online-booking" });
  const clinic = await clinicContact(tx);
  const locale = emailLocale(await findPatientLocale(tx, record.patientId));
  await queuePatientSideMessage(tx, {
    kind: "account-setup",
    patientId: record.patientId,
    toAddress: record.email,
    ...bookingAccountSetupEmail(locale, {
      firstName: record.givenName,
      clinic: clinic.name,
      type: held.typeName,
      at: when(held.startsAt, held.timeZone, locale),
      until: when(until, held.timeZone, locale),
      location: held.locationName,
      url: setupLinkUrl(publicUrl),
      days: SETUP_TOKEN_DAYS,
    }),
    dedupeKey: `account-setup:${tokenId}`,
    sendAfter: new Date(),
    accountSetupTokenId: tokenId,
  });
}

/**
 * A new visitor when the clinic sends no e-mail (no mail server): nothing could tell them their
 * booking or let them into a portal, so the time is held on their new record as "Held online" for
 * the desk to call them and confirm it (it lapses like any online request). No account is made:
 * its set-up link could never arrive.
 */
export async function holdForCallBack(tx: Tx, audit: Audit, held: AppointmentRow): Promise<void> {
  const typed = await getPatient(tx, held.patientId);
  if (!(await handHoldToPatient(tx, held.id, held.patientId))) {
    await deleteHold(tx, held.id);
    throw new DomainError("gone", "hold_expired", "the hold has expired; choose the time again", {
      "params.id": "hold expired",
    });
  }
  await confirmBookingRequest(tx, held.patientId, held.id);
  await insertAppointmentEvent(tx, {
    appointmentId: held.id,
    actorUserId: null,
    action: "held",
    reason: null,
    note: `Asked online. The clinic sends no e-mail, so the visitor was told we will call: Call ${typed?.phone ?? "them"} to confirm.`.slice(
      0,
      500,
    ),
    fromStartsAt: null,
    toStartsAt: held.startsAt,
  });
  await audit("appointment.hold-for-call-back", "appointment", held.id, { via: "online-booking" });
}

/**
 * The held time moves to the patient's record as "Held online"; the visitor's provisional record
 * goes. Returns when the request lapses if nobody confirms it.
 */
async function holdOnRecord(tx: Tx, audit: Audit, held: AppointmentRow, patientId: string): Promise<Date> {
  const provisional = held.patientId;
  const typed = await getPatient(tx, provisional);
  const until = await handHoldToPatient(tx, held.id, patientId);
  if (until === null) {
    // The same answer a new visitor gets when the hold ran out.
    await deleteHold(tx, held.id);
    throw new DomainError("gone", "hold_expired", "the hold has expired; choose the time again", {
      "params.id": "hold expired",
    });
  }
  await moveBookingRequest(tx, provisional, patientId, held.id);
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
    patientId,
    via: "online-booking",
  });
  return until;
}
