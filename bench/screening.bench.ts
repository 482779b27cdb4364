/**
 * Screening throughput on generated patient profiles (100,000; 20,000 with --quick):
 *  - in-process: screenPatient on validated profiles, and validate+screen on parsed JSON, beside
 *    a JSON.parse+JSON.stringify round trip of the same profiles;
 *  - through the command: `remodel screen --ndjson` over the profiles as NDJSON on stdin, beside
 *    a bare Node process piping the same bytes from stdin to stdout (process start included in both).
 */
import { spawn } from "node:child_process";
import { mkdtempSync, openSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { addDays } from "../src/domain/calendar.ts";
import { defaultProtocol } from "../src/domain/protocol/default-protocol.ts";
import { screenPatient } from "../src/domain/protocol/screen-patient.ts";
import type { Protocol, ScreeningInput } from "../src/domain/protocol/types.ts";
import { validateScreeningInput } from "../src/domain/protocol/validate-input.ts";
import { type Bench, type Figure, opsPerSecondSync } from "./harness.ts";

const root = path.resolve(import.meta.dirname, "..");

/** Small seeded PRNG (mulberry32): the same profiles on every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Profiles shaped like a clinic's intake: most patients healthy with one or two concerns, some with
 * skin conditions, medicines (catalog names, brands and unrelated ones) and recent washouts.
 */
export function generateProfiles(protocol: Protocol, count: number, seed = 42): ScreeningInput[] {
  const random = prng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const conditions = protocol.conditions.map((c) => c.id);
  const medicines = [
    ...protocol.medicationClasses.flatMap((c) =>
      c.members.map((m) => [m.ingredient, m.routes[0] as string] as const),
    ),
    ["Eliquis", "oral"],
    ["Advil", "oral"],
    ["Retin-A", "topical"],
    ["Accutane", "oral"],
    ["metformin", "oral"],
    ["levothyroxine", "oral"],
    ["atorvastatin", "oral"],
  ] as const;
  const indications = Object.keys(protocol.indicationDepth);
  const profiles: ScreeningInput[] = [];
  for (let n = 0; n < count; n++) {
    const screeningDate = addDays("2025-01-01", Math.floor(random() * 900));
    const female = random() < 0.8;
    const profile: ScreeningInput = {
      id: `P${n}`,
      screeningDate,
      requestedAppointment: addDays(screeningDate, Math.floor(random() * 42)),
      patient: {
        age: 16 + Math.floor(random() * 60),
        sex: female ? "female" : "male",
        pregnant: female ? random() < 0.03 : null,
        breastfeeding: female ? random() < 0.03 : null,
        fitzpatrick: pick(["I", "II", "III", "IV", "V", "VI"]),
      },
      conditions: [],
      medications: [],
      request: { setting: "clinic", concerns: [] },
    };
    if (random() < 0.3) {
      const id = pick(conditions);
      const status = pick(["active", "resolved", "history"]);
      profile.conditions.push({
        conditionId: id,
        status,
        inTreatmentArea: random() < 0.5,
        onset: addDays(screeningDate, -Math.floor(random() * 30)),
        resolved: status === "resolved" ? screeningDate : null,
        severity: pick(["mild", "moderate", "severe"]),
      });
    }
    const medicationCount = random() < 0.5 ? 0 : 1 + Math.floor(random() * 3);
    for (let m = 0; m < medicationCount; m++) {
      const [ingredient, route] = pick(medicines);
      const ongoing = random() < 0.6;
      profile.medications.push({
        ingredient,
        route,
        prescribed: random() < 0.5,
        ongoing,
        lastTaken: ongoing ? null : addDays(screeningDate, -Math.floor(random() * 200)),
      });
    }
    const concernCount = 1 + Math.floor(random() * 2);
    for (let c = 0; c < concernCount; c++) {
      const indication = pick(indications);
      const zones = protocol.indicationDepth[indication]?.zones ?? [];
      const chosen = [...new Set([pick(zones), pick(zones)])];
      if (random() < 0.05) chosen.push("eyelid");
      profile.request.concerns.push({
        indication,
        zones: chosen,
        goodmanBaronGrade: indication === "acne-scars" ? 1 + Math.floor(random() * 4) : null,
      });
    }
    profiles.push(profile);
  }
  return profiles;
}

/** Runs a command with stdin from a file, counts stdout lines; returns [seconds, lines, exit code]. */
function timed(command: string, args: string[], stdinFile: string): Promise<[number, number, number | null]> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(command, args, { cwd: root, stdio: [openSync(stdinFile, "r"), "pipe", "inherit"] });
    let lines = 0;
    if (!child.stdout) throw new Error("no stdout pipe");
    child.stdout.on("data", (chunk: Buffer) => {
      for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
    });
    child.on("error", reject);
    child.on("close", (code) => resolve([(performance.now() - start) / 1000, lines, code]));
  });
}

