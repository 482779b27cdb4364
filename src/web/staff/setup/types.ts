// The shape of GET /api/setup as the set-up screens read it (dates arrive as ISO strings).

export type TypeKind = "consultation" | "microneedling" | "review";

export interface Segment {
  kind: string;
  minutes: number;
  provider: boolean;
  room: boolean;
  device: boolean;
}

export interface Hours {
  id: string;
  locationId: string;
  weekday: number;
  start: string;
  end: string;
}

export interface Block {
  id: string;
  resourceId: string;
  startsAt: string;
  endsAt: string;
  reason: string;
}

export interface Resource {
  id: string;
  locationId: string;
  name: string;
  active: boolean;
  model?: string | null;
  serialNumber?: string | null;
}

export interface AppointmentType {
  id: string;
  name: string;
  kind: TypeKind;
  durationMinutes: number;
  priceCents: number;
  segments: Segment[] | null;
  effectiveSegments: Segment[];
  bufferMinutes: number;
  seriesRuleId: string | null;
  /** The treatment zones the type covers: a plan is priced by the type covering its zones. */
  zones: string[];
  bookableOnline: boolean;
  active: boolean;
  description: string;
}

export interface SchedulingSettings {
  holdMinutes: number;
  minNoticeMinutes: number;
  stepMinutes: number;
  screeningValidDays: number;
  maxAdvanceDays: number;
  /** Check-in opens this many days before the visit's day (0: on the day only). */
  checkInDaysBefore: number;
  /** Hours of notice a cancellation needs not to count as late; patients change visits online until then. */
  cancelNoticeHours: number;
  /** The day-before reminder's local time, "HH:MM". */
  dayBeforeReminderTime: string;
}

export interface Location {
  id: string;
  name: string;
  timeZone: string;
  address: string | null;
  /** When the location was retired (closed; the owner may reopen it), or null while it is open. */
  retiredAt: string | null;
}

/** The locations still open: a retired one takes no hours, closures or bookings. */
export function openLocations(data: { locations: Location[] }): Location[] {
  return data.locations.filter((l) => l.retiredAt === null);
}

export interface SetupData {
  settings: SchedulingSettings;
  locations: Location[];
  openingHours: Hours[];
  closures: { id: string; locationId: string; first: string; last: string; reason: string }[];
  providers: { id: string; name: string; credential: string; maxNeedleDepthMm: number | string }[];
  providerHours: (Hours & { providerId: string })[];
  timeOff: Block[];
  rooms: Resource[];
  devices: Resource[];
  maintenance: Block[];
  appointmentTypes: AppointmentType[];
  /** The protocol's series rules and treatable zones, to choose from in set-up. */
  choices: {
    seriesRules: { id: string; label: string }[];
    zones: { id: string; label: string; face: boolean }[];
  };
}
