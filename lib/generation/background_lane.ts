/**
 * The background lane of finished runs: what a run still owes once its stream has ended (vector index, spend
 * totals, metrics) runs here, at a lower priority than the ends of other
 * streams. Work a client is waiting for (what a terminal event promises: the stored generation, the budget
 * unit) runs through `urgent`; a deferred task does not start while urgent work is running, unless it has
 * waited `maxDelayMs`; with no urgent work it starts at once. At most
 * `concurrency` tasks run at once. `start` runs a task at once that nobody should wait for (the provider
 * slot's release). `drain()` waits until every task has run (shutdown).
 */
import { log } from "../platform/logger.ts";

/** Options of a lane. */
export interface BackgroundLaneOptions {
  /** Deferred tasks running at once (default 4). */
  concurrency?: number;
  /** Longest a deferred task waits behind urgent work (default 250 ms). */
  maxDelayMs?: number;
}

interface Task {
  run: () => Promise<void> | void;
  what: string;
  queuedAt: number;
}

/** See the module comment. */
export class BackgroundLane {
  readonly #concurrency: number;
  readonly #maxDelayMs: number;
  readonly #queue: Task[] = [];
  #head = 0;
  #running = 0;
  #urgent = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  readonly #idle = new Set<() => void>();

  constructor(options: BackgroundLaneOptions = {}) {
    this.#concurrency = Math.max(1, options.concurrency ?? 4);
    this.#maxDelayMs = Math.max(0, options.maxDelayMs ?? 250);
  }

  /** Tasks queued or running. */
  get pending(): number {
    return this.#queue.length - this.#head + this.#running;
  }

  /** Runs `work` now; deferred tasks wait while it runs. */
  async urgent<T>(work: () => Promise<T>): Promise<T> {
    this.#urgent++;
    try {
      return await work();
    } finally {
      this.#urgent--;
      this.#pump();
    }
  }

  /** Starts `task` at once, not deferred and not awaited by the caller; `drain()` waits for it too. */
  start(what: string, task: () => Promise<void> | void): void {
    this.#running++;
    void this.#start({ run: task, what, queuedAt: performance.now() });
  }

  /** Queues `task` (`what` names it in the log when it fails). */
  defer(what: string, task: () => Promise<void> | void): void {
    this.#queue.push({ run: task, what, queuedAt: performance.now() });
    this.#pump();
  }

  /** Resolves once no task is queued or running. */
  async drain(): Promise<void> {
    while (this.pending > 0) await new Promise<void>((resolve) => this.#idle.add(resolve));
  }

  #pump(): void {
    if (this.#timer !== undefined) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
    while (this.#running < this.#concurrency && this.#head < this.#queue.length) {
      const task = this.#queue[this.#head];
      const waited = performance.now() - task.queuedAt;
      if (this.#urgent > 0 && waited < this.#maxDelayMs) {
        // Try again when the urgent work is done (#pump from `urgent`) or when the task has waited enough.
        if (this.#timer === undefined) {
          this.#timer = setTimeout(() => {
            this.#timer = undefined;
            this.#pump();
          }, Math.ceil(this.#maxDelayMs - waited));
        }
        return;
      }
      this.#head++;
      if (this.#head > 1024 && this.#head * 2 > this.#queue.length) {
        this.#queue.splice(0, this.#head);
        this.#head = 0;
      }
      this.#running++;
      void this.#start(task);
    }
    if (this.pending === 0) {
      const waiters = [...this.#idle];
      this.#idle.clear();
      for (const wake of waiters) wake();
    }
  }

  async #start(task: Task): Promise<void> {
    try {
      await task.run();
    } catch (err) {
      log.error("background task failed", { task: task.what, error: err });
    } finally {
      this.#running--;
      this.#pump();
    }
  }
}
