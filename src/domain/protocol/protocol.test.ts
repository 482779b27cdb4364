import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { defaultProtocol } from "./default-protocol.ts";
import {
  applyClinicChoices,
  canonicalJson,
  loadProtocol,
  ProtocolError,
  protocolVersion,
} from "./protocol.ts";
import blogDefault from "./rulesets/blog-default.json" with { type: "json" };
import { screenPatient } from "./screen-patient.ts";
import { baseInput, condition, medication } from "./screening-test-support.ts";
import type { ClinicChoices, Protocol, ScreeningInput, ScreeningOutput } from "./types.ts";
import { validateScreeningInput } from "./validate-input.ts";

const protocol = defaultProtocol();

function screen(input: ScreeningInput, p: Protocol): ScreeningOutput {
  const checked = validateScreeningInput(input, p);
  if (!checked.ok) assert.fail(`${checked.error.field}: ${checked.error.message}`);
  return screenPatient(checked.value, p);
}

/** A mutable copy of the shipped ruleset for building broken or extended protocols. */
function rulesetCopy(): Protocol {
  return JSON.parse(JSON.stringify(blogDefault)) as Protocol;
}

describe("protocolVersion", () => {
  test("names the ruleset, its schema version and a digest of the data", () => {
    assert.match(protocolVersion(protocol), /^blog-default@1\.0\+sha256:[0-9a-f]{12}$/);
  });

  test("does not depend on key order or object identity", () => {
    const reordered = JSON.parse(JSON.stringify(protocol), (_key, value) =>
      value && typeof value === "object" && !Array.isArray(value)
        ? Object.fromEntries(Object.entries(value).reverse())
        : value,
    );
    assert.equal(protocolVersion(loadProtocol(reordered)), protocolVersion(protocol));
    assert.equal(canonicalJson({ b: 1, a: [2, { d: 3, c: null }] }), '{"a":[2,{"c":null,"d":3}],"b":1}');
  });

  test("changes with any value", () => {
    const changed = rulesetCopy();
    (changed.zones[0] as { zoneCapMm: number }).zoneCapMm = 0.7;
    assert.notEqual(protocolVersion(loadProtocol(changed)), protocolVersion(loadProtocol(rulesetCopy())));
  });
});

describe("loadProtocol", () => {
  test("the shipped ruleset loads, frozen", () => {
    const p = loadProtocol(blogDefault);
    assert.equal(p.ruleset, "blog-default");
    assert.ok(Object.isFrozen(p) && Object.isFrozen(p.contraindications[0]));
  });

  const broken: [string, (p: Protocol) => void, RegExp][] = [
    [
      "missing contraindications",
      (p) => delete (p as Partial<Protocol>).contraindications,
      /contraindications/,
    ],
    [
      "unknown action",
      (p) => ((p.contraindications[0] as { action: string }).action = "refer"),
      /contraindications\[0\]\.action/,
    ],
    [
      "unknown condition in a trigger",
      (p) => {
        const t = p.contraindications.find((r) => r.id === "CI-KELOID")?.trigger as {
          conditionIds: string[];
        };
        t.conditionIds = ["keloids"];
      },
      /unknown condition "keloids"/,
    ],
    [
      "a washout that would stop an anticoagulant",
      (p) => {
        const step = p.prepSteps.find((s) => s.id === "PREP-NSAID-STOP");
        (step as { appliesWhen: { classIds: string[] } }).appliesWhen.classIds.push("anticoagulant");
      },
      /"anticoagulant" must never be stopped/,
    ],
    [
      "a deferral without a window",
      (p) => delete (p.contraindications.find((r) => r.id === "CI-PREGNANCY") as { window?: unknown }).window,
      /needs window/,
    ],
    ["another schema major version", (p) => (p.schemaVersion = "2.0"), /schemaVersion/],
    [
      "an unknown default depth-cap mode",
      (p) => (p.planAlgorithm.defaultDepthCapMode = "deep"),
      /defaultDepthCapMode/,
    ],
  ];
  for (const [name, breakIt, message] of broken) {
    test(`rejects ${name}`, () => {
      const p = rulesetCopy();
      breakIt(p);
      assert.throws(
        () => loadProtocol(p),
        (err: unknown) => err instanceof ProtocolError && message.test(err.message),
      );
    });
  }

  test("a protocol that adds ids is screened with those ids (validation follows the protocol)", () => {
    const p = rulesetCopy();
    p.conditions.push({ id: "recent-filler", label: "Dermal filler in the last 2 weeks" });
    p.contraindications.push({
      id: "CI-RECENT-FILLER",
      label: "Dermal filler in the treatment area in the last 14 days",
      action: "defer-until",
      window: { basis: "condition.onset", days: 14 },
      trigger: { type: "condition", conditionIds: ["recent-filler"], inTreatmentArea: true },
      source: ["BLOG-SEEDS"],
      evidence: "Clinic rule.",
      enabledByDefault: true,
    });
    const extended = loadProtocol(p);
    const input = baseInput({
      requestedAppointment: "2026-01-12",
      conditions: [
        condition("recent-filler", { status: "resolved", onset: "2026-01-05", resolved: "2026-01-05" }),
      ],
    });
    assert.equal(validateScreeningInput(input, protocol).ok, false);
    const output = screen(input, extended);
    assert.equal(output.outcome, "defer");
    assert.equal(output.deferUntil, "2026-01-19");
    assert.deepEqual(output.reasons, ["CI-RECENT-FILLER"]);
  });
});

