import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { Temporal } from "temporal-polyfill";
import { type PathwayProtocol, pathwayOf } from "./pathway-types.ts";
import {
  buildPrepChecklist,
  earliestAppointmentForPrep,
  isTooSoonForPrep,
  type PrepChecklistInput,
  type PrepMedication,
  prepLeadTimeDays,
} from "./prep-checklist.ts";
import { loadProtocol } from "./protocol.ts";
import { protectedMedicationClasses } from "./protocol-core.ts";
import defaultProtocol from "./rulesets/blog-default.json" with { type: "json" };

const protocol = pathwayOf(loadProtocol(defaultProtocol));

/** A copy of the default protocol with some prep steps changed (a clinic's choices). */
function withSteps(change: (steps: PathwayProtocol["prepSteps"]) => void): PathwayProtocol {
  const copy = structuredClone(defaultProtocol) as PathwayProtocol;
  change(copy.prepSteps);
  return copy;
}

function item(list: ReturnType<typeof buildPrepChecklist>, id: string) {
  return list.items.find((i) => i.id === id);
}

const ibuprofen: PrepMedication = { name: "ibuprofen", classId: "nsaid", ongoing: true };
const warfarin: PrepMedication = { name: "warfarin", classId: "anticoagulant", ongoing: true };
const clopidogrel: PrepMedication = { name: "Plavix", classId: "antiplatelet", ongoing: true };

describe("buildPrepChecklist: dates", () => {
  const cases: { name: string; appointment: string; nsaid: string; uv: string; retinoid: string }[] = [
    {
      name: "the issue's example",
      appointment: "2026-12-06",
      nsaid: "2026-12-03",
      uv: "2026-11-29",
      retinoid: "2026-11-29",
    },
    {
      name: "across a month end",
      appointment: "2026-03-02",
      nsaid: "2026-02-27",
      uv: "2026-02-23",
      retinoid: "2026-02-23",
    },
    {
      name: "onto a leap day",
      appointment: "2024-03-03",
      nsaid: "2024-02-29",
      uv: "2024-02-25",
      retinoid: "2024-02-25",
    },
    {
      name: "a week after a leap day",
      appointment: "2024-03-07",
      nsaid: "2024-03-04",
      uv: "2024-02-29",
      retinoid: "2024-02-29",
    },
    {
      name: "across the year end",
      appointment: "2027-01-02",
      nsaid: "2026-12-30",
      uv: "2026-12-26",
      retinoid: "2026-12-26",
    },
    {
      name: "on the first of a month",
      appointment: "2026-05-01",
      nsaid: "2026-04-28",
      uv: "2026-04-24",
      retinoid: "2026-04-24",
    },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const list = buildPrepChecklist(
        {
          appointmentDate: c.appointment,
          medications: [
            ibuprofen,
            { name: "adapalene", classId: "retinoid-or-exfoliant-topical", ongoing: true },
          ],
        },
        protocol,
      );
      assert.equal(item(list, "PREP-NSAID-STOP")?.date, c.nsaid);
      assert.equal(item(list, "PREP-UV-EXPOSURE")?.date, c.uv);
      assert.equal(item(list, "PREP-TOPICAL-RETINOID-STOP")?.date, c.retinoid);
      assert.equal(item(list, "PREP-ARRIVE-CLEAN")?.date, c.appointment);
    });
  }

  test("the NSAID item names the medicine and the day, and gives the protocol's range", () => {
    const list = buildPrepChecklist({ appointmentDate: "2026-12-06", medications: [ibuprofen] }, protocol);
    const nsaid = item(list, "PREP-NSAID-STOP");
    assert.ok(nsaid);
    assert.equal(nsaid.kind, "stop-medication");
    assert.match(nsaid.summary, /^Stop ibuprofen from Thu, 3 Dec 2026\./);
    assert.deepEqual(nsaid.window, { earliest: "2026-12-01", latest: "2026-12-03" });
    assert.equal(nsaid.daysBefore, 3);
    assert.equal(nsaid.enforced, true);
    assert.deepEqual(nsaid.source, ["BLOG-SEEDS", "CLINIC-PREP-PAGES"]);
    assert.ok(nsaid.clinicianText.length > 0);
  });

  test("generic items come without any medicine; conditional ones only when they apply", () => {
    const list = buildPrepChecklist({ appointmentDate: "2026-12-06" }, protocol);
    assert.deepEqual(
      list.items.map((i) => i.id),
      ["PREP-UV-EXPOSURE", "PREP-ARRIVE-CLEAN"],
    );
    assert.match(item(list, "PREP-UV-EXPOSURE")?.summary ?? "", /^From Sun, 29 Nov 2026: Avoid sun/);
  });

  test("items are in date order, then protocol order", () => {
    const list = buildPrepChecklist(
      {
        appointmentDate: "2026-12-06",
        medications: [
          ibuprofen,
          { name: "tretinoin", classId: "retinoid-or-exfoliant-topical", ongoing: true },
        ],
        firedRuleIds: ["CAU-HSV-HISTORY"],
      },
      protocol,
    );
    assert.deepEqual(
      list.items.map((i) => [i.date, i.id]),
      [
        ["2026-11-29", "PREP-TOPICAL-RETINOID-STOP"],
        ["2026-11-29", "PREP-UV-EXPOSURE"],
        ["2026-12-03", "PREP-NSAID-STOP"],
        ["2026-12-05", "PREP-HSV-PROPHYLAXIS"],
        ["2026-12-06", "PREP-ARRIVE-CLEAN"],
      ],
    );
  });

  test("a clinic's longer washout wins over the step's range (UV 14 days, NSAID 5 days)", () => {
    const clinic = withSteps((steps) => {
      for (const step of steps) {
        if (step.id === "PREP-UV-EXPOSURE" && step.enforcement) step.enforcement.windowDays = 14;
        if (step.id === "PREP-NSAID-STOP" && step.enforcement) step.enforcement.windowDays = 5;
      }
    });
    const list = buildPrepChecklist({ appointmentDate: "2026-12-06", medications: [ibuprofen] }, clinic);
    assert.equal(item(list, "PREP-UV-EXPOSURE")?.date, "2026-11-22");
    assert.deepEqual(item(list, "PREP-UV-EXPOSURE")?.window, {
      earliest: "2026-11-22",
      latest: "2026-11-22",
    });
    assert.equal(item(list, "PREP-NSAID-STOP")?.date, "2026-12-01");
    assert.equal(list.leadTimeDays, 14);
  });
});

