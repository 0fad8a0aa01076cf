/**
 * The background lane of finished runs: what a run still owes once its stream has ended (vector index, spend
 * totals, metrics) runs here, at a lower priority than the ends of other
 * streams. Work a client is waiting for (what a terminal event promises: the stored generation, the budget
 * unit) runs through `urgent`; a deferred task does not start while urgent work is running, unless it has
 * waited `maxDelayMs`; with no urgent work it starts at once. At most
 * `concurrency` tasks run at once. `start` runs a task at once that nobody should wait for (the provider
 * slot's release). `drain()` waits until every task has run (shutdown).
 *
 * Work that only needs doing some time (the vector index: its CPU-heavy sentence encoding) is deferred
 * `whenIdle`: it also waits while any stream is open (`streamOpened`), so a burst of streams is not slowed by
 * the encodings of those that ended, up to `idleDelayMs`, after which it runs anyway (under load that never
 * pauses, it runs that much later). Queued together, such encodings are batched by the encoder.
 */
import { log } from "../platform/logger.ts";

/** Options of a lane. */
export interface BackgroundLaneOptions {
  /** Deferred tasks running at once (default 4). */
  concurrency?: number;
  /** Longest a deferred task waits behind urgent work (default 250 ms). */
  maxDelayMs?: number;
  /** Longest a `whenIdle` task waits for no stream to be open and no urgent work (default 2,000 ms). */
  idleDelayMs?: number;
  /**
   * `whenIdle` tasks running at once (default 16, apart from `concurrency`): the sentence encoder batches the
   * encodings queued together (up to 16 a model call), which costs about half the CPU of one at a time.
   */
  idleConcurrency?: number;
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
  readonly #idleDelayMs: number;
  readonly #idleConcurrency: number;
  readonly #queue = new TaskQueue();
  readonly #idleQueue = new TaskQueue();
  #running = 0;
  #runningIdle = 0;
  #urgent = 0;
  #open = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  readonly #idle = new Set<() => void>();

  constructor(options: BackgroundLaneOptions = {}) {
    this.#concurrency = Math.max(1, options.concurrency ?? 4);
    this.#maxDelayMs = Math.max(0, options.maxDelayMs ?? 250);
    this.#idleDelayMs = Math.max(0, options.idleDelayMs ?? 2_000);
    this.#idleConcurrency = Math.max(1, options.idleConcurrency ?? 16);
  }

  /** Tasks queued or running. */
  get pending(): number {
    return this.#queue.size + this.#idleQueue.size + this.#running + this.#runningIdle;
  }

  /** A stream is open until the returned function is called (once; later calls do nothing). */
  streamOpened(): () => void {
    this.#open++;
    let closed = false;
    return () => {
      if (closed) return;
      closed = true;
      this.#open--;
      this.#pump();
    };
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
    void this.#start({ run: task, what, queuedAt: performance.now() });
  }

  /**
   * Queues `task` (`what` names it in the log when it fails). With `whenIdle`, it also waits while a stream
   * is open (see the module comment).
   */
  defer(what: string, task: () => Promise<void> | void, options: { whenIdle?: boolean } = {}): void {
    (options.whenIdle ? this.#idleQueue : this.#queue).push({ run: task, what, queuedAt: performance.now() });
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
    const now = performance.now();
    // The earliest moment a waiting task may start although the lane is still busy.
    let wakeAt = Infinity;
    const take = (queue: TaskQueue, idle: boolean, busy: boolean, maxDelayMs: number) => {
      while (
        (idle ? this.#runningIdle < this.#idleConcurrency : this.#running < this.#concurrency) && queue.size
      ) {
        const task = queue.peek();
        if (busy && now - task.queuedAt < maxDelayMs) {
          wakeAt = Math.min(wakeAt, task.queuedAt + maxDelayMs);
          return;
        }
        queue.shift();
        void this.#start(task, idle);
      }
    };
    take(this.#queue, false, this.#urgent > 0, this.#maxDelayMs);
    take(this.#idleQueue, true, this.#urgent > 0 || this.#open > 0, this.#idleDelayMs);
    if (wakeAt !== Infinity) {
      // Tried again when the urgent work is done or a stream closes (#pump), or when a task has waited enough.
      this.#timer = setTimeout(() => {
        this.#timer = undefined;
        this.#pump();
      }, Math.max(0, Math.ceil(wakeAt - now)));
    }
    if (this.pending === 0) {
      const waiters = [...this.#idle];
      this.#idle.clear();
      for (const wake of waiters) wake();
    }
  }

  async #start(task: Task, idle = false): Promise<void> {
    if (idle) this.#runningIdle++;
    else this.#running++;
    try {
      await task.run();
    } catch (err) {
      log.error("background task failed", { task: task.what, error: err });
    } finally {
      if (idle) this.#runningIdle--;
      else this.#running--;
      this.#pump();
    }
  }
}

/** A FIFO of tasks with an O(1) shift (a head index, compacted now and then). */
class TaskQueue {
  #items: Task[] = [];
  #head = 0;

  get size(): number {
    return this.#items.length - this.#head;
  }

  push(task: Task): void {
    this.#items.push(task);
  }

  peek(): Task {
    return this.#items[this.#head];
  }

  shift(): Task {
    const task = this.#items[this.#head++];
    if (this.#head > 1024 && this.#head * 2 > this.#items.length) {
      this.#items.splice(0, this.#head);
      this.#head = 0;
    }
    return task;
  }
}
