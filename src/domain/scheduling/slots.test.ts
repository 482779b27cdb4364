import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { Temporal } from "temporal-polyfill";
import { defaultProtocol } from "../protocol/default-protocol.ts";
import { defaultSegments } from "./default-segments.ts";
import { mergeIntervals, overlapsAny } from "./intervals.ts";
import { checkStart, localInstant, searchSlots, segmentOffsets } from "./slots.ts";
import type { SegmentSpec, SlotSearchInput, WeeklyHours } from "./types.ts";

const TZ = "Europe/London";
const MIN = 60_000;
const weekdays = (start: string, end: string, days = [1, 2, 3, 4, 5]): WeeklyHours[] =>
  days.map((weekday) => ({ weekday, start, end }));
const at = (iso: string) => Date.parse(iso);
const consult: SegmentSpec[] = [
  { kind: "consultation", minutes: 30, provider: true, room: true, device: false },
];
const session = defaultSegments("microneedling", 90, defaultProtocol());

function input(over: Partial<SlotSearchInput> = {}): SlotSearchInput {
  return {
    timeZone: TZ,
    now: at("2026-01-01T00:00:00Z"),
    minNoticeMinutes: 0,
    stepMinutes: 15,
    window: { first: "2026-01-05", last: "2026-01-05" },
    limit: 1000,
    openingHours: weekdays("09:00", "17:00"),
    closures: [],
    segments: consult,
    bufferMinutes: 0,
    providers: [{ id: "p1", maxNeedleDepthMm: 2.5, hours: weekdays("09:00", "17:00"), busy: [] }],
    rooms: [{ id: "r1", busy: [] }],
    devices: [{ id: "d1", busy: [] }],
    requiredDepthMm: null,
    screening: { status: "not-required" },
    series: null,
    prepReadyFrom: null,
    ...over,
  };
}

describe("default segments follow the protocol", () => {
  test("numbing 30 min with a room only, needling 30 min with provider, room and device, then checkout", () => {
    assert.deepEqual(
      session.map((s) => [s.kind, s.minutes, s.provider, s.room, s.device]),
      [
        ["numbing", 30, false, true, false],
        ["needling", 30, true, true, true],
        ["serum-checkout", 15, false, true, false],
      ],
    );
  });
  test("the provider is reserved only for needling; the room and device keep the cleaning buffer", () => {
    const o = segmentOffsets(session, 10);
    assert.deepEqual(o.provider, { from: 30, to: 60 });
    assert.deepEqual(o.room, { from: 0, to: 85 });
    assert.deepEqual(o.device, { from: 30, to: 60 });
  });
});

describe("slots in the clinic's time zone", () => {
  test("09:00 local is 09:00Z in winter and 08:00Z in summer (table across the March change)", () => {
    const cases = [
      ["2026-03-27", "2026-03-27T09:00:00.000Z"],
      ["2026-03-30", "2026-03-30T08:00:00.000Z"],
      ["2026-10-23", "2026-10-23T08:00:00.000Z"],
      ["2026-10-26", "2026-10-26T09:00:00.000Z"],
    ] as const;
    for (const [date, first] of cases) {
      const r = searchSlots(input({ window: { first: date, last: date } }));
      assert.equal(new Date(r.slots[0]!.start).toISOString(), first, date);
      assert.equal(r.slots[0]!.time, "09:00");
      // 09:00-17:00 with 30-minute visits on a 15-minute grid: 31 starts, whatever the clocks did.
      assert.equal(r.slots.length, 31, date);
    }
  });

  test("a night opening across the spring-forward gap has three hours, across fall-back five", () => {
    const night = [{ weekday: 7, start: "00:00", end: "04:00" }];
    const hour: SegmentSpec[] = [
      { kind: "consultation", minutes: 60, provider: true, room: true, device: false },
    ];
    const run = (date: string) =>
      searchSlots(
        input({
          window: { first: date, last: date },
          openingHours: night,
          segments: hour,
          stepMinutes: 60,
          providers: [{ id: "p1", maxNeedleDepthMm: 1, hours: night, busy: [] }],
        }),
      ).slots.map((s) => s.time);
    assert.deepEqual(run("2026-03-29"), ["00:00", "02:00", "03:00"]);
    assert.deepEqual(run("2026-10-25"), ["00:00", "01:00", "01:00", "02:00", "03:00"]);
  });

  test("closures, weekends and a lunch break leave no slots inside them", () => {
    const r = searchSlots(
      input({
        window: { first: "2026-01-05", last: "2026-01-11" },
        openingHours: [...weekdays("09:00", "12:00"), ...weekdays("13:00", "17:00")],
        closures: [{ first: "2026-01-06", last: "2026-01-07" }],
      }),
    );
    const dates = new Set(r.slots.map((s) => s.date));
    assert.deepEqual([...dates], ["2026-01-05", "2026-01-08", "2026-01-09"]);
    assert.ok(r.slots.every((s) => !(s.time >= "11:31" && s.time < "13:00")));
    assert.ok(!r.slots.some((s) => s.time === "11:45"));
  });

  test("minimum notice hides slots that start too soon", () => {
    const r = searchSlots(input({ now: at("2026-01-05T10:05:00Z"), minNoticeMinutes: 60 }));
    assert.equal(new Date(r.slots[0]!.start).toISOString(), "2026-01-05T11:15:00.000Z");
  });
});

