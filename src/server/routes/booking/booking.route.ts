import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { portalBookingOptionsView } from "../../../contract/portal.ts";
import { selfCheckNote } from "../../../contract/self-check-note.ts";
import type { Db } from "../../../db/pool.ts";
import type { Config } from "../../config.ts";
import { ctx, origin, PATIENT } from "../../http/access.ts";
import { errorBody } from "../../http/errors.ts";
import { type BookingService, SlotTakenError } from "../../services/booking.service.ts";
import { PublicBookingService } from "../../services/public-booking.service.ts";

const tags = ["public booking"];
const isoDate = z.iso.date();
const publicSlot = z.object({ startsAt: z.string(), endsAt: z.string(), date: z.string(), time: z.string() });

const slotsQuery = z.strictObject({
  slug: z.string().max(63).optional(),
  type: z.string().min(1).max(64).default("consultation"),
  from: isoDate.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(40),
});

const holdBody = z.strictObject({
  slug: z.string().max(63).optional(),
  typeId: z.uuid(),
  startsAt: z.coerce.date(),
  givenName: z.string().trim().min(1, "required").max(100),
  familyName: z.string().trim().min(1, "required").max(100),
  email: z.email("not an e-mail address").max(254).toLowerCase(),
  phone: z
    .string()
    .trim()
    .regex(/^\+?[0-9 ()-]{6,24}$/, "digits, spaces and + ( ) - only"),
  dateOfBirth: isoDate.refine((d) => d >= "1900-01-01", "not a plausible date of birth"),
  // The visitor's own self-check, if they chose to send it (shown to staff; never a screening).
  selfCheck: selfCheckNote.optional(),
  // The language the page was read in (a new visitor's e-mails follow it).
  locale: z.enum(["en", "es"]).optional(),
});

const takenBody = z.object({
  error: z.string(),
  message: z.string(),
  fields: z.record(z.string(), z.string()),
  nextSlots: z.array(publicSlot),
});

export const publicBookingRoutes: FastifyPluginAsyncZod<{
  db: Db;
  /** The app's one booking service (built in app.ts, shared with the appointment routes). */
  booking: BookingService;
  perMinute?: number;
  config: Config;
}> = async (app, opts) => {
  const service = new PublicBookingService(
    opts.db,
    opts.booking,
    opts.config.publicUrl,
    Boolean(opts.config.mail.smtpUrl),
  );
  const perMinute = opts.perMinute ?? 10;
  // A taken time answers 409 with the next free times, without saying who or which room.
  app.setErrorHandler((err, _req, reply) => {
    if (err instanceof SlotTakenError) {
      return reply.status(409).send({
        error: err.code,
        message: err.message,
        fields: err.fields,
        nextSlots: err.nextSlots.map(({ startsAt, endsAt, date, time }) => ({
          startsAt,
          endsAt,
          date,
          time,
        })),
      });
    }
    throw err;
  });

  app.get(
    "/api/public/slots",
    {
      config: { access: "public", rateLimit: { max: perMinute * 6, timeWindow: 60_000 } },
      schema: {
        tags,
        querystring: slotsQuery,
        response: {
          200: z.object({
            clinic: z.object({ name: z.string(), slug: z.string(), phone: z.string().nullable() }),
            type: z.object({
              id: z.uuid(),
              name: z.string(),
              kind: z.string(),
              minutes: z.number(),
              priceCents: z.number(),
              description: z.string(),
            }),
            timeZone: z.string(),
            slots: z.array(publicSlot),
          }),
          404: errorBody,
        },
      },
    },
    async (req) => service.slots(req.query),
  );

  app.post(
    "/api/public/bookings",
    {
      config: { access: "public", rateLimit: { max: perMinute, timeWindow: 60_000 } },
      schema: {
        tags,
        body: holdBody,
        response: {
          201: z.object({
            bookingId: z.uuid(),
            holdToken: z.string(),
            heldUntil: z.date().nullable(),
            startsAt: z.date(),
            endsAt: z.date(),
            type: z.string(),
            timeZone: z.string(),
          }),
          409: takenBody.or(errorBody),
        },
      },
    },
    // The same answer for every e-mail, whether or not it has an account here (see the service).
    async (req, reply) => reply.status(201).send(await service.hold(origin(req), req.body)),
  );

  app.post(
    "/api/public/bookings/:id/confirm",
    {
      config: { access: "public", rateLimit: { max: perMinute, timeWindow: 60_000 } },
      schema: {
        tags,
        params: z.strictObject({ id: z.uuid() }),
        body: z.strictObject({ slug: z.string().max(63).optional(), holdToken: z.string().min(20).max(100) }),
        response: {
          200: z
            .object({
              booking: z.object({
                type: z.string(),
                startsAt: z.date(),
                endsAt: z.date(),
                timeZone: z.string(),
                location: z.string(),
              }),
              email: z.string(),
              byEmail: z
                .boolean()
                .describe("false when the server has no mail server: the clinic calls to confirm instead"),
            })
            .describe(
              "The same for every e-mail: what was asked for and where the e-mail went (a password link for a new visitor, a sign-in link for a patient with an account), or that the clinic will call when no e-mail can be sent.",
            ),
        },
      },
    },
    async (req) => service.confirm(origin(req), req.params.id, req.body),
  );

  app.post(
    "/api/public/account-setup",
    {
      config: { access: "public", rateLimit: { max: perMinute, timeWindow: 60_000 } },
      schema: {
        tags,
        body: z.strictObject({
          token: z.string().min(20).max(100),
          password: z.string().min(10, "at least 10 characters").max(1024),
        }),
        response: { 200: z.object({ email: z.string() }) },
      },
    },
    async (req) => service.setupAccount(origin(req), req.body.token, req.body.password),
  );

  app.get(
    "/api/portal/booking-options",
    {
      config: { access: PATIENT },
      schema: { tags: ["portal"], response: { 200: portalBookingOptionsView } },
    },
    async (req) => service.portalOptions(ctx(req)),
  );
};
