/**
 * The bounded-KV helper: every KV call on the request path goes through `boundedKv` (or a `KvCall` made by
 * `kvCall`), so no request hangs on a slow store and every failure is one `KvUnavailableError`, which the
 * generation pipeline turns into the `kv_unavailable` refusal (fail closed: never a free generation).
 */
import { TimeoutError, withTimeout } from "../with_timeout.ts";

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

/** Options of a bounded KV call. */
export interface BoundedKvOptions {
  /** The bound in milliseconds (default KV_TIMEOUT_MS). */
  ms?: number;
  /** Errors the operation throws on purpose (rethrown unchanged, not counted as KV failures). */
  passThrough?: (err: unknown) => boolean;
  /** Told of each failure (metrics: `kvFailure`). */
  onFailure?: (op: string, reason: "timeout" | "error") => void;
}

/**
 * Runs a KV operation with a bound; any error or timeout becomes KvUnavailableError. The operation itself is
 * not cancelled (KV calls cannot be); its late result is ignored.
 */
export async function boundedKv<T>(
  op: string,
  fn: () => Promise<T> | T,
  options: BoundedKvOptions = {},
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

/** A bounded KV call with its options already applied. */
export type KvCall = <T>(op: string, fn: () => Promise<T> | T) => Promise<T>;

/** Binds `boundedKv` to one set of options (one per service, built by the composition root). */
export function kvCall(options: BoundedKvOptions = {}): KvCall {
  return (op, fn) => boundedKv(op, fn, options);
}
