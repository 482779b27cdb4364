/**
 * `remodel screen`: screens patients against the protocol, as the contract in
 * test/fixtures/spec/README.md describes.
 *
 *   remodel screen FILE.json                    one input (FILE "-" reads stdin) -> one decision
 *   remodel screen --ndjson [FILE]              one input per line -> one decision per line
 *   remodel screen --protocol P.json FILE.json  under another protocol (version)
 *   remodel screen --patient ID --date DAY      a patient stored in Remodel (see screen-stored.ts)
 *
 * Exit 0 for every decision, 2 for invalid input or usage (one stderr line naming the field),
 * 1 for an internal failure.
 */
import { open, readFile } from "node:fs/promises";
import type { Readable, Writable } from "node:stream";
import { bundledMedicationVocabulary, defaultProtocol } from "../../domain/protocol/default-protocol.ts";
import { loadProtocol, ProtocolError, withMedicationVocabulary } from "../../domain/protocol/protocol.ts";
import { screenPatient } from "../../domain/protocol/screen-patient.ts";
import type { Protocol } from "../../domain/protocol/types.ts";
import { type InputError, validateScreeningInput } from "../../domain/protocol/validate-input.ts";
import type { CommandIO } from "../io.ts";
import {
  completeStored,
  parseStoredOption,
  runStored,
  STORED_USAGE,
  type StoredOptions,
  StoredUsageError,
} from "./screen-stored.ts";

export const summary = "screen patients against the protocol (FILE, - for stdin, --ndjson for bulk)";

const USAGE = `usage: remodel screen [--protocol P.json] FILE.json    (FILE "-" reads stdin)
       remodel screen [--protocol P.json] --ndjson [FILE]  (one input per line; stdin by default)
${STORED_USAGE}`;

class UsageError extends Error {}

interface Options {
  ndjson: boolean;
  protocolPath: string | undefined;
  file: string | undefined;
  /** Set when screening a stored patient (--patient, --date and their companions). */
  stored: Partial<StoredOptions> | null;
}

function parseArgs(argv: string[]): Options | "help" {
  const opts: Options = { ndjson: false, protocolPath: undefined, file: undefined, stored: null };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === "-h" || arg === "--help") return "help";
    const stored = opts.stored ?? {};
    let last: number;
    try {
      last = parseStoredOption(argv, i, stored);
    } catch (err) {
      if (err instanceof StoredUsageError) throw new UsageError(err.message);
      throw err;
    }
    if (last >= 0) {
      opts.stored = stored;
      i = last;
      continue;
    }
    if (arg === "--ndjson") opts.ndjson = true;
    else if (arg === "--protocol" || arg.startsWith("--protocol=")) {
      const value = arg === "--protocol" ? argv[++i] : arg.slice("--protocol=".length);
      if (!value) throw new UsageError("--protocol needs a file");
      opts.protocolPath = value;
    } else if (arg.startsWith("-") && arg !== "-") throw new UsageError(`unknown option '${arg}'`);
    else if (opts.file !== undefined) throw new UsageError(`unexpected argument '${arg}'`);
    else opts.file = arg;
  }
  if (opts.stored) {
    if (opts.ndjson || opts.file !== undefined)
      throw new UsageError("--patient screens a stored patient: give no FILE and no --ndjson");
    if (!opts.stored.patient) throw new UsageError("say which patient: --patient ID");
    return opts;
  }
  if (!opts.ndjson && opts.file === undefined) throw new UsageError("missing FILE (use - for stdin)");
  return opts;
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, " ").trim();
}

function errorText(err: unknown): string {
  if (err && typeof err === "object" && "code" in err && typeof err.code === "string") {
    return `${err.code}${"message" in err && typeof err.message === "string" ? ` (${oneLine(err.message)})` : ""}`;
  }
  return err instanceof Error ? oneLine(err.message) : String(err);
}

async function loadProtocolFile(path: string): Promise<Protocol> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path, "utf8"));
  } catch (err) {
    throw new ProtocolError(`cannot read protocol ${path}: ${errorText(err)}`);
  }
  return withMedicationVocabulary(loadProtocol(raw), bundledMedicationVocabulary);
}

async function readAll(stream: Readable): Promise<string> {
  stream.setEncoding("utf8");
  let text = "";
  for await (const chunk of stream) text += chunk as string;
  return text;
}

/**
 * A worked example file (`{"input": {...}, "expected": {...}}`, as in the spec's examples) is
 * screened as its `input`, so that examples can be run as they are stored.
 */
function unwrapExample(raw: unknown): unknown {
  if (raw && typeof raw === "object" && !Array.isArray(raw) && !("screeningDate" in raw) && "input" in raw) {
    const inner = (raw as { input: unknown }).input;
    if (inner && typeof inner === "object" && !Array.isArray(inner)) return inner;
  }
  return raw;
}

type LineResult = { ok: true; json: string } | { ok: false; error: InputError };