describe("segments use different resources", () => {
  test("while one patient numbs, the provider needles another", () => {
    // Patient A booked 09:00: the provider is busy 09:30-10:00 only, room r1 busy 09:00-10:15.
    const busyProvider = [{ start: at("2026-01-05T09:30:00Z"), end: at("2026-01-05T10:00:00Z") }];
    const busyRoom = [{ start: at("2026-01-05T09:00:00Z"), end: at("2026-01-05T10:15:00Z") }];
    const r = searchSlots(
      input({
        segments: session,
        providers: [
          { id: "p1", maxNeedleDepthMm: 2.5, hours: weekdays("09:00", "17:00"), busy: busyProvider },
        ],
        rooms: [
          { id: "r1", busy: busyRoom },
          { id: "r2", busy: [] },
        ],
        devices: [
          { id: "d1", busy: busyProvider },
          { id: "d2", busy: [] },
        ],
        screening: { status: "eligible", screenedOn: "2026-01-01", validUntil: "2026-06-30" },
      }),
    );
    // 09:30 start: numbing 09:30-10:00 in room 2, needling 10:00-10:30: the provider is free again.
    const s = r.slots.find((x) => x.time === "09:30");
    assert.ok(s);
    assert.equal(s.roomId, "r2");
    assert.equal(s.providerId, "p1");
    // A 09:00 start would need the provider at 09:30: not offered.
    assert.ok(!r.slots.some((x) => x.time === "09:00"));
  });

  test("a device under maintenance is not offered; with none left there is no slot", () => {
    const all = [{ start: at("2026-01-05T00:00:00Z"), end: at("2026-01-06T00:00:00Z") }];
    const r = searchSlots(
      input({
        segments: session,
        devices: [{ id: "d1", busy: all }],
        screening: { status: "eligible", screenedOn: "2026-01-01", validUntil: "2026-06-30" },
      }),
    );
    assert.equal(r.slots.length, 0);
  });

  test("only providers licensed for the plan's deepest depth are offered", () => {
    const providers = [
      { id: "aesthetician", maxNeedleDepthMm: 0.5, hours: weekdays("09:00", "17:00"), busy: [] },
      { id: "nurse", maxNeedleDepthMm: 1.5, hours: weekdays("09:00", "12:00"), busy: [] },
    ];
    const eligible = { status: "eligible", screenedOn: "2026-01-01", validUntil: "2026-06-30" } as const;
    const r = searchSlots(input({ segments: session, providers, requiredDepthMm: 1.5, screening: eligible }));
    assert.ok(r.slots.length > 0);
    assert.ok(r.slots.every((s) => s.providerId === "nurse"));
    // The nurse works mornings only: the needling segment (30-60 min in) must end by 12:00.
    assert.equal(r.slots.at(-1)!.time, "11:00");
    const deep = searchSlots(
      input({ segments: session, providers, requiredDepthMm: 2.0, screening: eligible }),
    );
    assert.equal(deep.blocked?.code, "no_licensed_provider");
  });
});

