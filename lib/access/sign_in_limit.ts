/**
 * Admin sign-in limit per address: at most `limit` failed sign-ins per sliding `windowMs` (`ADMIN_SIGN_IN_LIMIT`,
 * default 10 per minute); the failure that reaches the limit locks sign-in from that address for `windowMs`,
 * and every further lockout within a day doubles it (capped at `maxLockMs`, default 1 hour). While locked,
 * even the right key is refused, so guessing gains nothing. A successful sign-in clears the failures (not
 * the lockout count). State per address, exact across processes (versionstamp-checked writes):
 *
 * | key                              | value                                                         |
 * |----------------------------------|---------------------------------------------------------------|
 * | `["admin_sign_in",<client>]`     | `{ failures: number[], lockouts, lockedUntil }` (expires 1 day) |
 */
import { z } from "zod";
import type { RateLimitRule } from "../guards/rate_limit.ts";

/** KV prefix of the sign-in state. */
export const SIGN_IN_PREFIX: Deno.KvKey = ["admin_sign_in"];

const DAY_MS = 86_400_000;

const stateSchema = z.object({
  failures: z.array(z.number()).max(10_000),
  lockouts: z.number().int().min(0),
  lockedUntil: z.number(),
});

type SignInState = z.infer<typeof stateSchema>;

/** The answer of a check or a recorded failure. */
export type SignInDecision =
  | { allowed: true; remaining: number }
  | { allowed: false; retryAfterSeconds: number; lockouts: number };

/** Options of {@link SignInLimiter}. */
export interface SignInLimiterOptions {
  /** Longest lockout (default 1 hour). */
  maxLockMs?: number;
  /** Clock (tests). */
  now?: () => number;
}

/** Counts failed admin sign-ins per address and locks out with exponential backoff. */
export class SignInLimiter {
  readonly #now: () => number;
  readonly #maxLockMs: number;

  constructor(readonly kv: Deno.Kv, readonly rule: RateLimitRule, options: SignInLimiterOptions = {}) {
    this.#now = options.now ?? Date.now;
    this.#maxLockMs = options.maxLockMs ?? 3_600_000;
  }

  async #read(client: string) {
    const entry = await this.kv.get([...SIGN_IN_PREFIX, client]);
    const parsed = stateSchema.safeParse(entry.value);
    const state: SignInState = parsed.success ? parsed.data : { failures: [], lockouts: 0, lockedUntil: 0 };
    const now = this.#now();
    state.failures = state.failures.filter((t) => t > now - this.rule.windowMs && t <= now);
    return { entry, state, now };
  }

  /** Whether `client` may try to sign in now. */
  async check(client: string): Promise<SignInDecision> {
    const { state, now } = await this.#read(client);
    if (state.lockedUntil > now) {
      return {
        allowed: false,
        retryAfterSeconds: Math.ceil((state.lockedUntil - now) / 1000),
        lockouts: state.lockouts,
      };
    }
    return { allowed: true, remaining: Math.max(0, this.rule.limit - state.failures.length) };
  }

  /** Records a failed sign-in; the one that reaches the limit starts a lockout (returned as not allowed). */
  async recordFailure(client: string): Promise<SignInDecision> {
    for (let attempt = 0; attempt < 10; attempt++) {
      const { entry, state, now } = await this.#read(client);
      state.failures.push(now);
      let decision: SignInDecision = {
        allowed: true,
        remaining: Math.max(0, this.rule.limit - state.failures.length),
      };
      if (state.failures.length >= this.rule.limit) {
        state.lockouts += 1;
        const lockMs = Math.min(this.#maxLockMs, this.rule.windowMs * 2 ** (state.lockouts - 1));
        state.lockedUntil = now + lockMs;
        state.failures = [];
        decision = { allowed: false, retryAfterSeconds: Math.ceil(lockMs / 1000), lockouts: state.lockouts };
      }
      const res = await this.kv.atomic().check(entry).set([...SIGN_IN_PREFIX, client], state, {
        expireIn: DAY_MS,
      })
        .commit();
      if (res.ok) return decision;
    }
    throw new Error("sign-in state kept changing");
  }

  /** Clears the failures of `client` after a successful sign-in (the lockout count stays for the day). */
  async recordSuccess(client: string): Promise<void> {
    const { state } = await this.#read(client);
    if (state.failures.length === 0) return;
    await this.kv.set([...SIGN_IN_PREFIX, client], { ...state, failures: [] }, { expireIn: DAY_MS });
  }
}
