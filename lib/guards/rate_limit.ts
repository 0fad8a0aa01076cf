/**
 * Per-client sliding-window rate limits in KV, exact across processes.
 *
 * Each client's recent requests are kept as a short list of `[bucketStartMs, count]` pairs, with buckets
 * 1/1000 of the window wide, so a 5-per-10-minutes client stores at most 5 pairs and a large limit at most
 * 1,000. A request is admitted when the requests of the last `window` number fewer than `limit`; a bucket
 * counts until its end has left the window, so the limit holds over every sliding window (conservative by
 * at most one bucket, 0.1 % of the window) and the wait it reports is until the oldest counted request leaves it.
 * Writes check the versionstamp read, so concurrent processes cannot both take the last slot; concurrent
 * requests of one client in this process are admitted in one transaction (group commit), like the budget.
 *
 * KV keys:
 * | key                                  | value                                                              |
 * |--------------------------------------|--------------------------------------------------------------------|
 * | `["rate_limit",<scope>,<client>]`    | `[bucketStartMs, count][]` — recent requests (expires after a window) |
 *
 * `<scope>` is `gen` (generations, per plan) or `api` (every /api route); `<client>` is `key:<id>` or `ip:<addr>`.
 */
import type { ClientPlan } from "../platform/plans.ts";
import type { Config } from "../platform/config.ts";
import { CONFLICT, GroupCommit, retryOnConflict } from "../platform/kv/group_commit.ts";
import { rateLimitKey, rateLimitPrefix } from "../platform/kv/keys.ts";
import { rateLimitSpecSchema, rateLimitSpecWindow } from "../platform/rate_limit_spec.ts";

/** A limit: `limit` requests per sliding `windowMs`. */
export interface RateLimitRule {
  limit: number;
  windowMs: number;
}

export { rateLimitSpecSchema };

/** Parses a spec (already validated by the config) into a rule; null means unlimited. */
export function parseRateLimitSpec(spec: string): RateLimitRule | null {
  return rateLimitSpecWindow(spec);
}

/** The configured limits: generations per plan and the general API limit. */
export interface RateLimitRules {
  generation: Record<ClientPlan, RateLimitRule | null>;
  api: RateLimitRule | null;
}

/** Reads the per-plan generation limits and the API limit from the configuration. */
export function rateLimitRules(
  config: Pick<
    Config,
    | "RATE_LIMIT_ANONYMOUS"
    | "RATE_LIMIT_FREE"
    | "RATE_LIMIT_STARTER"
    | "RATE_LIMIT_PRO"
    | "RATE_LIMIT_ENTERPRISE"
    | "RATE_LIMIT_API"
  >,
): RateLimitRules {
  return {
    generation: {
      anonymous: parseRateLimitSpec(config.RATE_LIMIT_ANONYMOUS),
      free: parseRateLimitSpec(config.RATE_LIMIT_FREE),
      starter: parseRateLimitSpec(config.RATE_LIMIT_STARTER),
      pro: parseRateLimitSpec(config.RATE_LIMIT_PRO),
      enterprise: parseRateLimitSpec(config.RATE_LIMIT_ENTERPRISE),
    },
    api: parseRateLimitSpec(config.RATE_LIMIT_API),
  };
}

/** Identifies one counted request, so it can be refunded. */
export interface RateLimitTicket {
  key: Deno.KvKey;
  /** Start of the bucket the request was counted in. */
  bucket: number;
}

/** The answer for one request. */
export interface RateLimitDecision {
  allowed: boolean;
  limit: number;
  /** Requests still allowed now (after this one, when it was counted). */
  remaining: number;
  /** Seconds until the oldest counted request leaves the window. */
  resetSeconds: number;
  /** When refused: seconds to wait before the next request fits. */
  retryAfterSeconds?: number;
  windowSeconds: number;
  /** Set when the request was counted. */
  ticket?: RateLimitTicket;
}

/** KV key prefix of the request lists (lib/platform/kv/keys.ts). */
export const RATE_LIMIT_PREFIX: Deno.KvKey = rateLimitPrefix();

/** Recent requests: `[bucketStartMs, count]`, oldest first. */
export type RequestBuckets = [number, number][];

/** Bucket width for a rule: 1/1000 of the window, at least 1 ms. */
export function bucketWidthMs(rule: RateLimitRule): number {
  return Math.max(1, Math.ceil(rule.windowMs / 1000));
}

/** The buckets still inside the window ending at `now` (a bucket counts until its end leaves the window). */
export function liveBuckets(value: unknown, now: number, rule: RateLimitRule): RequestBuckets {
  if (!Array.isArray(value)) return [];
  const width = bucketWidthMs(rule);
  const live: RequestBuckets = [];
  for (const pair of value) {
    if (!Array.isArray(pair) || pair.length !== 2) continue;
    const [start, count] = pair;
    if (!Number.isFinite(start) || !Number.isInteger(count) || count <= 0) continue;
    if (start + width + rule.windowMs > now) live.push([start, count]);
  }
  return live.sort((a, b) => a[0] - b[0]);
}

/**
 * Seconds until `needed` more requests fit, given the live buckets at `now`: the time until enough of the
 * oldest requests have left the window. At least 1; a zero limit waits a whole window.
 */
export function secondsUntilAllowed(
  buckets: RequestBuckets,
  now: number,
  rule: RateLimitRule,
  needed = 1,
): number {
  if (rule.limit < needed) return Math.ceil(rule.windowMs / 1000);
  let used = buckets.reduce((sum, [, c]) => sum + c, 0);
  if (used + needed <= rule.limit) return 1;
  const width = bucketWidthMs(rule);
  for (const [start, count] of buckets) {
    used -= count;
    if (used + needed <= rule.limit) {
      return Math.max(1, Math.ceil((start + width + rule.windowMs - now) / 1000));
    }
  }
  return Math.ceil(rule.windowMs / 1000);
}

