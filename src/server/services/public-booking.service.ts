/**
 * Booking a consultation from the public site, without an account: see the free times, hold one
 * while giving name, e-mail, phone and date of birth (a provisional record is made with the hold),
 * confirm, and check your e-mail. Every answer is the same whether or not the e-mail already has a
 * portal account here, so the page cannot be used to find out who is a patient: a new visitor is
 * booked and e-mailed a link to set the password of the account made on the way; a returning
 * patient's hold joins their own record and they are e-mailed a sign-in link
 * (`public-booking-returning.ts`). Only types the owner marked "bookable online" are offered. The
 * clinic is chosen by slug.
 */
import { createHash } from "node:crypto";
import { type Db, type Tx, withClinic, withoutClinic } from "../../db/pool.ts";
import {
  findSetupToken,
  setUserPassword,
  useSetupToken,
} from "../../db/repositories/account-setup.repository.ts";
import { appendAudit } from "../../db/repositories/audit.repository.ts";
import { getAppointment, listPatientAppointments } from "../../db/repositories/booking.repository.ts";
import {
  confirmBookingRequest,
  insertBookingRequest,
} from "../../db/repositories/booking-request.repository.ts";
import { findPublicClinic, type PublicClinic } from "../../db/repositories/clinic.repository.ts";
import { insertPatient } from "../../db/repositories/patient.repository.ts";
import {
  clinicContact,
  findPatientAccountByEmail,
  findPatientLocale,
  queuePatientSideMessage,
  setPatientLocale,
} from "../../db/repositories/patient-side.repository.ts";
import {
  type AppointmentTypeRow,
  listAppointmentTypes,
} from "../../db/repositories/scheduling-setup.repository.ts";
import { emailTaken, insertUser } from "../../db/repositories/user.repository.ts";
import { DomainError, notFound } from "../../domain/errors.ts";
import { accountSetupEmail, emailLocale } from "../../domain/patient/email-texts.ts";
import { ownRecord } from "../../domain/patient-access.ts";
import { newSetupToken, SETUP_TOKEN_DAYS, setupLinkUrl } from "./account-setup-link.ts";
import type { RequestOrigin } from "./auth.service.ts";
import { type BookingService, SlotTakenError } from "./booking.service.ts";
import { type Audit, clinicalTx } from "./clinical-tx.ts";
import { hashPassword } from "./passwords.ts";
import { holdForReturningPatient } from "./public-booking-returning.ts";
import { accessorOf, type RequestContext } from "./request-context.ts";
import { loadSlotContext } from "./slot-context.service.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const hashToken = (t: string) => createHash("sha256").update(t).digest();

export interface PublicHoldInput {
  slug?: string | undefined;
  typeId: string;
  startsAt: Date;
  givenName: string;
  familyName: string;
  email: string;
  phone: string;
  dateOfBirth: string;
  /** The visitor's self-check summary, already validated by the route's schema. */
  selfCheck?: { outcome: string | null; [member: string]: unknown } | undefined;
  /** The language the booking page was read in: a new visitor's e-mails and portal follow it. */
  locale?: "en" | "es" | undefined;
}

const publicType = (t: AppointmentTypeRow) => ({
  id: t.id,
  name: t.name,
  kind: t.kind,
  minutes: t.durationMinutes,
  priceCents: t.priceCents,
  description: t.description,
});

function auditAs(tx: Tx, origin: RequestOrigin, actorUserId: string | null): Audit {
  return (action, resourceType, resourceId, detail) =>
    appendAudit(tx, {
      actorUserId,
      actorRole: actorUserId ? "patient" : "public",
      action,
      resourceType,
      resourceId,
      ...origin,
      detail,
    });
}

export class PublicBookingService {
  readonly #db: Db;
  readonly #booking: BookingService;
  readonly #publicUrl: string;
  constructor(db: Db, booking: BookingService, publicUrl: string) {
    this.#db = db;
    this.#booking = booking;
    this.#publicUrl = publicUrl;
  }

  async #clinic(slug: string | undefined): Promise<PublicClinic> {
    const clinic = await withoutClinic(this.#db, (tx) => findPublicClinic(tx, slug ?? null));
    if (!clinic) throw notFound("clinic");
    return clinic;
  }

