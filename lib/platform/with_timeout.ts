/**
 * Bounded waits: `withTimeout` races a promise against a timer so no request hangs on a slow dependency.
 * KV calls use the bounded-KV helper built on it (lib/platform/kv/bounded_kv.ts).
 */

/** A wait that took longer than allowed. */
export class TimeoutError extends Error {
  readonly code = "timeout";
  constructor(readonly what: string, readonly ms: number) {
    super(`${what} did not finish within ${ms} ms`);
    this.name = "TimeoutError";
  }
}

/**
 * Resolves or rejects like `promise`, or rejects with TimeoutError after `ms`. The timer is always cleared.
 * The underlying operation is not cancelled (KV calls cannot be); its late result is ignored.
 */
export function withTimeout<T>(promise: PromiseLike<T> | T, ms: number, what = "operation"): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(what, ms)), ms);
  });
  const work = Promise.resolve(promise);
  work.catch(() => {}); // a late rejection after the timeout must not become unhandled
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
