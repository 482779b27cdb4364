// `remodel plan` end to end: spawns ./bin/remodel and reads its JSON, stderr and exit status.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { describe, test } from "node:test";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
// REMODEL_BIN lets a harness point the tests at another build of the command.
const bin = process.env.REMODEL_BIN ?? join(root, "bin/remodel");

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

function remodel(...args: string[]): Promise<Result> {
  return new Promise((done) => {
    execFile(bin, args, { cwd: root }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === "number" ? err.code : 1) : 0;
      done({ code, stdout, stderr });
    });
  });
}

async function json(...args: string[]): Promise<Record<string, unknown> & { [key: string]: unknown }> {
  const r = await remodel(...args);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stderr, "");
  return JSON.parse(r.stdout);
}

/** Exit 2, nothing on stdout, exactly one stderr line that names `option`. */
async function rejects(option: string, ...args: string[]): Promise<string> {
  const r = await remodel(...args);
  assert.equal(r.code, 2, `exit ${r.code}; stderr: ${r.stderr}; stdout: ${r.stdout.slice(0, 200)}`);
  assert.equal(r.stdout, "");
  const lines = r.stderr.split("\n").filter((l) => l !== "");
  assert.equal(lines.length, 1, r.stderr);
  assert.ok(lines[0]?.includes(option), `${JSON.stringify(lines[0])} does not name ${option}`);
  return lines[0] ?? "";
}

test("plan is a registered remodel command", async () => {
  const r = await remodel("plan", "--help");
  assert.equal(
    r.code,
    0,
    `add to the commands map in src/cli/main.ts: plan: () => import("./commands/plan.ts"),\n${r.stderr}`,
  );
  assert.match(r.stdout, /remodel plan prep/);
});

describe("remodel plan prep", () => {
  test("dated checklist with an NSAID and an anticoagulant", async () => {
    const out = await json(
      "plan",
      "prep",
      "--appointment",
      "2026-12-06",
      "--today",
      "2026-11-20",
      "--med",
      "ibuprofen:nsaid:ongoing",
      "--med",
      "Eliquis:anticoagulant:ongoing",
    );
    const items = out.items as {
      id: string;
      date: string;
      kind: string;
      medications: string[];
      summary: string;
    }[];
    const byId = new Map(items.map((i) => [i.id, i]));
    assert.equal(byId.get("PREP-NSAID-STOP")?.date, "2026-12-03");
    assert.match(byId.get("PREP-NSAID-STOP")?.summary ?? "", /^Stop ibuprofen from Thu, 3 Dec 2026/);
    assert.equal(byId.get("PREP-UV-EXPOSURE")?.date, "2026-11-29");
    assert.equal(byId.get("PREP-ANTITHROMBOTIC-DO-NOT-STOP")?.kind, "keep-taking");
    for (const i of items) {
      if (i.kind === "stop-medication") assert.ok(!i.medications.includes("Eliquis"));
    }
    assert.equal(out.requiresPhysicianClearance, true);
    assert.equal(out.tooSoon, false);
  });

  test("a slot too soon is flagged", async () => {
    const out = await json("plan", "prep", "--appointment", "2026-12-06", "--today", "2026-12-04");
    assert.equal(out.tooSoon, true);
    assert.equal(out.earliestDateForFullPrep, "2026-12-11");
  });

  test("same input, same bytes", async () => {
    const args = [
      "plan",
      "prep",
      "--appointment",
      "2026-12-06",
      "--today",
      "2026-11-20",
      "--med",
      "x:unknown:ongoing",
    ];
    const [a, b] = await Promise.all([remodel(...args), remodel(...args)]);
    assert.equal(a.stdout, b.stdout);
    assert.deepEqual((JSON.parse(a.stdout) as { review: unknown }).review, [
      { index: 0, name: "x", reason: "unrecognized-medication" },
    ]);
  });

  test("bad arguments", async () => {
    await rejects("--appointment", "plan", "prep");
    await rejects("--appointment", "plan", "prep", "--appointment", "2026-02-30");
    await rejects("--appointment", "plan", "prep", "--appointment", "2026-12-06", "--today", "2026-12-07");
    await rejects("--today", "plan", "prep", "--appointment", "2026-12-06", "--today", "yesterday");
    await rejects("--med #1", "plan", "prep", "--appointment", "2026-12-06", "--med", "ibuprofen");
    await rejects(
      "--med #2",
      "plan",
      "prep",
      "--appointment",
      "2026-12-06",
      "--today",
      "2026-11-20",
      "--med",
      "ibuprofen:nsaid:ongoing",
      "--med",
      "naproxen:nsaid:2026-11-31",
    );
    await rejects("--bogus", "plan", "prep", "--appointment", "2026-12-06", "--bogus", "1");
    await rejects(
      "--protocol",
      "plan",
      "prep",
      "--appointment",
      "2026-12-06",
      "--protocol",
      "/nonexistent/p.json",
    );
  });
});

