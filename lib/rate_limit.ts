/**
 * Per-client sliding-window rate limits in KV, exact across processes.
 *
 * The window is approximated the usual way with two fixed-window counters: the estimate at time `t` is
 * `previous × (1 − elapsed/window) + current`. A request is admitted when `estimate + 1 ≤ limit`. Counters are
 * plain numbers written with a versionstamp check on both counters read, so concurrent processes cannot both
 * take the last slot; concurrent requests of one client in this process are admitted in one transaction
 * (group commit), like the budget.
 *
 * KV keys:
 * | key                                                  | value                                        |
 * |------------------------------------------------------|----------------------------------------------|
 * | `["rate_limit",<scope>,<client>,<windowStartMs>]`    | number — requests counted in that fixed window (expires after 2 windows) |
 *
 * `<scope>` is `gen` (generations, per plan) or `api` (every /api route); `<client>` is `key:<id>` or `ip:<addr>`.
 */
import { z } from "zod";
import { kvRetry } from "./budget.ts";
import type { Config } from "./config.ts";

/** A limit: `limit` requests per sliding `windowMs`. */
export interface RateLimitRule {
  limit: number;
  windowMs: number;
}

const SPEC = /^(?:unlimited|(\d{1,9})\/(\d{1,6})?(s|m|h|d))$/i;
const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Zod schema of a limit spec: `N/10m`, `N/1m`, `N/1h`, `N/30s`, `N/1d` (or `N/m`), or `unlimited`. */
export const rateLimitSpecSchema = z.string().trim().toLowerCase().regex(
  SPEC,
  'expected "<count>/<window>" such as "5/10m", "100/1m", "1000/1h", or "unlimited"',
).refine((s) => {
  const m = SPEC.exec(s);
  if (!m || !m[3]) return true;
  const ms = Number(m[2] ?? "1") * UNIT_MS[m[3].toLowerCase()];
  return ms >= 1000 && ms <= 7 * 86_400_000;
}, "the window must be between 1 second and 7 days");

/** Parses a spec (already validated by the config) into a rule; null means unlimited. */
export function parseRateLimitSpec(spec: string): RateLimitRule | null {
  const text = rateLimitSpecSchema.parse(spec);
  const m = SPEC.exec(text)!;
  if (!m[3]) return null;
  return { limit: Number(m[1]), windowMs: Number(m[2] ?? "1") * UNIT_MS[m[3].toLowerCase()] };
}

/** Plans a client can be on. */
export type ClientPlan = "anonymous" | "free" | "starter" | "pro" | "enterprise";

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
}

/** The answer for one request. */
export interface RateLimitDecision {
  allowed: boolean;
  limit: number;
  /** Requests still allowed now (after this one, when it was counted). */
  remaining: number;
  /** Seconds until the quota frees up again (`t` of the RateLimit header). */
  resetSeconds: number;
  /** When refused: seconds to wait (`Retry-After`). */
  retryAfterSeconds?: number;
  windowSeconds: number;
  /** Set when the request was counted. */
  ticket?: RateLimitTicket;
}

/** KV key prefix of the counters. */
export const RATE_LIMIT_PREFIX: Deno.KvKey = ["rate_limit"];

interface Waiter {
  resolve(d: RateLimitDecision): void;
  reject(err: unknown): void;
}

/** Seconds until one more request fits, given the counters at `elapsed` ms into the current window. */
export function secondsUntilAllowed(
  prev: number,
  curr: number,
  elapsedMs: number,
  rule: RateLimitRule,
): number {
  const w = rule.windowMs;
  if (rule.limit < 1) return Math.ceil(w / 1000);
  let waitMs: number;
  if (curr + 1 <= rule.limit) {
    // prev × (1 − (elapsed + t)/w) ≤ limit − 1 − curr
    waitMs = prev <= 0 ? 0 : w * (1 - (rule.limit - 1 - curr) / prev) - elapsedMs;
  } else {
    // Wait for the next window, where this window's count becomes the decaying one.
    waitMs = (w - elapsedMs) + w * (1 - (rule.limit - 1) / curr);
  }
  return Math.max(1, Math.ceil(waitMs / 1000));
}

