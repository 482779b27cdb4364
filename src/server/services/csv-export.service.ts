/**
 * Patients and appointments as CSV for spreadsheets. Cells that a spreadsheet would run as a
 * formula (=, +, -, @, tab, CR) are prefixed with an apostrophe; every cell is quoted.
 */
import type { Db } from "../../db/pool.ts";
import type { Principal, RequestOrigin } from "./auth.service.ts";
import { clinicalTx } from "./clinical-tx.ts";

export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return "";
  let s = value instanceof Date ? value.toISOString() : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return `"${s.replace(/"/g, '""')}"`;
}

export function toCsv(header: string[], rows: unknown[][]): string {
  return `${[header, ...rows].map((r) => r.map(csvCell).join(",")).join("\r\n")}\r\n`;
}

export class CsvExportService {
  readonly #db: Db;
  constructor(db: Db) {
    this.#db = db;
  }

  patients(principal: Principal, origin: RequestOrigin): Promise<string> {
    return clinicalTx(this.#db, principal, origin, async (tx, audit) => {
      const { rows } = await tx.query(
        `select p.id, p.family_name, p.given_name, p.date_of_birth, p.sex, p.email, p.phone, p.fitzpatrick,
                p.pregnant, p.breastfeeding, p.created_at,
                (select min(a.starts_at) from appointments a where a.patient_id = p.id and a.starts_at > now()
                   and a.status in ('booked', 'checked_in')) as next_appointment
         from patients p order by p.family_name, p.given_name, p.id`,
      );
      await audit("patient.export", "patient", null, { format: "csv", count: rows.length });
      const header = [
        "id",
        "family_name",
        "given_name",
        "date_of_birth",
        "sex",
        "email",
        "phone",
        "fitzpatrick",
        "pregnant",
        "breastfeeding",
        "created_at",
        "next_appointment",
      ];
      return toCsv(
        header,
        rows.map((r) => header.map((h) => r[h])),
      );
    });
  }

  appointments(
    principal: Principal,
    origin: RequestOrigin,
    from: string | null,
    to: string | null,
  ): Promise<string> {
    return clinicalTx(this.#db, principal, origin, async (tx, audit) => {
      const { rows } = await tx.query(
        `select a.id, a.starts_at, a.ends_at, l.time_zone, a.status, t.name as type, t.kind,
                a.patient_id, p.family_name as patient_family_name, p.given_name as patient_given_name,
                u.name as provider, l.name as location, r.name as room
         from appointments a
         join appointment_types t on t.id = a.type_id
         join locations l on l.id = a.location_id
         join patients p on p.id = a.patient_id
         left join users u on u.id = a.provider_id
         left join rooms r on r.id = a.room_id
         where (to_jsonb(a) ->> 'held_until') is null
           and ($1::date is null or (a.starts_at at time zone l.time_zone)::date >= $1)
           and ($2::date is null or (a.starts_at at time zone l.time_zone)::date <= $2)
         order by a.starts_at, a.id`,
        [from, to],
      );
      await audit("appointment.export", "appointment", null, { format: "csv", count: rows.length, from, to });
      const header = [
        "id",
        "starts_at",
        "ends_at",
        "time_zone",
        "status",
        "type",
        "kind",
        "patient_id",
        "patient_family_name",
        "patient_given_name",
        "provider",
        "location",
        "room",
      ];
      return toCsv(
        header,
        rows.map((r) => header.map((h) => r[h])),
      );
    });
  }
}