describe("remodel plan aftercare", () => {
  test("local end time in London, with where-am-I", async () => {
    const out = await json(
      "plan",
      "aftercare",
      "--end",
      "2026-12-10T15:30",
      "--tz",
      "Europe/London",
      "--indication",
      "acne-scars",
      "--now",
      "2026-12-11T16:00",
    );
    assert.equal(out.sessionEnd, "2026-12-10T15:30:00Z");
    const points = out.points as { id: string; startLocal: string }[];
    assert.deepEqual(
      points.map((p) => p.id),
      ["h0", "h24", "h48", "h72", "h168", "h336", "w4", "w6"],
    );
    assert.deepEqual(out.nextSession, {
      seriesRuleId: "SER-SCARS-STRIAE",
      earliest: "2027-01-07",
      latest: "2027-01-21",
    });
    const here = out.whereAmI as { current: { id: string }; summary: string };
    assert.equal(here.current.id, "h24");
    assert.match(here.summary, /^24 hours after the session: /);
  });

  test("summer time in New York", async () => {
    const out = await json("plan", "aftercare", "--end", "2026-07-01T09:00", "--tz", "America/New_York");
    assert.equal(out.sessionEnd, "2026-07-01T13:00:00Z");
  });

  test("bad arguments", async () => {
    await rejects("--tz", "plan", "aftercare", "--end", "2026-12-10T15:30");
    await rejects("--tz", "plan", "aftercare", "--end", "2026-12-10T15:30", "--tz", "Mars/Base");
    await rejects("--end", "plan", "aftercare", "--end", "2026-10-25T01:30", "--tz", "Europe/London");
    await rejects("--end", "plan", "aftercare", "--end", "2026-12-10", "--tz", "Europe/London");
    await rejects(
      "--series",
      "plan",
      "aftercare",
      "--end",
      "2026-12-10T15:30",
      "--tz",
      "UTC",
      "--series",
      "SER-X",
    );
    await rejects("--now", "plan", "aftercare", "--end", "2026-12-10T15:30", "--tz", "UTC", "--now", "soon");
  });
});

describe("remodel plan healing", () => {
  test("two sessions", async () => {
    const out = await json("plan", "healing", "--sessions", "2026-01-05,2026-02-02");
    const sessions = out.sessions as {
      date: string;
      phases: { id: string; literature: { end: string } }[];
    }[];
    assert.deepEqual(
      sessions.map((s) => s.date),
      ["2026-01-05", "2026-02-02"],
    );
    assert.equal(sessions[0]?.phases.find((p) => p.id === "remodeling")?.literature.end, "2027-01-05");
  });

  test("bad arguments", async () => {
    await rejects("--sessions", "plan", "healing");
    await rejects("--sessions", "plan", "healing", "--sessions", "2026-01-05,2026-02-30");
    await rejects("--sessions", "plan", "healing", "--sessions", "2026-02-02,2026-01-05");
  });
});