describe("buildPrepChecklist: too late", () => {
  const table: { today: string; nsaidLate: boolean; uvLate: boolean; tooSoon: boolean }[] = [
    { today: "2026-11-28", nsaidLate: false, uvLate: false, tooSoon: false },
    { today: "2026-11-29", nsaidLate: false, uvLate: false, tooSoon: false },
    { today: "2026-11-30", nsaidLate: false, uvLate: true, tooSoon: true },
    { today: "2026-12-03", nsaidLate: false, uvLate: true, tooSoon: true },
    { today: "2026-12-04", nsaidLate: true, uvLate: true, tooSoon: true },
    { today: "2026-12-06", nsaidLate: true, uvLate: true, tooSoon: true },
  ];
  for (const row of table) {
    test(`appointment 2026-12-06, today ${row.today}`, () => {
      const list = buildPrepChecklist(
        { appointmentDate: "2026-12-06", today: row.today, medications: [ibuprofen] },
        protocol,
      );
      assert.equal(item(list, "PREP-NSAID-STOP")?.tooLate, row.nsaidLate);
      assert.equal(item(list, "PREP-UV-EXPOSURE")?.tooLate, row.uvLate);
      assert.equal(item(list, "PREP-ARRIVE-CLEAN")?.tooLate, false);
      assert.equal(list.tooSoon, row.tooSoon);
      assert.equal(list.asOf, row.today);
    });
  }

  test("the screening date stands in for today", () => {
    const list = buildPrepChecklist({ appointmentDate: "2026-12-06", screeningDate: "2026-12-04" }, protocol);
    assert.equal(list.asOf, "2026-12-04");
    assert.equal(item(list, "PREP-UV-EXPOSURE")?.tooLate, true);
  });

  test("without today nothing is marked too late", () => {
    const list = buildPrepChecklist({ appointmentDate: "2026-12-06", medications: [ibuprofen] }, protocol);
    assert.equal(list.asOf, null);
    assert.equal(list.tooSoon, false);
    assert.equal(list.earliestDateForFullPrep, null);
  });
});

