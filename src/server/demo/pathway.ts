/**
 * The demo clinic's patients at every stage of the pathway, each a named person, written through
 * the product's own services (so every decision carries its protocol version and its sources):
 *
 * - Sofia Rossi: a lead from the public self-check, booked online, no account set up yet;
 * - Daniel Brooks: a consultation booked by the desk for next week, intake done;
 * - Lucia Romero: deferred until a date (isotretinoin stopped two months ago);
 * - Tomasz Nowak: awaiting a physician's clearance (an anticoagulant);
 * - Amara Osei: a treatment plan proposed, not yet accepted;
 * - Ben Carter: mid-series, session 1 of 3 signed and session 2 booked after the interval;
 * - Elena Petrova: in aftercare, a session a few days ago and her check-ins recorded;
 * - George Whitfield: maintenance due, his series of three completed months ago.
 *
 * Every date is relative to today. The services date what they write by the clock (a chart is
 * signed today); a visit of the past is written the same way and then moved to its own day, as if
 * it had been recorded then. Runs inside the demo seed's transaction (see seed-db.ts).
 */
import { randomUUID } from "node:crypto";
import type pg from "pg";
import { Temporal } from "temporal-polyfill";
import type { PublicClinic } from "../../db/repositories/clinic.repository.ts";
import { updatePatientStates } from "../../db/repositories/clinical-profile.repository.ts";
import { getTemplate, insertConsent } from "../../db/repositories/consent.repository.ts";
import type { UserRow } from "../../db/repositories/user.repository.ts";
import type { IntakeAnswers } from "../../domain/record/intake.ts";
import type { Principal, RequestOrigin } from "../services/auth.service.ts";
import { BookingService } from "../services/booking.service.ts";
import { ChartService } from "../services/chart.service.ts";
import { CheckInService } from "../services/check-in.service.ts";
import { clinicalTx } from "../services/clinical-tx.ts";
import { ConsentService } from "../services/consent.service.ts";
import { renderConsentPdf } from "../services/consent-pdf.ts";
import { ConsultationService } from "../services/consultation.service.ts";
import { IntakeService } from "../services/intake.service.ts";
import { PatientService } from "../services/patient.service.ts";
import { queueAftercareMessages } from "../services/portal-plan.service.ts";
import { PublicBookingService } from "../services/public-booking.service.ts";
import { protocolForRecord } from "../services/record-context.ts";
import { queueMaintenanceRecall } from "../services/reminders.service.ts";
import { ScreeningService } from "../services/screening.service.ts";
import { seedDb } from "./seed-db.ts";

const ORIGIN: RequestOrigin = { ip: null, userAgent: "remodel demo seed" };
/** A 1×1 PNG: the demo's drawn signature. */
const SIGNATURE_PNG =
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";
const CHECKLIST = ["PROC-CLEANSE", "PROC-TOPICAL-ANESTHETIC", "PROC-REMOVE-ANTISEPTIC", "PROC-GLIDE"];
/** Where the demo's treatments happen: afternoons, clear of the morning schedule. */
const SESSION_TIME = { hour: 15, minute: 30 };
const SESSION_MINUTES = 75;
const INTERVAL_DAYS = 35;

/** The pathway's patients, by stage: the demo's test and the screens find them by these names. */
export const PATHWAY_PATIENTS = {
  lead: { givenName: "Sofia", familyName: "Rossi" },
  consultationBooked: { givenName: "Daniel", familyName: "Brooks" },
  deferred: { givenName: "Lucia", familyName: "Romero" },
  awaitingClearance: { givenName: "Tomasz", familyName: "Nowak" },
  planProposed: { givenName: "Amara", familyName: "Osei" },
  midSeries: { givenName: "Ben", familyName: "Carter" },
  aftercare: { givenName: "Elena", familyName: "Petrova" },
  maintenanceDue: { givenName: "George", familyName: "Whitfield" },
} as const;

const emailOf = (p: { givenName: string; familyName: string }) =>
  `${p.givenName}.${p.familyName}@demo.remodel.test`.toLowerCase();

/** The portal accounts of the pathway (same demo password as everyone). */
export const PATHWAY_LOGINS = [
  PATHWAY_PATIENTS.planProposed,
  PATHWAY_PATIENTS.midSeries,
  PATHWAY_PATIENTS.aftercare,
  PATHWAY_PATIENTS.maintenanceDue,
].map(emailOf);

