/**
 * The demo clinic a fresh install shows: a clinic with a time zone, providers of each
 * credential, front desk and owner, rooms, devices, a dozen patients and a few weeks of
 * appointments around today. Runs once: a database that has the demo clinic is left alone.
 */
import pg from "pg";
import { Temporal } from "temporal-polyfill";
import { MIGRATION_LOCK_KEY } from "../db/migrate.ts";
import { PATHWAY_LOGINS, seedPathwayDemo } from "./demo/pathway.ts";
import { seedVisitHistory } from "./demo/visit-history.ts";
import { hashPassword } from "./services/passwords.ts";
import { seedSchedulingDemo } from "./services/scheduling-demo-seed.ts";

export const DEMO_PASSWORD = "remodel-demo";
export const DEMO_SLUG = "demo";
/**
 * The demo's owner and providers sign in with two factors like any clinic's: their authenticator
 * secret is this published one (add it to any authenticator app, or compute the code with
 * `currentTotp` in src/server/security/totp.ts). Like the demo password, it protects nothing real.
 */
export const DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPREMODELDEMOTOTP2";
const TZ = "Europe/London";
/** Five weeks: inside the series interval of 4–6 weeks, and always the same weekday. */
const SESSION_INTERVAL_DAYS = 35;

export const DEMO_STAFF = [
  { email: "owner@demo.remodel.test", name: "Olivia Grant", role: "owner", credential: null, depth: null },
  {
    email: "dr.ahmed@demo.remodel.test",
    name: "Dr Samir Ahmed",
    role: "provider",
    credential: "physician",
    depth: 2.5,
  },
  {
    email: "nurse.lee@demo.remodel.test",
    name: "Hannah Lee RN",
    role: "provider",
    credential: "nurse",
    depth: 1.5,
  },
  {
    email: "aesthetician.cole@demo.remodel.test",
    name: "Jamie Cole",
    role: "provider",
    credential: "aesthetician",
    depth: 0.5,
  },
  { email: "desk@demo.remodel.test", name: "Priya Shah", role: "front_desk", credential: null, depth: null },
] as const;

const PATIENTS = [
  ["Ava", "Martin", "1991-04-12", "female", "II"],
  ["Noah", "Okafor", "1986-09-30", "male", "V"],
  ["Mia", "Kowalski", "1995-01-07", "female", "I"],
  ["Leo", "Fernandes", "1979-11-22", "male", "III"],
  ["Zara", "Hussain", "1989-06-15", "female", "IV"],
  ["Isla", "Murphy", "1972-03-03", "female", "II"],
  ["Ethan", "Nguyen", "1998-08-19", "male", "III"],
  ["Chloe", "Adeyemi", "1984-12-01", "female", "VI"],
  ["Ruby", "Schmidt", "1969-05-27", "female", "I"],
  ["Omar", "Haddad", "1993-02-14", "male", "IV"],
  ["Grace", "Lindqvist", "2000-10-09", "female", "II"],
  ["Freya", "Patel", "1988-07-23", "female", "IV"],
] as const;

/** More of the clinic's patients in the demo a person starts, so that its calendar is as full as a clinic's. */
const MORE_PATIENTS = [
  ["Hannah", "Brooks", "1990-02-11", "female", "II"],
  ["Kwame", "Mensah", "1983-05-04", "male", "VI"],
  ["Sophie", "Laurent", "1976-09-18", "female", "II"],
  ["Aisha", "Rahman", "1997-12-23", "female", "IV"],
  ["Daniel", "Costa", "1985-03-30", "male", "III"],
  ["Yuki", "Tanaka", "1992-07-08", "female", "III"],
  ["Lucy", "Evans", "1968-11-14", "female", "I"],
  ["Marcus", "Reid", "1981-01-26", "male", "V"],
  ["Priya", "Nair", "1994-04-17", "female", "IV"],
  ["Tom", "Gallagher", "1987-10-02", "male", "II"],
  ["Nadia", "Karimi", "1979-06-21", "female", "III"],
  ["Jade", "Thompson", "2001-08-29", "female", "V"],
] as const;

export interface SeedResult {
  created: boolean;
  /** The demo was removed (`remodel clinic remove-demo`): it is not seeded again. */
  removed?: boolean;
  logins: { email: string; role: string }[];
}

export interface SeedOptions {
  /**
   * Also the patients at every stage of the pathway (src/server/demo/pathway.ts): what a person
   * trying the demo sees. The tests' servers leave it out (a smaller, faster clinic that their
   * counts rely on), except the test of the demo itself.
   */
  pathway?: boolean;
}

