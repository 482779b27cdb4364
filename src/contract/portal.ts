// The patient portal's own reads: the overview of the patient's course (plan, next window, upcoming
// visits, the next session's preparation with its ticks, forms still to do), the aftercare of each
// session, what the patient may book, and ticking a preparation step.
import { z } from "zod";
import { CHECK_IN_POINTS } from "../domain/patient/triage.ts";
import type { AftercareTimeline } from "../domain/protocol/aftercare-timeline.ts";
import type { HealingForecast } from "../domain/protocol/healing-forecast.ts";
import { instant } from "./codecs.ts";
import { endpoint } from "./endpoint.ts";
import { bookableType } from "./public-facts.ts";

const prepItem = z.object({
  id: z.string(),
  kind: z.string(),
  /** The day the step starts at the latest (ISO date). */
  date: z.string(),
  medications: z.array(z.string()),
  prescribedMedications: z.array(z.string()),
  /** The protocol's range of days before the session for this step, null for standing steps. */
  days: z.object({ min: z.number(), max: z.number() }).nullable(),
  summary: z.string(),
  patientText: z.string(),
  source: z.array(z.string()),
  tooLate: z.boolean(),
  /** Ticked off by the patient. */
  done: z.boolean(),
});

/** A coming visit on the patient's plan page: when, what, where and its price. */
export const upcomingVisit = z.object({
  id: z.uuid(),
  startsAt: instant,
  endsAt: instant,
  typeName: z.string(),
  kind: z.string(),
  priceCents: z.number(),
  timeZone: z.string(),
  location: z.string(),
});

export const portalOverviewView = z
  .object({
    today: z.string(),
    plan: z
      .object({
        id: z.uuid(),
        status: z.enum(["proposed", "accepted", "withdrawn"]),
        concerns: z.array(z.string()),
        sessions: z.number().int(),
        sessionsDone: z.number().int(),
        intervalWeeks: z.number(),
        maintenanceMonths: z.number().nullable(),
        priceCents: z.number(),
        protocolVersion: z.string(),
      })
      .nullable(),
    nextWindow: z.object({ from: z.string(), to: z.string() }).nullable(),
    upcoming: z.array(upcomingVisit),
    prep: z
      .object({
        appointmentId: z.uuid(),
        appointmentDate: z.string(),
        protocolVersion: z.string(),
        tooSoon: z.boolean(),
        requiresPhysicianClearance: z.boolean(),
        items: z.array(prepItem),
      })
      .nullable(),
    forms: z.object({
      intake: z.object({ done: z.boolean(), at: instant.nullable() }),
      microneedlingConsent: z.boolean(),
      photoConsent: z.boolean(),
    }),
  })
  .meta({ id: "PortalOverview" });

export const prepTickParams = z.strictObject({ appointmentId: z.uuid() });
export const prepTickBody = z.strictObject({ stepId: z.string().min(1).max(100), done: z.boolean() });
export const prepTicked = z.object({ stepId: z.string(), done: z.boolean() });

const range = z.object({ min: z.number(), max: z.number() });

export const portalBookingOptionsView = z
  .object({
    types: z.array(bookableType),
    plan: z.object({ sessions: range, intervalWeeks: range }).nullable(),
    screening: z.string(),
    upcomingSessions: z.array(
      z.object({ id: z.uuid(), startsAt: instant, seriesIndex: z.number().nullable() }),
    ),
  })
  .meta({ id: "PortalBookingOptions" });

/**
 * An object the pathway engine made (an aftercare timeline, a healing forecast), passed on as it is:
 * its shape is the engine's own type (docs/pathway-engine.md), shared by both sides.
 */
const engineObject = <T>() =>
  z.custom<T>((value) => typeof value === "object" && value !== null && !Array.isArray(value));

export const portalAftercareView = z
  .object({
    /** The server's clock when it answered (ISO instant). */
    now: z.string(),
    timeZone: z.string(),
    forecast: engineObject<HealingForecast>().nullable(),
    /** Newest session first. */
    sessions: z.array(
      z.object({
        chartId: z.uuid(),
        number: z.number().int(),
        sessionDate: z.string(),
        /** ISO instant, as the aftercare timeline reads it. */
        endedAt: z.string(),
        timeline: engineObject<AftercareTimeline>(),
        openCheckIn: z.enum(CHECK_IN_POINTS).nullable(),
        checkIns: z.array(
          z.object({
            id: z.uuid(),
            point: z.string(),
            triage: z.string(),
            createdAt: z.string(),
            photoId: z.uuid().nullable(),
          }),
        ),
      }),
    ),
  })
  .meta({ id: "PortalAftercare" });

// Endpoints the web calls.
/** The languages a patient may choose for the portal, e-mails and consent forms. */
export const PATIENT_LOCALES = ["en", "es"] as const;
/** The language the patient chose (null: not chosen yet). */
export const portalLocaleView = z.object({ locale: z.enum(PATIENT_LOCALES).nullable() });
export const portalLocaleBody = z.strictObject({ locale: z.enum(PATIENT_LOCALES) });
export type PortalLocaleBody = z.input<typeof portalLocaleBody>;

export const portalLocale = endpoint("GET", "/api/portal/locale", portalLocaleView);
export const savePortalLocale = endpoint("POST", "/api/portal/locale", portalLocaleView);
export const portalOverview = endpoint("GET", "/api/portal/overview", portalOverviewView);
export const portalAftercare = endpoint("GET", "/api/portal/aftercare", portalAftercareView);
export const tickPrepStep = endpoint("POST", "/api/portal/prep/:appointmentId/ticks", prepTicked);
export const portalBookingOptions = endpoint("GET", "/api/portal/booking-options", portalBookingOptionsView);

export type PortalOverview = z.output<typeof portalOverviewView>;
