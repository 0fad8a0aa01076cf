/**
 * Body-read deadline: a request's whole body must arrive within `ms` (`BODY_TIMEOUT_MS`, default 10 s) of the
 * request reaching the app, on every route — the event-stream route included, whose response time is not
 * otherwise limited. The body is wrapped in a stream that fails with {@link BodyReadError} at the deadline
 * (`timeout`, answered 408 `body_timeout` with `Connection: close`) or when the client hangs up mid-body
 * (`client_gone`, logged at info; nobody is left to answer). A body read chunk by chunk is cancelled either
 * way; a body read whole ends with its connection, which the 408 closes. Requests without a body, and
 * handlers that answer without reading it, are not affected; the timer stops once the body has been read or
 * the handler has answered.
 *
 * Memory: read chunk by chunk from JavaScript, the runtime reads a request body into a fresh 64 KiB buffer
 * per read (a chunk is a view of it), so a client trickling one byte at a time costs 64 KiB of native memory
 * per byte until the garbage collector frees it, and the allocator seldom gives it back to the system. So a
 * body that declares a `Content-Length` of at most {@link WHOLE_BODY_BYTES} (every JSON and form body the
 * app accepts) is read whole by the runtime (`arrayBuffer()`, one growing buffer outside the JS heap) on the
 * first read, and handed on as one chunk. Other bodies (chunked, or declared larger: the size limits behind
 * answer those) are read chunk by chunk, chunks much smaller than their buffer copied out
 * ({@link compactChunk}) so a half-read body holds about its own size.
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

/**
 * `chunk` itself when it fills most of its buffer, else a copy of just its bytes (so the buffer it views
 * can be freed).
 */
export function compactChunk(chunk: Uint8Array): Uint8Array {
  return chunk.byteLength * 2 >= chunk.buffer.byteLength ? chunk : chunk.slice();
}

/** Declared body sizes read whole by the runtime (the largest body any route accepts is 64 KiB). */
export const WHOLE_BODY_BYTES = 64 * 1024;

/** The declared length of a request body, or null when it has none (chunked) or it is malformed. */
function declaredLength(req: Request): number | null {
  if (req.headers.has("transfer-encoding")) return null;
  const raw = req.headers.get("content-length");
  return raw !== null && /^\d{1,15}$/.test(raw.trim()) ? Number(raw) : null;
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
    let timer: ReturnType<typeof setTimeout> | undefined;
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new BodyReadError("timeout", ms)), ms);
    });
    expired.catch(() => {});
    const fail = (err: unknown) =>
      err instanceof BodyReadError ? err : new BodyReadError("client_gone", ms, { cause: err });
    const length = declaredLength(raw);
    const stream = length !== null && length <= WHOLE_BODY_BYTES
      ? wholeBody(raw, expired, fail, () => clearTimeout(timer))
      : chunkedBody(raw.body, expired, fail, () => clearTimeout(timer));
    c.req.raw = new Request(raw, { body: stream, duplex: "half" } as RequestInit);
    try {
      await next();
    } finally {
      clearTimeout(timer);
    }
  };
}

/** The body read whole by the runtime on the first pull, as one chunk (or the read's error). */
function wholeBody(
  raw: Request,
  expired: Promise<never>,
  fail: (err: unknown) => BodyReadError,
  done: () => void,
): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const reading = raw.arrayBuffer();
      try {
        const bytes = await Promise.race([reading, expired]);
        done();
        if (bytes.byteLength) controller.enqueue(new Uint8Array(bytes));
        controller.close();
      } catch (err) {
        done();
        // The runtime's read cannot be cancelled once started; it ends when the connection closes (the 408
        // says `Connection: close`). Its late result or error is ignored.
        reading.catch(() => {});
        controller.error(fail(err));
      }
    },
    cancel() {
      done();
      return raw.body?.cancel().catch(() => {});
    },
  }, { highWaterMark: 0 }); // read only when a consumer asks: a handler that never reads never waits
}

/** The body read chunk by chunk, small chunks compacted. */
function chunkedBody(
  body: ReadableStream<Uint8Array>,
  expired: Promise<never>,
  fail: (err: unknown) => BodyReadError,
  done: () => void,
): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const step = await Promise.race([reader.read(), expired]);
        if (step.done) {
          done();
          controller.close();
          return;
        }
        controller.enqueue(compactChunk(step.value));
      } catch (err) {
        done();
        reader.cancel().catch(() => {});
        controller.error(fail(err));
      }
    },
    cancel(reason) {
      done();
      return reader.cancel(reason);
    },
  }, { highWaterMark: 0 });
}
