/**
 * A fresh install without the demo: the set-up page creates the clinic, its first location and the
 * owner. It opens only while no clinic exists and only with a one-time token that a starting server
 * prints in its log (as self-hosted apps guard their install page); the database keeps only the
 * token's SHA-256, and creating the clinic spends every token.
 */
import { createHash, randomBytes } from "node:crypto";
import pg from "pg";
import { type Db, withoutClinic } from "../../db/pool.ts";
import { appendAudit } from "../../db/repositories/audit.repository.ts";
import { insertFirstLocation } from "../../db/repositories/clinic-profile.repository.ts";
import { insertUser } from "../../db/repositories/user.repository.ts";
import { DomainError } from "../../domain/errors.ts";
import { isIanaTimeZone } from "../../domain/scheduling/time-zone.ts";
import type { AuthService, LoginOutcome, RequestOrigin } from "./auth.service.ts";
import { hashPassword } from "./passwords.ts";

const TOKEN_HOURS = 24;
const hashToken = (token: string) => createHash("sha256").update(token).digest();

export interface NewClinic {
  name: string;
  timeZone: string;
  currency: string;
  address: string | null;
  email: string | null;
  phone: string | null;
  outOfHoursAdvice: string | null;
  locationName: string;
}

/** "Bloom Skin Clinic" -> "bloom-skin-clinic" (at most 40 characters, a valid clinic slug). */
export function slugOf(name: string): string {
  const base = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40)
    .replace(/-+$/, "");
  return base.length >= 2 ? base : `clinic-${base || randomBytes(3).toString("hex")}`;
}

/**
 * Called by a starting server: while the database has no clinic, a new one-time set-up token
 * (its hash stored), else null. Each server that starts prints its own; any of them works once.
 */
export async function issueFirstRunToken(adminUrl: string): Promise<string | null> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const token = randomBytes(24).toString("base64url");
    const { rowCount } = await client.query(
      `insert into first_run_tokens (token_hash, expires_at)
       select $1, now() + make_interval(hours => $2) where not exists (select 1 from clinics)`,
      [hashToken(token), TOKEN_HOURS],
    );
    return rowCount ? token : null;
  } finally {
    await client.end();
  }
}

export class FirstRunService {
  readonly #db: Db;
  readonly #auth: AuthService;
  constructor(db: Db, auth: AuthService) {
    this.#db = db;
    this.#auth = auth;
  }

  async isOpen(): Promise<boolean> {
    return withoutClinic(this.#db, async (tx) => {
      const { rows } = await tx.query<{ open: boolean }>(`select first_run_open() as open`);
      return rows[0]!.open;
    });
  }

  /**
   * Creates the clinic, its first location and the owner in one transaction; the owner then
   * enrols their authenticator (the answer is that enrolment step) before their first session.
   */
  async createClinic(
    token: string,
    clinic: NewClinic,
    owner: { name: string; email: string; password: string },
    origin: RequestOrigin,
  ): Promise<LoginOutcome> {
    if (!isIanaTimeZone(clinic.timeZone))
      throw new DomainError("invalid", "validation", "time zone is not a known IANA zone", {
        "body.clinic.timeZone": "not a known time zone, e.g. Europe/London",
      });
    const passwordHash = await hashPassword(owner.password);
    const created = await withoutClinic(this.#db, async (tx) => {
      const { rows } = await tx.query<{ id: string | null }>(
        "select first_run_create_clinic($1, $2, $3, $4, $5, $6, $7, $8, $9) as id",
        [
          hashToken(token),
          slugOf(clinic.name),
          clinic.name,
          clinic.timeZone,
          clinic.currency,
          clinic.address,
          clinic.email,
          clinic.phone,
          clinic.outOfHoursAdvice,
        ],
      );
      const clinicId = rows[0]?.id ?? null;
      if (!clinicId) return null;
      await tx.query("select set_config('app.clinic_id', $1, true)", [clinicId]);
      await insertFirstLocation(tx, {
        name: clinic.locationName,
        timeZone: clinic.timeZone,
        address: clinic.address,
      });
      const user = await insertUser(tx, {
        email: owner.email,
        name: owner.name,
        role: "owner",
        credential: null,
        maxNeedleDepthMm: null,
        patientId: null,
        passwordHash,
      });
      await tx.query("select set_config('app.user_id', $1, true)", [user.id]);
      await appendAudit(tx, {
        actorUserId: user.id,
        actorRole: "owner",
        action: "clinic.create",
        resourceType: "clinic",
        resourceId: clinicId,
        ...origin,
        detail: { via: "first-run" },
      });
      return { clinicId, userId: user.id };
    });
    if (!created)
      throw new DomainError(
        "not_found",
        "setup_closed",
        "this set-up link is not valid: it was used, has expired, or a clinic already exists",
        { "body.token": "unknown, used or expired" },
      );
    return this.#auth.startEnrolment(created.clinicId, created.userId);
  }
}