function screenText(text: string, protocol: Protocol, indent: number | undefined): LineResult {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    return { ok: false, error: { field: "input", message: `is not valid JSON (${errorText(err)})` } };
  }
  const checked = validateScreeningInput(unwrapExample(raw), protocol);
  if (!checked.ok) return checked;
  return { ok: true, json: JSON.stringify(screenPatient(checked.value, protocol), null, indent) };
}

async function write(out: Writable, text: string): Promise<void> {
  if (!out.write(text)) await new Promise<void>((resolve) => out.once("drain", resolve));
}

async function runSingle(file: string, protocol: Protocol, io: CommandIO): Promise<number> {
  let text: string;
  try {
    text = file === "-" ? await readAll(io.stdin) : await readFile(file, "utf8");
  } catch (err) {
    io.stderr.write(`invalid input: cannot read ${file}: ${errorText(err)}\n`);
    return 2;
  }
  const result = screenText(text, protocol, 2);
  if (!result.ok) {
    io.stderr.write(`invalid input: ${result.error.field}: ${oneLine(result.error.message)}\n`);
    return 2;
  }
  await write(io.stdout, `${result.json}\n`);
  return 0;
}

class ReadError extends Error {}

/**
 * Splits a text stream into lines ("\n" or "\r\n") as it arrives: one batch of complete lines per
 * chunk read, so that the caller answers each batch before reading on (streaming, bounded memory,
 * and an interactive writer gets its answer without closing the input).
 */
async function* lineBatches(stream: Readable): AsyncGenerator<string[]> {
  stream.setEncoding("utf8");
  let rest = "";
  const chunks = stream[Symbol.asyncIterator]();
  for (;;) {
    let next: IteratorResult<unknown>;
    try {
      next = await chunks.next();
    } catch (err) {
      throw new ReadError(errorText(err));
    }
    if (next.done) break;
    const text = rest + (next.value as string);
    const batch: string[] = [];
    let start = 0;
    let end = text.indexOf("\n");
    while (end !== -1) {
      batch.push(text.charCodeAt(end - 1) === 13 ? text.slice(start, end - 1) : text.slice(start, end));
      start = end + 1;
      end = text.indexOf("\n", start);
    }
    rest = text.slice(start);
    if (batch.length > 0) yield batch;
  }
  if (rest.length > 0) yield [rest];
}

async function runNdjson(file: string | undefined, protocol: Protocol, io: CommandIO): Promise<number> {
  let input: Readable;
  if (file === undefined || file === "-") input = io.stdin;
  else {
    try {
      input = (await open(file)).createReadStream();
    } catch (err) {
      io.stderr.write(`invalid input: cannot read ${file}: ${errorText(err)}\n`);
      return 2;
    }
  }
  try {
    return await streamDecisions(input, protocol, io);
  } catch (err) {
    if (!(err instanceof ReadError)) throw err;
    io.stderr.write(`invalid input: cannot read ${file ?? "stdin"}: ${err.message}\n`);
    return 2;
  }
}

async function streamDecisions(input: Readable, protocol: Protocol, io: CommandIO): Promise<number> {
  let n = 0;
  let invalid = false;
  for await (const batch of lineBatches(input)) {
    let out = "";
    for (const line of batch) {
      if (line.trim() === "") continue;
      n++;
      const result = screenText(line, protocol, undefined);
      if (result.ok) out += `${result.json}\n`;
      else {
        invalid = true;
        const { field } = result.error;
        const message = oneLine(result.error.message);
        out += `${JSON.stringify({ error: { line: n, field, message } })}\n`;
        io.stderr.write(`invalid input: line ${n}: ${field}: ${message}\n`);
      }
    }
    if (out.length > 0) await write(io.stdout, out);
  }
  return invalid ? 2 : 0;
}

export async function run(argv: string[], io: CommandIO): Promise<number> {
  let opts: Options | "help";
  try {
    opts = parseArgs(argv);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    io.stderr.write(`remodel screen: ${err.message} (see 'remodel screen --help')\n`);
    return 2;
  }
  if (opts === "help") {
    io.stdout.write(`${USAGE}\n`);
    return 0;
  }
  let protocol: Protocol;
  try {
    protocol = opts.protocolPath ? await loadProtocolFile(opts.protocolPath) : defaultProtocol();
  } catch (err) {
    if (!(err instanceof ProtocolError)) throw err;
    io.stderr.write(`remodel screen: ${oneLine(err.message)}\n`);
    return 2;
  }
  if (opts.stored) {
    let stored: StoredOptions;
    try {
      stored = completeStored(opts.stored, opts.protocolPath ? protocol : null);
    } catch (err) {
      if (!(err instanceof StoredUsageError)) throw err;
      io.stderr.write(`remodel screen: ${err.message} (see 'remodel screen --help')\n`);
      return 2;
    }
    return runStored(stored, io);
  }
  return opts.ndjson ? runNdjson(opts.file, protocol, io) : runSingle(opts.file as string, protocol, io);
}
