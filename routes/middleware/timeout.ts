/**
 * Request time limit for non-streaming routes: when the handler has not produced a response within `ms`,
 * the client gets `504 {error:{code:"request_timeout"}}` at once (the handler's late result is dropped).
 * Event streams are not cut: the limit covers the time to the response headers, and a stream's response
 * is returned before its first event; streams have their own first-element and total timeouts.
 */
import type { MiddlewareHandler } from "hono";

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
  return async function requestTimeout(c, next) {
    if (options.skip?.(c.req.path, c.req.method)) return await next();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timedOut = new Promise<"timeout">((resolve) => {
      timer = setTimeout(() => resolve("timeout"), ms);
    });
    const work = next().then(() => "done" as const);
    work.catch(() => {});
    try {
      const result = await Promise.race([work, timedOut]);
      if (result === "timeout") {
        return c.json(
          { error: { code: "request_timeout", message: `The request took longer than ${ms} ms.` } },
          504,
        );
      }
    } finally {
      clearTimeout(timer);
    }
  };
}