describe("buildPrepChecklist: stopped medicines", () => {
  const cases: { lastTaken: string; present: boolean; tooLate: boolean }[] = [
    { lastTaken: "2026-12-02", present: false, tooLate: false },
    { lastTaken: "2026-12-03", present: false, tooLate: false },
    { lastTaken: "2026-12-04", present: true, tooLate: true },
    { lastTaken: "2026-12-05", present: true, tooLate: true },
  ];
  for (const c of cases) {
    test(`naproxen last taken ${c.lastTaken}, appointment 2026-12-06`, () => {
      const list = buildPrepChecklist(
        {
          appointmentDate: "2026-12-06",
          today: "2026-12-05",
          medications: [{ name: "naproxen", classId: "nsaid", ongoing: false, lastTaken: c.lastTaken }],
        },
        protocol,
      );
      const nsaid = item(list, "PREP-NSAID-STOP");
      assert.equal(nsaid !== undefined, c.present);
      if (nsaid) assert.equal(nsaid.tooLate, c.tooLate);
    });
  }
});

describe("buildPrepChecklist: prescribed anticoagulants and antiplatelets are never stopped", () => {
  test("the default protocol protects anticoagulants and antiplatelets", () => {
    assert.deepEqual([...protectedMedicationClasses(protocol)].sort(), ["anticoagulant", "antiplatelet"]);
  });

  // Either reason alone protects a class: the engine, the protocol checks and this checklist
  // share the one set, so no path can tell a patient to stop what another path protects.
  const protectionCases: [string, (p: PathwayProtocol) => void, string[]][] = [
    ["both reasons (default)", () => {}, ["anticoagulant", "antiplatelet"]],
    [
      "only the physician-clearance action (no do-not-stop step)",
      (p) => {
        p.prepSteps = p.prepSteps.filter((s) => s.id !== "PREP-ANTITHROMBOTIC-DO-NOT-STOP");
      },
      ["anticoagulant", "antiplatelet"],
    ],
    [
      "only the do-not-stop step (the rule's action changed to a deferral)",
      (p) => {
        const rule = p.contraindications?.find((r) => r.id === "CI-ANTITHROMBOTIC");
        if (rule) rule.action = "defer-until";
      },
      ["anticoagulant", "antiplatelet"],
    ],
    [
      "neither",
      (p) => {
        p.prepSteps = p.prepSteps.filter((s) => s.id !== "PREP-ANTITHROMBOTIC-DO-NOT-STOP");
        const rule = p.contraindications?.find((r) => r.id === "CI-ANTITHROMBOTIC");
        if (rule) rule.action = "defer-until";
      },
      [],
    ],
  ];
  for (const [name, change, expected] of protectionCases) {
    test(`protected classes: ${name}`, () => {
      const copy = structuredClone(defaultProtocol) as PathwayProtocol;
      change(copy);
      assert.deepEqual([...protectedMedicationClasses(copy)].sort(), expected);
    });
  }

  test("warfarin: keep taking it, expect physician clearance", () => {
    const list = buildPrepChecklist(
      { appointmentDate: "2026-12-06", today: "2026-11-20", medications: [warfarin, ibuprofen] },
      protocol,
    );
    const keep = item(list, "PREP-ANTITHROMBOTIC-DO-NOT-STOP");
    assert.ok(keep);
    assert.equal(keep.kind, "keep-taking");
    assert.deepEqual(keep.medications, ["warfarin"]);
    assert.equal(keep.date, "2026-11-20");
    assert.equal(keep.window, null);
    assert.equal(keep.tooLate, false);
    assert.equal(keep.clearance?.ruleId, "CI-ANTITHROMBOTIC");
    assert.equal(keep.clearance?.action, "physician-clearance");
    assert.match(keep.patientText, /Do not stop/);
    assert.equal(list.requiresPhysicianClearance, true);
    assert.deepEqual(item(list, "PREP-NSAID-STOP")?.medications, ["ibuprofen"]);
    for (const i of list.items) {
      if (i.kind === "stop-medication") assert.ok(!i.medications.includes("warfarin"));
    }
  });

  test("aspirin of unknown prescription status (two classes) is kept, never stopped", () => {
    const list = buildPrepChecklist(
      {
        appointmentDate: "2026-12-06",
        medications: [{ name: "aspirin", classIds: ["nsaid", "antiplatelet"], ongoing: true }, ibuprofen],
      },
      protocol,
    );
    assert.deepEqual(item(list, "PREP-NSAID-STOP")?.medications, ["ibuprofen"]);
    assert.deepEqual(item(list, "PREP-ANTITHROMBOTIC-DO-NOT-STOP")?.medications, ["aspirin"]);
  });

  test("a resolver's several classes are used together", () => {
    const list = buildPrepChecklist(
      {
        appointmentDate: "2026-12-06",
        medications: [{ name: "Aspirin 75 mg", ongoing: true }],
        resolveMedicationClass: () => ["nsaid", "antiplatelet"],
      },
      protocol,
    );
    assert.equal(item(list, "PREP-NSAID-STOP"), undefined);
    assert.equal(item(list, "PREP-ANTITHROMBOTIC-DO-NOT-STOP")?.kind, "keep-taking");
  });

  test("the fired rule alone brings the keep-taking item", () => {
    const list = buildPrepChecklist(
      { appointmentDate: "2026-12-06", firedRuleIds: ["CI-ANTITHROMBOTIC"] },
      protocol,
    );
    assert.equal(item(list, "PREP-ANTITHROMBOTIC-DO-NOT-STOP")?.kind, "keep-taking");
    assert.equal(list.requiresPhysicianClearance, true);
  });

  test("a stopped anticoagulant is not told to be taken again", () => {
    const list = buildPrepChecklist(
      {
        appointmentDate: "2026-12-06",
        today: "2026-12-01",
        medications: [
          { name: "warfarin", classId: "anticoagulant", ongoing: false, lastTaken: "2026-11-01" },
        ],
      },
      protocol,
    );
    assert.equal(item(list, "PREP-ANTITHROMBOTIC-DO-NOT-STOP"), undefined);
    assert.equal(item(list, "PREP-NSAID-STOP"), undefined);
  });

  test("a protocol whose washout lists an anticoagulant still never says stop", () => {
    const careless = withSteps((steps) => {
      for (const step of steps) {
        if (typeof step.appliesWhen !== "string" && step.appliesWhen.type === "medication") {
          step.appliesWhen.classIds = [...(step.appliesWhen.classIds ?? []), "anticoagulant", "antiplatelet"];
        }
      }
    });
    const list = buildPrepChecklist(
      { appointmentDate: "2026-12-06", medications: [warfarin, clopidogrel, ibuprofen] },
      careless,
    );
    assert.deepEqual(item(list, "PREP-NSAID-STOP")?.medications, ["ibuprofen"]);
    assert.deepEqual(item(list, "PREP-ANTITHROMBOTIC-DO-NOT-STOP")?.medications, ["warfarin", "Plavix"]);
  });

  test("without a keep-taking step the medicine goes to clinician review, never to a stop", () => {
    const bare = withSteps((steps) => {
      steps.splice(
        steps.findIndex((s) => s.id === "PREP-ANTITHROMBOTIC-DO-NOT-STOP"),
        1,
      );
    });
    const list = buildPrepChecklist({ appointmentDate: "2026-12-06", medications: [warfarin] }, bare);
    assert.deepEqual(list.review, [
      { index: 0, name: "warfarin", reason: "no-instruction-for-protected-medication" },
    ]);
    assert.ok(list.items.every((i) => !i.medications.includes("warfarin")));
  });
});