export async function seedDemoClinic(
  adminUrl: string,
  today: Temporal.PlainDate = Temporal.Now.plainDateISO(TZ),
  options: SeedOptions = {},
): Promise<SeedResult> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  const logins = [
    ...DEMO_STAFF.map((s) => ({
      email: s.email,
      role: s.credential ? `${s.role} (${s.credential})` : s.role,
    })),
    { email: "ava.martin@demo.remodel.test", role: "patient" },
    ...(options.pathway ? PATHWAY_LOGINS.map((email) => ({ email, role: "patient" })) : []),
  ];
  try {
    const passwordHash = await hashPassword(DEMO_PASSWORD);
    await client.query("begin");
    // Under the migrations' lock: servers starting together on an empty database seed it once.
    await client.query("select pg_advisory_xact_lock($1)", [MIGRATION_LOCK_KEY]);
    const found = await client.query<{ removed: boolean; present: boolean }>(
      `select exists (select 1 from installation where demo_removed_at is not null) as removed,
              exists (select 1 from clinics where slug = $1) as present`,
      [DEMO_SLUG],
    );
    const { removed, present } = found.rows[0]!;
    if (removed || present) {
      await client.query("rollback");
      return { created: false, removed, logins };
    }
    const one = async <T extends pg.QueryResultRow>(sql: string, params: unknown[]) =>
      (await client.query<T>(sql, params)).rows[0]!;

    const clinic = await one<{ id: string }>(
      "insert into clinics (slug, name, time_zone, phone, email) values ($1, $2, $3, $4, $5) returning id",
      [DEMO_SLUG, "Remodel Skin Clinic (demo)", TZ, "+44 20 7946 0123", "hello@demo.remodel.test"],
    );
    const c = clinic.id;
    const location = await one<{ id: string }>(
      "insert into locations (clinic_id, name, time_zone, address) values ($1, $2, $3, $4) returning id",
      [c, "Marylebone", TZ, "12 Example Street, London W1"],
    );
    const rooms: string[] = [];
    for (const name of ["Treatment room 1", "Treatment room 2", "Consultation room"]) {
      rooms.push(
        (
          await one<{ id: string }>(
            "insert into rooms (clinic_id, location_id, name, purpose) values ($1, $2, $3, $4) returning id",
            [c, location.id, name, name.startsWith("Consultation") ? "consultation" : "treatment"],
          )
        ).id,
      );
    }
    const devices: string[] = [];
    for (const [name, serial] of [
      ["Microneedling pen A", "MNP-0001"],
      ["Microneedling pen B", "MNP-0002"],
    ]) {
      devices.push(
        (
          await one<{ id: string }>(
            "insert into devices (clinic_id, location_id, name, model, serial_number) values ($1, $2, $3, $4, $5) returning id",
            [c, location.id, name, "Automated microneedling pen", serial],
          )
        ).id,
      );
    }
    const staffIds: Record<string, string> = {};
    for (const s of DEMO_STAFF) {
      staffIds[s.email] = (
        await one<{ id: string }>(
          `insert into users (clinic_id, email, name, role, credential, max_needle_depth_mm, password_hash)
         values ($1, $2, $3, $4, $5, $6, $7) returning id`,
          [c, s.email, s.name, s.role, s.credential, s.depth, passwordHash],
        )
      ).id;
    }
    const types: Record<string, { id: string; minutes: number }> = {};
    const FACE = ["forehead", "periorbital", "cheeks", "nose", "perioral", "chin-jawline"];
    for (const [name, kind, minutes, price, zones] of [
      ["Consultation", "consultation", 30, 0, []],
      ["Microneedling – face", "microneedling", 90, 25000, FACE],
      ["Review", "review", 15, 0, []],
    ] as const) {
      types[kind] = {
        id: (
          await one<{ id: string }>(
            "insert into appointment_types (clinic_id, name, kind, duration_minutes, price_cents, zones) values ($1, $2, $3, $4, $5, $6) returning id",
            [c, name, kind, minutes, price, zones],
          )
        ).id,
        minutes,
      };
    }
    const patientIds: string[] = [];
    for (const [given, family, dob, sex, fitz] of options.pathway
      ? [...PATIENTS, ...MORE_PATIENTS]
      : PATIENTS) {
      const email = `${given}.${family}@demo.remodel.test`.toLowerCase();
      const id = (
        await one<{ id: string }>(
          `insert into patients (clinic_id, given_name, family_name, date_of_birth, sex, email, phone, fitzpatrick)
         values ($1, $2, $3, $4, $5, $6, $7, $8) returning id`,
          [
            c,
            given,
            family,
            dob,
            sex,
            email,
            `+44 7700 900${String(patientIds.length).padStart(3, "0")}`,
            fitz,
          ],
        )
      ).id;
      patientIds.push(id);
      if (patientIds.length <= 3) {
        await client.query(
          "insert into users (clinic_id, email, name, role, patient_id, password_hash) values ($1, $2, $3, 'patient', $4, $5)",
          [c, email, `${given} ${family}`, id, passwordHash],
        );
      }
    }

    if (options.pathway) {
      // Hours and closures first: the calendar keeps to them.
      await seedSchedulingDemo(client, c, today);
      await seedVisitHistory(client, {
        clinicId: c,
        locationId: location.id,
        timeZone: TZ,
        today,
        patientIds,
        types,
        rooms: { treatment: [rooms[0]!, rooms[1]!], consultation: rooms[2]! },
        devices: [devices[0]!, devices[1]!],
        providers: {
          physician: staffIds["dr.ahmed@demo.remodel.test"]!,
          nurse: staffIds["nurse.lee@demo.remodel.test"]!,
          aesthetician: staffIds["aesthetician.cole@demo.remodel.test"]!,
        },
      });
    } else {
      await seedTestCalendar(client, c, location.id, today, patientIds, types, rooms, devices, staffIds);
      await seedSchedulingDemo(client, c, today);
    }
    await client.query(
      "update users set totp_secret = $2, totp_enabled_at = now() where clinic_id = $1 and role in ('owner', 'provider')",
      [c, DEMO_TOTP_SECRET],
    );
    // Patients at every stage of the pathway, written through the product's services.
    if (options.pathway) await seedPathwayDemo(client, c, today, passwordHash);
    await client.query("commit");
    return { created: true, logins };
  } catch (err) {
    await client.query("rollback").catch(() => {});
    throw err;
  } finally {
    await client.end();
  }
}

