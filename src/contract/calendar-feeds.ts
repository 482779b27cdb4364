// A private calendar subscription: its address carries a secret token, because calendar apps
// cannot sign in. A patient subscribes to their visits, a provider to their diary.
import { z } from "zod";
import { instant } from "./codecs.ts";
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

/** The caller's own live links: when each was made, never its secret (shown once, when made). */
export const calendarFeedList = z.object({ feeds: z.array(z.object({ id: z.uuid(), createdAt: instant })) });
export const myCalendarFeeds = endpoint("GET", "/api/calendar-feeds", calendarFeedList);

// Writes the web sends.
/** Makes a feed (201) and answers its address. */
export const makeCalendarFeed = action("POST", "/api/calendar-feeds", calendarFeedBody, calendarFeedMade);
export const stopCalendarFeed = endpoint("DELETE", "/api/calendar-feeds/:id", calendarFeedRevoked);
