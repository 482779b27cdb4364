import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { portalBookingOptionsView } from "../../../contract/portal.ts";
import {
  accountReady,
  accountSetupBody,
  bookingParams,
  confirmBookingBody,
  confirmedBooking,
  heldBooking,
  holdBody,
  publicSlot,
  publicSlots,
  publicSlotsQuery,
} from "../../../contract/public-booking.ts";
import type { Db } from "../../../db/pool.ts";
import type { Config } from "../../config.ts";
import { ctx, origin, PATIENT } from "../../http/access.ts";
import { errorBody } from "../../http/errors.ts";
import { type BookingService, SlotTakenError } from "../../services/booking.service.ts";
import { PublicBookingService } from "../../services/public-booking.service.ts";

const tags = ["public booking"];

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
        querystring: publicSlotsQuery,
        response: { 200: publicSlots, 404: errorBody },
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
          201: heldBooking,
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
        params: bookingParams,
        body: confirmBookingBody,
        response: { 200: confirmedBooking },
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
        body: accountSetupBody,
        response: { 200: accountReady },
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
