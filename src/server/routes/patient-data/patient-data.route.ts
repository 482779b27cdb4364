/**
 * A patient's data rights, for the clinic's owner: export everything, restrict processing,
 * erase (anonymise) once the clinical-record retention period allows it.
 */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import {
  dataRightsStatus,
  erasureView,
  patientExport,
  patientIdParams,
  restrictionView,
} from "../../../contract/patient-data.ts";
import type { Db } from "../../../db/pool.ts";
import type { Config } from "../../config.ts";
import { ctx, OWNER, type principalOf } from "../../http/access.ts";
import { errorBody } from "../../http/errors.ts";
import { actorFromPrincipal, PatientDataRightsService } from "../../services/patient-data-rights.service.ts";
import { photoStorageFor } from "../../storage/storage-from-config.ts";

export const patientDataRoutes: FastifyPluginAsyncZod<{ db: Db; config: Config }> = async (
  app,
  { db, config },
) => {
  const rights = new PatientDataRightsService(db, {
    retentionYears: config.recordRetentionYears,
    photos: photoStorageFor(config),
  });
  const actor = (req: Parameters<typeof principalOf>[0]) => actorFromPrincipal(ctx(req));

  app.get(
    "/api/patients/:id/export",
    {
      config: { access: OWNER },
      schema: {
        tags: ["patient data rights"],
        summary: "Everything stored about one patient, as JSON (a download)",
        params: patientIdParams,
        response: { 200: patientExport, 404: errorBody },
      },
    },
    async (req, reply) => {
      const data = await rights.export(actor(req), req.params.id);
      reply.header("content-disposition", `attachment; filename="patient-${req.params.id}.json"`);
      return data;
    },
  );

  app.get(
    "/api/patients/:id/data-rights",
    {
      config: { access: OWNER },
      schema: {
        tags: ["patient data rights"],
        summary: "Restriction, anonymisation and the date erasure becomes possible",
        params: patientIdParams,
        response: { 200: dataRightsStatus, 404: errorBody },
      },
    },
    async (req) => rights.status(actor(req), req.params.id),
  );

  app.post(
    "/api/patients/:id/restriction",
    {
      config: { access: OWNER },
      schema: {
        tags: ["patient data rights"],
        summary: "Restrict processing: hidden from lists, no bookings or messages; upcoming visits cancelled",
        params: patientIdParams,
        response: { 200: restrictionView, 404: errorBody, 409: errorBody },
      },
    },
    async (req) => rights.restrict(actor(req), req.params.id),
  );

  app.delete(
    "/api/patients/:id/restriction",
    {
      config: { access: OWNER },
      schema: {
        tags: ["patient data rights"],
        summary: "Lift a restriction of processing",
        params: patientIdParams,
        response: { 200: restrictionView, 404: errorBody, 409: errorBody },
      },
    },
    async (req) => rights.lift(actor(req), req.params.id),
  );

  app.post(
    "/api/patients/:id/erasure",
    {
      config: { access: OWNER },
      schema: {
        tags: ["patient data rights"],
        summary:
          "Erase: anonymise the record once the retention period has passed (409 before, with the date)",
        params: patientIdParams,
        response: { 200: erasureView, 404: errorBody, 409: errorBody },
      },
    },
    async (req) => rights.erase(actor(req), req.params.id),
  );
};
