/**
 * Shared shape of a benchmark. Each `bench/*.bench.ts` default-exports a function that
 * measures one or more figures, each beside a baseline measured in the same run on the
 * same machine, so that the ratio means something on a shared, noisy box.
 */
export interface Figure {
  name: string;
  value: number;
  unit: string;
  baseline: string;
  baselineValue: number;
}

export interface BenchContext {
  /** `--quick`: the whole run must finish in under a minute. */
  quick: boolean;
  /**
   * `--smoke`: each bench does a few iterations only, to prove that it still runs and reports its
   * figures; the figures mean nothing then. (`quick` is true too.)
   */
  smoke: boolean;
  /** Print progress for humans (false in `--json` mode). */
  log: (line: string) => void;
}

export type Bench = (ctx: BenchContext) => Promise<Figure[]>;

/** Runs `fn` repeatedly for about `ms` milliseconds and returns operations per second. */
export async function opsPerSecond(fn: () => unknown | Promise<unknown>, ms: number): Promise<number> {
  let ops = 0;
  const start = performance.now();
  let now = start;
  while (now - start < ms) {
    for (let i = 0; i < 100; i++) await fn();
    ops += 100;
    now = performance.now();
  }
  return (ops * 1000) / (now - start);
}

/** Same as opsPerSecond for synchronous work, without awaiting (no microtask cost per op). */
export function opsPerSecondSync(fn: () => unknown, ms: number): number {
  let ops = 0;
  const start = performance.now();
  let now = start;
  while (now - start < ms) {
    for (let i = 0; i < 1000; i++) fn();
    ops += 1000;
    now = performance.now();
  }
  return (ops * 1000) / (now - start);
}
