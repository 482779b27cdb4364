/**
 * Calendar feeds: a secret, revocable URL per patient or provider that calendar apps poll, and
 * an .ics per booking ("add to calendar"). A feed shows the patient's own appointments, or the
 * provider's, from 30 days back; every fetch is audited.
 */
import { createHash, randomBytes } from "node:crypto";
import { type Db, withClinic, withoutClinic } from "../../db/pool.ts";
import { appendAudit } from "../../db/repositories/audit.repository.ts";
import {
  type AppointmentRow,
  getAppointment,
  listPatientAppointments,
  listProviderAppointments,
} from "../../db/repositories/booking.repository.ts";
import {
  findFeedByToken,
  getFeed,
  insertFeed,
  listLiveFeeds,
  revokeFeed,
} from "../../db/repositories/calendar-feed.repository.ts";
import { DomainError, notFound } from "../../domain/errors.ts";
import { feedTarget, mayReachPatient, mayRevokeFeed } from "../../domain/patient-access.ts";
import type { RequestOrigin } from "./auth.service.ts";
import { clinicalTx } from "./clinical-tx.ts";
import { appointmentsToIcs } from "./ics.service.ts";
import { accessorOf, type RequestContext } from "./request-context.ts";

const hashToken = (token: string) => createHash("sha256").update(token).digest();

const toIcs = (a: AppointmentRow, forProvider: boolean) => ({
  id: a.id,
  startsAt: a.startsAt,
  endsAt: a.endsAt,
  timeZone: a.timeZone,
  // A provider's calendar app is outside the clinic: initials only, never a full name.
  title: forProvider
    ? `${a.typeName} – ${a.patientName
        .split(" ")
        .map((w) => w[0])
        .join("")}`
    : a.typeName,
  status: a.status,
  location: [a.locationName, a.roomName].filter(Boolean).join(", "),
  description: null,
  updatedAt: a.updatedAt,
});

export class CalendarFeedService {
  readonly #db: Db;
  readonly #host: string;
  constructor(db: Db, publicUrl: string) {
    this.#db = db;
    this.#host = new URL(publicUrl).host;
  }

  create(ctx: RequestContext, target: { patientId?: string | undefined; providerId?: string | undefined }) {
    const decided = feedTarget(accessorOf(ctx.principal), target);
    if (!decided.ok && decided.refusal === "one_of") {
      throw new DomainError("invalid", "validation", "give exactly one of patientId or providerId", {
        "body.patientId": "exactly one of patientId, providerId",
      });
    }
    if (!decided.ok) {
      throw new DomainError("forbidden", "forbidden", "providers make feeds of their own calendar only");
    }
    const { patientId, providerId } = decided;
    return clinicalTx(this.#db, ctx, async (tx, audit) => {
      const token = randomBytes(32).toString("base64url");
      const feed = await insertFeed(tx, {
        patientId,
        providerId,
        tokenHash: hashToken(token),
        createdBy: ctx.principal.user.id,
      });
      await audit("calendar_feed.create", "calendar_feed", feed.id, { patientId, providerId });
      return { id: feed.id, token, path: `/api/calendar-feeds/${token}.ics` };
    });
  }

  /**
   * The caller's own live links (a patient's visits, a provider's diary), so they can be seen and
   * stopped after the page that made them is gone; the secret itself is never shown again.
   */
  listOwn(ctx: RequestContext) {
    const user = ctx.principal.user;
    return clinicalTx(this.#db, ctx, async (tx, audit) => {
      const feeds =
        user.role !== "patient"
          ? await listLiveFeeds(tx, { patientId: null, providerId: user.id })
          : user.patientId === null
            ? []
            : await listLiveFeeds(tx, { patientId: user.patientId, providerId: null });
      await audit("calendar_feed.list", "user", user.id, { count: feeds.length });
      return { feeds };
    });
  }

  revoke(ctx: RequestContext, id: string) {
    return clinicalTx(this.#db, ctx, async (tx, audit) => {
      const feed = await getFeed(tx, id);
      if (!feed || !mayRevokeFeed(accessorOf(ctx.principal), feed)) throw notFound("calendar feed");
      await revokeFeed(tx, id);
      await audit("calendar_feed.revoke", "calendar_feed", id);
      return { id, revoked: true };
    });
  }

  /** The feed behind a token; a revoked or unknown token is simply not found. */
  async feed(token: string, origin: RequestOrigin): Promise<string> {
    const owner = await withoutClinic(this.#db, (tx) => findFeedByToken(tx, hashToken(token)));
    if (!owner) throw notFound("calendar feed");
    return withClinic(this.#db, { clinicId: owner.clinicId }, async (tx) => {
      const from = new Date(Date.now() - 30 * 86_400_000);
      const rows = owner.patientId
        ? (await listPatientAppointments(tx, owner.patientId)).filter(
            (a) => a.startsAt >= from && !a.heldUntil,
          )
        : await listProviderAppointments(tx, owner.providerId!, from);
      await appendAudit(tx, {
        actorUserId: null,
        actorRole: "calendar-feed",
        action: "calendar_feed.read",
        resourceType: "calendar_feed",
        resourceId: owner.feedId,
        ...origin,
        detail: { count: rows.length },
      });
      return appointmentsToIcs(
        "Remodel appointments",
        rows.map((a) => toIcs(a, owner.providerId !== null)),
        this.#host,
      );
    });
  }

  /** "Add to calendar" for one booking. */
  one(ctx: RequestContext, id: string) {
    return clinicalTx(this.#db, ctx, async (tx, audit) => {
      const a = await getAppointment(tx, id);
      if (!a || !mayReachPatient(accessorOf(ctx.principal), a.patientId)) throw notFound("appointment");
      await audit("appointment.ics", "appointment", id);
      return appointmentsToIcs(a.typeName, [toIcs(a, false)], this.#host);
    });
  }
}
