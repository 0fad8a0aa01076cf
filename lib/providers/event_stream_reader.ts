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

/** Bytes of the read buffer of each body. */
export const READ_BUFFER_BYTES = 4096;

/** Reads one chunk at a time; null at the end. */
interface ChunkReader {
  read(): Promise<Uint8Array | null>;
  cancel(): void;
}

function chunkReader(body: ReadableStream<Uint8Array>, bytes: number): ChunkReader {
  let byob: ReadableStreamBYOBReader | undefined;
  try {
    byob = body.getReader({ mode: "byob" });
  } catch {
    byob = undefined;
  }
  if (byob) {
    const reader = byob;
    let buffer: ArrayBuffer = new ArrayBuffer(bytes);
    return {
      async read() {
        const { value, done } = await reader.read(new Uint8Array(buffer, 0, bytes));
        if (done || !value) return null;
        buffer = value.buffer as ArrayBuffer; // the same memory, handed back by the read
        return value;
      },
      cancel: () => void reader.cancel().catch(() => {}),
    };
  }
  const reader = body.getReader();
  return {
    async read() {
      const { value, done } = await reader.read();
      return done || !value ? null : value;
    },
    cancel: () => void reader.cancel().catch(() => {}),
  };
}

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
 * The messages of an event-stream body, in order. Stopping early (or an error) cancels the body; an aborted
 * fetch makes the pending read, and so the iteration, reject.
 */
export async function* readEventStream(
  body: ReadableStream<Uint8Array>,
  readBytes: number = READ_BUFFER_BYTES,
): AsyncGenerator<EventStreamMessage> {
  const reader = chunkReader(body, readBytes);
  const decoder = new TextDecoder();
  const builder = new MessageBuilder();
  let rest = "";
  let ended = false;
  try {
    while (true) {
      const bytes = await reader.read();
      const text = bytes === null ? rest + decoder.decode() : rest + decoder.decode(bytes, { stream: true });
      // A CR at the very end may be the first half of a CRLF: keep it for the next chunk.
      const usable = bytes !== null && text.endsWith("\r") ? text.length - 1 : text.length;
      let from = 0;
      while (from < usable) {
        const lf = text.indexOf("\n", from);
        const cr = text.indexOf("\r", from);
        let end = lf < 0 || lf >= usable ? -1 : lf;
        if (cr >= 0 && cr < usable && (end < 0 || cr < end)) end = cr;
        if (end < 0) break;
        const message = builder.line(text.slice(from, end));
        from = end + (text.charCodeAt(end) === 13 && text.charCodeAt(end + 1) === 10 ? 2 : 1);
        if (message) yield message;
      }
      rest = text.slice(from);
      if (bytes === null) {
        ended = true;
        return;
      }
    }
  } finally {
    if (!ended) reader.cancel();
  }
}
