/**
 * A lean reader of a provider's `text/event-stream` body: the messages (`event` name and joined `data`
 * lines) of an HTTP response, parsed as the bytes arrive.
 *
 * The providers call the SDKs for the request (headers, retries off, status errors mapped) and read the
 * streamed body here instead of through the SDKs' stream helpers, which stack several async generators, a
 * `Promise.race` and copies of every chunk per delta and keep their decoders and buffers for the stream's
 * life. Here a body is read with a BYOB reader into one small reused buffer (Deno's default reader takes a
 * fresh 64 KiB buffer per read, pinned while a long stream waits for its next bytes), decoded once, and
 * split into lines with `indexOf`.
 *
 * Parsing follows the SSE rules the SDKs apply: lines end at LF, CRLF or CR; `:` starts a comment; a blank
 * line dispatches the message when it has an event name or data; `data` lines are joined with LF; a message
 * not closed by a blank line before the end of the body is dropped.
 */

/** One dispatched message. */
export interface EventStreamMessage {
  /** The `event:` field, when the message had one. */
  event: string | undefined;
  /** The `data:` lines, joined with LF. */
  data: string;
}

/**
 * Bytes of the read buffer of each body: held for the stream's whole life, outside the JS heap. A model's
 * event is a few hundred bytes and arrives on its own, so 1 KiB takes one per read; a larger chunk takes a
 * few reads (4 KiB cost 3 KiB more per open stream).
 */
export const READ_BUFFER_BYTES = 1024;

/** Accumulates the fields of the message being read. */
class MessageBuilder {
  #event: string | undefined;
  #data: string | null = null;

  /** Applies one line; returns a message when the line is blank and one was pending. */
  line(line: string): EventStreamMessage | null {
    if (line === "") {
      if (this.#event === undefined && this.#data === null) return null;
      const message = { event: this.#event, data: this.#data ?? "" };
      this.#event = undefined;
      this.#data = null;
      return message;
    }
    if (line.charCodeAt(0) === 58 /* : */) return null;
    const colon = line.indexOf(":");
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? "" : line.slice(colon + 1);
    if (value.charCodeAt(0) === 32 /* space */) value = value.slice(1);
    if (field === "data") this.#data = this.#data === null ? value : `${this.#data}\n${value}`;
    else if (field === "event") this.#event = value;
    return null;
  }
}

/**
 * An event-stream body read one chunk at a time with no async layer of its own: `read()` hands back the body
 * reader's own pending read and `take()` parses what it brought, so a provider waiting for its next delta
 * holds one pending read instead of a generator, an async function and their promises per delta (kept
 * alive for the whole wait, they outlived the young generation and piled up as old garbage).
 */
export class EventStreamSource {
  readonly #reader: ReadableStreamBYOBReader | ReadableStreamDefaultReader<Uint8Array>;
  readonly #byob: boolean;
  readonly #bytes: number;
  #buffer: ArrayBuffer | null;
  readonly #decoder = new TextDecoder();
  readonly #builder = new MessageBuilder();
  #rest = "";
  /** True once the body has ended (after the `take` of its last read). */
  ended = false;

  constructor(body: ReadableStream<Uint8Array>, readBytes: number = READ_BUFFER_BYTES) {
    let byob: ReadableStreamBYOBReader | undefined;
    try {
      byob = body.getReader({ mode: "byob" });
    } catch {
      byob = undefined;
    }
    this.#byob = byob !== undefined;
    this.#reader = byob ?? body.getReader();
    this.#bytes = readBytes;
    this.#buffer = byob ? new ArrayBuffer(readBytes) : null;
  }

  /** The next read of the body (into the one reused buffer when the body is a byte stream). */
  read(): Promise<ReadableStreamReadResult<Uint8Array>> {
    if (!this.#byob) return (this.#reader as ReadableStreamDefaultReader<Uint8Array>).read();
    const view = new Uint8Array(this.#buffer!, 0, this.#bytes);
    return (this.#reader as ReadableStreamBYOBReader).read(view);
  }

  /** The messages completed by one read's bytes (at the end: those closed before it). */
  take(result: ReadableStreamReadResult<Uint8Array>): EventStreamMessage[] {
    const bytes = result.done || !result.value ? null : result.value;
    if (bytes && this.#byob) this.#buffer = bytes.buffer as ArrayBuffer; // the same memory, handed back
    const text = bytes === null
      ? this.#rest + this.#decoder.decode()
      : this.#rest + this.#decoder.decode(bytes, { stream: true });
    // A CR at the very end may be the first half of a CRLF: keep it for the next chunk.
    const usable = bytes !== null && text.endsWith("\r") ? text.length - 1 : text.length;
    const out: EventStreamMessage[] = [];
    let from = 0;
    while (from < usable) {
      const lf = text.indexOf("\n", from);
      const cr = text.indexOf("\r", from);
      let end = lf < 0 || lf >= usable ? -1 : lf;
      if (cr >= 0 && cr < usable && (end < 0 || cr < end)) end = cr;
      if (end < 0) break;
      const message = this.#builder.line(text.slice(from, end));
      from = end + (text.charCodeAt(end) === 13 && text.charCodeAt(end + 1) === 10 ? 2 : 1);
      if (message) out.push(message);
    }
    this.#rest = text.slice(from);
    if (bytes === null) this.ended = true;
    return out;
  }

  /** Cancels the body unless it has ended (stopping early, or after an error). */
  close(): void {
    if (!this.ended) this.#reader.cancel().catch(() => {});
  }
}

/**
 * The messages of an event-stream body, in order. Stopping early (or an error) cancels the body; an aborted
 * fetch makes the pending read, and so the iteration, reject.
 */
export async function* readEventStream(
  body: ReadableStream<Uint8Array>,
  readBytes: number = READ_BUFFER_BYTES,
): AsyncGenerator<EventStreamMessage> {
  const source = new EventStreamSource(body, readBytes);
  try {
    while (!source.ended) {
      for (const message of source.take(await source.read())) yield message;
    }
  } finally {
    source.close();
  }
}
