import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { setImmediate as nextTurn } from "node:timers/promises";
import fc from "fast-check";
import { BatchQueue, type Outcome } from "./batch-queue.ts";

interface Item {
  n: number;
  who: string;
  fail?: boolean;
}

/** Lets the event loop turn until `done` holds (a run forms at the end of a turn). */
async function until(done: () => boolean) {
  for (let i = 0; i < 20 && !done(); i++) await nextTurn();
}

/** A queue whose runs are recorded and finish when the test says. */
function recorded(maxBatch: number, maxRunning: number) {
  const runs: { key: string; items: Item[]; finish: () => void }[] = [];
  let running = 0;
  let mostRunning = 0;
  const active = new Set<string>();
  let clashes = 0;
  const queue = new BatchQueue<Item, string>({
    maxBatch,
    maxRunning,
    conflictKey: (i) => i.who,
    run: (key, items) =>
      new Promise<Outcome<string>[]>((resolve) => {
        running++;
        mostRunning = Math.max(mostRunning, running);
        for (const i of items) {
          if (active.has(i.who)) clashes++;
          active.add(i.who);
        }
        runs.push({
          key,
          items,
          finish: () => {
            running--;
            for (const i of items) active.delete(i.who);
            resolve(
              items.map((i) =>
                i.fail ? { ok: false, error: new Error(`no ${i.n}`) } : { ok: true, value: `${key}:${i.n}` },
              ),
            );
          },
        });
      }),
  });
  return { queue, runs, mostRunning: () => mostRunning, clashes: () => clashes };
}

