import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { Temporal } from "temporal-polyfill";
import { forecastHealing } from "./healing-forecast.ts";
import { pathwayOf } from "./pathway-types.ts";
import { loadProtocol } from "./protocol.ts";
import defaultProtocol from "./rulesets/blog-default.json" with { type: "json" };

const protocol = pathwayOf(loadProtocol(defaultProtocol));

function phase(f: ReturnType<typeof forecastHealing>, session: number, id: string) {
  const found = f.sessions[session]?.phases.find((p) => p.id === id);
  assert.ok(found, `no phase ${id} for session ${session}`);
  return found;
}

describe("forecastHealing: phases with both durations", () => {
  const f = forecastHealing({ sessionDates: ["2026-01-05", "2026-02-02"] }, protocol);

  test("inflammation, proliferation and remodeling for each session", () => {
    assert.equal(f.sessions.length, 2);
    for (const s of f.sessions) {
      assert.deepEqual(
        s.phases.map((p) => p.id),
        ["inflammation", "proliferation", "remodeling"],
      );
    }
  });

  const table: {
    id: string;
    blog: [string, string | null, string | null];
    lit: [string, string | null, string | null];
  }[] = [
    { id: "inflammation", blog: ["2026-01-05", null, "2026-01-07"], lit: ["2026-01-05", null, "2026-01-10"] },
    {
      id: "proliferation",
      blog: ["2026-01-05", "2026-03-06", null],
      lit: ["2026-01-10", null, "2026-03-02"],
    },
    {
      id: "remodeling",
      blog: ["2026-01-26", "2026-07-04", "2026-07-04"],
      lit: ["2026-03-02", null, "2027-01-05"],
    },
  ];
  for (const row of table) {
    test(`${row.id} after the session of 2026-01-05`, () => {
      const p = phase(f, 0, row.id);
      assert.deepEqual([p.blogDefault.start, p.blogDefault.peak, p.blogDefault.end], row.blog);
      assert.deepEqual([p.literature.start, p.literature.peak, p.literature.end], row.lit);
      assert.ok(p.source.length > 0);
      assert.ok(p.note);
    });
  }

  test("the second session has its own dates", () => {
    assert.equal(phase(f, 1, "inflammation").blogDefault.end, "2026-02-04");
    assert.equal(phase(f, 1, "remodeling").literature.end, "2027-02-02");
  });
});

describe("forecastHealing: calendar boundaries", () => {
  const table: {
    name: string;
    session: string;
    litProlifEnd: string;
    litRemodEnd: string;
    glow: [string, string];
  }[] = [
    {
      name: "month end",
      session: "2026-01-31",
      litProlifEnd: "2026-03-28",
      litRemodEnd: "2027-01-31",
      glow: ["2026-02-03", "2026-02-14"],
    },
    {
      name: "a year holding a leap day",
      session: "2028-01-05",
      litProlifEnd: "2028-03-01",
      litRemodEnd: "2029-01-04",
      glow: ["2028-01-08", "2028-01-19"],
    },
    {
      name: "on a leap day",
      session: "2028-02-29",
      litProlifEnd: "2028-04-25",
      litRemodEnd: "2029-02-28",
      glow: ["2028-03-03", "2028-03-14"],
    },
    {
      name: "across the year end",
      session: "2026-12-30",
      litProlifEnd: "2027-02-24",
      litRemodEnd: "2027-12-30",
      glow: ["2027-01-02", "2027-01-13"],
    },
  ];
  for (const row of table) {
    test(row.name, () => {
      const f = forecastHealing({ sessionDates: [row.session] }, protocol);
      assert.equal(phase(f, 0, "proliferation").literature.end, row.litProlifEnd);
      assert.equal(phase(f, 0, "remodeling").literature.end, row.litRemodEnd);
      const glow = f.sessions[0]?.milestones.find((m) => m.id === "RES-GLOW");
      assert.deepEqual([glow?.from, glow?.to], row.glow);
    });
  }
});

describe("forecastHealing: result milestones for the series", () => {
  const f = forecastHealing({ sessionDates: ["2026-01-05", "2026-02-02", "2026-03-02"] }, protocol);

  test("glow, visible and full, from the first session and after the series", () => {
    assert.deepEqual(
      f.milestones.map((m) => [
        m.id,
        m.afterFirstSession.from,
        m.afterFirstSession.to,
        m.afterSeries.from,
        m.afterSeries.to,
      ]),
      [
        ["RES-GLOW", "2026-01-08", "2026-01-19", "2026-03-05", "2026-03-16"],
        ["RES-VISIBLE", "2026-01-19", "2026-02-16", "2026-03-16", "2026-04-13"],
        ["RES-FULL", "2026-04-05", "2026-07-04", "2026-05-31", "2026-08-29"],
      ],
    );
    assert.equal(f.firstSession, "2026-01-05");
    assert.equal(f.lastSession, "2026-03-02");
    assert.equal(f.milestones[2]?.claimStatus, "supported");
  });

  test("each session carries its own milestones", () => {
    assert.deepEqual(
      f.sessions.map((s) => s.milestones.find((m) => m.id === "RES-VISIBLE")?.from),
      ["2026-01-19", "2026-02-16", "2026-03-16"],
    );
  });
});

describe("forecastHealing: input checks", () => {
  const bad: { name: string; dates: unknown; field: string }[] = [
    { name: "no dates", dates: [], field: "sessionDates" },
    { name: "not a list", dates: "2026-01-05", field: "sessionDates" },
    { name: "an impossible date", dates: ["2026-01-05", "2026-02-30"], field: "sessionDates[1]" },
    { name: "dates out of order", dates: ["2026-02-02", "2026-01-05"], field: "sessionDates[1]" },
    { name: "two sessions on one day", dates: ["2026-01-05", "2026-01-05"], field: "sessionDates[1]" },
  ];
  for (const b of bad) {
    test(`rejects ${b.name}, naming ${b.field}`, () => {
      assert.throws(
        () => forecastHealing({ sessionDates: b.dates as string[] }, protocol),
        (err: unknown) => err instanceof Error && "field" in err && err.field === b.field,
      );
    });
  }
});

describe("properties", () => {
  const base = Temporal.PlainDate.from("2024-01-01");
  const datesArb = fc
    .uniqueArray(fc.integer({ min: 0, max: 4 * 366 }), { minLength: 1, maxLength: 8 })
    .map((days) => [...days].sort((a, b) => a - b).map((d) => base.add({ days: d }).toString()));

  test("phase and milestone ranges never run backwards, and the series view brackets the sessions", () => {
    fc.assert(
      fc.property(datesArb, (sessionDates) => {
        const f = forecastHealing({ sessionDates }, protocol);
        assert.equal(f.sessions.length, sessionDates.length);
        for (const s of f.sessions) {
          for (const p of s.phases) {
            for (const span of [p.blogDefault, p.literature]) {
              assert.ok(span.start >= s.date);
              if (span.end) assert.ok(span.start <= span.end);
              if (span.peak) assert.ok(span.start <= span.peak);
            }
          }
          for (const m of s.milestones) assert.ok(s.date < m.from && m.from <= m.to);
        }
        for (const m of f.milestones) {
          assert.ok(m.afterFirstSession.from <= m.afterSeries.from);
          assert.ok(m.afterFirstSession.to <= m.afterSeries.to);
        }
      }),
      { numRuns: 300 },
    );
  });
});
