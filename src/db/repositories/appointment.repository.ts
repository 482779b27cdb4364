import type { Tx } from "../pool.ts";
import { REQUEST_LAPSED_SQL } from "./booking-request.repository.ts";

export interface AppointmentView {
  id: string;
  startsAt: Date;
  endsAt: Date;
  status: "booked" | "checked_in" | "completed" | "cancelled" | "no_show";
  type: { id: string; name: string; kind: "consultation" | "microneedling" | "review" };
  provider: { id: string; name: string } | null;
  room: { id: string; name: string } | null;
  locationTimeZone: string;
  /** Asked for online and not confirmed yet ("Held online"). */
  held: boolean;
  /** Asked for online and not confirmed in time: the time is free again (migration 117). */
  lapsed: boolean;
}

/**
 * A patient's appointments, earliest first; a visitor's hold that ran out is not one, a request held
 * on the record that lapsed is (marked lapsed).
 */
export async function listAppointmentsForPatient(tx: Tx, patientId: string): Promise<AppointmentView[]> {
  const { rows } = await tx.query<AppointmentView>(
    `select a.id, a.starts_at as "startsAt", a.ends_at as "endsAt", a.status,
            json_build_object('id', t.id, 'name', t.name, 'kind', t.kind) as type,
            case when u.id is null then null else json_build_object('id', u.id, 'name', u.name) end as provider,
            case when r.id is null then null else json_build_object('id', r.id, 'name', r.name) end as room,
            l.time_zone as "locationTimeZone", a.held_until is not null as held,
            ${REQUEST_LAPSED_SQL} as lapsed
     from appointments a
     join appointment_types t on t.id = a.type_id
     join locations l on l.id = a.location_id
     left join users u on u.id = a.provider_id
     left join rooms r on r.id = a.room_id
     where a.patient_id = $1 and (a.held_until is null or a.held_until > now() or ${REQUEST_LAPSED_SQL})
     order by a.starts_at`,
    [patientId],
  );
  return rows;
}
