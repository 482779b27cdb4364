import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import {
  calendarFeedBody,
  calendarFeedList,
  calendarFeedMade,
  calendarFeedParams,
  calendarFeedRevoked,
} from "../../../contract/calendar-feeds.ts";
import type { Db } from "../../../db/pool.ts";
import type { Config } from "../../config.ts";
import { ctx, origin } from "../../http/access.ts";
import { CalendarFeedService } from "../../services/calendar-feed.service.ts";

const idParams = z.strictObject({ id: z.uuid() });

export const calendarFeedRoutes: FastifyPluginAsyncZod<{ db: Db; config: Config }> = async (
  app,
  { db, config },
) => {
  const feeds = new CalendarFeedService(db, config.publicUrl);
  const tags = ["calendar"];

  app.post(
    "/api/calendar-feeds",
    {
      config: { access: "signed-in" },
      schema: {
        tags,
        body: calendarFeedBody,
        response: { 201: calendarFeedMade },
      },
    },
    async (req, reply) => {
      const feed = await feeds.create(ctx(req), req.body);
      return reply.status(201).send({ ...feed, url: `${config.publicUrl}${feed.path}` });
    },
  );

  app.get(
    "/api/calendar-feeds",
    { config: { access: "signed-in" }, schema: { tags, response: { 200: calendarFeedList } } },
    async (req) => feeds.listOwn(ctx(req)),
  );

  app.delete(
    "/api/calendar-feeds/:id",
    {
      config: { access: "signed-in" },
      schema: { tags, params: calendarFeedParams, response: { 200: calendarFeedRevoked } },
    },
    async (req) => feeds.revoke(ctx(req), req.params.id),
  );

  // The token is the credential: calendar apps cannot sign in. Rate-limited against guessing.
  app.get(
    "/api/calendar-feeds/:file",
    {
      config: { access: "public", rateLimit: { max: 120, timeWindow: 60_000 } },
      schema: {
        tags,
        params: z.strictObject({ file: z.string().regex(/^[A-Za-z0-9_-]{43}\.ics$/, "not a feed") }),
      },
    },
    async (req, reply) => {
      const ics = await feeds.feed(req.params.file.slice(0, -4), origin(req));
      return reply
        .type("text/calendar; charset=utf-8")
        .header("cache-control", "private, max-age=300")
        .send(ics);
    },
  );

  app.get(
    "/api/appointments/:id/ics",
    { config: { access: "signed-in" }, schema: { tags, params: idParams } },
    async (req, reply) => {
      const ics = await feeds.one(ctx(req), req.params.id);
      return reply
        .type("text/calendar; charset=utf-8")
        .header("content-disposition", `attachment; filename="appointment-${req.params.id}.ics"`)
        .send(ics);
    },
  );
};
