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

  test("the search finds exactly the starts and resources a plain day-by-day check finds, across clock changes", () => {
    // The check: every date, every opening, every step, resources tried in order by a linear scan,
    // wall-clock times turned into instants by Temporal.
    const reference = (inp: SlotSearchInput) => {
      const o = segmentOffsets(inp.segments, inp.bufferMinutes);
      const wall = (d: Temporal.PlainDate, hhmm: string) =>
        hhmm === "24:00"
          ? d.add({ days: 1 }).toZonedDateTime({ timeZone: inp.timeZone }).epochMilliseconds
          : d.toZonedDateTime({ timeZone: inp.timeZone, plainTime: Temporal.PlainTime.from(hhmm) })
              .epochMilliseconds;
      const spans = (d: Temporal.PlainDate, hours: WeeklyHours[]) =>
        hours
          .filter((h) => h.weekday === d.dayOfWeek)
          .map((h) => ({ start: wall(d, h.start), end: wall(d, h.end) }));
      const free = (busy: { start: number; end: number }[], s: number, e: number) =>
        !busy.some((b) => b.start < e && s < b.end);
      const out: { start: number; provider: string | null; room: string | null; device: string | null }[] =
        [];
      const last = Temporal.PlainDate.from(inp.window.last);
      for (
        let d = Temporal.PlainDate.from(inp.window.first);
        Temporal.PlainDate.compare(d, last) <= 0;
        d = d.add({ days: 1 })
      ) {
        const iso = d.toString();
        if (inp.closures.some((c) => c.first <= iso && iso <= c.last)) continue;
        const openings = spans(d, inp.openingHours).sort((a, b) => a.start - b.start);
        const seen = new Set<number>();
        for (const opening of openings) {
          for (let s = opening.start; s + o.totalMinutes * MIN <= opening.end; s += inp.stepMinutes * MIN) {
            if (s < inp.now + inp.minNoticeMinutes * MIN || seen.has(s)) continue;
            seen.add(s);
            const at = (m: number) => s + m * MIN;
            if (!openings.some((w) => w.start <= s && at(o.totalMinutes) <= w.end)) continue;
            const provider = o.provider
              ? inp.providers.find(
                  (p) =>
                    spans(d, p.hours).some(
                      (h) => h.start <= at(o.provider!.from) && at(o.provider!.to) <= h.end,
                    ) && free(p.busy, at(o.provider!.from), at(o.provider!.to)),
                )
              : null;
            const room = o.room
              ? inp.rooms.find((r) => free(r.busy, at(o.room!.from), at(o.room!.to)))
              : null;
            const device = o.device
              ? inp.devices.find((x) => free(x.busy, at(o.device!.from), at(o.device!.to)))
              : null;
            if (provider === undefined || room === undefined || device === undefined) continue;
            out.push({
              start: s,
              provider: provider?.id ?? null,
              room: room?.id ?? null,
              device: device?.id ?? null,
            });
          }
        }
      }
      return out.sort((a, b) => a.start - b.start);
    };
    const changes = [
      ["Europe/London", "2026-03-27", "2026-10-23"],
      ["America/New_York", "2026-03-06", "2026-10-30"],
      ["Australia/Lord_Howe", "2026-04-03", "2026-10-02"],
      ["Asia/Kathmandu", "2026-03-27", "2026-10-23"],
    ] as const;
    const hhmm = (q: number) =>
      `${String(Math.floor(q / 4)).padStart(2, "0")}:${String((q % 4) * 15).padStart(2, "0")}`;
    // Odd hours on some weekdays, or the same hours every day (from midnight to midnight at most).
    const someDays = fc
      .array(
        fc.tuple(
          fc.integer({ min: 1, max: 7 }),
          fc.integer({ min: 0, max: 92 }),
          fc.integer({ min: 2, max: 48 }),
        ),
        { minLength: 1, maxLength: 8 },
      )
      .map((hs) =>
        hs.map(([weekday, q, len]) => ({
          weekday,
          start: hhmm(q),
          end: q + len >= 96 ? "24:00" : hhmm(q + len),
        })),
      );
    const everyDay = fc
      .tuple(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 8, max: 96 }))
      .map(([q, len]) =>
        [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({
          weekday,
          start: hhmm(q),
          end: q + len >= 96 ? "24:00" : hhmm(q + len),
        })),
      );
    const hoursArb = fc.oneof(someDays, everyDay, everyDay);
    // Busy times as quarter-hours from the window's start, for seven resources.
    const busyArbs = fc.array(
      fc.array(fc.tuple(fc.integer({ min: 0, max: 5 * 24 * 4 }), fc.integer({ min: 1, max: 12 })), {
        maxLength: 25,
      }),
      { minLength: 7, maxLength: 7 },
    );
    fc.assert(
      fc.property(
        fc.constantFrom(...changes),
        fc.boolean(),
        fc.boolean(),
        hoursArb,
        fc.array(fc.tuple(hoursArb, fc.constantFrom(1, 2.5, null)), { minLength: 1, maxLength: 3 }),
        fc.constantFrom(10, 15, 30),
        fc.integer({ min: 0, max: 48 * 60 }),
        fc.integer({ min: 0, max: 3 }),
        busyArbs,
        ([tz, spring, autumn], isSession, useAutumn, opening, provs, step, nowMinutes, closed, quarters) => {
          const first = useAutumn ? autumn : spring;
          const from = Temporal.PlainDate.from(first).toZonedDateTime({ timeZone: tz }).epochMilliseconds;
          const busy = quarters.map((list) =>
            list.map(([q, len]) => ({ start: from + q * 15 * MIN, end: from + (q + len) * 15 * MIN })),
          );
          const inp = input({
            timeZone: tz,
            now: from + nowMinutes * MIN,
            minNoticeMinutes: 60,
            stepMinutes: step,
            window: { first, last: Temporal.PlainDate.from(first).add({ days: 4 }).toString() },
            openingHours: opening,
            closures:
              closed > 0
                ? [
                    {
                      first: Temporal.PlainDate.from(first).add({ days: closed }).toString(),
                      last: Temporal.PlainDate.from(first).add({ days: closed }).toString(),
                    },
                  ]
                : [],
            segments: isSession ? session : consult,
            bufferMinutes: 10,
            providers: provs.map(([hours, depth], i) => ({
              id: `p${i}`,
              maxNeedleDepthMm: depth,
              hours,
              busy: busy[i]!,
            })),
            rooms: [
              { id: "r1", busy: busy[3]! },
              { id: "r2", busy: busy[4]! },
            ],
            devices: [
              { id: "d1", busy: busy[5]! },
              { id: "d2", busy: busy[6]! },
            ],
            requiredDepthMm: isSession ? 2 : null,
            screening: isSession
              ? { status: "eligible", screenedOn: "2026-01-01", validUntil: "2027-01-01" }
              : { status: "not-required" },
          });
          const got = searchSlots({ ...inp, limit: 100_000 });
          const licensed = {
            ...inp,
            providers: inp.providers.filter((p) => !isSession || (p.maxNeedleDepthMm ?? 0) >= 2),
          };
          const expected = licensed.providers.length === 0 ? [] : reference(licensed);
          assert.deepEqual(
            got.slots.map((s) => ({
              start: s.start,
              provider: s.providerId,
              room: s.roomId,
              device: s.deviceId,
            })),
            expected,
          );
          for (const s of got.slots) {
            const local = Temporal.Instant.fromEpochMilliseconds(s.start).toZonedDateTimeISO(tz);
            assert.equal(s.date, local.toPlainDate().toString());
            assert.equal(s.time, local.toPlainTime().toString().slice(0, 5));
          }
        },
      ),
      { numRuns: 150 },
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
