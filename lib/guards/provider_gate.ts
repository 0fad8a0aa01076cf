/**
 * Upstream protection: at most `concurrency` generations in flight per provider across ALL processes that
 * share the KV store, and an in-process priority queue for the requests beyond it.
 *
 * Slots are KV leases: slot `i` of provider `p` is the key `["provider_slots", p, i]` (0 ≤ i < concurrency)
 * holding `{ holder, expiresAt }`. A process takes a free or expired slot with a versionstamp-checked atomic
 * set, renews it every `leaseMs / 3` while the generation runs, and deletes it (checked) when done. A process
 * that dies leaves its slot to expire after `leaseMs` (default 30 s); the key also carries `expireIn` so KV
 * cleans it up eventually.
 *
 * Queue: per provider, ordered by plan (enterprise > pro > starter > free > anonymous), FIFO within a plan.
 * At most `maxQueue` waiters (beyond that: QueueError `queue_full`), each waits at most `maxWaitMs` (then
 * `queue_timeout`). A waiter sees `queued` events `{position, etaSeconds}` whenever its position changes and
 * every `queuedEveryMs` otherwise. Only the head of the queue polls KV for a slot (every `pollMs`, and at
 * once when a slot of this process is released), so order within the process is kept.
 */
import type { ErrorEvent, GenerationEvent, QueuedEvent, StartEvent } from "../protocol/events.ts";
import type { GenerationOutcome } from "../generation/run.ts";
import type { AppMetrics } from "../platform/metrics.ts";
import type { ClientPlan } from "./rate_limit.ts";
import { guardKv, KvUnavailableError } from "../platform/with_timeout.ts";

/** Queue priority: the client's plan. */
export type Priority = ClientPlan;

/** Priority rank (lower goes first). */
export const PRIORITY_RANK: Record<Priority, number> = {
  enterprise: 0,
  pro: 1,
  starter: 2,
  free: 3,
  anonymous: 4,
};

/** A refusal by the queue. */
export class QueueError extends Error {
  constructor(
    readonly code: "queue_full" | "queue_timeout",
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
    this.name = "QueueError";
  }
}

/** A held provider slot; `release` is idempotent. */
export interface Slot {
  provider: string;
  index: number;
  release(): Promise<void>;
}

/** Options of ProviderGate. */
export interface ProviderGateOptions {
  kv: Deno.Kv;
  /** Slots per provider across all processes (PROVIDER_CONCURRENCY). */
  concurrency: number;
  /** Waiters per provider in this process (QUEUE_MAX_LENGTH). */
  maxQueue: number;
  /** Longest wait in milliseconds (QUEUE_MAX_WAIT_SECONDS × 1000). */
  maxWaitMs: number;
  /** Slot lease in milliseconds (default 30 000). */
  leaseMs?: number;
  /** How often the queue head polls KV for a slot freed by another process (default 150 ms). */
  pollMs?: number;
  /** How often a waiter is re-told its position when nothing changes (default 2 000 ms). */
  queuedEveryMs?: number;
  /** Bound on each KV call (default 2 000 ms). */
  kvTimeoutMs?: number;
  metrics?: AppMetrics;
}

/** How `admit` answered. */
export type GateAdmission =
  | { kind: "slot"; slot: Slot }
  | { kind: "queued"; ticket: QueueTicket };

interface SlotValue {
  holder: string;
  expiresAt: number;
}

interface Waiter {
  rank: number;
  seq: number;
  enqueuedAt: number;
  slot?: Slot;
  error?: unknown;
  wake: () => void;
  settled: boolean;
  /** Hands the waiter a slot and takes it out of the queue. */
  deliver: (slot: Slot) => void;
  /** Ends the wait with an error and takes it out of the queue. */
  fail: (err: unknown) => void;
}

interface ProviderState {
  queue: Waiter[];
  /** Pumps in a row that failed on KV; waiters fail after MAX_PUMP_FAILURES. */
  failures: number;
  pumping: boolean;
  again: boolean;
  timer?: ReturnType<typeof setTimeout>;
  held: number;
  /** Indices of the slots this process holds or is taking: never probed again while they are. */
  mine: Set<number>;
  /** Exponentially weighted mean of slot hold times, seconds. */
  avgHoldSeconds: number;
}