const bench: Bench = async (ctx) => {
  const count = ctx.smoke ? 200 : ctx.quick ? 20_000 : 100_000;
  const ms = ctx.smoke ? 50 : ctx.quick ? 1500 : 4000;
  const protocol = defaultProtocol();
  const profiles = generateProfiles(protocol, count);
  const texts = profiles.map((p) => JSON.stringify(p));
  const validated = texts.map((t, i) => {
    const checked = validateScreeningInput(JSON.parse(t), protocol);
    if (!checked.ok)
      throw new Error(`generated profile ${i} is invalid: ${checked.error.field}: ${checked.error.message}`);
    return checked.value;
  });
  const outcomes = new Map<string, number>();
  for (const input of validated) {
    const o = screenPatient(input, protocol).outcome;
    outcomes.set(o, (outcomes.get(o) ?? 0) + 1);
  }
  ctx.log(`${count} profiles: ${[...outcomes].map(([o, n]) => `${o} ${n}`).join(", ")}`);

  let i = 0;
  const roundTripFull = opsPerSecondSync(() => JSON.stringify(JSON.parse(texts[i++ % count] as string)), ms);
  i = 0;
  const screenOnly = opsPerSecondSync(
    () => screenPatient(validated[i++ % count] as ScreeningInput, protocol),
    ms,
  );
  i = 0;
  const raw = texts.map((t) => JSON.parse(t) as unknown);
  const validateAndScreen = opsPerSecondSync(() => {
    const checked = validateScreeningInput(raw[i++ % count], protocol);
    return checked.ok ? screenPatient(checked.value, protocol) : null;
  }, ms);
  i = 0;
  const endToEnd = opsPerSecondSync(() => {
    const checked = validateScreeningInput(JSON.parse(texts[i++ % count] as string), protocol);
    return checked.ok ? JSON.stringify(screenPatient(checked.value, protocol)) : null;
  }, ms);

  const dir = mkdtempSync(path.join(tmpdir(), "remodel-bench-"));
  try {
    const file = path.join(dir, "profiles.ndjson");
    writeFileSync(file, `${texts.join("\n")}\n`);
    const node = path.join(root, "node_modules/.bin/node");
    const [pipeSeconds, pipeLines] = await timed(node, ["-e", "process.stdin.pipe(process.stdout)"], file);
    const [cliSeconds, cliLines, code] = await timed(
      path.join(root, "bin/remodel"),
      ["screen", "--ndjson"],
      file,
    );
    if (code !== 0 || cliLines !== count)
      throw new Error(`remodel screen --ndjson: exit ${code}, ${cliLines} lines`);
    ctx.log(
      `--ndjson: ${count} profiles in ${cliSeconds.toFixed(2)} s; bare pipe ${pipeSeconds.toFixed(2)} s (${pipeLines} lines)`,
    );
    const figures: Figure[] = [
      {
        name: "screenPatient, in-process (validated input)",
        value: screenOnly,
        unit: "ops/s",
        baseline: "JSON.parse+stringify of the profile",
        baselineValue: roundTripFull,
      },
      {
        name: "validate + screen, in-process",
        value: validateAndScreen,
        unit: "ops/s",
        baseline: "JSON.parse+stringify of the profile",
        baselineValue: roundTripFull,
      },
      {
        name: "parse + validate + screen + stringify",
        value: endToEnd,
        unit: "ops/s",
        baseline: "JSON.parse+stringify of the profile",
        baselineValue: roundTripFull,
      },
      {
        name: "remodel screen --ndjson (process, stdin->stdout)",
        value: count / cliSeconds,
        unit: "ops/s",
        baseline: "bare node piping the same bytes",
        baselineValue: count / pipeSeconds,
      },
    ];
    return figures;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

export default bench;