/** Sliding-window limiter over KV; one instance per process. */
export class RateLimiter {
  readonly #kv: Deno.Kv;
  readonly #now: () => number;
  /** One group commit per client, scope and rule with callers waiting (dropped when idle). */
  #lanes = new Map<string, GroupCommit<void, RateLimitDecision>>();
  /** Transactions committed / retried (diagnostics). */
  readonly stats = { commits: 0, retries: 0 };

  constructor(kv: Deno.Kv, options: { now?: () => number } = {}) {
    this.#kv = kv;
    this.#now = options.now ?? Date.now;
  }

  /** Counts one request when it fits the rule; refuses it (uncounted) otherwise. */
  consume(scope: string, client: string, rule: RateLimitRule): Promise<RateLimitDecision> {
    const id = JSON.stringify([scope, client, rule.limit, rule.windowMs]);
    let lane = this.#lanes.get(id);
    if (!lane) {
      lane = new GroupCommit({
        maxBatch: 500,
        commit: (batch) => this.#admit(scope, client, rule, batch.length),
        onIdle: () => this.#lanes.delete(id),
      });
      this.#lanes.set(id, lane);
    }
    return lane.submit();
  }

  /** What `consume` would answer now, without counting anything. */
  async peek(scope: string, client: string, rule: RateLimitRule): Promise<RateLimitDecision> {
    const now = this.#now();
    const { buckets } = await this.#read(scope, client, rule, now);
    const used = buckets.reduce((sum, [, c]) => sum + c, 0);
    const remaining = Math.max(0, rule.limit - used);
    return this.#decision(rule, remaining > 0, remaining, buckets, now);
  }

  /** Gives back a counted request (e.g. when the generation it was for was not admitted after all). */
  async refund(ticket: RateLimitTicket): Promise<void> {
    await retryOnConflict(async () => {
      const entry = await this.#kv.get<unknown>(ticket.key);
      if (entry.versionstamp === null || !Array.isArray(entry.value)) return;
      const buckets = (entry.value as unknown[]).filter(Array.isArray) as RequestBuckets;
      const i = buckets.findIndex(([start, count]) => start === ticket.bucket && count > 0);
      if (i < 0) return;
      const next = buckets.map(([start, count], j) =>
        [start, j === i ? count - 1 : count] as [number, number]
      )
        .filter(([, count]) => count > 0);
      if (!(await this.#kv.atomic().check(entry).set(ticket.key, next).commit()).ok) return CONFLICT;
    });
  }

  /** Counts up to `waiting` requests in one checked transaction; one decision per waiter, in order. */
  #admit(scope: string, client: string, rule: RateLimitRule, waiting: number): Promise<RateLimitDecision[]> {
    return retryOnConflict(async () => {
      const now = this.#now();
      const { entry, buckets, key } = await this.#read(scope, client, rule, now);
      const used = buckets.reduce((sum, [, c]) => sum + c, 0);
      const k = Math.max(0, Math.min(waiting, rule.limit - used));
      const bucket = Math.floor(now / bucketWidthMs(rule)) * bucketWidthMs(rule);
      const after: RequestBuckets = buckets.map(([s, c]) => [s, c]);
      if (k > 0) {
        const last = after.at(-1);
        if (last && last[0] === bucket) last[1] += k;
        else after.push([bucket, k]);
        const op = this.#kv.atomic()
          .check(entry)
          .set(key, after, { expireIn: rule.windowMs + 2 * bucketWidthMs(rule) + 60_000 });
        if (!(await op.commit()).ok) return CONFLICT;
        this.stats.commits++;
      }
      return Array.from(
        { length: waiting },
        (_, i) =>
          i < k
            ? {
              ...this.#decision(rule, true, rule.limit - used - (i + 1), after, now),
              ticket: { key, bucket },
            }
            : this.#decision(rule, false, 0, after, now),
      );
    }, () => this.stats.retries++);
  }

  #decision(
    rule: RateLimitRule,
    allowed: boolean,
    remaining: number,
    buckets: RequestBuckets,
    now: number,
  ): RateLimitDecision {
    const windowSeconds = Math.ceil(rule.windowMs / 1000);
    const oldest = buckets[0];
    const untilOldestLeaves = oldest
      ? Math.max(1, Math.ceil((oldest[0] + bucketWidthMs(rule) + rule.windowMs - now) / 1000))
      : windowSeconds;
    if (allowed) {
      return { allowed, limit: rule.limit, remaining, resetSeconds: untilOldestLeaves, windowSeconds };
    }
    const wait = secondsUntilAllowed(buckets, now, rule);
    return {
      allowed,
      limit: rule.limit,
      remaining: 0,
      resetSeconds: wait,
      retryAfterSeconds: wait,
      windowSeconds,
    };
  }

  async #read(scope: string, client: string, rule: RateLimitRule, now: number) {
    const key = rateLimitKey(scope, client);
    const entry = await this.#kv.get<unknown>(key);
    return { entry, buckets: liveBuckets(entry.value, now, rule), key };
  }
}

/** "10 minutes", "1 minute", "1 hour"… */
export function describeWindow(ms: number): string {
  for (const [unit, size] of [["day", 86_400_000], ["hour", 3_600_000], ["minute", 60_000]] as const) {
    if (ms % size === 0) return ms === size ? `1 ${unit}` : `${ms / size} ${unit}s`;
  }
  return `${Math.round(ms / 1000)} seconds`;
}
