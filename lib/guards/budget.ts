/**
 * The global generation budget: every generation that calls a provider spends one unit. Exact under any
 * concurrency and across processes sharing one KV.
 *
 * Design (group commit + leases):
 * - `reserve()` calls queue up in this process; one KV transaction at a time admits a whole batch: it reads
 *   `used`, `limit` and `period_start` (with versionstamps), admits `k = min(waiting, limit − used)`, and writes
 *   `used + k` plus `k` lease records atomically with `.check()` on the versionstamps it read. Another process
 *   that wrote in between makes the check fail and the batch is retried — so correctness across processes comes
 *   from the checks, and speed within a process from batching (1,000 contenders → a handful of transactions).
 *   Refused waiters are answered as soon as the transaction that could not admit them settles.
 * - Each reservation holds a lease. `commit` deletes it (the unit stays spent); `release` deletes it and gives
 *   the unit back, atomically and only if the lease still exists (no double give-back). A lease whose process
 *   died is given back by a sweep once it expires (on reserve/status, and on a timer). While this process is
 *   alive it renews its own leases, up to `maxHoldMs`.
 * - A lease remembers the `period_start` it was taken in; a unit is given back only while that is still the
 *   current `period_start`. Period roll-overs and admin resets move `period_start`, so units reserved before a
 *   reset are never subtracted from the fresh count.
 *
 * KV keys (plain values, readable and editable by hand):
 * | key                          | value                                        |
 * |------------------------------|----------------------------------------------|
 * | `["budget","used"]`          | number — units spent or reserved (absent = 0) |
 * | `["budget","limit"]`         | number — run-time limit (absent = `GENERATION_LIMIT`) |
 * | `["budget","period_start"]`  | number — ms epoch when the current count began (period start or last reset) |
 * | `["budget","lease",<id>]`    | `{ expiresAt, createdAt, periodStart }` — one per in-flight reservation |
 *
 * `used` and `limit` must be non-negative integers (`period_start` a non-negative integer or absent); any other
 * value makes the status `invalid`, reservations fail closed, and `reset()` repairs it.
 */
import { z } from "zod";
import type { Config } from "../platform/config.ts";
import { newId } from "../platform/ids.ts";
import { log } from "../platform/logger.ts";
import { CONFLICT, GroupCommit, retryOnConflict } from "../platform/kv/group_commit.ts";
import {
  budgetLeaseKey,
  budgetLeasePrefix,
  budgetLimitKey,
  budgetPeriodStartKey,
  budgetUsedKey,
} from "../platform/kv/keys.ts";

/** The budget's KV keys (see the table above; built by lib/platform/kv/keys.ts). */
export const BUDGET_KEYS: {
  used: Deno.KvKey;
  limit: Deno.KvKey;
  periodStart: Deno.KvKey;
  leasePrefix: Deno.KvKey;
} = {
  used: budgetUsedKey(),
  limit: budgetLimitKey(),
  periodStart: budgetPeriodStartKey(),
  leasePrefix: budgetLeasePrefix(),
};

/** Gauge state: healthy < 70 %, approaching 70–89 %, exhausted ≥ 90 % or spent, invalid for bad KV values. */
export type BudgetState = "healthy" | "approaching" | "exhausted" | "invalid";

/** Automatic reset period (UTC boundaries). */
export type BudgetPeriod = "none" | "hourly" | "daily";

/** A snapshot of the budget. `used`/`limit`/`remaining` are null when the stored value is invalid. */
export interface BudgetStatus {
  used: number | null;
  limit: number | null;
  remaining: number | null;
  /** Reservations in flight (leases). */
  reserved: number;
  state: BudgetState;
  period: BudgetPeriod;
  /** ISO time of the next automatic reset, or null without a period. */
  resetsAt: string | null;
  /** Invalid stored values, by key (`["budget","used"]`) — empty when valid. */
  invalid: { key: string; value: unknown }[];
}

/** One reserved unit. */
export interface Reservation {
  id: string;
  expiresAt: number;
}

