/**
 * Group commit under versionstamp checks, the one pattern behind the budget, the rate limiter and the provider
 * gate: callers that arrive while a KV transaction is in flight wait and are committed together in the next
 * one, so hundreds of concurrent callers cost a handful of transactions, and each transaction `.check()`s the
 * versionstamps it read so another process that wrote in between makes it fail and retry.
 *
 *  - `GroupCommit` queues the callers and runs one `commit(batch)` at a time;
 *  - `retryOnConflict` repeats one read-check-write attempt until its checks hold, with a short random pause
 *    after a few lost rounds so contenders from several processes spread apart.
 */

/** A per-item failure inside a batch that otherwise committed (the item's caller gets `error`). */
export class ItemFailure {
  constructor(readonly error: unknown) {}
}

/** Options of a {@link GroupCommit}. */
export interface GroupCommitOptions<Item, Result> {
  /** Items per transaction (KV allows 100 checks and 1,000 mutations per atomic operation). */
  maxBatch: number;
  /**
   * Commits one batch and answers each item in order (an {@link ItemFailure} rejects that item only). A throw
   * rejects every item of the batch.
   */
  commit: (batch: Item[]) => Promise<(Result | ItemFailure)[]>;
  /**
   * An item's share of a transaction's size limit (e.g. its bytes); a batch stops before its total would pass
   * `maxWeight` (its first item always goes). Default: every item weighs nothing.
   */
  weightOf?: (item: Item) => number;
  /** Most total weight per transaction (with `weightOf`). */
  maxWeight?: number;
  /** Items with the same id never share a batch (the later one waits for the next). Default: no such rule. */
  idOf?: (item: Item) => string;
  /**
   * `microtask` (default): the first caller's transaction starts after the current task's other callers have
   * joined it. `now`: it starts at once (callers that come later join the next one).
   */
  start?: "microtask" | "now";
  /** Called when the queue is empty again (e.g. to drop a per-client instance). */
  onIdle?: () => void;
}

interface Pending<Item, Result> {
  item: Item;
  resolve(result: Result): void;
  reject(err: unknown): void;
}

/** Callers queue up; one transaction at a time commits a whole batch of them. */
export class GroupCommit<Item, Result> {
  #queue: Pending<Item, Result>[] = [];
  #running = false;

  constructor(readonly options: GroupCommitOptions<Item, Result>) {}

  /** Items waiting for a transaction. */
  get waiting(): number {
    return this.#queue.length;
  }

  /** Queues `item` for the next transaction; resolves with its answer. */
  submit(item: Item): Promise<Result> {
    return new Promise<Result>((resolve, reject) => {
      this.#queue.push({ item, resolve, reject });
      if (this.#running) return;
      this.#running = true;
      if (this.options.start === "now") this.#drain();
      else queueMicrotask(() => this.#drain());
    });
  }

  async #drain(): Promise<void> {
    try {
      while (this.#queue.length > 0) {
        const batch = this.#take();
        try {
          const results = await this.options.commit(batch.map((p) => p.item));
          batch.forEach((p, i) => {
            const r = results[i];
            if (r instanceof ItemFailure) p.reject(r.error);
            else p.resolve(r as Result);
          });
        } catch (err) {
          for (const p of batch) p.reject(err);
        }
      }
    } finally {
      this.#running = false;
      if (this.#queue.length > 0) {
        this.#running = true;
        queueMicrotask(() => this.#drain());
      } else this.options.onIdle?.();
    }
  }

  /** The next batch: up to `maxBatch` items within `maxWeight`, one per id when ids are given. */
  #take(): Pending<Item, Result>[] {
    const { maxBatch, idOf, weightOf, maxWeight = Infinity } = this.options;
    if (!idOf && !weightOf) return this.#queue.splice(0, maxBatch);
    const batch: Pending<Item, Result>[] = [];
    const rest: Pending<Item, Result>[] = [];
    const ids = new Set<string>();
    let weight = 0;
    for (const p of this.#queue) {
      const id = idOf?.(p.item);
      const w = weightOf?.(p.item) ?? 0;
      const fits = batch.length === 0 || weight + w <= maxWeight;
      if (batch.length < maxBatch && fits && (id === undefined || !ids.has(id))) {
        if (id !== undefined) ids.add(id);
        weight += w;
        batch.push(p);
      } else rest.push(p);
    }
    this.#queue = rest;
    return batch;
  }
}

/** What one attempt of {@link retryOnConflict} answers when its versionstamp checks failed. */
export const CONFLICT: unique symbol = Symbol("conflict");

/**
 * Runs `attempt` (read, check, write) until it returns something other than {@link CONFLICT}. After the third
 * lost round each retry first pauses 0–20 ms at random. `onConflict` counts the lost rounds (stats).
 */
export async function retryOnConflict<T>(
  attempt: (n: number) => Promise<T | typeof CONFLICT>,
  onConflict?: () => void,
): Promise<T> {
  for (let n = 0;; n++) {
    const result = await attempt(n);
    if (result !== CONFLICT) return result as T;
    onConflict?.();
    if (n > 2) await new Promise((r) => setTimeout(r, Math.random() * Math.min(20, n)));
  }
}
