import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Db } from "../../../db/pool.ts";
import { origin, principalOf, STAFF } from "../../http/access.ts";
import { errorBody } from "../../http/errors.ts";
import { BookingRequestService } from "../../services/booking-request.service.ts";

export const bookingRequestRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  const service = new BookingRequestService(db);
  app.get(
    "/api/patients/:id/booking-requests",
    {
      config: { access: STAFF },
      schema: {
        tags: ["public booking"],
        description:
          "What the patient sent with an online booking: the self-check summary is their own account, not a screening.",
        params: z.strictObject({ id: z.uuid() }),
        response: {
          200: z.object({
            requests: z.array(
              z.object({
                id: z.uuid(),
                appointmentId: z.uuid().nullable(),
                appointmentStartsAt: z.date().nullable(),
                createdAt: z.date(),
                confirmedAt: z.date().nullable(),
                // As validated by selfCheckNote when it was sent.
                selfCheck: z.record(z.string(), z.unknown()).nullable(),
              }),
            ),
          }),
          404: errorBody,
        },
      },
    },
    async (req) => service.list(principalOf(req), origin(req), req.params.id),
  );
};