describe("buildPrepChecklist: other inputs", () => {
  test("an unknown medicine is listed for review, not ignored", () => {
    const list = buildPrepChecklist(
      {
        appointmentDate: "2026-12-06",
        medications: [
          { name: "metformin", classId: null, ongoing: true },
          { name: "mystery", classId: "not-a-class", ongoing: true },
        ],
      },
      protocol,
    );
    assert.deepEqual(list.review, [
      { index: 0, name: "metformin", reason: "unrecognized-medication" },
      { index: 1, name: "mystery", reason: "unrecognized-medication" },
    ]);
  });

  test("a resolver is asked for medicines without a class", () => {
    const list = buildPrepChecklist(
      {
        appointmentDate: "2026-12-06",
        medications: [{ name: "Advil", ongoing: true }],
        resolveMedicationClass: (name) => (name.toLowerCase() === "advil" ? "nsaid" : null),
      },
      protocol,
    );
    assert.deepEqual(item(list, "PREP-NSAID-STOP")?.medications, ["Advil"]);
  });

  test("the screening's prep instruction ids and conditions bring their steps", () => {
    const list = buildPrepChecklist(
      { appointmentDate: "2026-12-06", prepInstructionIds: ["PREP-HSV-PROPHYLAXIS", "PREP-NSAID-STOP"] },
      protocol,
    );
    assert.equal(item(list, "PREP-HSV-PROPHYLAXIS")?.kind, "conditional");
    assert.deepEqual(item(list, "PREP-HSV-PROPHYLAXIS")?.window, {
      earliest: "2026-12-04",
      latest: "2026-12-05",
    });
    assert.match(
      item(list, "PREP-NSAID-STOP")?.summary ?? "",
      /^From Thu, 3 Dec 2026: Stop ibuprofen, naproxen/,
    );
  });

  const bad: { name: string; input: PrepChecklistInput; field: string }[] = [
    { name: "impossible date", input: { appointmentDate: "2025-02-30" }, field: "appointmentDate" },
    { name: "not a date", input: { appointmentDate: "10/12/2026" }, field: "appointmentDate" },
    { name: "date with a time", input: { appointmentDate: "2026-12-10T10:00" }, field: "appointmentDate" },
    { name: "bad today", input: { appointmentDate: "2026-12-10", today: "2026-13-01" }, field: "today" },
    {
      name: "appointment before today",
      input: { appointmentDate: "2026-12-10", today: "2026-12-11" },
      field: "appointmentDate",
    },
    {
      name: "last dose after today",
      input: {
        appointmentDate: "2026-12-10",
        today: "2026-12-01",
        medications: [{ name: "ibuprofen", classId: "nsaid", ongoing: false, lastTaken: "2026-12-02" }],
      },
      field: "medications[0].lastTaken",
    },
    {
      name: "medicine without a name",
      input: { appointmentDate: "2026-12-10", medications: [{ name: " ", classId: "nsaid", ongoing: true }] },
      field: "medications[0].name",
    },
  ];
  for (const b of bad) {
    test(`rejects ${b.name}, naming ${b.field}`, () => {
      assert.throws(
        () => buildPrepChecklist(b.input, protocol),
        (err: unknown) => err instanceof Error && "field" in err && err.field === b.field,
      );
    });
  }
});

