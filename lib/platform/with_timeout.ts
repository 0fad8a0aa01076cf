/**
 * Bounded waits: `withTimeout` races a promise against a timer so no request hangs on a slow dependency,
 * and `guardKv` turns any KV failure or timeout in the generation path into one `KvUnavailableError`, which
 * the service maps to `503 {error:{code:"kv_unavailable"}}` (fail closed: never a free generation).
 */

/** A wait that took longer than allowed. */
export class TimeoutError extends Error {
  readonly code = "timeout";
  constructor(readonly what: string, readonly ms: number) {
    super(`${what} did not finish within ${ms} ms`);
    this.name = "TimeoutError";
  }
}

/** KV could not be read or written in time; generations fail closed on it. */
export class KvUnavailableError extends Error {
  readonly code = "kv_unavailable";
  constructor(readonly op: string, readonly reason: "timeout" | "error", options?: { cause?: unknown }) {
    super(`The data store is unavailable (${op}: ${reason}).`, options);
    this.name = "KvUnavailableError";
  }
}

/** Default bound on one KV call in the request path, in milliseconds. */
export const KV_TIMEOUT_MS = 2000;

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

/**
 * Runs a KV operation with a bound; any error or timeout becomes KvUnavailableError (other error types
 * that the operation throws on purpose, listed in `passThrough`, are rethrown unchanged).
 */
export async function guardKv<T>(
  op: string,
  fn: () => Promise<T> | T,
  options: {
    ms?: number;
    passThrough?: (err: unknown) => boolean;
    onFailure?: (op: string, reason: "timeout" | "error") => void;
  } = {},
): Promise<T> {
  try {
    return await withTimeout(Promise.resolve().then(fn), options.ms ?? KV_TIMEOUT_MS, `kv ${op}`);
  } catch (err) {
    if (err instanceof KvUnavailableError) throw err;
    if (options.passThrough?.(err)) throw err;
    const reason = err instanceof TimeoutError ? "timeout" : "error";
    options.onFailure?.(op, reason);
    throw new KvUnavailableError(op, reason, { cause: err });
  }
}
