import { z } from "zod";
import { instant } from "./codecs.ts";
import { action, endpoint } from "./endpoint.ts";

const calendarDate = z.iso
  .date()
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)), "not a calendar date");

export const appointmentView = z
  .object({
    id: z.uuid(),
    startsAt: instant,
    endsAt: instant,
    status: z.enum(["booked", "checked_in", "completed", "cancelled", "no_show"]),
    type: z.object({
      id: z.uuid(),
      name: z.string(),
      kind: z.enum(["consultation", "microneedling", "review"]),
    }),
    provider: z.object({ id: z.uuid(), name: z.string() }).nullable(),
    room: z.object({ id: z.uuid(), name: z.string() }).nullable(),
    locationTimeZone: z.string(),
    /** Asked for online and not confirmed yet by the clinic or the patient. */
    held: z.boolean(),
    /** Asked for online and not confirmed in time: the time is free again. */
    lapsed: z.boolean(),
  })
  .meta({ id: "Appointment" });

export const patientSummary = z.object({
  id: z.uuid(),
  givenName: z.string(),
  familyName: z.string(),
  dateOfBirth: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  nextAppointmentAt: instant.nullable(),
});

export const patientView = z
  .object({
    id: z.uuid(),
    givenName: z.string(),
    familyName: z.string(),
    dateOfBirth: z.string(),
    sex: z.enum(["female", "male", "other", "unknown"]),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    fitzpatrick: z.string().nullable(),
    createdAt: instant,
  })
  .meta({ id: "Patient" });

export const listQuery = z.strictObject({
  q: z.string().trim().max(100).default(""),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

export const idParams = z.strictObject({ id: z.uuid() });

export const createPatientBody = z.strictObject({
  givenName: z.string().trim().min(1).max(100),
  familyName: z.string().trim().min(1).max(100),
  dateOfBirth: calendarDate.refine(
    (d) => d <= new Date().toISOString().slice(0, 10),
    "must not be in the future",
  ),
  sex: z.enum(["female", "male", "other", "unknown"]),
  email: z.email().max(320).nullable().default(null),
  phone: z.string().trim().min(3).max(40).nullable().default(null),
  fitzpatrick: z.enum(["I", "II", "III", "IV", "V", "VI"]).nullable().default(null),
});

// Endpoints the web reads.
export const patientList = z.object({ patients: z.array(patientSummary), total: z.number().int() });
export const patientRecord = z.object({ patient: patientView, appointments: z.array(appointmentView) });
export const patients = endpoint("GET", "/api/patients", patientList);
export const patient = endpoint("GET", "/api/patients/:id", patientRecord);

/** A patient added at the desk: the new record (answered 201). */
export const createdPatient = z.object({ patient: patientView });
export const createPatient = action("POST", "/api/patients", createPatientBody, createdPatient);

/** A patient's own visits, and the hours before a visit after which they call the clinic to change it. */
export const ownAppointments = z.object({
  appointments: z.array(appointmentView),
  changeNoticeHours: z.number().int(),
});
export const portalAppointments = endpoint("GET", "/api/portal/appointments", ownAppointments);

export type Appointment = z.output<typeof appointmentView>;
export type PatientDetails = z.output<typeof patientView>;
export type PatientRecord = z.output<typeof patientRecord>;
export type PatientSummary = z.output<typeof patientSummary>;
export type PatientSex = z.output<typeof patientView>["sex"];
export type AppointmentStatus = Appointment["status"];
export type AppointmentKind = Appointment["type"]["kind"];
