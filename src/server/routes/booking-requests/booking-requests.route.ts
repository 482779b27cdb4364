import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { bookingRequestList, bookingRequestsParams } from "../../../contract/booking-requests.ts";
import type { Db } from "../../../db/pool.ts";
import { ctx, STAFF } from "../../http/access.ts";
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
        params: bookingRequestsParams,
        response: {
          200: bookingRequestList,
          404: errorBody,
        },
      },
    },
    async (req) => service.list(ctx(req), req.params.id),
  );
};
