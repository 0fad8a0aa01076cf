/**
 * Requests in flight, for the memory settler (lib/platform/memory_settle.ts): a request counts from when it
 * reaches the app until its handler has answered (a slow body counts while it is read; a stream's body after
 * its headers does not).
 */
import type { MiddlewareHandler } from "hono";
import type { MemorySettler } from "../../lib/platform/memory_settle.ts";

/** Options of {@link memorySettle}. */
export interface MemorySettleOptions {
  /** Where requests are counted. */
  settler: MemorySettler;
}

/** Counts each request in flight while its handler runs. */
export function memorySettle(options: MemorySettleOptions): MiddlewareHandler {
  const { settler } = options;
  return async function memorySettle(_c, next) {
    settler.enter();
    try {
      await next();
    } finally {
      settler.leave();
    }
  };
}
