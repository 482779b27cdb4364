/**
 * `remodel screen --patient ID --date YYYY-MM-DD [--clinic SLUG]`: screens a patient stored in
 * Remodel for an appointment on that date, and prints the decision as `remodel screen FILE` does.
 * ID is Remodel's patient id or an identifier kept on the patient (an imported record's source
 * Patient.id, say). The engine's input is built from the stored profile by the same builder the
 * API uses; what the record lacks (the concerns, or answers it never held) is given as options.
 * The read is audited in the patient's clinic. Exit 2, with one line on stderr, for an unknown or
 * ambiguous patient or an input the engine refuses.
 */
import pg from "pg";
import { Temporal } from "temporal-polyfill";
import { createPool, type Db, withClinic } from "../../db/pool.ts";
import { appendAudit } from "../../db/repositories/audit.repository.ts";
import {
  getProfilePatient,
  listProfileConditions,
  listProfileMedications,
} from "../../db/repositories/clinical-profile.repository.ts";
import { listPlans } from "../../db/repositories/consultation.repository.ts";
import { latestIntake } from "../../db/repositories/intake.repository.ts";
import {
  findPatientsByReference,
  type PatientMatch,
} from "../../db/repositories/patient-lookup.repository.ts";
import { isCalendarDate } from "../../domain/calendar.ts";
import { screenPatient } from "../../domain/protocol/screen-patient.ts";
import type { ConcernInput, Protocol } from "../../domain/protocol/types.ts";
import { validateScreeningInput } from "../../domain/protocol/validate-input.ts";
import { type AskedToday, buildScreeningInput } from "../../domain/record/screening-input.ts";
import { ConfigError, loadConfig } from "../../server/config.ts";
import { DatabaseStartError } from "../../server/runtime.ts";
import { openToolDatabase } from "../../server/security/tool-database.ts";
import { currentProtocol } from "../../server/services/protocol.service.ts";
import type { CommandIO } from "../io.ts";

export const STORED_USAGE = `       remodel screen --patient ID --date YYYY-MM-DD [--clinic SLUG] [--concern INDICATION:ZONE,ZONE[:GRADE]]...
                      [--pregnant yes|no] [--breastfeeding yes|no] [--fitzpatrick I-VI] [--print-input]
                      (a stored patient, by Remodel's id or an identifier such as an imported Patient.id)`;

export interface StoredOptions {
  patient: string;
  date: string;
  clinic: string | null;
  concerns: ConcernInput[];
  asked: AskedToday;
  printInput: boolean;
  /** A protocol file to screen under instead of the clinic's current protocol. */
  protocol: Protocol | null;
}

export class StoredUsageError extends Error {}

const yesNo = (flag: string, v: string): boolean => {
  if (v === "yes" || v === "true") return true;
  if (v === "no" || v === "false") return false;
  throw new StoredUsageError(`${flag}: yes or no (got '${v}')`);
};

/** `acne-scars:cheeks,forehead:3` -> a concern (indication, zones, optional Goodman-Baron grade). */
export function parseConcern(text: string): ConcernInput {
  const [indication, zones, grade, ...extra] = text.split(":");
  if (!indication || !zones || extra.length > 0)
    throw new StoredUsageError(`--concern: INDICATION:ZONE,ZONE[:GRADE] (got '${text}')`);
  const concern: ConcernInput = { indication, zones: zones.split(",").filter((z) => z !== "") };
  if (grade !== undefined) {
    if (!/^[1-4]$/.test(grade)) throw new StoredUsageError(`--concern: the grade is 1 to 4 (got '${grade}')`);
    concern.goodmanBaronGrade = Number(grade);
  }
  return concern;
}

/** Applies one stored-patient option at argv[i]; the index of its last argument, or -1 if not one. */
export function parseStoredOption(argv: string[], i: number, into: Partial<StoredOptions>): number {
  const arg = argv[i] as string;
  const eq = arg.indexOf("=");
  const flag = arg.startsWith("--") && eq > 0 ? arg.slice(0, eq) : arg;
  const known = [
    "--patient",
    "--date",
    "--clinic",
    "--concern",
    "--pregnant",
    "--breastfeeding",
    "--fitzpatrick",
  ];
  if (flag === "--print-input") {
    into.printInput = true;
    return i;
  }
  if (!known.includes(flag)) return -1;
  let next = i;
  const value = eq > 0 && flag !== arg ? arg.slice(eq + 1) : argv[++next];
  if (!value) throw new StoredUsageError(`${flag} needs a value`);
  into.asked ??= {};
  into.concerns ??= [];
  if (flag === "--patient") into.patient = value;
  else if (flag === "--date") into.date = value;
  else if (flag === "--clinic") into.clinic = value;
  else if (flag === "--concern") into.concerns.push(parseConcern(value));
  else if (flag === "--pregnant") into.asked.pregnant = yesNo(flag, value);
  else if (flag === "--breastfeeding") into.asked.breastfeeding = yesNo(flag, value);
  else into.asked.fitzpatrick = value;
  return next;
}

/** Fills in the defaults once every argument is read; a usage error when --patient lacks --date. */
export function completeStored(into: Partial<StoredOptions>, protocol: Protocol | null): StoredOptions {
  if (!into.patient) throw new StoredUsageError("--patient needs --date as well, and the other way round");
  if (!into.date || !/^\d{4}-\d{2}-\d{2}$/.test(into.date) || !isCalendarDate(into.date))
    throw new StoredUsageError(`--date: a calendar date YYYY-MM-DD (got '${into.date ?? ""}')`);
  return {
    patient: into.patient,
    date: into.date,
    clinic: into.clinic ?? null,
    concerns: into.concerns ?? [],
    asked: into.asked ?? {},
    printInput: into.printInput ?? false,
    protocol,
  };
}

