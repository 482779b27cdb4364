import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { Temporal } from "temporal-polyfill";
import { clearanceReasons, decideWithClearance } from "../protocol/clearance.ts";
import { defaultProtocol } from "../protocol/default-protocol.ts";
import { screenPatient } from "../protocol/screen-patient.ts";
import { baseInput, medication, screeningInputArbitrary } from "../protocol/screening-test-support.ts";
import type { ScreeningOutput } from "../protocol/types.ts";
import { bookingGate } from "./gate.ts";
import { readStoredScreening } from "./stored-screening.ts";

const VALID_DAYS = 180;
const protocol = defaultProtocol();

/** A stored screening as the loader reads it (a row of `screenings` as JSON). */
function row(id: string, output: ScreeningOutput, screeningDate = "2026-01-08") {
  return {
    id,
    outcome: output.outcome,
    screening_date: screeningDate,
    deferral: output.deferral,
    defer_until: output.deferUntil,
    protocol_version: output.protocolVersion,
    output,
  } as unknown as Record<string, unknown>;
}

function grantFor(screeningId: string, reasons: string[], decision: ScreeningOutput, on = "2026-01-10") {
  return { screening_id: screeningId, granted_on: on, reasons, decision } as unknown as Record<
    string,
    unknown
  >;
}

const gateOf = (r: Record<string, unknown> | null, g: Record<string, unknown> | null = null) =>
  bookingGate(readStoredScreening(r, VALID_DAYS, g).gate, null);

const warfarin = baseInput({ medications: [medication("warfarin", { prescribed: true })] });
const clearance = screenPatient(warfarin, protocol);
const cleared = decideWithClearance(warfarin, clearance, protocol, ["CI-ANTITHROMBOTIC"]);
if (!cleared.ok) throw new Error(cleared.message);