/** A queued request: iterate `wait()` for `queued` events; its return value is the slot. */
export interface QueueTicket {
  /** Yields `queued` events until a slot is free; returns it. Throws QueueError or the abort reason. */
  wait(): AsyncGenerator<QueuedEvent, Slot>;
  /** The current 1-based position (0 once out of the queue). */
  position(): number;
  /** Leaves the queue; a pending `wait()` throws `reason`. */
  cancel(reason?: unknown): void;
}

/** The cross-process concurrency cap with its in-process priority queue. */
export class ProviderGate {
  readonly leaseMs: number;
  readonly pollMs: number;
  readonly queuedEveryMs: number;
  #states = new Map<string, ProviderState>();
  #seq = 0;
  #closed = false;
  #holder = crypto.randomUUID();
  /** Checked slot writes waiting for the commit in flight (group commit, see `#checkedSet`). */
  #pendingSets: PendingSet[] = [];
  #committing = false;

  constructor(readonly options: ProviderGateOptions) {
    this.leaseMs = options.leaseMs ?? 30_000;
    this.pollMs = options.pollMs ?? 150;
    this.queuedEveryMs = options.queuedEveryMs ?? 2_000;
  }

  #state(provider: string): ProviderState {
    let s = this.#states.get(provider);
    if (!s) {
      this.#states.set(
        provider,
        s = {
          queue: [],
          failures: 0,
          pumping: false,
          again: false,
          held: 0,
          mine: new Set(),
          avgHoldSeconds: 10,
        },
      );
    }
    return s;
  }

  /**
   * One bounded KV call. Errors (not timeouts) are retried twice after a short random pause (lock contention
   * on a shared file is already retried by the KV handle, lib/platform/kv/open_kv.ts).
   */
  async #kv<T>(op: string, fn: () => Promise<T>): Promise<T> {
    for (let attempt = 0;; attempt++) {
      try {
        return await guardKv(op, fn, {
          ms: this.options.kvTimeoutMs,
          onFailure: (o, reason) => this.options.metrics?.kvFailure(o, reason),
        });
      } catch (err) {
        if (attempt >= 2 || !(err instanceof KvUnavailableError) || err.reason === "timeout") throw err;
        await new Promise((r) => setTimeout(r, 5 + Math.random() * 25 * (attempt + 1)));
      }
    }
  }

  /** Waiters in this process for `provider`. */
  queueLength(provider: string): number {
    return this.#states.get(provider)?.queue.length ?? 0;
  }

  /** Slots of `provider` held by this process. */
  held(provider: string): number {
    return this.#states.get(provider)?.held ?? 0;
  }

  /** Slots of `provider` currently held by any process (unexpired leases). */
  async inFlight(provider: string): Promise<number> {
    const now = Date.now();
    let n = 0;
    const entries = await this.#kv("gate.list", () => listSlots(this.options.kv, provider));
    for (const e of entries) if (e.index < this.options.concurrency && e.value.expiresAt > now) n++;
    return n;
  }

  /** Takes a free slot now, or returns null. Throws KvUnavailableError when KV fails. */
  async tryAcquire(provider: string): Promise<Slot | null> {
    const { kv, concurrency } = this.options;
    const now = Date.now();
    // `mine`: the slots this process holds or is taking right now. They are skipped without asking KV, and
    // when they are all ours there is nothing to ask. Without this, n admissions at once in one process
    // would race for the same slots and fall back to listing every slot: O(n²) KV reads and garbage.
    const mine = this.#state(provider).mine;
    if (mine.size >= concurrency) return null;
    // Up to 10 slots: read them all in one getMany. More: probe a few random slots not held here first
    // (cheap when the cap is far from reached), and list them all only when the probes found none free.
    if (concurrency > 10) {
      const tried = new Set<number>();
      for (let k = 0; k < 4 && mine.size + tried.size < concurrency; k++) {
        let index = Math.floor(Math.random() * concurrency);
        while (mine.has(index) || tried.has(index)) index = (index + 1) % concurrency;
        tried.add(index);
        const slot = await this.#claim(provider, index, async () => {
          const entry = await this.#kv("gate.get", () => kv.get<SlotValue>(slotKey(provider, index)));
          const value = entry.value as Partial<SlotValue> | null;
          if (value && typeof value.expiresAt === "number" && value.expiresAt > now) return null;
          return await this.#take(provider, index, entry.versionstamp, now);
        });
        if (slot) return slot;
      }
    }
    const entries = concurrency <= 10
      ? await this.#kv("gate.getMany", () => getSlots(kv, provider, concurrency))
      : await this.#kv("gate.list", () => listSlots(kv, provider));
    const byIndex = new Map(entries.map((e) => [e.index, e]));
    const startAt = Math.floor(Math.random() * concurrency);
    for (let k = 0; k < concurrency; k++) {
      const index = (startAt + k) % concurrency;
      const current = byIndex.get(index);
      if (mine.has(index) || (current && current.value.expiresAt > now)) continue;
      const slot = await this.#claim(
        provider,
        index,
        () => this.#take(provider, index, current?.versionstamp ?? null, now),
      );
      if (slot) return slot;
    }
    return null;
  }

  /** Marks slot `index` as being taken by this process while `take` runs; unmarks it unless taken. */
  async #claim(provider: string, index: number, take: () => Promise<Slot | null>): Promise<Slot | null> {
    const mine = this.#state(provider).mine;
    mine.add(index);
    let slot: Slot | null = null;
    try {
      slot = await take();
      return slot;
    } finally {
      if (!slot) mine.delete(index);
    }
  }

  /** Takes slot `index` if it is still at `versionstamp` (null = absent). */
  async #take(
    provider: string,
    index: number,
    versionstamp: string | null,
    now: number,
  ): Promise<Slot | null> {
    const key = slotKey(provider, index);
    const value: SlotValue = { holder: this.#holder, expiresAt: now + this.leaseMs };
    const stamp = await this.#checkedSet("gate.acquire", key, versionstamp, value);
    return stamp !== null ? this.#holdSlot(provider, index, stamp) : null;
  }

  /**
   * Sets slot `key` to `value` if it is still at `versionstamp` (null = absent); resolves to the new
   * versionstamp, or null when the check failed. Group commit: a write requested while another commit is in
   * flight waits for it and is committed with the others that waited, up to {@link SETS_PER_COMMIT} checks
   * and sets in one atomic operation. When a group's checks fail (another process changed one of its slots),
   * its writes are committed one by one so each learns its own result. Hundreds of streams admitted (or
   * renewed) at once thus cost a handful of KV commits instead of one each.
   */
  #checkedSet(
    op: string,
    key: Deno.KvKey,
    versionstamp: string | null,
    value: SlotValue,
  ): Promise<string | null> {
    return new Promise((resolve, reject) => {
      this.#pendingSets.push({ op, key, id: JSON.stringify(key), versionstamp, value, resolve, reject });
      if (!this.#committing) this.#flushSets();
    });
  }

  async #flushSets(): Promise<void> {
    this.#committing = true;
    try {
      while (this.#pendingSets.length > 0) {
        // One write per key in a group (a second write of the same key waits for the next group).
        const batch: PendingSet[] = [];
        const ids = new Set<string>();
        const rest: PendingSet[] = [];
        for (const p of this.#pendingSets) {
          if (batch.length < SETS_PER_COMMIT && !ids.has(p.id)) {
            ids.add(p.id);
            batch.push(p);
          } else rest.push(p);
        }
        this.#pendingSets = rest;
        await this.#commitSets(batch);
      }
    } finally {
      this.#committing = false;
    }
  }

  async #commitSets(batch: PendingSet[]): Promise<void> {
    const commit = (items: PendingSet[]) =>
      this.#kv(items.length === 1 ? items[0].op : "gate.commit", () => {
        const atomic = this.options.kv.atomic();
        for (const p of items) atomic.check({ key: p.key, versionstamp: p.versionstamp });
        for (const p of items) atomic.set(p.key, p.value, { expireIn: this.leaseMs * 2 });
        return atomic.commit();
      });
    if (batch.length > 1) {
      try {
        const res = await commit(batch);
        if (res.ok) {
          for (const p of batch) p.resolve(res.versionstamp);
          return;
        }
      } catch (err) {
        for (const p of batch) p.reject(err);
        return;
      }
    }
    for (const p of batch) {
      try {
        const res = await commit([p]);
        p.resolve(res.ok ? res.versionstamp : null);
      } catch (err) {
        p.reject(err);
      }
    }
  }

  #holdSlot(provider: string, index: number, versionstamp: string): Slot {
    const { kv } = this.options;
    const state = this.#state(provider);
    const key = slotKey(provider, index);
    const takenAt = performance.now();
    let stamp = versionstamp;
    let released = false;
    state.held++;
    state.mine.add(index);
    this.options.metrics?.providerInFlight.set({ provider }, state.held);
    const renew = setInterval(async () => {
      try {
        const renewed = await this.#checkedSet("gate.renew", key, stamp, {
          holder: this.#holder,
          expiresAt: Date.now() + this.leaseMs,
        });
        if (renewed !== null) stamp = renewed;
      } catch {
        // KV hiccup: the lease may lapse; the next renewal tries again.
      }
    }, Math.max(50, Math.floor(this.leaseMs / 3)));
    return {
      provider,
      index,
      release: async () => {
        if (released) return;
        released = true;
        clearInterval(renew);
        state.held--;
        state.mine.delete(index);
        this.options.metrics?.providerInFlight.set({ provider }, state.held);
        const held = (performance.now() - takenAt) / 1000;
        state.avgHoldSeconds = state.avgHoldSeconds * 0.8 + held * 0.2;
        try {
          await this.#kv(
            "gate.release",
            () => kv.atomic().check({ key, versionstamp: stamp }).delete(key).commit(),
          );
        } catch {
          // The lease expires by itself.
        }
        this.#pump(provider);
      },
    };
  }

  /**
   * Admits a request for `provider`: a slot at once when one is free and nobody in this process waits
   * ahead, otherwise a place in the queue. Throws QueueError `queue_full` when the queue is full, and
   * KvUnavailableError when KV fails.
   */
  async admit(provider: string, priority: Priority, signal?: AbortSignal): Promise<GateAdmission> {
    signal?.throwIfAborted();
    const state = this.#state(provider);
    if (state.queue.length === 0) {
      const slot = await this.tryAcquire(provider);
      if (slot) {
        if (signal?.aborted) {
          await slot.release();
          signal.throwIfAborted();
        }
        return { kind: "slot", slot };
      }
    }
    if (state.queue.length >= this.options.maxQueue) {
      this.options.metrics?.queueFull(provider);
      throw new QueueError(
        "queue_full",
        `Too many requests are waiting for the model (${state.queue.length} queued); try again shortly.`,
        Math.max(1, Math.ceil(state.avgHoldSeconds)),
      );
    }
    return { kind: "queued", ticket: this.#enqueue(provider, priority, signal) };
  }

  #enqueue(provider: string, priority: Priority, signal?: AbortSignal): QueueTicket {
    const state = this.#state(provider);
    let wakeResolve: () => void = () => {};
    let wakePromise = new Promise<void>((r) => (wakeResolve = r));
    const w: Waiter = {
      rank: PRIORITY_RANK[priority],
      seq: this.#seq++,
      enqueuedAt: performance.now(),
      settled: false,
      wake: () => wakeResolve(),
      deliver: (slot) => {
        w.slot = slot;
        finish("acquired");
        w.wake();
      },
      fail: (err) => {
        if (w.settled) return;
        w.error = err;
        finish("aborted");
        w.wake();
      },
    };
    // Insert after every waiter of the same or a higher priority (FIFO within a level).
    let at = state.queue.length;
    while (at > 0 && state.queue[at - 1].rank > w.rank) at--;
    state.queue.splice(at, 0, w);
    this.#wakeAll(state);
    this.#publishDepth(provider);

    const finish = (result: "acquired" | "timeout" | "aborted") => {
      if (w.settled) return;
      w.settled = true;
      clearTimeout(timeout);
      signal?.removeEventListener("abort", onAbort);
      const i = state.queue.indexOf(w);
      if (i >= 0) state.queue.splice(i, 1);
      this.#wakeAll(state);
      this.#publishDepth(provider);
      this.options.metrics?.queueWaited(provider, (performance.now() - w.enqueuedAt) / 1000, result);
    };
    const timeout = setTimeout(() => {
      if (w.settled) return;
      w.error = new QueueError(
        "queue_timeout",
        `Waited ${
          Math.round(this.options.maxWaitMs / 1000)
        } s for the model without getting a turn; try again.`,
        Math.max(1, Math.ceil(state.avgHoldSeconds)),
      );
      finish("timeout");
      w.wake();
    }, this.options.maxWaitMs);
    const onAbort = () => w.fail(signal?.reason ?? new DOMException("aborted", "AbortError"));
    signal?.addEventListener("abort", onAbort, { once: true });
    this.#pump(provider);

    const position = () => (w.settled ? 0 : state.queue.indexOf(w) + 1);
    const { queuedEveryMs } = this;
    const { concurrency } = this.options;
    return {
      position,
      cancel: (reason) => w.fail(reason ?? new DOMException("cancelled", "AbortError")),
      async *wait(): AsyncGenerator<QueuedEvent, Slot> {
        let lastPosition = -1;
        let lastEmit = 0;
        let handedOut = false;
        try {
          while (true) {
            if (w.slot) {
              handedOut = true;
              return w.slot;
            }
            if (w.error) throw w.error;
            const pos = position();
            const now = performance.now();
            if (pos !== lastPosition || now - lastEmit >= queuedEveryMs) {
              lastPosition = pos;
              lastEmit = now;
              yield {
                type: "queued",
                position: pos,
                etaSeconds: Math.max(1, Math.ceil((pos / concurrency) * state.avgHoldSeconds)),
              };
              continue;
            }
            const tick = setTimeout(() => wakeResolve(), queuedEveryMs);
            await wakePromise;
            clearTimeout(tick);
            wakePromise = new Promise<void>((r) => (wakeResolve = r));
          }
        } finally {
          if (!w.settled) finish("aborted");
          if (w.slot && !handedOut) await w.slot.release();
        }
      },
    };
  }

  #wakeAll(state: ProviderState) {
    for (const w of state.queue) w.wake();
  }

  #publishDepth(provider: string) {
    this.options.metrics?.queue(provider, this.queueLength(provider));
  }

  /** Hands free slots to the queue head(s); polls while the queue is not empty. */
  #pump(provider: string): void {
    const state = this.#state(provider);
    if (this.#closed) return;
    if (state.pumping) {
      state.again = true;
      return;
    }
    if (state.queue.length === 0) return;
    state.pumping = true;
    if (state.timer) {
      clearTimeout(state.timer);
      state.timer = undefined;
    }
    (async () => {
      try {
        do {
          state.again = false;
          while (state.queue.length > 0 && !this.#closed) {
            const slot = await this.tryAcquire(provider);
            if (!slot) break;
            const head = state.queue[0];
            if (!head) {
              await slot.release();
              break;
            }
            head.deliver(slot);
          }
        } while (state.again && state.queue.length > 0);
        state.failures = 0;
      } catch (err) {
        // KV keeps failing: every waiter of this provider gets the error instead of waiting for the timeout.
        if (++state.failures >= MAX_PUMP_FAILURES) {
          state.failures = 0;
          const error = err instanceof KvUnavailableError
            ? err
            : new KvUnavailableError("gate.pump", "error");
          for (const w of [...state.queue]) w.fail(error);
        }
      } finally {
        state.pumping = false;
        if (state.queue.length > 0 && !this.#closed && !state.timer) {
          state.timer = setTimeout(() => {
            state.timer = undefined;
            this.#pump(provider);
          }, this.pollMs);
        }
      }
    })();
  }

  /** Stops polling (waiters time out or are aborted by their callers). */
  close(): void {
    this.#closed = true;
    for (const s of this.#states.values()) {
      if (s.timer) clearTimeout(s.timer);
      s.timer = undefined;
    }
  }
}