describe("scheduling helpers", () => {
  test("lead time: generic steps only, then with a longer clinic washout", () => {
    assert.equal(prepLeadTimeDays({}, protocol), 7);
    assert.equal(prepLeadTimeDays({ medications: [ibuprofen] }, protocol), 7);
    const clinic = withSteps((steps) => {
      const nsaid = steps.find((s) => s.id === "PREP-NSAID-STOP");
      if (nsaid?.enforcement && nsaid.daysBefore) {
        nsaid.enforcement.windowDays = 10;
      }
    });
    assert.equal(prepLeadTimeDays({ medications: [ibuprofen] }, clinic), 10);
    assert.equal(prepLeadTimeDays({}, clinic), 7);
  });

  const slots: { appointment: string; tooSoon: boolean }[] = [
    { appointment: "2026-12-07", tooSoon: true },
    { appointment: "2026-12-08", tooSoon: false },
    { appointment: "2026-12-31", tooSoon: false },
  ];
  for (const s of slots) {
    test(`today 2026-12-01, slot ${s.appointment}`, () => {
      assert.equal(
        isTooSoonForPrep({ today: "2026-12-01", appointmentDate: s.appointment }, protocol),
        s.tooSoon,
      );
    });
  }

  test("the earliest slot also waits for a recently stopped medicine's washout", () => {
    const clinic = withSteps((steps) => {
      const nsaid = steps.find((s) => s.id === "PREP-NSAID-STOP");
      if (nsaid?.enforcement) nsaid.enforcement.windowDays = 10;
    });
    const input = {
      today: "2026-12-01",
      medications: [{ name: "naproxen", classId: "nsaid", ongoing: false, lastTaken: "2026-11-30" }],
    };
    assert.equal(earliestAppointmentForPrep(input, clinic), "2026-12-10");
    assert.equal(isTooSoonForPrep({ ...input, appointmentDate: "2026-12-09" }, clinic), true);
    assert.equal(isTooSoonForPrep({ ...input, appointmentDate: "2026-12-10" }, clinic), false);
  });
});

