/**
 * Patients and appointments as CSV for spreadsheets. Cells that a spreadsheet would run as a
 * formula (=, +, -, @, tab, CR) are prefixed with an apostrophe; every cell is quoted.
 */
import type { Db } from "../../db/pool.ts";
import { listAppointmentsForCsv, listPatientsForCsv } from "../../db/repositories/csv-export.repository.ts";
import { clinicalTx } from "./clinical-tx.ts";
import type { RequestContext } from "./request-context.ts";

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

  patients(ctx: RequestContext): Promise<string> {
    return clinicalTx(this.#db, ctx, async (tx, audit) => {
      const rows = await listPatientsForCsv(tx);
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

  appointments(ctx: RequestContext, from: string | null, to: string | null): Promise<string> {
    return clinicalTx(this.#db, ctx, async (tx, audit) => {
      const rows = await listAppointmentsForCsv(tx, from, to);
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
