import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import {
  bookBody,
  bookedVisit,
  calendarQuery,
  calendarResponse,
  cancelBody,
  idParams,
  noteBody,
  oneAppointment,
  outboxQuery,
  outboxResponse,
  rescheduleBody,
  seriesBody,
  seriesBooked,
  slotsQuery,
  slotsResponse,
  slotTakenBody,
  statusChanged,
} from "../../../contract/appointments.ts";
import type { Db } from "../../../db/pool.ts";
import { ctx, STAFF } from "../../http/access.ts";
import { errorBody } from "../../http/errors.ts";
import { type BookingService, SlotTakenError } from "../../services/booking.service.ts";

/** The one place a taken slot becomes its 409 body with the next free slots. */
export function installSlotTakenHandler(app: Parameters<FastifyPluginAsyncZod>[0]): void {
  app.setErrorHandler((err, _req, reply) => {
    if (err instanceof SlotTakenError) {
      return reply
        .status(409)
        .send({ error: err.code, message: err.message, fields: err.fields, nextSlots: err.nextSlots });
    }
    // Everything else goes to the app's error handler.
    throw err;
  });
}

export const appointmentRoutes: FastifyPluginAsyncZod<{ db: Db; booking: BookingService }> = async (
  app,
  opts,
) => {
  // Built once in app.ts and shared with public booking: one queue of bookings per app server.
  const booking = opts.booking;
  installSlotTakenHandler(app);
  const tags = ["appointments"];
  const one = oneAppointment;

  app.get(
    "/api/slots",
    {
      config: { access: "signed-in" },
      schema: { tags, querystring: slotsQuery, response: { 200: slotsResponse } },
    },
    async (req) => booking.search(ctx(req), { ...req.query, patientId: req.query.patientId ?? null }),
  );

  app.post(
    "/api/appointments",
    {
      config: { access: "signed-in" },
      schema: {
        tags,
        body: bookBody,
        response: {
          201: bookedVisit,
          409: slotTakenBody.or(errorBody),
        },
      },
    },
    async (req, reply) => reply.status(201).send(await booking.book(ctx(req), req.body)),
  );

  app.post(
    "/api/appointment-series",
    {
      config: { access: "signed-in" },
      schema: { tags, body: seriesBody, response: { 201: seriesBooked } },
    },
    async (req, reply) => reply.status(201).send(await booking.bookSeries(ctx(req), req.body)),
  );

  app.get(
    "/api/appointments/:id",
    { config: { access: "signed-in" }, schema: { tags, params: idParams } },
    async (req) => booking.get(ctx(req), req.params.id),
  );

  app.post(
    "/api/appointments/:id/confirm",
    { config: { access: "signed-in" }, schema: { tags, params: idParams, response: { 200: one } } },
    async (req) => ({ appointment: await booking.confirm(ctx(req), req.params.id) }),
  );

  app.post(
    "/api/appointments/:id/reschedule",
    { config: { access: "signed-in" }, schema: { tags, params: idParams, body: rescheduleBody } },
    async (req) => booking.reschedule(ctx(req), req.params.id, req.body),
  );

  app.post(
    "/api/appointments/:id/cancel",
    {
      config: { access: "signed-in" },
      schema: { tags, params: idParams, body: cancelBody, response: { 200: statusChanged } },
    },
    async (req) => ({
      appointment: await booking.setStatus(
        ctx(req),
        req.params.id,
        "cancelled",
        req.body.reason,
        req.body.note ?? null,
      ),
    }),
  );

  app.post(
    "/api/appointments/:id/no-show",
    {
      config: { access: STAFF },
      schema: { tags, params: idParams, body: noteBody, response: { 200: statusChanged } },
    },
    async (req) => ({
      appointment: await booking.setStatus(ctx(req), req.params.id, "no_show", null, req.body.note ?? null),
    }),
  );

  app.post(
    "/api/appointments/:id/check-in",
    { config: { access: STAFF }, schema: { tags, params: idParams, response: { 200: statusChanged } } },
    async (req) => ({
      appointment: await booking.setStatus(ctx(req), req.params.id, "checked_in", null, null),
    }),
  );

  app.post(
    "/api/appointments/:id/undo-check-in",
    {
      config: { access: STAFF },
      schema: { tags, params: idParams, body: noteBody.optional(), response: { 200: statusChanged } },
    },
    async (req) => ({
      appointment: await booking.undoCheckIn(ctx(req), req.params.id, req.body?.note ?? null),
    }),
  );

  app.get(
    "/api/calendar",
    {
      config: { access: STAFF },
      schema: {
        tags,
        querystring: calendarQuery,
        response: { 200: calendarResponse },
      },
    },
    async (req) => ({
      appointments: await booking.calendar(ctx(req), req.query.from, req.query.to),
    }),
  );

  app.get(
    "/api/outbox",
    {
      config: { access: STAFF },
      schema: {
        tags,
        querystring: outboxQuery,
        response: { 200: outboxResponse },
      },
    },
    async (req) => ({
      messages: await booking.outbox(ctx(req), req.query.limit, req.query.patientId ?? null),
    }),
  );
};