/** The answer to `reserve()`. */
export type ReserveResult =
  | { ok: true; reservation: Reservation }
  | { ok: false; reason: "exhausted" | "invalid"; status: BudgetStatus };

/** Options of a Budget. */
export interface BudgetOptions {
  /** Limit used when `["budget","limit"]` is absent (GENERATION_LIMIT). */
  defaultLimit: number;
  period?: BudgetPeriod;
  /** Lease length in ms (BUDGET_LEASE_SECONDS × 1000); default 120 000. */
  leaseMs?: number;
  /** Clock (tests inject one). */
  now?: () => number;
  /** Runs the sweep/renewal on a timer every this many ms (0 = no timer, the default; call `close()` to stop). */
  sweepIntervalMs?: number;
  /** Own leases are renewed while younger than this (default 10 × leaseMs); older ones are left to expire. */
  maxHoldMs?: number;
  /**
   * `kv.watch` does not see writes made by other processes on a local SQLite file (denoland/deno#21640), so
   * `watch()` also compares the three budget keys' versionstamps this often (ms) to catch CLI/hand edits from
   * another process; 0 disables it (e.g. on KV Connect / Deploy, where `kv.watch` is global). Default 750.
   */
  crossProcessCheckMs?: number;
}

/** Thrown for bad arguments (e.g. a negative limit); `field` names the input at fault. */
export class BudgetInputError extends Error {
  constructor(readonly field: string, message: string) {
    super(message);
    this.name = "BudgetInputError";
  }
}

/** Counters for benchmarks and diagnostics. */
export interface BudgetStats {
  /** Successful reservation transactions. */
  commits: number;
  /** Reservation transactions that lost a versionstamp check and were retried. */
  retries: number;
  /** Units given back (release + expired leases). */
  givenBack: number;
}

interface LeaseValue {
  expiresAt: number;
  createdAt: number;
  periodStart: number | null;
}

interface Snapshot {
  usedEntry: Deno.KvEntryMaybe<unknown>;
  limitEntry: Deno.KvEntryMaybe<unknown>;
  periodEntry: Deno.KvEntryMaybe<unknown>;
  used: number | null;
  limit: number | null;
  /** Stored period start (null when absent or invalid). */
  periodStart: number | null;
  invalid: { key: string; value: unknown }[];
}

