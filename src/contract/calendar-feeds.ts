// A private calendar subscription: its address carries a secret token, because calendar apps
// cannot sign in. A patient subscribes to their visits, a provider to their diary.
import { z } from "zod";
import { action, endpoint } from "./endpoint.ts";

export const calendarFeedBody = z.strictObject({
  patientId: z.uuid().optional(),
  providerId: z.uuid().optional(),
});

export const calendarFeedMade = z.object({
  id: z.uuid(),
  token: z.string(),
  path: z.string(),
  url: z.string(),
});
export type CalendarFeedMade = z.output<typeof calendarFeedMade>;
export const calendarFeedParams = z.strictObject({ id: z.uuid() });
export const calendarFeedRevoked = z.object({ id: z.uuid(), revoked: z.boolean() });

// Writes the web sends.
/** Makes a feed (201) and answers its address. */
export const makeCalendarFeed = action("POST", "/api/calendar-feeds", calendarFeedBody, calendarFeedMade);
export const stopCalendarFeed = endpoint("DELETE", "/api/calendar-feeds/:id", calendarFeedRevoked);