/** Sliding-window limiter over KV; one instance per process. */
export class RateLimiter {
  readonly #kv: Deno.Kv;
  readonly #now: () => number;
  #queues = new Map<string, { scope: string; client: string; rule: RateLimitRule; waiters: Waiter[] }>();
  /** Transactions committed / retried (diagnostics). */
  readonly stats = { commits: 0, retries: 0 };

  constructor(kv: Deno.Kv, options: { now?: () => number } = {}) {
    this.#kv = kv;
    this.#now = options.now ?? Date.now;
  }

  /** Counts one request when it fits the rule; refuses it (uncounted) otherwise. */
  consume(scope: string, client: string, rule: RateLimitRule): Promise<RateLimitDecision> {
    return new Promise<RateLimitDecision>((resolve, reject) => {
      const id = JSON.stringify([scope, client, rule.limit, rule.windowMs]);
      const queue = this.#queues.get(id);
      if (queue) {
        queue.waiters.push({ resolve, reject });
        return;
      }
      const fresh = { scope, client, rule, waiters: [{ resolve, reject }] };
      this.#queues.set(id, fresh);
      queueMicrotask(() => this.#drain(id));
    });
  }

  /** What `consume` would answer now, without counting anything. */
  async peek(scope: string, client: string, rule: RateLimitRule): Promise<RateLimitDecision> {
    const now = this.#now();
    const { prev, curr, elapsed } = await this.#read(scope, client, rule, now);
    const estimate = prev.count * (1 - elapsed / rule.windowMs) + curr.count;
    const remaining = Math.max(0, Math.floor(rule.limit - estimate + 1e-9));
    return this.#decision(rule, remaining > 0, remaining, prev.count, curr.count, elapsed);
  }

  /** Gives back a counted request (e.g. when the generation it was for was not admitted after all). */
  async refund(ticket: RateLimitTicket): Promise<void> {
    while (true) {
      const entry = await kvRetry(() => this.#kv.get<unknown>(ticket.key));
      if (entry.versionstamp === null || typeof entry.value !== "number" || entry.value <= 0) return;
      const value = entry.value - 1;
      const res = await kvRetry(() => this.#kv.atomic().check(entry).set(ticket.key, value).commit());
      if (res.ok) return;
    }
  }

  async #drain(id: string): Promise<void> {
    const queue = this.#queues.get(id)!;
    try {
      while (queue.waiters.length > 0) {
        const batch = queue.waiters.splice(0, 500);
        try {
          await this.#admit(queue.scope, queue.client, queue.rule, batch);
        } catch (err) {
          for (const w of batch) w.reject(err);
        }
      }
    } finally {
      this.#queues.delete(id);
    }
  }

  async #admit(scope: string, client: string, rule: RateLimitRule, batch: Waiter[]): Promise<void> {
    for (let attempt = 0;; attempt++) {
      const now = this.#now();
      const { prev, curr, elapsed, currKey } = await this.#read(scope, client, rule, now);
      const estimate = prev.count * (1 - elapsed / rule.windowMs) + curr.count;
      const k = Math.max(0, Math.min(batch.length, Math.floor(rule.limit - estimate + 1e-9)));
      if (k > 0) {
        const op = this.#kv.atomic()
          .check(prev.entry)
          .check(curr.entry)
          .set(currKey, curr.count + k, { expireIn: 2 * rule.windowMs + 60_000 });
        const res = await kvRetry(() => op.commit());
        if (!res.ok) {
          this.stats.retries++;
          if (attempt > 2) await new Promise((r) => setTimeout(r, Math.random() * Math.min(20, attempt)));
          continue;
        }
        this.stats.commits++;
      }
      batch.forEach((w, i) => {
        if (i < k) {
          const remaining = Math.max(0, Math.floor(rule.limit - estimate - (i + 1) + 1e-9));
          const d = this.#decision(rule, true, remaining, prev.count, curr.count + i + 1, elapsed);
          w.resolve({ ...d, ticket: { key: currKey } });
        } else {
          w.resolve(this.#decision(rule, false, 0, prev.count, curr.count + k, elapsed));
        }
      });
      return;
    }
  }

  #decision(
    rule: RateLimitRule,
    allowed: boolean,
    remaining: number,
    prev: number,
    curr: number,
    elapsed: number,
  ): RateLimitDecision {
    const windowSeconds = Math.ceil(rule.windowMs / 1000);
    if (allowed) {
      const resetSeconds = remaining > 0
        ? Math.max(1, Math.ceil((rule.windowMs - elapsed) / 1000))
        : secondsUntilAllowed(prev, curr, elapsed, rule);
      return { allowed, limit: rule.limit, remaining, resetSeconds, windowSeconds };
    }
    const wait = secondsUntilAllowed(prev, curr, elapsed, rule);
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
    const windowStart = Math.floor(now / rule.windowMs) * rule.windowMs;
    const prevKey: Deno.KvKey = [...RATE_LIMIT_PREFIX, scope, client, windowStart - rule.windowMs];
    const currKey: Deno.KvKey = [...RATE_LIMIT_PREFIX, scope, client, windowStart];
    const [p, c] = await kvRetry(() => this.#kv.getMany<unknown[]>([prevKey, currKey]));
    const count = (v: unknown) => (typeof v === "number" && Number.isFinite(v) && v > 0 ? v : 0);
    return {
      prev: { entry: p, count: count(p.value) },
      curr: { entry: c, count: count(c.value) },
      elapsed: now - windowStart,
      currKey,
    };
  }
}

/** IETF draft headers for one policy, e.g. `RateLimit-Policy: "gen";q=5;w=600` and `RateLimit: "gen";r=2;t=31`. */
export function rateLimitHeaders(
  name: string,
  rule: RateLimitRule,
  decision: RateLimitDecision,
): Record<string, string> {
  const headers: Record<string, string> = {
    "RateLimit-Policy": `"${name}";q=${rule.limit};w=${Math.ceil(rule.windowMs / 1000)}`,
    "RateLimit": `"${name}";r=${decision.remaining};t=${decision.resetSeconds}`,
  };
  if (!decision.allowed) headers["Retry-After"] = String(decision.retryAfterSeconds ?? decision.resetSeconds);
  return headers;
}

/** Adds rate-limit headers to a response's headers, appending to policies already there (a list per RFC 9651). */
export function appendRateLimitHeaders(target: Headers, headers: Record<string, string>): void {
  for (const [name, value] of Object.entries(headers)) {
    if (name === "Retry-After") {
      const existing = Number(target.get(name) ?? "0");
      target.set(name, String(Math.max(existing, Number(value))));
    } else {
      target.append(name, value);
    }
  }
}

/** The HTTP-shaped refusal for a client over its generation quota (a `Rejection` of lib/generation_service.ts). */
export function quotaRejection(
  rule: RateLimitRule,
  decision: RateLimitDecision,
  headers: Record<string, string>,
  scope = "gen",
): {
  kind: "rejected";
  status: 429;
  body: { error: { code: string; message: string; scope: string } };
  headers: Record<string, string>;
} {
  return {
    kind: "rejected",
    status: 429,
    body: {
      error: {
        code: "rate_limited",
        message: `Too many generations: your plan allows ${rule.limit} per ${
          describeWindow(rule.windowMs)
        }. Retry in ${decision.retryAfterSeconds ?? decision.resetSeconds} s.`,
        scope,
      },
    },
    headers: { ...headers, "Cache-Control": "no-store" },
  };
}

/** "10 minutes", "1 minute", "1 hour"… */
export function describeWindow(ms: number): string {
  for (const [unit, size] of [["day", 86_400_000], ["hour", 3_600_000], ["minute", 60_000]] as const) {
    if (ms % size === 0) return ms === size ? `1 ${unit}` : `${ms / size} ${unit}s`;
  }
  return `${Math.round(ms / 1000)} seconds`;
}