describe("a physician's clearance at the booking gate", () => {
  test("the engine asks for clearance for a prescribed anticoagulant", () => {
    assert.equal(clearance.outcome, "needs-physician-clearance");
    assert.deepEqual(clearanceReasons(clearance, protocol), ["CI-ANTITHROMBOTIC"]);
  });

  test("table: what a grant does and does not change", () => {
    const pregnant = baseInput({
      patient: { age: 40, sex: "female", pregnant: true, breastfeeding: false, fitzpatrick: "II" },
      medications: [medication("warfarin", { prescribed: true })],
    });
    const pregnantClearance = screenPatient(pregnant, protocol);
    const pregnantCleared = decideWithClearance(pregnant, pregnantClearance, protocol, ["CI-ANTITHROMBOTIC"]);
    assert.ok(pregnantCleared.ok);
    const minor = screenPatient(
      baseInput({
        patient: { age: 15, sex: "female", pregnant: false, breastfeeding: false, fitzpatrick: "II" },
        medications: [medication("warfarin", { prescribed: true })],
      }),
      protocol,
    );
    assert.equal(minor.outcome, "decline");
    const tamperedEligible = { ...cleared.output, outcome: "eligible", deferral: "none", deferUntil: null };
    const dated = { ...clearance, deferral: "dated", deferUntil: "2026-03-01" } as ScreeningOutput;

    const cases: {
      name: string;
      row: Record<string, unknown>;
      grant: Record<string, unknown> | null;
      blocked: string | null;
      earliest?: string | null;
      latest?: string | null;
    }[] = [
      { name: "no grant: pending", row: row("s1", clearance), grant: null, blocked: "clearance_pending" },
      {
        name: "granted for this screening: bookable while the screening is current",
        row: row("s1", clearance),
        grant: grantFor("s1", ["CI-ANTITHROMBOTIC"], cleared.output),
        blocked: null,
        earliest: null,
        latest: "2026-07-07",
      },
      {
        name: "a grant of an older screening: a newer screening supersedes it",
        row: row("s2", clearance),
        grant: grantFor("s1", ["CI-ANTITHROMBOTIC"], cleared.output),
        blocked: "clearance_pending",
      },
      {
        name: "a grant naming a reason the screening did not give",
        row: row("s1", clearance),
        grant: grantFor("s1", ["CI-RADIOTHERAPY-AREA"], cleared.output),
        blocked: "clearance_pending",
      },
      {
        name: "a grant whose decision is still a clearance",
        row: row("s1", clearance),
        grant: grantFor("s1", ["CI-ANTITHROMBOTIC"], clearance),
        blocked: "clearance_pending",
      },
      {
        name: "an undated deferral (pregnancy) still holds",
        row: row("s1", pregnantClearance),
        grant: grantFor("s1", ["CI-ANTITHROMBOTIC"], pregnantCleared.ok ? pregnantCleared.output : clearance),
        blocked: "deferred",
      },
      {
        name: "the screening's own dated deferral holds even if the grant's decision says eligible",
        row: row("s1", dated),
        grant: grantFor("s1", ["CI-ANTITHROMBOTIC"], tamperedEligible as ScreeningOutput),
        blocked: null,
        earliest: "2026-03-01",
      },
      {
        name: "a decline is never lifted",
        row: row("s1", minor),
        grant: grantFor("s1", ["CI-ANTITHROMBOTIC"], cleared.output),
        blocked: "not_eligible",
      },
      {
        name: "an undated grant is ignored",
        row: row("s1", clearance),
        grant: { ...grantFor("s1", ["CI-ANTITHROMBOTIC"], cleared.output), granted_on: null },
        blocked: "clearance_pending",
      },
      {
        name: "no screening at all",
        row: null as unknown as Record<string, unknown>,
        grant: null,
        blocked: "screening_required",
      },
    ];
    for (const c of cases) {
      const g = gateOf(c.row, c.grant);
      assert.equal(g.blocked?.code ?? null, c.blocked, c.name);
      if (c.earliest !== undefined) assert.equal(g.earliestDate, c.earliest, c.name);
      if (c.latest !== undefined) assert.equal(g.latestDate, c.latest, c.name);
    }
    const note = gateOf(row("s1", clearance), grantFor("s1", ["CI-ANTITHROMBOTIC"], cleared.output)).notes;
    assert.ok(note.includes("physician clearance granted on 2026-01-10"));
  });

  test("the cleared plan decides the licence depth; without a grant there is none", () => {
    const facts = readStoredScreening(
      row("s1", clearance),
      VALID_DAYS,
      grantFor("s1", ["CI-ANTITHROMBOTIC"], cleared.output),
    );
    assert.ok(cleared.output.plan);
    assert.equal(facts.deepestDepthMm, Math.max(...Object.values(cleared.output.plan.maxDepthMmByZone)));
    assert.deepEqual(facts.series?.intervalWeeks, cleared.output.plan.combined.intervalWeeks);
    assert.equal(readStoredScreening(row("s1", clearance), VALID_DAYS).deepestDepthMm, null);
  });

  test("property: a grant never loosens a gate that is closed for another reason, nor one for another screening", () => {
    const outputs = fc.constantFrom<ScreeningOutput>(
      clearance,
      cleared.output,
      { ...clearance, outcome: "decline" },
      { ...clearance, outcome: "defer", deferral: "undated", deferUntil: null },
      { ...clearance, outcome: "defer", deferral: "dated", deferUntil: "2026-04-01" },
      { ...clearance, deferral: "dated", deferUntil: "2026-05-01" },
      { ...clearance, deferral: "undated", deferUntil: null },
    );
    const grantArb = fc.record({
      screening_id: fc.constantFrom("s1", "s2"),
      granted_on: fc.constantFrom("2026-01-09", "2026-02-01", null),
      reasons: fc.subarray(["CI-ANTITHROMBOTIC", "CI-BLEEDING-TENDENCY", "CI-PREGNANCY", "CI-MINOR"]),
      decision: outputs,
    });
    fc.assert(
      fc.property(
        outputs,
        grantArb,
        fc.date({ min: new Date("2025-06-01"), max: new Date("2026-06-01"), noInvalidDate: true }),
        (out, grant, when) => {
          const screenedOn = when.toISOString().slice(0, 10);
          const r = row("s1", out, screenedOn);
          const without = gateOf(r);
          const withGrant = gateOf(r, grant as unknown as Record<string, unknown>);
          if (without.blocked?.code !== "clearance_pending" || grant.screening_id !== "s1") {
            assert.deepEqual(withGrant, without);
            return;
          }
          // A clearance screening: the grant may open it, but never before its own deferral date,
          // never past its validity, and never when it also has an undated deferral.
          if (withGrant.blocked) return;
          assert.notEqual(out.deferral, "undated");
          if (out.deferral === "dated")
            assert.ok(withGrant.earliestDate !== null && withGrant.earliestDate >= out.deferUntil!);
          if (withGrant.latestDate !== null)
            assert.equal(
              withGrant.latestDate,
              Temporal.PlainDate.from(screenedOn).add({ days: VALID_DAYS }).toString(),
            );
        },
      ),
      { numRuns: 500 },
    );
  });

  test("property: clearing a screening keeps its deferral and its preparation instructions (never a stop for an anticoagulant)", () => {
    const withAnticoagulant = screeningInputArbitrary(protocol).map((input) => ({
      ...input,
      medications: [...input.medications, medication("warfarin", { prescribed: true })],
    }));
    let clearedCount = 0;
    fc.assert(
      fc.property(withAnticoagulant, (input) => {
        const screened = screenPatient(input, protocol);
        if (screened.outcome !== "needs-physician-clearance") return;
        const reasons = clearanceReasons(screened, protocol);
        const r = decideWithClearance(input, screened, protocol, reasons);
        assert.ok(r.ok, r.ok ? "" : r.message);
        clearedCount++;
        assert.ok(["eligible", "defer"].includes(r.output.outcome));
        assert.equal(r.output.deferral, screened.deferral);
        assert.equal(r.output.deferUntil, screened.deferUntil);
        assert.deepEqual(r.output.prepInstructions, screened.prepInstructions);
        assert.ok(r.output.prepInstructions.includes("PREP-ANTITHROMBOTIC-DO-NOT-STOP"));
        assert.deepEqual(
          r.output.reasons,
          screened.reasons.filter((x) => !reasons.includes(x)),
        );
        // A partial grant, or one naming another kind of reason, is refused.
        const other = screened.reasons.find((x) => !reasons.includes(x));
        if (other)
          assert.equal(decideWithClearance(input, screened, protocol, [...reasons, other]).ok, false);
        assert.equal(decideWithClearance(input, screened, protocol, reasons.slice(1)).ok, false);
      }),
      { numRuns: 200 },
    );
    assert.ok(clearedCount > 20, `only ${clearedCount} clearance screenings were generated`);
  });
});
