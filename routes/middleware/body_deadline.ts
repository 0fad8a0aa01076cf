/**
 * Body-read deadline: a request's whole body must arrive within `ms` (`BODY_TIMEOUT_MS`, default 10 s) of the
 * request reaching the app, on every route — the event-stream route included, whose response time is not
 * otherwise limited. The body is wrapped in a stream that fails with {@link BodyReadError} at the deadline
 * (`timeout`, answered 408 `body_timeout` with `Connection: close`) or when the client hangs up mid-body
 * (`client_gone`, logged at info; nobody is left to answer). The original body is cancelled either way, so a
 * stalled client holds no buffers. Requests without a body, and handlers that answer without reading it,
 * are not affected; the timer stops once the body has been read or the handler has answered.
 */
import type { MiddlewareHandler } from "hono";

/** Why reading a request body failed. */
export class BodyReadError extends Error {
  constructor(
    readonly reason: "timeout" | "client_gone",
    readonly ms: number,
    options?: { cause?: unknown },
  ) {
    super(
      reason === "timeout"
        ? `The request body did not arrive within ${ms} ms.`
        : "The client closed the connection before sending the whole body.",
      options,
    );
    this.name = "BodyReadError";
  }
}

/** Options of {@link bodyDeadline}. */
export interface BodyDeadlineOptions {
  /** Milliseconds for the whole body (default 10 000). */
  ms?: number;
}

/** Builds the middleware. */
export function bodyDeadline(options: BodyDeadlineOptions = {}): MiddlewareHandler {
  const ms = options.ms ?? 10_000;
  return async function bodyDeadline(c, next) {
    const raw = c.req.raw;
    if (!raw.body) return await next();
    const reader = raw.body.getReader();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new BodyReadError("timeout", ms)), ms);
    });
    expired.catch(() => {});
    const stream = new ReadableStream<Uint8Array>({
      async pull(controller) {
        try {
          const step = await Promise.race([reader.read(), expired]);
          if (step.done) {
            clearTimeout(timer);
            controller.close();
            return;
          }
          controller.enqueue(step.value);
        } catch (err) {
          clearTimeout(timer);
          reader.cancel().catch(() => {});
          controller.error(
            err instanceof BodyReadError ? err : new BodyReadError("client_gone", ms, { cause: err }),
          );
        }
      },
      cancel(reason) {
        clearTimeout(timer);
        return reader.cancel(reason);
      },
    });
    c.req.raw = new Request(raw, { body: stream, duplex: "half" } as RequestInit);
    try {
      await next();
    } finally {
      clearTimeout(timer);
    }
  };
}