describe("batch queue", () => {
  test("a caller alone runs alone; callers arriving while it runs go together in the next run", async () => {
    const { queue, runs } = recorded(10, 1);
    const first = queue.submit("clinic", { n: 1, who: "a" });
    await nextTurn();
    assert.equal(runs.length, 1);
    assert.deepEqual(
      runs[0]!.items.map((i) => i.n),
      [1],
    );
    const later = [2, 3, 4].map((n) => queue.submit("clinic", { n, who: `p${n}` }));
    await nextTurn();
    assert.equal(runs.length, 1, "the second run waits for the first");
    runs[0]!.finish();
    assert.equal(await first, "clinic:1");
    await until(() => runs.length === 2);
    assert.deepEqual(
      runs[1]!.items.map((i) => i.n),
      [2, 3, 4],
    );
    runs[1]!.finish();
    assert.deepEqual(await Promise.all(later), ["clinic:2", "clinic:3", "clinic:4"]);
  });

  test("a second run starts beside a running one only once enough are waiting", async () => {
    const runs: { items: number[]; finish: () => void }[] = [];
    const queue = new BatchQueue<number, number>({
      maxBatch: 10,
      maxRunning: 2,
      minBatchBeside: 3,
      run: (_key, items) =>
        new Promise((resolve) => {
          runs.push({ items, finish: () => resolve(items.map((value) => ({ ok: true, value }))) });
        }),
    });
    const answers = [queue.submit("k", 1)];
    await until(() => runs.length === 1);
    answers.push(queue.submit("k", 2), queue.submit("k", 3));
    await nextTurn();
    await nextTurn();
    assert.equal(runs.length, 1, "two waiting: they wait for the running one");
    answers.push(queue.submit("k", 4));
    await until(() => runs.length === 2);
    assert.deepEqual(runs[1]!.items, [2, 3, 4]);
    for (const r of runs) r.finish();
    assert.deepEqual(await Promise.all(answers), [1, 2, 3, 4]);
  });

  test("one item's failure is its own; a run that throws fails only its items", async () => {
    const queue = new BatchQueue<Item, number>({
      maxBatch: 10,
      maxRunning: 1,
      run: async (_key, items) => {
        if (items.some((i) => i.who === "boom")) throw new Error("the run failed");
        return items.map((i) => (i.fail ? { ok: false, error: new Error("no") } : { ok: true, value: i.n }));
      },
    });
    const results = await Promise.allSettled([
      queue.submit("k", { n: 1, who: "a" }),
      queue.submit("k", { n: 2, who: "b", fail: true }),
      queue.submit("k", { n: 3, who: "c" }),
    ]);
    assert.deepEqual(
      results.map((r) => r.status),
      ["fulfilled", "rejected", "fulfilled"],
    );
    await assert.rejects(queue.submit("k", { n: 4, who: "boom" }), /the run failed/);
    assert.equal(await queue.submit("k", { n: 5, who: "a" }), 5, "the queue goes on after a failed run");
  });

  test("keys are independent: one clinic's run does not hold another's", async () => {
    const { queue, runs } = recorded(10, 1);
    const a = queue.submit("clinic-a", { n: 1, who: "x" });
    const b = queue.submit("clinic-b", { n: 2, who: "x" });
    await nextTurn();
    assert.deepEqual(runs.map((r) => r.key).sort(), ["clinic-a", "clinic-b"]);
    for (const r of runs) r.finish();
    assert.deepEqual(await Promise.all([a, b]), ["clinic-a:1", "clinic-b:2"]);
  });

  test("property: every item is answered once with its own outcome; runs respect the size, the number running and the conflict keys", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 3 }),
        // Waves of submissions (who, fails?), with runs finishing between waves in a random order.
        fc.array(
          fc.record({
            items: fc.array(fc.record({ who: fc.constantFrom("a", "b", "c", "d"), fail: fc.boolean() }), {
              maxLength: 8,
            }),
            finish: fc.array(fc.nat(), { maxLength: 4 }),
          }),
          { minLength: 1, maxLength: 6 },
        ),
        async (maxBatch, maxRunning, waves) => {
          const { queue, runs, mostRunning, clashes } = recorded(maxBatch, maxRunning);
          const finished = new Set<number>();
          const answers: Promise<PromiseSettledResult<string>>[] = [];
          const expected: Item[] = [];
          let n = 0;
          const finishOne = (pick: number) => {
            const open = runs.map((_, i) => i).filter((i) => !finished.has(i));
            if (open.length === 0) return false;
            const i = open[pick % open.length]!;
            finished.add(i);
            runs[i]!.finish();
            return true;
          };
          for (const wave of waves) {
            for (const w of wave.items) {
              const item = { n: n++, ...w };
              expected.push(item);
              answers.push(
                queue.submit("k", item).then(
                  (value) => ({ status: "fulfilled" as const, value }),
                  (reason: unknown) => ({ status: "rejected" as const, reason }),
                ),
              );
            }
            await nextTurn();
            for (const pick of wave.finish) {
              finishOne(pick);
              await nextTurn();
            }
          }
          // Drain: finish whatever is open until every item is answered.
          let answered = 0;
          for (const a of answers) void a.then(() => answered++);
          for (let guard = 0; guard < 1000 && answered < answers.length; guard++) {
            finishOne(0);
            await nextTurn();
          }
          const settled = await Promise.all(answers);
          settled.forEach((s, i) => {
            const item = expected[i]!;
            if (item.fail) assert.equal(s.status, "rejected");
            else assert.deepEqual(s, { status: "fulfilled", value: `k:${item.n}` });
          });
          const seen = runs.flatMap((r) => r.items.map((i) => i.n)).sort((x, y) => x - y);
          assert.deepEqual(
            seen,
            expected.map((i) => i.n),
            "each item ran exactly once",
          );
          for (const r of runs) {
            assert.ok(r.items.length >= 1 && r.items.length <= maxBatch);
            assert.equal(
              new Set(r.items.map((i) => i.who)).size,
              r.items.length,
              "no conflict key twice in a run",
            );
          }
          assert.ok(mostRunning() <= maxRunning);
          assert.equal(clashes(), 0, "items of one conflict key never run at the same time");
        },
      ),
      { numRuns: 150 },
    );
  });
});
