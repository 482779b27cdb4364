/**
 * `remodel plan`: the pathway engine from the command line, printing JSON.
 *
 *   remodel plan prep --appointment D [--today D] [--screening D] [--med NAME:CLASS:ongoing|LAST-DOSE ...]
 *                     [--fired RULE-ID ...] [--condition ID ...] [--instruction PREP-ID ...]
 *   remodel plan aftercare --end LOCAL-OR-INSTANT --tz ZONE [--series ID | --indication ID[:GRADE]]
 *                     [--enable AC-ID ...] [--now INSTANT]
 *   remodel plan healing --sessions D,D,...
 *   remodel plan event --date D --from D (--indication ID[:GRADE] ... | --series ID) [--sessions N]
 *                     [--interval WEEKS] [--milestone RES-ID] [--assurance window-end|window-start]
 *
 * Every subcommand takes `--protocol P.json` (default: the bundled blog-default ruleset) and
 * `--choices C.json`: a clinic's choices (the body of `PUT /api/protocol/choices`) applied to that
 * protocol, so a clinic's chosen series alternative (its interval and sessions) is what plans use.
 * `prep` without `--today` uses the machine's current date, so that steps already too late are
 * flagged. Exit 0 with JSON on stdout; 2 for bad arguments, with one stderr line naming the
 * argument and nothing on stdout.
 */
import { readFile } from "node:fs/promises";
import { Temporal } from "temporal-polyfill";
import {
  buildAftercareTimeline,
  instantFromLocal,
  whereAmI,
} from "../../domain/protocol/aftercare-timeline.ts";
import { defaultProtocol } from "../../domain/protocol/default-protocol.ts";
import { type EventConcern, type EventPlanInput, planForEvent } from "../../domain/protocol/event-plan.ts";
import { forecastHealing } from "../../domain/protocol/healing-forecast.ts";
import { PathwayInputError, type PathwayProtocol, pathwayOf } from "../../domain/protocol/pathway-types.ts";
import { buildPrepChecklist, type PrepMedication } from "../../domain/protocol/prep-checklist.ts";
import {
  applyClinicChoices,
  loadProtocol as checkedProtocol,
  ProtocolError,
} from "../../domain/protocol/protocol.ts";
import blogDefault from "../../domain/protocol/rulesets/blog-default.json" with { type: "json" };
import type { ClinicChoices } from "../../domain/protocol/types.ts";
import type { CommandIO } from "../io.ts";

export const summary =
  "pathway plans as JSON: prep checklist, aftercare timeline, healing forecast, event plan";

const USAGE = `usage: remodel plan prep --appointment YYYY-MM-DD [--today D] [--screening D]
                         [--med NAME:CLASS:ongoing|LAST-DOSE ...] [--fired RULE-ID ...]
                         [--condition ID ...] [--instruction PREP-ID ...]
       remodel plan aftercare --end YYYY-MM-DDTHH:MM[offset] --tz ZONE
                         [--series ID | --indication ID[:GRADE]] [--enable AC-ID ...] [--now INSTANT]
       remodel plan healing --sessions D,D,...
       remodel plan event --date D --from D (--indication ID[:GRADE] ... | --series ID)
                         [--sessions N] [--interval WEEKS] [--milestone RES-ID] [--assurance window-start]
  all: [--protocol P.json] [--choices CLINIC-CHOICES.json]`;

/** A bad argument: `option` is what the user typed (e.g. --appointment). */
class ArgumentError extends Error {
  readonly option: string;
  constructor(option: string, problem: string) {
    super(`${option}: ${problem}`);
    this.option = option;
  }
}

type Options = Map<string, string[]>;

const SPEC: Record<string, { single: string[]; repeated: string[] }> = {
  prep: {
    single: ["--appointment", "--today", "--screening", "--protocol", "--choices"],
    repeated: ["--med", "--fired", "--condition", "--instruction"],
  },
  aftercare: {
    single: ["--end", "--tz", "--series", "--indication", "--now", "--protocol", "--choices"],
    repeated: ["--enable"],
  },
  healing: { single: ["--sessions", "--protocol", "--choices"], repeated: [] },
  event: {
    single: [
      "--date",
      "--from",
      "--series",
      "--sessions",
      "--interval",
      "--milestone",
      "--assurance",
      "--protocol",
      "--choices",
    ],
    repeated: ["--indication"],
  },
};

