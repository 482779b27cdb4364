import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import {
  blockBody,
  closureBody,
  deviceBody,
  devicePatch,
  idParams,
  licenceBody,
  locationBody,
  locationPatch,
  locationReopened,
  locationRetired,
  openingHoursBody,
  providerHoursBody,
  removedEntry,
  roomBody,
  roomPatch,
  settingsBody,
  setupQuery,
  setupView,
  typeBody,
} from "../../../contract/setup.ts";
import type { Db } from "../../../db/pool.ts";
import { ctx, OWNER, STAFF } from "../../http/access.ts";
import { SchedulingSetupService } from "../../services/scheduling-setup.service.ts";

const DAY = 86_400_000;

/** Clinic set-up for scheduling: staff read it, the owner changes it. */
export const setupRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  const setup = new SchedulingSetupService(db);
  const tags = ["setup"];

  app.get(
    "/api/setup",
    { config: { access: STAFF }, schema: { tags, querystring: setupQuery, response: { 200: setupView } } },
    async (req) => {
      const from = req.query.from ?? new Date(Date.now() - 30 * DAY);
      const to = req.query.to ?? new Date(Date.now() + 365 * DAY);
      return setup.get(ctx(req), from, to);
    },
  );
  app.put(
    "/api/setup/settings",
    { config: { access: OWNER }, schema: { tags, body: settingsBody } },
    async (req) => ({
      settings: await setup.updateSettings(ctx(req), req.body),
    }),
  );
  app.post(
    "/api/setup/locations",
    { config: { access: OWNER }, schema: { tags, body: locationBody } },
    async (req, reply) => reply.status(201).send({ location: await setup.addLocation(ctx(req), req.body) }),
  );
  app.patch(
    "/api/setup/locations/:id",
    { config: { access: OWNER }, schema: { tags, params: idParams, body: locationPatch } },
    async (req) => ({
      location: await setup.renameLocation(ctx(req), req.params.id, req.body),
    }),
  );
  app.post(
    "/api/setup/locations/:id/retire",
    { config: { access: OWNER }, schema: { tags, params: idParams, response: { 200: locationRetired } } },
    async (req) => setup.retireLocation(ctx(req), req.params.id),
  );
  app.post(
    "/api/setup/locations/:id/reopen",
    { config: { access: OWNER }, schema: { tags, params: idParams, response: { 200: locationReopened } } },
    async (req) => setup.reopenLocation(ctx(req), req.params.id),
  );
  app.put(
    "/api/setup/providers/:id/licence",
    { config: { access: OWNER }, schema: { tags, params: idParams, body: licenceBody } },
    async (req) => ({
      provider: await setup.updateLicence(ctx(req), req.params.id, req.body),
    }),
  );
  app.put(
    "/api/setup/locations/:id/opening-hours",
    { config: { access: OWNER }, schema: { tags, params: idParams, body: openingHoursBody } },
    async (req) => ({
      openingHours: await setup.setOpeningHours(ctx(req), req.params.id, req.body.hours),
    }),
  );
  app.post(
    "/api/setup/closures",
    { config: { access: OWNER }, schema: { tags, body: closureBody } },
    async (req, reply) => reply.status(201).send({ closure: await setup.addClosure(ctx(req), req.body) }),
  );
  app.delete(
    "/api/setup/closures/:id",
    { config: { access: OWNER }, schema: { tags, params: idParams, response: { 200: removedEntry } } },
    async (req) => setup.removeClosure(ctx(req), req.params.id),
  );
  app.put(
    "/api/setup/providers/:id/hours",
    { config: { access: OWNER }, schema: { tags, params: idParams, body: providerHoursBody } },
    async (req) => ({
      providerHours: await setup.setProviderHours(ctx(req), req.params.id, req.body.hours),
    }),
  );
  app.post(
    "/api/setup/time-off",
    { config: { access: OWNER }, schema: { tags, body: blockBody } },
    async (req, reply) => reply.status(201).send({ timeOff: await setup.addTimeOff(ctx(req), req.body) }),
  );
  app.delete(
    "/api/setup/time-off/:id",
    { config: { access: OWNER }, schema: { tags, params: idParams, response: { 200: removedEntry } } },
    async (req) => setup.removeTimeOff(ctx(req), req.params.id),
  );
  app.post(
    "/api/setup/maintenance",
    { config: { access: OWNER }, schema: { tags, body: blockBody } },
    async (req, reply) =>
      reply.status(201).send({ maintenance: await setup.addMaintenance(ctx(req), req.body) }),
  );
  app.delete(
    "/api/setup/maintenance/:id",
    { config: { access: OWNER }, schema: { tags, params: idParams, response: { 200: removedEntry } } },
    async (req) => setup.removeMaintenance(ctx(req), req.params.id),
  );
  app.post(
    "/api/setup/rooms",
    { config: { access: OWNER }, schema: { tags, body: roomBody } },
    async (req, reply) => reply.status(201).send({ room: await setup.addRoom(ctx(req), req.body) }),
  );
  app.patch(
    "/api/setup/rooms/:id",
    { config: { access: OWNER }, schema: { tags, params: idParams, body: roomPatch } },
    async (req) => ({ room: await setup.updateRoom(ctx(req), req.params.id, req.body) }),
  );
  app.post(
    "/api/setup/devices",
    { config: { access: OWNER }, schema: { tags, body: deviceBody } },
    async (req, reply) => reply.status(201).send({ device: await setup.addDevice(ctx(req), req.body) }),
  );
  app.patch(
    "/api/setup/devices/:id",
    { config: { access: OWNER }, schema: { tags, params: idParams, body: devicePatch } },
    async (req) => ({
      device: await setup.updateDevice(ctx(req), req.params.id, req.body),
    }),
  );
  app.post(
    "/api/setup/appointment-types",
    { config: { access: OWNER }, schema: { tags, body: typeBody } },
    async (req, reply) =>
      reply.status(201).send({ appointmentType: await setup.addType(ctx(req), req.body) }),
  );
  app.put(
    "/api/setup/appointment-types/:id",
    { config: { access: OWNER }, schema: { tags, params: idParams, body: typeBody } },
    async (req) => ({
      appointmentType: await setup.updateType(ctx(req), req.params.id, req.body),
    }),
  );
};
