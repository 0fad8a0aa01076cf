/**
 * Request time limit for non-streaming routes (Hono's `timeout` middleware): when the handler has not
 * produced a response within `ms`, the client gets `504 {error:{code:"request_timeout"}}` at once (the
 * handler's late result is dropped). Event streams are not cut: the limit covers the time to the response
 * headers, and `skip` leaves out the streaming routes, which have their own first-element and total
 * timeouts.
 */
import type { MiddlewareHandler } from "hono";
import { timeout } from "hono/timeout";
import { apiError } from "../http_errors.ts";

/** Options of `requestTimeout`. */
export interface TimeoutOptions {
  /** Milliseconds to the response (default 10 000). */
  ms?: number;
  /** Requests the limit does not apply to. */
  skip?: (path: string, method: string) => boolean;
}

/** Builds the timeout middleware. */
export function requestTimeout(options: TimeoutOptions = {}): MiddlewareHandler {
  const ms = options.ms ?? 10_000;
  const limit = timeout(ms, () => apiError(504, "request_timeout", `The request took longer than ${ms} ms.`));
  // Not async itself: a skipped request (an event stream) holds no frame of this one while its handler waits.
  return function requestTimeout(c, next) {
    return options.skip?.(c.req.path, c.req.method) ? next() : limit(c, next);
  };
}