describe("remodel plan event", () => {
  test("a clinic's chosen series alternative sets the interval, as in its plans and aftercare", async () => {
    const dir = await mkdtemp(join(tmpdir(), "remodel-plan-choices-"));
    try {
      const choices = join(dir, "choices.json");
      await writeFile(choices, JSON.stringify({ seriesAlternatives: ["dyschromia"] }));
      const args = [
        "plan",
        "event",
        "--date",
        "2027-06-12",
        "--from",
        "2027-03-01",
        "--indication",
        "dyschromia",
      ];
      const shipped = await json(...args);
      assert.equal(shipped.intervalWeeks, 4);
      const clinic = await json(...args, "--choices", choices);
      assert.deepEqual((clinic.series as { intervalWeeks: unknown }).intervalWeeks, { min: 2, max: 4 });
      assert.equal(clinic.intervalWeeks, 2);
      assert.deepEqual(clinic.sessionDates, ["2027-03-01", "2027-03-15", "2027-03-29"]);
      // An interval the clinic's series does not allow is refused, naming the option.
      await rejects("--interval", ...args, "--choices", choices, "--interval", "6");

      await writeFile(choices, JSON.stringify({ seriesAlternatives: ["not-an-indication"] }));
      await rejects("--choices", ...args, "--choices", choices);
      await rejects("--choices", ...args, "--choices", join(dir, "missing.json"));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test("a wedding that fits", async () => {
    const out = await json(
      "plan",
      "event",
      "--date",
      "2027-06-12",
      "--from",
      "2026-12-01",
      "--indication",
      "acne-scars",
    );
    assert.equal(out.feasible, true);
    assert.deepEqual(out.sessionDates, ["2026-12-01", "2026-12-29", "2027-01-26"]);
  });

  test("one that does not, said plainly", async () => {
    const out = await json(
      "plan",
      "event",
      "--date",
      "2027-02-12",
      "--from",
      "2026-12-01",
      "--indication",
      "acne-scars:4",
    );
    assert.equal(out.feasible, false);
    assert.match(String(out.statement), /^Not possible: 6 sessions/);
  });

  test("a clinic's protocol file", async () => {
    const dir = await mkdtemp(join(tmpdir(), "remodel-plan-"));
    try {
      const { default: protocol } = await import("../../src/domain/protocol/rulesets/blog-default.json", {
        with: { type: "json" },
      });
      const clinic = structuredClone(protocol);
      for (const rule of clinic.seriesRules) rule.sessions.min = 2;
      const file = join(dir, "clinic.json");
      await writeFile(file, JSON.stringify(clinic));
      const out = await json(
        "plan",
        "event",
        "--date",
        "2027-06-12",
        "--from",
        "2026-12-01",
        "--indication",
        "rhytides",
        "--protocol",
        file,
      );
      assert.deepEqual(out.sessionDates, ["2026-12-01", "2026-12-29"]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test("bad arguments", async () => {
    await rejects("--date", "plan", "event", "--from", "2026-12-01", "--indication", "rhytides");
    await rejects(
      "--from",
      "plan",
      "event",
      "--date",
      "2027-06-12",
      "--from",
      "2026-12-32",
      "--indication",
      "rhytides",
    );
    await rejects("--indication", "plan", "event", "--date", "2027-06-12", "--from", "2026-12-01");
    await rejects(
      "--indication #1",
      "plan",
      "event",
      "--date",
      "2027-06-12",
      "--from",
      "2026-12-01",
      "--indication",
      "tattoo",
    );
    await rejects(
      "--sessions",
      "plan",
      "event",
      "--date",
      "2027-06-12",
      "--from",
      "2026-12-01",
      "--indication",
      "rhytides",
      "--sessions",
      "9",
    );
    await rejects(
      "--interval",
      "plan",
      "event",
      "--date",
      "2027-06-12",
      "--from",
      "2026-12-01",
      "--indication",
      "rhytides",
      "--interval",
      "four",
    );
  });
});

describe("remodel plan usage", () => {
  test("no subcommand or an unknown one", async () => {
    await rejects("subcommand", "plan");
    await rejects("bogus", "plan", "bogus");
  });
});
