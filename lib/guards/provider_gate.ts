/**
 * Upstream protection, and only that: at most `concurrency` generations in flight per provider across ALL
 * processes that share the KV store, and an in-process priority queue for the requests beyond it. What a
 * waiting client is told (`queued` events) is the generation pipeline's business (lib/generation/queue_wait.ts).
 *
 * Slots are KV leases: slot `i` of provider `p` is the key `["provider_slots", p, i]` (0 ≤ i < concurrency)
 * holding `{ holder, expiresAt }`. A process takes a free or expired slot with a versionstamp-checked atomic
 * set, renews it every `leaseMs / 3` while the generation runs, and deletes it (checked) when done. A process
 * that dies leaves its slot to expire after `leaseMs` (default 30 s); the key also carries `expireIn` so KV
 * cleans it up eventually. Slot writes are group-committed (lib/platform/kv/group_commit.ts).
 *
 * Queue: per provider, ordered by plan (enterprise > pro > starter > free > anonymous), FIFO within a plan.
 * At most `maxQueue` waiters; when it is full, an arrival of a higher plan evicts the newest waiter of the
 * lowest plan (that waiter gets QueueError `queue_full`), any other arrival is refused with `queue_full`.
 * `shares` caps each plan's part of the queue (e.g. anonymous ≤ 50 %). Each waiter waits at most `maxWaitMs`
 * (then `queue_timeout`). Only the head of the queue polls KV for a slot (every `pollMs`, and at once when a
 * slot of this process is released), so order within the process is kept.
 */
import type { AppMetrics } from "../platform/metrics.ts";
import type { ClientPlan } from "../platform/plans.ts";
import { boundedKv, KvUnavailableError } from "../platform/kv/bounded_kv.ts";
import { GroupCommit, ItemFailure } from "../platform/kv/group_commit.ts";
import { providerSlotKey, providerSlotPrefix } from "../platform/kv/keys.ts";

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

/** A refusal by the queue (a domain value: the pipeline turns it into a `queue_full` / `queue_timeout` refusal). */
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
  /**
   * Largest part of the queue each plan may hold, 0–1 (QUEUE_SHARES); a plan not listed may fill it all.
   * Its waiters beyond `ceil(share × maxQueue)` are refused with `queue_full`.
   */
  shares?: Partial<Record<Priority, number>>;
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
  priority: Priority;
  enqueuedAt: number;
  /** Set once the wait is over: the slot, or why there is none. */
  result?: { slot: Slot } | { error: unknown };
  /** Called on every change of the queue (positions move, this waiter settles). */
  wake: () => void;
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

/** A place in the queue. */
export interface QueueTicket {
  /** The slot once it is this waiter's turn; rejects with QueueError, KvUnavailableError or the abort reason. */
  readonly slot: Promise<Slot>;
  /** The wait's end, once it is over (null while waiting). */
  result(): { slot: Slot } | { error: unknown } | null;
  /** The current 1-based position (0 once out of the queue). */
  position(): number;
  /** Estimated seconds until a slot, from the position and the recent hold times. */
  etaSeconds(): number;
  /** Resolves at the next change of the queue (a position moved, the wait ended). */
  changed(): Promise<void>;
  /** Leaves the queue (`slot` rejects with `reason`); a slot handed over but not used yet is released. */
  cancel(reason?: unknown): void;
}

/** Inserts a waiter after every waiter of the same or a higher plan (FIFO within a plan). */
function insertByRank(queue: Waiter[], w: Waiter): void {
  let at = queue.length;
  while (at > 0 && queue[at - 1].rank > w.rank) at--;
  queue.splice(at, 0, w);
}

