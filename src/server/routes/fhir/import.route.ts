/**
 * The staff app's FHIR upload: one bundle (transaction, batch or collection) per request through
 * the same import as POST /fhir/r4 and `remodel import`, answered with the import report (what
 * was imported, what could not be mapped and why) rather than a transaction-response.
 */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { importAnswer, importBundleBody, importQuery } from "../../../contract/fhir-import.ts";
import type { Db } from "../../../db/pool.ts";
import { BundleError } from "../../../fhir/from-fhir.ts";
import { CLINICIANS, ctx } from "../../http/access.ts";
import { errorBody, HttpError } from "../../http/errors.ts";
import { FhirService } from "../../services/fhir.service.ts";

const BODY_LIMIT = 64 * 1024 * 1024;

export const fhirImportRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  const fhir = new FhirService(db);

  app.post(
    "/api/fhir/import",
    {
      bodyLimit: BODY_LIMIT,
      config: { access: CLINICIANS },
      schema: {
        tags: ["fhir"],
        description:
          "Imports one FHIR R4 Bundle (transaction, batch or collection): all of it, or nothing when a resource is malformed (the fields say which). Re-importing the same bundle changes nothing.",
        querystring: importQuery,
        body: importBundleBody,
        response: { 200: importAnswer, 400: errorBody },
      },
    },
    async (req) => {
      try {
        return { report: await fhir.importBundle(ctx(req), req.body, req.query.source) };
      } catch (err) {
        if (!(err instanceof BundleError)) throw err;
        const fields = Object.fromEntries(err.errors.slice(0, 50).map((e) => [`body.${e.path}`, e.message]));
        throw new HttpError(400, "invalid_bundle", `body.${err.message}`, fields);
      }
    },
  );
};
