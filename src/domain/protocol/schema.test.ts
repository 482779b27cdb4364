import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, test } from "node:test";
import { pathwayOf } from "./pathway-types.ts";
import { loadProtocol, ProtocolError } from "./protocol.ts";
import blogDefault from "./rulesets/blog-default.json" with { type: "json" };
import { protocolSchema } from "./schema.ts";
import type { Protocol } from "./types.ts";

/** The clinical protocol kept beside the repository (the source the shipped ruleset follows). */
const sharedProtocol = path.resolve(import.meta.dirname, "../../../../shared/clinical/protocol.json");

const copy = (): Protocol => JSON.parse(JSON.stringify(blogDefault)) as Protocol;

describe("the protocol's one schema", () => {
  test("the shipped ruleset validates, and the pathway engine reads the same object", () => {
    assert.equal(protocolSchema.safeParse(blogDefault).success, true);
    const p = loadProtocol(blogDefault);
    assert.equal(pathwayOf(p), p);
  });

  test("the clinical protocol file validates with it", { skip: !existsSync(sharedProtocol) }, () => {
    const raw: unknown = JSON.parse(readFileSync(sharedProtocol, "utf8"));
    const parsed = protocolSchema.safeParse(raw);
    assert.equal(parsed.success, true, parsed.error?.issues.map((i) => i.path.join(".")).join(", "));
    const p = loadProtocol(raw);
    assert.ok((p.aftercareTimeline?.length ?? 0) > 0 && (p.prepSteps.length ?? 0) > 0);
  });

  // The timelines and procedure steps are part of the schema now: a broken one is named on load,
  // not met later as a crash in the portal.
  const broken: [string, (p: Protocol) => void, RegExp][] = [
    [
      "an aftercare entry without its start",
      (p) => delete (p.aftercareTimeline![0] as { startHours?: number }).startHours,
      /aftercareTimeline\[0\]\.startHours/,
    ],
    [
      "a healing phase without its literature days",
      (p) => delete (p.healingPhases![1] as { literature?: unknown }).literature,
      /healingPhases\[1\]\.literature/,
    ],
    [
      "a prep step whose days before are words",
      (p) => ((p.prepSteps[0] as { daysBefore: unknown }).daysBefore = "three"),
      /prepSteps\[0\]\.daysBefore/,
    ],
  ];
  for (const [name, breakIt, message] of broken) {
    test(`refuses ${name}`, () => {
      const p = copy();
      breakIt(p);
      assert.throws(
        () => loadProtocol(p),
        (err: unknown) => err instanceof ProtocolError && message.test(err.message),
      );
    });
  }

  test("a protocol without its timelines loads, but is no pathway protocol", () => {
    const p = copy();
    delete p.resultsTimeline;
    assert.throws(() => pathwayOf(loadProtocol(p)), /protocol\.resultsTimeline/);
  });
});