/** Checked slot writes per atomic commit (Deno KV allows 100 checks per atomic operation). */
const SETS_PER_COMMIT = 100;

/** A slot write waiting for its group commit. */
interface PendingSet {
  /** Operation name for KV failure metrics. */
  op: string;
  key: Deno.KvKey;
  /** The key, serialized: one write per key in a group. */
  id: string;
  versionstamp: string | null;
  value: SlotValue;
  resolve: (versionstamp: string | null) => void;
  reject: (err: unknown) => void;
}

/** Failed pumps in a row (each already retried) before the waiters are failed with kv_unavailable. */
const MAX_PUMP_FAILURES = 5;

function slotKey(provider: string, index: number): Deno.KvKey {
  return ["provider_slots", provider, index];
}

function toSlot(index: number, v: Partial<SlotValue> | null, versionstamp: string) {
  // A hand-edited or corrupt slot counts as expired, so it is taken over (checked on its versionstamp).
  const expiresAt = v && typeof v.expiresAt === "number" ? v.expiresAt : 0;
  return { index, value: { holder: String(v?.holder ?? ""), expiresAt }, versionstamp };
}

async function getSlots(
  kv: Deno.Kv,
  provider: string,
  concurrency: number,
): Promise<{ index: number; value: SlotValue; versionstamp: string }[]> {
  const keys = Array.from({ length: concurrency }, (_, i) => slotKey(provider, i));
  const entries = await kv.getMany<SlotValue[]>(keys);
  return entries.flatMap((e, i) =>
    e.versionstamp === null ? [] : [toSlot(i, e.value as Partial<SlotValue> | null, e.versionstamp)]
  );
}