describe("screening and series gates", () => {
  const window = { first: "2026-01-05", last: "2026-03-31" };
  const gated = (over: Partial<SlotSearchInput>) =>
    searchSlots(input({ window, segments: session, limit: 10_000, ...over }));

  test("table: what the screening allows", () => {
    const cases = [
      [{ status: "missing" }, "screening_required"],
      [{ status: "declined", screenedOn: "2026-01-01" }, "not_eligible"],
      [{ status: "clearance-pending", screenedOn: "2026-01-01" }, "clearance_pending"],
      [{ status: "deferred", until: null, screenedOn: "2026-01-01" }, "deferred"],
    ] as const;
    for (const [screening, code] of cases) {
      const r = gated({ screening });
      assert.equal(r.blocked?.code, code);
      assert.equal(r.slots.length, 0);
    }
  });

  test("a dated deferral: nothing before the date; a screening's validity: nothing after it", () => {
    const deferred = gated({
      screening: { status: "deferred", until: "2026-02-10", screenedOn: "2026-01-01" },
    });
    assert.equal(deferred.slots[0]!.date, "2026-02-10");
    const valid = gated({
      screening: { status: "eligible", screenedOn: "2026-01-01", validUntil: "2026-01-20" },
    });
    assert.equal(valid.slots.at(-1)!.date, "2026-01-20");
  });

  test("series interval across a month end: 4 weeks after 31 Jan is 28 Feb; past 6 weeks is marked", () => {
    const r = gated({
      window: { first: "2026-01-05", last: "2026-04-30" },
      screening: { status: "eligible", screenedOn: "2026-01-20", validUntil: "2026-07-20" },
      series: {
        sessionDates: ["2026-01-31"],
        intervalWeeks: { min: 4, max: 6 },
        seriesRuleId: "SER-GENERAL",
      },
      openingHours: weekdays("09:00", "17:00", [1, 2, 3, 4, 5, 6]),
      providers: [
        { id: "p1", maxNeedleDepthMm: 2.5, hours: weekdays("09:00", "17:00", [1, 2, 3, 4, 5, 6]), busy: [] },
      ],
    });
    assert.equal(r.slots[0]!.date, "2026-02-28");
    const flagged = r.slots.filter((s) => s.warnings.includes("past-series-interval"));
    assert.equal(flagged[0]!.date, "2026-03-16");
    assert.ok(r.slots.filter((s) => s.date <= "2026-03-14").every((s) => s.warnings.length === 0));
  });

  test("a slot too soon to follow the preparation is marked, not hidden", () => {
    const r = gated({
      screening: { status: "eligible", screenedOn: "2026-01-01", validUntil: "2026-06-30" },
      prepReadyFrom: "2026-01-12",
      window: { first: "2026-01-08", last: "2026-01-12" },
    });
    assert.ok(
      r.slots.filter((s) => s.date < "2026-01-12").every((s) => s.warnings.includes("too-soon-for-prep")),
    );
    assert.ok(r.slots.filter((s) => s.date === "2026-01-12").every((s) => s.warnings.length === 0));
  });
});

describe("checkStart explains why a time cannot be booked", () => {
  test("table of refusals", () => {
    const busy = [{ start: at("2026-01-05T10:00:00Z"), end: at("2026-01-05T11:00:00Z") }];
    const base = input({
      providers: [{ id: "p1", maxNeedleDepthMm: 1, hours: weekdays("09:00", "17:00"), busy }],
    });
    const cases = [
      ["2026-01-05T08:45:00Z", "outside_opening_hours"],
      ["2026-01-05T16:45:00Z", "outside_opening_hours"],
      ["2026-01-10T10:00:00Z", "outside_opening_hours"],
      ["2026-01-05T10:15:00Z", "slot_taken"],
      ["2025-12-31T10:00:00Z", "in_the_past"],
    ] as const;
    for (const [when, code] of cases) {
      const r = checkStart(base, at(when));
      assert.equal(r.ok, false, when);
      if (!r.ok) assert.equal(r.code, code, when);
    }
    const ok = checkStart(base, at("2026-01-05T11:05:00Z"));
    assert.ok(ok.ok);
  });
});