const CALM = {
  redness: "mild",
  swelling: "none",
  pain: 2,
  painIncreasing: false,
  warmthOrPus: false,
  fever: false,
  blistersOrColdSore: false,
  bumpsOrDarkPatches: false,
} as const;

function intake(overrides: Partial<IntakeAnswers> = {}): IntakeAnswers {
  return {
    pregnant: false,
    breastfeeding: false,
    deliveryDate: null,
    fitzpatrick: "II",
    conditions: [],
    medications: [],
    history: { keloids: false, coldSores: false },
    concerns: [{ indication: "acne-scars", zones: ["cheeks"] }],
    ...overrides,
  };
}

export async function seedPathwayDemo(
  client: pg.Client,
  clinicId: string,
  today: Temporal.PlainDate,
  passwordHash: string,
): Promise<void> {
  const q = <T extends pg.QueryResultRow>(sql: string, params: unknown[] = []) =>
    client.query<T>(sql, params).then((r) => r.rows);
  const db = seedDb(client);
  const [clinic] = await q<PublicClinic>(
    `select id, slug, name, time_zone as "timeZone", phone, email from clinics where id = $1`,
    [clinicId],
  );
  const tz = clinic!.timeZone;
  const principal = async (email: string): Promise<Principal> => {
    const [user] = await q<UserRow>(
      `select id, clinic_id as "clinicId", email::text as email, name, role, credential,
              max_needle_depth_mm as "maxNeedleDepthMm", patient_id as "patientId"
       from users where clinic_id = $1 and email = $2`,
      [clinicId, email],
    );
    return { sessionId: randomUUID(), user: user!, clinic: clinic! };
  };
  const desk = await principal("desk@demo.remodel.test");
  const physician = await principal("dr.ahmed@demo.remodel.test");
  const nurse = await principal("nurse.lee@demo.remodel.test");
  const [place] = await q<{ locationId: string; roomId: string; deviceId: string; typeId: string }>(
    `select (select id from locations where clinic_id = $1 order by created_at limit 1) as "locationId",
            (select id from rooms where clinic_id = $1 and name = 'Treatment room 2') as "roomId",
            (select id from devices where clinic_id = $1 and serial_number = 'MNP-0001') as "deviceId",
            (select id from appointment_types where clinic_id = $1 and kind = 'microneedling') as "typeId"`,
    [clinicId],
  );
  const consultationType = (
    await q<{ id: string }>(
      "select id from appointment_types where clinic_id = $1 and kind = 'consultation'",
      [clinicId],
    )
  )[0]!.id;

  const booking = new BookingService(db);
  const publicBooking = new PublicBookingService(db, booking, "http://localhost");
  const patients = new PatientService(db);
  const intakes = new IntakeService(db);
  const screenings = new ScreeningService(db);
  const consultations = new ConsultationService(db);
  const consents = new ConsentService(db);
  const charts = new ChartService(db, { threshold: 5, minutes: 15 });
  const checkIns = new CheckInService(db, "http://localhost");

  // Days the clinic is open for treatments (weekdays, not a closure), searched back or forth.
  const closed = new Set(
    (
      await q<{ day: string }>(
        `select to_char(d, 'YYYY-MM-DD') as day from closures c,
           generate_series(c.first_day, c.last_day, interval '1 day') d where c.clinic_id = $1`,
        [clinicId],
      )
    ).map((r) => r.day),
  );
  const openDay = (day: Temporal.PlainDate, step: 1 | -1): Temporal.PlainDate => {
    let d = day;
    while (d.dayOfWeek > 5 || closed.has(d.toString())) d = d.add({ days: step });
    return d;
  };
  const at = (day: Temporal.PlainDate, time = SESSION_TIME) =>
    day.toZonedDateTime({ timeZone: tz, plainTime: Temporal.PlainTime.from(time) });

  /** A free consultation time from `from` on, as the public site offers them. */
  const consultationSlot = async (from: Temporal.PlainDate): Promise<Date> => {
    const { slots } = await publicBooking.slots({
      slug: clinic!.slug,
      type: consultationType,
      from: from.toString(),
      limit: 200,
    });
    const slot = slots.find((s) => s.time >= "15:00") ?? slots[0];
    if (!slot) throw new Error("demo seed: no consultation time free");
    return new Date(slot.startsAt);
  };

  const newPatient = async (
    who: { givenName: string; familyName: string },
    dateOfBirth: string,
    sex: "female" | "male",
    fitzpatrick: string,
    phone: string,
    account: boolean,
  ): Promise<string> => {
    const patient = await patients.create(
      { principal: desk, origin: ORIGIN },
      {
        ...who,
        dateOfBirth,
        sex,
        email: emailOf(who),
        phone,
        fitzpatrick,
      },
    );
    if (account) {
      await q(
        "insert into users (clinic_id, email, name, role, patient_id, password_hash) values ($1, $2, $3, 'patient', $4, $5)",
        [clinicId, emailOf(who), `${who.givenName} ${who.familyName}`, patient.id, passwordHash],
      );
    }
    return patient.id;
  };

  /** The staff screening at a consultation, under the clinic's current protocol. */
  const screen = (patientId: string, requested: Temporal.PlainDate) =>
    screenings.screen({ principal: nurse, origin: ORIGIN }, patientId, {
      screeningDate: today.toString(),
      requestedAppointment: requested.toString(),
      request: { setting: "clinic", concerns: [{ indication: "acne-scars", zones: ["cheeks"] }] },
    });

  /** A past visit, as the calendar holds it once done. */
  const pastVisit = async (
    patientId: string,
    day: Temporal.PlainDate,
    kind: "consultation" | "microneedling",
    series?: { id: string; index: number },
  ) => {
    const start = at(day, kind === "consultation" ? { hour: 16, minute: 0 } : SESSION_TIME);
    const minutes = kind === "consultation" ? 30 : SESSION_MINUTES;
    const [row] = await q<{ id: string; endsAt: Date }>(
      `insert into appointments (clinic_id, location_id, patient_id, type_id, provider_id, room_id, device_id,
         starts_at, ends_at, status, series_id, series_index)
       values ($1, $2, $3, $4, $5,
         case when $11 = 'consultation' then (select id from rooms where clinic_id = $1 and purpose = 'consultation' limit 1) else $6::uuid end,
         $7, $8, $9, 'completed', $10, $12)
       returning id, ends_at as "endsAt"`,
      [
        clinicId,
        place!.locationId,
        patientId,
        kind === "consultation" ? consultationType : place!.typeId,
        kind === "consultation" ? physician.user.id : nurse.user.id,
        place!.roomId,
        kind === "consultation" ? null : place!.deviceId,
        new Date(start.epochMilliseconds),
        new Date(start.add({ minutes }).epochMilliseconds),
        series?.id ?? null,
        kind,
        series?.index ?? null,
      ],
    );
    return row!;
  };

  /** Moves what a service wrote today to the day it happened. */
  const movedTo = async (when: Date, table: string, ids: string[], columns: string[]) => {
    const sets = columns.map((c) => `${c} = $2`).join(", ");
    await q(`update ${table} set ${sets} where id = any($1::uuid[])`, [ids, when]);
  };

  /**
   * The start of a series: intake, screening, consultation with a plan, and (when `accept`) the
   * patient's acceptance and consent. On a past day, the intake and consent (append-only records)
   * are written with that day's time by the repositories the services use, and what the services
   * wrote today is moved to that day.
   */
  const planned = async (
    who: { givenName: string; familyName: string },
    patientId: string,
    consultationDay: Temporal.PlainDate,
    accept: boolean,
  ) => {
    const patient = await principal(emailOf(who));
    const past = Temporal.PlainDate.compare(consultationDay, today) < 0;
    // The physician consults Monday to Thursday.
    let day = consultationDay;
    while (past && (day.dayOfWeek > 4 || closed.has(day.toString()))) day = day.subtract({ days: 1 });
    const visit = past ? await pastVisit(patientId, day, "consultation") : null;
    const when = visit?.endsAt ?? new Date();
    // A patient of the past has been one since booking that consultation, a week before it.
    if (visit)
      await movedTo(new Date(when.getTime() - 7 * 86_400_000), "patients", [patientId], ["created_at"]);
    if (visit) {
      await clinicalTx(db, { principal: patient, origin: ORIGIN }, async (tx, audit) => {
        const { version, versionId } = await protocolForRecord(tx, patient);
        const [row] = (
          await tx.query<{ id: string }>(
            `insert into intake_submissions (clinic_id, patient_id, version, answers, protocol_version, submitted_by,
               protocol_version_id, submitted_at)
             values (app_clinic_id(), $1,
               coalesce((select max(version) from intake_submissions where patient_id = $1), 0) + 1, $2, $3, $4, $5, $6)
             returning id`,
            [patientId, JSON.stringify(intake()), version, patient.user.id, versionId, when],
          )
        ).rows;
        const answers = intake();
        await updatePatientStates(tx, patientId, {
          pregnant: answers.pregnant,
          breastfeeding: answers.breastfeeding,
          deliveryDate: answers.deliveryDate,
          fitzpatrick: answers.fitzpatrick,
        });
        await audit("intake.submit", "intake_submission", row!.id, { patientId, protocolVersion: version });
      });
    } else {
      await intakes.ownSubmit({ principal: patient, origin: ORIGIN }, intake());
    }
    // Today's consultation screens first; for one of the past, the consultation's own decision
    // (the engine's, with the scar grade) is the record of that day.
    if (!visit) await screen(patientId, today.add({ days: 14 }));
    const consultation = await consultations.record({ principal: physician, origin: ORIGIN }, patientId, {
      overrideOutcome: null,
      justification: null,
      goodmanBaronGrade: 3,
    });
    const plan = await consultations.buildPlan({ principal: physician, origin: ORIGIN }, consultation.id, {
      zones: null,
      sessions: 3,
      intervalWeeks: INTERVAL_DAYS / 7,
      maintenanceMonths: 6,
      priceCents: null,
    });
    if (visit) {
      await movedTo(when, "consultations", [consultation.id], ["created_at"]);
      await movedTo(when, "treatment_plans", [plan.id], ["created_at"]);
    }
    if (accept) {
      await consultations.accept({ principal: patient, origin: ORIGIN }, plan.id);
      if (visit) await movedTo(when, "treatment_plans", [plan.id], ["accepted_at"]);
      const status = await consents.ownStatus({ principal: patient, origin: ORIGIN });
      const templateId = status.status.find((s) => s.kind === "microneedling")!.template!.id;
      await clinicalTx(db, { principal: patient, origin: ORIGIN }, async (tx, audit) => {
        const template = (await getTemplate(tx, templateId))!;
        const typedName = `${who.givenName} ${who.familyName}`;
        const signaturePng = Buffer.from(SIGNATURE_PNG, "base64");
        const pdf = await renderConsentPdf({
          clinicName: clinic!.name,
          title: template.title,
          kind: template.kind,
          templateVersion: template.version,
          body: template.body,
          photoScope: null,
          patientName: typedName,
          typedName,
          signaturePng,
          signedAt: when,
          signedVia: "portal",
        });
        const consent = await insertConsent(tx, {
          patientId,
          template,
          photoScope: null,
          typedName,
          signaturePng,
          pdf,
          signedVia: "portal",
          wordingLocale: "en",
          signedAt: when,
          recordedBy: patient.user.id,
        });
        await audit("consent.sign", "consent", consent.id, {
          patientId,
          kind: template.kind,
          templateVersion: template.version,
          photoScope: null,
          via: "portal",
        });
      });
    }
    return { plan, patient };
  };

  /**
   * A past session of the series, charted by the nurse through the chart service, then (still
   * open) moved to its own day and signed at the end of that visit, as the service signs.
   */
  const session = async (
    patientId: string,
    planId: string,
    series: { id: string; index: number },
    day: Temporal.PlainDate,
  ) => {
    const visit = await pastVisit(patientId, day, "microneedling", series);
    const started = await charts.start({ principal: nurse, origin: ORIGIN }, patientId, {
      planId,
      appointmentId: null,
      changes: { newMedications: [], newConditions: [], pregnant: null, breastfeeding: null },
    });
    const chartId = started.chart.id;
    await charts.save({ principal: nurse, origin: ORIGIN }, chartId, {
      checklist: {
        steps: Object.fromEntries(CHECKLIST.map((s) => [s, true])),
        anaesthetic: { product: "lidocaine 4% cream", startedAt: "15:00", endedAt: "15:30" },
        incompleteReason: null,
      },
      zones: [{ zone: "cheeks", depthMm: 1, passes: 3, pattern: "crosshatch" }],
      deviceId: place!.deviceId,
      cartridgeLot: `LOT-${day.toString().replaceAll("-", "")}`,
      cartridgeExpiry: today.add({ years: 2 }).toString(),
      postProduct: { productId: "ha-hydrogel", lot: "HG-DEMO-0412" },
      endpoint: "erythema",
      adverseEvents: [],
      cosign: null,
    });
    const signedAt = new Date(visit.endsAt.getTime() + 10 * 60_000);
    await clinicalTx(db, { principal: nurse, origin: ORIGIN }, async (tx, audit) => {
      await tx.query(
        `update session_charts set session_date = $2, appointment_id = $3, created_at = $4, updated_at = $5
         where id = $1 and status = 'open'`,
        [chartId, day.toString(), visit.id, visit.endsAt, signedAt],
      );
      const { rowCount } = await tx.query(
        `update session_charts set status = 'signed', signed_by = $2, signed_at = $3, updated_at = $3
         where id = $1 and status = 'open' and zones <> '[]'::jsonb and device_id is not null
           and cartridge_lot is not null and endpoint is not null`,
        [chartId, nurse.user.id, signedAt],
      );
      if (rowCount !== 1) throw new Error("demo seed: a session chart could not be signed");
      // Only the aftercare messages still ahead are queued, as for any session signed late.
      await queueAftercareMessages(tx, chartId);
      await audit("chart.sign", "session_chart", chartId, { patientId });
    });
    return { chartId, endsAt: visit.endsAt };
  };

  /** The series of a plan, as the desk books it once the plan is accepted. */
  const newSeries = async (
    patientId: string,
    plan: { sessions: number; maintenanceMonths: number | null; protocolVersion: string },
    when: Date,
  ) =>
    (
      await q<{ id: string }>(
        `insert into appointment_series (clinic_id, patient_id, type_id, series_rule_id, sessions, interval_weeks,
           maintenance_months, protocol_version, created_at)
         values ($1, $2, $3, 'SER-GENERAL', $4, $5, $6, $7, $8)
         returning id`,
        [
          clinicId,
          patientId,
          place!.typeId,
          plan.sessions,
          INTERVAL_DAYS / 7,
          plan.maintenanceMonths,
          plan.protocolVersion,
          when,
        ],
      )
    )[0]!.id;

  // 1. A lead: the public self-check, then an online booking with the summary sent along.
  const lead = PATHWAY_PATIENTS.lead;
  const held = await publicBooking.hold(ORIGIN, {
    slug: clinic!.slug,
    typeId: consultationType,
    startsAt: await consultationSlot(openDay(today.add({ days: 9 }), 1)),
    ...lead,
    email: emailOf(lead),
    phone: "+44 7700 900201",
    dateOfBirth: "1994-03-18",
    selfCheck: {
      outcome: "eligible",
      deferUntil: null,
      answers: {
        concerns: ["acne-scars"],
        areas: ["cheeks"],
        age: 32,
        sex: "female",
        pregnant: false,
        breastfeeding: false,
        fitzpatrick: "III",
        health: {},
        graded: {},
        isotretinoin: "never",
        isotretinoinLastDose: null,
        medicines: {},
        startDate: null,
      },
    },
  });
  await publicBooking.confirm(ORIGIN, held.bookingId, { slug: clinic!.slug, holdToken: held.holdToken! });

  // 2. A consultation booked by the desk on the phone, the intake already filled in.
  const booked = PATHWAY_PATIENTS.consultationBooked;
  const bookedId = await newPatient(booked, "1983-07-02", "male", "II", "+44 7700 900202", false);
  await intakes.submit(
    { principal: desk, origin: ORIGIN },
    bookedId,
    intake({ concerns: [{ indication: "acne-scars", zones: ["cheeks"] }] }),
  );
  await booking.book(
    { principal: desk, origin: ORIGIN },
    {
      patientId: bookedId,
      typeId: consultationType,
      startsAt: await consultationSlot(openDay(today.add({ days: 5 }), 1)),
      hold: false,
    },
  );

  // 3. Deferred until a date: isotretinoin stopped two months ago.
  const deferred = PATHWAY_PATIENTS.deferred;
  const deferredId = await newPatient(deferred, "1997-11-05", "female", "III", "+44 7700 900203", false);
  await intakes.submit(
    { principal: desk, origin: ORIGIN },
    deferredId,
    intake({
      fitzpatrick: "III",
      medications: [
        {
          ingredient: "isotretinoin",
          product: null,
          route: "oral",
          prescribed: true,
          ongoing: false,
          lastTaken: today.subtract({ months: 2 }).toString(),
        },
      ],
    }),
  );
  await screen(deferredId, openDay(today.add({ days: 7 }), 1));

  // 4. Awaiting a physician's clearance: a prescribed anticoagulant.
  const clearance = PATHWAY_PATIENTS.awaitingClearance;
  const clearanceId = await newPatient(clearance, "1961-02-20", "male", "II", "+44 7700 900204", false);
  await intakes.submit(
    { principal: desk, origin: ORIGIN },
    clearanceId,
    intake({
      medications: [
        {
          ingredient: "apixaban",
          product: "Eliquis",
          route: "oral",
          prescribed: true,
          ongoing: true,
          lastTaken: null,
        },
      ],
    }),
  );
  await screen(clearanceId, openDay(today.add({ days: 7 }), 1));

  // 5. A plan proposed at today's consultation, waiting for the patient to accept it.
  const proposed = PATHWAY_PATIENTS.planProposed;
  const proposedId = await newPatient(proposed, "1990-09-14", "female", "V", "+44 7700 900205", true);
  await planned(proposed, proposedId, today, false);

  // 6. Mid-series: session 1 of 3 signed three weeks ago, session 2 booked five weeks after it.
  const mid = PATHWAY_PATIENTS.midSeries;
  const midId = await newPatient(mid, "1987-05-09", "male", "III", "+44 7700 900206", true);
  const midFirst = openDay(today.subtract({ days: 21 }), -1);
  const midPlan = await planned(mid, midId, openDay(midFirst.subtract({ days: 14 }), -1), true);
  const midSeries = await newSeries(midId, midPlan.plan, new Date(at(midFirst).epochMilliseconds));
  await session(midId, midPlan.plan.id, { id: midSeries, index: 1 }, midFirst);
  await futureSession(midId, midSeries, 2, openDay(midFirst.add({ days: INTERVAL_DAYS }), 1));

  // 7. Aftercare: session 1 a few days ago, the day-1 and day-3 check-ins sent.
  const care = PATHWAY_PATIENTS.aftercare;
  const careId = await newPatient(care, "1992-01-30", "female", "II", "+44 7700 900207", true);
  const careFirst = openDay(today.subtract({ days: 4 }), -1);
  const carePlan = await planned(care, careId, openDay(careFirst.subtract({ days: 14 }), -1), true);
  const careSeries = await newSeries(careId, carePlan.plan, new Date(at(careFirst).epochMilliseconds));
  const careSession = await session(careId, carePlan.plan.id, { id: careSeries, index: 1 }, careFirst);
  for (const hours of [26, 75]) {
    const when = new Date(careSession.endsAt.getTime() + hours * 3_600_000);
    if (when.getTime() > Date.now()) continue;
    const answers = hours === 26 ? { ...CALM, redness: "moderate" as const, pain: 3 } : CALM;
    const checkIn = await checkIns.submit(
      { principal: carePlan.patient, origin: ORIGIN },
      careSession.chartId,
      answers,
      when,
    );
    await movedTo(when, "check_ins", [checkIn.id], ["created_at"]);
  }
  await futureSession(careId, careSeries, 2, openDay(careFirst.add({ days: INTERVAL_DAYS }), 1));

  // 8. Maintenance due: a series of three, the last session six months and a week ago, six-monthly upkeep.
  const upkeep = PATHWAY_PATIENTS.maintenanceDue;
  const upkeepId = await newPatient(upkeep, "1975-06-11", "male", "II", "+44 7700 900208", true);
  const upkeepFirst = openDay(today.subtract({ months: 6, days: 2 * INTERVAL_DAYS + 7 }), -1);
  const upkeepPlan = await planned(upkeep, upkeepId, openDay(upkeepFirst.subtract({ days: 14 }), -1), true);
  const upkeepSeries = await newSeries(
    upkeepId,
    upkeepPlan.plan,
    new Date(at(upkeepFirst).epochMilliseconds),
  );
  let day = upkeepFirst;
  for (let index = 1; index <= 3; index++) {
    await session(upkeepId, upkeepPlan.plan.id, { id: upkeepSeries, index }, day);
    day = openDay(day.add({ days: INTERVAL_DAYS }), 1);
  }
  await queueMaintenanceRecall(client as unknown as pg.PoolClient, upkeepSeries);

  /** The next session of a series, booked in the calendar after the interval. */
  async function futureSession(patientId: string, seriesId: string, index: number, day: Temporal.PlainDate) {
    const start = at(day);
    await q(
      `insert into appointments (clinic_id, location_id, patient_id, type_id, provider_id, room_id, device_id,
         starts_at, ends_at, status, series_id, series_index)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'booked', $10, $11)`,
      [
        clinicId,
        place!.locationId,
        patientId,
        place!.typeId,
        nurse.user.id,
        place!.roomId,
        place!.deviceId,
        new Date(start.epochMilliseconds),
        new Date(start.add({ minutes: SESSION_MINUTES }).epochMilliseconds),
        seriesId,
        index,
      ],
    );
  }
}