interface GiveBack {
  id: string;
  /** Sweep only: give back only if the lease is still expired at this time. */
  expiredAt?: number;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Leases admitted per transaction (KV allows 1,000 mutations per atomic operation). */
const MAX_ADMIT_BATCH = 500;
/** Give-backs per transaction (KV allows 100 checks per atomic operation; 2 go to used/period_start). */
const MAX_GIVE_BACK_BATCH = 90;

/** What `used`, `limit` and `period_start` must hold: a non-negative safe integer (the KV editor checks it too). */
export const budgetCountSchema = z.number({ error: "must be a number" }).int("must be an integer")
  .min(0, "must be 0 or more").max(Number.MAX_SAFE_INTEGER, "must be a safe integer");

const isCount = (v: unknown): v is number => budgetCountSchema.safeParse(v).success;

/** Makes a stored value safe to show in JSON (bigint, KvU64, NaN…). */
function showValue(value: unknown): unknown {
  if (typeof value === "bigint") return `${value}n`;
  if (value instanceof Deno.KvU64) return `KvU64(${value.value})`;
  if (typeof value === "number" && !Number.isFinite(value)) return String(value);
  if (value === undefined) return "undefined";
  if (value instanceof Uint8Array) return `Uint8Array(${value.byteLength})`;
  try {
    JSON.stringify(value);
    return value;
  } catch {
    return String(value);
  }
}

/** Start (ms) of the period containing `now`; 0 for `none`. */
export function periodStartOf(period: BudgetPeriod, now: number): number {
  if (period === "hourly") return Math.floor(now / HOUR) * HOUR;
  if (period === "daily") return Math.floor(now / DAY) * DAY;
  return 0;
}

/** Next automatic reset after `now` (ms), or null without a period. */
export function nextResetOf(period: BudgetPeriod, now: number): number | null {
  if (period === "hourly") return periodStartOf(period, now) + HOUR;
  if (period === "daily") return periodStartOf(period, now) + DAY;
  return null;
}

/** Gauge state for a used/limit pair. */
export function budgetState(used: number, limit: number): Exclude<BudgetState, "invalid"> {
  if (limit <= 0 || used >= limit || used / limit >= 0.9) return "exhausted";
  if (used / limit >= 0.7) return "approaching";
  return "healthy";
}

/** The global generation budget over one KV store (see the module comment). */
export class Budget {
  readonly period: BudgetPeriod;
  readonly leaseMs: number;
  readonly stats: BudgetStats = { commits: 0, retries: 0, givenBack: 0 };
  readonly #kv: Deno.Kv;
  readonly #defaultLimit: number;
  readonly #now: () => number;
  readonly #maxHoldMs: number;
  readonly #crossProcessCheckMs: number;
  /** Concurrent `reserve()` calls, admitted a batch per transaction. */
  readonly #reserves = new GroupCommit<void, ReserveResult>({
    maxBatch: MAX_ADMIT_BATCH,
    commit: (batch) => this.#admit(batch.length),
  });
  /** Concurrent give-backs (release, sweep), a batch per transaction. */
  readonly #giveBacks = new GroupCommit<GiveBack, void>({
    maxBatch: MAX_GIVE_BACK_BATCH,
    commit: async (batch) => {
      await this.#giveBack(batch);
      return batch.map(() => undefined);
    },
  });
  /** This process's live leases: id → created at (for renewal). */
  #live = new Map<string, number>();
  #lastSweep = -Infinity;
  #sweeping: Promise<number> | null = null;
  #timer: ReturnType<typeof setInterval> | undefined;
  #closed = false;
  /** Change listeners of open `watch()` calls, fed by one shared watcher. */
  readonly #listeners = new Set<() => void>();
  #watcher: { stop(): void } | null = null;
  /** The status read the watchers share, started since the last change they were told of. */
  #watchRead: Promise<BudgetStatus> | null = null;

  constructor(kv: Deno.Kv, options: BudgetOptions) {
    if (!isCount(options.defaultLimit)) {
      throw new BudgetInputError("defaultLimit", "The default limit must be a non-negative integer.");
    }
    this.#kv = kv;
    this.#defaultLimit = options.defaultLimit;
    this.period = options.period ?? "none";
    this.leaseMs = options.leaseMs ?? 120_000;
    this.#now = options.now ?? Date.now;
    this.#maxHoldMs = options.maxHoldMs ?? this.leaseMs * 10;
    this.#crossProcessCheckMs = options.crossProcessCheckMs ?? 750;
    const every = options.sweepIntervalMs ?? 0;
    if (every > 0) {
      this.#timer = setInterval(() => {
        this.#tick().catch((err) => log.error("budget sweep failed", { error: err }));
      }, every);
      Deno.unrefTimer(this.#timer);
    }
  }

  /** Stops the sweep timer. Pending calls still settle. */
  close(): void {
    this.#closed = true;
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /** Reserves one unit (batched with concurrent callers). Fails closed when stored values are invalid. */
  reserve(): Promise<ReserveResult> {
    return this.#reserves.submit();
  }

  /** Marks a reservation as spent for good (deletes its lease). */
  async commit(r: Reservation): Promise<void> {
    this.#live.delete(r.id);
    await this.#kv.delete(budgetLeaseKey(r.id));
  }

  /**
   * Adds the commit of `r` (its lease deleted) to `op`, an atomic operation on `kv`, so that it lands in the
   * same transaction as the caller's writes. False, with nothing added, when `kv` is not this budget's
   * database; call `commit` then. If `op` does not commit, call `commit` too.
   */
  commitWithin(op: Deno.AtomicOperation, kv: Deno.Kv, r: Reservation): boolean {
    if (kv !== this.#kv) return false;
    this.#live.delete(r.id);
    op.delete(budgetLeaseKey(r.id));
    return true;
  }

  /** Gives a reservation's unit back; a no-op when it was already committed, released or swept. */
  release(r: Reservation): Promise<void> {
    this.#live.delete(r.id);
    return this.#enqueueGiveBack(r.id);
  }

  /** Current status; applies a due period roll-over and sweeps expired leases first. */
  async status(): Promise<BudgetStatus> {
    await this.#maybeSweep();
    const snap = await this.#currentSnapshot();
    return this.#statusOf(snap, await this.#countLeases(snap.periodStart));
  }

  /** Sets used to 0, repairs invalid used/limit values (an invalid limit is removed → default), drops leases. */
  async reset(): Promise<BudgetStatus> {
    const now = this.#now();
    const snap = await this.#read();
    const next = Math.max(now, (snap.periodStart ?? -1) + 1);
    const op = this.#kv.atomic().set(BUDGET_KEYS.used, 0).set(BUDGET_KEYS.periodStart, next);
    if (snap.limitEntry.versionstamp !== null && snap.limit === null) op.delete(BUDGET_KEYS.limit);
    await op.commit();
    // Leases of the old count can no longer give anything back (their period_start is stale); tidy them up.
    const leases = await this.#leases();
    const stale = leases.filter((e) => e.value?.periodStart !== next).map((e) => e.key);
    for (let i = 0; i < stale.length; i += 500) {
      const del = this.#kv.atomic();
      for (const key of stale.slice(i, i + 500)) del.delete(key);
      await del.commit();
    }
    return await this.status();
  }

  /** Sets the run-time limit (`["budget","limit"]`). */
  async setLimit(limit: number): Promise<BudgetStatus> {
    if (!isCount(limit) || limit > 1_000_000_000) {
      throw new BudgetInputError("limit", "The limit must be an integer between 0 and 1000000000.");
    }
    await this.#kv.set(BUDGET_KEYS.limit, limit);
    return await this.status();
  }

  /** Gives back every expired lease now; returns how many units were given back. */
  sweepExpiredLeases(): Promise<number> {
    if (this.#sweeping) return this.#sweeping;
    this.#sweeping = this.#sweep().finally(() => (this.#sweeping = null));
    return this.#sweeping;
  }

  /**
   * Yields the status now and after every change of the budget keys, including changes made by other
   * processes (see `crossProcessCheckMs`). Ends when `signal` aborts. All watchers of this instance share one
   * `kv.watch` stream (and one cross-process check), however many gauges are open.
   */
  async *watch(signal?: AbortSignal): AsyncIterable<BudgetStatus> {
    if (signal?.aborted) return;
    let wake: (() => void) | null = null;
    let dirty = true;
    const notify = () => {
      dirty = true;
      wake?.();
    };
    const unsubscribe = this.#subscribe(notify);
    const onAbort = () => wake?.();
    signal?.addEventListener("abort", onAbort, { once: true });
    let last = "";
    try {
      while (!signal?.aborted) {
        if (!dirty) {
          await new Promise<void>((resolve) => (wake = resolve));
          wake = null;
          continue;
        }
        dirty = false;
        const status = await this.#sharedStatus();
        const text = JSON.stringify(status);
        if (text !== last && !signal?.aborted) {
          last = text;
          yield status;
        }
      }
    } finally {
      signal?.removeEventListener("abort", onAbort);
      unsubscribe();
    }
  }

  /** One `status()` read for every watcher woken by the same change (not one each). */
  #sharedStatus(): Promise<BudgetStatus> {
    if (this.#watchRead) return this.#watchRead;
    const read: Promise<BudgetStatus> = this.status().finally(() => {
      if (this.#watchRead === read) this.#watchRead = null;
    });
    this.#watchRead = read;
    return read;
  }

  /** Registers a change listener on the shared watcher; starts it for the first, stops it after the last. */
  #subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    if (!this.#watcher) this.#watcher = this.#startWatcher();
    return () => {
      this.#listeners.delete(listener);
      if (this.#listeners.size === 0 && this.#watcher) {
        this.#watcher.stop();
        this.#watcher = null;
      }
    };
  }

  #startWatcher(): { stop(): void } {
    const keys = [BUDGET_KEYS.used, BUDGET_KEYS.limit, BUDGET_KEYS.periodStart];
    const notifyAll = () => {
      this.#watchRead = null; // a read begun before this change may miss it
      this.#listeners.forEach((listener) => listener());
    };
    const reader = this.#kv.watch(keys).getReader();
    let stamps = "";
    (async () => {
      try {
        while (true) {
          const { done, value } = await reader.read();
          if (done) break;
          stamps = value.map((e) => e.versionstamp).join();
          notifyAll();
        }
      } catch {
        // The stream was cancelled or the KV closed.
      }
    })();
    let poll: ReturnType<typeof setInterval> | undefined;
    if (this.#crossProcessCheckMs > 0) {
      poll = setInterval(async () => {
        try {
          const now = (await this.#kv.getMany(keys)).map((e) => e.versionstamp).join();
          if (now !== stamps) {
            stamps = now;
            notifyAll();
          }
        } catch {
          // KV closed; the watcher stops with its last listener.
        }
      }, this.#crossProcessCheckMs);
    }
    return {
      stop() {
        if (poll !== undefined) clearInterval(poll);
        reader.cancel().catch(() => {});
      },
    };
  }

  // ---- reservation batches -------------------------------------------------------------------------------

  /** Admits `waiting` reservations in one checked transaction; one answer per waiter, in order. */
  async #admit(waiting: number): Promise<ReserveResult[]> {
    await this.#maybeSweep();
    return await retryOnConflict(async () => {
      const now = this.#now();
      const snap = await this.#read();
      if (snap.invalid.length > 0) {
        const status = this.#statusOf(snap, 0);
        return Array.from({ length: waiting }, () => ({ ok: false, reason: "invalid", status }) as const);
      }
      const limit = snap.limit!;
      let used = snap.used!;
      let periodStart = snap.periodStart;
      let periodChanged = false;
      if (this.period !== "none") {
        const current = periodStartOf(this.period, now);
        if (periodStart === null || periodStart < current) {
          if (periodStart !== null) used = 0; // roll-over; a first start keeps the count
          periodStart = current;
          periodChanged = true;
        }
      }
      const k = Math.max(0, Math.min(waiting, limit - used));
      const reservations: Reservation[] = [];
      if (k > 0 || periodChanged) {
        const op = this.#checked(this.#kv.atomic(), snap).set(BUDGET_KEYS.used, used + k);
        if (periodChanged) op.set(BUDGET_KEYS.periodStart, periodStart);
        for (let i = 0; i < k; i++) {
          const id = newId();
          const lease: LeaseValue = { expiresAt: now + this.leaseMs, createdAt: now, periodStart };
          op.set(budgetLeaseKey(id), lease);
          reservations.push({ id, expiresAt: lease.expiresAt });
        }
        // Another process won this round: retried (after a short random pause once it keeps happening).
        if (!(await op.commit()).ok) return CONFLICT;
        this.stats.commits++;
      }
      for (const r of reservations) this.#live.set(r.id, now);
      const after: Snapshot = { ...snap, used: used + k, periodStart };
      const status = k < waiting ? this.#statusOf(after, 0) : undefined;
      return Array.from(
        { length: waiting },
        (_, i): ReserveResult =>
          i < k
            ? { ok: true, reservation: reservations[i] }
            : { ok: false, reason: "exhausted", status: status! },
      );
    }, () => this.stats.retries++);
  }

  // ---- give-backs ------------------------------------------------------------------------------------------

  #enqueueGiveBack(id: string, expiredAt?: number): Promise<void> {
    return this.#giveBacks.submit({ id, expiredAt });
  }

  /** Deletes the batch's leases and subtracts the units that still count, in one checked transaction. */
  async #giveBack(batch: GiveBack[]): Promise<void> {
    const ids = [...new Set(batch.map((g) => g.id))];
    const sweepOnly = new Map(
      batch.filter((g) => g.expiredAt !== undefined).map((g) => [g.id, g.expiredAt!]),
    );
    await retryOnConflict(async () => {
      const leases: Deno.KvEntryMaybe<LeaseValue>[] = [];
      for (let i = 0; i < ids.length; i += 10) {
        const keys = ids.slice(i, i + 10).map(budgetLeaseKey);
        leases.push(...await this.#kv.getMany<LeaseValue[]>(keys));
      }
      const snap = await this.#read();
      const op = this.#kv.atomic()
        .check({ key: BUDGET_KEYS.used, versionstamp: snap.usedEntry.versionstamp })
        .check({ key: BUDGET_KEYS.periodStart, versionstamp: snap.periodEntry.versionstamp });
      let units = 0;
      let touched = 0;
      for (const lease of leases) {
        if (lease.versionstamp === null) continue; // already committed / released / swept
        const id = String(lease.key.at(-1));
        const value = lease.value;
        const expiredAt = sweepOnly.get(id);
        const renewed = typeof value?.expiresAt === "number" && value.expiresAt > (expiredAt ?? Infinity);
        if (renewed) continue; // a sweep found it expired, but its owner renewed it meanwhile
        op.check({ key: lease.key, versionstamp: lease.versionstamp }).delete(lease.key);
        touched++;
        // Only a unit of the current count is given back (not one from before a reset or roll-over).
        if ((value?.periodStart ?? null) === snap.periodStart) units++;
      }
      if (touched === 0) return;
      // An invalid `used` is left for the admin reset to repair; only the leases go.
      if (units > 0 && snap.used !== null) op.set(BUDGET_KEYS.used, Math.max(0, snap.used - units));
      if (!(await op.commit()).ok) return CONFLICT;
      if (snap.used !== null) this.stats.givenBack += Math.min(units, snap.used);
    });
  }

  // ---- leases: sweep and renewal ---------------------------------------------------------------------------

  async #maybeSweep(): Promise<void> {
    const now = this.#now();
    if (now - this.#lastSweep < Math.min(1000, this.leaseMs / 4)) return;
    this.#lastSweep = now;
    await this.sweepExpiredLeases();
  }

  async #sweep(): Promise<number> {
    const now = this.#now();
    this.#lastSweep = now;
    const expired: string[] = [];
    for (const e of await this.#leases()) {
      const v = e.value;
      if (!v || typeof v.expiresAt !== "number" || v.expiresAt <= now) expired.push(String(e.key.at(-1)));
    }
    if (expired.length === 0) return 0;
    const before = this.stats.givenBack;
    await Promise.all(expired.map((id) => {
      this.#live.delete(id);
      return this.#enqueueGiveBack(id, now);
    }));
    return this.stats.givenBack - before;
  }

  async #tick(): Promise<void> {
    if (this.#closed) return;
    await this.sweepExpiredLeases();
    // Renew this process's leases that are past half their life, unless held suspiciously long.
    const now = this.#now();
    for (const [id, createdAt] of this.#live) {
      if (now - createdAt > this.#maxHoldMs) {
        this.#live.delete(id);
        continue;
      }
      const key = budgetLeaseKey(id);
      const entry = await this.#kv.get<LeaseValue>(key);
      if (entry.versionstamp === null || !entry.value) {
        this.#live.delete(id);
        continue;
      }
      if (entry.value.expiresAt - now > this.leaseMs / 2) continue;
      const renewed = { ...entry.value, expiresAt: now + this.leaseMs };
      await this.#kv.atomic().check(entry).set(key, renewed).commit();
    }
  }

  // ---- reads -----------------------------------------------------------------------------------------------

  #checked(op: Deno.AtomicOperation, snap: Snapshot): Deno.AtomicOperation {
    return op.check({ key: BUDGET_KEYS.used, versionstamp: snap.usedEntry.versionstamp })
      .check({ key: BUDGET_KEYS.limit, versionstamp: snap.limitEntry.versionstamp })
      .check({ key: BUDGET_KEYS.periodStart, versionstamp: snap.periodEntry.versionstamp });
  }

  async #read(): Promise<Snapshot> {
    const [usedEntry, limitEntry, periodEntry] = await this.#kv.getMany<unknown[]>([
      BUDGET_KEYS.used,
      BUDGET_KEYS.limit,
      BUDGET_KEYS.periodStart,
    ]);
    const invalid: { key: string; value: unknown }[] = [];
    const pick = (entry: Deno.KvEntryMaybe<unknown>, fallback: number | null): number | null => {
      if (entry.versionstamp === null) return fallback;
      if (isCount(entry.value)) return entry.value;
      invalid.push({ key: JSON.stringify(entry.key), value: showValue(entry.value) });
      return null;
    };
    const used = pick(usedEntry, 0);
    const limit = pick(limitEntry, this.#defaultLimit);
    const periodStart = pick(periodEntry, null);
    return { usedEntry, limitEntry, periodEntry, used, limit, periodStart, invalid };
  }

  /** Reads the budget, first applying a due period roll-over (atomically, checked). */
  async #currentSnapshot(): Promise<Snapshot> {
    while (true) {
      const snap = await this.#read();
      if (this.period === "none" || snap.invalid.length > 0) return snap;
      const current = periodStartOf(this.period, this.#now());
      if (snap.periodStart !== null && snap.periodStart >= current) return snap;
      const op = this.#checked(this.#kv.atomic(), snap).set(BUDGET_KEYS.periodStart, current);
      if (snap.periodStart !== null) op.set(BUDGET_KEYS.used, 0);
      await op.commit(); // on a lost check, re-read and decide again
    }
  }

  async #countLeases(periodStart: number | null): Promise<number> {
    return (await this.#leases()).filter((e) => (e.value?.periodStart ?? null) === periodStart).length;
  }

  /** Every lease record. */
  async #leases(): Promise<Deno.KvEntry<LeaseValue>[]> {
    const out: Deno.KvEntry<LeaseValue>[] = [];
    for await (const e of this.#kv.list<LeaseValue>({ prefix: BUDGET_KEYS.leasePrefix })) out.push(e);
    return out;
  }

  #statusOf(snap: Snapshot, reserved: number): BudgetStatus {
    const next = nextResetOf(this.period, this.#now());
    const resetsAt = next === null ? null : new Date(next).toISOString();
    if (snap.invalid.length > 0) {
      return {
        used: snap.used,
        limit: snap.limit,
        remaining: null,
        reserved,
        state: "invalid",
        period: this.period,
        resetsAt,
        invalid: snap.invalid,
      };
    }
    const used = snap.used!;
    const limit = snap.limit!;
    return {
      used,
      limit,
      remaining: Math.max(0, limit - used),
      reserved,
      state: budgetState(used, limit),
      period: this.period,
      resetsAt,
      invalid: [],
    };
  }
}

/**
 * The budget the configuration describes (GENERATION_LIMIT, BUDGET_PERIOD, BUDGET_LEASE_SECONDS); `options`
 * adds what only a long-running server needs (sweep timer, lease renewal, cross-process watch check).
 */
export function budgetFromConfig(
  config: Pick<Config, "GENERATION_LIMIT" | "BUDGET_PERIOD" | "BUDGET_LEASE_SECONDS">,
  kv: Deno.Kv,
  options: Omit<BudgetOptions, "defaultLimit" | "period" | "leaseMs"> = {},
): Budget {
  return new Budget(kv, {
    defaultLimit: config.GENERATION_LIMIT,
    period: config.BUDGET_PERIOD,
    leaseMs: config.BUDGET_LEASE_SECONDS * 1000,
    ...options,
  });
}