describe("properties", () => {
  const busyArb = fc.array(
    fc
      .tuple(fc.integer({ min: 0, max: 7 * 24 * 4 }), fc.integer({ min: 1, max: 16 }))
      .map(([q, len]) => ({ start: at("2026-03-23T00:00:00Z") + q * 15 * MIN, end: 0, len }))
      .map((b) => ({ start: b.start, end: b.start + b.len * 15 * MIN })),
    { maxLength: 30 },
  );

  test("no returned slot overlaps a busy resource, and every slot lies within opening hours", () => {
    fc.assert(
      fc.property(busyArb, busyArb, busyArb, fc.boolean(), (pBusy, rBusy, dBusy, isSession) => {
        const r = searchSlots(
          input({
            window: { first: "2026-03-23", last: "2026-04-03" },
            segments: isSession ? session : consult,
            bufferMinutes: 10,
            providers: [{ id: "p1", maxNeedleDepthMm: 2.5, hours: weekdays("09:00", "17:00"), busy: pBusy }],
            rooms: [{ id: "r1", busy: rBusy }],
            devices: [{ id: "d1", busy: dBusy }],
            screening: isSession
              ? { status: "eligible", screenedOn: "2026-03-01", validUntil: "2026-09-01" }
              : { status: "not-required" },
          }),
        );
        for (const s of r.slots) {
          if (s.spans.provider)
            assert.ok(!overlapsAny(mergeIntervals(pBusy), s.spans.provider.start, s.spans.provider.end));
          if (s.spans.room)
            assert.ok(!overlapsAny(mergeIntervals(rBusy), s.spans.room.start, s.spans.room.end));
          if (s.spans.device)
            assert.ok(!overlapsAny(mergeIntervals(dBusy), s.spans.device.start, s.spans.device.end));
          const local = Temporal.Instant.fromEpochMilliseconds(s.start).toZonedDateTimeISO(TZ);
          const open = localInstant(local.toPlainDate(), "09:00", TZ);
          const close = localInstant(local.toPlainDate(), "17:00", TZ);
          assert.ok(s.start >= open && s.end <= close && local.dayOfWeek <= 5);
        }
      }),
      { numRuns: 150 },
    );
  });

  test("a series' next session is never offered before the minimum interval", () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date("2025-01-01"), max: new Date("2027-12-31"), noInvalidDate: true }),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 0, max: 4 }),
        (d, minWeeks, extra) => {
          const last = d.toISOString().slice(0, 10);
          const r = searchSlots(
            input({
              now: d.getTime() - 86_400_000,
              window: { first: last, last: Temporal.PlainDate.from(last).add({ days: 70 }).toString() },
              segments: session,
              limit: 20,
              screening: { status: "eligible", screenedOn: last, validUntil: "2029-01-01" },
              series: {
                sessionDates: [last],
                intervalWeeks: { min: minWeeks, max: minWeeks + extra },
                seriesRuleId: "S",
              },
            }),
          );
          const earliest = Temporal.PlainDate.from(last).add({ weeks: minWeeks }).toString();
          assert.ok(r.slots.length > 0);
          assert.ok(r.slots.every((s) => s.date >= earliest));
        },
      ),
      { numRuns: 100 },
    );
  });

  test("merged busy lookups agree with a linear scan", () => {
    fc.assert(
      fc.property(
        busyArb,
        fc.integer({ min: 0, max: 700 }),
        fc.integer({ min: 1, max: 20 }),
        (busy, q, len) => {
          const s = at("2026-03-23T00:00:00Z") + q * 15 * MIN;
          const e = s + len * 15 * MIN;
          const linear = busy.some((b) => b.start < e && s < b.end);
          assert.equal(overlapsAny(mergeIntervals(busy), s, e), linear);
        },
      ),
    );
  });
});
