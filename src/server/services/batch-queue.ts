/**
 * Natural batching: work of one key that arrives while earlier work of that key is running waits,
 * and goes together in the next run. A caller alone runs at once, alone (no timer, no added wait);
 * under load each run takes everything that queued meanwhile, up to `maxBatch`, so that many
 * callers share one transaction and its fixed costs (begin, shared reads, commit).
 */
export type Outcome<R> = { ok: true; value: R } | { ok: false; error: unknown };

export interface BatchQueueOptions<I, R> {
  /** Most items in one run. */
  maxBatch: number;
  /** Runs of one key at the same time. */
  maxRunning: number;
  /** A run starts beside one already running only with at least this many items waiting. */
  minBatchBeside?: number;
  /** Items with the same conflict key never share a run, nor run at the same time: the later one
   *  waits for a run after the earlier one's. */
  conflictKey?: (item: I) => string;
  /** Runs a batch; answers one outcome per item, in order. A throw fails every item with it. */
  run: (key: string, items: I[]) => Promise<Outcome<R>[]>;
}

interface Queue<I, R> {
  waiting: Waiting<I, R>[];
  running: number;
  /** Conflict keys of the items in running batches. */
  busy: Set<string>;
  /** A run is about to be formed (at the end of this turn of the event loop). */
  scheduled: boolean;
}

interface Waiting<I, R> {
  item: I;
  resolve: (value: R) => void;
  reject: (error: unknown) => void;
}

export class BatchQueue<I, R> {
  readonly #options: BatchQueueOptions<I, R>;
  readonly #keys = new Map<string, Queue<I, R>>();

  constructor(options: BatchQueueOptions<I, R>) {
    this.#options = options;
  }

  submit(key: string, item: I): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      let queue = this.#keys.get(key);
      if (!queue) {
        queue = { waiting: [], running: 0, busy: new Set(), scheduled: false };
        this.#keys.set(key, queue);
      }
      queue.waiting.push({ item, resolve, reject });
      this.#schedule(key, queue);
    });
  }

  /**
   * Forms runs once the current turn of the event loop is over, so that what arrives together
   * (callers answered by one run come back together) goes together, rather than the first of them
   * alone. A lone caller waits for nothing but that turn.
   */
  #schedule(key: string, queue: Queue<I, R>): void {
    if (queue.scheduled) return;
    queue.scheduled = true;
    setImmediate(() => {
      queue.scheduled = false;
      this.#pump(key, queue);
      if (queue.running === 0 && queue.waiting.length === 0) this.#keys.delete(key);
    });
  }

  #pump(key: string, queue: Queue<I, R>): void {
    const { maxBatch, maxRunning, conflictKey } = this.#options;
    while (
      queue.running < maxRunning &&
      queue.waiting.length > 0 &&
      (queue.running === 0 || queue.waiting.length >= (this.#options.minBatchBeside ?? 1))
    ) {
      const batch: Waiting<I, R>[] = [];
      const rest: Waiting<I, R>[] = [];
      const taken: string[] = [];
      for (const w of queue.waiting) {
        const conflict = conflictKey?.(w.item);
        const clash = conflict !== undefined && (queue.busy.has(conflict) || taken.includes(conflict));
        if (batch.length >= maxBatch || clash) rest.push(w);
        else {
          batch.push(w);
          if (conflict !== undefined) taken.push(conflict);
        }
      }
      if (batch.length === 0) return;
      queue.waiting = rest;
      queue.running++;
      for (const k of taken) queue.busy.add(k);
      this.#run(key, batch).finally(() => {
        queue.running--;
        for (const k of taken) queue.busy.delete(k);
        if (queue.waiting.length > 0) this.#schedule(key, queue);
        else if (queue.running === 0 && !queue.scheduled) this.#keys.delete(key);
      });
    }
  }

  async #run(key: string, batch: Waiting<I, R>[]): Promise<void> {
    try {
      const outcomes = await this.#options.run(
        key,
        batch.map((w) => w.item),
      );
      batch.forEach((w, i) => {
        const o = outcomes[i];
        if (!o) w.reject(new Error("batch: no outcome for an item"));
        else if (o.ok) w.resolve(o.value);
        else w.reject(o.error);
      });
    } catch (error) {
      for (const w of batch) w.reject(error);
    }
  }
}

/** The outcome of a promise, never a rejection. */
export const settle = <R>(work: () => Promise<R>): Promise<Outcome<R>> =>
  work().then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