async function listSlots(
  kv: Deno.Kv,
  provider: string,
): Promise<{ index: number; value: SlotValue; versionstamp: string }[]> {
  const out: { index: number; value: SlotValue; versionstamp: string }[] = [];
  for await (const e of kv.list<SlotValue>({ prefix: ["provider_slots", provider] }, { limit: 10_000 })) {
    const index = e.key[2];
    if (typeof index !== "number") continue;
    out.push(toSlot(index, e.value as Partial<SlotValue> | null, e.versionstamp));
  }
  return out;
}

/**
 * Runs a generation behind the gate: when `admission` is a queue ticket, yields its `queued` events until a
 * slot is free (leaving the queue when `runSignal` aborts), then delegates to `run()` and releases the slot
 * however the run ends. A queue timeout or KV failure while waiting ends the stream with `start` (the
 * intended provider) and an `error` event (`queue_timeout` / `kv_unavailable`), and returns an `error`
 * outcome so the finalizers give the budget unit back.
 */
export async function* gatedRun(
  admission: GateAdmission,
  runSignal: AbortSignal,
  run: () => AsyncGenerator<GenerationEvent, GenerationOutcome>,
  intendedStart: StartEvent,
): AsyncGenerator<GenerationEvent, GenerationOutcome> {
  const began = performance.now();
  let slot: Slot | undefined;
  if (admission.kind === "slot") {
    slot = admission.slot;
  } else {
    const ticket = admission.ticket;
    const onAbort = () => ticket.cancel(runSignal.reason);
    runSignal.addEventListener("abort", onAbort, { once: true });
    if (runSignal.aborted) onAbort();
    const waiting = ticket.wait();
    let done = false;
    try {
      while (true) {
        const step = await waiting.next();
        if (step.done) {
          slot = step.value;
          done = true;
          break;
        }
        yield step.value;
      }
    } catch (err) {
      done = true;
      const outcome: GenerationOutcome = {
        status: "aborted",
        start: intendedStart,
        elements: [],
        dropped: 0,
        elapsedMs: performance.now() - began,
      };
      if (runSignal.aborted) return outcome;
      const final: ErrorEvent = err instanceof QueueError
        ? { type: "error", code: err.code, message: err.message, retryable: true }
        : err instanceof KvUnavailableError
        ? { type: "error", code: "kv_unavailable", message: err.message, retryable: true }
        : {
          type: "error",
          code: "internal_error",
          message: "Waiting for the model failed.",
          retryable: true,
        };
      yield intendedStart;
      yield final;
      return { ...outcome, status: "error", final };
    } finally {
      runSignal.removeEventListener("abort", onAbort);
      if (!done) await waiting.return(undefined as never).catch(() => {});
    }
  }
  try {
    return yield* run();
  } finally {
    await slot.release();
  }
}