function parseOptions(sub: string, argv: string[]): Options {
  const spec = SPEC[sub];
  if (!spec) throw new ArgumentError(sub, "unknown subcommand (prep, aftercare, healing, event)");
  const options: Options = new Map();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const eq = arg.indexOf("=");
    const name = arg.startsWith("--") && eq > 0 ? arg.slice(0, eq) : arg;
    if (!spec.single.includes(name) && !spec.repeated.includes(name)) {
      throw new ArgumentError(name, `unknown option for 'plan ${sub}'`);
    }
    const value = arg.startsWith("--") && eq > 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined || value === "") throw new ArgumentError(name, "needs a value");
    const list = options.get(name) ?? [];
    if (list.length > 0 && spec.single.includes(name)) throw new ArgumentError(name, "given more than once");
    list.push(value);
    options.set(name, list);
  }
  return options;
}

function one(options: Options, name: string): string | undefined {
  return options.get(name)?.[0];
}

function required(options: Options, name: string): string {
  const value = one(options, name);
  if (value === undefined) throw new ArgumentError(name, "missing");
  return value;
}

function wholeNumber(options: Options, name: string): number | undefined {
  const value = one(options, name);
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new ArgumentError(name, `${JSON.stringify(value)} is not a whole number`);
  return Number(value);
}

/** `NAME:CLASS:ongoing` or `NAME:CLASS:LAST-DOSE`; CLASS `unknown` sends the medicine to review. */
function parseMed(value: string, position: number): PrepMedication {
  const parts = value.split(":");
  const [name, classId, status] = parts;
  if (parts.length !== 3 || !name || !classId || !status) {
    throw new ArgumentError(
      `--med #${position}`,
      `${JSON.stringify(value)} is not NAME:CLASS:ongoing|YYYY-MM-DD`,
    );
  }
  const known = classId === "unknown" ? null : classId;
  return status === "ongoing"
    ? { name, classId: known, ongoing: true }
    : { name, classId: known, ongoing: false, lastTaken: status };
}

function parseConcern(value: string): EventConcern {
  const [indication, grade, ...rest] = value.split(":");
  if (!indication || rest.length > 0 || (grade !== undefined && !/^\d$/.test(grade))) {
    throw new ArgumentError("--indication", `${JSON.stringify(value)} is not ID or ID:GRADE`);
  }
  return grade === undefined ? { indication } : { indication, goodmanBaronGrade: Number(grade) };
}

/** Which option a domain field came from, so that the message names what the user typed. */
function optionFor(sub: string, field: string): string {
  const med = /^medications\[(\d+)\]/.exec(field);
  if (med) return `--med #${Number(med[1]) + 1}`;
  const session = /^sessionDates\[(\d+)\]/.exec(field);
  if (session) return `--sessions (date ${Number(session[1]) + 1})`;
  const concern = /^concerns\[(\d+)\]/.exec(field);
  if (concern) return `--indication #${Number(concern[1]) + 1}`;
  const map: Record<string, string> = {
    appointmentDate: "--appointment",
    today: "--today",
    screeningDate: "--screening",
    sessionEnd: "--end",
    timeZone: "--tz",
    seriesRuleId: "--series",
    indication: "--indication",
    now: "--now",
    sessionDates: "--sessions",
    eventDate: "--date",
    earliestStart: "--from",
    concerns: "--indication",
    sessions: "--sessions",
    intervalWeeks: "--interval",
    milestoneId: "--milestone",
    assurance: "--assurance",
    firedRuleIds: "--fired",
    conditionIds: "--condition",
    prepInstructionIds: "--instruction",
  };
  return map[field] ?? `${sub} ${field}`;
}

async function readJson(option: string, path: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, "utf8"));
  } catch (err) {
    const why = err instanceof Error ? err.message.replace(/\s*\n\s*/g, " ") : String(err);
    throw new ArgumentError(option, `cannot read ${path}: ${why}`);
  }
}

/**
 * The protocol to plan with; with `--choices`, the clinic's protocol made from it by the same
 * derivation the server uses (so a chosen series alternative's interval applies).
 */
async function planningProtocol(options: Options): Promise<PathwayProtocol> {
  const path = one(options, "--protocol");
  const choicesPath = one(options, "--choices");
  if (choicesPath === undefined) return loadProtocol(path);
  const choices = await readJson("--choices", choicesPath);
  if (typeof choices !== "object" || choices === null || Array.isArray(choices)) {
    throw new ArgumentError("--choices", `${choicesPath} is not a JSON object of clinic choices`);
  }
  let base = defaultProtocol();
  if (path !== undefined) {
    const raw = await readJson("--protocol", path);
    try {
      base = checkedProtocol(raw);
    } catch (err) {
      if (err instanceof ProtocolError) throw new ArgumentError("--protocol", err.message);
      throw err;
    }
  }
  try {
    return pathwayOf(applyClinicChoices(base, choices as ClinicChoices));
  } catch (err) {
    if (err instanceof ProtocolError) throw new ArgumentError("--choices", err.message);
    throw err;
  }
}

