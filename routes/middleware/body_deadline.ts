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
    const length = declaredLength(raw);
    const source = length !== null && length <= WHOLE_BODY_BYTES
      ? new WholeBody(raw, ms)
      : new ChunkedBody(raw.body, ms);
    // Read only when a consumer asks (no high-water mark): a handler that never reads never waits.
    const body = new ReadableStream(source, { highWaterMark: 0 });
    c.req.raw = new Request(raw, { body, duplex: "half" } as RequestInit);
    try {
      await next();
    } finally {
      source.stop();
    }
  };
}

/**
 * The deadline of one body: armed when the request reaches the app, it fails the read in progress (or the
 * next one) with a `timeout` {@link BodyReadError}; stopped once the body has been read, has failed, or the
 * handler has answered. One object per request (its timer's callback is shared), so a request waiting in its
 * handler, a stream's admission, holds no closures or promises for it.
 */
class Deadline {
  readonly ms: number;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #expired: BodyReadError | null = null;
  /** Rejects the read in progress, if any. */
  #failRead: ((err: BodyReadError) => void) | null = null;

  constructor(ms: number) {
    this.ms = ms;
    this.#timer = setTimeout(expire, ms, this);
  }

  /** The deadline passed: the read in progress, and every later one, fails. */
  expire(): void {
    this.#timer = undefined;
    this.#expired = new BodyReadError("timeout", this.ms);
    this.#failRead?.(this.#expired);
  }

  /** `read`, or its failure at the deadline (whichever comes first). */
  race<T>(read: Promise<T>): Promise<T> {
    if (this.#expired) {
      read.catch(() => {});
      return Promise.reject(this.#expired);
    }
    return new Promise<T>((resolve, reject) => {
      this.#failRead = reject;
      read.then(resolve, reject).finally(() => this.#failRead = null);
    });
  }

  /** The error a failed read ends the body with. */
  fail(err: unknown): BodyReadError {
    return err instanceof BodyReadError ? err : new BodyReadError("client_gone", this.ms, { cause: err });
  }

  /** Stops the timer. */
  stop(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}

function expire(deadline: Deadline): void {
  deadline.expire();
}

/** The body read whole by the runtime on the first pull, as one chunk (or the read's error). */
class WholeBody extends Deadline implements UnderlyingDefaultSource<Uint8Array> {
  readonly #raw: Request;

  constructor(raw: Request, ms: number) {
    super(ms);
    this.#raw = raw;
  }

  async pull(controller: ReadableStreamDefaultController<Uint8Array>): Promise<void> {
    const reading = this.#raw.arrayBuffer();
    try {
      const bytes = await this.race(reading);
      this.stop();
      if (bytes.byteLength) controller.enqueue(new Uint8Array(bytes));
      controller.close();
    } catch (err) {
      this.stop();
      // The runtime's read cannot be cancelled once started; it ends when the connection closes (the 408
      // says `Connection: close`). Its late result or error is ignored.
      reading.catch(() => {});
      controller.error(this.fail(err));
    }
  }

  cancel(): Promise<void> | undefined {
    this.stop();
    return this.#raw.body?.cancel().catch(() => {});
  }
}

/** The body read chunk by chunk, small chunks compacted. */
class ChunkedBody extends Deadline implements UnderlyingDefaultSource<Uint8Array> {
  readonly #reader: ReadableStreamDefaultReader<Uint8Array>;

  constructor(body: ReadableStream<Uint8Array>, ms: number) {
    super(ms);
    this.#reader = body.getReader();
  }

  async pull(controller: ReadableStreamDefaultController<Uint8Array>): Promise<void> {
    try {
      const step = await this.race(this.#reader.read());
      if (step.done) {
        this.stop();
        controller.close();
        return;
      }
      controller.enqueue(compactChunk(step.value));
    } catch (err) {
      this.stop();
      this.#reader.cancel().catch(() => {});
      controller.error(this.fail(err));
    }
  }

  cancel(reason?: unknown): Promise<void> {
    this.stop();
    return this.#reader.cancel(reason);
  }
}
