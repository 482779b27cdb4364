/**
 * `remodel screen` from the outside: spawns ./bin/remodel as a user would.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, describe, test } from "node:test";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import outputSchema from "../fixtures/spec/screening-output.schema.json" with { type: "json" };

const root = path.resolve(import.meta.dirname, "../..");
const bin = path.join(root, "bin/remodel");
const examplesDir = path.join(root, "test/fixtures/spec/examples");
const tmp = mkdtempSync(path.join(tmpdir(), "remodel-screen-"));
after(() => rmSync(tmp, { recursive: true, force: true }));

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;
const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats(ajv);
const validOutput = ajv.compile(outputSchema);

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

function remodel(args: string[], stdin?: string): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, ["screen", ...args], { cwd: root, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin ?? "");
  });
}

const examples = readdirSync(examplesDir)
  .filter((f) => f.endsWith(".json"))
  .sort()
  .map((f) => ({
    file: path.join(examplesDir, f),
    ...JSON.parse(readFileSync(path.join(examplesDir, f), "utf8")),
  })) as {
  file: string;
  input: Record<string, unknown>;
  expected: Record<string, unknown>;
}[];

function writeInput(name: string, input: unknown): string {
  const file = path.join(tmp, name);
  writeFileSync(file, typeof input === "string" ? input : JSON.stringify(input));
  return file;
}

// biome-ignore lint/suspicious/noExplicitAny: the tests break inputs in ways no input type allows.
type LooseInput = Record<string, any>;

function edited(edit: (input: LooseInput) => void): Record<string, unknown> {
  const input = structuredClone(examples[0]?.input) as LooseInput;
  edit(input);
  return input;
}

function assertDecision(output: Record<string, unknown>, expected: Record<string, unknown>): void {
  for (const key of ["outcome", "deferral", "deferUntil", "plan"])
    assert.deepEqual(output[key], expected[key], key);
  for (const key of ["reasons", "cautions", "prepInstructions"]) {
    assert.deepEqual(new Set(output[key] as string[]), new Set(expected[key] as string[]), key);
  }
}

describe("remodel screen FILE", () => {
  for (const example of examples) {
    test(path.basename(example.file), async () => {
      const r = await remodel([example.file]);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stderr, "");
      const output = JSON.parse(r.stdout) as Record<string, unknown>;
      assertDecision(output, example.expected);
      assert.ok(validOutput(output), ajv.errorsText(validOutput.errors));
      assert.equal(output.id, example.input.id);
      assert.equal(typeof output.protocolVersion, "string");
    });
  }

  test("- reads stdin", async () => {
    const example = examples[2];
    assert.ok(example);
    const r = await remodel(["-"], JSON.stringify(example.input));
    assert.equal(r.code, 0, r.stderr);
    assertDecision(JSON.parse(r.stdout), example.expected);
  });

  test("same input, byte-identical output", async () => {
    const file = examples[3]?.file as string;
    const [a, b] = await Promise.all([remodel([file]), remodel([file])]);
    assert.equal(a.stdout, b.stdout);
  });

  test("a decline exits 0", async () => {
    const r = await remodel([examples.find((e) => e.expected.outcome === "decline")?.file as string]);
    assert.equal(r.code, 0);
    assert.equal(JSON.parse(r.stdout).outcome, "decline");
  });
});

describe("invalid input: exit 2, one stderr line naming the field, nothing on stdout", () => {
  const cases: [string, () => string[], RegExp][] = [
    [
      "impossible date",
      () => [
        writeInput(
          "bad-date.json",
          edited((i) => {
            i.medications = [
              { ingredient: "ibuprofen", route: "oral", prescribed: false, ongoing: true, lastTaken: null },
              {
                ingredient: "naproxen",
                route: "oral",
                prescribed: false,
                ongoing: false,
                lastTaken: "2025-02-30",
              },
            ];
          }),
        ),
      ],
      /^invalid input: medications\[1\]\.lastTaken: "2025-02-30" is not a calendar date$/,
    ],
    [
      "unknown condition id",
      () => [
        writeInput(
          "bad-condition.json",
          edited((i) => {
            i.conditions = [{ conditionId: "sunburnt", status: "active", inTreatmentArea: true }];
          }),
        ),
      ],
      /^invalid input: conditions\[0\]\.conditionId: "sunburnt" is not a condition id/,
    ],
    [
      "requested before screening",
      () => [
        writeInput(
          "bad-order.json",
          edited((i) => (i.requestedAppointment = "2026-01-01")),
        ),
      ],
      /^invalid input: requestedAppointment: "2026-01-01" is before screeningDate "2026-01-08"$/,
    ],
    [
      "missing field",
      () => [
        writeInput(
          "missing.json",
          edited((i) => delete i.patient.age),
        ),
      ],
      /^invalid input: patient\.age: is required$/,
    ],
    ["not JSON", () => [writeInput("not-json.json", "{ nope")], /^invalid input: input: is not valid JSON/],
    ["not an object", () => [writeInput("array.json", "[1]")], /^invalid input: input: must be an object/],
    [
      "unreadable file",
      () => [path.join(tmp, "does-not-exist.json")],
      /^invalid input: cannot read .*does-not-exist\.json: ENOENT/,
    ],
    ["a directory", () => [tmp], /^invalid input: cannot read .*: EISDIR/],
  ];
  for (const [name, args, message] of cases) {
    test(name, async () => {
      const r = await remodel(args());
      assert.equal(r.code, 2);
      assert.equal(r.stdout, "");
      const lines = r.stderr.split("\n").filter((l) => l !== "");
      assert.equal(lines.length, 1, r.stderr);
      assert.match(lines[0] as string, message);
    });
  }

  test("usage errors exit 2", async () => {
    for (const args of [[], ["--frobnicate", "x.json"], ["a.json", "b.json"], ["--protocol"]]) {
      const r = await remodel(args);
      assert.equal(r.code, 2, args.join(" "));
      assert.equal(r.stdout, "");
    }
  });
});

describe("remodel screen --ndjson", () => {
  test("mixed valid and invalid lines, blank lines skipped, order kept", async () => {
    const lines = [
      JSON.stringify(examples[0]?.input),
      "",
      "not json",
      "   ",
      JSON.stringify(examples[1]?.input),
      JSON.stringify(edited((i) => (i.screeningDate = "2026-02-30"))),
      JSON.stringify(examples[6]?.input),
    ];
    const r = await remodel(["--ndjson"], `${lines.join("\r\n")}\n\n`);
    assert.equal(r.code, 2);
    const out = r.stdout
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l));
    assert.equal(out.length, 5);
    assertDecision(out[0], examples[0]?.expected as Record<string, unknown>);
    assert.deepEqual(Object.keys(out[1]), ["error"]);
    assert.equal(out[1].error.line, 2);
    assert.equal(out[1].error.field, "input");
    assertDecision(out[2], examples[1]?.expected as Record<string, unknown>);
    assert.deepEqual(out[3].error, {
      line: 4,
      field: "screeningDate",
      message: '"2026-02-30" is not a calendar date',
    });
    assertDecision(out[4], examples[6]?.expected as Record<string, unknown>);
    for (const o of [out[0], out[2], out[4]]) assert.ok(validOutput(o), ajv.errorsText(validOutput.errors));
    const errLines = r.stderr.trimEnd().split("\n");
    assert.equal(errLines.length, 2);
    assert.match(
      errLines[1] as string,
      /^invalid input: line 4: screeningDate: "2026-02-30" is not a calendar date$/,
    );
  });

  test("all valid: exit 0, one line per input, compact JSON", async () => {
    const r = await remodel(["--ndjson"], `${examples.map((e) => JSON.stringify(e.input)).join("\n")}`);
    assert.equal(r.code, 0, r.stderr);
    const out = r.stdout.trimEnd().split("\n");
    assert.equal(out.length, examples.length);
    out.forEach((line, i) => {
      assertDecision(JSON.parse(line), examples[i]?.expected as Record<string, unknown>);
    });
  });

  test("reads a file too, and empty input gives no output", async () => {
    const file = writeInput("batch.ndjson", `${JSON.stringify(examples[4]?.input)}\n`);
    const r = await remodel(["--ndjson", file]);
    assert.equal(r.code, 0, r.stderr);
    assertDecision(JSON.parse(r.stdout), examples[4]?.expected as Record<string, unknown>);
    const empty = await remodel(["--ndjson"], "");
    assert.deepEqual([empty.code, empty.stdout, empty.stderr], [0, "", ""]);
  });

  test("streams: each line is answered before the input ends", async () => {
    const child = spawn(bin, ["screen", "--ndjson"], { cwd: root, stdio: ["pipe", "pipe", "pipe"] });
    child.stdout.setEncoding("utf8");
    const nextLine = () =>
      new Promise<string>((resolve) => {
        let text = "";
        const onData = (d: string) => {
          text += d;
          if (text.includes("\n")) {
            child.stdout.off("data", onData);
            resolve(text);
          }
        };
        child.stdout.on("data", onData);
      });
    child.stdin.write(`${JSON.stringify(examples[0]?.input)}\n`);
    assert.equal(JSON.parse(await nextLine()).outcome, "eligible");
    child.stdin.write(`${JSON.stringify(examples[6]?.input)}\n`);
    assert.equal(JSON.parse(await nextLine()).outcome, "decline");
    child.stdin.end();
    const code = await new Promise((resolve) => child.on("close", resolve));
    assert.equal(code, 0);
  });
});

describe("remodel screen --protocol", () => {
  const protocolPath = path.join(root, "src/domain/protocol/rulesets/blog-default.json");
  const keloid = edited((i) => {
    i.conditions = [{ conditionId: "keloid", status: "history", inTreatmentArea: false }];
  });

  test("another protocol version gives another decision and version", async () => {
    const changed = JSON.parse(readFileSync(protocolPath, "utf8"));
    const rule = changed.contraindications.find((r: { id: string }) => r.id === "CI-KELOID");
    rule.action = "physician-clearance";
    const changedPath = writeInput("keloid-relative.protocol.json", changed);
    const input = writeInput("keloid.json", keloid);
    const [base, clinic] = await Promise.all([remodel([input]), remodel(["--protocol", changedPath, input])]);
    assert.equal(base.code, 0, base.stderr);
    assert.equal(clinic.code, 0, clinic.stderr);
    const a = JSON.parse(base.stdout);
    const b = JSON.parse(clinic.stdout);
    assert.equal(a.outcome, "decline");
    assert.equal(b.outcome, "needs-physician-clearance");
    assert.notEqual(a.protocolVersion, b.protocolVersion);
    assert.match(b.protocolVersion, /^blog-default@1\.0\+sha256:[0-9a-f]{12}$/);
  });

  test("the shipped ruleset file gives the default version", async () => {
    const input = writeInput("plain.json", examples[0]?.input);
    const [a, b] = await Promise.all([remodel([input]), remodel([`--protocol=${protocolPath}`, input])]);
    assert.equal(JSON.parse(a.stdout).protocolVersion, JSON.parse(b.stdout).protocolVersion);
  });

  test("an invalid protocol exits 2 with one line", async () => {
    const broken = writeInput("broken.protocol.json", { ruleset: "x" });
    const r = await remodel(["--protocol", broken, examples[0]?.file as string]);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, "");
    assert.equal(r.stderr.trimEnd().split("\n").length, 1);
    assert.match(r.stderr, /invalid protocol/);
  });
});