/** A clear message for an engine input error, given whether the value came from the record or the options. */
const OPTION_OF: Record<string, string> = {
  "patient.pregnant": "--pregnant yes|no",
  "patient.breastfeeding": "--breastfeeding yes|no",
  "patient.fitzpatrick": "--fitzpatrick I-VI",
};

function refuse(io: CommandIO, message: string): number {
  io.stderr.write(`remodel screen: ${message.replace(/\s*\n\s*/g, " ")}\n`);
  return 2;
}

function pick(matches: PatientMatch[], opts: StoredOptions): PatientMatch | string {
  const where = opts.clinic ? ` in clinic '${opts.clinic}'` : "";
  if (matches.length === 0) return `no patient '${opts.patient}'${where}`;
  const clinics = [...new Set(matches.map((m) => m.clinicSlug))];
  if (clinics.length > 1)
    return `'${opts.patient}' names patients in ${clinics.length} clinics (${clinics.join(", ")}); say which with --clinic SLUG`;
  if (matches.length > 1)
    return `'${opts.patient}' names ${matches.length} patients${where || ` in clinic '${clinics[0]}'`}; use Remodel's patient id`;
  return matches[0]!;
}

export async function runStored(opts: StoredOptions, io: CommandIO): Promise<number> {
  let database: Awaited<ReturnType<typeof openToolDatabase>>;
  try {
    database = await openToolDatabase(loadConfig(), () => {});
  } catch (err) {
    if (err instanceof ConfigError || err instanceof DatabaseStartError) return refuse(io, err.message);
    throw err;
  }
  // Which clinic the patient is in is not known yet: the lookup runs on the owner connection, as
  // `remodel audit` does across clinics; the screening itself then runs under that clinic's RLS.
  const admin = new pg.Client({ connectionString: database.adminUrl, application_name: "remodel-screen" });
  const db = createPool(database.adminUrl, 2);
  try {
    await admin.connect();
    const matches = await findPatientsByReference(admin, opts.patient, opts.clinic);
    await admin.end();
    const found = pick(matches, opts);
    if (typeof found === "string") return refuse(io, found);
    return await screenStored(db, found, opts, io);
  } finally {
    await admin.end().catch(() => {});
    await db.end();
    await database.close();
  }
}

async function screenStored(
  db: Db,
  match: PatientMatch,
  opts: StoredOptions,
  io: CommandIO,
): Promise<number> {
  const today = Temporal.Now.plainDateISO(match.timeZone).toString();
  // Screened today for an appointment on the date; a past date is screened as of that day.
  const screeningDate = [opts.date, today].sort()[0]!;
  return withClinic(db, { clinicId: match.clinicId }, async (tx) => {
    const audit = (detail: Record<string, unknown>) =>
      appendAudit(tx, {
        actorUserId: null,
        actorRole: "cli",
        action: "screening.cli",
        resourceType: "patient",
        resourceId: match.patientId,
        ip: null,
        userAgent: "remodel screen",
        detail: { appointmentDate: opts.date, screeningDate, ...detail },
      });
    const patient = await getProfilePatient(tx, match.patientId);
    if (!patient) return refuse(io, `no patient '${opts.patient}'`);
    const protocol = opts.protocol ?? (await currentProtocol(tx)).protocol;
    let concerns = opts.concerns;
    let concernsFrom = "options";
    if (concerns.length === 0) {
      const plan = (await listPlans(tx, match.patientId)).find((p) => p.status !== "withdrawn");
      const intake = plan ? null : await latestIntake(tx, match.patientId);
      concerns = plan?.concerns ?? intake?.answers.concerns ?? [];
      concernsFrom = plan ? "treatment plan" : "intake";
    }
    if (concerns.length === 0) {
      await audit({ outcome: null, error: "no concerns" });
      return refuse(
        io,
        "request.concerns: the patient has no treatment plan or intake on file; give --concern INDICATION:ZONE,ZONE",
      );
    }
    const built = buildScreeningInput(
      protocol,
      {
        patient,
        conditions: await listProfileConditions(tx, match.patientId),
        medications: await listProfileMedications(tx, match.patientId),
      },
      {
        screeningDate,
        requestedAppointment: opts.date,
        request: { setting: "clinic", concerns: concerns.map((c) => ({ ...c })) },
        asked: opts.asked,
      },
    );
    const checked = validateScreeningInput(built.input, protocol);
    if (!checked.ok) {
      const { field, message } = checked.error;
      await audit({ outcome: null, error: field });
      const source = built.sourceOf(field);
      const option = OPTION_OF[field];
      const what =
        source.kind === "condition"
          ? ` (stored condition ${source.record.id})`
          : source.kind === "medication"
            ? ` (stored medication ${source.record.id})`
            : source.kind === "request" && field.startsWith("request.")
              ? ` (concerns from the ${concernsFrom})`
              : "";
      const hint =
        option && message === "is required" ? `: not recorded for this patient; give ${option}` : "";
      return refuse(io, `invalid input: ${field}: ${message}${what}${hint}`);
    }
    if (opts.printInput) {
      await audit({ outcome: null, printed: "input" });
      io.stdout.write(`${JSON.stringify(checked.value, null, 2)}\n`);
      return 0;
    }
    const output = screenPatient(checked.value, protocol);
    // A recorded condition the protocol cannot read is left out of the input: a person must look.
    const decision = built.reviewNotes.length > 0 ? { ...output, requiresReview: true } : output;
    await audit({
      outcome: decision.outcome,
      protocolVersion: decision.protocolVersion,
      reviewNotes: built.reviewNotes.length,
    });
    io.stdout.write(`${JSON.stringify(decision, null, 2)}\n`);
    return 0;
  });
}
