import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { passwordChangeBody } from "../../../contract/auth.ts";
import { clinicProfileAnswer, clinicProfileBody } from "../../../contract/clinic.ts";
import { type Db, withClinic } from "../../../db/pool.ts";
import { appendAudit } from "../../../db/repositories/audit.repository.ts";
import { getClinicProfile, updateClinicProfile } from "../../../db/repositories/clinic-profile.repository.ts";
import { getSignInState } from "../../../db/repositories/security.repository.ts";
import type { Config } from "../../config.ts";
import { OWNER, origin, principalOf, STAFF } from "../../http/access.ts";
import { errorBody, HttpError } from "../../http/errors.ts";
import { hashPassword, verifyPassword } from "../../services/passwords.ts";

/** The clinic's profile (staff read it, the owner edits it) and everyone's own password. */
export const clinicRoutes: FastifyPluginAsyncZod<{ db: Db; config: Config }> = async (
  app,
  { db, config },
) => {
  app.get(
    "/api/clinic",
    {
      config: { access: STAFF },
      schema: { tags: ["clinic"], response: { 200: clinicProfileAnswer } },
    },
    async (req) => {
      const p = principalOf(req);
      return { clinic: await withClinic(db, { clinicId: p.clinic.id, userId: p.user.id }, getClinicProfile) };
    },
  );

  app.put(
    "/api/clinic",
    {
      config: { access: OWNER },
      schema: {
        tags: ["clinic"],
        description:
          "The clinic's name and contact details, the address red-flag alerts go to (the contact e-mail when empty) and the advice patients read when the clinic is closed.",
        body: clinicProfileBody,
        response: { 200: clinicProfileAnswer, 400: errorBody },
      },
    },
    async (req) => {
      const p = principalOf(req);
      const clinic = await withClinic(db, { clinicId: p.clinic.id, userId: p.user.id }, async (tx) => {
        const before = await getClinicProfile(tx);
        const after = await updateClinicProfile(tx, req.body);
        const changed = (Object.keys(req.body) as (keyof typeof req.body)[]).filter(
          (k) => before[k] !== after[k],
        );
        await appendAudit(tx, {
          actorUserId: p.user.id,
          actorRole: p.user.role,
          action: "clinic.update",
          resourceType: "clinic",
          resourceId: p.clinic.id,
          ...origin(req),
          detail: { changed },
        });
        return after;
      });
      return { clinic };
    },
  );

  app.put(
    "/api/auth/password",
    {
      config: { access: "signed-in", rateLimit: { max: config.loginRateLimitPerMinute, timeWindow: 60_000 } },
      schema: {
        tags: ["auth"],
        description:
          "Changes the caller's password (the current one is asked again); every other session of theirs ends.",
        body: passwordChangeBody,
        response: { 204: z.null(), 400: errorBody, 403: errorBody },
      },
    },
    async (req, reply) => {
      const p = principalOf(req);
      const scope = { clinicId: p.clinic.id, userId: p.user.id };
      const { rows } = await withClinic(db, scope, (tx) =>
        tx.query<{ hash: string | null }>("select password_hash as hash from users where id = $1", [
          p.user.id,
        ]),
      );
      const current = rows[0]?.hash ?? null;
      if (!current || !(await verifyPassword(current, req.body.currentPassword)))
        throw new HttpError(403, "wrong_password", "the current password is not correct", {
          "body.currentPassword": "not correct",
        });
      if (req.body.newPassword === req.body.currentPassword)
        throw new HttpError(400, "validation", "the new password must differ from the current one", {
          "body.newPassword": "same as the current password",
        });
      const hash = await hashPassword(req.body.newPassword);
      await withClinic(db, scope, async (tx) => {
        if (!(await getSignInState(tx, p.user.id)))
          throw new HttpError(401, "unauthenticated", "sign in again");
        await tx.query("update users set password_hash = $2 where id = $1", [p.user.id, hash]);
        await tx.query(
          "update sessions set revoked_at = now() where user_id = $1 and id <> $2 and revoked_at is null",
          [p.user.id, p.sessionId],
        );
        await tx.query(
          "update trusted_devices set revoked_at = now() where user_id = $1 and revoked_at is null",
          [p.user.id],
        );
        await appendAudit(tx, {
          actorUserId: p.user.id,
          actorRole: p.user.role,
          action: "auth.password_change",
          resourceType: "user",
          resourceId: p.user.id,
          ...origin(req),
        });
      });
      return reply.status(204).send(null);
    },
  );
};
