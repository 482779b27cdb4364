// Values whose JSON form differs from their form in code. The server encodes with these (Fastify's
// serializer runs zod's encode), the web decodes with them, so each side sees the right type.
import { z } from "zod";

/** An instant: a Date in code, an ISO 8601 string ("2026-12-07T14:00:00.000Z") on the wire. */
export const instant = z.codec(z.iso.datetime({ offset: true }), z.date(), {
  decode: (iso) => new Date(iso),
  encode: (date) => date.toISOString(),
});
