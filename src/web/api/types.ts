// Shapes of the Remodel HTTP API as the web app reads them.

export type Role = "owner" | "provider" | "front_desk" | "patient";
export type Credential = "physician" | "nurse" | "aesthetician";

export interface ClinicSummary {
  id: string;
  name: string;
  slug: string;
  timeZone: string;
}

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  credential: Credential | null;
  maxNeedleDepthMm: number | null;
  patientId: string | null;
  clinic: ClinicSummary;
}

export interface PublicClinic {
  name: string;
  slug: string;
  timeZone: string;
  phone: string | null;
  email: string | null;
  /** The currency of the clinic's prices (ISO 4217). */
  currency: string;
}

export interface PatientDetails {
  id: string;
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  sex: string | null;
  email: string | null;
  phone: string | null;
  fitzpatrick: string | null;
  createdAt: string;
}

export type AppointmentStatus = "booked" | "checked_in" | "completed" | "cancelled" | "no_show";
export type AppointmentKind = "consultation" | "microneedling" | "review";

export interface Appointment {
  id: string;
  startsAt: string;
  endsAt: string;
  status: AppointmentStatus;
  type: { id: string; name: string; kind: AppointmentKind };
  provider: { id: string; name: string } | null;
  room: { id: string; name: string } | null;
  locationTimeZone: string;
}

export interface PatientRecord {
  patient: PatientDetails;
  appointments: Appointment[];
}