  /** The online-bookable type named by id or by kind ("consultation"). */
  async #type(tx: Tx, wanted: string): Promise<AppointmentTypeRow> {
    const open = (await listAppointmentTypes(tx)).filter((t) => t.active && t.bookableOnline);
    const type = UUID.test(wanted) ? open.find((t) => t.id === wanted) : open.find((t) => t.kind === wanted);
    if (!type)
      throw new DomainError(
        "not_found",
        "not_bookable_online",
        "this appointment type cannot be booked online",
        {
          [UUID.test(wanted) ? "body.typeId" : "querystring.type"]: "not bookable online",
        },
      );
    return type;
  }

  async slots(q: { slug?: string | undefined; type: string; from?: string | undefined; limit: number }) {
    const clinic = await this.#clinic(q.slug);
    return withClinic(this.#db, { clinicId: clinic.id }, async (tx) => {
      const type = await this.#type(tx, q.type);
      const r = await this.#booking.searchIn(
        tx,
        { typeId: type.id, patientId: null, from: q.from, limit: q.limit },
        Date.now(),
      );
      return {
        clinic: { name: clinic.name, slug: clinic.slug, phone: clinic.phone },
        type: publicType(type),
        timeZone: r.timeZone,
        // Which provider or room is free is the clinic's business; the visitor needs the time.
        slots: r.slots.map((s) => ({ startsAt: s.startsAt, endsAt: s.endsAt, date: s.date, time: s.time })),
      };
    });
  }

  async hold(origin: RequestOrigin, input: PublicHoldInput) {
    const clinic = await this.#clinic(input.slug);
    // The same hold for every e-mail: whether the address has an account here is decided only
    // at confirming, and never shown.
    const typeId = await withClinic(this.#db, { clinicId: clinic.id }, async (tx) => {
      return (await this.#type(tx, input.typeId)).id;
    });
    const made = await this.#booking
      .holdPublic(
        clinic.id,
        origin,
        {
          patientId: "",
          typeId,
          startsAt: input.startsAt,
          hold: true,
          via: "online",
        },
        async (tx) => {
          const patient = await insertPatient(tx, {
            givenName: input.givenName,
            familyName: input.familyName,
            dateOfBirth: input.dateOfBirth,
            sex: "unknown",
            email: input.email,
            phone: input.phone,
            fitzpatrick: null,
          });
          if (input.locale) await setPatientLocale(tx, patient.id, input.locale);
          // The request marks the record as made for this hold (the clean-up job removes it if the
          // hold is never confirmed) and keeps the visitor's self-check, if sent.
          const requestId = await insertBookingRequest(tx, patient.id, input.selfCheck ?? null);
          const audit = auditAs(tx, origin, null);
          await audit("patient.create", "patient", patient.id, { via: "online-booking" });
          await audit("booking-request.create", "patient", patient.id, {
            requestId,
            selfCheck: input.selfCheck ? (input.selfCheck.outcome ?? "answers-only") : null,
          });
          return patient.id;
        },
      )
      .catch(async (err) => {
        if (!(err instanceof SlotTakenError) || err.nextSlots.length > 0) throw err;
        // The visitor has no record yet: the next times are the clinic's open ones from then on.
        const after = input.startsAt.getTime();
        const from = new Intl.DateTimeFormat("en-CA", { timeZone: clinic.timeZone }).format(input.startsAt);
        const next = await this.slots({ slug: input.slug, type: typeId, from, limit: 200 }).catch(() => null);
        throw new SlotTakenError(
          err.code,
          err.message,
          err.fields,
          (next?.slots ?? [])
            .filter((s) => Date.parse(s.startsAt) >= after)
            .slice(0, 3)
            .map((s) => ({
              ...s,
              providerId: null,
              roomId: null,
              deviceId: null,
              segments: [],
              warnings: [],
            })),
        );
      });
    return {
      bookingId: made.appointment.id,
      holdToken: made.holdToken,
      heldUntil: made.appointment.heldUntil,
      startsAt: made.appointment.startsAt,
      endsAt: made.appointment.endsAt,
      type: made.appointment.type.name,
      timeZone: made.appointment.timeZone,
    };
  }

  /**
   * Confirms the hold. A new visitor is booked, and their account made with its password link
   * e-mailed; a returning patient's hold joins their own record (see `holdForReturningPatient`).
   * The answer is the same for both: what was asked for and where the e-mail went.
   */
  async confirm(origin: RequestOrigin, id: string, input: { slug?: string | undefined; holdToken: string }) {
    const clinic = await this.#clinic(input.slug);
    return withClinic(this.#db, { clinicId: clinic.id }, async (tx) => {
      const audit = auditAs(tx, origin, null);
      // Without the hold's own token nothing is said about the booking, not even that it exists.
      const held = await getAppointment(tx, id, true);
      if (!held?.holdTokenHash || !hashToken(input.holdToken).equals(held.holdTokenHash))
        throw notFound("booking");
      const email = held.patientEmail ?? "";
      const account = email ? await findPatientAccountByEmail(tx, email) : null;
      if (account && account.patientId !== held.patientId) {
        await holdForReturningPatient(tx, audit, origin, this.#publicUrl, held, account);
      } else {
        await this.#booking.confirmIn(tx, audit, null, id, input.holdToken);
        await confirmBookingRequest(tx, held.patientId, id);
        // An address used by a staff account here gets no second account: the visit is booked.
        if (email && !(await emailTaken(tx, email)))
          await this.#newAccount(tx, audit, held.patientId, email, held.patientName);
      }
      return {
        booking: {
          type: held.typeName,
          startsAt: held.startsAt,
          endsAt: held.endsAt,
          timeZone: held.timeZone,
          location: held.locationName,
        },
        email,
      };
    });
  }

  /** The new visitor's portal account, without a password: its set-up link goes by e-mail. */
  async #newAccount(tx: Tx, audit: Audit, patientId: string, email: string, name: string) {
    const user = await insertUser(tx, {
      email,
      name,
      role: "patient",
      credential: null,
      maxNeedleDepthMm: null,
      patientId,
      passwordHash: null,
    });
    const tokenId = await newSetupToken(tx, user.id);
    await audit("account.create", "user", user.id, { role: "patient", via: "online-booking" });
    const clinic = await clinicContact(tx);
    await queuePatientSideMessage(tx, {
      kind: "account-setup",
      patientId,
      toAddress: email,
      ...accountSetupEmail(emailLocale(await findPatientLocale(tx, patientId)), {
        firstName: name.split(" ")[0] ?? "",
        clinic: clinic.name,
        url: setupLinkUrl(this.#publicUrl),
        days: SETUP_TOKEN_DAYS,
      }),
      dedupeKey: `account-setup:${tokenId}`,
      sendAfter: new Date(),
      accountSetupTokenId: tokenId,
    });
  }

  /** Sets the password of an account made during online booking; the token works once. */
  async setupAccount(origin: RequestOrigin, token: string, password: string): Promise<{ email: string }> {
    const gone = () =>
      new DomainError("not_found", "setup_token_not_found", "this link was used or has expired", {
        "body.token": "unknown or expired",
      });
    const found = await withoutClinic(this.#db, (tx) => findSetupToken(tx, hashToken(token)));
    if (!found) throw gone();
    const passwordHash = await hashPassword(password);
    return withClinic(this.#db, { clinicId: found.clinicId, userId: found.userId }, async (tx) => {
      if (!(await useSetupToken(tx, found.tokenId))) throw gone();
      const email = await setUserPassword(tx, found.userId, passwordHash);
      if (!email) throw gone();
      await auditAs(tx, origin, found.userId)("account.password-set", "user", found.userId);
      return { email };
    });
  }

  /**
   * What a signed-in patient may book from the portal: the treatment and review types, the plan's
   * series values from their screening, and the sessions they already have booked.
   */
  portalOptions(context: RequestContext) {
    const own = ownRecord(accessorOf(context.principal));
    if (!own.ok) throw notFound("patient record");
    const { patientId } = own;
    return clinicalTx(this.#db, context, async (tx, audit) => {
      // A patient books a consultation (a first one, or to talk a plan over) as well as sessions.
      const types = (await listAppointmentTypes(tx)).filter(
        (t) => t.active && (t.kind === "microneedling" || t.kind === "review" || t.kind === "consultation"),
      );
      const session = types.find((t) => t.kind === "microneedling");
      let plan: {
        sessions: { min: number; max: number };
        intervalWeeks: { min: number; max: number };
      } | null = null;
      let screening = "missing";
      if (session) {
        const ctx = await loadSlotContext(tx, {
          typeId: session.id,
          patientId,
          first: "2000-01-01",
          last: "2000-01-01",
          limit: 1,
          now: Date.now(),
        });
        screening = ctx.facts?.gate.status ?? "missing";
        const series = ctx.facts?.series;
        if (series) plan = { sessions: series.sessions, intervalWeeks: series.intervalWeeks };
        // An accepted treatment plan says how many sessions are left and how far apart.
        const agreed = ctx.treatmentPlan;
        if (agreed) {
          const left = Math.max(0, agreed.sessions - agreed.charted);
          plan = {
            sessions: { min: Math.min(1, left), max: left },
            intervalWeeks: {
              min: agreed.intervalWeeks,
              max: Math.max(agreed.intervalWeeks, series?.intervalWeeks.max ?? agreed.intervalWeeks),
            },
          };
        }
      }
      const now = Date.now();
      const upcoming = (await listPatientAppointments(tx, patientId)).filter(
        (a) => a.kind === "microneedling" && a.status === "booked" && a.startsAt.getTime() > now,
      );
      await audit("booking.options", "patient", patientId, { screening });
      // What the patient can book first comes first: a session once screened, a consultation before.
      const first = screening === "eligible" ? "microneedling" : "consultation";
      types.sort((a, b) => Number(b.kind === first) - Number(a.kind === first));
      return {
        types: types.map(publicType),
        plan,
        screening,
        upcomingSessions: upcoming.map((a) => ({
          id: a.id,
          startsAt: a.startsAt,
          seriesIndex: a.seriesIndex,
        })),
      };
    });
  }
}