async function loadProtocol(path: string | undefined): Promise<PathwayProtocol> {
  if (path === undefined) return pathwayOf(checkedProtocol(blogDefault));
  const raw = await readJson("--protocol", path);
  const sections = ["prepSteps", "aftercareTimeline", "healingPhases", "resultsTimeline", "seriesRules"];
  for (const section of sections) {
    if (
      typeof raw !== "object" ||
      raw === null ||
      !Array.isArray((raw as Record<string, unknown>)[section])
    ) {
      throw new ArgumentError("--protocol", `${path} has no ${section} list`);
    }
  }
  if (typeof (raw as Record<string, unknown>).seriesByIndication !== "object") {
    throw new ArgumentError("--protocol", `${path} has no seriesByIndication`);
  }
  return raw as PathwayProtocol;
}

function prep(options: Options, protocol: PathwayProtocol): unknown {
  return buildPrepChecklist(
    {
      appointmentDate: required(options, "--appointment"),
      today: one(options, "--today") ?? Temporal.Now.plainDateISO().toString(),
      screeningDate: one(options, "--screening"),
      medications: (options.get("--med") ?? []).map((value, i) => parseMed(value, i + 1)),
      firedRuleIds: options.get("--fired"),
      conditionIds: options.get("--condition"),
      prepInstructionIds: options.get("--instruction"),
    },
    protocol,
  );
}

function aftercare(options: Options, protocol: PathwayProtocol): unknown {
  const timeZone = required(options, "--tz");
  const sessionEnd = instantFromLocal(required(options, "--end"), timeZone, "sessionEnd");
  const indication = one(options, "--indication");
  const concern = indication === undefined ? undefined : parseConcern(indication);
  const timeline = buildAftercareTimeline(
    {
      sessionEnd,
      timeZone,
      seriesRuleId: one(options, "--series"),
      indication: concern?.indication,
      goodmanBaronGrade: concern?.goodmanBaronGrade,
      enable: options.get("--enable"),
    },
    protocol,
  );
  const now = one(options, "--now");
  if (now === undefined) return timeline;
  return { ...timeline, whereAmI: whereAmI(timeline, instantFromLocal(now, timeZone, "now")) };
}

function healing(options: Options, protocol: PathwayProtocol): unknown {
  const sessions = required(options, "--sessions")
    .split(",")
    .map((d) => d.trim());
  return forecastHealing({ sessionDates: sessions }, protocol);
}

function event(options: Options, protocol: PathwayProtocol): unknown {
  const assurance = one(options, "--assurance");
  if (assurance !== undefined && assurance !== "window-end" && assurance !== "window-start") {
    throw new ArgumentError("--assurance", `${JSON.stringify(assurance)} is not window-end or window-start`);
  }
  const input: EventPlanInput = {
    eventDate: required(options, "--date"),
    earliestStart: required(options, "--from"),
    concerns: (options.get("--indication") ?? []).map(parseConcern),
    seriesRuleId: one(options, "--series"),
    sessions: wholeNumber(options, "--sessions"),
    intervalWeeks: wholeNumber(options, "--interval"),
    milestoneId: one(options, "--milestone"),
    assurance,
  };
  return planForEvent(input, protocol);
}

const HANDLERS: Record<string, (options: Options, protocol: PathwayProtocol) => unknown> = {
  prep,
  aftercare,
  healing,
  event,
};

export async function run(argv: string[], io: CommandIO): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === undefined) {
    io.stderr.write(
      "remodel plan: missing subcommand (prep, aftercare, healing, event; see 'remodel plan --help')\n",
    );
    return 2;
  }
  if (sub === "-h" || sub === "--help" || rest.includes("--help") || rest.includes("-h")) {
    io.stdout.write(`${USAGE}\n`);
    return 0;
  }
  try {
    const options = parseOptions(sub, rest);
    const handler = HANDLERS[sub];
    if (!handler) throw new ArgumentError(sub, "unknown subcommand");
    const result = handler(options, await planningProtocol(options));
    io.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    return 0;
  } catch (err) {
    if (err instanceof ArgumentError) {
      io.stderr.write(`remodel plan: ${err.message}\n`);
      return 2;
    }
    if (err instanceof PathwayInputError) {
      const option = optionFor(sub, err.field);
      const problem = err.message.slice(err.field.length + 2);
      io.stderr.write(`remodel plan: ${option}: ${problem}\n`);
      return 2;
    }
    throw err;
  }
}