/**
 * The tests' smaller calendar, which their counts rely on: three weeks back and three ahead.
 * Unlike the demo a person starts it fills every weekday, whoever is on duty.
 */
async function seedTestCalendar(
  client: pg.Client,
  c: string,
  locationId: string,
  today: Temporal.PlainDate,
  patientIds: string[],
  types: Record<string, { id: string; minutes: number }>,
  rooms: string[],
  devices: string[],
  staffIds: Record<string, string>,
) {
  // Three weeks back and three ahead: each weekday, a consultation and two treatment-room
  // visits. The demo tells the truth: a patient's face sessions are five weeks apart (the series
  // interval is 4–6 weeks) and nobody comes twice on one day, so a treatment-room visit goes to a
  // patient due a session, or else is a short review of someone's healing.
  const providers = [
    staffIds["dr.ahmed@demo.remodel.test"]!,
    staffIds["nurse.lee@demo.remodel.test"]!,
    staffIds["aesthetician.cole@demo.remodel.test"]!,
  ];
  const lastTreatment = new Map<string, number>();
  let n = 0;
  for (let offset = -21; offset <= 21; offset++) {
    const day = today.add({ days: offset });
    if (day.dayOfWeek > 5) continue;
    const seenToday = new Set<string>();
    for (let slot = 0; slot < 3; slot++) {
      const pick = (ok: (id: string) => boolean) => {
        for (let i = 0; i < patientIds.length; i++) {
          const id = patientIds[(n * 5 + slot + i) % patientIds.length]!;
          if (!seenToday.has(id) && ok(id)) return id;
        }
        return null;
      };
      let kind: "consultation" | "microneedling" | "review" = slot === 1 ? "consultation" : "microneedling";
      let patient =
        kind === "microneedling"
          ? pick(
              (id) => offset - (lastTreatment.get(id) ?? Number.NEGATIVE_INFINITY) >= SESSION_INTERVAL_DAYS,
            )
          : pick(() => true);
      if (!patient) {
        kind = "review";
        patient = pick(() => true)!;
      }
      seenToday.add(patient);
      if (kind === "microneedling") lastTreatment.set(patient, offset);
      const type = types[kind]!;
      const start = day.toZonedDateTime({
        timeZone: TZ,
        plainTime: Temporal.PlainTime.from({ hour: 9 + slot * 2, minute: 30 }),
      });
      const end = start.add({ minutes: type.minutes });
      const past = offset < 0;
      const status = past ? (n % 11 === 3 ? "no_show" : "completed") : "booked";
      await client.query(
        `insert into appointments (clinic_id, location_id, patient_id, type_id, provider_id, room_id, device_id, starts_at, ends_at, status)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [
          c,
          locationId,
          patient,
          type.id,
          providers[slot % providers.length],
          kind === "consultation" ? rooms[2] : rooms[slot % 2],
          kind === "microneedling" ? devices[slot % 2] : null,
          new Date(start.epochMilliseconds),
          new Date(end.epochMilliseconds),
          status,
        ],
      );
      n++;
    }
  }
}
