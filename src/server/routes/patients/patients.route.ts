import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import {
  createdPatient,
  createPatientBody,
  idParams,
  listQuery,
  patientList,
  patientRecord,
} from "../../../contract/patients.ts";
import type { Db } from "../../../db/pool.ts";
import { ctx, readersOf, STAFF } from "../../http/access.ts";
import { errorBody } from "../../http/errors.ts";
import { PatientService } from "../../services/patient.service.ts";

export const patientRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  const patients = new PatientService(db);

  app.get(
    "/api/patients",
    {
      config: { access: readersOf("patient") },
      schema: {
        tags: ["patients"],
        querystring: listQuery,
        response: { 200: patientList },
      },
    },
    async (req) => {
      const { rows, total } = await patients.search(ctx(req), req.query.q, req.query.limit, req.query.offset);
      return { patients: rows, total };
    },
  );

  app.get(
    "/api/patients/:id",
    {
      config: { access: readersOf("patient") },
      schema: {
        tags: ["patients"],
        params: idParams,
        response: {
          200: patientRecord,
          404: errorBody,
        },
      },
    },
    async (req) => patients.get(ctx(req), req.params.id),
  );

  app.post(
    "/api/patients",
    {
      config: { access: STAFF },
      schema: {
        tags: ["patients"],
        body: createPatientBody,
        response: { 201: createdPatient },
      },
    },
    async (req, reply) => {
      const patient = await patients.create(ctx(req), req.body);
      return reply.status(201).send({ patient });
    },
  );
};