describe("properties", () => {
  const classIds = [
    "nsaid",
    "anticoagulant",
    "antiplatelet",
    "retinoid-or-exfoliant-topical",
    "isotretinoin-systemic",
    "antiviral-hsv",
    null,
    "unknown-class",
  ];
  const base = Temporal.PlainDate.from("2024-01-01");
  const dateArb = fc.integer({ min: 0, max: 3 * 366 }).map((n) => base.add({ days: n }));
  const medArb = fc.record({
    name: fc.constantFrom(
      "ibuprofen",
      "Eliquis",
      "warfarin",
      "aspirin",
      "Plavix",
      "adapalene",
      "metformin",
      "x",
    ),
    classId: fc.constantFrom(...classIds),
    extra: fc.subarray(["nsaid", "antiplatelet", "anticoagulant"], { maxLength: 2 }),
    ongoing: fc.boolean(),
    daysAgo: fc.integer({ min: 0, max: 30 }),
  });
  const scenario = fc.record({
    today: dateArb,
    ahead: fc.integer({ min: 0, max: 60 }),
    meds: fc.array(medArb, { maxLength: 6 }),
    fired: fc.subarray(["CI-ANTITHROMBOTIC", "CAU-HSV-HISTORY"]),
    careless: fc.boolean(),
  });
  const careless = withSteps((steps) => {
    for (const step of steps) {
      if (typeof step.appliesWhen !== "string" && step.appliesWhen.type === "medication") {
        step.appliesWhen.classIds = [...(step.appliesWhen.classIds ?? []), "anticoagulant", "antiplatelet"];
      }
    }
  });
  function build(s: {
    today: Temporal.PlainDate;
    ahead: number;
    meds: { name: string; classId: string | null; extra: string[]; ongoing: boolean; daysAgo: number }[];
    fired: string[];
  }): PrepChecklistInput {
    return {
      today: s.today.toString(),
      appointmentDate: s.today.add({ days: s.ahead }).toString(),
      medications: s.meds.map((m, i) => ({
        name: `${m.name} #${i}`,
        classId: m.classId,
        classIds: m.extra,
        ongoing: m.ongoing,
        lastTaken: m.ongoing ? null : s.today.subtract({ days: m.daysAgo }).toString(),
      })),
      firedRuleIds: s.fired,
    };
  }

  const isProtected = (m: PrepMedication) =>
    [m.classId, ...(m.classIds ?? [])].some((id) => id === "anticoagulant" || id === "antiplatelet");

  test("never a stop instruction for an anticoagulant or antiplatelet", () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const input = build(s);
        const list = buildPrepChecklist(input, s.careless ? careless : protocol);
        const meds = input.medications ?? [];
        const protectedNames = new Set(meds.filter(isProtected).map((m) => m.name));
        for (const i of list.items) {
          if (i.kind === "stop-medication") {
            for (const name of i.medications) assert.ok(!protectedNames.has(name), `stop for ${name}`);
          } else if (i.medications.some((n) => protectedNames.has(n))) {
            assert.equal(i.kind, "keep-taking");
            assert.doesNotMatch(i.summary, /^Stop /);
          }
        }
        const ongoingProtected = meds.filter((m) => m.ongoing && isProtected(m));
        if (ongoingProtected.length > 0) {
          assert.equal(list.requiresPhysicianClearance, true);
          const keep = list.items.find((i) => i.kind === "keep-taking");
          for (const m of ongoingProtected) assert.ok(keep?.medications.includes(m.name));
        }
      }),
      { numRuns: 500 },
    );
  });

  test("every item is dated on or before the appointment, in date order", () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const input = build(s);
        const list = buildPrepChecklist(input, protocol);
        let previous = "";
        for (const i of list.items) {
          assert.ok(i.date <= input.appointmentDate, `${i.id} ${i.date} after ${input.appointmentDate}`);
          assert.ok(i.date >= previous);
          previous = i.date;
          if (i.window) assert.ok(i.window.earliest <= i.window.latest && i.window.latest === i.date);
        }
      }),
      { numRuns: 300 },
    );
  });

  test("an appointment on or after the earliest prep date is never too soon; the day before is", () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const input = build(s);
        const { appointmentDate: _ignored, ...needs } = input;
        const today = input.today ?? "";
        const earliest = earliestAppointmentForPrep({ ...needs, today }, protocol);
        assert.equal(isTooSoonForPrep({ ...needs, today, appointmentDate: earliest }, protocol), false);
        const dayBefore = Temporal.PlainDate.from(earliest).subtract({ days: 1 }).toString();
        if (dayBefore >= today) {
          assert.equal(isTooSoonForPrep({ ...needs, today, appointmentDate: dayBefore }, protocol), true);
        }
      }),
      { numRuns: 300 },
    );
  });
});