describe("a clinic's choices", () => {
  const isotretinoinStopped = (lastTaken: string, screening: string, appointment: string) =>
    baseInput({
      screeningDate: screening,
      requestedAppointment: appointment,
      medications: [medication("isotretinoin", { prescribed: true, ongoing: false, lastTaken })],
    });
  const isotretinoinOngoing = baseInput({ medications: [medication("isotretinoin", { prescribed: true })] });

  test("CI-ISOTRETINOIN-6M -> labeling-current-use-only: defer while taking; eligible from the day after", () => {
    const p = applyClinicChoices(protocol, {
      rules: { "CI-ISOTRETINOIN-6M": { alternative: "labeling-current-use-only" } },
    });
    assert.equal(screen(isotretinoinOngoing, p).deferral, "undated");
    const sameDay = screen(isotretinoinStopped("2026-01-08", "2026-01-08", "2026-01-08"), p);
    assert.deepEqual([sameDay.outcome, sameDay.deferUntil], ["defer", "2026-01-09"]);
    assert.equal(
      screen(isotretinoinStopped("2026-01-08", "2026-01-08", "2026-01-09"), p).outcome,
      "eligible",
    );
    assert.equal(
      screen(isotretinoinStopped("2025-11-01", "2026-01-08", "2026-01-22"), p).outcome,
      "eligible",
    );
    assert.equal(
      screen(isotretinoinStopped("2025-11-01", "2026-01-08", "2026-01-22"), protocol).outcome,
      "defer",
    );
  });

  test("CI-ISOTRETINOIN-6M -> consensus-no-delay: no deferral, a caution flag instead", () => {
    const p = applyClinicChoices(protocol, {
      rules: { "CI-ISOTRETINOIN-6M": { alternative: "consensus-no-delay" } },
    });
    const output = screen(isotretinoinOngoing, p);
    assert.equal(output.outcome, "eligible");
    assert.deepEqual(output.cautions, ["CI-ISOTRETINOIN-6M"]);
    assert.ok(output.explanations.some((e) => e.kind === "caution" && e.id === "CI-ISOTRETINOIN-6M"));
    assert.equal(screen(isotretinoinStopped("2024-01-01", "2026-01-08", "2026-01-22"), p).cautions.length, 0);
  });

  test("CI-KELOID -> relative: physician clearance instead of decline", () => {
    const p = applyClinicChoices(protocol, { rules: { "CI-KELOID": { alternative: "relative" } } });
    const input = baseInput({ conditions: [condition("keloid", { status: "history" })] });
    assert.equal(screen(input, protocol).outcome, "decline");
    assert.equal(screen(input, p).outcome, "needs-physician-clearance");
  });

  test("PREP-TOPICAL-RETINOID-STOP -> 3-day", () => {
    const p = applyClinicChoices(protocol, {
      rules: { "PREP-TOPICAL-RETINOID-STOP": { alternative: "3-day" } },
    });
    const input = baseInput({
      screeningDate: "2026-02-09",
      requestedAppointment: "2026-02-11",
      medications: [medication("adapalene", { route: "topical", prescribed: true })],
    });
    assert.equal(screen(input, protocol).deferUntil, "2026-02-16");
    assert.equal(screen(input, p).deferUntil, "2026-02-12");
    assert.equal(screen({ ...input, requestedAppointment: "2026-02-12" }, p).outcome, "eligible");
  });

  test("PREP-NSAID-STOP -> none: no washout and no stop instruction", () => {
    const p = applyClinicChoices(protocol, { rules: { "PREP-NSAID-STOP": { alternative: "none" } } });
    const output = screen(
      baseInput({ requestedAppointment: "2026-01-08", medications: [medication("ibuprofen")] }),
      p,
    );
    assert.deepEqual([output.outcome, output.prepInstructions], ["eligible", []]);
  });

  test("disabling and enabling rules; the clinic's own values", () => {
    const minor = baseInput({
      patient: { age: 17, sex: "female", pregnant: false, breastfeeding: false, fitzpatrick: "II" },
    });
    const noMinorRule = applyClinicChoices(protocol, { rules: { "CI-MINOR": { enabled: false } } });
    assert.equal(screen(minor, noMinorRule).outcome, "eligible");
    const reEnabled = applyClinicChoices(noMinorRule, { rules: { "CI-MINOR": { enabled: true } } });
    assert.equal(screen(minor, reEnabled).outcome, "decline");
    const threeMonths = applyClinicChoices(protocol, {
      rules: { "CI-ISOTRETINOIN-6M": { windowMonths: 3 } },
    });
    assert.equal(
      screen(isotretinoinStopped("2025-11-30", "2026-02-01", "2026-02-02"), threeMonths).deferUntil,
      "2026-02-28",
    );
    const clearance = applyClinicChoices(protocol, {
      rules: { "CI-MINOR": { alternative: "guardian-consent" } },
    });
    assert.equal(screen(minor, clearance).outcome, "needs-physician-clearance");
  });

  test("depth cap skinpenLabeling, own zone caps, series alternatives", () => {
    const acne = baseInput({
      request: { setting: "clinic", concerns: [{ indication: "acne-scars", zones: ["cheeks"] }] },
    });
    const skinpen = applyClinicChoices(protocol, { depthCapMode: "skinpenLabeling" });
    assert.equal(screen(acne, skinpen).plan?.maxDepthMmByZone.cheeks, 1.5);
    const ownCap = applyClinicChoices(protocol, { zoneCapsMm: { cheeks: 1 } });
    assert.equal(screen(acne, ownCap).plan?.maxDepthMmByZone.cheeks, 1);
    const weekly = applyClinicChoices(protocol, { seriesAlternatives: ["alopecia"] });
    const hair = baseInput({
      request: { setting: "clinic", concerns: [{ indication: "alopecia", zones: ["scalp"] }] },
    });
    const series = screen(hair, weekly).plan?.series[0];
    assert.deepEqual(
      [series?.seriesRule, series?.sessions, series?.intervalWeeks],
      ["SER-GENERAL", { min: 12, max: 12 }, { min: 1, max: 1 }],
    );
  });

  test("each choice gives its own protocol version; the ruleset is left untouched", () => {
    const before = protocolVersion(protocol);
    const choices: ClinicChoices[] = [
      { rules: { "CI-ISOTRETINOIN-6M": { alternative: "labeling-current-use-only" } } },
      { rules: { "CI-ISOTRETINOIN-6M": { alternative: "consensus-no-delay" } } },
      { rules: { "CI-KELOID": { alternative: "relative" } } },
      { rules: { "PREP-TOPICAL-RETINOID-STOP": { alternative: "3-day" } } },
      { depthCapMode: "skinpenLabeling" },
      { rules: { "CI-MINOR": { enabled: false } } },
    ];
    const versions = choices.map((c) => protocolVersion(applyClinicChoices(protocol, c)));
    for (const v of versions) assert.match(v, /^blog-default@1\.0\+sha256:[0-9a-f]{12}$/);
    assert.equal(new Set([before, ...versions]).size, choices.length + 1);
    assert.equal(protocolVersion(protocol), before);
    assert.equal(protocol.contraindications.find((r) => r.id === "CI-KELOID")?.action, "decline");
    const keloid = applyClinicChoices(protocol, choices[2] as ClinicChoices);
    assert.deepEqual(keloid.clinicChoices, { rules: { "CI-KELOID": { alternative: "relative" } } });
  });

  test("choices that name nothing the protocol records are refused", () => {
    const bad: ClinicChoices[] = [
      { rules: { "CI-NOPE": { enabled: false } } },
      { rules: { "CI-KELOID": { alternative: "tattoo" } } },
      { rules: { "CI-ISOTRETINOIN-6M": { alternative: "relative" } } },
      { depthCapMode: "deep" },
      { seriesAlternatives: ["striae"] },
      { zoneCapsMm: { eyelid: 0.25 } },
      { rules: { "CAU-FITZPATRICK-IV-VI": { action: "decline" } } },
    ];
    for (const c of bad)
      assert.throws(() => applyClinicChoices(protocol, c), ProtocolError, JSON.stringify(c));
  });
});