/** The cross-process concurrency cap with its in-process priority queue. */
export class ProviderGate {
  readonly leaseMs: number;
  readonly pollMs: number;
  #states = new Map<string, ProviderState>();
  #closed = false;
  #holder = crypto.randomUUID();
  /** Checked slot writes, group-committed (see `#checkedSet`). */
  readonly #sets = new GroupCommit<SlotWrite, string | null>({
    maxBatch: SETS_PER_COMMIT,
    start: "now",
    idOf: (w) => w.id,
    commit: (batch) => this.#commitSets(batch),
  });

  constructor(readonly options: ProviderGateOptions) {
    this.leaseMs = options.leaseMs ?? 30_000;
    this.pollMs = options.pollMs ?? 150;
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
        return await boundedKv(op, fn, {
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

  /** A free slot when nobody in this process waits for one (waiters are served first), else `null`. */
  tryAcquireFirst(provider: string): Promise<Slot | null> {
    return this.queueLength(provider) === 0 ? this.tryAcquire(provider) : Promise.resolve(null);
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
          const entry = await this.#kv("gate.get", () => kv.get<SlotValue>(providerSlotKey(provider, index)));
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
    const key = providerSlotKey(provider, index);
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
    return this.#sets.submit({ op, key, id: JSON.stringify(key), versionstamp, value });
  }

  /** One group of checked writes; when its checks fail, each write is committed alone to learn its own result. */
  async #commitSets(batch: SlotWrite[]): Promise<(string | null | ItemFailure)[]> {
    const commit = (items: SlotWrite[]) =>
      this.#kv(items.length === 1 ? items[0].op : "gate.commit", () => {
        const atomic = this.options.kv.atomic();
        for (const p of items) atomic.check({ key: p.key, versionstamp: p.versionstamp });
        for (const p of items) atomic.set(p.key, p.value, { expireIn: this.leaseMs * 2 });
        return atomic.commit();
      });
    if (batch.length > 1) {
      const res = await commit(batch); // a KV failure rejects the whole group
      if (res.ok) return batch.map(() => res.versionstamp);
    }
    const out: (string | null | ItemFailure)[] = [];
    for (const p of batch) {
      try {
        const res = await commit([p]);
        out.push(res.ok ? res.versionstamp : null);
      } catch (err) {
        out.push(new ItemFailure(err));
      }
    }
    return out;
  }

  #holdSlot(provider: string, index: number, versionstamp: string): Slot {
    const { kv } = this.options;
    const state = this.#state(provider);
    const key = providerSlotKey(provider, index);
    const takenAt = performance.now();
    let stamp = versionstamp;
    let released = false;
    /** The renewal in flight, if any: the release waits for it, so it deletes the lease that is current. */
    let renewing: Promise<void> | null = null;
    state.held++;
    state.mine.add(index);
    this.options.metrics?.providerInFlight.set({ provider }, state.held);
    const renew = setInterval(() => {
      if (released || renewing) return;
      renewing = (async () => {
        try {
          const renewed = await this.#checkedSet("gate.renew", key, stamp, {
            holder: this.#holder,
            expiresAt: Date.now() + this.leaseMs,
          });
          if (renewed !== null) stamp = renewed;
        } catch {
          // KV hiccup: the lease may lapse; the next renewal tries again.
        } finally {
          renewing = null;
        }
      })();
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
        // A renewal that lands after the delete would hold the slot for another lease.
        if (renewing) await renewing;
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
   * ahead, otherwise a place in the queue (evicting a lower plan's newest waiter when the queue is full).
   * Throws QueueError `queue_full` when there is no place, and KvUnavailableError when KV fails.
   */
  async admit(provider: string, priority: Priority, signal?: AbortSignal): Promise<GateAdmission> {
    signal?.throwIfAborted();
    const slot = await this.tryAcquireFirst(provider);
    if (slot) {
      if (signal?.aborted) {
        await slot.release();
        signal.throwIfAborted();
      }
      return { kind: "slot", slot };
    }
    this.#makeRoom(provider, priority);
    return { kind: "queued", ticket: this.#enqueue(provider, priority, signal) };
  }

  /**
   * Makes room in the queue for a waiter of `priority`, or throws `queue_full`: refused when the plan's share
   * is used up; when the queue is full, the newest waiter of the lowest plan is evicted if that plan is lower
   * than `priority`, else the arrival is refused.
   */
  #makeRoom(provider: string, priority: Priority): void {
    const state = this.#state(provider);
    const { maxQueue, shares } = this.options;
    const share = shares?.[priority];
    if (share !== undefined) {
      const mine = state.queue.filter((w) => w.priority === priority).length;
      if (mine >= Math.ceil(share * maxQueue)) {
        throw this.#queueFull(provider, `the ${priority} plan's share of the queue is full (${mine} queued)`);
      }
    }
    if (state.queue.length < maxQueue) return;
    const last = state.queue.at(-1); // the queue is sorted: the last waiter is the lowest plan's newest
    if (!last || last.rank <= PRIORITY_RANK[priority]) {
      throw this.#queueFull(provider, `${state.queue.length} queued`);
    }
    this.options.metrics?.queueFull(provider);
    // The evicted waiter's stream is already open, so the wait goes into the message too (no header now).
    const wait = this.#retryAfterSeconds(state);
    last.fail(
      new QueueError(
        "queue_full",
        `A request of a higher plan took this place in the queue for the model; try again in ${wait} s.`,
        wait,
      ),
    );
  }

  #queueFull(provider: string, why: string): QueueError {
    this.options.metrics?.queueFull(provider);
    return new QueueError(
      "queue_full",
      `Too many requests are waiting for the model (${why}); try again shortly.`,
      this.#retryAfterSeconds(this.#state(provider)),
    );
  }

  /** The error of a waiter that waited `maxWaitMs` without getting a slot. */
  #queueTimeout(state: ProviderState): QueueError {
    const waited = Math.round(this.options.maxWaitMs / 1000);
    return new QueueError(
      "queue_timeout",
      `Waited ${waited} s for the model without getting a turn; try again.`,
      this.#retryAfterSeconds(state),
    );
  }

  #retryAfterSeconds(state: ProviderState): number {
    return Math.max(1, Math.ceil(state.avgHoldSeconds));
  }

  /** Queues a waiter by plan rank; its ticket tells its position, its slot once granted, and cancels it. */
  #enqueue(provider: string, priority: Priority, signal?: AbortSignal): QueueTicket {
    const state = this.#state(provider);
    let resolveSlot: (slot: Slot) => void = () => {};
    let rejectSlot: (err: unknown) => void = () => {};
    const slot = new Promise<Slot>((resolve, reject) => {
      resolveSlot = resolve;
      rejectSlot = reject;
    });
    slot.catch(() => {}); // a waiter nobody awaits any more must not become an unhandled rejection
    let wakers: (() => void)[] = [];
    const w: Waiter = {
      rank: PRIORITY_RANK[priority],
      priority,
      enqueuedAt: performance.now(),
      wake: () => {
        const woken = wakers;
        wakers = [];
        for (const wake of woken) wake();
      },
      deliver: (s) => {
        if (!settle({ slot: s }, "acquired")) return void s.release();
        resolveSlot(s);
      },
      fail: (err) => {
        if (
          settle(
            { error: err },
            err instanceof QueueError && err.code === "queue_timeout" ? "timeout" : "aborted",
          )
        ) {
          rejectSlot(err);
        }
      },
    };
    insertByRank(state.queue, w);
    this.#wakeAll(state);
    this.#publishDepth(provider);

    const settle = (result: NonNullable<Waiter["result"]>, how: "acquired" | "timeout" | "aborted") => {
      if (w.result) return false;
      w.result = result;
      clearTimeout(timeout);
      signal?.removeEventListener("abort", onAbort);
      const i = state.queue.indexOf(w);
      if (i >= 0) state.queue.splice(i, 1);
      this.#wakeAll(state);
      w.wake();
      this.#publishDepth(provider);
      this.options.metrics?.queueWaited(provider, (performance.now() - w.enqueuedAt) / 1000, how);
      return true;
    };
    const timeout = setTimeout(() => w.fail(this.#queueTimeout(state)), this.options.maxWaitMs);
    const onAbort = () => w.fail(signal?.reason ?? new DOMException("aborted", "AbortError"));
    signal?.addEventListener("abort", onAbort, { once: true });
    this.#pump(provider);

    const position = () => (w.result ? 0 : state.queue.indexOf(w) + 1);
    return {
      slot,
      result: () => w.result ?? null,
      position,
      etaSeconds: () =>
        Math.max(1, Math.ceil((position() / this.options.concurrency) * state.avgHoldSeconds)),
      changed: () => new Promise<void>((resolve) => wakers.push(resolve)),
      cancel: (reason) => {
        if (w.result && "slot" in w.result) w.result.slot.release();
        else w.fail(reason ?? new DOMException("cancelled", "AbortError"));
      },
    };
  }

  #wakeAll(state: ProviderState) {
    for (const w of state.queue) w.wake();
  }

  #publishDepth(provider: string) {
    this.options.metrics?.queue(provider, this.queueLength(provider));
  }

  /**
   * Hands free slots to the queue head(s); polls while the queue is not empty. After MAX_PUMP_FAILURES pumps
   * in a row fail on KV, every waiter of the provider gets the KvUnavailableError instead of its timeout.
   */
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

/** A checked slot write waiting for its group commit. */
interface SlotWrite {
  /** Operation name for KV failure metrics. */
  op: string;
  key: Deno.KvKey;
  /** The key, serialized: one write per key in a group. */
  id: string;
  versionstamp: string | null;
  value: SlotValue;
}

/** Failed pumps in a row (each already retried) before the waiters are failed with kv_unavailable. */
const MAX_PUMP_FAILURES = 5;

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
  const keys = Array.from({ length: concurrency }, (_, i) => providerSlotKey(provider, i));
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
  for await (const e of kv.list<SlotValue>({ prefix: providerSlotPrefix(provider) }, { limit: 10_000 })) {
    const index = e.key[2];
    if (typeof index !== "number") continue;
    out.push(toSlot(index, e.value as Partial<SlotValue> | null, e.versionstamp));
  }
  return out;
}
